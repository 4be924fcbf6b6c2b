//! Plain-text helpers shared by the lessons and the search: folding for matching, slugs for ids.

/// Lower case, accents removed, dashes and quotes made plain: one character for one, so that a
/// position in the folded text is the same position in the original.
pub fn fold_char(c: char) -> char {
    let l = if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    };
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

/// A URL- and id-safe slug of a heading ("The Hodgkin–Huxley model" → "the-hodgkin-huxley-model").
pub fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
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
}
