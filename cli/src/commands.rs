//! The commands. Every check of a name or value goes through the core (`Params`,
//! `ParamSpec::parse`, `sweep_point`), and every file through `neurolive_core::export`.

use crate::{BenchArgs, ExportArgs, RunArgs, Setup, SweepArgs};
use neurolive_core::engine_script::{self, Target};
use neurolive_core::export;
use neurolive_core::model::{ModelEntry, ModelSpec, PlotKind};
use neurolive_core::registry;
use neurolive_core::run::{self, SweepError};
use neurolive_core::{ParamError, Params, Retention, Simulation};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// Why a command failed, and so its exit status.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage or value: exit status 2.
    Usage(String),
    /// A run that stopped, a file that could not be written: exit status 1.
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<ParamError> for CliError {
    fn from(e: ParamError) -> Self {
        CliError::Usage(e.to_string())
    }
}

/// Above this many recorded numbers (samples × (traces + 1)) a run is refused: Retention::All
/// keeps everything in memory (5e7 numbers = 400 MB).
const MAX_RECORDED: f64 = 5e7;

/// The models sorted by lecture, then id.
fn sorted_models() -> Vec<&'static ModelEntry> {
    let mut models = registry::MODELS.to_vec();
    models.sort_by_key(|m| (m.spec.lecture, m.spec.id));
    models
}

fn find(id: &str) -> Result<&'static ModelEntry, CliError> {
    registry::find(id).ok_or_else(|| {
        let known: Vec<_> = sorted_models().iter().map(|m| m.spec.id).collect();
        CliError::Usage(format!(
            "unknown simulation '{id}'; the simulations are: {}",
            known.join(", ")
        ))
    })
}

/// The defaults, then the preset, then each `--set` in order — each checked by the core.
fn params(spec: &'static ModelSpec, setup: &Setup) -> Result<Params, CliError> {
    let mut p = match &setup.preset {
        Some(name) => Params::preset(spec, name)?,
        None => Params::defaults(spec),
    };
    for assignment in &setup.sets {
        p.assign(assignment)?;
    }
    Ok(p)
}

/// A run's length: finite, positive (or zero where `allow_zero`), and not so long that keeping
/// every sample would exhaust memory. In ms, or in the model's own units for a counting clock.
fn check_duration(flag: &str, ms: f64, allow_zero: bool, spec: &ModelSpec) -> Result<(), CliError> {
    let unit = spec.clock.plural();
    let bad = !ms.is_finite() || ms < 0.0 || (ms == 0.0 && !allow_zero);
    if bad {
        let what = if allow_zero {
            "zero or more"
        } else {
            "more than zero"
        };
        return Err(CliError::Usage(format!(
            "{flag} = {ms}: must be a number of {unit}, {what}"
        )));
    }
    let recorded = ms / spec.sample_ms * (spec.traces.len() + 1) as f64;
    if recorded > MAX_RECORDED {
        let max_ms = MAX_RECORDED / (spec.traces.len() + 1) as f64 * spec.sample_ms;
        return Err(CliError::Usage(format!(
            "{flag} = {ms}: too long to keep every sample of {} in memory; at most {} {unit}",
            spec.id,
            short(max_ms)
        )));
    }
    Ok(())
}

/// The length a command asked for, in the model's clock: `--duration-ms` for a model in time,
/// `--trials` for one that counts trials (epochs…); the other flag is refused with exit 2.
fn length(
    spec: &ModelSpec,
    ms_flag: &str,
    ms: Option<f64>,
    trials_flag: &str,
    trials: Option<u64>,
) -> Result<Option<f64>, CliError> {
    match (spec.clock.counts(), ms, trials) {
        (true, Some(_), _) => Err(CliError::Usage(format!(
            "{ms_flag}: {} counts {} instead of time; give {trials_flag} N",
            spec.id,
            spec.clock.plural()
        ))),
        (false, _, Some(_)) => Err(CliError::Usage(format!(
            "{trials_flag}: {} runs in time, not in trials; give {ms_flag} T",
            spec.id
        ))),
        (true, None, n) => Ok(n.map(|n| n as f64)),
        (false, ms, None) => Ok(ms),
    }
}

/// A number for a one-line report: 5 significant digits, no trailing zeros.
fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let decimals = 4 - x.abs().log10().floor() as i32;
    if (0..=9).contains(&decimals) {
        let s = format!("{x:.*}", decimals as usize);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        s.to_string()
    } else if decimals < 0 && x.abs() < 1e15 {
        format!("{}", x.round())
    } else {
        format!("{x:.4e}")
    }
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    fs::write(path, text)
        .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))
}

pub fn list() -> Result<(), CliError> {
    let models = sorted_models();
    let width = models.iter().map(|m| m.spec.id.len()).max().unwrap_or(0);
    for m in models {
        println!(
            "{:<width$}  lecture {:>2}  {}",
            m.spec.id, m.spec.lecture, m.spec.title
        );
    }
    Ok(())
}

pub fn describe(id: &str) -> Result<(), CliError> {
    let entry = find(id)?;
    let text =
        serde_json::to_string_pretty(entry.spec).map_err(|e| CliError::Failed(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// spikes.csv is written when the simulation declares a plot of spikes, or when spikes came.
fn writes_spikes(sim: &Simulation) -> bool {
    let declared = sim.spec().plots.iter().any(|p| {
        matches!(
            p.kind,
            PlotKind::Raster { .. } | PlotKind::IsiHistogram { .. }
        )
    });
    declared || !sim.rec.spikes.is_empty()
}

pub fn run(args: &RunArgs) -> Result<(), CliError> {
    let entry = find(&args.setup.id)?;
    let spec = entry.spec;
    let params = params(spec, &args.setup)?;
    let flag = spec.clock.duration_flag();
    let duration = length(
        spec,
        "--duration-ms",
        args.duration_ms,
        "--trials",
        args.trials,
    )?
    .unwrap_or(spec.default_duration_ms);
    check_duration(flag, duration, false, spec)?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-out", spec.id)));
    fs::create_dir_all(&dir)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;

    let mut sim = Simulation::new(entry, params, args.setup.seed, Retention::All);
    let outcome = sim.run_for(duration);

    let mut written = Vec::new();
    let traces = dir.join("traces.csv");
    write(&traces, &export::traces_csv(&sim))?;
    written.push(format!(
        "{} ({} samples)",
        traces.display(),
        sim.rec.t.len()
    ));
    if writes_spikes(&sim) {
        let spikes = dir.join("spikes.csv");
        write(&spikes, &export::spikes_csv(&sim))?;
        written.push(format!(
            "{} ({} spikes)",
            spikes.display(),
            sim.rec.spikes.len()
        ));
    }
    let failure = outcome.as_ref().err().map(|e| e.to_string());
    let summary_path = dir.join("summary.json");
    write(
        &summary_path,
        &export::summary_text(&sim, failure.as_deref()),
    )?;
    written.push(summary_path.display().to_string());

    let measures: Vec<String> = spec
        .measures
        .iter()
        .map(|m| match sim.measure(m.name) {
            Some(v) if m.unit.is_empty() => format!("{} = {}", m.name, short(v)),
            Some(v) => format!("{} = {} {}", m.name, short(v), m.unit),
            None => format!("{} undefined", m.name),
        })
        .collect();
    let elapsed = if spec.clock.counts() {
        spec.clock.amount(sim.time_ms())
    } else {
        format!("{} ms", short(sim.time_ms()))
    };
    println!(
        "{}: {elapsed}, seed {}: wrote {}; {}",
        spec.id,
        sim.seed,
        written.join(", "),
        if measures.is_empty() {
            "no measures".to_string()
        } else {
            measures.join(", ")
        }
    );
    outcome.map_err(|e| {
        CliError::Failed(format!(
            "{}: {e} What was recorded up to then is in {}.",
            spec.id,
            dir.display()
        ))
    })
}

/// The values a sweep visits.
fn sweep_points(
    spec: &'static ModelSpec,
    args: &SweepArgs,
    base: &Params,
) -> Result<Sweep, CliError> {
    let (_, p) = spec
        .param(&args.param)
        .ok_or_else(|| ParamError::UnknownParam {
            sim: spec.id,
            name: args.param.clone(),
            known: spec.params.iter().map(|p| p.name).collect(),
        })?;
    if spec.measure(&args.measure).is_none() {
        let e = SweepError::UnknownMeasure {
            sim: spec.id,
            name: args.measure.clone(),
            known: spec.measures.iter().map(|m| m.name).collect(),
        };
        return Err(CliError::Usage(e.to_string()));
    }
    let declared = spec.plots.iter().find_map(|plot| match plot.kind {
        PlotKind::Sweep {
            param,
            measure,
            from,
            to,
            steps,
            settle_ms,
            duration_ms,
            seeds,
            ..
        } if param == args.param && measure == args.measure => {
            Some((from, to, steps, settle_ms, duration_ms, seeds))
        }
        _ => None,
    });
    // --from/--to are read and checked like any value of the parameter (range, kind, option name).
    let bound =
        |text: &Option<String>, declared: Option<f64>, fallback: f64| -> Result<f64, CliError> {
            let x = match text {
                Some(t) => p.parse(t)?,
                None => declared.unwrap_or(fallback),
            };
            base.clone().set(p.name, x)?;
            Ok(x)
        };
    let from = bound(&args.from, declared.map(|d| d.0), p.min)?;
    let to = bound(&args.to, declared.map(|d| d.1), p.max)?;
    let steps = args
        .steps
        .map(|s| s as usize)
        .or(declared.map(|d| d.2))
        .unwrap_or(11);
    let settle = length(
        spec,
        "--settle-ms",
        args.settle_ms,
        "--settle-trials",
        args.settle_trials,
    )?;
    let duration = length(
        spec,
        "--duration-ms",
        args.duration_ms,
        "--trials",
        args.trials,
    )?;
    let settle_ms = settle.or(declared.map(|d| d.3)).unwrap_or(0.0);
    let duration_ms = duration
        .or(declared.map(|d| d.4))
        .unwrap_or(spec.default_duration_ms);
    let (settle_flag, flag) = if spec.clock.counts() {
        ("--settle-trials", "--trials")
    } else {
        ("--settle-ms", "--duration-ms")
    };
    check_duration(settle_flag, settle_ms, true, spec)?;
    check_duration(flag, duration_ms, false, spec)?;
    check_duration(
        &format!("{settle_flag} + {flag}"),
        settle_ms + duration_ms,
        false,
        spec,
    )?;
    let seeds = args
        .seeds
        .map(|k| k as usize)
        .or(declared.map(|d| d.5))
        .unwrap_or(1);

    let values = run::param_sweep_values(p, from, to, steps);
    Ok(Sweep {
        values,
        settle_ms,
        duration_ms,
        seeds,
    })
}

struct Sweep {
    values: Vec<f64>,
    settle_ms: f64,
    duration_ms: f64,
    seeds: usize,
}

pub fn sweep(args: &SweepArgs) -> Result<(), CliError> {
    let entry = find(&args.setup.id)?;
    let spec = entry.spec;
    let base = params(spec, &args.setup)?;
    let sweep = sweep_points(spec, args, &base)?;

    let mut points = Vec::with_capacity(sweep.values.len());
    let mut sems = Vec::with_capacity(sweep.values.len());
    let mut stopped = None;
    'values: for &x in &sweep.values {
        let mut runs = Vec::with_capacity(sweep.seeds);
        for k in 0..sweep.seeds {
            let seed = run::seed_of_run(args.setup.seed, k);
            let point = run::sweep_point(
                entry,
                &base,
                seed,
                &args.param,
                x,
                &args.measure,
                sweep.settle_ms,
                sweep.duration_ms,
            );
            match point {
                Ok(y) => runs.push(y),
                Err(SweepError::Sim(e)) => {
                    stopped = Some(format!(
                        "{}: sweep stopped at {} = {x} (seed {seed}): {e}",
                        spec.id, args.param
                    ));
                    break 'values;
                }
                Err(e) => return Err(CliError::Usage(e.to_string())),
            }
        }
        let stats = run::SeedStats::of(&runs);
        points.push((x, stats.map(|s| s.mean)));
        sems.push(stats.map(|s| s.sem));
    }

    let csv = if sweep.seeds > 1 {
        export::sweep_csv_with_sem(&args.param, &args.measure, &points, &sems)
    } else {
        export::sweep_csv(&args.param, &args.measure, &points)
    };
    match &args.out {
        Some(path) => {
            write(path, &csv)?;
            println!(
                "{}: wrote {} ({} points of {} against {})",
                spec.id,
                path.display(),
                points.len(),
                args.measure,
                args.param
            );
        }
        None => print!("{csv}"),
    }
    match stopped {
        Some(m) => Err(CliError::Failed(m)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_numbers_read_well() {
        assert_eq!(short(10.000000001), "10");
        assert_eq!(short(-60.0), "-60");
        assert_eq!(short(0.123456), "0.12346");
        assert_eq!(short(123456.7), "123457");
        assert_eq!(short(1.5e-7), "1.5000e-7");
        assert_eq!(short(0.0), "0");
    }
}

/// `bench`: wall-clock time of fresh runs, recorded as the page records (a sliding window).
pub fn bench(args: &BenchArgs) -> Result<(), CliError> {
    let entry = find(&args.setup.id)?;
    let spec = entry.spec;
    let p = params(spec, &args.setup)?;
    let flag = spec.clock.duration_flag();
    let default = if spec.clock.counts() {
        spec.default_duration_ms
    } else {
        1000.0
    };
    let duration = length(
        spec,
        "--duration-ms",
        args.duration_ms,
        "--trials",
        args.trials,
    )?
    .unwrap_or(default);
    check_duration(flag, duration, false, spec)?;
    let mut times = Vec::with_capacity(args.repeat as usize);
    let mut last = None;
    for _ in 0..args.repeat {
        let t0 = std::time::Instant::now();
        let mut sim = Simulation::new(
            entry,
            p.clone(),
            args.setup.seed,
            Retention::Window(spec.window_ms),
        );
        sim.run_for(duration)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        times.push(t0.elapsed().as_secs_f64());
        last = Some(sim);
    }
    times.sort_by(f64::total_cmp);
    if spec.clock.counts() {
        return bench_units(spec, duration, args.repeat, &times);
    }
    let per_sim_s = |wall: f64| wall / (duration / 1000.0);
    let best = per_sim_s(times[0]);
    let median = per_sim_s(times[times.len() / 2]);
    let sim = last.expect("at least one repeat");
    let measures: Vec<String> = sim
        .measures()
        .into_iter()
        .map(|(name, v)| {
            format!(
                "{name}={}",
                v.map_or("null".to_string(), |v| format!("{v:.6}"))
            )
        })
        .collect();
    println!(
        "{}: {} ms simulated, {} repeats: best {:.4} s, median {:.4} s per simulated second ({:.1}x real time); {}",
        spec.id,
        duration,
        args.repeat,
        best,
        median,
        1.0 / best,
        measures.join(" ")
    );
    Ok(())
}

/// `bench` for a model that counts trials (epochs…): wall time per unit.
fn bench_units(
    spec: &ModelSpec,
    units: f64,
    repeat: u32,
    sorted_times: &[f64],
) -> Result<(), CliError> {
    let per_unit_ms = |wall: f64| 1000.0 * wall / units;
    let (best, median) = (
        per_unit_ms(sorted_times[0]),
        per_unit_ms(sorted_times[sorted_times.len() / 2]),
    );
    println!(
        "{}: {}, {repeat} repeats: best {best:.4} ms, median {median:.4} ms per {} ({:.0} {}/s)",
        spec.id,
        spec.clock.amount(units),
        spec.clock.singular(),
        1000.0 / best,
        spec.clock.plural()
    );
    Ok(())
}

/// `export`: a script for another engine, checked like a run (names, values, duration), refused
/// with exit 2 for a simulation no engine expresses.
pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    let entry = find(&args.setup.id)?;
    let spec = entry.spec;
    let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
    let target = Target::from_name(&args.to).ok_or_else(|| {
        CliError::Usage(format!(
            "--to {}: unknown engine; the engines are: {}",
            args.to,
            names.join(", ")
        ))
    })?;
    if engine_script::targets(spec.id).is_empty() {
        return Err(CliError::Usage(
            engine_script::ScriptError::NotExpressible { sim: spec.id }.to_string(),
        ));
    }
    let p = params(spec, &args.setup)?;
    // Any positive length: the script keeps its own records (`script` refuses the rest).
    let duration_ms = args.duration_ms.unwrap_or(spec.default_duration_ms);
    let req = engine_script::Request {
        entry,
        params: &p,
        seed: args.setup.seed,
        duration_ms,
    };
    let text = engine_script::script(&req, target).map_err(|e| match e {
        engine_script::ScriptError::Duration(_) => CliError::Usage(format!("--duration-ms: {e}")),
        engine_script::ScriptError::Unsupported { .. } => CliError::Usage(e.to_string()),
        _ => CliError::Usage(format!("--to {}: {e}", target.name())),
    })?;
    match &args.out {
        Some(path) => write(path, &text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
