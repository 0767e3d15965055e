//! What the targets share: the demo council's measures, read once, to check
//! data rows against.

use std::sync::OnceLock;

use outturn_app::demo::{DEMO_FRAMEWORKS, EmbeddedDemo};
use outturn_app::framework::file::read_plan;
use outturn_core::Measure;

pub fn demo_measures() -> &'static [Measure] {
    static MEASURES: OnceLock<Vec<Measure>> = OnceLock::new();
    MEASURES.get_or_init(|| {
        DEMO_FRAMEWORKS
            .iter()
            .flat_map(|path| read_plan(&EmbeddedDemo, path).expect("the demo framework reads").definitions.measures)
            .collect()
    })
}
