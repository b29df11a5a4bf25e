//! Typst source → PDF, in process. The Typst world here is deliberately small: the generated
//! main file, the template's own files, and the fonts compiled into the binary. It reads
//! nothing from disk, opens no network connection and resolves no packages, so a template or
//! an input value cannot reach outside it.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::RenderError;
use super::template::Template;

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: &'static [Font],
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts = crate::fonts::faces();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

const MAIN: &str = "/main.typ";

struct ReportWorld<'a> {
    main: Source,
    template: &'a Template,
    /// Files the document attaches (the inputs and the JSON report), under `/attachments/`.
    attachments: &'a [(String, Vec<u8>)],
    /// Images wattprint drew for the document (the heat maps), by their path
    /// (`wattprint-charts/heat-0-consumption.png`).
    images: &'a [(String, Vec<u8>)],
    today: Datetime,
}

/// Most pages a report may have: the longest built-in report has a dozen.
pub const MAX_PAGES: usize = 2_000;

/// Files by name: (name, bytes).
pub type Named = [(String, Vec<u8>)];

/// Where attached files appear to the template.
pub const ATTACHMENTS: &str = "attachments/";

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ReportWorld<'_> {
    /// The template file behind `id`; nothing outside the template folder exists here.
    fn template_file(&self, id: FileId) -> FileResult<&[u8]> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            // Packages are never fetched: a report must not depend on the network.
            return Err(FileError::Package(typst::diag::PackageError::Other(Some(
                "wattprint does not download packages; copy the package's files into the template folder and import them by path".into(),
            ))));
        }
        let path = rooted.vpath().get_without_slash();
        if path.starts_with(super::heatmap::IMAGES)
            && let Some((_, bytes)) = self.images.iter().find(|(n, _)| n == path)
        {
            return Ok(bytes.as_slice());
        }
        if let Some(name) = path.strip_prefix(ATTACHMENTS) {
            return self
                .attachments
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, bytes)| bytes.as_slice())
                .ok_or_else(|| FileError::NotFound(path.into()));
        }
        self.template
            .file(path)
            .ok_or_else(|| FileError::NotFound(path.into()))
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.template_file(id)?;
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.template_file(id).map(|b| Bytes::new(b.to_vec()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn datetime(date: NaiveDate) -> Option<Datetime> {
    Datetime::from_ymd_hms(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
        0,
        0,
        0,
    )
}

/// Compiles `typst_source` (rendered from `template`) to a tagged PDF/A-3a document whose bytes
/// depend only on the source, the attachments and images, the date and `ident`. PDF/A-3 is the archival
/// standard that allows attached files, which is how a report carries its inputs.
///
/// # Errors
/// [`RenderError::Typst`] with Typst's messages and the generated lines they point at.
pub fn compile(
    typst_source: String,
    template: &Template,
    (attachments, images): (&Named, &Named),
    date: NaiveDate,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let failed = |message: String| RenderError::Typst {
        template: template.name.clone(),
        message,
    };
    let main_id = file_id(MAIN).ok_or_else(|| failed("invalid main path".to_owned()))?;
    let today = datetime(date).ok_or(RenderError::Date { date })?;
    let world = ReportWorld {
        main: Source::new(main_id, typst_source),
        template,
        attachments,
        images,
        today,
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| failed(describe(&world, &errors)))?;
    if document.pages().len() > MAX_PAGES {
        return Err(RenderError::TooManyPages {
            template: template.name.clone(),
            pages: document.pages().len(),
            limit: MAX_PAGES,
        });
    }
    let standards =
        PdfStandards::new(&[PdfStandard::A_3a]).map_err(|e| failed(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        timestamp: Some(Timestamp::new_utc(today)),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| failed(describe(&world, &errors)))
}

fn describe(world: &ReportWorld<'_>, errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let place = e
                .span
                .id()
                .and_then(|id| world.source(id).ok())
                .and_then(|source| {
                    let range = world.range(e.span)?;
                    let line = source.lines().byte_to_line(range.start)? + 1;
                    let path = source.id().get().vpath().get_without_slash().to_owned();
                    Some(format!(" (generated {path}, line {line})"))
                })
                .unwrap_or_default();
            let mut text = format!("{}{place}", e.message);
            // Typst's hints speak of its own command line (`--root`, `--font-path`), which
            // wattprint does not have; say what holds here instead.
            let foreign = e.hints.iter().any(|h| h.v.contains("--"));
            if foreign {
                text.push_str("; hint: a template reads only the files in its own folder and the report's attachments");
            }
            // The shared library numbers headings itself, each with `numbering: none`, so
            // Typst's advice (a `set heading(numbering: ..)` rule) cannot take effect.
            if e.message.contains("without numbering") && e.message.contains("heading") {
                text.push_str("; hint: wattprint.typ's `report` numbers headings itself, which a reference cannot point to; pass `numbering: none` to `report.with(..)` and `#set heading(numbering: \"1.1\")` to reference headings");
                return text;
            }
            for hint in e.hints.iter().filter(|h| !h.v.contains("--")) {
                text.push_str("; hint: ");
                text.push_str(&hint.v);
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n")
}
