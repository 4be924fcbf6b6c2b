//! Every lesson file is checked before a student sees it: front matter, the 12 lectures in
//! order, every `sim` block naming a real simulation, preset and parameters, equations that
//! render, exercises that are complete.

use neurolive_app::lesson::{self, Segment};
use neurolive_core::{registry, Params};

const TITLES: [&str; 12] = [
    "Overview",
    "Synapses",
    "Biophysics of neurons",
    "Excitatory–inhibitory networks",
    "Unsupervised learning",
    "Rate models",
    "Supervised learning",
    "reinforcement learning",
    "cerebellum",
    "hippocampus",
    "Decision making",
    "Perceptual systems",
];

#[test]
fn the_course_has_twelve_lectures_in_order() {
    let all = lesson::all();
    assert_eq!(all.len(), 12, "one file per lecture");
    for (i, l) in all.iter().enumerate() {
        assert_eq!(l.number as usize, i + 1, "{}", l.slug);
        assert!(l.slug.starts_with(&format!("{:02}-", i + 1)), "{} should start with its number", l.slug);
        assert!(l.title.contains(TITLES[i]), "lecture {} is titled '{}'", i + 1, l.title);
        assert!(!l.summary.is_empty() && l.summary.len() <= 160, "{}: summary of one line", l.slug);
        assert!(l.problems.is_empty(), "{}: {:?}", l.slug, l.problems);
        assert!(l.toc.len() >= 3, "{}: needs sections", l.slug);
    }
}

#[test]
fn every_sim_block_names_a_real_simulation_preset_and_parameters() {
    for l in lesson::all() {
        for seg in &l.segments {
            let Segment::Sim(b) = seg else { continue };
            let entry = registry::find(&b.id)
                .unwrap_or_else(|| panic!("{} line {}: unknown simulation '{}' (known: {:?})", l.slug, b.line, b.id, registry::ids()));
            let mut p = match &b.preset {
                Some(name) => Params::preset(entry.spec, name).unwrap_or_else(|e| panic!("{} line {}: {e}", l.slug, b.line)),
                None => Params::defaults(entry.spec),
            };
            for (k, v) in &b.set {
                p.set_text(k, v).unwrap_or_else(|e| panic!("{} line {}: {e}", l.slug, b.line));
            }
        }
    }
}

#[test]
fn heading_ids_are_unique_within_a_lesson() {
    for l in lesson::all() {
        let mut seen = std::collections::HashSet::new();
        for seg in &l.segments {
            if let Segment::Html(h) = seg {
                for part in h.split("<h").skip(1) {
                    if let Some(rest) = part.split_once("id=\"") {
                        let id = rest.1.split('"').next().unwrap().to_string();
                        assert!(seen.insert(id.clone()), "{}: duplicate id {id}", l.slug);
                    }
                }
            }
        }
    }
}

#[test]
fn equations_render_without_errors() {
    for l in lesson::all() {
        for seg in &l.segments {
            let html = match seg {
                Segment::Html(h) => h.clone(),
                Segment::Exercise { question_html, answer_html } => format!("{question_html}{answer_html}"),
                Segment::Sim(_) => continue,
            };
            assert!(!html.contains("<merror") && !html.contains("math-error"), "{}: an equation does not parse: {}", l.slug, excerpt(&html, "<merror"));
            // Raw TeX dollars left in the text mean an equation was not recognised.
            let text_only = strip_tags(&html);
            assert!(!text_only.contains("$$"), "{}: unrendered display math: {}", l.slug, excerpt(&text_only, "$$"));
            assert!(!html.contains("&amp;nbsp;"), "{}: an HTML entity inside an equation: {}", l.slug, excerpt(&html, "&amp;nbsp;"));
        }
    }
}

#[test]
fn lecture_3_is_complete_with_its_simulations_and_exercises() {
    let l = lesson::by_number(3).unwrap();
    let sims: Vec<String> = l.segments.iter().filter_map(|s| if let Segment::Sim(b) = s { Some(b.id.clone()) } else { None }).collect();
    for id in ["passive", "lif", "hh", "fhn", "morris_lecar", "cable"] {
        assert!(sims.iter().any(|s| s == id), "lecture 3 shows {id}");
    }
    let exercises = l.segments.iter().filter(|s| matches!(s, Segment::Exercise { .. })).count();
    assert!(exercises >= 3, "lecture 3 has {exercises} exercises");
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn excerpt(s: &str, at: &str) -> String {
    let i = s.find(at).unwrap_or(0);
    s[i.saturating_sub(80)..(i + 80).min(s.len())].to_string()
}
