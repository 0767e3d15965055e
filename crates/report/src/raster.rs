//! A chart's SVG as a PNG, for Word: Word shows an SVG picture only in
//! recent versions and LibreOffice not always as drawn, so a .docx carries
//! the drawing as pixels (with its words beside it, as in every format).
//! resvg draws it with the fonts the PDF ships (Liberation Sans, metric
//! compatible with the Arial the drawing names), never the system's, so the
//! same drawing gives the same bytes on any machine.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Options, Tree, fontdb};

static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for bytes in crate::pdf::FONT_FILES {
        db.load_font_data(bytes.to_vec());
    }
    // "arial, helvetica, sans-serif": the generic family is the shipped one.
    db.set_sans_serif_family("Liberation Sans");
    Arc::new(db)
});

/// [`png`], kept for drawings drawn again and again (the icons: a few
/// kinds, two beside every chart).
pub(crate) fn png_kept(svg: &str, width: u32) -> Option<(Vec<u8>, u32, u32)> {
    type Kept = HashMap<(String, u32), Option<(Vec<u8>, u32, u32)>>;
    static KEPT: LazyLock<Mutex<Kept>> = LazyLock::new(Default::default);
    let key = (svg.to_string(), width);
    if let Some(kept) = KEPT.lock().ok().and_then(|k| k.get(&key).cloned()) {
        return kept;
    }
    let drawn = png(svg, width);
    if let Ok(mut kept) = KEPT.lock() {
        kept.insert(key, drawn.clone());
    }
    drawn
}

/// A PNG of the drawing `width` pixels wide on white, with its height in
/// pixels; None when the SVG cannot be read (a fault in the drawing: the
/// words beside it still say what it shows).
pub(crate) fn png(svg: &str, width: u32) -> Option<(Vec<u8>, u32, u32)> {
    let options = Options { fontdb: FONTS.clone(), font_family: "Liberation Sans".into(), ..Options::default() };
    let tree = Tree::from_str(svg, &options).ok()?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = Pixmap::new(width, height)?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some((encode(&pixmap)?, width, height))
}

/// The pixels as a PNG, compressed fast: a chart is mostly white, so even
/// the fastest compression makes it small, and a harder one is slow in an
/// unoptimised build. Drawn opaque on white, the premultiplied pixels are
/// the plain ones.
fn encode(pixmap: &Pixmap) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header().ok()?.write_image_data(pixmap.data()).ok()?;
    Some(out)
}
