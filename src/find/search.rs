//! Full-text search over the lessons, entirely in the browser. The index is built once, on the
//! first search, from the rendered lessons: one document per section (the text from a heading to
//! the next), one per lecture title, one per simulation. A query matches a document when every
//! one of its words occurs in it, ignoring case and accents.

use crate::shared::course::{self as lesson, Lesson, Segment};
use crate::shared::route::{to_hash, Route};
use crate::shared::text::{fold, fold_char};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lecture,
    Section,
    Simulation,
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub lecture: u8,
    pub kind: Kind,
    /// Heading id or simulation anchor in the lecture page (`None`: the top of the page).
    pub anchor: Option<String>,
    pub heading: String,
    /// Plain text (markdown, HTML and math reduced to words), and the same folded.
    text: Vec<char>,
    folded: Vec<char>,
    folded_heading: Vec<char>,
}

#[derive(Clone, Debug)]
pub struct Index {
    docs: Vec<Doc>,
    titles: Vec<(u8, String)>,
}

/// One match: where it links and a snippet of text around the first hit, as (text, highlighted)
/// pieces.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub href: String,
    pub kind: Kind,
    pub heading: String,
    pub snippet: Vec<(String, bool)>,
    pub score: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub lecture: u8,
    pub title: String,
    pub hits: Vec<Hit>,
}

/// The words of a query, folded; empty words dropped.
pub fn query_words(q: &str) -> Vec<Vec<char>> {
    let mut words: Vec<Vec<char>> = Vec::new();
    for w in fold(q).split_whitespace() {
        let w: Vec<char> = w
            .trim_matches(|c: char| {
                matches!(c, '"' | '\'' | ',' | ';' | '.' | '?' | '!' | '(' | ')')
            })
            .chars()
            .collect();
        if !w.is_empty() && !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

fn find_from(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

fn count(hay: &[char], needle: &[char], cap: u32) -> u32 {
    let mut n = 0;
    let mut at = 0;
    while let Some(i) = find_from(hay, needle, at) {
        n += 1;
        if n >= cap {
            break;
        }
        at = i + needle.len();
    }
    n
}

/// Appends the text of rendered lesson HTML to `sections`, starting a new section at every
/// heading. Math contributes the words of its TeX source (MathML's `<annotation>`); the
/// glossary links under equations contribute nothing.
fn walk_html(html: &str, sections: &mut Vec<(Option<String>, String, String)>) {
    let mut in_math = false;
    let mut in_annotation = false;
    let mut in_heading = false;
    // Depth of the spans inside a glossary line (skipped: link names, not lesson text).
    let mut skip_span = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tag_body) = rest.strip_prefix('<') {
            let end = tag_body.find('>').unwrap_or(tag_body.len());
            let tag = &tag_body[..end];
            rest = tag_body.get(end + 1..).unwrap_or("");
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let is_heading =
                name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
            match (name.as_str(), closing) {
                ("math", false) => in_math = true,
                ("math", true) => in_math = false,
                ("annotation", false) => in_annotation = true,
                ("annotation", true) => in_annotation = false,
                ("span", false) if skip_span > 0 || tag.contains("eq-symbols") => skip_span += 1,
                ("span", true) if skip_span > 0 => skip_span -= 1,
                _ if is_heading && !closing => {
                    let id = tag
                        .split_once("id=\"")
                        .and_then(|(_, r)| r.split_once('"'))
                        .map(|(id, _)| id.to_string());
                    sections.push((id, String::new(), String::new()));
                    in_heading = true;
                }
                _ if is_heading && closing => in_heading = false,
                _ => {}
            }
            // Block ends separate words.
            if closing || name == "br" || name == "li" || name == "td" {
                if let Some(s) = sections.last_mut() {
                    if !s.2.ends_with(' ') {
                        s.2.push(' ');
                    }
                }
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let chunk = &rest[..end];
        rest = &rest[end..];
        if skip_span > 0 || (in_math && !in_annotation) {
            continue;
        }
        let text = if in_annotation {
            format!(" {} ", crate::shared::tex::to_text(&unescape(chunk)))
        } else {
            unescape(chunk)
        };
        if sections.is_empty() {
            sections.push((None, String::new(), String::new()));
        }
        let s = sections.last_mut().expect("a section");
        if in_heading {
            s.1.push_str(&text);
        } else {
            s.2.push_str(&text);
        }
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Index {
    /// Builds the index of these lessons.
    pub fn build(lessons: &[Lesson]) -> Index {
        let mut docs = Vec::new();
        let mut titles = Vec::new();
        for l in lessons {
            titles.push((l.number, l.title.clone()));
            docs.push(Doc::new(
                l.number,
                Kind::Lecture,
                None,
                l.title.clone(),
                &l.summary,
            ));
            let mut sections: Vec<(Option<String>, String, String)> = Vec::new();
            for seg in &l.segments {
                match seg {
                    Segment::Html(h) => walk_html(h, &mut sections),
                    Segment::Sim(b) => {
                        // A simulation is found by its id and its title.
                        let title = neurolive_core::registry::find(&b.id)
                            .map(|e| e.spec.title)
                            .unwrap_or("");
                        let heading = if title.is_empty() {
                            format!("Simulation {}", b.id)
                        } else {
                            format!("Simulation: {title}")
                        };
                        let body = format!("{} {}", b.id, b.caption.clone().unwrap_or_default());
                        docs.push(Doc::new(
                            l.number,
                            Kind::Simulation,
                            Some(b.anchor.clone()),
                            heading,
                            &body,
                        ));
                    }
                    // Exercises are left out: their answers are hidden until asked for.
                    _ => {}
                }
            }
            for (anchor, heading, body) in sections {
                let heading = squash(&heading);
                let heading = if anchor.is_none() && heading.is_empty() {
                    l.title.clone()
                } else {
                    heading
                };
                docs.push(Doc::new(
                    l.number,
                    Kind::Section,
                    anchor,
                    heading,
                    &squash(&body),
                ));
            }
        }
        Index { docs, titles }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The matches of a query, grouped by lecture; the lecture with the best match first, and
    /// within a lecture the matches in page order.
    pub fn search(&self, q: &str) -> Vec<Group> {
        let words = query_words(q);
        if words.is_empty() {
            return vec![];
        }
        let mut groups: Vec<Group> = Vec::new();
        for d in &self.docs {
            let Some(score) = d.score(&words) else {
                continue;
            };
            let href = to_hash(
                &Route::Lecture {
                    n: d.lecture,
                    target: d.anchor.clone(),
                },
                &[],
            );
            let hit = Hit {
                href,
                kind: d.kind,
                heading: d.heading.clone(),
                snippet: d.snippet(&words),
                score,
            };
            match groups.iter_mut().find(|g| g.lecture == d.lecture) {
                Some(g) => g.hits.push(hit),
                None => {
                    let title = self
                        .titles
                        .iter()
                        .find(|(n, _)| *n == d.lecture)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default();
                    groups.push(Group {
                        lecture: d.lecture,
                        title,
                        hits: vec![hit],
                    });
                }
            }
        }
        let best = |g: &Group| g.hits.iter().map(|h| h.score).max().unwrap_or(0);
        groups.sort_by(|a, b| best(b).cmp(&best(a)).then(a.lecture.cmp(&b.lecture)));
        groups
    }
}

impl Doc {
    fn new(lecture: u8, kind: Kind, anchor: Option<String>, heading: String, body: &str) -> Doc {
        let text: Vec<char> = body.chars().collect();
        let folded = text.iter().map(|&c| fold_char(c)).collect();
        let folded_heading = heading.chars().map(fold_char).collect();
        Doc {
            lecture,
            kind,
            anchor,
            heading,
            text,
            folded,
            folded_heading,
        }
    }

    /// `None` unless every word occurs in the heading or the text; otherwise a relevance score
    /// (heading hits weigh most, then repeated hits in the text).
    fn score(&self, words: &[Vec<char>]) -> Option<u32> {
        let mut score = match self.kind {
            Kind::Lecture => 6,
            Kind::Simulation => 4,
            Kind::Section => 0,
        };
        for w in words {
            let in_heading = find_from(&self.folded_heading, w, 0).is_some();
            let in_text = count(&self.folded, w, 10);
            if !in_heading && in_text == 0 {
                return None;
            }
            score += if in_heading { 20 } else { 0 } + in_text;
        }
        Some(score)
    }

    /// About 200 characters of text around the first hit, cut at word boundaries, with every
    /// occurrence of every word marked.
    fn snippet(&self, words: &[Vec<char>]) -> Vec<(String, bool)> {
        const BEFORE: usize = 70;
        const AFTER: usize = 150;
        let n = self.text.len();
        let first = words
            .iter()
            .filter_map(|w| find_from(&self.folded, w, 0))
            .min();
        let (mut a, mut b) = match first {
            Some(i) => (i.saturating_sub(BEFORE), (i + AFTER).min(n)),
            None => (0, (BEFORE + AFTER).min(n)),
        };
        if a > 0 {
            // Start at a word.
            while a < n && !self.text[a - 1].is_whitespace() && a < first.unwrap_or(0) {
                a += 1;
            }
        }
        if b < n {
            while b > a && !self.text[b].is_whitespace() && b > first.unwrap_or(0) + 1 {
                b -= 1;
            }
        }
        // Marks: every occurrence of any word inside [a, b).
        let mut marked = vec![false; b - a];
        for w in words {
            let mut at = a;
            while let Some(i) = find_from(&self.folded[..b], w, at) {
                for m in &mut marked[i - a..i - a + w.len()] {
                    *m = true;
                }
                at = i + 1;
            }
        }
        let mut out: Vec<(String, bool)> = Vec::new();
        for (k, c) in self.text[a..b].iter().enumerate() {
            match out.last_mut() {
                Some((s, m)) if *m == marked[k] => s.push(*c),
                _ => out.push((c.to_string(), marked[k])),
            }
        }
        if a > 0 {
            out.insert(0, ("… ".to_string(), false));
        }
        if b < n {
            out.push((" …".to_string(), false));
        }
        out
    }
}

/// The index of the course's lessons, built on first use.
pub fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(&lesson::all()))
}

/// The line above the results: how many, or what to do when there are none.
pub fn summary(q: &str, groups: &[Group]) -> String {
    let q = q.trim();
    if query_words(q).is_empty() {
        return "Type one or more words to search all lectures: titles, sections, text and simulations.".to_string();
    }
    let hits: usize = groups.iter().map(|g| g.hits.len()).sum();
    match (hits, groups.len()) {
        (0, _) => format!("No results for “{q}”. Check the spelling, or use fewer or shorter words: every word must appear in the same section."),
        (1, _) => format!("1 result for “{q}”."),
        (h, 1) => format!("{h} results for “{q}” in 1 lecture."),
        (h, g) => format!("{h} results for “{q}” in {g} lectures."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(n: u8, body: &str) -> Lesson {
        let src = format!(
            "---\nlecture: {n}\ntitle: Lecture {n}\nsummary: About lecture {n}.\n---\n{body}"
        );
        lesson::parse(Box::leak(format!("{n:02}-x").into_boxed_str()), &src)
    }

    #[test]
    fn finds_sections_and_marks_words() {
        let idx = Index::build(&[
            lesson(1, "Intro text.\n\n## Poisson spikes\n\nThe Poisson process is memoryless.\n\n## Other\n\nNothing here but Cramér–Rao.\n"),
            lesson(2, "## Synapses\n\nConductance and $\\mathrm{NMDA}$ receptors.\n\n$$\\tau_m \\frac{dV}{dt} = -V$$\n\nAfter the equation.\n"),
        ]);
        let g = idx.search("poisson");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].lecture, 1);
        assert_eq!(g[0].hits[0].href, "#/lecture/1/poisson-spikes");
        let marked: Vec<&str> = g[0].hits[0]
            .snippet
            .iter()
            .filter(|(_, m)| *m)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(marked, ["Poisson"]);
        // Accents and case are ignored, math is searchable.
        assert_eq!(idx.search("CRAMER")[0].hits[0].href, "#/lecture/1/other");
        assert_eq!(idx.search("nmda")[0].lecture, 2);
        // The glossary line under an equation is not lesson text; the text after it is.
        assert!(idx.search("membrane time constant").is_empty());
        assert_eq!(idx.search("after the equation")[0].lecture, 2);
        // All words must occur.
        assert!(idx.search("poisson synapses").is_empty());
        assert_eq!(idx.search("process memoryless").len(), 1);
        assert!(summary("zzz", &idx.search("zzz")).starts_with("No results"));
    }
}
