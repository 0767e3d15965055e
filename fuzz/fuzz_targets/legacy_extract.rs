//! The text of a past committee paper: extraction must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count();
    for line in outturn_app::legacy::extract(&text) {
        // The line a result was read from is always a line of the paper.
        assert!((1..=lines).contains(&line.source_line), "source line {} of {lines}", line.source_line);
    }
});
