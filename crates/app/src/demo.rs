//! Use case: load the demo councils. Their framework files (in `demo/` at the
//! top of the repository, written from published committee papers) are built
//! into the binary, so `outturn demo` works from any folder. Loading is a
//! framework apply, so it is idempotent.

use outturn_store::Store;

use crate::AppError;
use crate::framework_apply::{Applied, apply_framework_file};
use crate::framework_file::FileSource;

/// The demo files, by their path in the repository.
pub const DEMO_FILES: &[(&str, &str)] = &[
    ("demo/stevenage/framework.toml", include_str!("../../../demo/stevenage/framework.toml")),
    ("demo/stevenage/targets.csv", include_str!("../../../demo/stevenage/targets.csv")),
    ("demo/stevenage/results.csv", include_str!("../../../demo/stevenage/results.csv")),
    ("demo/epping-forest/framework.toml", include_str!("../../../demo/epping-forest/framework.toml")),
    ("demo/epping-forest/targets.csv", include_str!("../../../demo/epping-forest/targets.csv")),
    ("demo/epping-forest/results.csv", include_str!("../../../demo/epping-forest/results.csv")),
    ("demo/epping-forest/milestone-updates.csv", include_str!("../../../demo/epping-forest/milestone-updates.csv")),
];

/// The framework file of each demo council.
pub const DEMO_FRAMEWORKS: &[&str] = &["demo/stevenage/framework.toml", "demo/epping-forest/framework.toml"];

/// The demo files built into the binary.
pub struct EmbeddedDemo;

impl FileSource for EmbeddedDemo {
    fn read(&self, path: &str) -> Result<String, String> {
        DEMO_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| format!("{path} is not one of the demo files built into outturn"))
    }
}

/// Applies every demo council's framework, in order.
pub async fn load_demo(store: &dyn Store) -> Result<Vec<Applied>, AppError> {
    let mut applied = Vec::new();
    for path in DEMO_FRAMEWORKS {
        applied.push(apply_framework_file(store, &EmbeddedDemo, path, "outturn demo").await?);
    }
    Ok(applied)
}
