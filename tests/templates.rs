//! `--template-dir`: a user's own template renders with the shared library, names the file,
//! line and variable of its mistakes, and cannot read anything outside its folder.

use crate::support::{Scratch, pdf_text, squash, wattprint, write_file};

fn report(dir: &std::path::Path, out: &std::path::Path) -> crate::support::Run {
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

#[test]
fn a_folder_template_renders_with_the_shared_library() {
    let scratch = Scratch::new("template-dir");
    let dir = scratch.path("acme");
    std::fs::create_dir_all(dir.join("parts")).unwrap();
    write_file(
        &dir.join("report.typ"),
        "#import \"wattprint.typ\": *\n#import \"parts/note.typ\": note\n\
         #show: report.with(title: \"Acme\", author: {{ organisation.name | typst_str }})\n\
         = Acme energy note\n{{ totals.facility_energy_mwh | typst }} MWh. #note\n",
    );
    write_file(&dir.join("parts/note.typ"), "#let note = [From a part.]\n");
    write_file(
        &dir.join("report.md"),
        "# Acme\n\n{{ totals.facility_energy_mwh }} MWh for {{ system.name | md }}.\n",
    );
    let pdf = scratch.path("acme.pdf");
    report(&dir, &pdf).expect(0);
    let text = pdf_text(&std::fs::read(&pdf).unwrap());
    assert!(text.contains(&squash("55.62 MWh. From a part.")), "{text}");
    let md = scratch.path("acme.md");
    report(&dir, &md).expect(0);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("55.62 MWh for Triage Assistant.")
    );
    // The shared HTML shell wraps the folder's Markdown.
    let html = scratch.path("acme.html");
    report(&dir, &html).expect(0);
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("At a glance")
    );
}

#[test]
fn a_template_mistake_names_the_file_line_and_variable() {
    let scratch = Scratch::new("template-mistake");
    let dir = scratch.path("broken");
    std::fs::create_dir_all(&dir).unwrap();
    write_file(
        &dir.join("report.md"),
        "# T\n\n{{ totals.facility_energy_mwh }}\n{{ totals.no_such }}\n",
    );
    let output = report(&dir, &scratch.path("x.md")).expect(2);
    assert!(
        output.stderr.contains("file `report.md:4`")
            && output
                .stderr
                .contains("Variable `totals.no_such` not found"),
        "{}",
        output.stderr
    );
    assert!(
        !scratch.path("x.md").exists(),
        "nothing is written on failure"
    );
}

#[test]
fn a_template_cannot_read_outside_its_folder() {
    let scratch = Scratch::new("template-escape");
    let dir = scratch.path("nosy");
    std::fs::create_dir_all(&dir).unwrap();
    let secret = scratch.path("secret.txt");
    write_file(&secret, "do not print me");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.join("link.txt")).unwrap();
    for attempt in [
        "/etc/passwd",
        "../secret.txt",
        "link.txt",
        "/attachments/../../secret.txt",
    ] {
        write_file(&dir.join("report.typ"), &format!("#read(\"{attempt}\")\n"));
        let output = report(&dir, &scratch.path("x.pdf")).run();
        assert_eq!(output.code, 2, "{attempt}: {output:?}");
        assert!(!output.stderr.contains("do not print me"));
        assert!(
            !output
                .stderr
                .contains(scratch.path("").to_string_lossy().as_ref()),
            "{attempt}: a host path leaked: {}",
            output.stderr
        );
    }
}

#[test]
fn a_folder_without_an_entry_is_refused() {
    let scratch = Scratch::new("template-empty");
    let dir = scratch.path("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let output = report(&dir, &scratch.path("x.pdf")).expect(2);
    assert!(
        output
            .stderr
            .contains("none of report.typ, report.md and report.html"),
        "{}",
        output.stderr
    );
}
