//! Numbers a lesson's exercise asks for, computed by the model itself: a measure after a run
//! (e.g. the ISI CV of a Poisson train), or the smallest value of a parameter at which a measure
//! exceeds a level (e.g. the rheobase of `hh`: the smallest `I_ext` with a non-zero rate).
//!
//! The page computes these when a student checks an answer, and the lesson tests compute every
//! one natively, so a lesson can never ask for a number its model does not give.

use crate::model::ModelEntry;
use crate::params::Params;
use crate::run::{sweep_point, SweepError};
use std::fmt;

/// What a checked exercise expects, as data (parsed from the lesson's `:::check` section).
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// The value of `measure` over `duration_ms` after `settle_ms` of a fresh seeded run.
    Measure { run: RunSpec, measure: String },
    /// The smallest `param` in `[from, to]` whose run gives `measure > above`, found by bisection
    /// to within `resolution` (the measure is assumed to cross the level once in the bracket).
    Threshold {
        run: RunSpec,
        param: String,
        from: f64,
        to: f64,
        above: f64,
        measure: String,
        resolution: f64,
    },
}

/// One fresh run of a model: parameters (preset, then settings), seed and timing.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    pub sim: String,
    pub preset: Option<String>,
    pub set: Vec<(String, String)>,
    pub seed: u64,
    pub settle_ms: f64,
    /// `None`: the model's default duration.
    pub duration_ms: Option<f64>,
    /// How the lengths were given: in ms (`duration_ms:`), in the model's own units (`trials:`),
    /// or not at all. A model that counts trials refuses ms and the reverse, so a lesson cannot
    /// ask for "1000 ms" of a learner and silently get 1000 trials.
    pub given_in: Option<LengthUnit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthUnit {
    Ms,
    Units,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnswerError {
    UnknownSim(String),
    Bad(String),
    Run(SweepError),
    /// The measure is undefined (e.g. a CV with fewer than two spikes).
    NoValue {
        measure: String,
    },
    /// The bracket of a threshold search does not contain a crossing.
    NoCrossing {
        param: String,
        from: f64,
        to: f64,
        at_from: Option<f64>,
        at_to: Option<f64>,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::UnknownSim(s) => write!(f, "unknown simulation '{s}'"),
            AnswerError::Bad(s) => f.write_str(s),
            AnswerError::Run(e) => e.fmt(f),
            AnswerError::NoValue { measure } => write!(f, "the run gives no value for '{measure}'"),
            AnswerError::NoCrossing { param, from, to, at_from, at_to } => write!(
                f,
                "no crossing in {param} ∈ [{from}, {to}]: the measure is {at_from:?} at {from} and {at_to:?} at {to}"
            ),
        }
    }
}

impl RunSpec {
    fn entry_and_params(&self) -> Result<(&'static ModelEntry, Params), AnswerError> {
        let entry = crate::registry::find(&self.sim)
            .ok_or_else(|| AnswerError::UnknownSim(self.sim.clone()))?;
        let mut p = match &self.preset {
            Some(name) => {
                Params::preset(entry.spec, name).map_err(|e| AnswerError::Bad(e.to_string()))?
            }
            None => Params::defaults(entry.spec),
        };
        for (k, v) in &self.set {
            p.set_text(k, v)
                .map_err(|e| AnswerError::Bad(e.to_string()))?;
        }
        Ok((entry, p))
    }

    fn duration(&self, entry: &ModelEntry) -> f64 {
        self.duration_ms.unwrap_or(entry.spec.default_duration_ms)
    }
}

impl Question {
    pub fn run(&self) -> &RunSpec {
        match self {
            Question::Measure { run, .. } | Question::Threshold { run, .. } => run,
        }
    }

    /// Checks names (simulation, preset, settings, measure, searched parameter) without running.
    pub fn validate(&self) -> Result<(), AnswerError> {
        let (entry, p) = self.run().entry_and_params()?;
        let clock = entry.spec.clock;
        match (self.run().given_in, clock.counts()) {
            (Some(LengthUnit::Ms), true) => {
                return Err(AnswerError::Bad(format!(
                    "{} counts {}: give its lengths as 'trials:' and 'settle_trials:', not in ms",
                    entry.spec.id,
                    clock.plural()
                )))
            }
            (Some(LengthUnit::Units), false) => {
                return Err(AnswerError::Bad(format!(
                    "{} runs in time: give its lengths as 'duration_ms:' and 'settle_ms:'",
                    entry.spec.id
                )))
            }
            _ => {}
        }
        let measure = match self {
            Question::Measure { measure, .. } | Question::Threshold { measure, .. } => measure,
        };
        if entry.spec.measure(measure).is_none() {
            let known: Vec<_> = entry.spec.measures.iter().map(|m| m.name).collect();
            return Err(AnswerError::Bad(format!(
                "{} has no measure '{measure}' (its measures: {})",
                entry.spec.id,
                known.join(", ")
            )));
        }
        if let Question::Threshold {
            param,
            from,
            to,
            resolution,
            ..
        } = self
        {
            let mut q = p.clone();
            q.set(param, *from)
                .map_err(|e| AnswerError::Bad(e.to_string()))?;
            q.set(param, *to)
                .map_err(|e| AnswerError::Bad(e.to_string()))?;
            if !(from < to) || !(*resolution > 0.0) {
                return Err(AnswerError::Bad(format!(
                    "threshold search needs from < to and a positive resolution for {param}"
                )));
            }
        }
        Ok(())
    }

    /// Computes the expected number.
    pub fn answer(&self) -> Result<f64, AnswerError> {
        self.validate()?;
        let (entry, base) = self.run().entry_and_params()?;
        let run = self.run();
        let duration = run.duration(entry);
        match self {
            Question::Measure { measure, .. } => {
                // A sweep point over a parameter set to its own value: the same fresh run.
                let first = entry.spec.params[0].name;
                let x = base.get(first);
                sweep_point(
                    entry,
                    &base,
                    run.seed,
                    first,
                    x,
                    measure,
                    run.settle_ms,
                    duration,
                )
                .map_err(AnswerError::Run)?
                .ok_or_else(|| AnswerError::NoValue {
                    measure: measure.clone(),
                })
            }
            Question::Threshold {
                param,
                from,
                to,
                above,
                measure,
                resolution,
                ..
            } => {
                let f = |x: f64| {
                    sweep_point(
                        entry,
                        &base,
                        run.seed,
                        param,
                        x,
                        measure,
                        run.settle_ms,
                        duration,
                    )
                    .map_err(AnswerError::Run)
                };
                let is_above = |v: Option<f64>| v.is_some_and(|v| v > *above);
                let (at_from, at_to) = (f(*from)?, f(*to)?);
                if is_above(at_from) || !is_above(at_to) {
                    return Err(AnswerError::NoCrossing {
                        param: param.clone(),
                        from: *from,
                        to: *to,
                        at_from,
                        at_to,
                    });
                }
                let (mut lo, mut hi) = (*from, *to);
                while hi - lo > *resolution {
                    let mid = 0.5 * (lo + hi);
                    if is_above(f(mid)?) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Ok(0.5 * (lo + hi))
            }
        }
    }
}

/// How close an answer must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    /// A fraction of the expected value (written `3%`).
    Relative(f64),
    /// In the answer's unit.
    Absolute(f64),
}

impl Tolerance {
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let t = text.trim();
        let (num, rel) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        let v: f64 = num
            .parse()
            .map_err(|_| format!("tolerance '{text}' is not a number or a percentage"))?;
        if !(v > 0.0) || !v.is_finite() {
            return Err(format!("tolerance '{text}' must be positive"));
        }
        Ok(if rel {
            Tolerance::Relative(v / 100.0)
        } else {
            Tolerance::Absolute(v)
        })
    }

    /// The half-width of the accepted interval around `expected`.
    pub fn width(self, expected: f64) -> f64 {
        match self {
            Tolerance::Relative(r) => r * expected.abs(),
            Tolerance::Absolute(a) => a,
        }
    }

    pub fn accepts(self, expected: f64, given: f64) -> bool {
        given.is_finite() && (given - expected).abs() <= self.width(expected)
    }
}

/// Reads a student's number: `6.2`, `6,2`, `-6.2e-1`, `6.2 µA/cm²` (a trailing unit is ignored),
/// a Unicode minus sign and thin spaces are accepted.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .replace(['\u{2212}', '\u{2013}'], "-")
        .replace(['\u{2009}', '\u{202f}', '\u{a0}'], "");
    let end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || c == ','
                || c == '-'
                || c == '+'
                || ((c == 'e' || c == 'E') && i > 0))
        })
        .map_or(t.len(), |(i, _)| i);
    let mut num = t[..end].trim_end_matches(['e', 'E']).to_string();
    if num.contains(',') && !num.contains('.') {
        num = num.replace(',', ".");
    }
    num.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sim: &str, preset: Option<&str>, set: &[(&str, &str)], duration: f64) -> RunSpec {
        RunSpec {
            sim: sim.into(),
            preset: preset.map(Into::into),
            set: set
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            seed: 1,
            settle_ms: 0.0,
            duration_ms: Some(duration),
            given_in: Some(LengthUnit::Ms),
        }
    }

    #[test]
    fn lengths_in_the_wrong_unit_are_refused() {
        // `hh` runs in time: a check that gives it trials is a lesson error, named as such.
        let mut r = run("hh", None, &[], 100.0);
        r.given_in = Some(LengthUnit::Units);
        let q = Question::Measure {
            run: r,
            measure: "rate_hz".into(),
        };
        let e = q.validate().unwrap_err().to_string();
        assert!(
            e.contains("runs in time") && e.contains("duration_ms"),
            "{e}"
        );
        let ok = Question::Measure {
            run: run("hh", None, &[], 100.0),
            measure: "rate_hz".into(),
        };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn students_numbers_are_read_leniently() {
        assert_eq!(parse_number("6.2"), Some(6.2));
        assert_eq!(parse_number(" 6,25 µA/cm²"), Some(6.25));
        assert_eq!(parse_number("\u{2212}65 mV"), Some(-65.0));
        assert_eq!(parse_number("1.5e-3"), Some(1.5e-3));
        assert_eq!(
            parse_number("12 000"),
            Some(12.0),
            "a space ends the number"
        );
        assert_eq!(parse_number("12\u{202f}000"), Some(12000.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn tolerances_accept_inside_and_refuse_outside() {
        let r = Tolerance::parse("5%").unwrap();
        assert!(r.accepts(100.0, 104.9) && !r.accepts(100.0, 105.1));
        let a = Tolerance::parse("0.2").unwrap();
        assert!(a.accepts(6.25, 6.4) && !a.accepts(6.25, 6.5));
        assert!(Tolerance::parse("-1").is_err() && Tolerance::parse("x%").is_err());
        assert!(!a.accepts(6.25, f64::NAN));
    }

    /// The Poisson model's measured rate equals its `rate` parameter within counting noise
    /// (100 Hz over 10 s: 1000 spikes, sd ≈ 3 %).
    #[test]
    fn a_measure_question_runs_the_model() {
        let q = Question::Measure {
            run: run("poisson", None, &[("rate", "100")], 10_000.0),
            measure: "rate_hz".into(),
        };
        let v = q.answer().unwrap();
        assert!((v - 100.0).abs() < 10.0, "{v}");
        assert_eq!(q.answer().unwrap(), v, "seeded: the same number twice");
    }

    /// The threshold search finds the LIF rheobase: a LIF neuron fires iff R·I > θ − E_L
    /// (closed form, Gerstner et al. 2014, Neuronal Dynamics §1.3).
    #[test]
    fn a_threshold_question_finds_the_lif_rheobase() {
        let entry = crate::registry::find("lif").unwrap();
        let p = Params::defaults(entry.spec);
        let names: Vec<_> = entry.spec.params.iter().map(|s| s.name).collect();
        assert!(names.contains(&"I_ext"), "{names:?}");
        let (r, theta, el) = (p.get("R"), p.get("V_th"), p.get("E_L"));
        let rheobase = (theta - el) / r;
        let q = Question::Threshold {
            run: run("lif", None, &[("n_trials", "1")], 500.0),
            param: "I_ext".into(),
            from: 0.0,
            to: 3.0 * rheobase,
            above: 0.5,
            measure: "rate_hz".into(),
            resolution: rheobase * 1e-3,
        };
        let v = q.answer().unwrap();
        assert!(
            (v - rheobase).abs() < 0.01 * rheobase,
            "found {v}, closed form {rheobase}"
        );
    }

    #[test]
    fn bad_questions_are_refused_with_their_reason() {
        let q = Question::Measure {
            run: run("poisson", None, &[], 100.0),
            measure: "nope".into(),
        };
        assert!(q
            .answer()
            .unwrap_err()
            .to_string()
            .contains("no measure 'nope'"));
        let q = Question::Measure {
            run: run("nosuch", None, &[], 100.0),
            measure: "x".into(),
        };
        assert!(matches!(q.answer(), Err(AnswerError::UnknownSim(_))));
        let q = Question::Threshold {
            run: run("poisson", None, &[], 1000.0),
            param: "rate".into(),
            from: 50.0,
            to: 60.0,
            above: 1.0,
            measure: "rate_hz".into(),
            resolution: 0.1,
        };
        assert!(
            matches!(q.answer(), Err(AnswerError::NoCrossing { .. })),
            "already above at 'from'"
        );
    }
}
