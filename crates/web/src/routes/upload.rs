//! Importing a whole results or targets file from the browser: a
//! performance officer uploads a CSV or .xlsx, chooses to check it only or
//! to check and import it, and sees either every bad row (row, column,
//! value, problem: nothing is written) or what was (or would be) added,
//! corrected and left unchanged. The rules are the command line's
//! (`outturn import`): the app's import functions, all or nothing.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Html;
use axum::routing::{MethodRouter, get};
use jiff::Timestamp;
use outturn_app::AppError;
use outturn_app::framework::file::FileProblem;
use outturn_app::import::{Imported, import_file, import_workbook};

use crate::AppState;
use crate::error::WebError;
use crate::ids::council_key;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, render};

/// The largest file accepted: a few hundred thousand rows. Bigger files go
/// through `outturn import`, which streams them.
const MOST_BYTES: usize = 32 * 1024 * 1024;

/// The route: the form, and what it sends (with room for the file).
pub fn route() -> MethodRouter<AppState> {
    get(upload_form).post(upload).layer(DefaultBodyLimit::max(MOST_BYTES + 64 * 1024))
}

#[derive(Template)]
#[template(path = "upload.html")]
pub struct UploadPage {
    pub chrome: Chrome,
    pub slug: String,
    /// The field the error summary links to and its message.
    pub errors: Vec<FieldProblem>,
    /// Bad rows of the file sent: nothing was written.
    pub problems: Vec<ProblemRow>,
    pub outcome: Option<Outcome>,
    pub file_name: String,
    pub import_chosen: bool,
}

pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

pub struct ProblemRow {
    pub row: String,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// What an import did or, when only checked, would do.
pub struct Outcome {
    pub heading: String,
    pub rows: usize,
    pub kind: &'static str,
    pub added: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub dry_run: bool,
    /// Measures left Red or Amber without commentary in an open round: (link, words).
    pub commentary_owed: Vec<(String, String)>,
    /// Former status rules kept (or, in a dry run, that would be kept) for
    /// periods already signed off or published.
    pub kept_rules: Vec<String>,
}

async fn allowed(state: &AppState, signed_in: &SignedIn, council: &str) -> Result<outturn_app::CouncilTitle, WebError> {
    let found =
        outturn_app::import::council_to_import(state.store.as_ref(), &signed_in.actor(), &council_key(council)?)
            .await?;
    Ok(outturn_app::CouncilTitle::of(&found))
}

fn page(signed_in: &SignedIn, slug: &str, name: &outturn_app::CouncilTitle) -> UploadPage {
    UploadPage {
        chrome: Chrome::council(Some(signed_in), slug, name, Section::Entry, true),
        slug: slug.to_string(),
        errors: Vec::new(),
        problems: Vec::new(),
        outcome: None,
        file_name: String::new(),
        import_chosen: false,
    }
}

pub async fn upload_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/import"))?;
    let name = allowed(&state, &signed_in, &council).await?;
    Ok(render(&page(&signed_in, &council, &name)))
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    csrf_token: String,
    import: bool,
    file_name: String,
    bytes: Vec<u8>,
}

/// A form that could not be read: 413 when over the limit (say so, and what
/// to do instead), 400 otherwise.
fn unreadable(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge(format!(
            "the file is larger than the {} MB an upload may be: split it, or import it with `outturn import`, which has no limit",
            MOST_BYTES / 1024 / 1024
        ))
    } else {
        WebError::BadRequest("the upload could not be read: go back, choose the file again and send it".into())
    }
}

async fn read_form(mut multipart: Multipart) -> Result<Sent, WebError> {
    let mut sent = Sent::default();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf_token") => sent.csrf_token = field.text().await.map_err(unreadable)?,
            Some("mode") => sent.import = field.text().await.map_err(unreadable)? == "import",
            Some("file") => {
                sent.file_name = field.file_name().unwrap_or("upload").to_string();
                sent.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(sent)
}

pub async fn upload(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    multipart: Multipart,
) -> Result<(StatusCode, Html<String>), WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/import"))?;
    let sent = read_form(multipart).await?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &sent.csrf_token)?;
    // Who may, before what they sent: a viewer learns nothing from checking.
    let name = allowed(&state, &signed_in, &council).await?;
    let mut page = page(&signed_in, &council, &name);
    page.file_name = sent.file_name.clone();
    page.import_chosen = sent.import;
    if sent.bytes.is_empty() {
        page.errors.push(FieldProblem { field: "file", message: "Select a CSV or .xlsx file".into() });
        return Ok(respond(&page));
    }
    let (now, actor, dry_run) = (Timestamp::now(), &signed_in.actor(), !sent.import);
    let store = state.store.as_ref();
    let is_workbook = sent.file_name.to_ascii_lowercase().ends_with(".xlsx") || sent.bytes.starts_with(b"PK\x03\x04");
    let outcome = if is_workbook {
        import_workbook(store, &council_key(&council)?, None, &sent.bytes, &sent.file_name, dry_run, now, actor).await
    } else {
        match String::from_utf8(sent.bytes) {
            Ok(text) => {
                import_file(store, &council_key(&council)?, None, &text, &sent.file_name, dry_run, now, actor).await
            }
            Err(_) => {
                page.errors.push(FieldProblem {
                    field: "file",
                    message: "The file is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\" or .xlsx"
                        .into(),
                });
                return Ok(respond(&page));
            }
        }
    };
    match outcome {
        Ok(imported) => page.outcome = Some(describe(&imported)),
        Err(AppError::ImportRows(problems)) => {
            page.errors.push(FieldProblem {
                field: "problems",
                message: format!(
                    "The file has {} problem{}: nothing was imported",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
            });
            page.problems = problems.iter().map(problem_row).collect();
        }
        Err(other) => return Err(other.into()),
    }
    Ok(respond(&page))
}

/// The page, as 422 when what was sent has problems (as every form here).
fn respond(page: &UploadPage) -> (StatusCode, Html<String>) {
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, render(page))
}

fn describe(i: &Imported) -> Outcome {
    let heading = match (i.dry_run, i.changes_nothing()) {
        (true, _) => "The file is ready to import",
        (false, true) => "Nothing to import: the file says what is already recorded",
        (false, false) => "Imported",
    };
    Outcome {
        heading: heading.into(),
        rows: i.rows,
        kind: i.kind.name(),
        added: i.counts.added,
        corrected: i.counts.corrected,
        unchanged: i.counts.unchanged,
        dry_run: i.dry_run,
        commentary_owed: crate::views::owed_links(i.council.as_str(), &i.commentary_owed),
        kept_rules: i
            .kept_rules
            .iter()
            .map(|l| {
                outturn_app::sentence_case(&if i.dry_run { l.replacen("kept ", "would keep ", 1) } else { l.clone() })
            })
            .collect(),
    }
}

fn problem_row(p: &FileProblem) -> ProblemRow {
    ProblemRow {
        row: p.line.map(|l| l.to_string()).unwrap_or_else(|| "Whole file".into()),
        column: p.field.clone(),
        value: p.value.clone().unwrap_or_default(),
        message: outturn_app::sentence_case(&p.message),
    }
}

impl UploadPage {
    /// The message for the file field, if it has one.
    pub fn file_error(&self) -> Option<&str> {
        self.errors.iter().find(|e| e.field == "file").map(|e| e.message.as_str())
    }
}
