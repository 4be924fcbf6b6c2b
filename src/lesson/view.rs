//! The lecture page: title, table of contents, the lesson's segments (text, live simulations,
//! exercises), and links to the neighbouring lectures.

use super::{Lesson, Segment};
use crate::route::{to_hash, Route};
use crate::widget::SimWidget;
use leptos::prelude::*;

#[component]
pub fn LessonPage(lesson: Lesson, target: Option<String>, query: Vec<(String, String)>, count: u8) -> impl IntoView {
    let n = lesson.number;
    let toc = lesson.toc.clone();
    let body = lesson
        .segments
        .into_iter()
        .enumerate()
        .map(|(k, seg)| match seg {
            Segment::Html(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
            Segment::Sim(block) => {
                let q = if target.as_deref() == Some(block.anchor.as_str()) { query.clone() } else { vec![] };
                view! { <SimWidget block=block query=q lecture=n /> }.into_any()
            }
            Segment::Exercise { question_html, answer_html } => view! {
                <div class="exercise" id=format!("exercise-{}", k)>
                    <div class="exercise-label">"Exercise"</div>
                    <div class="prose" inner_html=question_html></div>
                    <details class="answer">
                        <summary>"Show answer"</summary>
                        <div class="prose" inner_html=answer_html></div>
                    </details>
                </div>
            }
            .into_any(),
        })
        .collect_view();
    let prev = (n > 1).then(|| n - 1);
    let next = (n < count).then(|| n + 1);
    let link = |m: u8| to_hash(&Route::Lecture { n: m, target: None }, &[]);
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
            <div class="lesson-body">{body}</div>
            <nav class="pager" aria-label="Lectures">
                {prev.map(|m| view! { <a class="prev" rel="prev" href=link(m)>{format!("← Lecture {m}")}</a> })}
                <a class="up" href="#/">"All lectures"</a>
                {next.map(|m| view! { <a class="next" rel="next" href=link(m)>{format!("Lecture {m} →")}</a> })}
            </nav>
        </article>
    }
}
