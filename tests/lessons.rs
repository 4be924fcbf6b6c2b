//! Every lesson file is checked before a student sees it: front matter, the 12 lectures in
//! order, every `sim` block naming a real simulation, preset and parameters, equations that
//! render, exercises that are complete.

use neurolive_app::shared::course::{self as lesson, Segment};
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
        assert!(
            l.slug.starts_with(&format!("{:02}-", i + 1)),
            "{} should start with its number",
            l.slug
        );
        assert!(
            l.title.contains(TITLES[i]),
            "lecture {} is titled '{}'",
            i + 1,
            l.title
        );
        assert!(
            !l.summary.is_empty() && l.summary.len() <= 160,
            "{}: summary of one line",
            l.slug
        );
        assert!(l.problems.is_empty(), "{}: {:?}", l.slug, l.problems);
        assert!(l.toc.len() >= 3, "{}: needs sections", l.slug);
    }
}

#[test]
fn every_sim_block_names_a_real_simulation_preset_and_parameters() {
    for l in lesson::all() {
        for seg in &l.segments {
            let Segment::Sim(b) = seg else { continue };
            let entry = registry::find(&b.id).unwrap_or_else(|| {
                panic!(
                    "{} line {}: unknown simulation '{}' (known: {:?})",
                    l.slug,
                    b.line,
                    b.id,
                    registry::ids()
                )
            });
            let mut p = match &b.preset {
                Some(name) => Params::preset(entry.spec, name)
                    .unwrap_or_else(|e| panic!("{} line {}: {e}", l.slug, b.line)),
                None => Params::defaults(entry.spec),
            };
            for (k, v) in &b.set {
                p.set_text(k, v)
                    .unwrap_or_else(|e| panic!("{} line {}: {e}", l.slug, b.line));
            }
            for id in &b.plots {
                let known: Vec<_> = entry.spec.plots.iter().map(|p| p.id).collect();
                assert!(
                    known.contains(&id.as_str()),
                    "{} line {}: {} has no plot '{id}' (known: {known:?})",
                    l.slug,
                    b.line,
                    b.id
                );
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
                Segment::Exercise(e) => format!(
                    "{}{}{}",
                    e.question_html,
                    e.hint_html.clone().unwrap_or_default(),
                    e.answer_html
                ),
                Segment::Predict(p) => format!("{}{}", p.prompt_html, p.reveal_html),
                Segment::Sim(_) => continue,
            };
            assert!(
                !html.contains("<merror") && !html.contains("math-error"),
                "{}: an equation does not parse: {}",
                l.slug,
                excerpt(&html, "<merror")
            );
            // Raw TeX dollars left in the text mean an equation was not recognised.
            let text_only = strip_tags(&html);
            assert!(
                !text_only.contains("$$"),
                "{}: unrendered display math: {}",
                l.slug,
                excerpt(&text_only, "$$")
            );
            assert!(
                !html.contains("&amp;nbsp;"),
                "{}: an HTML entity inside an equation: {}",
                l.slug,
                excerpt(&html, "&amp;nbsp;")
            );
        }
    }
}

#[test]
fn lecture_3_is_complete_with_its_simulations_and_exercises() {
    let l = lesson::by_number(3).unwrap();
    let sims: Vec<String> = l
        .segments
        .iter()
        .filter_map(|s| {
            if let Segment::Sim(b) = s {
                Some(b.id.clone())
            } else {
                None
            }
        })
        .collect();
    for id in ["passive", "lif", "hh", "fhn", "morris_lecar", "cable"] {
        assert!(sims.iter().any(|s| s == id), "lecture 3 shows {id}");
    }
    let exercises = l
        .segments
        .iter()
        .filter(|s| matches!(s, Segment::Exercise(_)))
        .count();
    assert!(exercises >= 3, "lecture 3 has {exercises} exercises");
}

/// Every number written in a text (MathML's <mn> digits included), e.g. "−63.7 mV" gives −63.7.
fn numbers_in(text: &str) -> Vec<f64> {
    let t = text.replace('\u{2212}', "-");
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in t.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) || (c == '-' && cur.is_empty()) {
            cur.push(c);
        } else {
            if let Ok(v) = cur.trim_end_matches('.').parse::<f64>() {
                out.push(v);
            }
            cur.clear();
            if c == '-' {
                cur.push(c);
            }
        }
    }
    out
}

/// A written lecture (one with simulations) has at least three exercises checked against a
/// number, and each checked exercise is complete: its expected number computes (natively here,
/// exactly as the page computes it in wasm), it has a hint, and its worked answer states a number
/// that the check itself would accept, so the text and the model never disagree.
#[test]
fn checked_exercises_compute_and_agree_with_their_worked_answers() {
    for l in lesson::all() {
        let has_sims = l.segments.iter().any(|s| matches!(s, Segment::Sim(_)));
        let checked: Vec<_> = l
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Exercise(e) => e.check.as_ref().map(|c| (e, c)),
                _ => None,
            })
            .collect();
        if has_sims {
            assert!(
                checked.len() >= 3,
                "{}: a written lecture needs at least 3 checked exercises, has {}",
                l.slug,
                checked.len()
            );
        }
        for (e, c) in checked {
            let t0 = std::time::Instant::now();
            let x = c.expected_value().unwrap_or_else(|err| {
                panic!(
                    "{} line {}: the expected answer does not compute: {err}",
                    l.slug, e.line
                )
            });
            let took = t0.elapsed();
            assert!(x.is_finite(), "{} line {}", l.slug, e.line);
            assert!(
                e.hint_html.is_some(),
                "{} line {}: a checked exercise needs a ':::hint'",
                l.slug,
                e.line
            );
            let stated = stated_result(&e.answer_html).unwrap_or_else(|| {
                panic!(
                    "{} line {}: the worked answer must state its result in bold (**149** Hz)",
                    l.slug, e.line
                )
            });
            assert!(
                c.tolerance.accepts(x, stated),
                "{} line {}: the worked answer's result {stated} is not within the tolerance of the expected {x} {}",
                l.slug, e.line, c.unit
            );
            eprintln!(
                "{} {}: expected {x:.4} {} ± {:.3} ({took:.2?})",
                l.slug,
                e.id,
                c.unit,
                c.tolerance.width(x)
            );
        }
    }
}

/// The network lectures show every model of issue 5 and each of brunel's four regimes.
#[test]
fn lectures_4_and_6_show_their_models_and_regimes() {
    for (n, ids, presets) in [
        (
            4u8,
            &["brunel"][..],
            &[
                ("brunel", "AI"),
                ("brunel", "SR"),
                ("brunel", "SI_fast"),
                ("brunel", "SI_slow"),
            ][..],
        ),
        (
            6,
            &[
                "rate_unit",
                "wilson_cowan",
                "linear_rnn",
                "random_rnn",
                "low_rank",
                "ring",
            ][..],
            &[][..],
        ),
    ] {
        let l = lesson::by_number(n).unwrap();
        let sims: Vec<(String, Option<String>)> = l
            .segments
            .iter()
            .filter_map(|s| {
                if let Segment::Sim(b) = s {
                    Some((b.id.clone(), b.preset.clone()))
                } else {
                    None
                }
            })
            .collect();
        for id in ids {
            assert!(sims.iter().any(|(s, _)| s == id), "lecture {n} shows {id}");
        }
        for (id, preset) in presets {
            assert!(
                sims.iter()
                    .any(|(s, p)| s == id && p.as_deref() == Some(preset)),
                "lecture {n} shows {id} in {preset}"
            );
        }
        let exercises = l
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Exercise(_)))
            .count();
        assert!(exercises >= 5, "lecture {n} has {exercises} exercises");
    }
}

/// The lectures of the second half show every model of issues 12 and 13, with at least three
/// checked exercises each.
#[test]
fn lectures_5_7_8_and_11_show_every_model_with_three_checked_exercises() {
    for (n, ids) in [
        (
            5u8,
            &[
                "hebb",
                "bcm",
                "som",
                "infomax",
                "ica",
                "population_code",
                "sparse_coding",
            ][..],
        ),
        (
            7,
            &[
                "perceptron",
                "mlp",
                "hopfield",
                "binary_synapses",
                "sequence_attractors",
            ][..],
        ),
        (
            8,
            &[
                "rescorla_wagner",
                "td",
                "bandit",
                "gridworld",
                "two_step",
                "meta_exploration",
            ][..],
        ),
        (
            11,
            &["ddm", "sprt", "wong_wang", "lca", "change_detection"][..],
        ),
    ] {
        let l = lesson::by_number(n).unwrap();
        for id in ids {
            let shown = l
                .segments
                .iter()
                .any(|s| matches!(s, Segment::Sim(b) if b.id == *id));
            assert!(shown, "lecture {n} shows {id}");
            assert!(
                registry::find(id).is_some_and(|m| m.spec.lecture == n),
                "{id} is declared for lecture {n}"
            );
        }
        let checked = l
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Exercise(e) if e.check.is_some()))
            .count();
        assert!(checked >= 3, "lecture {n} has {checked} checked exercises");
    }
}

/// The text a student can read before a segment: the lesson's text, predict blocks with their
/// outcomes, earlier exercises with their answers, and the captions of the simulations shown
/// (a preset's own description when the block gives none).
fn readable(seg: &Segment) -> String {
    match seg {
        Segment::Html(h) => strip_tags(h),
        Segment::Predict(p) => strip_tags(&format!("{} {}", p.prompt_html, p.reveal_html)),
        Segment::Exercise(e) => strip_tags(&format!(
            "{} {} {}",
            e.question_html,
            e.hint_html.clone().unwrap_or_default(),
            e.answer_html
        )),
        Segment::Sim(b) => {
            let preset = b
                .preset
                .as_deref()
                .and_then(|p| registry::find(&b.id)?.spec.preset(p))
                .map_or("", |p| p.description);
            b.caption.clone().unwrap_or_else(|| preset.to_string())
        }
    }
}

/// The written lectures (a placeholder has no simulation): all follow the second edition's
/// rules (issues 12 and 15): predict, then run; no answer in sight.
fn written() -> Vec<lesson::Lesson> {
    lesson::all()
        .into_iter()
        .filter(|l| l.segments.iter().any(|s| matches!(s, Segment::Sim(_))))
        .collect()
}

/// No answer in sight: no number written before a checked exercise — in the text, a predict
/// block's outcome, an earlier answer, a simulation's caption or its preset's description —
/// would pass its check, i.e. lies within the tolerance of the expected value (sign aside).
/// Single-digit whole numbers are exempt (too common to be a leak). Every leak of every lecture
/// is listed.
#[test]
fn checked_answers_are_not_given_away_before_their_exercise() {
    let mut leaks = Vec::new();
    for l in written() {
        let mut before = String::new();
        for seg in &l.segments {
            if let Segment::Exercise(e) = seg {
                if let Some(c) = &e.check {
                    let x = c.expected_value().unwrap().abs();
                    let leaked = tokens(&without_references(&before)).find(|t| {
                        let exempt = t.len() == 1;
                        !exempt && t.parse::<f64>().is_ok_and(|n| c.tolerance.accepts(x, n))
                    });
                    if let Some(t) = leaked {
                        leaks.push(format!(
                            "{} line {}: the answer {x:.4} (± {:.3}) is given away earlier as {t}: …{}…",
                            l.slug,
                            e.line,
                            c.tolerance.width(x),
                            excerpt(&before, &t)
                        ));
                    }
                }
            }
            before.push(' ');
            before.push_str(&readable(seg));
        }
    }
    assert!(
        leaks.is_empty(),
        "{} answers in sight:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// Predict, then run: at least a third of a lecture's "Try this" items are predictions whose
/// outcome is revealed on request (`:::predict` blocks), counted against the bullet items of the
/// "Try this" lists.
#[test]
fn a_third_of_the_try_this_items_ask_for_a_prediction() {
    let mut short = Vec::new();
    for l in written() {
        let predicts = l
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Predict(_)))
            .count();
        // The bullets of "Try this" lists, and of a list that goes on right after predict blocks.
        let bullets: usize = l
            .segments
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let Segment::Html(h) = s else { return None };
                let after_predict = i > 0 && matches!(l.segments[i - 1], Segment::Predict(_));
                let continued = if after_predict && h.trim_start().starts_with("<ul>") {
                    h.split("</ul>")
                        .next()
                        .unwrap_or("")
                        .matches("<li>")
                        .count()
                } else {
                    0
                };
                Some(try_this_items(h) + continued)
            })
            .sum();
        if predicts < 3 || 3 * predicts < predicts + bullets {
            short.push(format!(
                "{}: {predicts} predictions among {} try-this items (at least 3, and a third)",
                l.slug,
                predicts + bullets
            ));
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}

/// The bullet items of the lists that follow a "Try this" heading or paragraph in some HTML.
fn try_this_items(html: &str) -> usize {
    html.match_indices("Try this")
        .filter_map(|(i, _)| {
            let rest = &html[i..];
            let list = rest.find("<ul>")?;
            // The list must come right after the heading or paragraph, before any other text block.
            let gap = &rest[..list];
            (!gap.contains("<p>") && !gap.contains("<h")).then(|| {
                rest[list..]
                    .split("</ul>")
                    .next()
                    .unwrap_or("")
                    .matches("<li>")
                    .count()
            })
        })
        .sum()
}

#[test]
fn try_this_items_are_counted_from_their_list() {
    let html = "<p><strong>Try this</strong></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>More</p><ul><li>c</li></ul>";
    assert_eq!(try_this_items(html), 2);
    assert_eq!(
        try_this_items("<h3>Try this</h3><p>text</p><ul><li>x</li></ul>"),
        0
    );
}

/// The text without the numbers that name things rather than state results: "Lectures 7, 10
/// and 11", "§2.3", "eq. 5.22", "fig. 8", "ch. 4".
fn without_references(text: &str) -> String {
    const NAMERS: [&str; 11] = [
        "Lecture ",
        "Lectures ",
        "lecture ",
        "lectures ",
        "§",
        "eq. ",
        "Eq. ",
        "eqs. ",
        "fig. ",
        "Fig. ",
        "ch. ",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((i, namer)) = NAMERS
        .iter()
        .filter_map(|n| rest.find(n).map(|i| (i, *n)))
        .min()
    {
        out.push_str(&rest[..i + namer.len()]);
        out.push('#');
        rest = skip_named_numbers(&rest[i + namer.len()..]);
    }
    out.push_str(rest);
    out
}

/// What follows a list of numbers such as "7, 10 and 11" or "5.22–5.24".
fn skip_named_numbers(mut rest: &str) -> &str {
    loop {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '–' || c == '-'))
            .unwrap_or(rest.len());
        if n == 0 {
            return rest;
        }
        rest = &rest[n..];
        let next = [", ", " and ", " or "].iter().find(|sep| {
            rest.starts_with(**sep) && rest[sep.len()..].starts_with(|c: char| c.is_ascii_digit())
        });
        match next {
            Some(sep) => rest = &rest[sep.len()..],
            None => return rest,
        }
    }
}

#[test]
fn named_numbers_are_not_results() {
    assert_eq!(
        without_references("Lectures 7, 10 and 11 show it; 12 Hz"),
        "Lectures # show it; 12 Hz"
    );
    assert_eq!(
        without_references("see §2.3 and eq. 5.22: 0.8"),
        "see §# and eq. #: 0.8"
    );
}

/// The numbers of a text as written, without sign: digits with at most one inner decimal point.
fn tokens(text: &str) -> std::vec::IntoIter<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.').to_string())
        .filter(|t| !t.is_empty() && t.parse::<f64>().is_ok())
        .collect::<Vec<_>>()
        .into_iter()
}

/// The result a worked answer states: the first number set in bold (`**149** Hz`). Other numbers
/// of the answer (intermediate steps, other parts) do not count, so an answer cannot pass on a
/// number that happens to lie within the tolerance.
fn stated_result(answer_html: &str) -> Option<f64> {
    let mut rest = answer_html;
    while let Some(i) = rest.find("<strong>") {
        let after = &rest[i + "<strong>".len()..];
        let end = after.find("</strong>")?;
        if let Some(&v) = numbers_in(&strip_tags(&after[..end])).first() {
            return Some(v);
        }
        rest = &after[end..];
    }
    None
}

#[test]
fn the_stated_result_is_the_first_bold_number() {
    assert_eq!(
        stated_result("<p>3 + 4 = <strong>7</strong> Hz, not <strong>8</strong></p>"),
        Some(7.0)
    );
    assert_eq!(
        stated_result("<p><strong>Step</strong> then <strong>\u{2212}2.5 mV</strong></p>"),
        Some(-2.5)
    );
    assert_eq!(stated_result("<p>12 Hz, with no bold result</p>"), None);
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
    // 80 bytes either side, moved out to character boundaries (the text has typographic quotes).
    let i = s.find(at).unwrap_or(0);
    let (mut a, mut b) = (i.saturating_sub(80), (i + 80).min(s.len()));
    while !s.is_char_boundary(a) {
        a -= 1;
    }
    while !s.is_char_boundary(b) {
        b += 1;
    }
    s[a..b].to_string()
}
