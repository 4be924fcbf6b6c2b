//! Parameter values and their validation: the one check used by the slider, the URL and the CLI.

use crate::model::{ModelSpec, ParamKind, ParamSpec};
use std::fmt;

/// Why a parameter value (or name, or preset) was refused. Every message names the culprit and
/// what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamError {
    UnknownParam { sim: &'static str, name: String, known: Vec<&'static str> },
    UnknownPreset { sim: &'static str, name: String, known: Vec<&'static str> },
    Malformed { name: &'static str, text: String },
    OutOfRange { name: &'static str, value: f64, min: f64, max: f64, unit: &'static str },
    NotInteger { name: &'static str, value: f64 },
    UnknownChoice { name: &'static str, text: String, options: &'static [&'static str] },
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
                write!(f, "unknown parameter '{name}' for {sim}; its parameters are: {}", known.join(", "))
            }
            ParamError::UnknownPreset { sim, name, known } => {
                write!(f, "unknown preset '{name}' for {sim}; its presets are: {}", known.join(", "))
            }
            ParamError::Malformed { name, text } => write!(f, "{name}: '{text}' is not a number"),
            ParamError::OutOfRange { name, value, min, max, unit } => {
                let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
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
            ParamError::UnknownChoice { name, text, options } => {
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
            return Err(ParamError::Malformed { name: self.name, text: format!("{value}") });
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
            return Err(ParamError::NotInteger { name: self.name, value });
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
                Err(_) => Err(ParamError::UnknownChoice { name: self.name, text: t.to_string(), options }),
            };
        }
        // Rust's parser accepts "inf" and "NaN"; `check` refuses them with the same message.
        match t.parse::<f64>() {
            Ok(v) => self.check(v),
            Err(_) => Err(ParamError::Malformed { name: self.name, text: t.to_string() }),
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
        Params { spec, values: spec.params.iter().map(|p| p.default).collect() }
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
        self.spec.param(name).map(|(i, _)| i).ok_or_else(|| ParamError::UnknownParam {
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
            None => Err(ParamError::Malformed { name: "--set", text: format!("{assignment} (expected name=value)") }),
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
