//! The pages and the header search box: search results, glossary, references.

use super::references::{bibliography, by_lecture};
use super::search::{self, Kind};
use crate::shared::math::math_to_mathml;
use crate::shared::route::{to_hash, Route};
use crate::shared::symbols::{self as glossary, ENTRIES};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of the header's search field (the `/` shortcut focuses it).
pub const SEARCH_INPUT_ID: &str = "site-search-q";

fn lecture_href(n: u8, target: Option<String>) -> String {
    to_hash(&Route::Lecture { n, target }, &[])
}

/// The search box of the site header. Enter searches; `/` anywhere outside a field focuses it.
#[component]
pub fn SearchBox(
    /// The current query (the search page's `q`), shown in the field.
    current: Signal<String>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let q = input.get().map(|i| i.value()).unwrap_or_default();
        let hash = to_hash(&Route::Search, &[("q".to_string(), q.trim().to_string())]);
        let _ = window().location().set_hash(&hash);
    };
    let handle = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.is_content_editable()
            });
        if typing {
            return;
        }
        if let Some(i) = input.get() {
            e.prevent_default();
            let _ = i.focus();
            i.select();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <form class="site-search" role="search" on:submit=submit>
            <label for=SEARCH_INPUT_ID class="visually-hidden">"Search all lectures"</label>
            <input id=SEARCH_INPUT_ID node_ref=input type="search" name="q" autocomplete="off"
                placeholder="Search (press /)" aria-keyshortcuts="/" prop:value=move || current.get() />
            <button type="submit">"Search"</button>
        </form>
    }
}

/// `#/search?q=…`: the matches grouped by lecture, each with a highlighted snippet.
#[component]
pub fn SearchPage(q: Signal<String>) -> impl IntoView {
    let results = Memo::new(move |_| {
        let q = q.get();
        let groups = if search::query_words(&q).is_empty() {
            vec![]
        } else {
            search::index().search(&q)
        };
        (search::summary(&q, &groups), groups)
    });
    view! {
        <section class="search-page">
            <h1>"Search"</h1>
            <p class="search-summary" role="status">{move || results.get().0}</p>
            {move || {
                let groups = results.get().1;
                groups.into_iter().map(|g| {
                    let title_href = lecture_href(g.lecture, None);
                    view! {
                        <section class="search-group" data-lecture=g.lecture>
                            <h2><a href=title_href>{format!("Lecture {}: {}", g.lecture, g.title)}</a></h2>
                            <ol class="search-hits">
                                {g.hits.into_iter().map(|h| {
                                    let kind = match h.kind { Kind::Lecture => "lecture", Kind::Section => "section", Kind::Simulation => "simulation" };
                                    view! {
                                        <li class="search-hit" data-kind=kind>
                                            <a class="hit-link" href=h.href>{h.heading}</a>
                                            <p class="snippet">
                                                {h.snippet.into_iter().map(|(text, marked)| if marked {
                                                    view! { <mark>{text}</mark> }.into_any()
                                                } else {
                                                    text.into_any()
                                                }).collect_view()}
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </section>
                    }
                }).collect_view()
            }}
        </section>
    }
}

/// `#/glossary`: every symbol with its unit, meaning and lectures; one anchor per entry.
#[component]
pub fn GlossaryPage() -> impl IntoView {
    view! {
        <section class="glossary-page">
            <h1>"Glossary of symbols"</h1>
            <p class="lead">
                "The letters of the course's equations, with their units. The same letter sometimes means different "
                "things in different models; each meaning has its own entry. Under every displayed equation of a "
                "lecture, its symbols link here."
            </p>
            <table class="glossary">
                <thead>
                    <tr><th scope="col">"Symbol"</th><th scope="col">"Name"</th><th scope="col">"Unit"</th>
                        <th scope="col">"Meaning"</th><th scope="col">"Lectures"</th></tr>
                </thead>
                <tbody>
                    {ENTRIES.iter().map(|e| {
                        let lectures = glossary::lectures(e.id);
                        view! {
                            <tr id=format!("sym-{}", e.id) class="glossary-entry" tabindex="-1">
                                <th scope="row" class="symbol" inner_html=math_to_mathml(e.tex, false)></th>
                                <td class="name">{e.name}</td>
                                <td class="unit">{if e.unit.is_empty() { "—" } else { e.unit }}</td>
                                <td class="meaning">{e.meaning}</td>
                                <td class="lectures">
                                    {lectures.into_iter().map(|n| view! {
                                        <a href=lecture_href(n, None) aria-label=format!("Lecture {n}")>{n}</a>" "
                                    }).collect_view()}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// `#/references`: each lecture's citations, then every work once, alphabetically.
#[component]
pub fn ReferencesPage() -> impl IntoView {
    let lectures = by_lecture();
    let works = bibliography(&lectures);
    view! {
        <section class="references-page">
            <h1>"References"</h1>
            <p class="lead">{format!(
                "The books and papers each lecture cites ({} works in all), then the same in one alphabetical list.",
                works.len()
            )}</p>
            {lectures.iter().map(|l| view! {
                <section class="ref-lecture" id=format!("ref-lecture-{}", l.lecture) data-lecture=l.lecture>
                    <h2><a href=lecture_href(l.lecture, Some(l.anchor.clone()))>{format!("Lecture {}: {}", l.lecture, l.title)}</a></h2>
                    <ol class="ref-list">
                        {l.items.iter().map(|r| view! { <li inner_html=r.html.clone()></li> }).collect_view()}
                    </ol>
                </section>
            }).collect_view()}
            <section class="ref-all" id="ref-all">
                <h2>"All references, A–Z"</h2>
                <ul class="ref-list bibliography">
                    {works.into_iter().map(|w| view! {
                        <li>
                            <span inner_html=w.reference.work_html></span>
                            <span class="cited-in">" Cited in lecture"{if w.lectures.len() > 1 { "s" } else { "" }}" "
                                {w.lectures.iter().map(|&n| view! { <a href=lecture_href(n, None)>{n}</a>" " }).collect_view()}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </section>
    }
}
