//! A framework file and the CSV files it names. The input is split at NUL
//! bytes into framework.toml, targets.csv, results.csv and
//! milestone-updates.csv, so the fuzzer can reach the data readers too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outturn_app::framework::file::{FileSource, read_plan};

struct Files<'a>(Vec<&'a str>);

impl FileSource for Files<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        let index = match path {
            "framework.toml" => 0,
            "targets.csv" => 1,
            "results.csv" => 2,
            "milestone-updates.csv" => 3,
            _ => return Err(format!("no file {path}")),
        };
        self.0.get(index).map(|text| text.to_string()).ok_or_else(|| format!("no file {path}"))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = Files(text.split('\0').collect());
    let _ = read_plan(&files, "framework.toml");
});
