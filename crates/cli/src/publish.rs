//! `outturn report publish|list|published|changes`: publishing a committee
//! report (every format, the compendium, the data and a content hash, in
//! one transaction; the period is then locked), what was published when, a
//! stored file back byte for byte, and what has changed since.

use std::io::Write;

use clap::{Args, ValueEnum};
use jiff::Timestamp;
use jiff::civil::Date;
use outturn_app::reports::publication::{changes_since, file, list};
use outturn_core::{Key, Period};
use outturn_report::ReportKind;
use outturn_report::publish::{PublishRequest, publish};
use outturn_store::Store;

use crate::output::table::{col, num, print};
use crate::{parse_date, parse_period};

#[derive(Args)]
pub struct PublishArgs {
    #[arg(long)]
    council: Key,
    /// The period reported: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    #[arg(long, value_enum, default_value_t = Kind::Quarterly)]
    kind: Kind,
    /// The committee the report goes to ("Executive").
    #[arg(long)]
    committee: String,
    /// The date of the meeting (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Date,
    /// Publish although the checklist has items open (narrative to write,
    /// cover fields to set, units not signed off, commentary owed), for this
    /// reason, which the audit log keeps.
    #[arg(long = "override", value_name = "REASON")]
    override_reason: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Quarterly,
    Exception,
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long)]
    council: Option<Key>,
}

#[derive(Args)]
pub struct PublishedArgs {
    /// The publication's number (from `outturn report list`).
    #[arg(long)]
    id: i64,
    /// html, md, docx, pdf or xlsx (the compendium).
    #[arg(long)]
    format: String,
    /// The file to write.
    #[arg(short = 'o', long = "output")]
    output: std::path::PathBuf,
}

#[derive(Args)]
pub struct ChangesArgs {
    #[arg(long)]
    id: i64,
}

pub async fn publish_cmd(store: &dyn Store, args: PublishArgs, out: &mut dyn Write) -> Result<(), String> {
    let kind = match args.kind {
        Kind::Quarterly => ReportKind::Quarterly,
        Kind::Exception => ReportKind::Exception,
    };
    let request = PublishRequest {
        council: &args.council,
        kind,
        period: args.period,
        committee: &args.committee,
        meeting_date: args.date,
        override_reason: args.override_reason.as_deref(),
    };
    let p = publish(store, &outturn_app::actor::Actor::command("outturn report publish"), &request, Timestamp::now())
        .await
        .map_err(|e| e.to_string())?;
    writeln!(
        out,
        "published {} report {} for {} {} (to {} on {}): {}; sha256 {}; {} is now locked",
        p.kind,
        p.id,
        p.council,
        p.period,
        p.committee,
        p.meeting_date,
        p.formats.join(", "),
        p.content_hash,
        p.period
    )
    .map_err(|e| e.to_string())
}

pub async fn list_cmd(store: &dyn Store, args: ListArgs, out: &mut dyn Write) -> Result<(), String> {
    let all = list(store, &outturn_app::actor::Actor::command("outturn report list"), args.council.as_ref())
        .await
        .map_err(|e| e.to_string())?;
    let mut text = Vec::new();
    if all.is_empty() {
        let _ = writeln!(text, "no published reports");
    } else {
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.council.to_string(),
                    p.kind.clone(),
                    p.period.to_string(),
                    p.committee.clone(),
                    p.meeting_date.to_string(),
                    p.published_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                    p.published_by.clone(),
                    p.content_hash.chars().take(12).collect(),
                ]
            })
            .collect();
        let columns = [
            num("id"),
            col("council"),
            col("kind"),
            col("period"),
            col("committee"),
            col("meeting"),
            col("published at"),
            col("by"),
            col("sha256"),
        ];
        print(&mut text, &columns, &rows);
    }
    out.write_all(&text).map_err(|e| e.to_string())
}

pub async fn published_cmd(store: &dyn Store, args: PublishedArgs, out: &mut dyn Write) -> Result<(), String> {
    let f = file(store, &outturn_app::actor::Actor::command("outturn report published"), args.id, &args.format)
        .await
        .map_err(|e| e.to_string())?;
    std::fs::write(&args.output, &f.bytes).map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    writeln!(out, "wrote {} ({}, {} bytes, as published)", args.output.display(), f.file_name, f.bytes.len())
        .map_err(|e| e.to_string())
}

pub async fn changes_cmd(store: &dyn Store, args: ChangesArgs, out: &mut dyn Write) -> Result<(), String> {
    let c = changes_since(store, &outturn_app::actor::Actor::command("outturn report changes"), args.id)
        .await
        .map_err(|e| e.to_string())?;
    let mut text = Vec::new();
    let _ = writeln!(
        text,
        "published report {} ({} {}, published {}) against now:",
        c.id,
        c.council,
        c.period,
        c.published_at.strftime("%Y-%m-%d %H:%M UTC")
    );
    if c.changes.is_empty() {
        let _ = writeln!(text, "no figure or status has changed since it was published");
    } else {
        let none = || "-".to_string();
        let rows: Vec<Vec<String>> = c
            .changes
            .iter()
            .map(|m| {
                vec![
                    m.code.clone(),
                    m.published_result.clone().unwrap_or_else(none),
                    m.now_result.clone().unwrap_or_else(none),
                    m.published_status.clone(),
                    m.now_status.clone(),
                ]
            })
            .collect();
        let columns = [col("measure"), num("as published"), num("now"), col("status as published"), col("status now")];
        print(&mut text, &columns, &rows);
    }
    out.write_all(&text).map_err(|e| e.to_string())
}
