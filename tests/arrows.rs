//! The arrows of the web app run one way: app → lesson → widget → plot → core, with find and
//! progress beside the lesson, and `shared` (the course data, math, symbols, routes, the progress
//! store, the sim-block type) read by all and reading none of them. A module that imports one it
//! must not (`use crate::lesson…`, or a `crate::lesson::` path in the code) fails this test, which
//! names the file and the line.

use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module (folder or file under src/) → the modules it must not name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "shared",
        &[
            "app", "lesson", "widget", "plot", "find", "progress", "remote", "pages", "lms",
        ],
    ),
    // The bridge to a learning-management system: the progress store and the course data only.
    (
        "lms",
        &[
            "app", "lesson", "widget", "plot", "find", "progress", "remote", "pages",
        ],
    ),
    ("widget", &["app", "lesson", "find", "progress"]),
    ("plot", &["app", "lesson", "widget", "find", "progress"]),
    ("remote", &["app", "lesson", "widget", "find", "progress"]),
    ("lesson", &["app", "find", "progress"]),
    ("find", &["app", "lesson", "progress", "widget"]),
    ("progress", &["app", "lesson", "find", "widget"]),
    // Pages of prose beside the lessons (Beyond the browser): they read only the shared pieces.
    (
        "pages",
        &[
            "app", "lesson", "widget", "plot", "find", "progress", "remote",
        ],
    ),
];

/// The modules named by `crate::…` in one line of code: `crate::lesson::x`, `crate::lesson;`,
/// and each head of a group `crate::{lesson::x, plot}`.
fn named_modules(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        // `neurolive_crate::` or `mycrate::` is not this crate.
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let head: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() {
                    out.push(head);
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !head.is_empty() {
                out.push(head);
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every forbidden import under src/, as "file:line: module imports forbidden (the line)".
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some((_, banned)) = FORBIDDEN.iter().find(|(m, _)| *m == top) else {
            continue;
        };
        let text = fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for m in named_modules(line) {
                if banned.contains(&m.as_str()) {
                    found.push(format!(
                        "src/{}:{}: {top} must not import {m}: {}",
                        rel.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_arrows_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let v = violations(&src);
    assert!(
        v.is_empty(),
        "imports against the direction of the arrows:\n{}",
        v.join("\n")
    );
}

#[test]
fn every_top_module_has_rules() {
    // A new top-level module must say where it stands (or be the app itself).
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for e in fs::read_dir(&src).unwrap().flatten() {
        let name = e
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let known = FORBIDDEN.iter().any(|(m, _)| *m == name)
            || ["app", "lib", "main", "bin"].contains(&name.as_str());
        assert!(known, "src/{name}: add it to FORBIDDEN in tests/arrows.rs");
    }
}

#[test]
fn the_checker_sees_paths_uses_and_groups() {
    assert_eq!(named_modules("use crate::lesson::SimBlock;"), ["lesson"]);
    assert_eq!(
        named_modules("    crate::progress::mark_read(n);"),
        ["progress"]
    );
    assert_eq!(
        named_modules("use crate::{find::glossary, plot};"),
        ["find", "plot"]
    );
    assert_eq!(named_modules("use crate::shared::progress;"), ["shared"]);
    assert!(named_modules("// see crate::lesson").is_empty());
    assert!(named_modules("use neurolive_crate::lesson;").is_empty());
}
