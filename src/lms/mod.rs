//! The course inside a learning-management system (Moodle, or any SCORM 1.2 run-time): when the
//! page finds the LMS's API (`window.API` in a parent or opener frame, searched the standard way),
//! each lecture reports its status and score and keeps the student's progress in the LMS, so that
//! it follows the student to another computer and the teacher sees it in the gradebook. Without
//! an API nothing here runs. The local copy of the progress is always kept first: an error of
//! the LMS is shown discreetly and loses nothing.

pub mod manifest;
pub mod scorm;

use crate::shared::course::{self, Segment};
use crate::shared::progress::{self, Progress};
use crate::shared::route::{to_hash, Route};
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use scorm::LectureState;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

/// How many frames up the search for the API goes (the usual bound of SCORM's own sample code).
const MAX_FRAME_DEPTH: usize = 8;

struct Session {
    api: JsValue,
    lecture: u8,
    /// The lecture's checked exercises (their ids).
    exercises: Vec<String>,
    mastery: Option<u8>,
    /// What was last committed: (state, status, score).
    committed: Option<(LectureState, &'static str, Option<u8>)>,
    started_ms: f64,
    notice: RwSignal<Option<String>>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// The lecture a package's SCO launches (`index.html?lecture=N`), if any.
pub fn launch_lecture() -> Option<u8> {
    let search = web_sys::window()?.location().search().ok()?;
    let n: u8 = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("lecture="))?
        .parse()
        .ok()?;
    course::index().iter().any(|l| l.0 == n).then_some(n)
}

/// The LMS's API object: in this window or one of its parents, then in the opener's.
fn find_api() -> Option<JsValue> {
    let win: JsValue = web_sys::window()?.into();
    let opener = Reflect::get(&win, &"opener".into())
        .ok()
        .filter(|o| o.is_object());
    std::iter::once(win)
        .chain(opener)
        .find_map(|w| api_above(w))
}

fn api_above(mut w: JsValue) -> Option<JsValue> {
    for _ in 0..MAX_FRAME_DEPTH {
        // A frame of another origin throws on access: it cannot be the LMS's.
        if let Some(api) = Reflect::get(&w, &"API".into())
            .ok()
            .filter(|a| a.is_object())
        {
            return Some(api);
        }
        let parent = Reflect::get(&w, &"parent".into())
            .ok()
            .filter(|p| p.is_object())?;
        if js_sys::Object::is(&parent, &w) {
            return None;
        }
        w = parent;
    }
    None
}

/// Calls `name` of the API with string arguments; its answer as a string ("" if it has none).
fn call(api: &JsValue, name: &str, args: &[&str]) -> String {
    let Some(f) = Reflect::get(api, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return String::new();
    };
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(api, &args)
        .ok()
        .and_then(|v| v.as_string().or_else(|| v.as_bool().map(|b| b.to_string())))
        .unwrap_or_default()
}

/// The LMS's last error, as a sentence for the student.
fn last_error(api: &JsValue, what: &str) -> String {
    let code = call(api, "LMSGetLastError", &[]);
    let text = call(api, "LMSGetErrorString", &[&code]);
    format!("The course's host did not accept {what} (error {code}: {text}). Your progress is kept in this browser.")
}

/// Starts the session with the LMS, if there is one: merges the progress it kept into this
/// browser's, goes to the lecture (and the section last read) and reports. Returns whether the
/// course runs inside an LMS.
pub fn start(notice: RwSignal<Option<String>>) -> bool {
    let Some(api) = find_api() else { return false };
    let lecture = launch_lecture().unwrap_or(1);
    if call(&api, "LMSInitialize", &[""]) != "true" {
        notice.set(Some(last_error(&api, "the start of this session")));
        return true;
    }
    let kept = LectureState::from_suspend_data(&call(&api, "LMSGetValue", &["cmi.suspend_data"]));
    let mastery = scorm::parse_mastery(&call(
        &api,
        "LMSGetValue",
        &["cmi.student_data.mastery_score"],
    ));
    let exercises = checked_exercises(lecture);
    let started_ms = js_sys::Date::now();
    SESSION.with(|s| {
        *s.borrow_mut() = Some(Session {
            api,
            lecture,
            exercises,
            mastery,
            committed: None,
            started_ms,
            notice,
        })
    });
    let mut p = progress::load();
    kept.merge_into(&mut p, lecture);
    progress::on_change(report);
    progress::save(&p);
    go_to_lecture(lecture, p.position.get(&lecture).cloned());
    let _ = leptos::prelude::window_event_listener(leptos::ev::pagehide, |_| finish());
    true
}

/// The launch parameter opens the course at its lecture when the address names no page.
pub fn go_to_lecture(n: u8, section: Option<String>) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let hash = loc.hash().unwrap_or_default();
    if hash.is_empty() || hash == "#" || hash == "#/" {
        let _ = loc.set_hash(&to_hash(&Route::Lecture { n, target: section }, &[]));
    }
}

fn checked_exercises(n: u8) -> Vec<String> {
    course::by_number(n)
        .map(|l| {
            l.segments
                .iter()
                .filter_map(|s| match s {
                    Segment::Exercise(e) if e.check.is_some() => Some(e.id.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reports the lecture's state after a change of the progress: status, score, the reading
/// position and the suspend data; commits when more than the position changed (a commit is a
/// request to the LMS's server).
fn report(p: &Progress) {
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let Some(s) = s.as_mut() else { return };
        let state = LectureState::of(p, s.lecture);
        let score = scorm::score(&s.exercises, &state.solved);
        let status = scorm::lesson_status(state.read, score, s.mastery);
        if s.committed
            .as_ref()
            .is_some_and(|(c, st, sc)| *c == state && *st == status && *sc == score)
        {
            return;
        }
        let mut values = vec![
            ("cmi.core.lesson_status", status.to_string()),
            ("cmi.suspend_data", state.to_suspend_data()),
        ];
        if let Some(pos) = &state.position {
            values.push(("cmi.core.lesson_location", pos.chars().take(255).collect()));
        }
        if let Some(sc) = score {
            values.extend([
                ("cmi.core.score.min", "0".into()),
                ("cmi.core.score.max", "100".into()),
                ("cmi.core.score.raw", sc.to_string()),
            ]);
        }
        for (key, value) in &values {
            if call(&s.api, "LMSSetValue", &[key, value]) != "true" {
                s.notice.set(Some(last_error(&s.api, key)));
                return;
            }
        }
        let only_moved = s.committed.as_ref().is_some_and(|(c, st, sc)| {
            c.solved == state.solved && c.read == state.read && *st == status && *sc == score
        });
        if !only_moved && call(&s.api, "LMSCommit", &[""]) != "true" {
            s.notice.set(Some(last_error(&s.api, "the progress")));
            return;
        }
        s.committed = Some((state, status, score));
    });
}

/// The session time in SCORM 1.2's form, HHHH:MM:SS.SS.
fn timespan(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0);
    let (h, m) = ((s / 3600.0).floor(), ((s % 3600.0) / 60.0).floor());
    format!("{:02}:{:02}:{:05.2}", h as u64, m as u64, s % 60.0)
}

/// Leaving the page: the time spent, "suspend" (the next launch resumes), and the end of the
/// session (which saves everything set).
fn finish() {
    SESSION.with(|s| {
        let Some(s) = s.borrow_mut().take() else {
            return;
        };
        let _ = call(
            &s.api,
            "LMSSetValue",
            &[
                "cmi.core.session_time",
                &timespan(js_sys::Date::now() - s.started_ms),
            ],
        );
        let _ = call(&s.api, "LMSSetValue", &["cmi.core.exit", "suspend"]);
        let _ = call(&s.api, "LMSCommit", &[""]);
        let _ = call(&s.api, "LMSFinish", &[""]);
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn session_time_is_scorm_12_timespan() {
        assert_eq!(super::timespan(3_723_450.0), "01:02:03.45");
        assert_eq!(super::timespan(20.0), "00:00:00.02");
    }
}
