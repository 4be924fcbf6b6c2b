//! The SCORM 1.2 rules NeuroLive follows inside a learning-management system, apart from the
//! browser so that they are tested natively: what a lecture's status and score are, and how
//! the student's progress in it travels in `cmi.suspend_data` (at most 4096 characters).

use crate::shared::progress::Progress;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// SCORM 1.2's limit on `cmi.suspend_data` (characters).
pub const SUSPEND_DATA_MAX: usize = 4096;

/// `cmi.core.lesson_status`: `passed` once the score reaches the mastery score (when the course
/// has one); otherwise `completed` once the lecture has been read to its end, or `failed` then
/// if a mastery score is set and not reached; `incomplete` before.
pub fn lesson_status(read_to_end: bool, score: Option<u8>, mastery: Option<u8>) -> &'static str {
    match mastery {
        Some(m) if score.is_some_and(|s| s >= m) => "passed",
        Some(_) if read_to_end => "failed",
        None if read_to_end => "completed",
        _ => "incomplete",
    }
}

/// `cmi.core.score.raw`: the percentage of the lecture's checked exercises solved (none for a
/// lecture without any).
pub fn score(exercises: &[String], solved: &BTreeSet<String>) -> Option<u8> {
    if exercises.is_empty() {
        return None;
    }
    let done = exercises.iter().filter(|id| solved.contains(*id)).count();
    Some((100.0 * done as f64 / exercises.len() as f64).round() as u8)
}

/// A mastery score as the LMS gives it (`cmi.student_data.mastery_score`: "" when the manifest
/// sets none, else 0–100).
pub fn parse_mastery(text: &str) -> Option<u8> {
    let v: f64 = text.trim().parse().ok()?;
    (0.0..=100.0).contains(&v).then(|| v.round() as u8)
}

/// One lecture's part of the student's progress: the exercises solved, whether it was read to
/// the end, and the section last read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LectureState {
    pub solved: BTreeSet<String>,
    pub read: bool,
    pub position: Option<String>,
}

impl LectureState {
    /// Lecture `n`'s part of `p`: its exercises are the ids `ex-{n}-…`.
    pub fn of(p: &Progress, n: u8) -> LectureState {
        let prefix = format!("ex-{n}-");
        LectureState {
            solved: p
                .solved
                .iter()
                .filter(|id| id.starts_with(&prefix))
                .cloned()
                .collect(),
            read: p.read.contains(&n),
            position: p.position.get(&n).cloned(),
        }
    }

    /// Adds this state to `p` (what the LMS kept is never lost, nor what this browser has).
    pub fn merge_into(&self, p: &mut Progress, n: u8) {
        p.solved.extend(self.solved.iter().cloned());
        if self.read {
            p.read.insert(n);
        }
        if let Some(pos) = &self.position {
            p.position.entry(n).or_insert_with(|| pos.clone());
        }
    }

    /// The suspend data: compact JSON, within SCORM 1.2's limit. Should a lecture ever have so
    /// many exercises that it does not fit, the reading position goes first, then exercises
    /// (the score the LMS records keeps them counted).
    pub fn to_suspend_data(&self) -> String {
        let mut state = self.clone();
        loop {
            let text = json!({ "v": 1, "s": state.solved, "r": u8::from(state.read), "p": state.position }).to_string();
            if text.chars().count() <= SUSPEND_DATA_MAX {
                return text;
            }
            if state.position.take().is_none() {
                let last = state.solved.iter().next_back().cloned();
                state.solved.remove(&last.unwrap_or_default());
            }
        }
    }

    /// Reads suspend data written by `to_suspend_data`; anything else (empty, another course's
    /// data, garbage) gives an empty state.
    pub fn from_suspend_data(text: &str) -> LectureState {
        let Ok(v) = serde_json::from_str::<Value>(text) else {
            return LectureState::default();
        };
        if v.get("v").and_then(Value::as_u64) != Some(1) {
            return LectureState::default();
        }
        LectureState {
            solved: v["s"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            read: v["r"].as_u64() == Some(1),
            position: v["p"].as_str().map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_reading_and_the_mastery_score() {
        assert_eq!(lesson_status(false, Some(0), None), "incomplete");
        assert_eq!(lesson_status(true, Some(0), None), "completed");
        assert_eq!(lesson_status(true, None, None), "completed");
        assert_eq!(lesson_status(false, Some(40), Some(60)), "incomplete");
        assert_eq!(lesson_status(true, Some(40), Some(60)), "failed");
        assert_eq!(lesson_status(false, Some(60), Some(60)), "passed");
        assert_eq!(
            lesson_status(true, None, Some(60)),
            "failed",
            "a lecture without exercises cannot be passed"
        );
    }

    #[test]
    fn score_is_the_percentage_of_checked_exercises_solved() {
        let ex: Vec<String> = ["ex-3-1", "ex-3-2", "ex-3-4"].map(String::from).to_vec();
        let solved: BTreeSet<String> = ["ex-3-2", "ex-3-4", "ex-5-1"].map(String::from).into();
        assert_eq!(score(&ex, &solved), Some(67));
        assert_eq!(score(&[], &solved), None);
        assert_eq!(parse_mastery(" 80 "), Some(80));
        assert_eq!(parse_mastery(""), None);
        assert_eq!(parse_mastery("120"), None);
    }

    #[test]
    fn a_lecture_travels_in_suspend_data_and_merges_with_the_local_copy() {
        let mut p = Progress::default();
        p.solved
            .extend(["ex-3-1", "ex-3-12", "ex-4-1"].map(String::from));
        p.read.insert(3);
        p.position.insert(3, "the-lif-neuron".into());
        let s = LectureState::of(&p, 3);
        assert_eq!(
            s.solved.len(),
            2,
            "only lecture 3's exercises: ex-3-… (ex-4-1 is not, nor would ex-31-…)"
        );
        let back = LectureState::from_suspend_data(&s.to_suspend_data());
        assert_eq!(back, s);
        // Another browser: its own progress, plus what the LMS kept.
        let mut other = Progress::default();
        other.solved.insert("ex-2-1".into());
        back.merge_into(&mut other, 3);
        assert_eq!(other.solved.len(), 3);
        assert!(other.read.contains(&3));
        assert_eq!(
            other.position.get(&3).map(String::as_str),
            Some("the-lif-neuron")
        );
        assert_eq!(LectureState::from_suspend_data(""), LectureState::default());
        assert_eq!(
            LectureState::from_suspend_data("{\"v\":9}"),
            LectureState::default()
        );
    }

    #[test]
    fn suspend_data_stays_within_scorm_limit() {
        let mut s = LectureState {
            read: true,
            position: Some("x".repeat(100)),
            ..Default::default()
        };
        s.solved = (0..1000).map(|i| format!("ex-3-{i}")).collect();
        let text = s.to_suspend_data();
        assert!(text.chars().count() <= SUSPEND_DATA_MAX);
        let back = LectureState::from_suspend_data(&text);
        assert!(back.read && back.position.is_none() && back.solved.len() > 300);
    }
}
