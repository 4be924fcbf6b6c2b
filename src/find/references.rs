//! The references of every lecture, read from the list under each lesson's "References" heading,
//! and the same de-duplicated into one alphabetical bibliography.

use crate::shared::course::lesson_sources;
use crate::shared::text::{fold, slug};
use pulldown_cmark::{html, Options, Parser};

/// Headings under which a lesson lists its citations.
const HEADINGS: [&str; 5] = [
    "references",
    "further reading",
    "bibliography",
    "literature",
    "sources",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The item as written (markdown).
    pub markdown: String,
    /// The same as inline HTML (italics for titles).
    pub html: String,
    /// The work cited without a lecture's note on which chapters to read: authors, year, title
    /// and where it was published. Inline HTML.
    pub work_html: String,
    /// Identifies the work: folded first author's surname, year, main title.
    pub key: String,
    /// Sort key for the bibliography: surname, year, title.
    pub sort: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LectureReferences {
    pub lecture: u8,
    pub title: String,
    /// The heading's anchor in the lecture page.
    pub anchor: String,
    pub items: Vec<Reference>,
}

/// One work of the bibliography and the lectures that cite it.
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    pub reference: Reference,
    pub lectures: Vec<u8>,
}

/// Inline markdown → HTML, without the paragraph around it.
fn inline_html(md: &str) -> String {
    let mut out = String::new();
    html::push_html(
        &mut out,
        Parser::new_ext(md, Options::ENABLE_SMART_PUNCTUATION),
    );
    let t = out.trim();
    t.strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_string()
}

/// The list items under the references heading of a markdown text, and the heading's text.
pub fn extract(md: &str) -> Option<(String, Vec<String>)> {
    let mut lines = md.lines().peekable();
    let mut heading = None;
    let mut level = 0;
    for l in lines.by_ref() {
        let t = l.trim_end();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && t[hashes..].starts_with(' ') {
            let text = t[hashes..].trim();
            if HEADINGS.contains(&fold(text).trim_end_matches(':')) {
                heading = Some(text.to_string());
                level = hashes;
                break;
            }
        }
    }
    let heading = heading?;
    let mut items: Vec<String> = Vec::new();
    let mut in_fence = false;
    for l in lines {
        let t = l.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && hashes <= level && t[hashes..].starts_with(' ') {
            break; // the next section
        }
        let marker = ["- ", "* ", "+ "]
            .iter()
            .find(|m| t.starts_with(*m))
            .map(|m| m.len())
            .or_else(|| {
                // "1. " or "1) "
                let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
                (digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")))
                    .then_some(digits + 2)
            });
        match marker {
            Some(m) => items.push(t[m..].trim().to_string()),
            // An indented or lazy continuation line belongs to the item above.
            None if !t.is_empty() && !items.is_empty() && l.starts_with([' ', '\t']) => {
                let last = items.last_mut().expect("an item");
                last.push(' ');
                last.push_str(t);
            }
            None => {}
        }
    }
    Some((heading, items))
}

/// `(authors, year, rest)` of "Authors (1952). Rest", if the item has that form.
fn split_year(md: &str) -> Option<(&str, &str, &str)> {
    let open = md.find(" (")?;
    let close = md[open..].find(')')? + open;
    let year = &md[open + 2..close];
    let digits: String = year.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.len() == 4).then(|| {
        (
            md[..open].trim(),
            year,
            md[close + 1..].trim_start_matches('.').trim(),
        )
    })
}

fn surname(authors: &str) -> &str {
    let first = authors.split(" and ").next().unwrap_or(authors);
    let first = first.split(", ").next().unwrap_or(first);
    // "C. van Vreeswijk" → "van Vreeswijk"; "P. Dayan" → "Dayan".
    let words: Vec<&str> = first
        .split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .collect();
    match words.as_slice() {
        [] => first,
        _ => {
            let start = first.find(words[0]).unwrap_or(0);
            &first[start..]
        }
    }
}

/// Parses one item: its work (without a lecture's reading notes) and its keys.
pub fn reference(md: &str) -> Reference {
    let md = md.trim().to_string();
    let (key, sort, work) = match split_year(&md) {
        Some((authors, year, rest)) => {
            // The title ends at the first sentence end; a book's title is the italic part.
            let bare = rest.trim_start_matches('*');
            let title_end = bare.find(['.', '?', ':', '*']).unwrap_or(bare.len());
            let title = &bare[..title_end];
            let surname = surname(authors);
            let key = format!(
                "{}|{}|{}",
                fold(surname),
                &year[..4],
                fold(title).split_whitespace().collect::<Vec<_>>().join(" ")
            );
            let sort = format!(
                "{}|{}|{}",
                fold(surname.trim_start_matches("van ").trim_start_matches("de ")),
                year,
                fold(title)
            );
            // The work: up to the end of the sentence that follows the last italic part of the
            // citation's head (the journal and its pages, or the book's publisher).
            let stars: Vec<usize> = rest.match_indices('*').map(|(i, _)| i).collect();
            let work_end = if stars.len() >= 2 {
                let after = stars[1] + 1;
                rest[after..]
                    .find(". ")
                    .map(|i| after + i + 1)
                    .unwrap_or(rest.len())
            } else {
                rest.len()
            };
            let work = format!("{authors} ({year}). {}", rest[..work_end].trim());
            (key, sort, work)
        }
        None => {
            let k = fold(&md)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>();
            (k.clone(), k, md.clone())
        }
    };
    Reference {
        html: inline_html(&md),
        work_html: inline_html(&work),
        markdown: md,
        key,
        sort,
    }
}

/// Every lecture's references, in course order (lectures without a references section left out).
pub fn by_lecture() -> Vec<LectureReferences> {
    lesson_sources()
        .into_iter()
        .filter_map(|s| {
            let (heading, items) = extract(s.body)?;
            Some(LectureReferences {
                lecture: s.number,
                title: s.title.to_string(),
                anchor: slug(&heading),
                items: items.iter().map(|i| reference(i)).collect(),
            })
        })
        .collect()
}

/// All works cited, each once, in alphabetical order of the first author, with the lectures
/// citing them. The first lecture's wording of a work is kept.
pub fn bibliography(lectures: &[LectureReferences]) -> Vec<Work> {
    let mut works: Vec<Work> = Vec::new();
    for l in lectures {
        for r in &l.items {
            match works.iter_mut().find(|w| w.reference.key == r.key) {
                Some(w) => {
                    if !w.lectures.contains(&l.lecture) {
                        w.lectures.push(l.lecture);
                    }
                }
                None => works.push(Work {
                    reference: r.clone(),
                    lectures: vec![l.lecture],
                }),
            }
        }
    }
    works.sort_by(|a, b| a.reference.sort.cmp(&b.reference.sort));
    works
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_under_the_heading_only() {
        let md = "## Intro\n\n- not a reference\n\n## References\n\n- A. B. Smith (1999). A title. *J. Neurosci.* 1:2–3.\n- C. Jones and D. Doe (2001). *A Book: With a Subtitle.* Press. Ch. 2\n  (continued).\n\n## After\n\n- no\n";
        let (h, items) = extract(md).unwrap();
        assert_eq!(h, "References");
        assert_eq!(items.len(), 2);
        assert!(items[1].ends_with("Ch. 2 (continued)."));
        let r = reference(&items[1]);
        assert_eq!(r.key, "jones|2001|a book");
        assert!(
            r.html.contains("<em>A Book: With a Subtitle.</em>"),
            "{}",
            r.html
        );
        assert!(!r.work_html.contains("Ch. 2"), "{}", r.work_html);
        assert!(r.work_html.ends_with("Press."), "{}", r.work_html);
    }

    #[test]
    fn the_same_work_cited_twice_is_listed_once() {
        let a = reference("P. Dayan and L. F. Abbott (2001). *Theoretical Neuroscience: Computational and Mathematical Modeling.* MIT Press. Ch. 1.");
        let b = reference("P. Dayan and L. F. Abbott (2001). *Theoretical Neuroscience.* MIT Press. Ch. 7 (networks).");
        assert_eq!(a.key, b.key);
        let v = reference("C. van Vreeswijk and H. Sompolinsky (1996). Chaos in neuronal networks. *Science* 274:1724–1726.");
        assert!(v.sort.starts_with("vreeswijk|1996"), "{}", v.sort);
        assert!(v.work_html.ends_with("274:1724–1726."), "{}", v.work_html);
    }
}
