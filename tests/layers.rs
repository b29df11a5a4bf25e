//! The library's modules form layers that only point down: a module may use those below it
//! and never one above, so a reader can follow a figure from input to page in one direction
//! and a change to rendering cannot break validation. This test reads every source file and
//! fails on an import that points up, or on a module this table does not place.

use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules in one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    // Leaves: writing numbers and YAML, the report date, the fonts, atomic output.
    &["text", "clock", "fonts", "output"],
    &["diagnostic"],
    &["model"],
    &["load"],
    &["reference"],
    &["validate"],
    &["compute"],
    // The rules that read computed results, and the one load → validate → compute → check
    // sequence every command and fuzz target runs.
    &["check"],
    &["ingest"],
    // The manifest and reading a report back; rendering embeds the manifest.
    &["evidence"],
    &["render"],
    // The tool's failures, which the workflows above return.
    &["error"],
    // Rendering a report again from the inputs it carries.
    &["verify"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to (`src/compute/formula.rs` → `compute`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// Every `crate::name` a file mentions, with its line, including grouped `use crate::{a, b}`.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push((n + 1, name));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((n + 1, name));
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_only_use_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            upward.push(format!(
                "{}: module `{module}` has no layer in tests/layers.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in crate_paths(&text) {
            if used == module || used == "Error" {
                continue;
            }
            match layer(&used) {
                Some(theirs) if theirs <= own => {}
                Some(_) => upward.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, a layer above it",
                    file.display()
                )),
                None => upward.push(format!(
                    "{}:{line}: `crate::{used}` is not a module tests/layers.rs places",
                    file.display()
                )),
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_nested_paths() {
    let found = crate_paths(
        "use crate::{model::Disclosure, compute};\nlet x = crate::render::number(1); // crate::cli\n",
    );
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["model", "compute", "render"]);
}
