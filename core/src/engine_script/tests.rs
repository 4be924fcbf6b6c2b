use super::*;
use crate::registry;

fn request(id: &str, preset: Option<&str>, set: &[(&str, f64)]) -> (&'static ModelEntry, Params) {
    let entry = registry::find(id).unwrap();
    let mut p = Params::defaults(entry.spec);
    if let Some(name) = preset {
        for &(k, v) in entry.spec.preset(name).unwrap().values {
            p.set(k, v).unwrap();
        }
    }
    for &(k, v) in set {
        p.set(k, v).unwrap();
    }
    (entry, p)
}

fn text(id: &str, preset: Option<&str>, set: &[(&str, f64)], target: Target) -> String {
    let (entry, p) = request(id, preset, set);
    script(
        &Request {
            entry,
            params: &p,
            seed: 7,
            duration_ms: 250.0,
        },
        target,
    )
    .unwrap()
}

#[test]
fn only_spiking_models_have_scripts() {
    assert_eq!(targets("brunel"), &Target::ALL);
    assert_eq!(targets("lif"), &Target::ALL);
    assert!(targets("hopfield").is_empty());
    let (entry, p) = request("hopfield", None, &[]);
    let e = script(
        &Request {
            entry,
            params: &p,
            seed: 1,
            duration_ms: 10.0,
        },
        Target::Nest,
    )
    .unwrap_err();
    assert_eq!(e, ScriptError::NotExpressible { sim: "hopfield" });
    assert!(
        e.to_string().contains("lif, brunel, synapse, stp, stdp"),
        "{e}"
    );
    // The conductance synapse only in Brian2, and NEST says why not.
    assert_eq!(targets("synapse"), &[Target::Brian2]);
    let (entry, p) = request("synapse", Some("nmda"), &[]);
    let req = Request {
        entry,
        params: &p,
        seed: 1,
        duration_ms: 10.0,
    };
    for t in [Target::Nest, Target::PyNN] {
        let e = script(&req, t).unwrap_err();
        assert_eq!(
            e,
            ScriptError::NotForTarget {
                sim: "synapse",
                target: t
            }
        );
        assert!(
            e.to_string().contains("Mg²⁺ block") && e.to_string().ends_with("it can be to brian2"),
            "{e}"
        );
    }
    let s = script(&req, Target::Brian2).unwrap();
    for line in [
        "INPUT        = \"burst\"",
        "MG           = 1.0 ",
        "TAU_DECAY    = 152.0 ",
        "NEURON       = \"passive\"",
    ] {
        assert!(s.contains(line), "missing {line:?}");
    }
    for t in Target::ALL {
        assert_eq!(Target::from_name(t.name()), Some(t));
    }
    assert_eq!(Target::from_name("neuron"), None);
}

#[test]
fn a_script_carries_the_state_it_was_made_from() {
    // SI_slow at a reduced size: the sizes NeuroLive derives (N_I = N_E/4, C = εN), the external
    // rate ν_ext = ratio · θ/(J C_E τ) = 0.9 · 20/(0.1 · 200 · 20 ms) = 45 Hz, duration and seed.
    let s = text("brunel", Some("SI_slow"), &[("N_E", 2000.0)], Target::Nest);
    for line in [
        "N_E = 2000 ",
        "N_I = 500 ",
        "C_E = 200 ",
        "C_I = 50 ",
        "G = 4.5 ",
        "DURATION = 250.0 ",
        "SEED = 7 ",
        "rng_seed=7,",
    ] {
        assert!(s.contains(line), "missing {line:?}");
    }
    let nu: f64 = s
        .lines()
        .find_map(|l| l.strip_prefix("NU_EXT = "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((nu - 45.0).abs() < 1e-9, "ν_ext = {nu}");
    assert!(
        s.contains("neurolive run brunel --seed 7 --duration-ms 250.0"),
        "the header names the same run"
    );
    assert!(s.contains("--set g=4.5") && s.contains("--set nu_ext_ratio=0.9"));
}

#[test]
fn every_target_writes_the_same_files_and_measures() {
    for (id, f) in [
        ("lif", "lif_measures("),
        ("brunel", "brunel_measures("),
        ("stp", "stp_measures("),
        ("stdp", "stdp_measures("),
    ] {
        for t in Target::ALL {
            let s = text(id, None, &[], t);
            assert!(
                s.starts_with("#!/usr/bin/env python3\n\"\"\""),
                "{id} {t:?}"
            );
            assert!(
                s.contains("def write_files(")
                    && s.contains("spikes.csv")
                    && s.contains("summary.json")
            );
            assert!(s.contains(&format!("measures = {f}")), "{id} {t:?}");
            let import = match t {
                Target::Nest => "import nest\n",
                Target::PyNN => "import pyNN.nest as sim\n",
                Target::Brian2 => "import brian2\n",
            };
            assert!(s.contains(import), "{id} {t:?}");
            assert!(s.contains(&t.file_name(id)), "the header names its file");
        }
    }
}

#[test]
fn options_the_scripts_leave_out_are_refused_by_name() {
    // Brunel's step of the drive and its unconnected population have no counterpart in the
    // scripts: a request with either is refused, naming the parameter; without them (the step's
    // other parameters at any value) the script is written.
    for t in Target::ALL {
        for (set, param) in [
            (&[("step_size", 0.25)][..], "step_size"),
            (&[("recurrence", 1.0)][..], "recurrence"),
        ] {
            let (entry, p) = request("brunel", Some("AI"), set);
            let e = script(
                &Request {
                    entry,
                    params: &p,
                    seed: 1,
                    duration_ms: 100.0,
                },
                t,
            )
            .unwrap_err();
            assert!(
                matches!(e, ScriptError::Unsupported { sim: "brunel", param: q, .. } if q == param),
                "{e:?}"
            );
            assert!(
                e.to_string()
                    .starts_with(&format!("'brunel' cannot be exported with {param} = ")),
                "{e}"
            );
        }
        let (entry, p) = request("brunel", Some("step_balanced"), &[]);
        let e = script(
            &Request {
                entry,
                params: &p,
                seed: 1,
                duration_ms: 100.0,
            },
            t,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("step_size = 0.25")
                && e.to_string().contains("set step_size to 0"),
            "{e}"
        );
    }
    assert!(text(
        "brunel",
        Some("AI"),
        &[("step_at", 50.0), ("step_period", 100.0)],
        Target::Nest
    )
    .contains("import nest"));
}

#[test]
fn numbers_read_back_exactly_in_python() {
    for x in [0.1, 10.0, 1e-5, 2.0 / 3.0, -65.0] {
        assert_eq!(py(x).parse::<f64>().unwrap(), x);
    }
    assert_eq!(py(10.0), "10.0");
    assert_eq!(nest_seed(0), 1);
    assert_eq!(nest_seed(7), 7);
    assert_eq!(nest_seed(u64::MAX), u64::MAX % 2147483646 + 1);
    assert!(nest_seed(u64::MAX) <= i32::MAX as u64);
}

#[test]
fn a_bad_duration_is_refused() {
    let (entry, p) = request("lif", None, &[]);
    for ms in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            script(
                &Request {
                    entry,
                    params: &p,
                    seed: 1,
                    duration_ms: ms
                },
                Target::Brian2
            ),
            Err(ScriptError::Duration(_))
        ));
    }
}

#[test]
fn the_theory_in_the_script_is_neurolives() {
    // The noisy LIF's Siegert rate and Brunel's mean-field rate, as the core's measures give them.
    for (id, preset) in [("lif", "noisy_subthreshold"), ("brunel", "AI")] {
        let (entry, p) = request(
            id,
            Some(preset),
            &[("N_E", 2000.0)]
                .iter()
                .copied()
                .filter(|_| id == "brunel")
                .collect::<Vec<_>>(),
        );
        let sim = crate::Simulation::new(entry, p.clone(), 1, crate::Retention::All);
        let want = sim.measure("rate_theory_hz").unwrap();
        let s = script(
            &Request {
                entry,
                params: &p,
                seed: 1,
                duration_ms: 100.0,
            },
            Target::Brian2,
        )
        .unwrap();
        let got: f64 = s
            .lines()
            .find_map(|l| l.strip_prefix("RATE_THEORY_HZ = "))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(got, want, "{id}");
    }
}
