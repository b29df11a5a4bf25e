//! The minimum supported Rust version in `Cargo.toml` holds for the whole dependency tree.
//! Clippy's `incompatible_msrv` lint checks our own code against it; this test checks that no
//! locked dependency declares a newer one. `.ci/run` also builds with that toolchain when it
//! is installed.

use std::process::Command;

fn version(text: &str) -> Vec<u32> {
    text.split('.').map(|part| part.parse().unwrap()).collect()
}

#[test]
fn no_dependency_needs_a_newer_rust_than_ours() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(crate::support::root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ours = version(env!("CARGO_PKG_RUST_VERSION"));
    let newer: Vec<String> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let needed = p["rust_version"].as_str()?;
            (version(needed) > ours).then(|| format!("{} needs {needed}", p["name"]))
        })
        .collect();
    assert!(newer.is_empty(), "rust-version is {ours:?}: {newer:?}");
}
