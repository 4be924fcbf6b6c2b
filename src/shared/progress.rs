//! The student's progress (exercises solved, lectures read, the section last read in each),
//! kept in the browser's local storage so that it survives reloads and works offline. Nothing
//! leaves the browser, except to the learning-management system that hosts the course, when it
//! does (`lms`, which listens through `on_change`).

use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// Versioned, so that a future format can migrate instead of misreading old data.
const KEY: &str = "neurolive.progress.v1";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub solved: BTreeSet<String>,
    pub read: BTreeSet<u8>,
    /// The id of the section last read, per lecture.
    pub position: BTreeMap<u8, String>,
}

impl Progress {
    pub fn from_json(text: &str) -> Progress {
        let Ok(v) = serde_json::from_str::<Value>(text) else {
            return Progress::default();
        };
        let strings = |k: &str| -> Vec<Value> {
            v.get(k)
                .and_then(|a| a.as_array())
                .cloned()
                .unwrap_or_default()
        };
        Progress {
            solved: strings("solved")
                .iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect(),
            read: strings("read")
                .iter()
                .filter_map(|n| n.as_u64())
                .filter_map(|n| u8::try_from(n).ok())
                .collect(),
            position: v
                .get("position")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, id)| Some((k.parse().ok()?, id.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    pub fn to_json(&self) -> String {
        json!({ "solved": self.solved, "read": self.read, "position": self.position }).to_string()
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Local storage can be missing or refused (private windows, file://, blocked cookies):
    // progress then simply is not kept.
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Progress {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|t| Progress::from_json(&t))
        .unwrap_or_default()
}

thread_local! {
    /// Told of every change (the LMS bridge, when the course runs inside one).
    static LISTENER: RefCell<Option<fn(&Progress)>> = const { RefCell::new(None) };
}

/// `f` is called with the whole progress after each change.
pub fn on_change(f: fn(&Progress)) {
    LISTENER.with(|l| *l.borrow_mut() = Some(f));
}

/// Keeps `p` (the local copy first: it is never lost) and tells the listener.
pub fn save(p: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &p.to_json());
    }
    if let Some(f) = LISTENER.with(|l| *l.borrow()) {
        f(p);
    }
}

/// The section of lecture `lecture` the student reached.
pub fn set_position(lecture: u8, section: &str) {
    let mut p = load();
    if p.position.get(&lecture).map(String::as_str) != Some(section) {
        p.position.insert(lecture, section.to_string());
        save(&p);
    }
}

pub fn mark_solved(id: &str) {
    let mut p = load();
    if p.solved.insert(id.to_string()) {
        save(&p);
    }
}

pub fn is_solved(id: &str) -> bool {
    load().solved.contains(id)
}

pub fn mark_read(lecture: u8) {
    let mut p = load();
    if p.read.insert(lecture) {
        save(&p);
    }
}

pub fn reset() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_survives_garbage() {
        let mut p = Progress::default();
        p.solved.insert("ex-3-1".into());
        p.read.insert(3);
        p.position.insert(3, "the-question".into());
        assert_eq!(Progress::from_json(&p.to_json()), p);
        assert_eq!(Progress::from_json("not json"), Progress::default());
        assert_eq!(
            Progress::from_json(r#"{"solved":[1,"ex-1-2"],"read":[300,2]}"#)
                .solved
                .len(),
            1
        );
        assert_eq!(
            Progress::from_json(r#"{"read":[300,2]}"#).read,
            BTreeSet::from([2])
        );
    }
}
