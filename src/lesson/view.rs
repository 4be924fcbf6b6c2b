//! The lecture page: title, table of contents, the lesson's segments (text, live simulations,
//! exercises), and links to the neighbouring lectures.

use super::exercise::ExerciseView;
use super::predict::PredictView;
use crate::shared::course::{Lesson, Segment};
use crate::shared::route::{to_hash, Route};
use crate::widget::SimWidget;
use leptos::prelude::*;

#[component]
pub fn LessonPage(
    lesson: Lesson,
    target: Option<String>,
    query: Vec<(String, String)>,
    count: u8,
) -> impl IntoView {
    let n = lesson.number;
    let toc = lesson.toc.clone();
    let body = lesson
        .segments
        .into_iter()
        .map(|seg| match seg {
            Segment::Html(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
            Segment::Sim(block) => {
                let q = if target.as_deref() == Some(block.anchor.as_str()) {
                    query.clone()
                } else {
                    vec![]
                };
                view! { <SimWidget block=block query=q lecture=n /> }.into_any()
            }
            Segment::Exercise(ex) => view! { <ExerciseView ex=ex /> }.into_any(),
            Segment::Predict(p) => view! { <PredictView p=p /> }.into_any(),
        })
        .collect_view();
    let prev = (n > 1).then(|| n - 1);
    let next = (n < count).then(|| n + 1);
    let link = |m: u8| to_hash(&Route::Lecture { n: m, target: None }, &[]);
    // A lecture counts as read once its end (the pager) has been on screen.
    let pager = NodeRef::<leptos::html::Nav>::new();
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let Some(el) = pager.get() else { return };
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let seen = entries.iter().any(|e| {
                    e.dyn_into::<web_sys::IntersectionObserverEntry>()
                        .is_ok_and(|e| e.is_intersecting())
                });
                if seen {
                    crate::shared::progress::mark_read(n);
                }
            },
        );
        if let Ok(obs) = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
        }
        cb.forget();
    });
    let lesson_body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = lesson_body.get() {
            follow_reading_position(n, &el);
        }
    });
    view! {
        <article class="lesson">
            <header class="lesson-head">
                <p class="lecture-number">{format!("Lecture {n}")}</p>
                <h1>{lesson.title.clone()}</h1>
                <p class="lesson-summary">{lesson.summary.clone()}</p>
            </header>
            {(!toc.is_empty()).then(|| view! {
                <nav class="toc" aria-label="Contents">
                    <h2>"Contents"</h2>
                    <ol>
                        {toc.into_iter().map(|e| {
                            let href = to_hash(&Route::Lecture { n, target: Some(e.id.clone()) }, &[]);
                            view! { <li><a href=href>{e.title}</a></li> }
                        }).collect_view()}
                    </ol>
                </nav>
            })}
            <div class="lesson-body" node_ref=lesson_body>{body}</div>
            <nav class="pager" aria-label="Lectures" node_ref=pager>
                {prev.map(|m| view! { <a class="prev" rel="prev" href=link(m)>{format!("← Lecture {m}")}</a> })}
                <a class="up" href="#/">"All lectures"</a>
                {next.map(|m| view! { <a class="next" rel="next" href=link(m)>{format!("Lecture {m} →")}</a> })}
            </nav>
        </article>
    }
}

/// The reading position: the last section heading scrolled above the upper third of the window
/// is kept as the lecture's position (a learning-management system resumes there). Checked a
/// quarter of a second after scrolling, so that a jump to the end counts as well.
fn follow_reading_position(n: u8, body: &web_sys::HtmlDivElement) {
    use std::cell::Cell;
    use std::rc::Rc;
    let body = body.clone();
    let pending = Rc::new(Cell::new(false));
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        if pending.replace(true) {
            return;
        }
        let (body, pending) = (body.clone(), pending.clone());
        set_timeout(
            move || {
                pending.set(false);
                if let Some(id) = section_reached(&body) {
                    crate::shared::progress::set_position(n, &id);
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
    on_cleanup(move || handle.remove());
}

/// The id of the last section heading above the upper third of the window.
fn section_reached(body: &web_sys::HtmlDivElement) -> Option<String> {
    let third = web_sys::window()?.inner_height().ok()?.as_f64()? / 3.0;
    let heads = body.query_selector_all("h2[id]").ok()?;
    let mut reached = None;
    for i in 0..heads.length() {
        let h: web_sys::Element = wasm_bindgen::JsCast::dyn_into(heads.item(i)?).ok()?;
        if h.get_bounding_client_rect().top() > third {
            break;
        }
        reached = Some(h.id());
    }
    reached.filter(|id| !id.is_empty())
}
