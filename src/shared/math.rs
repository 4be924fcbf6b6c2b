//! LaTeX → MathML (pulldown-latex, no JavaScript math): for the lessons, the parameter symbols
//! of the widget and the glossary.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, RenderConfig, Storage};

/// LaTeX → MathML. Invalid LaTeX becomes an `<merror>` the lesson tests catch.
pub fn math_to_mathml(tex: &str, block: bool) -> String {
    let storage = Storage::new();
    let parser = pulldown_latex::Parser::new(tex, &storage);
    let config = RenderConfig {
        display_mode: if block {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex),
        ..Default::default()
    };
    let mut out = String::new();
    if push_mathml(&mut out, parser, config).is_err() {
        out = format!("<code class=\"math-error\">{}</code>", escape(tex));
    }
    // pulldown-latex 0.8 writes the control space `\ ` as an escaped entity ("&amp;nbsp;"),
    // which a browser would show as text: emit the no-break space itself.
    out.replace("&amp;nbsp;", "\u{a0}")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
