//! Cross-validation: the scripts `neurolive export` writes, run in NEST (directly and through
//! PyNN) and Brian2, compute the same network as NeuroLive.
//!
//! The engines cannot draw NeuroLive's random numbers, so the agreement is statistical: for each
//! case NeuroLive runs K seeds, giving the mean m and the run-to-run SD s of each measure, and an
//! engine's single run x must satisfy |x − m| ≤ 5 s √(1 + 1/K) (the SD of x − m is s √(1 + 1/K)
//! when x comes from the same distribution; 5 of them leave room for s itself being estimated
//! from K runs). Every seed is fixed, so the outcome does not change from run to run.
//!
//! The engines live in .venv, which `bash scripts/venv.sh` creates (the README's test command
//! runs it first). Without it these tests fail and say so: they never pass silently.
//!
//! Sizes, chosen to keep CI within its time (about 3 minutes for this file on 2 cores): Brunel's
//! network at N_E = 2000 (N = 2500, C_E = 200, C_I = 50), 1 s; PyNN builds its connections in
//! Python, which is most of its 20 s per regime.

use neurolive_core::engine_script::{self, Request, Target};
use neurolive_core::neuron::lif::lif_rate_hz;
use neurolive_core::{registry, Params, Retention, Simulation};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn python() -> PathBuf {
    let p = Path::new(ROOT).join(".venv/bin/python");
    assert!(
        p.exists(),
        "the Python engines (NEST, PyNN, Brian2) are not installed: {} is missing; run `bash scripts/venv.sh` \
         (the README's test command does)",
        p.display()
    );
    p
}

fn params(id: &str, preset: &str, set: &[(&str, f64)]) -> Params {
    let spec = registry::find(id).unwrap().spec;
    let mut p = Params::preset(spec, preset).unwrap();
    for &(k, v) in set {
        p.set(k, v).unwrap();
    }
    p
}

/// Writes the script, runs it, and returns its summary's measures.
fn run_script(id: &str, p: &Params, duration_ms: f64, target: Target, tag: &str) -> Value {
    let entry = registry::find(id).unwrap();
    let text = engine_script::script(
        &Request {
            entry,
            params: p,
            seed: 1,
            duration_ms,
        },
        target,
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!(
        "neurolive-engines-{}-{tag}-{}",
        std::process::id(),
        target.name()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(target.file_name(id));
    std::fs::write(&file, text).unwrap();
    let out = Command::new(python())
        .arg(&file)
        .arg(dir.join("out"))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{tag} {target:?}: the script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spikes = std::fs::read_to_string(dir.join("out/spikes.csv")).unwrap();
    assert!(
        spikes.starts_with("t_ms,neuron\n") && spikes.lines().count() > 1,
        "{tag} {target:?}: spikes.csv has no spike"
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["sim"], id);
    summary["measures"].clone()
}

/// NeuroLive's mean and SD of each measure over seeds 1..=k.
fn neurolive_spread(
    id: &str,
    p: &Params,
    duration_ms: f64,
    names: &[&str],
    k: u64,
) -> Vec<(f64, f64)> {
    let entry = registry::find(id).unwrap();
    let runs: Vec<Vec<f64>> = (1..=k)
        .map(|seed| {
            let mut sim = Simulation::new(entry, p.clone(), seed, Retention::All);
            sim.run_for(duration_ms).unwrap();
            names.iter().map(|n| sim.measure(n).unwrap()).collect()
        })
        .collect();
    (0..names.len())
        .map(|i| {
            let xs: Vec<f64> = runs.iter().map(|r| r[i]).collect();
            let m = xs.iter().sum::<f64>() / k as f64;
            let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1) as f64;
            (m, var.sqrt())
        })
        .collect()
}

fn assert_agrees(what: &str, x: f64, (m, s): (f64, f64), k: u64) {
    let tol = 5.0 * s * (1.0 + 1.0 / k as f64).sqrt();
    eprintln!("{what}: {x:.4} vs NeuroLive {m:.4} ± {s:.4} (tolerance {tol:.4})");
    assert!(
        (x - m).abs() <= tol,
        "{what}: {x} vs NeuroLive's {m} ± {s} over {k} seeds (tolerance {tol})"
    );
}

fn brunel_regime(preset: &str) {
    // Brunel 2000, Fig. 8's four regimes at a reduced size (see the module's note).
    const K: u64 = 8;
    let p = params("brunel", preset, &[("N_E", 2000.0)]);
    let names = ["rate_hz", "cv_isi"];
    let spread = neurolive_spread("brunel", &p, 1000.0, &names, K);
    for target in Target::ALL {
        let m = run_script("brunel", &p, 1000.0, target, preset);
        for (name, nl) in names.iter().zip(&spread) {
            assert_agrees(
                &format!("brunel {preset} {target:?} {name}"),
                m[name].as_f64().unwrap(),
                *nl,
                K,
            );
        }
    }
}

#[test]
fn brunel_sr_in_nest_pynn_and_brian2() {
    brunel_regime("SR");
}

#[test]
fn brunel_ai_in_nest_pynn_and_brian2() {
    brunel_regime("AI");
}

#[test]
fn brunel_si_fast_in_nest_pynn_and_brian2() {
    brunel_regime("SI_fast");
}

#[test]
fn brunel_si_slow_in_nest_pynn_and_brian2() {
    brunel_regime("SI_slow");
}

#[test]
fn noisy_lif_matches_siegert_in_nest_pynn_and_brian2() {
    // 200 neurons driven below threshold by noise (μ = −59 mV, θ = −50 mV, σ = 7 mV), 5 s. Each
    // engine tests the threshold at the grid's points, as NeuroLive does, which misses excursions
    // between them: the rate is that of a threshold raised by 0.5826 σ √(dt/τ_m) (Brunel & Hakim
    // 1999; the lesson of Lecture 3), which Siegert's formula gives within 3 %. Against NeuroLive,
    // the statistical test above.
    const K: u64 = 4;
    let p = params("lif", "noisy_subthreshold", &[("n_trials", 200.0)]);
    let (tau, sigma, dt) = (p.get("tau_m"), p.get("sigma"), p.get("dt"));
    let mu = p.get("E_L") + p.get("R") * p.get("I_ext");
    let shifted = p.get("V_th") + 0.5826 * sigma * (dt / tau).sqrt();
    let siegert = lif_rate_hz(tau, p.get("t_ref"), mu, sigma, shifted, p.get("V_reset")).unwrap();
    let spread = neurolive_spread("lif", &p, 5000.0, &["rate_hz", "cv_isi"], K);
    assert!(
        (spread[0].0 / siegert - 1.0).abs() < 0.03,
        "NeuroLive {} vs Siegert {siegert}",
        spread[0].0
    );
    for target in Target::ALL {
        let m = run_script("lif", &p, 5000.0, target, "noisy");
        let rate = m["rate_hz"].as_f64().unwrap();
        assert!(
            (rate / siegert - 1.0).abs() < 0.03,
            "{target:?}: {rate} Hz vs Siegert (threshold shifted) {siegert} Hz"
        );
        assert_agrees(&format!("lif {target:?} rate_hz"), rate, spread[0], K);
        assert_agrees(
            &format!("lif {target:?} cv_isi"),
            m["cv_isi"].as_f64().unwrap(),
            spread[1],
            K,
        );
    }
}

#[test]
fn tsodyks_markram_synapse_gives_neurolives_pscs_in_nest_pynn_and_brian2() {
    // The same deterministic map everywhere (NEST's tsodyks2_synapse; Brian2 as written): every
    // measure equal to NeuroLive's to rounding, for a depressing and a facilitating synapse
    // (Tsodyks, Pawelzik & Markram 1998, fig. 1).
    for preset in ["depressing", "facilitating"] {
        let p = params("stp", preset, &[]);
        let entry = registry::find("stp").unwrap();
        let mut sim = Simulation::new(entry, p.clone(), 1, Retention::All);
        sim.run_for(2000.0).unwrap();
        for target in Target::ALL {
            let m = run_script("stp", &p, 2000.0, target, preset);
            for spec in entry.spec.measures {
                let (x, want) = (
                    m[spec.name].as_f64().unwrap(),
                    sim.measure(spec.name).unwrap(),
                );
                assert!(
                    (x - want).abs() <= 1e-9 * want.abs(),
                    "stp {preset} {target:?} {}: {x} vs NeuroLive {want}",
                    spec.name
                );
            }
        }
    }
}

#[test]
fn stdp_competition_in_nest_pynn_and_brian2() {
    // Song, Miller & Abbott's neuron with a correlated group (inputs 0..500 share 5 % of their
    // spikes) and 4× larger steps (A₊ = 0.02, A₋ = 1.05 A₊), 10 s: the group's weights rise and the
    // others' fall; the output rate, and the mean weights of both halves, against NeuroLive's
    // spread (the module's test). The window's integral is a closed form: equal everywhere.
    const K: u64 = 6;
    let p = params(
        "stdp",
        "correlated",
        &[("A_plus", 0.02), ("A_minus", 0.021)],
    );
    let names = ["post_rate_hz", "w_corr", "w_uncorr"];
    let spread = neurolive_spread("stdp", &p, 10_000.0, &names, K);
    assert!(
        spread[1].0 > spread[2].0 + 0.05,
        "NeuroLive: the correlated group wins ({:?})",
        spread
    );
    for target in Target::ALL {
        let m = run_script("stdp", &p, 10_000.0, target, "stdp");
        for (name, nl) in names.iter().zip(&spread) {
            assert_agrees(
                &format!("stdp {target:?} {name}"),
                m[name].as_f64().unwrap(),
                *nl,
                K,
            );
        }
        assert!(
            (m["window_integral_ms"].as_f64().unwrap() - (0.02 * 20.0 - 0.021 * 20.0)).abs()
                < 1e-12
        );
    }
}

#[test]
fn conductance_synapse_gives_neurolives_measures_in_brian2() {
    // Deterministic trains (a burst, a clamp, a shunt with its probe, an alpha kernel): the same
    // equations, so every measure equals NeuroLive's to the integration's rounding (observed
    // within 4e-4; rk4 against exponential Euler at dt = 0.05 ms). 600 ms hold a whole burst and
    // eleven probes. NEST and PyNN have no script for this model (no Mg²⁺ block, no clamp).
    let entry = registry::find("synapse").unwrap();
    assert_eq!(engine_script::targets("synapse"), &[Target::Brian2]);
    for preset in ["nmda", "nmda_iv", "shunting", "alpha"] {
        let p = params("synapse", preset, &[]);
        let mut sim = Simulation::new(entry, p.clone(), 1, Retention::All);
        sim.run_for(600.0).unwrap();
        let m = run_script("synapse", &p, 600.0, Target::Brian2, preset);
        for spec in entry.spec.measures {
            let (x, want) = (m[spec.name].as_f64(), sim.measure(spec.name));
            let agree = match (x, want) {
                (Some(x), Some(w)) => (x - w).abs() <= 2e-3 * w.abs() + 1e-6,
                (None, None) => true,
                _ => false,
            };
            assert!(
                agree,
                "synapse {preset} Brian2 {}: {x:?} vs NeuroLive {want:?}",
                spec.name
            );
        }
    }
    // A Poisson train at 400 Hz onto the integrate-and-fire neuron: its own draws, so the output
    // rate and the mean conductance against NeuroLive's spread over seeds (the module's test).
    const K: u64 = 6;
    let p = params("synapse", "lif_poisson", &[]);
    let names = ["post_rate_hz", "g_mean_ns"];
    let spread = neurolive_spread("synapse", &p, 2000.0, &names, K);
    let m = run_script("synapse", &p, 2000.0, Target::Brian2, "lif_poisson");
    for (name, nl) in names.iter().zip(&spread) {
        assert_agrees(
            &format!("synapse lif_poisson Brian2 {name}"),
            m[name].as_f64().unwrap(),
            *nl,
            K,
        );
    }
}
