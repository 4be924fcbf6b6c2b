//! An exercise on the lecture page: the question, an answer field checked against the expected
//! number (given in the text, or computed by the model itself on first use), a hint, and the
//! worked answer, hidden until the student asks for it or has answered right.

use crate::shared::course::{Exercise, Expected};
use crate::shared::progress;
use leptos::prelude::*;
use neurolive_core::answer::parse_number;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// Model-computed answers, once per exercise and page load (they cost up to a second).
    static EXPECTED: RefCell<HashMap<String, Result<f64, String>>> = RefCell::new(HashMap::new());
}

fn fmt_num(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && (a < 1e-3 || a >= 1e5) {
        format!("{v:.3e}")
    } else {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

#[component]
pub fn ExerciseView(ex: Exercise) -> impl IntoView {
    let id = ex.id.clone();
    let solved = RwSignal::new(progress::is_solved(&id));
    let answer_open = RwSignal::new(false);
    let feedback = RwSignal::new(None::<(&'static str, String)>);
    let input = NodeRef::<leptos::html::Input>::new();
    let check_view = ex.check.clone().map(|check| {
        let unit = check.unit.clone();
        let computed = matches!(check.expected, Expected::Model(_));
        let id = id.clone();
        let id_cached = id.clone();
        let judge = move |text: String| {
            let Some(given) = parse_number(&text) else {
                feedback.set(Some(("wrong", "Type a number, e.g. 6.2 (the unit is optional).".into())));
                return;
            };
            let expected = EXPECTED.with(|m| {
                m.borrow_mut().entry(id.clone()).or_insert_with(|| check.expected_value()).clone()
            });
            match expected {
                Err(e) => feedback.set(Some(("error", format!("The model could not compute the answer: {e}")))),
                Ok(x) if check.tolerance.accepts(x, given) => {
                    let how = if computed { "the model gives" } else { "expected" };
                    feedback.set(Some((
                        "right",
                        format!("Right: {how} {} {}, and answers within ±{} are accepted.", fmt_num(x), check.unit, fmt_num(check.tolerance.width(x))),
                    )));
                    progress::mark_solved(&id);
                    solved.set(true);
                    answer_open.set(true);
                }
                Ok(x) => {
                    let side = if given > x { "too high" } else { "too low" };
                    feedback.set(Some(("wrong", format!("Not yet: {} {} is {side}. Try again, or open the hint.", fmt_num(given), check.unit))));
                }
            }
        };
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = input.get().map(|i| i.value()).unwrap_or_default();
            if computed && !EXPECTED.with(|m| m.borrow().contains_key(&id_cached)) {
                // Let the "computing" message paint before the model runs.
                feedback.set(Some(("pending", "Computing the model's answer…".into())));
                let judge = judge.clone();
                set_timeout(move || judge(text), std::time::Duration::from_millis(30));
            } else {
                judge(text);
            }
        };
        let label = if unit.is_empty() { "Your answer".to_string() } else { format!("Your answer, in {unit}") };
        view! {
            <form class="exercise-check" on:submit=submit>
                <input type="text" inputmode="decimal" autocomplete="off" node_ref=input aria-label=label />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit.clone()}</span> })}
                <button type="submit">"Check"</button>
                {computed.then(|| view! { <span class="computed-note" title="The expected number is computed by running the model">"checked by the model"</span> })}
            </form>
        }
    });
    let state = move || feedback.get().map(|(s, _)| s).unwrap_or("");
    view! {
        <div class="exercise" id=ex.id.clone() data-state=state class:solved=move || solved.get() data-checked=ex.check.is_some().to_string()>
            <div class="exercise-label">"Exercise"
                {move || solved.get().then(|| view! { <span class="solved-badge">" · solved ✓"</span> })}
            </div>
            <div class="prose" inner_html=ex.question_html></div>
            {check_view}
            <p class="exercise-feedback" role="status" aria-live="polite">{move || feedback.get().map(|(_, t)| t)}</p>
            {ex.hint_html.map(|h| view! {
                <details class="hint">
                    <summary>"Hint"</summary>
                    <div class="prose" inner_html=h></div>
                </details>
            })}
            <details class="answer" prop:open=move || answer_open.get() on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    answer_open.set(d.open());
                }
            }>
                <summary>"Show answer"</summary>
                <div class="prose" inner_html=ex.answer_html></div>
            </details>
        </div>
    }
}
