//! Finding your way through the course: a search over all lessons, a glossary of the equations'
//! symbols, and the references of every lecture. All of it is computed in the browser from the
//! lessons embedded in the app, so it works offline.

pub mod glossary;
pub mod references;
pub mod search;
pub mod tex;
pub mod view;

use crate::lesson::LESSON_FILES;
use pulldown_cmark::{Event, Options, Parser};

/// Lower case, accents removed, dashes and quotes made plain: one character for one, so that a
/// position in the folded text is the same position in the original.
pub fn fold_char(c: char) -> char {
    let l = if c.is_uppercase() { c.to_lowercase().next().unwrap_or(c) } else { c };
    match l {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' => 's',
        'ž' => 'z',
        '‘' | '’' | 'ʼ' => '\'',
        '“' | '”' => '"',
        '‐' | '‑' | '–' | '—' | '−' => '-',
        '\u{a0}' => ' ',
        c => c,
    }
}

/// `fold_char` over a string.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
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
            let (head, body) = match src.strip_prefix("---\n").and_then(|r| r.split_once("\n---\n")) {
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
            Source { number, slug, title: get("title").unwrap_or(slug), body }
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
                let end = md[range.start..].find('\n').map_or(md.len(), |i| range.start + i);
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
    fn folding_keeps_positions() {
        let s = "Cramér–Rao, Naïve ÆB";
        let f = fold(s);
        assert_eq!(f.chars().count(), s.chars().count());
        assert!(f.starts_with("cramer-rao, naive"), "{f}");
    }

    #[test]
    fn formulas_are_found_outside_code() {
        let f = formulas("Text $a_1$ and\n\n$$\\tau_m = RC$$\n\n```\n$not$\n```\n");
        let tex: Vec<&str> = f.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(tex, ["a_1", "\\tau_m = RC"]);
        assert_eq!(f[0].1, "Text $a_1$ and");
    }
}
