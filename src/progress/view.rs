//! The home page's progress panel: per lecture, read or not and checked exercises solved; and a
//! reset button that asks once more before it forgets.

use crate::shared::course::{self as lesson, Segment};
use crate::shared::progress::{load, reset, Progress};
use leptos::prelude::*;

/// Per lecture: (number, title, checked exercise ids).
fn checked_exercises() -> Vec<(u8, String, Vec<String>)> {
    lesson::all()
        .into_iter()
        .map(|l| {
            let ids = l
                .segments
                .iter()
                .filter_map(|s| match s {
                    Segment::Exercise(e) if e.check.is_some() => Some(e.id.clone()),
                    _ => None,
                })
                .collect();
            (l.number, l.title, ids)
        })
        .collect()
}

#[component]
pub fn ProgressPanel() -> impl IntoView {
    let progress = RwSignal::new(load());
    let confirming = RwSignal::new(false);
    let lectures = checked_exercises();
    let total: usize = lectures.iter().map(|(_, _, ids)| ids.len()).sum();
    let rows = lectures
        .into_iter()
        .filter(|(_, _, ids)| !ids.is_empty())
        .map(|(n, title, ids)| {
            let of = ids.len();
            let ids = std::sync::Arc::new(ids);
            let solved = move || {
                let p: Progress = progress.get();
                ids.iter().filter(|id| p.solved.contains(*id)).count()
            };
            let read = move || progress.get().read.contains(&n);
            view! {
                <li data-lecture=n>
                    <a href=format!("#/lecture/{n}")>{format!("{n}. {title}")}</a>
                    <span class="progress-read">{move || if read() { "read" } else { "" }}</span>
                    <span class="progress-solved">{let solved = solved.clone(); move || format!("{} / {of} solved", solved())}</span>
                    <progress max=of value=move || solved() aria-label=format!("Lecture {n}: exercises solved")></progress>
                </li>
            }
        })
        .collect_view();
    let solved_all = move || progress.get().solved.len();
    let read_all = move || progress.get().read.len();
    view! {
        <section class="progress-panel" aria-labelledby="progress-title">
            <h2 id="progress-title">"Your progress"</h2>
            <p class="progress-total">
                {move || format!("{} of {total} checked exercises solved · {} lectures read to the end", solved_all(), read_all())}
            </p>
            <ul class="progress-list">{rows}</ul>
            <p class="progress-note">"Kept in this browser only. "
                {move || if confirming.get() {
                    view! {
                        <span>"Forget all progress? "
                            <button class="reset-yes" on:click=move |_| { reset(); progress.set(load()); confirming.set(false); }>"Yes, reset"</button>
                            " "
                            <button class="reset-no" on:click=move |_| confirming.set(false)>"Keep it"</button>
                        </span>
                    }.into_any()
                } else {
                    view! { <button class="reset-progress" on:click=move |_| confirming.set(true)>"Reset progress"</button> }.into_any()
                }}
            </p>
        </section>
    }
}
