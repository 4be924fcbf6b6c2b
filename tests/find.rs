//! Finding your way: the search over all lessons, the glossary of symbols and the references page,
//! checked against the lesson files themselves (no expected result is written down here).

use neurolive_app::find::{references, search};
use neurolive_app::shared::course::lesson_sources;
use neurolive_app::shared::course::{self as lesson, Segment};
use neurolive_app::shared::symbols as glossary;
use neurolive_app::shared::text::fold;
use neurolive_core::registry;
use std::collections::HashSet;

/// The heading and simulation ids of a lecture page.
fn anchors(n: u8) -> HashSet<String> {
    let l = lesson::by_number(n).expect("lecture");
    let mut ids = HashSet::new();
    for seg in &l.segments {
        match seg {
            Segment::Html(h) => {
                for part in h.split(" id=\"").skip(1) {
                    ids.insert(part.split('"').next().unwrap().to_string());
                }
            }
            Segment::Sim(b) => {
                ids.insert(b.anchor.clone());
            }
            _ => {}
        }
    }
    ids
}

/// Everything a search could see, folded: every lesson file and every simulation's name.
fn haystacks() -> Vec<(u8, String)> {
    let mut v: Vec<(u8, String)> = lesson_sources()
        .iter()
        .map(|s| (s.number, fold(&format!("{} {}", s.title, s.body))))
        .collect();
    let names: String = registry::MODELS
        .iter()
        .map(|m| format!("{} {} ", m.spec.id, m.spec.title))
        .collect();
    v.push((0, fold(&names)));
    v
}

/// Words of 9+ letters that occur in exactly one lesson file (and in no simulation name), with
/// that lesson, taken from the prose of each lesson in order.
fn unique_words() -> Vec<(String, u8)> {
    let hay = haystacks();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for s in lesson_sources() {
        for line in s.body.lines() {
            // Prose only: no headings, tables, code or math.
            if line.starts_with(['#', '|', '`', ' ']) || line.contains('$') {
                continue;
            }
            for w in line.split(|c: char| !c.is_alphabetic()) {
                let w = fold(w);
                if w.chars().count() < 9 || !seen.insert(w.clone()) {
                    continue;
                }
                let holders: Vec<u8> = hay
                    .iter()
                    .filter(|(_, h)| h.contains(&w))
                    .map(|(n, _)| *n)
                    .collect();
                if holders == [s.number] {
                    out.push((w, s.number));
                }
            }
        }
    }
    out
}

#[test]
fn search_finds_a_term_that_only_one_lesson_uses_and_links_to_its_section() {
    let idx = search::index();
    let words = unique_words();
    let mut checked = HashSet::new();
    for (w, n) in &words {
        if checked.contains(n) {
            continue; // one word per lecture is enough
        }
        let groups = idx.search(w);
        if groups.is_empty() {
            continue; // a word only in an exercise (not indexed): try the next one
        }
        assert_eq!(
            groups.len(),
            1,
            "'{w}' is only in lecture {n}, but the search finds it in {:?}",
            groups.iter().map(|g| g.lecture).collect::<Vec<_>>()
        );
        assert_eq!(groups[0].lecture, *n, "'{w}'");
        let ids = anchors(*n);
        for h in &groups[0].hits {
            let prefix = format!("#/lecture/{n}");
            assert!(h.href.starts_with(&prefix), "{}", h.href);
            if let Some(anchor) = h.href.strip_prefix(&format!("{prefix}/")) {
                assert!(
                    ids.contains(anchor),
                    "'{w}': link to #{anchor}, which lecture {n} does not have"
                );
            }
            let marked: String = h
                .snippet
                .iter()
                .filter(|(_, m)| *m)
                .map(|(s, _)| fold(s))
                .collect();
            assert!(
                marked.contains(w.as_str()) || fold(&h.heading).contains(w.as_str()),
                "'{w}' highlighted in {:?}",
                h.snippet
            );
        }
        checked.insert(*n);
    }
    for n in [1, 2, 3] {
        assert!(
            checked.contains(&n),
            "no unique word of lecture {n} was found by the search (candidates: {:?})",
            words
                .iter()
                .filter(|(_, m)| *m == n)
                .take(5)
                .collect::<Vec<_>>()
        );
    }
}

fn hrefs(q: &str) -> HashSet<String> {
    search::index()
        .search(q)
        .into_iter()
        .flat_map(|g| g.hits)
        .map(|h| h.href)
        .collect()
}

#[test]
fn a_query_of_several_words_needs_all_of_them() {
    let words = [
        "poisson",
        "membrane",
        "threshold",
        "synapse",
        "conductance",
        "inhibition",
    ];
    let mut narrower = 0;
    for a in words {
        for b in words {
            if a >= b {
                continue;
            }
            let (ra, rb, both) = (
                hrefs(a),
                hrefs(b),
                hrefs(&format!("{a} {}", b.to_uppercase())),
            );
            assert!(
                !ra.is_empty() && !rb.is_empty(),
                "'{a}' and '{b}' are in the course"
            );
            let expected: HashSet<String> = ra.intersection(&rb).cloned().collect();
            assert_eq!(both, expected, "'{a} {b}' = the sections with both");
            if both.len() < ra.len().min(rb.len()) {
                narrower += 1;
            }
        }
    }
    assert!(narrower > 0, "a second word narrows the results");
}

#[test]
fn a_query_without_match_says_so() {
    let idx = search::index();
    for q in ["qzxjvw", "poisson qzxjvw", "   "] {
        let g = idx.search(q);
        assert!(g.is_empty(), "{q}: {g:?}");
        let s = search::summary(q, &g);
        if q.trim().is_empty() {
            assert!(s.starts_with("Type"), "{s}");
        } else {
            assert!(s.starts_with("No results for “"), "{s}");
        }
    }
    let g = idx.search("kuramoto");
    assert!(search::summary("kuramoto", &g).contains("result"), "found");
}

#[test]
fn simulations_are_found_by_id_and_title() {
    let l = lesson::by_number(3).unwrap();
    for seg in &l.segments {
        let Segment::Sim(b) = seg else { continue };
        let want = format!("#/lecture/3/{}", b.anchor);
        assert!(
            hrefs(&b.id).contains(&want),
            "search '{}' links to {want}",
            b.id
        );
        let title = registry::find(&b.id).unwrap().spec.title;
        assert!(
            hrefs(title).contains(&want),
            "search '{title}' links to {want}"
        );
    }
}

#[test]
fn every_glossary_entry_appears_in_a_lesson_and_renders() {
    assert!(glossary::ENTRIES.len() >= 30);
    for e in glossary::ENTRIES {
        let lectures = glossary::lectures(e.id);
        assert!(
            !lectures.is_empty(),
            "glossary entry {} ({}) is used by no lesson",
            e.id,
            e.tex
        );
        let m = neurolive_app::shared::math::math_to_mathml(e.tex, false);
        assert!(
            m.contains("<math") && !m.contains("merror"),
            "{}: {m}",
            e.id
        );
        assert!(!e.name.is_empty() && !e.meaning.is_empty());
    }
    // The lectures are read from the lessons: the membrane time constant is in Lecture 3's
    // equations, the STP time constants in Lecture 2's.
    assert!(glossary::lectures("tau-m").contains(&3));
    assert!(glossary::lectures("tau-d-dep").contains(&2));
    assert!(!glossary::lectures("tau-d-dep").contains(&3));
}

#[test]
fn display_equations_link_their_symbols() {
    let l = lesson::by_number(3).unwrap();
    let html: String = l
        .segments
        .iter()
        .filter_map(|s| {
            if let Segment::Html(h) = s {
                Some(h.as_str())
            } else {
                None
            }
        })
        .collect();
    assert!(
        html.matches("class=\"eq-symbols\"").count() >= 10,
        "lecture 3's equations have symbol lines"
    );
    for id in ["v", "tau-m", "g-na", "gate-m", "lambda"] {
        assert!(
            html.contains(&format!("href=\"#/glossary/{id}\"")),
            "lecture 3 links to {id}"
        );
        assert!(glossary::entry(id).is_some());
    }
    // Every link of every lesson leads to an entry.
    for l in lesson::all() {
        for seg in &l.segments {
            let Segment::Html(h) = seg else { continue };
            for part in h.split("href=\"#/glossary/").skip(1) {
                let id = part.split('"').next().unwrap();
                assert!(
                    glossary::entry(id).is_some(),
                    "{}: link to unknown entry {id}",
                    l.slug
                );
            }
        }
    }
}

#[test]
fn references_are_extracted_for_each_written_lecture() {
    let all = references::by_lecture();
    for n in [1u8, 2, 3] {
        let l = all
            .iter()
            .find(|l| l.lecture == n)
            .unwrap_or_else(|| panic!("lecture {n} has references"));
        // As many items as the lesson's references section has list lines.
        let src = lesson_sources()
            .into_iter()
            .find(|s| s.number == n)
            .unwrap();
        let section = &src.body[src.body.find("## References").unwrap()..];
        let lines = section.lines().filter(|l| l.starts_with("- ")).count();
        assert_eq!(l.items.len(), lines, "lecture {n}");
        assert!(l.items.len() >= 10, "lecture {n}");
        assert!(
            anchors(n).contains(&l.anchor),
            "lecture {n} has a #{} heading",
            l.anchor
        );
        assert!(
            l.items
                .iter()
                .any(|r| r.markdown.contains("Dayan") && r.html.contains("<em>")),
            "lecture {n} cites Dayan and Abbott"
        );
    }
    let works = references::bibliography(&all);
    let da: Vec<_> = works
        .iter()
        .filter(|w| {
            w.reference
                .markdown
                .starts_with("P. Dayan and L. F. Abbott (2001)")
        })
        .collect();
    assert_eq!(da.len(), 1, "Dayan and Abbott listed once");
    assert!(
        [1, 2, 3].iter().all(|n| da[0].lectures.contains(n)),
        "{:?}",
        da[0].lectures
    );
    let sorted: Vec<&str> = works.iter().map(|w| w.reference.sort.as_str()).collect();
    assert!(sorted.windows(2).all(|p| p[0] <= p[1]), "alphabetical");
    let total: usize = all.iter().map(|l| l.items.len()).sum();
    assert!(
        works.len() < total,
        "citations repeated across lectures are merged"
    );
}
