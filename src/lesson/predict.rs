//! "Predict, then run": a question that asks for a prediction, with the outcome hidden behind a
//! button, so the student commits to an answer before seeing what the model does.

use crate::shared::course::Predict;
use leptos::prelude::*;

#[component]
pub fn PredictView(p: Predict) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = format!("predict-{}", p.line);
    view! {
        <aside class="predict" aria-label="Predict, then run">
            <p class="predict-label">"Predict first"</p>
            <div class="predict-prompt" inner_html=p.prompt_html></div>
            <button type="button" class="predict-toggle" aria-expanded=move || open.get().to_string() aria-controls=id.clone()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Hide the outcome" } else { "Show what happens" }}
            </button>
            <div class="predict-reveal" id=id hidden=move || !open.get() inner_html=p.reveal_html></div>
        </aside>
    }
}
