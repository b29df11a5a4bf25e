//! A small builder for running the binary the way a user would, from the repository root.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, where `examples/` and `tests/fixtures/` live.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory for outputs, removed on drop.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("wattprint-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A command line for the binary.
pub struct Run {
    command: Command,
}

/// Starts a command line: `wattprint ARGS…`, run from the repository root, with no
/// `SOURCE_DATE_EPOCH` and no colour settings unless a test sets them.
pub fn wattprint<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_wattprint"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH");
    // The colour a test sees is the one it sets, whatever the terminal running the tests says.
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(variable);
    }
    Run { command }
}

impl Run {
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn run(mut self) -> Output {
        let output = self.command.output().expect("the binary runs");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs and asserts the exit code, showing both streams when it differs.
    pub fn expect(self, code: i32) -> Output {
        let output = self.run();
        assert_eq!(output.code, code, "unexpected exit code\n{output:#?}");
        output
    }
}

/// Every `.yaml` file directly in `dir` (relative to the root), sorted.
pub fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// The text of a PDF, with all white space removed so that line and cell breaks do not
/// split what a test looks for.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("the PDF's text can be extracted");
    squash(&text)
}

/// `text` without white space.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The bytes of the report of `input` (relative to the crate's root, or absolute) made with
/// `args` (`-t esrs-e1`, `--audience downstream`) into `out`, whose extension names the format;
/// the command must succeed.
pub fn report_of(input: &Path, args: &[&str], out: &Path) -> Vec<u8> {
    let mut line: Vec<&std::ffi::OsStr> = vec!["report".as_ref(), input.as_os_str()];
    line.extend(args.iter().map(std::ffi::OsStr::new));
    line.extend(["-o".as_ref(), out.as_os_str()]);
    wattprint(line).expect(0);
    std::fs::read(out).unwrap()
}

/// [`report_of`] as text, for a format that is text.
pub fn report_text(input: &Path, args: &[&str], out: &Path) -> String {
    String::from_utf8(report_of(input, args, out)).unwrap()
}

/// Writes a test input (`std::fs::write` is reserved for the atomic writer by clippy.toml).
pub fn write_file(path: &Path, text: &str) {
    use std::io::Write as _;
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// The results of the disclosure at `path` (relative to the crate's root), computed in
/// process as `compute --format json` prints them.
pub fn compute_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_json::to_value(checked(&path.display().to_string(), &text).results).unwrap()
}

/// The disclosure in `text` checked and computed in process, as `report` does; a finding at
/// error level fails the test with the findings.
pub fn checked(name: &str, text: &str) -> wattprint::check::Clean {
    use wattprint::check::{self, Extent};
    use wattprint::load::{Limits, Source};
    check::source(
        Source::from_text(name, text),
        &wattprint::validate::Validator::new(),
        Limits::default(),
        Extent::Report,
        &wattprint::load::linked::Beside::of(std::path::Path::new(name), u64::MAX),
    )
    .unwrap_or_else(|findings| panic!("{name} does not validate: {findings:#?}"))
}

/// A real format checker installed by `tests/tools/install` (`relative` to `tests/tools`), or
/// `None` after saying the test is skipped. Under `WATTPRINT_REQUIRE_CHECKERS`, which `.ci/run`
/// sets after installing them, a missing checker fails the test instead.
pub fn checker(relative: &str) -> Option<PathBuf> {
    let path = root().join("tests/tools").join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("WATTPRINT_REQUIRE_CHECKERS").is_none(),
        "{} is missing, and this run requires the checkers: run tests/tools/install",
        path.display()
    );
    eprintln!(
        "skipped: {relative} is not installed (tests/tools/install installs it; .ci/run does)"
    );
    None
}

/// A YAML text as JSON, read by wattprint's own YAML loader.
pub fn yaml(text: &str) -> serde_json::Value {
    wattprint::load::parse_yaml(text, wattprint::load::Limits::default())
        .unwrap()
        .0
}

/// Whether `a` and `b` agree to 1e-9 of their size.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}
