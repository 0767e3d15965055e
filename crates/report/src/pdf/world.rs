//! The smallest typst World that lays out a report: the fixed template as
//! the main file, the report's data as one JSON file beside it, and the
//! fonts shipped in the crate. No system fonts, no packages, no clock, so
//! the same report gives the same PDF on any machine.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

const TEMPLATE: &str = include_str!("report.typ");
/// Where the template reads the report's data from (`json("/report.json")`).
pub(super) const DATA_PATH: &str = "/report.json";

/// Liberation Sans (SIL OFL 1.1, see fonts/OFL.txt): metric-compatible
/// with Arial, the font the Word reports name.
pub(crate) static FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
];

/// The regular and bold faces, for measuring text before layout.
static FACES: LazyLock<[ttf_parser::Face<'static>; 2]> = LazyLock::new(|| {
    let face = |bytes| ttf_parser::Face::parse(bytes, 0).expect("a shipped font parses");
    [face(FONT_FILES[0]), face(FONT_FILES[1])]
});

/// How wide a text runs in the report's font, in thousandths of an em
/// (kerning and shaping aside): to size table columns.
pub(super) fn text_width(text: &str, bold: bool) -> usize {
    let face = &FACES[usize::from(bold)];
    let units: usize =
        text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(0, usize::from)).sum();
    units * 1000 / usize::from(face.units_per_em())
}

/// What every render shares: the standard library, the fonts and the template.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|bytes| Font::iter(Bytes::new(*bytes))).collect();
    assert_eq!(fonts.len(), FONT_FILES.len(), "every shipped font file holds one font");
    // `pdf.header-cell` (row headers in tables) is behind this flag.
    let library = Library::builder().with_features([Feature::A11yExtras].into_iter().collect()).build();
    Shared {
        library: LazyHash::new(library),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        main: Source::new(file_id("/report.typ"), TEMPLATE.to_string()),
        data_id: file_id(DATA_PATH),
        fonts,
    }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The template and one report's data.
pub(super) struct ReportWorld {
    data: Bytes,
}

impl ReportWorld {
    pub(super) fn new(json: Vec<u8>) -> Self {
        ReportWorld { data: Bytes::new(json) }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main.id() { Ok(SHARED.main.clone()) } else { Err(not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data_id {
            Ok(self.data.clone())
        } else if id == SHARED.main.id() {
            Ok(Bytes::from_string(TEMPLATE))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// No clock: the template never asks for today's date.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
