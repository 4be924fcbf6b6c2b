//! Lessons: markdown files with front matter, `sim` blocks and `:::exercise` blocks, turned into
//! segments the page renders (HTML with MathML, live simulations, exercises).

mod markdown;
pub mod view;

pub use markdown::{markdown_to_html, markdown_to_html_ids, math_to_mathml, slug};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A `sim` block: which simulation, which preset, and optional settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SimBlock {
    pub id: String,
    pub preset: Option<String>,
    pub caption: Option<String>,
    /// `name=value` settings applied after the preset (`set: I_ext=5, g_Na=60`).
    pub set: Vec<(String, String)>,
    /// Anchor of this block in the page, unique within the lesson (`sim-hh`, `sim-hh-2`).
    pub anchor: String,
    /// Line of the block in the markdown file (for error messages).
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    Html(String),
    Sim(SimBlock),
    Exercise { question_html: String, answer_html: String },
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
    let Some(rest) = src.strip_prefix("---\n") else { return (vec![], src, 0) };
    let Some(end) = rest.find("\n---\n") else { return (vec![], src, 0) };
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
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let mut problems = Vec::new();
    let number = get("lecture").and_then(|v| v.parse().ok()).unwrap_or_else(|| {
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
                    Some(("set", v)) => {
                        for a in v.split(',').filter(|a| !a.trim().is_empty()) {
                            match a.split_once('=') {
                                Some((n, x)) => block.set.push((n.trim().to_string(), x.trim().to_string())),
                                None => problems.push(format!("{slug} line {}: bad setting '{a}'", block.line)),
                            }
                        }
                    }
                    _ if l.trim().is_empty() => {}
                    _ => problems.push(format!("{slug} line {}: unknown line in sim block: '{l}'", block.line)),
                }
            }
            if !closed {
                problems.push(format!("{slug} line {}: sim block is not closed", block.line));
            }
            if block.id.is_empty() {
                problems.push(format!("{slug} line {}: sim block without 'id:'", block.line));
            }
            let n = sim_count.entry(block.id.clone()).or_insert(0);
            *n += 1;
            block.anchor = if *n == 1 { format!("sim-{}", block.id) } else { format!("sim-{}-{}", block.id, n) };
            segments.push(Segment::Sim(block));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            in_fence = Some(fence);
            md.push_str(line);
            md.push('\n');
            continue;
        }
        if trimmed.trim_end() == ":::exercise" {
            flush(&mut md, &mut segments, &mut toc);
            let start = body_line0 + i + 1;
            let (mut q, mut a) = (String::new(), String::new());
            let mut in_answer = false;
            let mut closed = false;
            for (_, l) in lines.by_ref() {
                match l.trim() {
                    ":::answer" => in_answer = true,
                    ":::" => {
                        closed = true;
                        break;
                    }
                    _ => {
                        let target = if in_answer { &mut a } else { &mut q };
                        target.push_str(l);
                        target.push('\n');
                    }
                }
            }
            if !closed {
                problems.push(format!("{slug} line {start}: exercise block is not closed with ':::'"));
            }
            if !in_answer {
                problems.push(format!("{slug} line {start}: exercise without ':::answer'"));
            }
            segments.push(Segment::Exercise {
                question_html: markdown_to_html(&q).0,
                answer_html: markdown_to_html(&a).0,
            });
            continue;
        }
        md.push_str(line);
        md.push('\n');
    }
    flush(&mut md, &mut segments, &mut toc);
    Lesson { number, slug, title, summary, segments, toc, problems }
}

/// Every lesson, in course order.
pub fn all() -> Vec<Lesson> {
    let mut v: Vec<Lesson> = LESSON_FILES.iter().map(|(slug, src)| parse(slug, src)).collect();
    v.sort_by_key(|l| l.number);
    v
}

/// The title and summary of every lesson, cheap (no markdown rendering), for the home page.
pub fn index() -> Vec<(u8, String, String)> {
    let mut v: Vec<(u8, String, String)> = LESSON_FILES
        .iter()
        .map(|(slug, src)| {
            let (meta, _, _) = front_matter(src);
            let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
            let n = get("lecture").parse().unwrap_or_else(|_| slug.get(..2).and_then(|s| s.parse().ok()).unwrap_or(0));
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
        .find(|(slug, src)| front_matter(src).0.iter().any(|(k, v)| k == "lecture" && v.parse() == Ok(n)) || slug.starts_with(&format!("{n:02}-")))
        .map(|(slug, src)| parse(slug, src))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "---\nlecture: 3\ntitle: Biophysics\nsummary: One line.\n---\n\nIntro with $V = IR$.\n\n## The membrane\n\nText\n\n```sim\nid: passive\npreset: step\nset: I_ext=0.2\n```\n\n```rust\n```sim\n```\n\n:::exercise\nWhat is $\\tau$?\n:::answer\nIt is $RC$.\n:::\n\n## Second part\n\n```sim\nid: passive\n```\n";

    #[test]
    fn parses_front_matter_sims_exercises_and_toc() {
        let l = parse("03-biophysics", SRC);
        assert_eq!(l.number, 3);
        assert_eq!(l.title, "Biophysics");
        assert_eq!(l.summary, "One line.");
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let sims: Vec<_> = l.segments.iter().filter_map(|s| if let Segment::Sim(b) = s { Some(b) } else { None }).collect();
        assert_eq!(sims.len(), 2, "the ```sim inside a rust code block is text");
        assert_eq!(sims[0].id, "passive");
        assert_eq!(sims[0].preset.as_deref(), Some("step"));
        assert_eq!(sims[0].set, vec![("I_ext".to_string(), "0.2".to_string())]);
        assert_eq!(sims[0].anchor, "sim-passive");
        assert_eq!(sims[1].anchor, "sim-passive-2");
        assert_eq!(l.toc.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["The membrane", "Second part"]);
        let ex = l.segments.iter().find_map(|s| if let Segment::Exercise { question_html, answer_html } = s { Some((question_html, answer_html)) } else { None }).unwrap();
        assert!(ex.0.contains("<math"), "{}", ex.0);
        assert!(ex.1.contains("<math"));
    }

    #[test]
    fn reports_malformed_blocks() {
        let l = parse("x", "---\nlecture: 1\ntitle: X\n---\n```sim\npreset: a\n");
        assert!(l.problems.iter().any(|p| p.contains("not closed")));
        assert!(l.problems.iter().any(|p| p.contains("without 'id:'")));
    }
}
