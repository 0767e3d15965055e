//! A results or targets workbook: any bytes give a table or a problem, and a
//! table's rows are checked as a CSV's, never a panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use outturn_app::framework::file::{read_table, read_workbook, table_kind};

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = read_workbook("fuzz.xlsx", data)
        && let Ok(kind) = table_kind("fuzz.xlsx", &table)
    {
        let _ = read_table("fuzz.xlsx", &table, kind, common::demo_measures(), "of the demo");
    }
});
