//! The committed demo files of Example Borough Council are exactly what the
//! generator writes, so the data and the generator cannot drift apart.

use std::path::{Path, PathBuf};

use outturn_example_gen::tree::{COMMITTED_FOLDER, REGENERATE};

fn committed_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(COMMITTED_FOLDER)
}

#[test]
fn the_committed_files_are_what_the_generator_writes() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let written = outturn_example_gen::write_to(out.path()).expect("write the files");
    let committed = committed_folder();
    let mut problems = Vec::new();
    for (name, _) in &written {
        let fresh = std::fs::read(out.path().join(name)).expect("the file just written");
        match std::fs::read(committed.join(name)) {
            Ok(kept) if kept == fresh => {}
            Ok(kept) => {
                let line = kept
                    .split(|b| *b == b'\n')
                    .zip(fresh.split(|b| *b == b'\n'))
                    .position(|(a, b)| a != b)
                    .map_or_else(|| "at the end".to_string(), |i| format!("from line {}", i + 1));
                problems.push(format!("{COMMITTED_FOLDER}/{name} differs from what the generator writes ({line})"));
            }
            Err(e) => problems.push(format!("{COMMITTED_FOLDER}/{name} cannot be read: {e}")),
        }
    }
    // Nothing in the folder that the generator does not write.
    let names: Vec<&str> = written.iter().map(|(n, _)| *n).collect();
    for entry in std::fs::read_dir(&committed).expect("the committed folder") {
        let name = entry.expect("a folder entry").file_name().to_string_lossy().into_owned();
        if !names.contains(&name.as_str()) {
            problems.push(format!("{COMMITTED_FOLDER}/{name} is not written by the generator"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nThe demo files are generated: change crates/example-gen, then regenerate them with\n    {REGENERATE}\n(from the top of the repository) and commit both.",
        problems.join("\n")
    );
}

#[test]
fn two_runs_write_the_same_bytes() {
    assert_eq!(outturn_example_gen::files(), outturn_example_gen::files());
}
