//! The course as data: every lesson file (embedded at build time), parsed into segments that
//! the lesson page, the search and the progress panel all read. Lessons: markdown files with front matter, `sim` blocks and `:::exercise` blocks, turned into
//! segments the page renders (HTML with MathML, live simulations, exercises).

mod markdown;

use crate::shared::sim_block::SimBlock;
pub use markdown::{markdown_to_html, markdown_to_html_ids};
pub use neurolive_core::answer::{LengthUnit, Question, RunSpec, Tolerance};

use pulldown_cmark::{Event, Options, Parser};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    Html(String),
    Sim(SimBlock),
    Exercise(Exercise),
    Predict(Predict),
}

/// A `:::predict` block: a question asking for a prediction, and the outcome, hidden until the
/// student asks for it ("predict, then run").
#[derive(Clone, Debug, PartialEq)]
pub struct Predict {
    pub prompt_html: String,
    pub reveal_html: String,
    pub line: usize,
}

/// An `:::exercise` block: a question, an optional check of the student's number, an optional
/// hint, and a worked answer that stays hidden until asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// Stable within the lesson (`ex-3-2`: lecture 3, second exercise): the key of the student's
    /// progress in local storage.
    pub id: String,
    pub question_html: String,
    pub hint_html: Option<String>,
    pub answer_html: String,
    pub check: Option<Check>,
    pub line: usize,
}

/// What a checked exercise expects: a number given in the text or computed by a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub expected: Expected,
    pub tolerance: Tolerance,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    Value(f64),
    Model(Question),
}

impl Check {
    /// The expected number (a model question runs the model: up to about a second in wasm).
    pub fn expected_value(&self) -> Result<f64, String> {
        match &self.expected {
            Expected::Value(v) => Ok(*v),
            Expected::Model(q) => q.answer().map_err(|e| e.to_string()),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug)]
pub struct Lesson {
    pub number: u8,
    pub slug: &'static str,
    pub title: String,
    pub summary: String,
    pub segments: Vec<Segment>,
    pub toc: Vec<TocEntry>,
    /// Problems found while parsing (malformed blocks): shown by tests, never to students.
    pub problems: Vec<String>,
}

/// Front matter: `key: value` lines between two `---` lines at the top.
fn front_matter(src: &str) -> (Vec<(String, String)>, &str, usize) {
    let Some(rest) = src.strip_prefix("---\n") else {
        return (vec![], src, 0);
    };
    let Some(end) = rest.find("\n---\n") else {
        return (vec![], src, 0);
    };
    let head = &rest[..end];
    let body = &rest[end + 5..];
    let pairs = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    (pairs, body, head.lines().count() + 2)
}

/// Parses one lesson file.
pub fn parse(slug: &'static str, src: &str) -> Lesson {
    let (meta, body, body_line0) = front_matter(src);
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut problems = Vec::new();
    let number = get("lecture")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            problems.push(format!("{slug}: front matter has no 'lecture: N'"));
            slug.get(..2).and_then(|s| s.parse().ok()).unwrap_or(0)
        });
    let title = get("title").unwrap_or_else(|| {
        problems.push(format!("{slug}: front matter has no 'title:'"));
        slug.to_string()
    });
    let summary = get("summary").unwrap_or_default();

    let mut segments = Vec::new();
    let mut toc = Vec::new();
    let mut md = String::new();
    let mut lines = body.lines().enumerate().peekable();
    let mut in_fence: Option<String> = None;
    let mut sim_count = std::collections::HashMap::<String, usize>::new();
    let mut ids = std::collections::HashMap::<String, usize>::new();
    let mut exercises = 0usize;
    let mut flush = |md: &mut String, segments: &mut Vec<Segment>, toc: &mut Vec<TocEntry>| {
        if !md.trim().is_empty() {
            let (html, entries) = markdown_to_html_ids(md, &mut ids);
            toc.extend(entries);
            segments.push(Segment::Html(html));
        }
        md.clear();
    };
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_start();
        // Ordinary fenced code passes through untouched (a ```sim inside it is just text).
        if let Some(fence) = &in_fence {
            // A closing fence is fence characters only (CommonMark §4.5): "```sim" inside a
            // code block is text.
            let t = trimmed.trim_end();
            if t.len() >= fence.len() && t.chars().all(|c| Some(c) == fence.chars().next()) {
                in_fence = None;
            }
            md.push_str(line);
            md.push('\n');
            continue;
        }
        if trimmed.starts_with("```sim") {
            flush(&mut md, &mut segments, &mut toc);
            let mut block = SimBlock {
                id: String::new(),
                preset: None,
                caption: None,
                set: vec![],
                plots: vec![],
                play: true,
                anchor: String::new(),
                line: body_line0 + i + 1,
            };
            let mut closed = false;
            for (_, l) in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    closed = true;
                    break;
                }
                match l.split_once(':') {
                    Some(("id", v)) => block.id = v.trim().to_string(),
                    Some(("preset", v)) => block.preset = Some(v.trim().to_string()),
                    Some(("caption", v)) => block.caption = Some(v.trim().to_string()),
                    Some(("play", v)) => match v.trim() {
                        "yes" => block.play = true,
                        "no" => block.play = false,
                        other => problems.push(format!(
                            "{slug} line {}: play: '{other}' (yes or no)",
                            block.line
                        )),
                    },
                    Some(("plots", v)) => {
                        block.plots = v
                            .split(',')
                            .map(|x| x.trim().to_string())
                            .filter(|x| !x.is_empty())
                            .collect()
                    }
                    Some(("set", v)) => {
                        for a in v.split(',').filter(|a| !a.trim().is_empty()) {
                            match a.split_once('=') {
                                Some((n, x)) => {
                                    block.set.push((n.trim().to_string(), x.trim().to_string()))
                                }
                                None => problems
                                    .push(format!("{slug} line {}: bad setting '{a}'", block.line)),
                            }
                        }
                    }
                    _ if l.trim().is_empty() => {}
                    _ => problems.push(format!(
                        "{slug} line {}: unknown line in sim block: '{l}'",
                        block.line
                    )),
                }
            }
            if !closed {
                problems.push(format!(
                    "{slug} line {}: sim block is not closed",
                    block.line
                ));
            }
            if block.id.is_empty() {
                problems.push(format!(
                    "{slug} line {}: sim block without 'id:'",
                    block.line
                ));
            }
            let n = sim_count.entry(block.id.clone()).or_insert(0);
            *n += 1;
            block.anchor = if *n == 1 {
                format!("sim-{}", block.id)
            } else {
                format!("sim-{}-{}", block.id, n)
            };
            segments.push(Segment::Sim(block));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            in_fence = Some(fence);
            md.push_str(line);
            md.push('\n');
            continue;
        }
        if trimmed.trim_end() == ":::predict" {
            flush(&mut md, &mut segments, &mut toc);
            let start = body_line0 + i + 1;
            let (mut prompt, mut reveal, mut in_reveal, mut closed) =
                (String::new(), None::<String>, false, false);
            for (_, l) in lines.by_ref() {
                match l.trim() {
                    ":::" => {
                        closed = true;
                        break;
                    }
                    ":::reveal" if !in_reveal => {
                        in_reveal = true;
                        reveal = Some(String::new());
                    }
                    t if t.starts_with(":::") => problems.push(format!(
                        "{slug} line {start}: unknown predict section '{t}'"
                    )),
                    _ => {
                        let text = if in_reveal {
                            reveal.as_mut().unwrap()
                        } else {
                            &mut prompt
                        };
                        text.push_str(l);
                        text.push('\n');
                    }
                }
            }
            if !closed {
                problems.push(format!(
                    "{slug} line {start}: predict block is not closed with ':::'"
                ));
            }
            if prompt.trim().is_empty() || reveal.as_deref().is_none_or(|r| r.trim().is_empty()) {
                problems.push(format!(
                    "{slug} line {start}: a predict block needs a prompt and a ':::reveal' outcome"
                ));
            }
            segments.push(Segment::Predict(Predict {
                prompt_html: markdown_to_html(&prompt).0,
                reveal_html: markdown_to_html(&reveal.unwrap_or_default()).0,
                line: start,
            }));
            continue;
        }
        if trimmed.trim_end() == ":::exercise" {
            flush(&mut md, &mut segments, &mut toc);
            let start = body_line0 + i + 1;
            // Sections in order of appearance; the question comes first, unnamed.
            let mut parts: Vec<(&str, String)> = vec![("question", String::new())];
            let mut closed = false;
            for (_, l) in lines.by_ref() {
                match l.trim() {
                    ":::" => {
                        closed = true;
                        break;
                    }
                    ":::check" => parts.push(("check", String::new())),
                    ":::hint" => parts.push(("hint", String::new())),
                    ":::answer" => parts.push(("answer", String::new())),
                    t if t.starts_with(":::") => {
                        problems.push(format!(
                            "{slug} line {start}: unknown exercise section '{t}'"
                        ));
                    }
                    _ => {
                        let text = &mut parts.last_mut().unwrap().1;
                        text.push_str(l);
                        text.push('\n');
                    }
                }
            }
            if !closed {
                problems.push(format!(
                    "{slug} line {start}: exercise block is not closed with ':::'"
                ));
            }
            let section = |name: &str| {
                parts
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| t.clone())
            };
            for name in ["check", "hint", "answer"] {
                if parts.iter().filter(|(n, _)| *n == name).count() > 1 {
                    problems.push(format!(
                        "{slug} line {start}: exercise has two ':::{name}' sections"
                    ));
                }
            }
            let answer = section("answer").unwrap_or_else(|| {
                problems.push(format!("{slug} line {start}: exercise without ':::answer'"));
                String::new()
            });
            let check = section("check").and_then(|c| match parse_check(&c) {
                Ok(c) => Some(c),
                Err(e) => {
                    problems.push(format!("{slug} line {start}: {e}"));
                    None
                }
            });
            exercises += 1;
            segments.push(Segment::Exercise(Exercise {
                id: format!("ex-{number}-{exercises}"),
                question_html: markdown_to_html(&section("question").unwrap_or_default()).0,
                hint_html: section("hint").map(|h| markdown_to_html(&h).0),
                answer_html: markdown_to_html(&answer).0,
                check,
                line: start,
            }));
            continue;
        }
        md.push_str(line);
        md.push('\n');
    }
    flush(&mut md, &mut segments, &mut toc);
    Lesson {
        number,
        slug,
        title,
        summary,
        segments,
        toc,
        problems,
    }
}

/// Reads a `:::check` section: `key: value` lines (see docs/lesson-format.md).
fn parse_check(text: &str) -> Result<Check, String> {
    let mut kv = std::collections::BTreeMap::<String, String>::new();
    for l in text.lines() {
        let l = l.split(" #").next().unwrap_or("").trim();
        if l.is_empty() {
            continue;
        }
        let (k, v) = l
            .split_once(':')
            .ok_or_else(|| format!("check line '{l}' is not 'key: value'"))?;
        if kv
            .insert(k.trim().to_string(), v.trim().to_string())
            .is_some()
        {
            return Err(format!("check has '{}' twice", k.trim()));
        }
    }
    let mut take = |k: &str| kv.remove(k);
    let num = |k: &str, v: Option<String>| -> Result<Option<f64>, String> {
        v.map(|v| {
            v.parse::<f64>()
                .map_err(|_| format!("check '{k}: {v}' is not a number"))
        })
        .transpose()
    };
    let tolerance = Tolerance::parse(&take("tolerance").ok_or("check without 'tolerance:'")?)?;
    let unit = take("unit").unwrap_or_default();
    let expected = if let Some(v) = take("value") {
        Expected::Value(num("value", Some(v))?.unwrap())
    } else {
        let sim = take("sim").ok_or("check needs 'value:' or 'sim:'")?;
        let mut set = Vec::new();
        for a in take("set")
            .unwrap_or_default()
            .split(',')
            .filter(|a| !a.trim().is_empty())
        {
            let (n, x) = a
                .split_once('=')
                .ok_or_else(|| format!("bad setting '{a}' in check"))?;
            set.push((n.trim().to_string(), x.trim().to_string()));
        }
        // Lengths in ms, or in the model's own units (`trials:`) for a model that counts them.
        let (settle_ms, duration_ms) = (
            num("settle_ms", take("settle_ms"))?,
            num("duration_ms", take("duration_ms"))?,
        );
        let (settle_units, units) = (
            num("settle_trials", take("settle_trials"))?,
            num("trials", take("trials"))?,
        );
        let given_in = match (settle_ms.or(duration_ms), settle_units.or(units)) {
            (Some(_), Some(_)) => return Err("check mixes ms ('duration_ms:', 'settle_ms:') and trials ('trials:', 'settle_trials:')".into()),
            (Some(_), None) => Some(LengthUnit::Ms),
            (None, Some(_)) => Some(LengthUnit::Units),
            (None, None) => None,
        };
        let run = RunSpec {
            sim,
            preset: take("preset"),
            set,
            seed: num("seed", take("seed"))?.map_or(1, |s| s as u64),
            settle_ms: settle_ms.or(settle_units).unwrap_or(0.0),
            duration_ms: duration_ms.or(units),
            given_in,
        };
        let measure = take("measure").ok_or("check with 'sim:' needs 'measure:'")?;
        match take("find") {
            None => Expected::Model(Question::Measure { run, measure }),
            Some(param) => {
                let from = num("from", take("from"))?.ok_or("'find:' needs 'from:'")?;
                let to = num("to", take("to"))?.ok_or("'find:' needs 'to:'")?;
                let above = num("above", take("above"))?.ok_or("'find:' needs 'above:'")?;
                // Search finer than the tolerance, so the search error never decides a check.
                let resolution = match tolerance {
                    Tolerance::Absolute(a) => a / 8.0,
                    Tolerance::Relative(r) => r * from.abs().max(to.abs()) / 64.0,
                };
                Expected::Model(Question::Threshold {
                    run,
                    param,
                    from,
                    to,
                    above,
                    measure,
                    resolution,
                })
            }
        }
    };
    if let Some(k) = kv.keys().next() {
        return Err(format!("unknown key '{k}' in check"));
    }
    if let Expected::Model(q) = &expected {
        q.validate().map_err(|e| e.to_string())?;
    }
    Ok(Check {
        expected,
        tolerance,
        unit,
    })
}

/// Every lesson, in course order.
pub fn all() -> Vec<Lesson> {
    let mut v: Vec<Lesson> = LESSON_FILES
        .iter()
        .map(|(slug, src)| parse(slug, src))
        .collect();
    v.sort_by_key(|l| l.number);
    v
}

/// The title and summary of every lesson, cheap (no markdown rendering), for the home page.
pub fn index() -> Vec<(u8, String, String)> {
    let mut v: Vec<(u8, String, String)> = LESSON_FILES
        .iter()
        .map(|(slug, src)| {
            let (meta, _, _) = front_matter(src);
            let get = |k: &str| {
                meta.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let n = get("lecture")
                .parse()
                .unwrap_or_else(|_| slug.get(..2).and_then(|s| s.parse().ok()).unwrap_or(0));
            (n, get("title"), get("summary"))
        })
        .collect();
    v.sort_by_key(|l| l.0);
    v
}

/// One lesson by lecture number.
pub fn by_number(n: u8) -> Option<Lesson> {
    LESSON_FILES
        .iter()
        .map(|(slug, src)| (slug, src))
        .find(|(slug, src)| {
            front_matter(src)
                .0
                .iter()
                .any(|(k, v)| k == "lecture" && v.parse() == Ok(n))
                || slug.starts_with(&format!("{n:02}-"))
        })
        .map(|(slug, src)| parse(slug, src))
}

/// One lesson file as written: its number, title and markdown body (front matter removed).
#[derive(Clone, Copy, Debug)]
pub struct Source {
    pub number: u8,
    pub slug: &'static str,
    pub title: &'static str,
    pub body: &'static str,
}

/// Every lesson file, in course order, without rendering anything.
pub fn lesson_sources() -> Vec<Source> {
    let mut v: Vec<Source> = LESSON_FILES
        .iter()
        .map(|(slug, src)| {
            let (head, body) = match src
                .strip_prefix("---\n")
                .and_then(|r| r.split_once("\n---\n"))
            {
                Some((head, body)) => (head, body),
                None => ("", *src),
            };
            let get = |k: &str| {
                head.lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(key, _)| key.trim() == k)
                    .map(|(_, v)| v.trim())
            };
            let number = get("lecture")
                .and_then(|v| v.parse().ok())
                .or_else(|| slug.get(..2).and_then(|s| s.parse().ok()))
                .unwrap_or(0);
            Source {
                number,
                slug,
                title: get("title").unwrap_or(slug),
                body,
            }
        })
        .collect();
    v.sort_by_key(|s| s.number);
    v
}

/// Every formula of a markdown text (inline and display, not in code), with the source line it
/// starts on (the prose around it).
pub fn formulas(md: &str) -> Vec<(String, &str)> {
    Parser::new_ext(md, Options::ENABLE_MATH | Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let start = md[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let end = md[range.start..]
                    .find('\n')
                    .map_or(md.len(), |i| range.start + i);
                Some((t.to_string(), &md[start..end]))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_found_outside_code() {
        let f = formulas("Text $a_1$ and\n\n$$\\tau_m = RC$$\n\n```\n$not$\n```\n");
        let tex: Vec<&str> = f.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(tex, ["a_1", "\\tau_m = RC"]);
        assert_eq!(f[0].1, "Text $a_1$ and");
    }

    const SRC: &str = "---\nlecture: 3\ntitle: Biophysics\nsummary: One line.\n---\n\nIntro with $V = IR$.\n\n## The membrane\n\nText\n\n```sim\nid: passive\npreset: step\nset: I_ext=0.2\nplots: voltage, fI\nplay: no\n```\n\n```rust\n```sim\n```\n\n:::exercise\nWhat is $\\tau$?\n:::answer\nIt is $RC$.\n:::\n\n## Second part\n\n```sim\nid: passive\n```\n";

    #[test]
    fn parses_front_matter_sims_exercises_and_toc() {
        let l = parse("03-biophysics", SRC);
        assert_eq!(l.number, 3);
        assert_eq!(l.title, "Biophysics");
        assert_eq!(l.summary, "One line.");
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let sims: Vec<_> = l
            .segments
            .iter()
            .filter_map(|s| {
                if let Segment::Sim(b) = s {
                    Some(b)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(sims.len(), 2, "the ```sim inside a rust code block is text");
        assert_eq!(sims[0].id, "passive");
        assert_eq!(sims[0].preset.as_deref(), Some("step"));
        assert_eq!(sims[0].set, vec![("I_ext".to_string(), "0.2".to_string())]);
        assert_eq!(
            (sims[0].plots.clone(), sims[0].play),
            (vec!["voltage".to_string(), "fI".to_string()], false)
        );
        assert_eq!(
            (sims[1].plots.len(), sims[1].play),
            (0, true),
            "all plots, and it plays, unless told"
        );
        assert_eq!(sims[0].anchor, "sim-passive");
        assert_eq!(sims[1].anchor, "sim-passive-2");
        assert_eq!(
            l.toc.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
            ["The membrane", "Second part"]
        );
        let ex = l
            .segments
            .iter()
            .find_map(|s| {
                if let Segment::Exercise(e) = s {
                    Some(e)
                } else {
                    None
                }
            })
            .unwrap();
        assert!(ex.question_html.contains("<math"), "{}", ex.question_html);
        assert!(ex.answer_html.contains("<math"));
        assert_eq!(
            (ex.id.as_str(), ex.check.is_none(), ex.hint_html.is_none()),
            ("ex-3-1", true, true)
        );
    }

    fn exercises(src: &str) -> (Vec<Exercise>, Vec<String>) {
        let l = parse("09-x", &format!("---\nlecture: 9\ntitle: X\n---\n{src}"));
        (
            l.segments
                .into_iter()
                .filter_map(|s| {
                    if let Segment::Exercise(e) = s {
                        Some(e)
                    } else {
                        None
                    }
                })
                .collect(),
            l.problems,
        )
    }

    #[test]
    fn parses_checked_exercises_given_or_computed() {
        let (ex, problems) = exercises(
            ":::exercise\nQ1\n:::check\nvalue: 6.2\ntolerance: 0.2  # absolute\nunit: µA/cm²\n:::hint\nH\n:::answer\nA\n:::\n\n\
             :::exercise\nQ2\n:::check\nsim: poisson\nset: rate=40, t_ref=2\nmeasure: cv_isi\nduration_ms: 5000\nseed: 7\ntolerance: 5%\n:::answer\nA\n:::\n\n\
             :::exercise\nQ3\n:::check\nsim: lif\nfind: I_ext\nfrom: 0\nto: 5\nabove: 0.5\nmeasure: rate_hz\ntolerance: 0.08\n:::answer\nA\n:::\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            ex.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["ex-9-1", "ex-9-2", "ex-9-3"]
        );
        let c = ex[0].check.as_ref().unwrap();
        assert_eq!(
            (c.expected.clone(), c.tolerance, c.unit.as_str()),
            (Expected::Value(6.2), Tolerance::Absolute(0.2), "µA/cm²")
        );
        assert!(ex[0].hint_html.as_deref().unwrap().contains('H'));
        let Expected::Model(Question::Measure { run, measure }) =
            &ex[1].check.as_ref().unwrap().expected
        else {
            panic!()
        };
        assert_eq!(
            (run.seed, run.duration_ms, measure.as_str(), run.set.len()),
            (7, Some(5000.0), "cv_isi", 2)
        );
        assert_eq!(
            ex[1].check.as_ref().unwrap().tolerance,
            Tolerance::Relative(0.05)
        );
        let Expected::Model(Question::Threshold {
            param, resolution, ..
        }) = &ex[2].check.as_ref().unwrap().expected
        else {
            panic!()
        };
        assert_eq!((param.as_str(), *resolution), ("I_ext", 0.01));
    }

    #[test]
    fn refuses_malformed_checks_with_the_reason() {
        for (src, why) in [
            (":::check\nvalue: 1\n:::answer\nA\n", "without 'tolerance:'"),
            (":::check\nvalue: x\ntolerance: 1\n:::answer\nA\n", "not a number"),
            (":::check\ntolerance: 1\n:::answer\nA\n", "'value:' or 'sim:'"),
            (":::check\nsim: hh\nmeasure: nope\ntolerance: 1\n:::answer\nA\n", "no measure 'nope'"),
            (":::check\nsim: hh\npreset: nope\nmeasure: rate_hz\ntolerance: 1\n:::answer\nA\n", "nope"),
            (":::check\nvalue: 1\ntolerance: 1\ncolour: red\n:::answer\nA\n", "unknown key 'colour'"),
            (":::check\nsim: lif\nfind: I_ext\nfrom: 0\nto: 99\nabove: 1\nmeasure: rate_hz\ntolerance: 1\n:::answer\nA\n", "I_ext"),
            (":::check\nvalue: 1\ntolerance: 1\n", "without ':::answer'"),
            (":::hint\nH\n:::hints\n:::answer\nA\n", "unknown exercise section"),
        ] {
            let (_, problems) = exercises(&format!(":::exercise\nQ\n{src}:::\n"));
            assert!(problems.iter().any(|p| p.contains(why)), "{src:?}: expected a problem with '{why}', got {problems:?}");
        }
    }

    #[test]
    fn reports_malformed_blocks() {
        let l = parse("x", "---\nlecture: 1\ntitle: X\n---\n```sim\npreset: a\n");
        assert!(l.problems.iter().any(|p| p.contains("not closed")));
        assert!(l.problems.iter().any(|p| p.contains("without 'id:'")));
    }
}
