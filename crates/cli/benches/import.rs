//! Import bench (`cargo bench -p outturn --bench import`): a results CSV of
//! 1,000,000 rows (2,000 monthly measures x 500 months) imported into a
//! SQLite file by `outturn import` (every row checked against its measure,
//! compared with what is stored, written in one transaction), and in the same
//! run, as the baseline, `sqlite3 FILE.db ".import --csv"` of the same file
//! into a bare table (no checks at all). Prints both times, the ratio (goal:
//! at most 2) and outturn's peak memory. Needs /usr/bin/time and sqlite3
//! (Debian's `time` and `sqlite3`). OUTTURN_BENCH_MONTHS sets the months per
//! measure (default 500) for a quicker run.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const MEASURES: usize = 2_000;

fn main() {
    let months: usize = std::env::var("OUTTURN_BENCH_MONTHS").ok().and_then(|m| m.parse().ok()).unwrap_or(500);
    let dir = std::env::temp_dir().join(format!("outturn-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make the bench folder");
    write_framework(&dir.join("framework.toml"));
    let csv = dir.join("results.csv");
    let rows = write_results(&csv, months);
    let size = std::fs::metadata(&csv).map_or(0, |m| m.len());
    println!("results.csv: {rows} rows, {:.1} MiB", size as f64 / 1048576.0);

    let db = format!("sqlite://{}", dir.join("outturn.db").display());
    run(Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["framework", "apply"])
        .arg(dir.join("framework.toml"))
        .env("OUTTURN_DATABASE_URL", &db));
    let (outturn_seconds, peak_kib) = timed(
        Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_outturn"))
            .args(["import", "--council", "bench"])
            .arg(&csv)
            .env("OUTTURN_DATABASE_URL", &db),
    );

    let bare = dir.join("bare.db");
    let (sqlite_seconds, _) =
        timed(Command::new("sqlite3").arg(&bare).arg(format!(".import --csv {} results", csv.display())));
    let imported: String = run(Command::new("sqlite3").arg(&bare).arg("SELECT COUNT(*) FROM results"));
    assert_eq!(imported.trim(), rows.to_string(), "sqlite3 imported every row");

    println!("outturn import:        {outturn_seconds:.2} s (checked, compared, one transaction)");
    println!("sqlite3 .import --csv: {sqlite_seconds:.2} s (bare table, no checks)");
    println!("ratio:                 {:.2} (goal: at most 2)", outturn_seconds / sqlite_seconds);
    println!("outturn peak memory:   {:.0} MiB (maximum resident set)", peak_kib as f64 / 1024.0);
    let _ = std::fs::remove_dir_all(&dir);
}

fn write_framework(path: &Path) {
    let mut text = String::from(
        "[council]\nslug = \"bench\"\nname = \"Bench Council\"\n\n[[node_kinds]]\nkey = \"unit\"\n\
         name = \"Business Unit\"\n\n[[nodes]]\nkey = \"all\"\nkind = \"unit\"\nname = \"All services\"\n\n",
    );
    for m in 0..MEASURES {
        let _ = write!(
            text,
            "[[measures]]\ncode = \"M{m:05}\"\ntitle = \"Measure {m}\"\nowner = \"all\"\nunit = \"count\"\n\
             polarity = \"higher\"\nfrequency = \"monthly\"\nytd = \"sum\"\n\
             status = {{ tolerance = \"percent\", amber = \"5\" }}\n\n"
        );
    }
    std::fs::write(path, text).expect("write the framework file");
}

/// Writes one figure per measure and month (months ending March 2026) and returns the row count.
fn write_results(path: &Path, months: usize) -> usize {
    let file = std::fs::File::create(path).expect("create results.csv");
    let mut out = BufWriter::new(file);
    let _ = out.write_all(
        b"measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n",
    );
    let first = 2026 * 12 + 3 - months as i64; // months since year 0, so the last is 2026-03
    for m in 0..MEASURES {
        for i in 0..months as i64 {
            let month = first + i;
            let (year, month) = (month / 12, month % 12 + 1);
            let value = (m as i64 * 7919 + i * 104729) % 100_000;
            let _ = writeln!(
                out,
                "M{m:05},{year}-{month:02},{}.{},,,,,,2026-04-20T09:00:00Z,Bench",
                value / 10,
                value % 10
            );
        }
    }
    out.flush().expect("write results.csv");
    MEASURES * months
}

/// Runs a command that must succeed, returning its standard output.
fn run(command: &mut Command) -> String {
    let output = command.output().expect("start the command");
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Seconds a command takes, and the peak memory in KiB that `/usr/bin/time -f %M` printed last, if any.
fn timed(command: &mut Command) -> (f64, u64) {
    let start = Instant::now();
    let output = command.output().expect("start the command");
    let seconds = start.elapsed().as_secs_f64();
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    (seconds, peak)
}
