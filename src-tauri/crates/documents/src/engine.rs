//! typst as a library: a fixed template per document kind reads its data from a JSON file
//! served by this module's [`World`]. Seller and buyer text only ever enters as JSON strings,
//! which typst prints as text: a buyer note like `*x* $y$ #emph[z]` is never markup.

use crate::fonts::Catalogue;
use crate::model::Pdf;
use crate::DocumentError;
use serde::Serialize;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// What every render shares: the standard library and the fonts (the system's are looked up
/// once per process, on the first document).
struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Catalogue,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let fonts = Catalogue::load(true);
    Engine {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(fonts.book.clone()),
        fonts,
    }
});

/// The path the templates read their data from.
const DATA_PATH: &str = "/data.json";

/// One document being compiled: its template and its data.
struct DocWorld {
    engine: &'static Engine,
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    /// Documents print no "today": the same orders give the same PDF.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// Lays out `template` over `data` and writes the PDF: untagged (tags quadruple a batch of
/// slips and label printers ignore them), fonts subset by typst-pdf.
pub(crate) fn render(
    name: &str,
    template: &'static str,
    data: &impl Serialize,
) -> Result<Pdf, DocumentError> {
    let data = serde_json::to_vec(data).map_err(|e| DocumentError::Data(e.to_string()))?;
    let world = DocWorld {
        engine: &ENGINE,
        main: Source::new(
            FileId::new(None, VirtualPath::new(format!("/{name}.typ"))),
            template.to_owned(),
        ),
        data_id: FileId::new(None, VirtualPath::new(DATA_PATH)),
        data: Bytes::new(data),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    for warning in &compiled.warnings {
        // An unknown family is a font package the system lacks: that text falls back or shows
        // as boxes, and the document is still valid.
        tracing::debug!(document = name, "typst: {}", warning.message);
    }
    let result = compiled
        .output
        .map_err(|e| DocumentError::Layout(describe(&e)))
        .and_then(|doc| {
            let options = typst_pdf::PdfOptions {
                tagged: false,
                ..typst_pdf::PdfOptions::default()
            };
            let bytes =
                typst_pdf::pdf(&doc, &options).map_err(|e| DocumentError::Layout(describe(&e)))?;
            Ok(Pdf {
                bytes,
                pages: doc.pages.len(),
            })
        });
    // typst memoises layout in a process-wide cache that only grows; a print is a one-off
    // batch, so its entries are dropped as soon as the PDF exists.
    comemo::evict(0);
    result
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
