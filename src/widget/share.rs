//! Widget state ↔ URL query: what a share link or an embed link carries, and how a link's values
//! are applied (through the core's one validation, so a bad link gets the same message as a bad
//! slider value or a bad CLI flag).

use neurolive_core::model::ModelSpec;
use neurolive_core::Params;

/// Query keys that are not model parameters.
pub const RESERVED: &[&str] = &[
    "preset",
    "seed",
    "show",
    "speed",
    "play",
    "presenter",
    "bench",
    "plots",
];

/// The starting state of a widget after its lesson block and its URL.
#[derive(Clone, Debug)]
pub struct Start {
    pub params: Params,
    pub preset: Option<&'static str>,
    pub seed: u64,
    /// Messages for refused values; the widget shows them and starts from the rest.
    pub errors: Vec<String>,
}

/// Applies, in order: the block's preset, the block's settings, the URL's preset (which replaces
/// the block's), the URL's parameter values and seed.
pub fn start(
    spec: &'static ModelSpec,
    block_preset: Option<&str>,
    block_set: &[(String, String)],
    query: &[(String, String)],
) -> Start {
    let mut errors = Vec::new();
    let mut preset = None;
    let mut params = Params::defaults(spec);
    let url_preset = query
        .iter()
        .find(|(k, _)| k == "preset")
        .map(|(_, v)| v.as_str());
    let mut use_preset = |name: &str, params: &mut Params, errors: &mut Vec<String>| {
        match Params::preset(spec, name) {
            Ok(p) => {
                *params = p;
                preset = spec.preset(name).map(|p| p.name);
            }
            Err(e) => errors.push(e.to_string()),
        }
    };
    if let Some(p) = block_preset {
        use_preset(p, &mut params, &mut errors);
    }
    for (k, v) in block_set {
        if let Err(e) = params.set_text(k, v) {
            errors.push(e.to_string());
        }
    }
    if let Some(p) = url_preset {
        use_preset(p, &mut params, &mut errors);
    }
    let mut seed = 1;
    for (k, v) in query {
        match k.as_str() {
            "seed" => match v.parse::<u64>() {
                Ok(s) => seed = s,
                Err(_) => errors.push(format!(
                    "seed: '{v}' is not a whole number from 0 to {}",
                    u64::MAX
                )),
            },
            k if RESERVED.contains(&k) => {}
            _ => {
                if let Err(e) = params.set_text(k, v) {
                    errors.push(e.to_string());
                }
            }
        }
    }
    Start {
        params,
        preset,
        seed,
        errors,
    }
}

/// The query that reproduces a state: the preset, the values that differ from it, the seed.
pub fn query(params: &Params, preset: Option<&str>, seed: u64) -> Vec<(String, String)> {
    let spec = params.spec;
    let base = preset
        .and_then(|p| Params::preset(spec, p).ok())
        .unwrap_or_else(|| Params::defaults(spec));
    let mut q = Vec::new();
    if let Some(p) = preset.filter(|p| spec.preset(p).is_some()) {
        q.push(("preset".to_string(), p.to_string()));
    }
    for ((p, v), (_, b)) in params.iter().zip(base.iter()) {
        if v != b {
            q.push((p.name.to_string(), p.format(v)));
        }
    }
    if spec.stochastic && seed != 1 {
        q.push(("seed".to_string(), seed.to_string()));
    }
    q
}

/// The CLI command that writes the same files as the export buttons.
pub fn cli_command(params: &Params, preset: Option<&str>, seed: u64) -> String {
    let spec = params.spec;
    let mut cmd = format!("neurolive run {}", spec.id);
    for (k, v) in query(params, preset, 1) {
        if k == "preset" {
            cmd.push_str(&format!(" --preset {v}"));
        } else {
            cmd.push_str(&format!(" --set {k}={v}"));
        }
    }
    if spec.stochastic {
        cmd.push_str(&format!(" --seed {seed}"));
    }
    cmd.push_str(&format!(
        " {} {}",
        spec.clock.duration_flag(),
        spec.default_duration_ms
    ));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use neurolive_core::neuron::passive::SPEC;

    #[test]
    fn a_shared_state_round_trips() {
        let mut p = Params::preset(&SPEC, "slow").unwrap();
        p.set("I_ext", 0.35).unwrap();
        let q = query(&p, Some("slow"), 1);
        assert_eq!(q[0], ("preset".to_string(), "slow".to_string()));
        assert!(q.contains(&("I_ext".to_string(), "0.35".to_string())));
        let back = start(&SPEC, None, &[], &q);
        assert!(back.errors.is_empty(), "{:?}", back.errors);
        assert_eq!(back.params, p);
        assert_eq!(back.preset, Some("slow"));
    }

    #[test]
    fn bad_link_values_are_refused_by_name_and_range() {
        let q = vec![
            ("I_ext".to_string(), "500".to_string()),
            ("tau_m".to_string(), "abc".to_string()),
            ("bogus".to_string(), "1".to_string()),
        ];
        let s = start(&SPEC, Some("step"), &[], &q);
        assert_eq!(s.errors.len(), 3);
        assert!(
            s.errors[0].contains("I_ext") && s.errors[0].contains("-1 to 1"),
            "{}",
            s.errors[0]
        );
        assert!(s.errors[1].contains("tau_m"), "{}", s.errors[1]);
        assert!(s.errors[2].contains("bogus"), "{}", s.errors[2]);
        // The refused values leave the defaults in place.
        assert_eq!(s.params, Params::defaults(&SPEC));
    }

    #[test]
    fn the_cli_command_names_the_changes() {
        let mut p = Params::defaults(&SPEC);
        p.set("tau_m", 20.0).unwrap();
        assert_eq!(
            cli_command(&p, None, 1),
            "neurolive run passive --set tau_m=20 --duration-ms 400"
        );
    }

    #[test]
    fn a_counting_model_is_run_for_trials() {
        use neurolive_core::model::Clock;
        // A test-only model: the passive membrane, declared to count trials.
        let spec: &'static ModelSpec = Box::leak(Box::new(ModelSpec {
            id: "counting",
            clock: Clock::Trials,
            default_duration_ms: 40.0,
            ..SPEC
        }));
        let cmd = cli_command(&Params::defaults(spec), None, 1);
        assert_eq!(cmd, "neurolive run counting --trials 40");
        assert!(!cmd.contains("--duration-ms"), "{cmd}");
    }
}
