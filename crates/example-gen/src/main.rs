//! `outturn-example-gen FOLDER`: writes Example Borough Council's demo
//! files (a fictional council) into FOLDER. The committed copy lives in
//! demo/example-borough:
//!
//!     cargo run -p outturn-example-gen -- demo/example-borough

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder] = args.as_slice() else {
        eprintln!(
            "usage: outturn-example-gen FOLDER\n\nwrites the fictional Example Borough Council's demo files into FOLDER, e.g.\n  {}",
            outturn_example_gen::tree::REGENERATE
        );
        return ExitCode::from(2);
    };
    let folder = PathBuf::from(folder);
    match outturn_example_gen::write_to(&folder) {
        Ok(written) => {
            for (name, lines) in written {
                println!("wrote {} ({lines} lines)", folder.join(name).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write to {}: {e}", folder.display());
            ExitCode::FAILURE
        }
    }
}
