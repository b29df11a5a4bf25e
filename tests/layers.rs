//! The library's modules form layers that only point down: a module may use those below it
//! and never one above, so a reader can follow a figure from input to page in one direction
//! and a change to rendering cannot break validation. This test reads every source file and
//! fails on an import that points up, or on a module this table does not place.

use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules in one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    // Leaves: writing numbers and YAML, the report date, the fonts, atomic output, sharing
    // work among the cores.
    &["text", "clock", "fonts", "output", "cores"],
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
    // Making a report of a checked disclosure (what the CLI and the page run).
    &["report"],
    // Rendering a report again from the inputs it carries, by the steps `report` takes
    // (an audience's input made from a full one, with its refusals).
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

/// Every `crate::name` a file mentions, with its line: plain paths, and the top-level names of
/// grouped imports, `use crate::{a, b::{C, D}}`, over as many lines as the group takes.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    // Line comments dropped (doc comments name modules in prose), lines kept for reporting.
    let code: Vec<(usize, char)> = text
        .lines()
        .enumerate()
        .flat_map(|(n, line)| {
            let line = line.split("//").next().unwrap_or("");
            line.chars()
                .chain(std::iter::once('\n'))
                .map(move |c| (n + 1, c))
        })
        .collect();
    let chars: Vec<char> = code.iter().map(|(_, c)| *c).collect();
    let name_at = |mut i: usize| -> (String, usize) {
        let mut name = String::new();
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            name.push(chars[i]);
            i += 1;
        }
        (name, i)
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i + 7 <= chars.len() {
        if chars[i..i + 7].iter().collect::<String>() != "crate::" {
            i += 1;
            continue;
        }
        let line = code[i].0;
        i += 7;
        if chars.get(i) != Some(&'{') {
            let (name, end) = name_at(i);
            found.push((line, name));
            i = end;
            continue;
        }
        // A group: each name at depth one starts an item.
        let mut depth = 0;
        let mut expect_name = true;
        while i < chars.len() {
            match chars[i] {
                '{' => {
                    depth += 1;
                    expect_name = depth == 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => expect_name = true,
                c if expect_name && (c.is_alphanumeric() || c == '_') => {
                    let (name, end) = name_at(i);
                    found.push((code[i].0, name));
                    expect_name = false;
                    i = end;
                    continue;
                }
                c if !c.is_whitespace() => expect_name = false,
                _ => {}
            }
            i += 1;
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
        // A top-level module file's own `super` is the crate root, a way round the check (an
        // inline `mod tests`, indented, has the file's module as its `super`).
        let top_level = file.parent() == Some(src.as_path());
        if top_level
            && text
                .lines()
                .any(|l| l.starts_with("use super::") || l.starts_with("pub use super::"))
        {
            upward.push(format!(
                "{}: names `super::` from the crate root; write `crate::`",
                file.display()
            ));
        }
        for (line, used) in crate_paths(&text) {
            if used == module {
                continue;
            }
            match layer(&used) {
                Some(theirs) if theirs < own => {}
                Some(theirs) if theirs == own => upward.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, a module of its own layer",
                    file.display()
                )),
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
        "use crate::{model::Disclosure, compute};\nlet x = crate::render::number(1); // crate::cli\n\
         use crate::{\n    a::{B, C},\n    d,\n};\n",
    );
    let names: Vec<(usize, &str)> = found.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        [
            (1, "model"),
            (1, "compute"),
            (2, "render"),
            (4, "a"),
            (5, "d")
        ]
    );
}
