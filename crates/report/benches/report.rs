//! How long does a committee paper take to produce, and how does typesetting
//! it as a PDF here compare with what a council does today: converting the
//! Word document with LibreOffice?
//!
//! For the Stevenage 2020/21-Q2 quarterly report (the demo, in an in-memory
//! SQLite database loaded before timing):
//!
//! - `model`: building the report model from the store (status report,
//!   framework, paragraphs numbered, citations resolved);
//! - `docx`: rendering that model as a .docx;
//! - `pdf`: rendering it as a tagged PDF with typst (the first render, which
//!   also parses the template and fonts, is printed on its own);
//! - `libreoffice`: the baseline, `libreoffice --headless --convert-to pdf`
//!   of that .docx, a new process each time as a council's script runs it
//!   (skipped, saying so, when LibreOffice is not installed).
//!
//! Each figure is the median of several runs; the last line is the ratio
//! PDF / LibreOffice (the goal: at most 0.1).
//!
//! Run: `cargo bench -p outturn-report --bench report`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use outturn_core::Period;
use outturn_report::{Format, Settings, quarterly::quarterly, render_bytes};
use outturn_store::{SqliteStore, Store};

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(async {
        let store = SqliteStore::open("sqlite::memory:").await.unwrap();
        store.migrate().await.unwrap();
        outturn_app::demo::load_demo(&store).await.unwrap();
        store
    });
    let period = Period::parse("2020/21-Q2").unwrap();
    let build = || {
        runtime
            .block_on(quarterly(
                &store,
                &outturn_app::actor::Actor::command("bench"),
                &outturn_core::Key::parse("stevenage").unwrap(),
                period,
                &Settings::default(),
            ))
            .unwrap()
    };

    let report = build();
    let model = median(20, || {
        build();
    });
    let docx_bytes = render_bytes(&report, Format::Docx);
    let docx = median(20, || {
        render_bytes(&report, Format::Docx);
    });
    let cold = time(|| {
        render_bytes(&report, Format::Pdf);
    });
    let pdf_bytes = render_bytes(&report, Format::Pdf);
    let pdf = median(10, || {
        render_bytes(&report, Format::Pdf);
    });

    println!("Stevenage 2020/21-Q2 quarterly report, median of the runs:");
    println!("  model        {:>10.2?}", model);
    println!("  docx         {:>10.2?}  ({} bytes)", docx, docx_bytes.len());
    println!("  pdf (first)  {:>10.2?}  (parses the template and fonts)", cold);
    println!("  pdf          {:>10.2?}  ({} bytes)", pdf, pdf_bytes.len());

    let Some(office) = libreoffice() else {
        println!("  libreoffice  skipped: LibreOffice (libreoffice or soffice) is not on PATH");
        return;
    };
    let dir = std::env::temp_dir().join(format!("outturn-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("stevenage-2020-21-q2.docx");
    std::fs::write(&input, &docx_bytes).unwrap();
    // The first run creates LibreOffice's profile; a council's machine has one already.
    convert(&office, &dir, &input);
    let baseline = median(5, || convert(&office, &dir, &input));
    std::fs::remove_dir_all(&dir).ok();
    println!("  libreoffice  {:>10.2?}  (docx to pdf, one process per conversion)", baseline);
    println!(
        "ratio pdf / libreoffice: {:.3} (goal: at most 0.1); (docx + pdf) / libreoffice: {:.3}",
        pdf.as_secs_f64() / baseline.as_secs_f64(),
        (docx + pdf).as_secs_f64() / baseline.as_secs_f64()
    );
}

fn time(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| time(&mut f)).collect();
    times.sort();
    times[runs / 2]
}

fn libreoffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["libreoffice", "soffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

fn convert(office: &Path, dir: &Path, input: &Path) {
    let output = Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .expect("LibreOffice runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.join("stevenage-2020-21-q2.pdf").is_file(), "LibreOffice wrote the PDF");
}
