//! Same seed, same numbers, native or wasm: model code must take its transcendental functions from
//! `crate::math` (one `libm` for both targets), never from `f64`'s methods, which call glibc natively
//! and Rust's own port on wasm and differ in the last bit (a `hypot` once made a CSV differ).

use std::fs;
use std::path::Path;

/// The `f64` methods whose result depends on the platform's libm.
const PLATFORM_METHODS: &[&str] = &[
    ".exp()",
    ".exp2()",
    ".exp_m1()",
    ".ln()",
    ".ln_1p()",
    ".log10()",
    ".log2()",
    ".log(",
    ".powf(",
    ".hypot(",
    ".sin()",
    ".cos()",
    ".tan()",
    ".sin_cos()",
    ".asin()",
    ".acos()",
    ".atan()",
    ".atan2(",
    ".sinh()",
    ".cosh()",
    ".tanh()",
    ".cbrt()",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part of a source file that is compiled into the models: everything before its test module.
fn live_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

#[test]
fn model_code_takes_transcendental_functions_from_one_portable_libm() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(
        files.len() > 30,
        "found the core's sources ({} files)",
        files.len()
    );
    let mut found = Vec::new();
    for file in &files {
        // Tests, and the engine scripts (Python text for NEST and Brian2: its `np.log` is not ours).
        let skipped = ["tests", "engine_script"];
        if file.ends_with("tests.rs")
            || file
                .components()
                .any(|c| skipped.iter().any(|s| c.as_os_str() == *s))
        {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        for (n, line) in live_code(&text).lines().enumerate() {
            let code = line.split("//").next().unwrap();
            // `.log()` on a parameter spec marks a log slider; it is not a logarithm.
            let code = code.replace(".log()", "");
            if let Some(m) = PLATFORM_METHODS.iter().find(|m| code.contains(*m)) {
                found.push(format!(
                    "{}:{}: {m} in `{}`",
                    file.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use crate::math's function instead of the f64 method:\n{}",
        found.join("\n")
    );
}
