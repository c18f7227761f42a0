//! The module graph points one way: `cli` → `tui` → `report`, `io` →
//! `domain`, and inside the domain `capacity` → `model` → `engine` →
//! `scenario` (each may use the ones before it). This test reads every
//! source file's `crate::` paths and fails on an edge that points up. Only
//! `cli` and `tui` may name clap (and its completions and man page crates):
//! the report layer, and the layers below it, serve any front end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::{Path, PathBuf};

/// Where a module sits: its layer, and for the domain its rank inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Domain(u8),
    Io,
    Report,
    Tui,
    Cli,
}

/// The place of a module path such as `domain::engine` or `io`.
fn place(segments: &[&str]) -> Option<Place> {
    match segments.first().copied()? {
        "domain" => Some(Place::Domain(match segments.get(1).copied() {
            Some("num" | "text" | "diagnostic" | "schema") => 0,
            Some("capacity") => 1,
            Some("model") => 2,
            Some("engine") => 3,
            Some("scenario") => 4,
            // `crate::domain` itself, or a module added later: the top of
            // the domain, so it can use the others but not be used by them
            // without a rank of its own.
            _ => 5,
        })),
        "io" => Some(Place::Io),
        "report" => Some(Place::Report),
        "tui" => Some(Place::Tui),
        "cli" => Some(Place::Cli),
        _ => None,
    }
}

/// Whether a module at `from` may use one at `to`.
fn allowed(from: Place, to: Place) -> bool {
    match (from, to) {
        (Place::Domain(a), Place::Domain(b)) => b < a || (a == b && a == 0) || a == 5,
        (Place::Domain(_), _) => false,
        // io and report build on the domain only (and on themselves).
        (Place::Io, to) => matches!(to, Place::Domain(_) | Place::Io),
        (Place::Report, to) => matches!(to, Place::Domain(_) | Place::Report),
        (Place::Tui, to) => to != Place::Cli,
        (Place::Cli, _) => true,
    }
}

/// The module path of a source file: `src/domain/engine.rs` → `domain::engine`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let mut segments: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if segments.last().is_some_and(|last| last == "mod") {
        segments.pop();
    }
    segments
}

/// Every `crate::a::b` path in `text`, including the ones inside
/// `use crate::{a::b, c}` groups, as their first two segments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let segments: Vec<String> = item
                    .trim()
                    .split("::")
                    .take(2)
                    .map(|s| s.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))
                    .map(str::to_owned)
                    .filter(|s| !s.is_empty())
                    .collect();
                if !segments.is_empty() {
                    paths.push(segments);
                }
            }
        } else {
            let path: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<String> = path
                .split("::")
                .filter(|s| !s.is_empty())
                .take(2)
                .map(str::to_owned)
                .collect();
            if !segments.is_empty() {
                paths.push(segments);
            }
        }
        rest = after;
    }
    paths
}

/// The upward edges of one file, as `from -> to` lines.
fn violations(module: &[String], text: &str) -> Vec<String> {
    let from_segments: Vec<&str> = module.iter().map(String::as_str).collect();
    let Some(from) = place(&from_segments) else {
        return Vec::new();
    };
    crate_paths(text)
        .into_iter()
        .filter_map(|path| {
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            let to = place(&segments)?;
            (!allowed(from, to)).then(|| format!("{} -> {}", module.join("::"), path.join("::")))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("src is readable");
    for entry in entries {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The crates a module at `place` may not name: the command line's parser
/// and its completions and man page crates belong to the front ends.
fn forbidden_crates(place: Place) -> &'static [&'static str] {
    match place {
        Place::Domain(_) | Place::Io | Place::Report => &["clap", "clap_complete", "clap_mangen"],
        Place::Tui | Place::Cli => &[],
    }
}

/// The crates of `forbidden_crates` that one file names as a path's first
/// segment (`clap::ValueEnum`, `use clap::Parser`), as `module -> crate`.
fn crate_uses(module: &[String], text: &str) -> Vec<String> {
    let from_segments: Vec<&str> = module.iter().map(String::as_str).collect();
    let Some(from) = place(&from_segments) else {
        return Vec::new();
    };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    forbidden_crates(from)
        .iter()
        .filter(|name| {
            text.match_indices(*name).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = &text[at + name.len()..];
                !before.is_some_and(|c| is_ident(c) || c == ':')
                    && (after.starts_with("::") || after.starts_with(';'))
            })
        })
        .map(|name| format!("{} -> {name}", module.join("::")))
        .collect()
}

/// Every source file's module path and code, without unit tests (a
/// module's `tests.rs`, or its `mod tests` at the end): they may use
/// anything.
fn sources() -> Vec<(Vec<String>, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "found the sources");
    files
        .iter()
        .filter(|file| file.file_name().is_none_or(|name| name != "tests.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("a source file");
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or(&text)
                .to_owned();
            (module_of(&src, file), code)
        })
        .collect()
}

#[test]
fn no_module_edge_points_up() {
    let found: Vec<String> = sources()
        .iter()
        .flat_map(|(module, code)| violations(module, code))
        .collect();
    assert!(
        found.is_empty(),
        "edges that point up:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_front_ends_use_clap() {
    let found: Vec<String> = sources()
        .iter()
        .flat_map(|(module, code)| crate_uses(module, code))
        .collect();
    assert!(
        found.is_empty(),
        "crates a layer may not use:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_sees_clap_below_the_front_ends() {
    let module = |path: &str| path.split("::").map(str::to_owned).collect::<Vec<_>>();
    let cases = [
        ("report", "#[derive(Debug, clap::ValueEnum)]", 1),
        ("report::team", "use clap::Parser;", 1),
        ("domain::model", "use clap_complete::Shell;", 1),
        ("io::store", "use clap;", 1),
        (
            "report",
            "// clap's usage lines, a `myclap::X` and `crate::clap::X`",
            0,
        ),
        ("cli", "use clap::{Parser, Subcommand};", 0),
        ("tui", "use clap::Parser;", 0),
    ];
    for (from, text, expected) in cases {
        assert_eq!(
            crate_uses(&module(from), text).len(),
            expected,
            "{from}: {text}"
        );
    }
}

#[test]
fn the_checker_sees_upward_edges() {
    let module = |path: &str| path.split("::").map(str::to_owned).collect::<Vec<_>>();
    let cases = [
        (
            "domain::model",
            "use crate::domain::engine::check_capacity;",
            1,
        ),
        (
            "domain::model",
            "crate::domain::capacity::check_capacity(x)",
            0,
        ),
        (
            "domain::engine",
            "use crate::{domain::model::Model, io::files};",
            1,
        ),
        ("io::store", "use crate::tui::planner::{Action, Effect};", 1),
        ("io::store", "use crate::domain::scenario::Scenario;", 0),
        ("report", "use crate::io::store;", 1),
        (
            "tui::planner",
            "use crate::{io::store, report, domain::engine};",
            0,
        ),
        ("tui", "use crate::cli;", 1),
        ("domain::capacity", "use crate::domain::text;", 0),
        ("domain::text", "use crate::domain::num;", 0),
    ];
    for (from, text, expected) in cases {
        assert_eq!(
            violations(&module(from), text).len(),
            expected,
            "{from}: {text}"
        );
    }
}
