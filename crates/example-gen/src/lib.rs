//! Example Borough Council: a fictional council for the outturn demo, with
//! six financial years of history (2020/21 to 2025/26, and 2026/27 to
//! September), generated from a fixed seed so the files are the same bytes
//! on every run and machine.
//!
//! Integers are drawn from ChaCha8 and every figure is computed in
//! `Decimal`: no floating point touches the data. `files` gives each file's
//! name and text; `write_to` writes them into a folder.

use std::path::Path;

pub mod calendar;
pub mod draw;
pub mod events;
pub mod generate;
pub mod measures;
pub mod spec;
pub mod tree;
pub mod write;

/// Every generated file: its name in the council's folder, and its text.
pub fn files() -> Vec<(&'static str, String)> {
    let generated = generate::generate(&measures::measures());
    vec![
        ("framework.toml", write::framework(&generated)),
        ("targets.csv", write::targets(&generated)),
        ("results.csv", write::results(&generated)),
        ("milestone-updates.csv", write::milestone_updates()),
        ("process-changes.csv", write::process_changes()),
        ("benchmarks.csv", write::benchmarks(&generated)),
        ("comparison-groups.toml", write::comparison_groups()),
    ]
}

/// Writes every file into `folder` (created if need be), returning the names written.
pub fn write_to(folder: &Path) -> std::io::Result<Vec<(&'static str, usize)>> {
    std::fs::create_dir_all(folder)?;
    let mut written = Vec::new();
    for (name, text) in files() {
        std::fs::write(folder.join(name), &text)?;
        written.push((name, text.lines().count()));
    }
    Ok(written)
}
