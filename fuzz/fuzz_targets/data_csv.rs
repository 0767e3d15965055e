//! A results or targets CSV checked against the demo measures: every input
//! gives rows or problems, never a panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use outturn_app::framework::file::{data_kind, read_data};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(kind) = data_kind("fuzz.csv", text) {
        let _ = read_data("fuzz.csv", text, kind, common::demo_measures(), "of the demo");
    }
});
