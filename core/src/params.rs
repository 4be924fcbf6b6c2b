//! Parameter values and their validation: the one check used by the slider, the URL and the CLI.

use crate::model::{ModelSpec, ParamKind, ParamSpec};
use std::fmt;

/// Why a parameter value (or name, or preset) was refused. Every message names the culprit and
/// what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamError {
    UnknownParam {
        sim: &'static str,
        name: String,
        known: Vec<&'static str>,
    },
    UnknownPreset {
        sim: &'static str,
        name: String,
        known: Vec<&'static str>,
    },
    Malformed {
        name: &'static str,
        text: String,
    },
    OutOfRange {
        name: &'static str,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    },
    NotInteger {
        name: &'static str,
        value: f64,
    },
    UnknownChoice {
        name: &'static str,
        text: String,
        options: &'static [&'static str],
    },
}

fn fmt_num(x: f64) -> String {
    // Shortest form that reads back to the same number; no "1e0" noise for ordinary values.
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::UnknownParam { sim, name, known } => {
                write!(
                    f,
                    "unknown parameter '{name}' for {sim}; its parameters are: {}",
                    known.join(", ")
                )
            }
            ParamError::UnknownPreset { sim, name, known } => {
                write!(
                    f,
                    "unknown preset '{name}' for {sim}; its presets are: {}",
                    known.join(", ")
                )
            }
            ParamError::Malformed { name, text } => write!(f, "{name}: '{text}' is not a number"),
            ParamError::OutOfRange {
                name,
                value,
                min,
                max,
                unit,
            } => {
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                write!(
                    f,
                    "{name} = {} is out of range: allowed {} to {}{unit}",
                    fmt_num(*value),
                    fmt_num(*min),
                    fmt_num(*max)
                )
            }
            ParamError::NotInteger { name, value } => {
                write!(f, "{name} = {} must be a whole number", fmt_num(*value))
            }
            ParamError::UnknownChoice {
                name,
                text,
                options,
            } => {
                write!(f, "{name}: '{text}' is not one of {}", options.join(", "))
            }
        }
    }
}

impl std::error::Error for ParamError {}

impl ParamSpec {
    /// Checks a numeric value against this parameter's kind and range.
    pub fn check(&self, value: f64) -> Result<f64, ParamError> {
        if !value.is_finite() {
            return Err(ParamError::Malformed {
                name: self.name,
                text: format!("{value}"),
            });
        }
        if value < self.min || value > self.max {
            return Err(ParamError::OutOfRange {
                name: self.name,
                value,
                min: self.min,
                max: self.max,
                unit: self.unit,
            });
        }
        if !matches!(self.kind, ParamKind::Real) && value != value.trunc() {
            return Err(ParamError::NotInteger {
                name: self.name,
                value,
            });
        }
        Ok(value)
    }

    /// Parses a typed value: a number, or for a choice also the option's name.
    pub fn parse(&self, text: &str) -> Result<f64, ParamError> {
        let t = text.trim();
        if let ParamKind::Choice(options) = self.kind {
            if let Some(i) = options.iter().position(|o| o.eq_ignore_ascii_case(t)) {
                return Ok(i as f64);
            }
            return match t.parse::<f64>() {
                Ok(v) => self.check(v),
                Err(_) => Err(ParamError::UnknownChoice {
                    name: self.name,
                    text: t.to_string(),
                    options,
                }),
            };
        }
        // Rust's parser accepts "inf" and "NaN"; `check` refuses them with the same message.
        match t.parse::<f64>() {
            Ok(v) => self.check(v),
            Err(_) => Err(ParamError::Malformed {
                name: self.name,
                text: t.to_string(),
            }),
        }
    }

    /// The value as text: the option name for a choice, the shortest round-trip number otherwise.
    pub fn format(&self, value: f64) -> String {
        if let ParamKind::Choice(options) = self.kind {
            if let Some(o) = options.get(value as usize) {
                return (*o).to_string();
            }
        }
        fmt_num(value)
    }
}

/// The values of all of a model's parameters, in declaration order.
#[derive(Clone, Debug)]
pub struct Params {
    pub spec: &'static ModelSpec,
    values: Vec<f64>,
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.spec, other.spec) && self.values == other.values
    }
}

impl Params {
    /// The model's defaults.
    pub fn defaults(spec: &'static ModelSpec) -> Self {
        Params {
            spec,
            values: spec.params.iter().map(|p| p.default).collect(),
        }
    }

    /// The defaults with a preset's values applied.
    pub fn preset(spec: &'static ModelSpec, name: &str) -> Result<Self, ParamError> {
        let preset = spec.preset(name).ok_or_else(|| ParamError::UnknownPreset {
            sim: spec.id,
            name: name.to_string(),
            known: spec.presets.iter().map(|p| p.name).collect(),
        })?;
        let mut p = Self::defaults(spec);
        for (name, value) in preset.values {
            p.set(name, *value)?;
        }
        Ok(p)
    }

    fn index(&self, name: &str) -> Result<usize, ParamError> {
        self.spec
            .param(name)
            .map(|(i, _)| i)
            .ok_or_else(|| ParamError::UnknownParam {
                sim: self.spec.id,
                name: name.to_string(),
                known: self.spec.params.iter().map(|p| p.name).collect(),
            })
    }

    /// The value of a parameter. Models call this with their own declared names; an unknown name
    /// is a bug in the model, caught by the registry tests.
    pub fn get(&self, name: &str) -> f64 {
        match self.spec.param(name) {
            Some((i, _)) => self.values[i],
            None => panic!("model {} reads undeclared parameter {name}", self.spec.id),
        }
    }

    /// A choice parameter's option index.
    pub fn choice(&self, name: &str) -> usize {
        self.get(name) as usize
    }

    /// Sets a value after checking it.
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), ParamError> {
        let i = self.index(name)?;
        self.values[i] = self.spec.params[i].check(value)?;
        Ok(())
    }

    /// Sets a value from text (`"12.5"`, `"rk4"`).
    pub fn set_text(&mut self, name: &str, text: &str) -> Result<(), ParamError> {
        let i = self.index(name)?;
        self.values[i] = self.spec.params[i].parse(text)?;
        Ok(())
    }

    /// Applies a `name=value` assignment, as written on the command line.
    pub fn assign(&mut self, assignment: &str) -> Result<(), ParamError> {
        match assignment.split_once('=') {
            Some((name, text)) => self.set_text(name.trim(), text),
            None => Err(ParamError::Malformed {
                name: "--set",
                text: format!("{assignment} (expected name=value)"),
            }),
        }
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// (name, value) pairs in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ParamSpec, f64)> + '_ {
        self.spec.params.iter().zip(self.values.iter().copied())
    }

    /// The parameters that differ from the defaults, as `name=value` text (for share links).
    pub fn changed_from_defaults(&self) -> Vec<(&'static str, String)> {
        self.iter()
            .filter(|(p, v)| *v != p.default)
            .map(|(p, v)| (p.name, p.format(v)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PresetSpec;

    // A test-only declaration: one parameter of each kind, and presets good and bad.
    const METHODS: &[&str] = &["euler", "rk4", "exp_euler"];
    static SPEC: ModelSpec = ModelSpec {
        id: "toy",
        title: "Toy model",
        lecture: 1,
        summary: "test-only declaration",
        params: &[
            ParamSpec::dt(0.01, 0.5, 0.1),
            ParamSpec::real("I_ext", "I", "nA", -2.0, 5.0, 1.5, 0.1),
            ParamSpec::int("N", "N", 1.0, 100.0, 10.0),
            ParamSpec::choice("method", "m", METHODS, 1),
        ],
        presets: &[
            PresetSpec {
                name: "strong",
                description: "",
                values: &[("I_ext", 4.0), ("N", 50.0)],
            },
            PresetSpec {
                name: "exp",
                description: "",
                values: &[("method", 2.0)],
            },
            PresetSpec {
                name: "broken",
                description: "",
                values: &[("I_ext", 9.0)],
            },
        ],
        traces: &[],
        measures: &[],
        plots: &[],
        window_ms: 100.0,
        sample_ms: 0.5,
        default_duration_ms: 1000.0,
        stochastic: false,
        clock: crate::model::Clock::Time,
        offload: false,
    };

    fn spec(name: &str) -> &'static ParamSpec {
        SPEC.param(name).unwrap().1
    }

    #[test]
    fn out_of_range_is_refused_naming_the_parameter_and_its_range() {
        let e = spec("I_ext").check(5.5).unwrap_err();
        assert_eq!(
            e,
            ParamError::OutOfRange {
                name: "I_ext",
                value: 5.5,
                min: -2.0,
                max: 5.0,
                unit: "nA"
            }
        );
        assert_eq!(
            e.to_string(),
            "I_ext = 5.5 is out of range: allowed -2 to 5 nA"
        );
        // The bounds as the declaration reads, typed here rather than formatted by the code.
        let cases = [
            ("I_ext", -2.5, "-2", "5 nA"),
            ("N", 0.0, "1", "100"),
            ("N", 101.0, "1", "100"),
            ("dt", 0.001, "0.01", "0.5 ms"),
            ("method", 3.0, "0", "2"),
            ("method", -1.0, "0", "2"),
        ];
        for (name, bad, min, max) in cases {
            let msg = spec(name).check(bad).unwrap_err().to_string();
            assert!(msg.starts_with(&format!("{name} = ")), "{msg}");
            assert!(msg.ends_with(&format!("allowed {min} to {max}")), "{msg}");
        }
    }

    #[test]
    fn the_bounds_themselves_are_allowed_and_their_neighbours_not() {
        let p = spec("I_ext");
        assert_eq!(p.check(-2.0), Ok(-2.0));
        assert_eq!(p.check(5.0), Ok(5.0));
        assert!(matches!(
            p.check((-2.0f64).next_down()),
            Err(ParamError::OutOfRange { .. })
        ));
        assert!(matches!(
            p.check(5.0f64.next_up()),
            Err(ParamError::OutOfRange { .. })
        ));
    }

    #[test]
    fn slider_url_and_cli_share_one_check_and_a_refusal_changes_nothing() {
        // The slider calls `set`, the URL `set_text`, the CLI `assign`: same value, same error.
        let want = ParamError::OutOfRange {
            name: "N",
            value: 200.0,
            min: 1.0,
            max: 100.0,
            unit: "",
        };
        let mut p = Params::defaults(&SPEC);
        assert_eq!(p.set("N", 200.0), Err(want.clone()));
        assert_eq!(p.set_text("N", "200"), Err(want.clone()));
        assert_eq!(p.assign("N=200"), Err(want));
        assert_eq!(p, Params::defaults(&SPEC));
        assert_eq!(p.set("N", 20.0), Ok(()));
        assert_eq!(p.get("N"), 20.0);
    }

    #[test]
    fn nan_and_infinities_are_refused_as_not_numbers() {
        // NaN fails no comparison, so only an explicit finiteness check stops it.
        for name in ["I_ext", "N", "method"] {
            for (v, text) in [
                (f64::NAN, "NaN"),
                (f64::INFINITY, "inf"),
                (f64::NEG_INFINITY, "-inf"),
            ] {
                let want = ParamError::Malformed {
                    name: spec(name).name,
                    text: text.to_string(),
                };
                assert_eq!(spec(name).check(v), Err(want.clone()), "{name} = {text}");
                assert_eq!(spec(name).parse(text), Err(want), "{name} = '{text}'");
            }
        }
        let mut p = Params::defaults(&SPEC);
        assert_eq!(
            p.assign("I_ext=NaN").unwrap_err().to_string(),
            "I_ext: 'NaN' is not a number"
        );
        assert!(p.set_text("I_ext", "infinity").is_err());
        assert_eq!(p, Params::defaults(&SPEC));
    }

    #[test]
    fn integers_refuse_fractions_and_accept_whole_numbers_in_any_notation() {
        // `check` validates, it does not round: 2.5 is an error, not 2 or 3.
        let n = spec("N");
        let e = n.check(2.5).unwrap_err();
        assert_eq!(
            e,
            ParamError::NotInteger {
                name: "N",
                value: 2.5
            }
        );
        assert_eq!(e.to_string(), "N = 2.5 must be a whole number");
        assert_eq!(n.parse("2.5"), Err(e));
        assert_eq!(n.parse("12"), Ok(12.0));
        assert_eq!(n.parse("12.0"), Ok(12.0));
        assert_eq!(n.parse("1e1"), Ok(10.0));
        assert!(matches!(
            n.parse("ten"),
            Err(ParamError::Malformed { name: "N", .. })
        ));
        // A real parameter takes the fraction.
        assert_eq!(spec("I_ext").parse("2.5"), Ok(2.5));
    }

    #[test]
    fn choices_take_option_names_or_indices() {
        let m = spec("method");
        assert_eq!(m.parse("euler"), Ok(0.0));
        assert_eq!(m.parse("rk4"), Ok(1.0));
        assert_eq!(m.parse("exp_euler"), Ok(2.0));
        assert_eq!(m.parse("RK4"), Ok(1.0)); // names match ignoring ASCII case
        assert_eq!(m.parse("2"), Ok(2.0));
        assert!(matches!(
            m.parse("3"),
            Err(ParamError::OutOfRange { name: "method", .. })
        ));
        assert!(matches!(
            m.parse("1.5"),
            Err(ParamError::NotInteger { name: "method", .. })
        ));
        let e = m.parse("rk5").unwrap_err();
        assert_eq!(
            e,
            ParamError::UnknownChoice {
                name: "method",
                text: "rk5".into(),
                options: METHODS
            }
        );
        assert_eq!(
            e.to_string(),
            "method: 'rk5' is not one of euler, rk4, exp_euler"
        );

        let mut p = Params::defaults(&SPEC);
        assert_eq!(p.choice("method"), 1);
        p.assign("method=exp_euler").unwrap();
        assert_eq!(p.choice("method"), 2);
        p.set("method", 0.0).unwrap();
        assert_eq!(p.choice("method"), 0);
        for i in 0..METHODS.len() {
            assert_eq!(m.format(i as f64), METHODS[i]);
        }
    }

    #[test]
    fn presets_apply_their_values_over_the_defaults() {
        let p = Params::preset(&SPEC, "strong").unwrap();
        assert_eq!(p.values(), &[0.1, 4.0, 50.0, 1.0]);
        let p = Params::preset(&SPEC, "exp").unwrap();
        assert_eq!(p.values(), &[0.1, 1.5, 10.0, 2.0]);
        // Applying a preset leaves the declaration's defaults untouched.
        assert_eq!(Params::defaults(&SPEC).values(), &[0.1, 1.5, 10.0, 1.0]);
        // A preset's values go through the same check.
        let e = Params::preset(&SPEC, "broken").unwrap_err();
        assert!(
            matches!(
                e,
                ParamError::OutOfRange {
                    name: "I_ext",
                    value: 9.0,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn unknown_names_are_refused_listing_the_known_ones() {
        let e = Params::preset(&SPEC, "weak").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown preset 'weak' for toy; its presets are: strong, exp, broken"
        );
        let mut p = Params::defaults(&SPEC);
        let want = "unknown parameter 'I_ex' for toy; its parameters are: dt, I_ext, N, method";
        assert_eq!(p.set("I_ex", 1.0).unwrap_err().to_string(), want);
        assert_eq!(p.set_text("I_ex", "1").unwrap_err().to_string(), want);
        assert_eq!(p.assign("I_ex=1").unwrap_err().to_string(), want);
        assert_eq!(p, Params::defaults(&SPEC));
    }

    #[test]
    #[should_panic(expected = "undeclared parameter I_ex")]
    fn reading_an_undeclared_parameter_is_a_model_bug() {
        Params::defaults(&SPEC).get("I_ex");
    }

    #[test]
    fn assign_parses_name_equals_value() {
        let mut p = Params::defaults(&SPEC);
        p.assign("I_ext=-1.25").unwrap();
        p.assign(" N = 20 ").unwrap(); // spaces around the name and the value are ignored
        assert_eq!((p.get("I_ext"), p.get("N")), (-1.25, 20.0));
        let e = p.assign("I_ext").unwrap_err();
        assert!(
            matches!(e, ParamError::Malformed { name: "--set", .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("expected name=value"), "{e}");
        assert_eq!(
            p.assign("I_ext=").unwrap_err().to_string(),
            "I_ext: '' is not a number"
        );
        assert_eq!(
            p.assign("I_ext=1=2").unwrap_err().to_string(),
            "I_ext: '1=2' is not a number"
        );
        assert_eq!((p.get("I_ext"), p.get("N")), (-1.25, 20.0));
    }

    #[test]
    fn changed_values_round_trip_through_text() {
        // What a share link or the CLI command prints reads back to the same values, bit for bit.
        let mut p = Params::defaults(&SPEC);
        p.set("dt", 0.013).unwrap();
        p.set("I_ext", 0.1 + 0.2).unwrap(); // 0.30000000000000004: needs all 17 digits
        p.set("method", 2.0).unwrap();
        let changed = p.changed_from_defaults();
        let want: Vec<(&str, String)> = vec![
            ("dt", "0.013".into()),
            ("I_ext", "0.30000000000000004".into()),
            ("method", "exp_euler".into()),
        ];
        assert_eq!(changed, want);
        let mut back = Params::defaults(&SPEC);
        for (k, v) in &changed {
            back.assign(&format!("{k}={v}")).unwrap();
        }
        assert_eq!(back, p);
        assert!(Params::defaults(&SPEC).changed_from_defaults().is_empty());
    }

    #[test]
    fn format_then_parse_is_the_identity() {
        let p = spec("I_ext");
        for v in [
            -2.0,
            5.0,
            0.0,
            1.0 / 3.0,
            -1.75,
            1e-300,
            4.999999999999999,
            0.1 + 0.2,
        ] {
            let text = p.format(v);
            assert_eq!(
                p.parse(&text).map(f64::to_bits),
                Ok(v.to_bits()),
                "{v} -> '{text}'"
            );
        }
        // Whole numbers print without a fraction or exponent.
        assert_eq!(
            (p.format(5.0), p.format(-2.0), spec("N").format(100.0)),
            ("5".into(), "-2".into(), "100".into())
        );
    }
}
