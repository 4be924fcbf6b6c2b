//! Writes the SCORM 1.2 manifest of a built site (`scripts/package-scorm.sh` calls it):
//! `scorm-manifest SITE_DIR [--mastery N] [--lecture N]` prints imsmanifest.xml for the files
//! under SITE_DIR: one SCO per lecture, or lecture N's alone. Exit 2 on bad usage.

use neurolive_app::lms::manifest::{manifest, Package};
use neurolive_app::shared::course;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(root, &path, out)?;
        } else if path.file_name().is_some_and(|n| n != "imsmanifest.xml") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = |msg: &str| {
        eprintln!("scorm-manifest: {msg}\nusage: scorm-manifest SITE_DIR [--mastery N] [--lecture N]   (mastery: 0–100, the score that passes a lecture)");
        ExitCode::from(2)
    };
    let (mut site, mut mastery, mut only) = (None::<PathBuf>, None::<u8>, None::<u8>);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--mastery" => match it
                .next()
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|v| *v <= 100)
            {
                Some(v) => mastery = Some(v),
                None => return usage("--mastery takes a whole number from 0 to 100"),
            },
            "--lecture" => match it.next().and_then(|v| v.parse::<u8>().ok()) {
                Some(v) => only = Some(v),
                None => return usage("--lecture takes a lecture number"),
            },
            _ if site.is_none() => site = Some(PathBuf::from(a)),
            _ => return usage(&format!("unexpected argument '{a}'")),
        }
    }
    let Some(site) = site else {
        return usage("no site folder given");
    };
    if !site.join("index.html").is_file() {
        return usage(&format!(
            "{} holds no built site (index.html)",
            site.display()
        ));
    }
    let mut files = Vec::new();
    if let Err(e) = files_under(&site, &site, &mut files) {
        eprintln!("scorm-manifest: cannot list {}: {e}", site.display());
        return ExitCode::FAILURE;
    }
    files.sort();
    let lectures: Vec<(u8, String)> = course::index()
        .into_iter()
        .map(|(n, title, _)| (n, title))
        .filter(|(n, _)| only.is_none_or(|o| o == *n))
        .collect();
    if lectures.is_empty() {
        return usage(&format!("there is no lecture {}", only.unwrap_or(0)));
    }
    print!(
        "{}",
        manifest(&Package {
            lectures: &lectures,
            files: &files,
            mastery
        })
    );
    ExitCode::SUCCESS
}
