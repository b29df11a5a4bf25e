//! The README's examples are run: its YAML validates, and its first commands work as written.

use crate::support::{Scratch, root, wattprint, write_file};

pub(crate) fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The contents of every fenced block whose info string is `lang`.
pub(crate) fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_start() == format!("```{lang}") => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_yaml_block_in_the_readme_validates() {
    let scratch = Scratch::new("readme");
    let yaml = blocks(&readme(), "yaml");
    assert!(!yaml.is_empty());
    for (i, block) in yaml.iter().enumerate() {
        let path = scratch.path(&format!("readme-{i}.yaml"));
        write_file(&path, block);
        let output = wattprint(["validate".as_ref(), path.as_os_str()]).run();
        assert_eq!(
            output.code, 0,
            "README YAML block {i} does not validate:\n{}",
            output.stdout
        );
        wattprint(["compute".as_ref(), path.as_os_str()]).expect(0);
    }
}

/// Every property name declared anywhere in `schema`.
fn property_names(schema: &serde_json::Value, out: &mut Vec<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                out.extend(properties.keys().cloned());
            }
            map.values().for_each(|v| property_names(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| property_names(v, out)),
        _ => {}
    }
}

/// Names of properties whose values are maps with keys of the user's choosing (such as
/// `workload: { request: … }`), found anywhere in `schema`.
fn map_fields(schema: &serde_json::Value, out: &mut Vec<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                for (name, property) in properties {
                    if property
                        .get("additionalProperties")
                        .is_some_and(serde_json::Value::is_object)
                    {
                        out.push(name.clone());
                    }
                }
            }
            map.values().for_each(|v| map_fields(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| map_fields(v, out)),
        _ => {}
    }
}

/// Every key used anywhere in `value`, except the user's own keys inside `maps`.
fn keys(value: &serde_json::Value, maps: &[String], out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                if !maps.contains(k) {
                    keys(v, maps, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, maps, out)),
        _ => {}
    }
}

#[test]
fn every_yaml_fragment_in_the_readme_parses_and_uses_only_known_fields() {
    let schema = wattprint::validate::schema();
    let mut known = Vec::new();
    property_names(&schema, &mut known);
    let mut maps = Vec::new();
    map_fields(&schema, &mut maps);
    assert!(maps.contains(&"workload".to_owned()), "{maps:?}");
    let fragments = blocks(&readme(), "yaml fragment");
    assert!(!fragments.is_empty());
    for (i, fragment) in fragments.iter().enumerate() {
        for (d, document) in fragment.split("\n---\n").enumerate() {
            let source =
                wattprint::load::Source::from_text(format!("fragment-{i}-{d}.yaml"), document);
            let parsed = wattprint::load::document(source, wattprint::load::Limits::default())
                .unwrap_or_else(|e| panic!("README fragment {i}: {e:?}"));
            let mut used = Vec::new();
            keys(&parsed.value, &maps, &mut used);
            for key in used {
                assert!(
                    known.contains(&key),
                    "README fragment {i} uses `{key}`, which the format does not have"
                );
            }
        }
    }
}

#[test]
fn the_readme_opens_with_the_report_and_test_commands() {
    let commands = blocks(&readme(), "sh");
    let first = commands.first().expect("a sh block");
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 2, "two commands: a report and the tests");
    assert_eq!(lines[1], "cargo test --locked");
    let report = lines[0]
        .strip_prefix("cargo run --release -- ")
        .expect("the first command runs wattprint through cargo");
    // Run the same arguments against the test build, writing into a scratch folder.
    let scratch = Scratch::new("readme-report");
    let out = scratch.path("report.pdf");
    let mut args: Vec<std::ffi::OsString> = report.split_whitespace().map(Into::into).collect();
    let o = args.iter().position(|a| a == "-o").expect("an -o flag");
    args[o + 1] = out.clone().into_os_string();
    wattprint(args).expect(0);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn the_ci_recipes_are_yaml_and_use_only_real_commands_and_flags() {
    let recipes = blocks(&readme(), "yaml ci");
    assert_eq!(
        recipes.len(),
        2,
        "a GitHub Actions workflow and a GitLab CI job"
    );
    for (i, recipe) in recipes.iter().enumerate() {
        let source =
            wattprint::load::Source::from_text(format!("recipe-{i}.yaml"), recipe.as_str());
        wattprint::load::document(source, wattprint::load::Limits::default())
            .unwrap_or_else(|e| panic!("CI recipe {i} is not YAML: {e:?}"));
        for line in recipe.lines() {
            for call in line.split("wattprint ").skip(1) {
                let words: Vec<&str> = call.split_whitespace().collect();
                let subcommand = words[0];
                let help = wattprint([subcommand, "--help"]).run();
                assert_eq!(
                    help.code, 0,
                    "recipe {i} uses `wattprint {subcommand}`, which does not exist"
                );
                for flag in words.iter().filter(|w| w.starts_with("--")) {
                    assert!(
                        help.stdout.contains(*flag),
                        "recipe {i}: `wattprint {subcommand}` has no {flag}"
                    );
                }
            }
        }
    }
}
