//! `outturn import`: a results or targets CSV or .xlsx into a council, all or nothing;
//! `outturn import template` prints a blank file to fill in.

use outturn_core::Key;
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::Timestamp;
use outturn_app::framework::file::{DataKind, data_kind};
use outturn_app::import::results::{Reopen, Stage, import_results_file};
use outturn_app::import::{Imported, import_file, import_workbook};
use outturn_store::Store;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: Option<ImportCommand>,
    /// A results, targets or measures CSV, or a results or targets .xlsx (the columns of
    /// docs/framework-file.md; the header tells which).
    #[arg(required = true)]
    pub file: Option<String>,
    /// The council's slug, such as stevenage.
    #[arg(long, required = true)]
    pub council: Option<Key>,
    /// Check the file and say what would be added, corrected and left unchanged, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Print a blank CSV with the header (stdout) and an example row (stderr).
    Template {
        #[arg(value_enum)]
        kind: TemplateKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TemplateKind {
    Results,
    Targets,
    Measures,
}

/// `import template` needs no database.
pub fn template_only(args: &ImportArgs, out: &mut impl Write) -> Option<Result<(), String>> {
    let Some(ImportCommand::Template { kind }) = &args.command else { return None };
    let (kind, example) = match kind {
        TemplateKind::Results => (
            DataKind::Results,
            "BV9,2020/21-Q2,59.9,,,,96.5,,Instalment arrangements changed,2020-10-20T09:00:00Z,Revenues",
        ),
        TemplateKind::Targets => {
            (DataKind::Targets, "BV9,2020/21-Q2,61,2020-04-01,Profiled target,Performance team,2020-04-01T09:00:00Z")
        }
        TemplateKind::Measures => (
            DataKind::Measures,
            "BV9,% Council Tax collected,,finance-and-estates,,,,percentage,,1,higher,quarterly,\
             snapshot,,points,2,,,",
        ),
    };
    let _ = writeln!(out, "{}", kind.columns().join(","));
    eprintln!("# an example row (a CSV has no comments, so it is not in the file): {example}");
    Some(Ok(()))
}

pub async fn run(store: &dyn Store, args: ImportArgs, out: &mut impl Write) -> Result<(), String> {
    let (Some(file), Some(council)) = (args.file, args.council) else {
        return Err("give a FILE and --council SLUG".into());
    };
    let name = Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let (now, actor) = (Timestamp::now(), &outturn_app::actor::Actor::command("outturn import"));
    let head = first_line(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
    // An .xlsx is a zip archive: told by its name or by the zip signature.
    let is_workbook = name.to_ascii_lowercase().ends_with(".xlsx") || head.starts_with(b"PK\x03\x04");
    let imported = if is_workbook {
        let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
        import_workbook(store, &council, None, &bytes, &name, args.dry_run, now, actor).await
    } else if data_kind(&name, &String::from_utf8_lossy(&head)) == Ok(DataKind::Results) {
        // Results files can be millions of rows: read as a stream, with a
        // progress bar on a terminal.
        let path = std::path::PathBuf::from(&file);
        let bar = progress_bar(path.size());
        let show = |stage: Stage, bytes: u64| {
            bar.set_message(match stage {
                Stage::Checking => "checking",
                Stage::Writing => "checking and writing",
            });
            bar.set_position(bytes);
        };
        let imported =
            import_results_file(store, &council, Arc::new(path), &name, args.dry_run, now, actor, &show).await;
        bar.finish_and_clear();
        imported
    } else {
        let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{file} is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\" or .xlsx"))?;
        import_file(store, &council, None, &text, &name, args.dry_run, now, actor).await
    }
    .map_err(|e| e.to_string())?;
    print(out, &imported);
    Ok(())
}

/// The file's first line (at most 64 KiB): enough to tell what it is.
fn first_line(file: &str) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::io::BufReader::new(std::fs::File::open(file)?).take(64 * 1024).read_until(b'\n', &mut head)?;
    Ok(head)
}

/// A bar over the file's bytes, drawn only when standard error is a terminal.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg:>9} [{bar:40}] {bytes}/{total_bytes} ({eta})")
        .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

fn print(out: &mut impl Write, i: &Imported) {
    let (add, correct, leave) = match (i.dry_run, i.kind) {
        (true, DataKind::Results) => ("would add", "would correct", "would leave unchanged"),
        (true, DataKind::Targets) => ("would add", "would revise", "would leave unchanged"),
        (true, DataKind::Measures) => ("would add", "would change", "would leave unchanged"),
        (false, DataKind::Results) => ("added", "corrected", "unchanged"),
        (false, DataKind::Targets) => ("added", "revised", "unchanged"),
        (false, DataKind::Measures) => ("added", "changed", "unchanged"),
    };
    let dry = if i.dry_run { " (dry run: nothing written)" } else { "" };
    let _ = writeln!(
        out,
        "{}: {} {} rows for {}{dry}: {add} {}, {correct} {}, {leave} {}",
        i.source,
        i.rows,
        i.kind.name(),
        i.council,
        i.counts.added,
        i.counts.corrected,
        i.counts.unchanged
    );
    if i.changes_nothing() && !i.dry_run {
        let _ = writeln!(out, "no changes");
    }
    for line in &i.kept_rules {
        let line = if i.dry_run { line.replacen("kept ", "would keep ", 1) } else { line.clone() };
        let _ = writeln!(out, "{line}");
    }
    if !i.commentary_owed.is_empty() {
        let _ =
            writeln!(out, "commentary needed before sign-off ({} Red or Amber without it):", i.commentary_owed.len());
        for owed in &i.commentary_owed {
            let _ = writeln!(out, "  {owed}, {}", owed.unit_name);
        }
    }
}
