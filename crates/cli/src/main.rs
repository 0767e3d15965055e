//! `outturn`: the command line. Parses arguments, calls one app use case,
//! and prints what it returns. Errors go to stderr as one line (a framework
//! file's problems one per line after it) with a non-zero exit.

mod benchmark;
mod committee;
mod demo;
mod export;
mod forecast;
mod import;
mod legacy;
mod output;
mod publish;
mod reminders;
mod report;
mod round;
mod serve;
mod spc;
mod telemetry;
mod token;
mod user;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use outturn_app::framework::file::Disk;
use outturn_core::{Key, MeasureCode, Period};
use outturn_store::DEFAULT_DATABASE_URL;

#[derive(Parser)]
#[command(name = "outturn", version, about = "Performance management and committee reporting for UK councils")]
struct Cli {
    /// The database: sqlite://FILE (created if missing) or postgres://USER@HOST/DATABASE.
    #[arg(long, global = true, env = "OUTTURN_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
    /// How log lines (on stderr) are written: text for people, json for a log collector.
    #[arg(long, global = true, value_enum, env = "OUTTURN_LOG_FORMAT", default_value_t = telemetry::LogFormat::Text)]
    log_format: telemetry::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database or bring its schema up to date.
    Migrate,
    /// Run the web application.
    Serve {
        /// The address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Load the demo councils and create the demo accounts first (their passwords are printed once).
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure: set when the site is reached over HTTPS (directly or through a proxy).
        #[arg(long, env = "OUTTURN_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Accounts: add, reset a password, disable, enable.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Bearer tokens for the REST API: create (the secret is shown once), list, revoke.
    Token {
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Load the demo councils: two written from published committee papers and a fictional one with years of history (safe to run again).
    Demo,
    /// Set a council up from a framework file.
    Framework {
        #[command(subcommand)]
        command: FrameworkCommand,
    },
    /// Statuses for a period: every measure due, and the summary by group.
    Status {
        /// The council's slug, such as stevenage.
        #[arg(long)]
        council: Key,
        /// A quarter (2020/21-Q2), a month (2020-09) or a financial year (2020/21).
        #[arg(long, value_parser = parse_period)]
        period: Period,
        /// Show the figures as recorded by the end of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List measures, or show one with its targets and recorded results.
    Measures {
        #[command(subcommand)]
        command: MeasuresCommand,
    },
    /// Backfill from past committee papers: extract their measure lines, or import them.
    Legacy {
        #[command(subcommand)]
        command: legacy::LegacyCommand,
    },
    /// Committee reports: the quarterly performance report or the exception report (HTML, Markdown, DOCX or PDF), the XLSX compendium, drafts and publishing.
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
    /// Collection rounds and sign-off: open, status, close; submit, sign off, reopen a business unit.
    Round {
        #[command(subcommand)]
        command: round::RoundCommand,
    },
    /// Committee meetings, resolutions and actions: list, show, load a committee file.
    Committee {
        #[command(subcommand)]
        command: committee::CommitteeCommand,
    },
    /// Improvement plans for Red and Amber measures, and whether each is still in focus.
    ImprovementPlans {
        #[command(subcommand)]
        command: committee::PlansCommand,
    },
    /// Email reminders of collection rounds: list what was sent, send what is due now, set a user's address.
    Reminders {
        #[command(subcommand)]
        command: reminders::RemindersCommand,
    },
    /// Import a results or targets CSV into a council (all or nothing), or print a template.
    Import(import::ImportArgs),
    /// Export a council's statuses for a period, the open-data CSV of results, or its results and targets.
    Export(export::ExportArgs),
    /// An SPC (XmR) chart as NHS Making Data Count draws it, of the values given or of a stored measure's results: limits, special causes, variation and assurance.
    Spc(spc::SpcArgs),
    /// A stored measure's forecast: next periods and the year-end outturn with intervals, by the method that would have forecast it best.
    Forecast(forecast::ForecastArgs),
    /// Where a measure's figure stands among other councils' in each comparison group: quartile, rank, median, gaps and direction of travel.
    Benchmark(benchmark::BenchmarkArgs),
}

#[derive(Subcommand)]
enum FrameworkCommand {
    /// Check a framework file and the CSV files it names, then apply it; nothing is applied if any check fails.
    Apply {
        /// The framework TOML file (see docs/framework-file.md).
        file: String,
    },
    /// The council's tree as it stood on a date, with the measures each node owns.
    Show {
        #[arg(long)]
        council: Key,
        /// The day to show the tree on (YYYY-MM-DD); today when left out.
        #[arg(long, value_parser = parse_date)]
        on: Option<Date>,
    },
}

#[derive(Subcommand)]
enum MeasuresCommand {
    /// Every measure of a council.
    List {
        #[arg(long)]
        council: Key,
    },
    /// One measure: definition, target revisions, recorded results.
    Show {
        /// The measure's code, exactly as written (BV9, ECH-Rep4).
        code: MeasureCode,
        #[arg(long)]
        council: Key,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text).map_err(|e| e.to_string())
}

fn parse_date(text: &str) -> Result<Date, String> {
    let date = text.parse().map_err(|_| format!("\"{text}\" is not a date: write YYYY-MM-DD, such as 2020-11-05"))?;
    outturn_core::supported_day(date).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("outturn: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Command::Legacy { command } = &cli.command
        && let Some(done) = legacy::extract_only(command, &mut std::io::stdout().lock())
    {
        return done;
    }
    if let Command::Import(args) = &cli.command
        && let Some(done) = import::template_only(args, &mut std::io::stdout().lock())
    {
        return done;
    }
    if let Command::Spc(args) = &cli.command
        && let Some(done) = spc::values_only(args, &mut std::io::stdout().lock())
    {
        return done;
    }
    let store = outturn_store::open(&cli.database_url).await.map_err(|e| e.to_string())?;
    if let Command::Serve { addr, demo, secure_cookies } = cli.command {
        return serve::run(store, addr, demo, secure_cookies).await;
    }
    let store = store.as_ref();
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Serve { .. } => unreachable!("served above"),
        Command::User { command } => user::run(store, command, out).await?,
        Command::Token { command } => token::run(store, command, out).await?,
        Command::Migrate => {
            println!("the {} database at {} is up to date", store.backend(), cli.database_url);
        }
        Command::Demo => {
            let applied = outturn_app::demo::load_demo(store).await.map_err(|e| e.to_string())?;
            for a in &applied {
                output::applied(out, a);
            }
            for line in demo::publish_demo_reports(store).await? {
                std::io::Write::write_all(out, format!("{line}\n").as_bytes()).map_err(|e| e.to_string())?;
            }
        }
        Command::Framework { command: FrameworkCommand::Apply { file } } => {
            let applied = outturn_app::framework::apply::apply_framework_file(
                store,
                &Disk,
                &file,
                &outturn_app::actor::Actor::command("outturn framework apply"),
            )
            .await
            .map_err(|e| e.to_string())?;
            output::applied(out, &applied);
        }
        Command::Framework { command: FrameworkCommand::Show { council, on } } => {
            let on = on.unwrap_or_else(|| outturn_core::AsOf::now().date());
            let tree = outturn_app::framework::query::framework_tree(
                store,
                &outturn_app::actor::Actor::command("outturn framework tree"),
                &council,
                on,
            )
            .await
            .map_err(|e| e.to_string())?;
            output::tree(out, &tree, on);
        }
        Command::Status { council, period, as_of, format } => {
            let report = outturn_app::statuses::status_report::status_report(
                store,
                &outturn_app::actor::Actor::command("outturn status"),
                &council,
                period,
                as_of,
            )
            .await
            .map_err(|e| e.to_string())?;
            match format {
                Format::Table => output::status::table(out, &report),
                Format::Json => output::json(out, &report),
                Format::Csv => output::status::csv(out, &report),
            }
        }
        Command::Measures { command: MeasuresCommand::List { council } } => {
            let measures = outturn_app::statuses::measures_query::list_measures(
                store,
                &outturn_app::actor::Actor::command("outturn measures list"),
                &council,
            )
            .await
            .map_err(|e| e.to_string())?;
            output::measures::list(out, &measures);
        }
        Command::Measures { command: MeasuresCommand::Show { code, council } } => {
            let detail = outturn_app::statuses::measures_query::show_measure(
                store,
                &outturn_app::actor::Actor::command("outturn measures show"),
                &council,
                &code,
            )
            .await
            .map_err(|e| e.to_string())?;
            output::measures::show(out, &detail);
        }
        Command::Legacy { command } => legacy::run(store, command, out).await?,
        Command::Report { command } => report::run(store, command, out).await?,
        Command::Round { command } => round::run(store, command, out).await?,
        Command::Committee { command } => committee::run(store, command, out).await?,
        Command::ImprovementPlans { command } => committee::run_plans(store, command, out).await?,
        Command::Reminders { command } => reminders::run(store, command, out).await?,
        Command::Import(args) => import::run(store, args, out).await?,
        Command::Export(args) => export::run(store, args, out).await?,
        Command::Spc(args) => spc::run(store, args, out).await?,
        Command::Benchmark(args) => benchmark::run(store, args, out).await?,
        Command::Forecast(args) => forecast::run(store, args, out).await?,
    }
    Ok(())
}
