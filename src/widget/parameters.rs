//! The preset menu, one control per declared parameter (numerics folded away), and the seed.

use super::block::Options;
use super::context::WidgetContext;
use super::controls::ParamControl;
use leptos::prelude::*;

#[component]
pub fn Presets(ctx: WidgetContext, hidden: bool) -> impl IntoView {
    let (spec, preset) = (ctx.spec, ctx.preset);
    (!spec.presets.is_empty() && !hidden).then(|| view! {
        <label class="presets">"Preset "
            <select aria-label="Preset" on:change=move |ev| ctx.choose_preset(event_target_value(&ev))>
                <option value="" selected=move || preset.get().is_none()>"— choose —"</option>
                {spec.presets.iter().map(|p| {
                    let name = p.name;
                    view! { <option value=name title=p.description selected=move || preset.get().as_deref() == Some(name)>{name.replace('_', " ")}</option> }
                }).collect_view()}
            </select>
        </label>
    })
}

/// The controls an embed keeps (all in a lesson); dt and the method under "Numerics".
#[component]
pub fn Parameters(ctx: WidgetContext, options: Options) -> impl IntoView {
    let spec = ctx.spec;
    let (numerics, physics): (Vec<usize>, Vec<usize>) = (0..spec.params.len())
        .filter(|&i| options.shows(spec.params[i].name))
        .partition(|&i| matches!(spec.params[i].name, "dt" | "method"));
    let control = move |i: usize| {
        view! {
            <ParamControl
                spec=&spec.params[i]
                widget_id=ctx.anchor.get_value()
                value=Signal::derive(move || ctx.values.with(|v| v[i]))
                error=Signal::derive(move || ctx.field_errors.with(|f| f[i].clone()))
                on_text=Callback::new(move |t: String| ctx.set_text(i, t))
                on_value=Callback::new(move |v: f64| ctx.set_value(i, v))
            />
        }
    };
    view! {
        <div class="sim-params">{physics.into_iter().map(control).collect_view()}</div>
        {(!numerics.is_empty()).then(|| view! {
            <details class="sim-numerics"><summary>"Numerics"</summary>
                {numerics.into_iter().map(control).collect_view()}
            </details>
        })}
    }
}

/// A fresh seed from the browser's entropy (the core itself only uses seeded generators).
fn fresh_seed() -> u64 {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    // Keep seeds short enough to read aloud and type.
    u32::from_le_bytes(b) as u64 % 1_000_000
}

#[component]
pub fn Seed(ctx: WidgetContext) -> impl IntoView {
    let seed = ctx.seed;
    ctx.spec.stochastic.then(|| view! {
        <div class="sim-seed">
            <label>"Seed "
                <input type="text" inputmode="numeric" class="seed-field"
                    prop:value=move || seed.get().to_string() on:change=move |ev| ctx.set_seed_text(event_target_value(&ev)) />
            </label>
            <button class="small" on:click=move |_| ctx.set_seed(fresh_seed())>"New seed"</button>
        </div>
    })
}
