//! The minimum supported Rust version in `Cargo.toml` holds for the whole dependency tree.
//! Clippy's `incompatible_msrv` lint checks our own code against it; this test checks that no
//! locked dependency declares a newer one. `.ci/run` also builds with that toolchain when it
//! is installed.
//!
//! `cargo metadata` reads every package's manifest, so it needs each package on disk. The test
//! asks only for the packages of the platform it runs on (`--filter-platform`): those are the
//! ones the test build itself has just downloaded, so the test needs no cache left by an
//! earlier build and no network (issue 16: unfiltered, it wanted Windows-only crates that a
//! fresh Linux machine never fetches).

use std::process::Command;

fn version(text: &str) -> Vec<u32> {
    text.split('.').map(|part| part.parse().unwrap()).collect()
}

/// The target triple of the `rustc` that cargo uses, from `rustc -vV`.
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc).arg("-vV").output().unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names its host")
        .to_owned()
}

#[test]
fn no_dependency_needs_a_newer_rust_than_ours() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", &host()])
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
    let packages = metadata["packages"].as_array().unwrap();
    // The tree is large (typst alone brings over 200 crates); a handful would mean the filter
    // dropped what it should have kept.
    assert!(packages.len() > 100, "only {} packages", packages.len());
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needed = p["rust_version"].as_str()?;
            (version(needed) > ours).then(|| format!("{} needs {needed}", p["name"]))
        })
        .collect();
    assert!(newer.is_empty(), "rust-version is {ours:?}: {newer:?}");
}
