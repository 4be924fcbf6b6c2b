//! Markdown → HTML with MathML equations (pulldown-cmark + pulldown-latex, no JavaScript math).

use super::TocEntry;
use crate::shared::math::math_to_mathml;
use crate::shared::text::slug;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders markdown to HTML; `##` headings get ids and are returned as table-of-contents entries.
pub fn markdown_to_html(md: &str) -> (String, Vec<TocEntry>) {
    markdown_to_html_ids(md, &mut std::collections::HashMap::new())
}

/// As `markdown_to_html`, with heading ids unique across calls sharing `used` (one lesson has
/// many "Try this" sections: `try-this`, `try-this-2`, …).
pub fn markdown_to_html_ids(
    md: &str,
    used: &mut std::collections::HashMap<String, usize>,
) -> (String, Vec<TocEntry>) {
    let opts = Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Parser::new_ext(md, opts).collect();
    let mut toc = Vec::new();

    // Give every heading an id from its text (math included as its source).
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                match &events[j] {
                    Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
                    _ => {}
                }
                j += 1;
            }
            let base = slug(&text);
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            if level == HeadingLevel::H2 {
                toc.push(TocEntry {
                    id: id.clone(),
                    title: text.clone(),
                });
            }
            if let Event::Start(Tag::Heading { id: hid, .. }) = &mut events[i] {
                *hid = Some(CowStr::from(id));
            }
            i = j;
        }
        i += 1;
    }

    let events = events.into_iter().map(|e| match e {
        Event::InlineMath(t) => Event::InlineHtml(CowStr::from(math_to_mathml(&t, false))),
        // Under a display equation, links to the glossary entries of its symbols.
        Event::DisplayMath(t) => {
            Event::InlineHtml(CowStr::from(format!("{}{}", math_to_mathml(&t, true), crate::shared::symbols::symbols_html(&t))))
        }
        // Tables scroll sideways on a phone instead of overflowing the page.
        Event::Start(Tag::Table(a)) => {
            let _ = a;
            Event::Html(CowStr::from("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>"))
        }
        Event::End(TagEnd::Table) => Event::Html(CowStr::from("</table></div>")),
        e => e,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    (html, toc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_becomes_mathml() {
        let (h, _) = markdown_to_html("Ohm: $V = IR$ and\n\n$$\\tau_m \\frac{dV}{dt} = -V$$\n");
        assert!(h.contains("<math"), "{h}");
        assert!(h.contains("display=\"block\""), "{h}");
        assert!(!h.contains("$"), "{h}");
    }

    #[test]
    fn display_equations_link_their_symbols_to_the_glossary() {
        let (h, _) =
            markdown_to_html("$$\\tau_m \\frac{dV}{dt} = -(V - E_L)$$\n\nInline $\\tau_m$ only.\n");
        assert_eq!(h.matches("class=\"eq-symbols\"").count(), 1, "{h}");
        assert!(h.contains("href=\"#/glossary/tau-m\""), "{h}");
        assert!(h.contains("href=\"#/glossary/e-l\""), "{h}");
    }

    #[test]
    fn control_space_is_a_space_not_an_entity() {
        let m = math_to_mathml(r"1\ \mu\mathrm{F}", false);
        assert!(!m.contains("nbsp"), "{m}");
        assert!(m.contains('\u{a0}'), "{m}");
    }

    #[test]
    fn headings_get_ids_and_h2_enter_the_toc() {
        let (h, toc) = markdown_to_html("## The Hodgkin–Huxley model\n\n### Gates\n\ntext");
        assert!(h.contains("id=\"the-hodgkin-huxley-model\""), "{h}");
        assert_eq!(toc.len(), 1);
        assert_eq!(toc[0].id, "the-hodgkin-huxley-model");
    }

    #[test]
    fn tables_lists_links_code_render() {
        let (h, _) = markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n\n[l](http://e.org) `c`\n\n```\ncode\n```\n");
        for tag in [
            "<table>",
            "<li>",
            "<a href=\"http://e.org\"",
            "<code>c</code>",
            "<pre><code>",
        ] {
            assert!(h.contains(tag), "{tag} in {h}");
        }
    }
}
