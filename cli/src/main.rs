//! `neurolive`: the simulations of the course on the command line.
//!
//! This file holds the command-line grammar (clap) and the dispatch; `commands.rs` does the work
//! with the core's registry, its parameter validation, its driver and its export writers, so the
//! CLI, the page and the URL accept the same values and produce the same files.

mod commands;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_STATUS: &str = "\
Exit status:
  0  success
  1  a run or sweep that stopped because the integration became numerically unstable (what was
     computed up to then is still written), or a file that could not be written
  2  bad usage or a bad value: unknown simulation, parameter, preset or measure; a value that is
     malformed or out of its allowed range

Errors are one line on stderr starting with 'neurolive: error: '.";

/// NeuroLive on the command line: run the simulations of the course without the browser.
///
/// The same models, parameter names, ranges and presets as the page (`neurolive describe ID`
/// shows them), and the same files as the page's export button.
#[derive(Parser)]
#[command(name = "neurolive", version, after_help = EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// List every simulation: id, lecture and title, sorted by lecture then id
    List,
    /// Print a simulation's declaration as JSON (parameters, presets, traces, measures, plots)
    ///
    /// Parameters with their unit, range, default, scale, step, kind (options of a choice), help
    /// and whether changing them restarts the run; presets with their values; traces, measures and
    /// plots; the time window, sampling interval and default duration (ms), and whether the
    /// simulation is stochastic (its numbers depend on --seed).
    Describe {
        /// Simulation id, as shown by `neurolive list`
        id: String,
    },
    /// Run a simulation and write its traces, spikes and summary to a folder
    #[command(after_help = RUN_FILES)]
    Run(RunArgs),
    /// Sweep one parameter and print (or write) a measure against it, one fresh run per point
    #[command(after_help = SWEEP_NOTES)]
    Sweep(SweepArgs),
    /// Time a simulation: wall-clock seconds per simulated second (a benchmark, not a test)
    #[command(after_help = BENCH_NOTES)]
    Bench(BenchArgs),
    /// Write a spiking network as a script for NEST (directly or through PyNN) or Brian2
    #[command(after_help = EXPORT_NOTES)]
    Export(ExportArgs),
}

const EXPORT_NOTES: &str = "\
The script carries the parameters (the defaults, then --preset, then each --set), the network size,
the duration and the seed, and runs with nothing but its engine installed: `python FILE [OUT_DIR]`
writes spikes.csv and summary.json into OUT_DIR, as `neurolive run` does, with the same measures.
The engines cannot draw NeuroLive's random numbers: the script draws the same kind of network, and
its measures agree with NeuroLive's within their run-to-run spread. Only spiking models can be
exported (lif, brunel, stp, stdp); any other simulation is refused with exit status 2.

Targets:
  pynn    PyNN 0.13 on its NEST back-end (pip install nest-simulator PyNN)
  nest    NEST 3 through PyNEST (pip install nest-simulator)
  brian2  Brian2 2.9 (pip install brian2 'numpy<2.4')

Example:
  neurolive export brunel --preset SI_fast --set N_E=2000 --to nest --out brunel_nest.py";

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub setup: Setup,
    /// The engine: pynn, nest or brian2
    #[arg(long, value_name = "ENGINE")]
    pub to: String,
    /// Simulated time, ms [default: the simulation's default duration, see `describe`]
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub duration_ms: Option<f64>,
    /// Write the script to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

const BENCH_NOTES: &str = "\
Each repeat builds the model afresh and runs it for --duration-ms (or --trials) with the page's bounded
recording (a sliding window), timing the whole run. Prints the best and the median of the repeats
as wall seconds per simulated second (below 1: faster than real time), and the measures of the
last run. Build in release mode: `cargo run --release -p neurolive-cli -- bench hh`.

Example:
  neurolive bench hh --preset repetitive --duration-ms 1000 --repeat 5";

#[derive(Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub setup: Setup,
    /// Simulated time per repeat, ms [default: 1000]
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub duration_ms: Option<f64>,
    /// Length of each repeat in the model's own units (trials, epochs, samples, episodes, iterations, runs),
    /// for a model that counts them instead of time (see `describe`: its "clock")
    #[arg(long, value_name = "N", visible_aliases = ["epochs", "samples", "episodes", "iterations", "runs"])]
    pub trials: Option<u64>,

    /// How many timed runs
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: u32,
}

const RUN_FILES: &str = "\
Files written in the output folder:
  traces.csv    t_ms (or the model's unit: trial, epoch…), then one column per trace (as listed by `describe`), one row per sample
                (every sample_ms, starting at t = 0)
  spikes.csv    t_ms,neuron, one row per spike; written when the simulation declares a raster
                or ISI-histogram plot, or when the run produced spikes
  summary.json  {\"sim\", \"seed\", \"t_ms\", \"params\", \"measures\"}; an undefined measure is null

If the integration becomes numerically unstable, the run stops: the files hold what was recorded
up to then, summary.json gets an \"error\" field with the reason, and the exit status is 1.

Example:
  neurolive run passive --preset slow --set I_ext=0.2 --out /tmp/slow";

const SWEEP_NOTES: &str = "\
Each point is a fresh run from t = 0 with the same seed: --settle-ms of it are discarded, then the
measure is taken over the next --duration-ms. When the simulation declares a sweep plot of this
parameter and measure, --from, --to, --steps, --settle-ms and --duration-ms default to that plot's;
otherwise to the parameter's full range, 11 steps, no settling and the simulation's default
duration. Points are evenly spaced on the parameter's own scale (log-spaced for a log parameter;
rounded for an integer or choice parameter). The CSV has a header `PARAM,MEASURE`, and an empty
measure where it is undefined; with --seeds K > 1 each point is the mean of K runs (seeds SEED,
SEED+1, …) and a third column `MEASURE_sem` gives its standard error. For a model that counts
trials (epochs, samples…) instead of time, --settle-trials and --trials replace --settle-ms and
--duration-ms. If a point becomes numerically unstable the sweep stops there: the
points computed before it are written and the exit status is 1.

Example:
  neurolive sweep passive --param tau_m --from 2 --to 50 --steps 9 --measure t63_ms";

/// Which parameter values a run uses: the defaults, a preset, then each --set in order.
#[derive(Args)]
pub struct Setup {
    /// Simulation id, as shown by `neurolive list`
    pub id: String,
    /// Start from this preset's values instead of the defaults
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Set a parameter, after the preset; repeat for several (a choice also takes its option name)
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = assignment)]
    pub sets: Vec<String>,
    /// Seed of the random numbers (changes the numbers only of a stochastic simulation)
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
}

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub setup: Setup,
    /// Simulated time, ms [default: the simulation's default duration, see `describe`]
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub duration_ms: Option<f64>,
    /// Length of the run in the model's own units (trials, epochs, samples, episodes, iterations, runs),
    /// for a model that counts them instead of time (see `describe`: its "clock")
    #[arg(long, value_name = "N", visible_aliases = ["epochs", "samples", "episodes", "iterations", "runs"])]
    pub trials: Option<u64>,
    /// Output folder, created if needed [default: ./ID-out]
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub setup: Setup,
    /// The parameter to sweep
    #[arg(long, value_name = "NAME")]
    pub param: String,
    /// The measure to record at each point
    #[arg(long, value_name = "M")]
    pub measure: String,
    /// First value of the parameter
    #[arg(long, value_name = "A", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last value of the parameter
    #[arg(long, value_name = "B", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Number of points, from A to B inclusive
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub steps: Option<u32>,
    /// Simulated time discarded before measuring, ms
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub settle_ms: Option<f64>,
    /// Simulated time over which the measure is taken, ms
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub duration_ms: Option<f64>,
    /// Units discarded before measuring, for a model that counts trials (epochs…) instead of time
    #[arg(long, value_name = "N")]
    pub settle_trials: Option<u64>,
    /// Units over which the measure is taken, in the model's own units (trials, epochs, samples, episodes, iterations, runs),
    /// for a model that counts them instead of time (see `describe`: its "clock")
    #[arg(long, value_name = "N", visible_aliases = ["epochs", "samples", "episodes", "iterations", "runs"])]
    pub trials: Option<u64>,
    /// Runs per point, with seeds SEED, SEED+1, …: the CSV gives their mean and its standard
    /// error [default: the declared sweep plot's, else 1]
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub seeds: Option<u32>,
    /// Write the CSV to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `--set` takes `name=value`; the name and the value are checked by the core (`Params::assign`).
fn assignment(text: &str) -> Result<String, String> {
    match text.split_once('=') {
        Some((name, _)) if !name.trim().is_empty() => Ok(text.to_string()),
        _ => Err("expected NAME=VALUE, e.g. --set tau_m=20".to_string()),
    }
}

fn main() -> ExitCode {
    // A reader that stops early (`neurolive list | head -3`) closes the pipe: end quietly, as
    // Unix tools do, rather than panic on the failed write.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let result = match cli.command {
        Command::List => commands::list(),
        Command::Describe { id } => commands::describe(&id),
        Command::Run(args) => commands::run(&args),
        Command::Sweep(args) => commands::sweep(&args),
        Command::Bench(args) => commands::bench(&args),
        Command::Export(args) => commands::export(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("neurolive: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Help and version go to stdout as clap writes them; a usage error becomes one line on stderr,
/// in the same form as the other errors, with exit status 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let missing = matches!(
        e.kind(),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    let message = if missing {
        "missing command: list, describe, run, sweep, bench or export".to_string()
    } else {
        // clap's first paragraph ("error: ..." and, for missing arguments, the indented list of
        // them), as one line; the usage and tips that follow are left to --help.
        let text = e.render().to_string();
        let first = text.split("\n\n").next().unwrap_or("");
        let joined = first
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        joined
            .strip_prefix("error: ")
            .unwrap_or(&joined)
            .to_string()
    };
    // Point to the help of the command being used, when there is one.
    let command = std::env::args()
        .nth(1)
        .filter(|c| ["list", "describe", "run", "sweep", "bench", "export"].contains(&c.as_str()));
    let help = command.map_or("neurolive --help".to_string(), |c| {
        format!("neurolive {c} --help")
    });
    eprintln!("neurolive: error: {message} (see '{help}')");
    ExitCode::from(2)
}
