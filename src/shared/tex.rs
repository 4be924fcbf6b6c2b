//! Just enough TeX reading for the glossary and the search: the symbols a formula uses, and a
//! formula as plain words. No rendering here (that is pulldown-latex's job in `lesson::markdown`).

/// One symbol of a formula: its base (`V`, `\tau`, `\bar{g}`, `\Delta t`, `Mg`) and its subscript
/// with formatting removed (`m`, `Na`, `\infty`, `j+1`, or empty). Superscripts are dropped: `u^+`
/// is the variable `u` just after a spike, `n^4` is the gate `n`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Atom {
    pub base: String,
    pub sub: String,
}

impl std::fmt::Display for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.sub.is_empty() {
            write!(f, "{}", self.base)
        } else {
            write!(f, "{}_{}", self.base, self.sub)
        }
    }
}

const ACCENTS: [&str; 7] = ["bar", "hat", "dot", "ddot", "tilde", "vec", "overline"];
const OPERATORS: [&str; 6] = ["\\sum", "\\int", "\\prod", "\\lim", "\\oint", "\\iint"];
const WRAPPERS: [&str; 6] = [
    "mathrm",
    "text",
    "textrm",
    "operatorname",
    "mathit",
    "mathsf",
];

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.i += 1;
            } else if c == b'\\'
                && matches!(
                    self.s.get(self.i + 1),
                    Some(b',' | b';' | b':' | b'!' | b' ')
                )
            {
                self.i += 2; // TeX spacing commands
            } else {
                break;
            }
        }
    }
    /// Whether `\mathrm` comes next (after spaces), without moving.
    fn unit_follows(&mut self) -> bool {
        let save = self.i;
        self.skip_space();
        let unit = self.s[self.i..].starts_with(b"\\mathrm");
        self.i = save;
        unit
    }
    /// A control word's name, after the backslash (`tau`), or the one symbol of a control symbol.
    fn command(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        if self.i == start && self.i < self.s.len() {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }
    /// One argument: a `{…}` group (its inside, raw) or a single token.
    fn argument(&mut self) -> String {
        self.skip_space();
        match self.peek() {
            Some(b'{') => {
                let mut depth = 0usize;
                let start = self.i + 1;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    match c {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                return String::from_utf8_lossy(&self.s[start..self.i - 1])
                                    .into_owned();
                            }
                        }
                        b'\\' => self.i += 1, // an escaped brace does not count
                        _ => {}
                    }
                }
                String::from_utf8_lossy(&self.s[start..]).into_owned()
            }
            Some(b'\\') => {
                self.i += 1;
                format!("\\{}", self.command())
            }
            Some(_) => {
                // One UTF-8 character.
                let rest = std::str::from_utf8(&self.s[self.i..]).unwrap_or("");
                let c = rest.chars().next().unwrap_or(' ');
                self.i += c.len_utf8().max(1);
                c.to_string()
            }
            None => String::new(),
        }
    }
}

/// A subscript with its formatting removed: `\mathrm{Na}` → `Na`, `{\max}` → `\max`, `{j+1}` → `j+1`.
fn clean_sub(raw: &str) -> String {
    let mut s = raw.to_string();
    for w in WRAPPERS {
        s = s.replace(&format!("\\{w}"), "");
    }
    s.replace("\\rm", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '{' && *c != '}')
        .collect()
}

/// The symbols of a TeX formula, in order (repeats kept).
pub fn atoms(tex: &str) -> Vec<Atom> {
    let mut r = Reader {
        s: tex.as_bytes(),
        i: 0,
    };
    let mut out: Vec<Atom> = Vec::new();
    loop {
        r.skip_space();
        let Some(c) = r.peek() else { break };
        let base = if c == b'\\' {
            r.i += 1;
            let name = r.command();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
                continue; // `\{`, `\\`, …
            }
            if name == "begin" || name == "end" {
                let _ = r.argument(); // an environment's name (`pmatrix`), not symbols
                continue;
            }
            if WRAPPERS.contains(&name.as_str()) {
                let arg = r.argument();
                if name.starts_with("text") {
                    continue; // words in a formula ("for"), not symbols
                }
                let word: String = arg.chars().filter(|c| c.is_alphanumeric()).collect();
                if word.is_empty() {
                    continue;
                }
                word
            } else if ACCENTS.contains(&name.as_str()) || name == "mathbf" || name == "boldsymbol" {
                let arg = r.argument();
                format!("\\{name}{{{}}}", arg.trim())
            } else if name == "mu" && r.unit_follows() {
                continue; // the unit prefix in `\mu\mathrm{F}`, not a symbol
            } else if name == "Delta" {
                // `\Delta t`, `\Delta x`: one symbol (a step, a difference).
                let save = r.i;
                r.skip_space();
                match r.peek() {
                    Some(c) if c.is_ascii_alphabetic() => {
                        r.i += 1;
                        format!("\\Delta {}", c as char)
                    }
                    _ => {
                        r.i = save;
                        "\\Delta".to_string()
                    }
                }
            } else {
                format!("\\{name}")
            }
        } else if c.is_ascii_alphabetic() {
            r.i += 1;
            (c as char).to_string()
        } else {
            // Digits, operators, brackets, braces, non-ASCII: not symbols. Skip one character.
            let rest = std::str::from_utf8(&r.s[r.i..]).unwrap_or(" ");
            r.i += rest.chars().next().map_or(1, |c| c.len_utf8());
            continue;
        };
        // Sub- and superscripts, in either order, possibly primed. A superscript is an exponent
        // or a marker (`u^+`): its symbols count, the atom keeps its identity. The limits of a
        // sum or an integral are expressions too.
        let operator = OPERATORS.contains(&base.as_str());
        let mut sub = String::new();
        let mut inner = Vec::new();
        loop {
            let save = r.i;
            r.skip_space();
            match r.peek() {
                Some(b'_') => {
                    r.i += 1;
                    let arg = r.argument();
                    if operator {
                        inner.extend(atoms(&arg));
                    } else {
                        sub = clean_sub(&arg);
                    }
                }
                Some(b'^') => {
                    r.i += 1;
                    inner.extend(atoms(&r.argument()));
                }
                Some(b'\'') => r.i += 1,
                _ => {
                    r.i = save;
                    break;
                }
            }
        }
        out.push(Atom { base, sub });
        out.extend(inner);
    }
    out
}

/// The one symbol a glossary pattern names (`\tau_m` → τ with subscript m).
pub fn atom(tex: &str) -> Option<Atom> {
    let mut a = atoms(tex);
    (a.len() == 1).then(|| a.remove(0))
}

const GREEK: [(&str, char); 40] = [
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("epsilon", 'ϵ'),
    ("varepsilon", 'ε'),
    ("zeta", 'ζ'),
    ("eta", 'η'),
    ("theta", 'θ'),
    ("vartheta", 'ϑ'),
    ("iota", 'ι'),
    ("kappa", 'κ'),
    ("lambda", 'λ'),
    ("mu", 'μ'),
    ("nu", 'ν'),
    ("xi", 'ξ'),
    ("pi", 'π'),
    ("rho", 'ρ'),
    ("sigma", 'σ'),
    ("tau", 'τ'),
    ("upsilon", 'υ'),
    ("phi", 'ϕ'),
    ("varphi", 'φ'),
    ("chi", 'χ'),
    ("psi", 'ψ'),
    ("omega", 'ω'),
    ("Gamma", 'Γ'),
    ("Delta", 'Δ'),
    ("Theta", 'Θ'),
    ("Lambda", 'Λ'),
    ("Xi", 'Ξ'),
    ("Pi", 'Π'),
    ("Sigma", 'Σ'),
    ("Phi", 'Φ'),
    ("Psi", 'Ψ'),
    ("Omega", 'Ω'),
    ("infty", '∞'),
    ("pm", '±'),
    ("to", '→'),
    ("approx", '≈'),
];

/// A formula as plain text for the search index and screen readers: Greek letters as letters,
/// `\mathrm{NMDA}` as `NMDA`, other commands and braces dropped (`I_{\mathrm{NMDA}}` → `I_NMDA`).
pub fn to_text(tex: &str) -> String {
    let mut out = String::new();
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    chars.next(); // `\,` `\ ` `\{`: a space at most
                    out.push(' ');
                } else if let Some((_, g)) = GREEK.iter().find(|(n, _)| *n == name) {
                    out.push(*g);
                } else if WRAPPERS.contains(&name.as_str())
                    || ACCENTS.contains(&name.as_str())
                    || name == "mathbf"
                {
                    // the argument follows in braces
                } else {
                    out.push(' ');
                }
            }
            '{' | '}' => {}
            '&' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tex: &str) -> Vec<String> {
        atoms(tex).iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn reads_symbols_with_their_subscripts() {
        assert_eq!(
            names(r"\tau_m \frac{dV}{dt} = -(V - E_L) + R\, I(t)"),
            ["\\tau_m", "\\frac", "d", "V", "d", "t", "V", "E_L", "R", "I", "t"]
        );
        assert_eq!(
            names(r"\bar{g}_{\mathrm{Na}}\, m^3 h"),
            ["\\bar{g}_Na", "m", "h"]
        );
        assert_eq!(names(r"\bar g_L"), ["\\bar{g}_L"]);
        assert_eq!(
            names(r"V_{\mathrm{th}} V_\infty g_{\max} V_{j+1}"),
            ["V_th", "V_\\infty", "g_\\max", "V_j+1"]
        );
        assert_eq!(names(r"u^+ = u^- + U\,(1 - u^-)"), ["u", "u", "U", "u"]);
        assert_eq!(
            names(r"A_+ e^{-\Delta t/\tau_+}"),
            ["A_+", "e", "\\Delta t", "\\tau_+"]
        );
        assert_eq!(
            names(r"\sum_{j=1}^{N} e^{i\theta_j}"),
            ["\\sum", "j", "N", "e", "i", "\\theta_j"]
        );
        assert_eq!(names(r"\Delta t_{\mathrm{bin}}"), ["\\Delta t_bin"]);
        assert_eq!(names(r"[\mathrm{Mg}^{2+}]"), ["Mg"]);
        assert_eq!(names(r"1\ \mu\mathrm{F/cm^2}"), ["Fcm2"]);
        assert_eq!(names(r"x \quad \text{for } y"), ["x", "\\quad", "y"]);
        assert_eq!(
            names(r"J = \begin{pmatrix} 1 & -1 \\ \varepsilon & b \end{pmatrix}"),
            ["J", "\\varepsilon", "b"]
        );
        assert_eq!(
            atom(r"\tau_D"),
            Some(Atom {
                base: "\\tau".into(),
                sub: "D".into()
            })
        );
        assert_eq!(atom(r"\tau_{D}"), atom(r"\tau_D"));
    }

    #[test]
    fn formulas_become_words() {
        assert_eq!(to_text(r"\tau_m \frac{dV}{dt}"), "τ_m dVdt");
        assert_eq!(to_text(r"I_{\mathrm{NMDA}}"), "I_NMDA");
        assert_eq!(to_text(r"[\mathrm{Mg}^{2+}]"), "[Mg^2+]");
    }
}
