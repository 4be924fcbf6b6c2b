//! One control per declared parameter: a slider (linear or log), a typed field with its unit,
//! or a select for a choice; refused values show the core's message under the field.

use crate::shared::math::math_to_mathml;
use leptos::prelude::*;
use neurolive_core::model::{ParamKind, ParamSpec, Scale};

const LOG_STEPS: f64 = 1000.0;

/// Slider position of a value.
pub fn to_slider(p: &ParamSpec, v: f64) -> f64 {
    match p.scale {
        Scale::Log => ((v / p.min).ln() / (p.max / p.min).ln() * LOG_STEPS).round(),
        Scale::Linear => v,
    }
}

/// Value of a slider position: on a log slider, the value with the fewest significant digits
/// (three or more) that maps back to the same position, so that every position, and so every
/// arrow-key step, gives its own value (rounding to three digits alone made neighbouring positions
/// of a two-decade slider snap back to where they started).
pub fn from_slider(p: &ParamSpec, pos: f64) -> f64 {
    match p.scale {
        Scale::Log => {
            let v = p.min * (p.max / p.min).powf(pos / LOG_STEPS);
            (3..=8)
                .map(|d| round_sig(v, d).clamp(p.min, p.max))
                .find(|&r| to_slider(p, r) == pos.round())
                .unwrap_or(v)
        }
        Scale::Linear => pos,
    }
}

fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let m = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * m).round() / m
}

/// A parameter's control. `on_value` receives validated values; `error` holds the message of the
/// last refused one (cleared by an accepted value).
#[component]
pub fn ParamControl(
    spec: &'static ParamSpec,
    widget_id: String,
    value: Signal<f64>,
    error: Signal<Option<String>>,
    on_text: Callback<String>,
    on_value: Callback<f64>,
) -> impl IntoView {
    let id = format!("{widget_id}-{}", spec.name);
    let err_id = format!("{id}-err");
    let symbol = math_to_mathml(spec.symbol, false);
    let title = if spec.help.is_empty() {
        spec.name.to_string()
    } else {
        format!("{}: {}", spec.name, spec.help)
    };
    let unit = spec.unit;
    // The accessible name: the parameter, what it is, and its unit ("g_L, leak conductance (mS/cm²)").
    let name = format!(
        "{}{}{}",
        spec.name,
        if spec.help.is_empty() {
            String::new()
        } else {
            format!(", {}", spec.help)
        },
        if unit.is_empty() {
            String::new()
        } else {
            format!(" ({unit})")
        }
    );
    let input = match spec.kind {
        ParamKind::Choice(options) => view! {
            <select id=id.clone() class="param-select" aria-label=name.clone() aria-describedby=err_id.clone()
                on:change=move |ev| on_text.run(event_target_value(&ev))>
                {options.iter().enumerate().map(|(i, o)| {
                    view! { <option value=i.to_string() selected=move || value.get() as usize == i>{o.replace('_', " ")}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        _ => {
            let (min, max, step) = match spec.scale {
                Scale::Log => (0.0, LOG_STEPS, 1.0),
                Scale::Linear => (spec.min, spec.max, spec.step),
            };
            view! {
                <input type="range" class="param-slider" aria-label=name.clone()
                    aria-valuetext=move || format!("{} {unit}", spec.format(value.get())).trim_end().to_string()
                    min=min max=max step=step
                    prop:value=move || to_slider(spec, value.get()).to_string()
                    on:input=move |ev| {
                        if let Ok(pos) = event_target_value(&ev).parse::<f64>() {
                            on_value.run(from_slider(spec, pos));
                        }
                    } />
                <input type="text" inputmode="decimal" class="param-field" id=id.clone()
                    aria-label=name.clone() aria-describedby=err_id.clone()
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || spec.format(value.get())
                    on:change=move |ev| on_text.run(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <div class="param" class:invalid=move || error.get().is_some() data-param=spec.name>
            <label for=id title=title>
                <span class="param-symbol" inner_html=symbol></span>
                <span class="param-name">{spec.name}</span>
            </label>
            {input}
            <span class="param-unit" aria-hidden="true">{unit}</span>
            <div class="field-error" id=err_id role="alert">{move || error.get()}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_slider_round_trips_within_its_resolution() {
        let p = ParamSpec::real("dt", "dt", "ms", 0.001, 1.0, 0.01, 0.001).log();
        for v in [0.001, 0.01, 0.025, 0.1, 1.0] {
            let back = from_slider(&p, to_slider(&p, v));
            // 1000 positions over 3 decades: 0.7 % per position.
            assert!((back - v).abs() / v < 0.01, "{v} → {back}");
        }
        assert_eq!(from_slider(&p, 0.0), 0.001);
        assert_eq!(from_slider(&p, LOG_STEPS), 1.0);
    }

    #[test]
    fn every_log_slider_position_has_its_own_value() {
        // An arrow key moves a slider by one position: the value must follow and stay there.
        for (min, max) in [(1.0, 100.0), (0.001, 0.5), (0.5, 2.0), (10.0, 1e5)] {
            let p = ParamSpec::real("x", "x", "", min, max, min, 0.1).log();
            let mut last = f64::NEG_INFINITY;
            for pos in 0..=LOG_STEPS as u32 {
                let v = from_slider(&p, pos as f64);
                assert_eq!(
                    to_slider(&p, v),
                    pos as f64,
                    "[{min}, {max}] position {pos} → {v}"
                );
                assert!(v > last, "[{min}, {max}] position {pos}: {v} after {last}");
                last = v;
            }
        }
    }
}
