//! Pages of the site that are neither a lecture nor a list: their text is markdown in `pages/`,
//! rendered like a lesson's prose.

use crate::shared::course::markdown_to_html;
use leptos::prelude::*;

/// "Beyond the browser": NEST, PyNN and Brian2, where the exported scripts run.
#[component]
pub fn BeyondPage() -> impl IntoView {
    let (html, _) = markdown_to_html(include_str!("../../pages/beyond-the-browser.md"));
    view! { <article class="lesson beyond"><div class="prose" inner_html=html></div></article> }
}

/// "For teachers": the SCORM package in Moodle, its gradebook and mastery score.
#[component]
pub fn TeachersPage() -> impl IntoView {
    let (html, _) = markdown_to_html(include_str!("../../pages/moodle.md"));
    view! { <article class="lesson teachers"><div class="prose" inner_html=html></div></article> }
}
