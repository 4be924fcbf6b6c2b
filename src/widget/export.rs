//! The "Export & share" panel: files of a fresh run (the same as the CLI command shown), a share
//! link, and an embed URL and `<iframe>` with the controls and plots the teacher keeps.

use super::context::{ShareLinks, WidgetContext};
use super::share;
use crate::shared::route::{to_hash, Route};
use leptos::prelude::*;
use neurolive_core::engine_script;
use neurolive_core::export::ExportFile;

impl WidgetContext {
    /// The link to this widget with its values, the embed URL and its `<iframe>`.
    fn share_links(&self) -> ShareLinks {
        let spec = self.spec;
        let p = self.with_engine(|e| e.sim.params.clone());
        let q = share::query(
            &p,
            self.preset.get_untracked().as_deref(),
            self.seed.get_untracked(),
        );
        let base = window().location().href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or("").to_string();
        let link = match self.lecture {
            Some(n) => format!(
                "{base}{}",
                to_hash(
                    &Route::Lecture {
                        n,
                        target: Some(self.anchor.get_value())
                    },
                    &q
                )
            ),
            None => format!(
                "{base}{}",
                to_hash(
                    &Route::Embed {
                        sim: spec.id.to_string()
                    },
                    &q
                )
            ),
        };
        let mut eq = q;
        let controls = self.embed_controls.get_untracked();
        if controls.len() < spec.params.len() {
            eq.push(("show".into(), controls.join(",")));
        }
        let plots = self.embed_plots.get_untracked();
        if plots.len() < spec.plots.len() && !plots.is_empty() {
            eq.push(("plots".into(), plots.join(",")));
        }
        let embed_url = format!(
            "{base}{}",
            to_hash(
                &Route::Embed {
                    sim: spec.id.to_string()
                },
                &eq
            )
        );
        let iframe = format!(
            "<iframe src=\"{embed_url}\" width=\"1280\" height=\"720\" style=\"border:0;max-width:100%\" title=\"{}\" allow=\"fullscreen\"></iframe>",
            spec.title
        );
        ShareLinks {
            link,
            embed_url,
            iframe,
        }
    }

    fn make_share(&self) {
        self.share.set(Some(self.share_links()));
    }

    /// Adds or removes `name` from the embed's list, and makes the links again.
    fn toggle_in(&self, list: RwSignal<Vec<String>>, name: &'static str, on: bool) {
        list.update(|l| {
            l.retain(|n| n != name);
            if on {
                l.push(name.to_string());
            }
        });
        self.make_share();
    }
}

#[component]
pub fn ExportShare(ctx: WidgetContext) -> impl IntoView {
    let (spec, exporting, share_box) = (ctx.spec, ctx.exporting, ctx.share);
    let cli = move || {
        let p = ctx.with_engine(|e| e.sim.params.clone());
        share::cli_command(&p, ctx.preset.get().as_deref(), ctx.seed.get())
    };
    view! {
        <details class="sim-export">
            <summary>"Export & share"</summary>
            <p class="hint">"A fresh run of " {spec.clock.amount(spec.default_duration_ms)} " from the start with these values — the same files as:"</p>
            <code class="cli">{cli}</code>
            <div class="buttons">
                {ExportFile::ALL.into_iter().map(|f| view! {
                    <button class="small export-file" disabled=move || exporting.get().is_some()
                        on:click=move |_| ctx.export_file(f)>{f.name()}</button>
                }).collect_view()}
                <button class="small" on:click=move |_| ctx.make_share()>"Share link"</button>
                <button class="small embed-button" on:click=move |_| ctx.make_share()
                    title="A URL and an <iframe> for slides: the widget alone, with these values">"Embed"</button>
            </div>
            {(!engine_script::targets(spec.id).is_empty()).then(|| view! {
                <p class="hint">"The same network for the simulators the field uses (a script that writes the same files):"</p>
                <div class="buttons engine-scripts">
                    {engine_script::targets(spec.id).iter().map(|&t| view! {
                        <button class="small engine-script" data-engine=t.name() on:click=move |_| ctx.export_script(t)>{format!("Export as {}", t.label())}</button>
                    }).collect_view()}
                </div>
                <p class="hint"><a href=to_hash(&Route::Beyond, &[])>"Beyond the browser"</a>": what NEST and Brian2 are for, and how the script scales."</p>
            })}
            <p class="export-progress" role="status">{move || exporting.get().map(|x| format!("Computing {}: {:.0} %", x.file, 100.0 * x.progress))}</p>
            {move || share_box.get().is_some().then(|| view! { <EmbedChooser ctx /> })}
            {move || share_box.get().map(|s| view! {
                <label class="share">"Link " <input type="text" readonly class="share-link" prop:value=s.link.clone() /></label>
                <label class="share">"Embed URL " <input type="text" readonly class="embed-link" prop:value=s.embed_url /></label>
                <label class="share">"Embed code " <input type="text" readonly class="embed-code" prop:value=s.iframe /></label>
                <button class="small" on:click=move |_| {
                    let _ = window().navigator().clipboard().write_text(&s.link);
                }>"Copy link"</button>
            })}
        </details>
    }
}

/// The teacher's choice for the embed: which controls and plots it keeps.
#[component]
fn EmbedChooser(ctx: WidgetContext) -> impl IntoView {
    let (spec, controls, plots) = (ctx.spec, ctx.embed_controls, ctx.embed_plots);
    view! {
        <fieldset class="embed-choose">
            <legend>"The embed shows these controls"</legend>
            {spec.params.iter().map(|p| view! {
                <label><input type="checkbox" data-embed-control=p.name prop:checked=move || controls.with(|l| l.iter().any(|n| n == p.name))
                    on:change=move |ev| ctx.toggle_in(controls, p.name, event_target_checked(&ev)) />{p.name}</label>
            }).collect_view()}
        </fieldset>
        <fieldset class="embed-choose">
            <legend>"and these plots"</legend>
            {spec.plots.iter().map(|p| view! {
                <label><input type="checkbox" data-embed-plot=p.id prop:checked=move || plots.with(|l| l.iter().any(|n| n == p.id))
                    on:change=move |ev| ctx.toggle_in(plots, p.id, event_target_checked(&ev)) />{p.title}</label>
            }).collect_view()}
        </fieldset>
    }
}
