//! Page templates (askama, in `templates/`) and the page chrome they share.
//! Views hold text ready to show; handlers fill them from use-case results.

use askama::Template;
use outturn_core::{Colour, Status, StatusLabels};

use crate::session::SignedIn;

pub use crate::page::{Chrome, CouncilLink, NavItem, render};

/// The council pages, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Framework,
    Missing,
    Search,
    Entry,
    Rounds,
    Reports,
    Reminders,
    Committees,
    Other,
}

impl Chrome {
    pub fn new(visitor: Option<&SignedIn>) -> Chrome {
        match visitor {
            Some(s) => Chrome {
                user_name: Some(s.user.display_name.clone()),
                user_role: s.user.role.label().to_string(),
                csrf_token: s.csrf_token.clone(),
                ..Chrome::default()
            },
            None => Chrome::default(),
        }
    }

    pub fn council(
        visitor: Option<&SignedIn>,
        slug: &str,
        title: &outturn_app::CouncilTitle,
        section: Section,
        can_enter: bool,
    ) -> Chrome {
        let base = format!("/councils/{slug}");
        let mut nav = vec![
            NavItem { label: "Dashboard", href: base.clone(), current: section == Section::Dashboard },
            NavItem { label: "Framework", href: format!("{base}/framework"), current: section == Section::Framework },
            NavItem { label: "Missing data", href: format!("{base}/missing"), current: section == Section::Missing },
            NavItem { label: "Search", href: format!("{base}/search"), current: section == Section::Search },
        ];
        if can_enter {
            nav.push(NavItem {
                label: "Enter results",
                href: format!("{base}/entry"),
                current: section == Section::Entry,
            });
        }
        // Collection rounds and published reports: for every reader of the council.
        if visitor.is_some() {
            nav.push(NavItem { label: "Rounds", href: format!("{base}/rounds"), current: section == Section::Rounds });
            nav.push(NavItem {
                label: "Reports",
                href: format!("{base}/reports"),
                current: section == Section::Reports,
            });
        }
        // Committee meetings, actions and improvement plans: for every reader of the council.
        if visitor.is_some() {
            nav.push(NavItem {
                label: "Committees",
                href: format!("{base}/meetings"),
                current: section == Section::Committees,
            });
        }
        // Reminders: for those who may see the council's sent reminders.
        let reminders = visitor.zip(outturn_core::Key::parse(slug).ok());
        if reminders.is_some_and(|(s, key)| outturn_app::rounds::reminders::may_read(&s.actor(), &key)) {
            nav.push(NavItem {
                label: "Reminders",
                href: format!("{base}/reminders"),
                current: section == Section::Reminders,
            });
        }
        let council = CouncilLink { name: title.name.clone(), notice: title.notice.clone(), href: base };
        Chrome { council: Some(council), nav, ..Chrome::new(visitor) }
    }
}

/// A status as a tag: words, a shape and a colour, never the colour alone.
#[derive(Debug, Clone)]
pub struct StatusTag {
    pub label: String,
    pub class: &'static str,
    /// A shape drawn beside the words (hidden from screen readers, which read the words).
    pub shape: &'static str,
}

impl StatusTag {
    /// The one place a status gets its tag: the council's words and colour,
    /// and the status's own shape (so colour is never the only signal).
    pub fn of(status: Status, labels: &StatusLabels) -> StatusTag {
        StatusTag {
            label: labels.label(status).to_string(),
            class: tag_class(labels.colour(status)),
            shape: status.shape(),
        }
    }

    /// A tag for what is not a status ("Not due", "No status"): grey, a dash.
    pub fn plain(label: impl Into<String>) -> StatusTag {
        StatusTag { label: label.into(), class: "govuk-tag--grey", shape: "–" }
    }
}

/// The GOV.UK tag class for a council's colour.
pub fn tag_class(colour: Colour) -> &'static str {
    match colour {
        Colour::Green => "govuk-tag--green",
        Colour::Amber => "govuk-tag--yellow",
        Colour::Red => "govuk-tag--red",
        // GOV.UK's tag is blue unless another colour is given.
        Colour::Blue => "govuk-tag--blue",
        Colour::Turquoise => "govuk-tag--teal",
        Colour::Purple => "govuk-tag--purple",
        Colour::Pink => "govuk-tag--magenta",
        Colour::Orange => "govuk-tag--orange",
        Colour::Grey => "govuk-tag--grey",
    }
}

/// A node's status rolled up from what lies beneath it, with the counts behind it.
#[derive(Debug, Clone)]
pub struct RolledUpCell {
    pub tag: StatusTag,
    /// "3 Green, 1 Amber, 1 Red; score 2.4".
    pub counts: String,
}

impl RolledUpCell {
    pub fn of(rolled: &outturn_core::RolledUp, labels: &StatusLabels) -> RolledUpCell {
        let tag = match rolled.status {
            Some(status) => StatusTag::of(status, labels),
            None => StatusTag::plain(rolled.label(labels)),
        };
        RolledUpCell { tag, counts: rolled.counts(labels) }
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub chrome: Chrome,
    pub form_token: String,
    pub next: String,
    pub username: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    /// (slug, name, a fictional council's notice)
    pub councils: Vec<(String, String, Option<String>)>,
    /// Councils with published reports the visitor cannot otherwise read
    /// (slug, name, notice): what the public may see.
    pub published: Vec<(String, String, Option<String>)>,
    pub can_audit: bool,
}

/// An option in a select.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One line of a status summary table, with its bar.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub label: String,
    pub reported: usize,
    pub exceeded: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub missing: usize,
    /// Not entered yet in an open round (not counted as reported).
    pub awaiting: usize,
    /// A figure without a target to judge it by.
    pub no_target: usize,
    pub change: String,
    /// The bar beside the row: (the council's colour for the status, x,
    /// width) on a 0 to 200 scale.
    pub bar: Vec<(&'static str, usize, usize)>,
    /// A node's rolled-up status (rows of the tree's top level only).
    pub overall: Option<RolledUpCell>,
}

/// A summary table's headings for each count, in the council's words.
#[derive(Debug, Clone)]
pub struct SummaryHeads {
    pub exceeded: String,
    pub green: String,
    pub amber: String,
    pub red: String,
    pub missing: String,
    pub awaiting: String,
    pub no_target: String,
}

impl SummaryHeads {
    pub fn of(labels: &StatusLabels) -> SummaryHeads {
        let label = |s| labels.label(s).to_string();
        SummaryHeads {
            exceeded: label(Status::Exceeded),
            green: label(Status::Green),
            amber: label(Status::Amber),
            red: label(Status::Red),
            missing: label(Status::Missing),
            awaiting: label(Status::Awaiting),
            no_target: label(Status::NoTarget),
        }
    }
}

/// A measure in a table.
#[derive(Debug, Clone)]
pub struct MeasureRow {
    pub code: String,
    pub title: String,
    pub href: String,
    pub owner: String,
    pub target: String,
    pub result: String,
    pub status: StatusTag,
    /// Set by an officer's judgement (the measure page says why).
    pub judged: bool,
    pub direction: String,
    /// The missing reason, or the commentary (shortened when long)...
    pub note: String,
    /// ...and in full when it was shortened.
    pub note_full: Option<String>,
    /// Red or Amber with no commentary yet (the core rule).
    pub commentary_owed: bool,
    /// Where the figure stands in the council's first comparison group
    /// ("Second quartile, 9th of 21"), on the dashboard when the council
    /// compares itself with others.
    pub quartile: Option<String>,
}

/// Whether a table of measures has a quartile column: when any row has one.
pub fn any_quartile(rows: &[MeasureRow]) -> bool {
    rows.iter().any(|r| r.quartile.is_some())
}

impl MeasureRow {
    /// The row with its note in full, for print.
    pub fn in_full(self) -> MeasureRow {
        match self.note_full {
            Some(full) => MeasureRow { note: full, note_full: None, ..self },
            None => self,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MilestoneRow {
    pub title: String,
    pub kind: String,
    pub node: String,
    pub status: String,
    pub update: String,
}

/// A page whose content was rendered (and perhaps kept) apart from its chrome.
#[derive(Template)]
#[template(path = "content_page.html")]
pub struct ContentPage<'a> {
    pub chrome: Chrome,
    pub title: String,
    pub content: &'a str,
    /// Whether the period's figures are provisional or signed off (not kept
    /// with the content: sign-off does not change the council's revision).
    pub standing: String,
    /// The early warning section, drawn (empty on past views).
    pub early_warning: String,
    /// A line at the top leading to it when measures are at risk ("Early
    /// warning: 3 measures forecast to miss their year-end target").
    pub early_warning_link: String,
}

/// The dashboard's content: the same for everyone who may see it, so it is
/// kept, rendered, while the council is unchanged.
#[derive(Template)]
#[template(path = "dashboard_content.html")]
pub struct DashboardContent {
    pub slug: String,
    pub council_name: String,
    pub period: String,
    pub period_description: String,
    pub as_of: String,
    pub as_of_note: Option<String>,
    pub period_choices: Vec<Choice>,
    pub focus_rows: Vec<SummaryRow>,
    pub node_rows: Vec<SummaryRow>,
    /// How the rows' overall statuses were rolled up, in words.
    pub roll_up_rule: String,
    /// The summary tables' column headings, in the council's words.
    pub heads: SummaryHeads,
    /// Whether the tables show the Exceeded, Awaiting and No target columns
    /// (only when some group has one: a closed quarter has none awaited).
    pub shows_exceeded: bool,
    pub shows_awaiting: bool,
    pub shows_no_target: bool,
    /// What the tree's top-level nodes are called ("Theme").
    pub node_kind: String,
    /// This page of the listed measures: the exceptions, or every measure matching the filters.
    pub exceptions: Vec<MeasureRow>,
    pub list_caption: String,
    pub page_note: Option<String>,
    pub previous_page: Option<String>,
    pub next_page: Option<String>,
    pub filtered: bool,
    /// The dashboard's query (period and filters) for the download links.
    pub download_query: String,
    pub owners: Vec<Choice>,
    pub alignments: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub milestones: Vec<MilestoneRow>,
    /// The print view: every listed measure on one page, reasons in full,
    /// no filter form; `filters_note` says what the filters were.
    pub print_view: bool,
    pub filters_note: String,
}

impl DashboardContent {
    /// Whether the summary's rows are the tree's top level, with their rolled-up statuses.
    pub fn focus_rows_roll_up(&self) -> bool {
        self.focus_rows.iter().any(|r| r.overall.is_some())
    }
}

/// A node of the tree with the measures it owns.
#[derive(Debug, Clone)]
pub struct TreeNode {
    pub depth: usize,
    pub name: String,
    pub kind: String,
    pub href: String,
    pub overall: RolledUpCell,
    pub measures: Vec<MeasureRow>,
}

#[derive(Template)]
#[template(path = "framework.html")]
pub struct FrameworkPage {
    pub chrome: Chrome,
    pub period: String,
    pub period_description: String,
    pub period_choices: Vec<Choice>,
    pub as_of: String,
    pub nodes: Vec<TreeNode>,
    /// The council's roll-up rule in words.
    pub roll_up_rule: String,
}

#[derive(Template)]
#[template(path = "node.html")]
pub struct NodePage {
    pub chrome: Chrome,
    pub name: String,
    pub kind: String,
    pub period: String,
    pub period_description: String,
    pub validity: String,
    pub former_names: Vec<String>,
    pub outcomes: Vec<String>,
    pub focus_year: String,
    pub focus: Vec<String>,
    /// (heading, paragraphs) per period.
    pub updates: Vec<(String, Vec<String>)>,
    /// (href, name)
    pub children: Vec<(String, String)>,
    pub overall: RolledUpCell,
    pub roll_up_rule: String,
    pub measures: Vec<MeasureRow>,
    pub milestones: Vec<MilestoneRow>,
}

#[derive(Template)]
#[template(path = "missing.html")]
pub struct MissingPage {
    pub chrome: Chrome,
    pub period: String,
    pub period_description: String,
    pub period_choices: Vec<Choice>,
    pub as_of: String,
    pub measures: Vec<MeasureRow>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub slug: String,
    pub query: String,
    pub searched: bool,
    /// "July to September 2020 (2020/21-Q2)": the period whose statuses,
    /// commentary and reasons were searched.
    pub period: String,
    pub results: Vec<SearchRow>,
}

#[derive(Debug, Clone)]
pub struct SearchRow {
    pub href: String,
    pub code: String,
    pub title: String,
    pub owner: String,
    pub status: Option<StatusTag>,
    /// "Found in the commentary: ..." and the like.
    pub found: String,
}

#[derive(Debug, Clone)]
pub struct SeriesRow {
    pub period: String,
    pub describe: String,
    pub figure: String,
    pub own: String,
    pub target: String,
    pub variance: String,
    pub status: StatusTag,
    /// Set by an officer's judgement rather than by the figures.
    pub judged: bool,
    /// Why the status is what it is ("Amber: 1.1 percentage points below target, ..."); empty when no figure decides it.
    pub why: String,
    pub note: String,
    /// "Commentary needed", or an officer's reason why none is needed.
    pub commentary_owed: bool,
    pub commentary_waived: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TargetRow {
    pub period: String,
    pub value: String,
    pub effective: String,
    pub reason: String,
    pub author: String,
}

#[derive(Debug, Clone)]
pub struct RecordingRow {
    pub period: String,
    pub value: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub commentary: String,
}

/// A measure's page: the chrome, the forms and their problems (drawn for
/// each request: they carry the person's CSRF token) around the content
/// kept rendered (see [`MeasureContent`]).
#[derive(Template)]
#[template(path = "measure.html")]
pub struct MeasurePage {
    pub chrome: Chrome,
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub title: String,
    /// Everything else on the page, rendered once for everyone who sees the
    /// same buttons (see `AppState::measure_content`), and what the forms offer.
    pub content: std::sync::Arc<KeptMeasureContent>,
    /// The person may record that no commentary is needed (a performance
    /// officer): the waiver form offers the periods owing it.
    pub may_waive: bool,
    /// The person may judge a period's status (a performance officer): the
    /// judgement form offers the periods that have ended.
    pub may_judge: bool,
    pub csrf_token: String,
    /// The waiver form's problem, when it was sent without a reason.
    pub waiver_error: Option<String>,
    /// What was sent with the judgement form, put back when it comes back
    /// with problems: (period, status, reason).
    pub judgement_sent: (String, String, String),
    /// The judgement form's problem: (the field's id, the message).
    pub judgement_errors: Vec<(&'static str, String)>,
}

impl MeasurePage {
    /// The judgement form's problem with a field, if it has one.
    pub fn judgement_problem(&self, field: &str) -> Option<&str> {
        self.judgement_errors.iter().find(|(at, _)| *at == field).map(|(_, message)| message.as_str())
    }

    /// The periods the waiver form offers: none unless the person may waive.
    pub fn waivable(&self) -> &[String] {
        if self.may_waive { &self.content.waivable } else { &[] }
    }

    /// The periods the judgement form offers: none unless the person may judge.
    pub fn judgeable(&self) -> &[String] {
        if self.may_judge { &self.content.judgeable } else { &[] }
    }
}

/// What a measure page shows apart from the chrome and the forms: the same
/// for everyone who may read the council and sees the same buttons, so it is
/// rendered once per council revision, page and buttons and kept
/// ([`KeptMeasureContent`]). Nothing personal belongs here.
#[derive(Template)]
#[template(path = "measure_content.html", blocks = ["head", "tail"])]
pub struct MeasureContent {
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub title: String,
    pub definition: String,
    pub owner: String,
    pub officer: String,
    pub aligned: String,
    pub unit: String,
    pub better: &'static str,
    pub frequency: String,
    pub ytd: &'static str,
    pub rule: String,
    pub retired: Option<String>,
    pub year: String,
    pub previous_year: String,
    pub next_year: String,
    pub as_of: String,
    pub figures: std::sync::Arc<MeasureFigures>,
    /// The statistical process control, forecast and comparison sections,
    /// drawn (see `spc_section.html`).
    pub spc: std::sync::Arc<String>,
    /// The buttons: the only part that depends on who is looking (it is
    /// part of the key the content is kept under).
    pub can_enter: bool,
    pub can_revise: bool,
    /// May override the year-end forecast (a link to its page).
    pub can_override: bool,
    /// The latest period of the year, URL-encoded, for the entry link.
    pub entry_period: String,
    /// Whether the measure has an improvement plan (linked from the page).
    pub has_improvement_plan: bool,
}

/// A measure page's content, rendered: what comes before its forms (the
/// definition, the year's chart and figures, the SPC, forecast and
/// comparison sections) and after them (target history, recordings); and
/// what its forms offer, for those who may use them.
#[derive(Debug)]
pub struct KeptMeasureContent {
    pub head: String,
    pub tail: String,
    /// The periods owing commentary.
    pub waivable: Vec<String>,
    /// The periods that have ended, latest first (a judgement of one still
    /// to come is refused).
    pub judgeable: Vec<String>,
    /// The statuses an officer may judge, in the council's words: Green, Amber, Red.
    pub judge_labels: SummaryHeads,
}

impl KeptMeasureContent {
    pub fn of(content: &MeasureContent, forms: MeasureForms) -> KeptMeasureContent {
        fn draw(block: impl Template) -> String {
            block.render().unwrap_or_else(|e| {
                format!("<p class=\"govuk-body\">This part of the page could not be drawn: {e}</p>")
            })
        }
        KeptMeasureContent {
            head: draw(content.as_head()),
            tail: draw(content.as_tail()),
            waivable: forms.waivable,
            judgeable: forms.judgeable,
            judge_labels: forms.judge_labels,
        }
    }

    pub fn size(&self) -> usize {
        self.head.len() + self.tail.len()
    }
}

/// What a measure page's forms offer (to those who may use them).
pub struct MeasureForms {
    pub waivable: Vec<String>,
    pub judgeable: Vec<String>,
    pub judge_labels: SummaryHeads,
}

/// The measure page's chart and tables: the same for every reader, so built
/// once for each page kept (see `AppState::measure_figures`).
pub struct MeasureFigures {
    pub chart: Option<String>,
    pub series: Vec<SeriesRow>,
    pub targets: Vec<TargetRow>,
    pub recordings: Vec<RecordingRow>,
}

#[derive(Template)]
#[template(path = "target_form.html")]
pub struct TargetForm {
    pub chrome: Chrome,
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub title: String,
    pub period: String,
    pub target_value: String,
    pub effective: String,
    pub reason: String,
    pub errors: Vec<outturn_app::results::data_entry::FieldError>,
}

/// The message for a field, if it has one (for the GOV.UK error pattern).
pub fn error_for<'a>(errors: &'a [outturn_app::results::data_entry::FieldError], field: &str) -> Option<&'a str> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
}

impl TargetForm {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

#[derive(Debug, Clone)]
pub struct EntryGridRow {
    pub code: String,
    pub title: String,
    /// The single result form for the row (for a fraction, a correction, the history).
    pub href: String,
    pub period: String,
    pub unit: String,
    pub target: String,
    /// The period before's own figure, and the same period last year's.
    pub previous: String,
    pub last_year: String,
    /// The figure the status rests on ("£319,901 (year to date)").
    pub figure: String,
    pub status: Option<StatusTag>,
    /// Red or Amber without commentary: "Commentary needed" beside the status.
    pub commentary_owed: bool,
    /// Recorded as numerator and denominator: entered on its own form.
    pub fraction: bool,
    /// The row's version: how many recordings there were when the grid was opened.
    pub seen: usize,
    /// What the fields hold (as recorded, or as sent back with problems).
    pub value: String,
    pub cumulative: bool,
    pub missing: String,
    pub commentary: String,
    pub value_error: Option<String>,
    pub missing_error: Option<String>,
    pub commentary_error: Option<String>,
}

#[derive(Template)]
#[template(path = "entry_list.html")]
pub struct EntryListPage {
    pub chrome: Chrome,
    pub slug: String,
    pub period: String,
    pub period_url: String,
    pub period_description: String,
    pub previous: String,
    pub next: String,
    pub lines: Vec<EntryGridRow>,
    /// The person may import a whole file (a link to the upload page).
    pub can_import: bool,
    pub csrf_token: String,
    /// How many results the last save recorded.
    pub saved: Option<usize>,
    /// The error summary: (anchor, words).
    pub errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "result_form.html")]
pub struct ResultFormPage {
    pub chrome: Chrome,
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub title: String,
    pub period: String,
    pub period_url: String,
    pub period_description: String,
    pub unit: String,
    /// The rule combines numerators and denominators: show those fields.
    pub fraction: bool,
    /// The measure's status rule reads the year-end forecast: say so by its field.
    pub forecast_rule: bool,
    pub target: Option<String>,
    pub current: Option<String>,
    pub status: Option<StatusTag>,
    /// How many recordings the person saw (the form's version).
    pub seen: usize,
    pub values: crate::routes::entry::FormValues,
    pub errors: Vec<outturn_app::results::data_entry::FieldError>,
    /// Someone else's save, when this one came from a stale form.
    pub conflict: Option<String>,
}

impl ResultFormPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

#[derive(Debug, Clone)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub council: String,
    pub event: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub council: String,
    pub actor: String,
    pub event: String,
    pub rows: Vec<AuditRow>,
    pub previous_page: Option<String>,
    pub next_page: Option<String>,
}

#[derive(Template)]
#[template(path = "measure_edit.html")]
pub struct MeasureEditPage {
    pub chrome: Chrome,
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub unit: String,
    pub fields: crate::routes::measure_edit::EditFields,
    pub errors: Vec<outturn_app::results::data_entry::FieldError>,
}

impl MeasureEditPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
    pub fn rule_is(&self, rule: &str) -> bool {
        self.fields.rule == rule
    }
}

/// Measures owing commentary as (link to the measure, words), for the
/// "Commentary needed" list (templates/commentary_owed.html).
pub fn owed_links(slug: &str, owed: &[outturn_app::results::commentary::OwedCommentary]) -> Vec<(String, String)> {
    owed.iter()
        .map(|o| {
            let link = format!("/councils/{slug}/measures/{}", crate::filters::url_encode(&o.code));
            (link, format!("{o}, {}", o.unit_name))
        })
        .collect()
}
