//! The measures panel: one row per declared measure, updated with the status line.

use super::context::WidgetContext;
use super::engine::MeasureRow;
use leptos::prelude::*;

#[component]
pub fn Measures(ctx: WidgetContext) -> impl IntoView {
    let (spec, measures) = (ctx.spec, ctx.measures);
    view! {
        <table class="sim-measures" aria-label="Measures">
            <tbody>
                {move || measures.get().into_iter().enumerate().map(|(i, m)| view! {
                    <tr data-measure=spec.measures.get(i).map(|m| m.name)><th scope="row">{m.label}</th><td class="value">{m.value}</td><td class="unit">{m.unit}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The current measures as one sentence, for the plots' summaries.
pub fn measures_text(m: &[MeasureRow]) -> String {
    if m.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = m
        .iter()
        .map(|r| {
            if r.value == "—" {
                format!("{}: none yet", r.label)
            } else {
                format!("{}: {} {}", r.label, r.value, r.unit)
                    .trim_end()
                    .to_string()
            }
        })
        .collect();
    format!(" Measures now: {}.", parts.join("; "))
}
