//! Hash routing: `#/`, `#/lecture/3`, `#/lecture/3/<section or sim anchor>?name=value…`,
//! `#/embed/<sim>?…`, `#/search?q=…`, `#/glossary`, `#/glossary/<entry>`, `#/references`. The document is always `index.html`, so every link works on a plain static
//! server, from any sub-path, with no rewrite rules (leptos_router routes on the path only).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Home,
    Lecture {
        n: u8,
        target: Option<String>,
    },
    Embed {
        sim: String,
    },
    /// Search results; the query is the location's `q`.
    Search,
    /// The glossary, scrolled to an entry.
    Glossary {
        entry: Option<String>,
    },
    References,
    /// Beyond the browser: NEST, PyNN and Brian2, for the exported scripts.
    Beyond,
    /// For teachers: the course as a SCORM package in Moodle.
    Teachers,
    NotFound(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub route: Route,
    pub query: Vec<(String, String)>,
}

impl Location {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Characters kept as they are in a query value: letters, digits and `-_.~,`.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b',');

pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// Parses `location.hash` (with or without the leading `#`).
pub fn parse_hash(hash: &str) -> Location {
    let h = hash.trim_start_matches('#');
    let (path, query) = h.split_once('?').unwrap_or((h, ""));
    let query = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let route = match parts.as_slice() {
        [] => Route::Home,
        ["lecture", n] => match n.parse() {
            Ok(n) => Route::Lecture { n, target: None },
            Err(_) => Route::NotFound(path.to_string()),
        },
        ["lecture", n, target] => match n.parse() {
            Ok(n) => Route::Lecture {
                n,
                target: Some(decode(target)),
            },
            Err(_) => Route::NotFound(path.to_string()),
        },
        ["embed", sim] => Route::Embed { sim: decode(sim) },
        ["search"] => Route::Search,
        ["glossary"] => Route::Glossary { entry: None },
        ["glossary", entry] => Route::Glossary {
            entry: Some(decode(entry)),
        },
        ["references"] => Route::References,
        ["beyond"] => Route::Beyond,
        ["teachers"] => Route::Teachers,
        _ => Route::NotFound(path.to_string()),
    };
    Location { route, query }
}

/// The hash of a route with a query.
pub fn to_hash(route: &Route, query: &[(String, String)]) -> String {
    let path = match route {
        Route::Home => "#/".to_string(),
        Route::Lecture { n, target: None } => format!("#/lecture/{n}"),
        Route::Lecture { n, target: Some(t) } => format!("#/lecture/{n}/{}", encode(t)),
        Route::Embed { sim } => format!("#/embed/{}", encode(sim)),
        Route::Search => "#/search".to_string(),
        Route::Glossary { entry: None } => "#/glossary".to_string(),
        Route::Glossary { entry: Some(e) } => format!("#/glossary/{}", encode(e)),
        Route::References => "#/references".to_string(),
        Route::Beyond => "#/beyond".to_string(),
        Route::Teachers => "#/teachers".to_string(),
        Route::NotFound(p) => format!("#/{p}"),
    };
    if query.is_empty() {
        path
    } else {
        let q: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{path}?{}", q.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_routes() {
        assert_eq!(parse_hash("").route, Route::Home);
        assert_eq!(parse_hash("#/").route, Route::Home);
        assert_eq!(
            parse_hash("#/lecture/3").route,
            Route::Lecture { n: 3, target: None }
        );
        let l = parse_hash("#/lecture/3/sim-hh?I_ext=12.5&preset=repetitive");
        assert_eq!(
            l.route,
            Route::Lecture {
                n: 3,
                target: Some("sim-hh".into())
            }
        );
        assert_eq!(l.get("I_ext"), Some("12.5"));
        assert_eq!(l.get("preset"), Some("repetitive"));
        assert_eq!(
            parse_hash("#/embed/hh?show=I_ext,g_Na").route,
            Route::Embed { sim: "hh".into() }
        );
        assert!(matches!(parse_hash("#/nope/x/y").route, Route::NotFound(_)));
        let s = parse_hash("#/search?q=leaky+integrate%20fire");
        assert_eq!(s.route, Route::Search);
        assert_eq!(s.get("q"), Some("leaky integrate fire"));
        assert_eq!(
            parse_hash("#/glossary").route,
            Route::Glossary { entry: None }
        );
        assert_eq!(
            parse_hash("#/glossary/tau-m").route,
            Route::Glossary {
                entry: Some("tau-m".into())
            }
        );
        assert_eq!(parse_hash("#/references").route, Route::References);
    }

    #[test]
    fn hash_round_trips() {
        let q = vec![
            ("I_ext".to_string(), "-3.5".to_string()),
            ("note".to_string(), "a b&c".to_string()),
        ];
        let r = Route::Lecture {
            n: 3,
            target: Some("sim-hh".into()),
        };
        let h = to_hash(&r, &q);
        let back = parse_hash(&h);
        assert_eq!(back.route, r);
        assert_eq!(back.query, q);
        for r in [
            Route::Search,
            Route::Glossary { entry: None },
            Route::Glossary {
                entry: Some("tau-m".into()),
            },
            Route::References,
            Route::Beyond,
            Route::Teachers,
        ] {
            assert_eq!(parse_hash(&to_hash(&r, &[])).route, r);
        }
        assert_eq!(
            to_hash(&Route::Search, &[("q".into(), "Hodgkin Huxley".into())]),
            "#/search?q=Hodgkin%20Huxley"
        );
    }
}
