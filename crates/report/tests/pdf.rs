//! The PDF rendering of the demo reports, read back as a reader's tools
//! would: `pdftotext` for the words (measure lines exactly as the model
//! words them, every paragraph number, "Page 1 of N"), `pdfinfo` for the
//! title and the tagging. Both come from Debian's poppler-utils, which
//! scripts/test installs when missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use outturn_core::Period;
use outturn_report::model::{
    Block, CoverLine, Inline, ListItem, Paragraph, Report, ReportKind, Section, Table, placeholder,
};
use outturn_report::{Format, Settings, exception::exception, quarterly::quarterly, render_bytes};
use outturn_store::{SqliteStore, Store};

async fn demo_store() -> SqliteStore {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    outturn_app::demo::load_demo(&store).await.unwrap();
    store
}

/// A file in a folder of this test's own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("outturn-pdf-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Runs a poppler tool on the PDF at `pdf` (with `-` after it for tools that write to a file).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let to_stdout: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    let output = Command::new(tool).args(args).arg(pdf).args(to_stdout).output().unwrap_or_else(|e| {
        panic!("{tool} runs ({e}): install Debian's poppler-utils (scripts/test does when it is missing)")
    });
    assert!(output.status.success(), "{tool}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of the PDF as laid out (so a label and its value, or a number
/// and its paragraph, read on one line), with every run of white space made
/// one space and a line that ends in a hyphen joined to the next (typst adds
/// no hyphens, so any there is the text's own: "SCom-FirstContact").
fn words_of(pdf: &Path) -> String {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join("\n").replace("-\n", "-").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text in pdftotext's reading order, cell by cell in tables.
fn reading_of(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn info(pdf: &Path) -> String {
    poppler("pdfinfo", &["-enc", "UTF-8"], pdf)
}

/// Checks what every report's PDF must have, and returns its words.
fn check_pdf(report: &Report, name: &str) -> (String, String) {
    let pdf = render_bytes(report, Format::Pdf);
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    assert!(pdf == render_bytes(report, Format::Pdf), "two renders of the same report are byte-identical");
    // PDF/UA-1 is claimed in the XMP metadata when typst's checks pass.
    assert!(contains(&pdf, b"pdfuaid:part"), "{name} claims PDF/UA-1");

    let scratch = Scratch::new(name);
    let path = scratch.write(&format!("{name}.pdf"), &pdf);
    let info = info(&path);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains(&format!("Title:           {}\n", report.title)), "{info}");
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");

    // The structure a screen reader walks: each section a real heading
    // ("1 Purpose", with its space), every table (a chart's too) a table
    // with header cells, and each chart a figure (with its description).
    let structure = poppler("pdfinfo", &["-enc", "UTF-8", "-struct-text"], &path);
    for section in report.sections.iter().filter(|s| !s.label.starts_with("Appendix")) {
        let heading = format!("H1 \"{} {}\"", section.label, section.heading);
        assert!(structure.contains(&heading), "{heading} in {structure}");
    }
    let blocks = || report.sections.iter().flat_map(|s| &s.blocks);
    let tables = blocks().filter(|b| matches!(b, Block::Table(_) | Block::Chart(_) | Block::SpcChart(_))).count();
    // An SPC chart's icons are artifacts (their words beside them say them).
    let charts = blocks().filter(|b| matches!(b, Block::Chart(_) | Block::SpcChart(_))).count();
    let tags = |tag: &str| structure.lines().filter(|l| l.trim_start().starts_with(tag)).count();
    assert_eq!(tags("Table "), tables, "{structure}");
    assert!(tags("TH ") >= tables, "every table has header cells");
    assert_eq!(tags("Figure"), charts, "each chart is a figure");

    // Each major part marked to start a page heads its page (below the running header).
    let page_tops: Vec<String> = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path)
        .split('\u{c}')
        .filter_map(|page| {
            // Below the running header: the title, and a fictional council's notice.
            let header = |l: &str| l == report.title || report.notice.as_deref().is_some_and(|n| l.starts_with(n));
            page.lines().map(str::trim).find(|l| !l.is_empty() && !header(l))
        })
        .map(str::to_string)
        .collect();
    for block in blocks() {
        if let Block::Subheading { text, new_page: true, .. } = block {
            assert!(page_tops.iter().any(|top| top == text), "{text} starts a page: page tops {page_tops:?}");
        }
    }

    let words = words_of(&path);
    assert!(words.starts_with(&report.title), "{words}");
    assert!(words.contains(&format!("Page 1 of {pages}")) && words.contains(&format!("Page {pages} of {pages}")));
    // Every section heading and every paragraph number, before its own words.
    for section in &report.sections {
        assert!(words.contains(&section.heading), "heading {}", section.heading);
    }
    for p in report.paragraphs() {
        let start: String = outturn_report::model::words(&p.text).chars().take(40).collect();
        let start = start.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&format!("{} {start}", p.number)), "paragraph {} \"{start}\" in {words}", p.number);
    }
    (words, reading_of(&path))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn stevenage_quarterly_report_as_pdf_reads_back() {
    let store = demo_store().await;
    let period = Period::parse("2020/21-Q2").unwrap();
    let report = quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
        period,
        &Settings::default(),
    )
    .await
    .unwrap();
    let (words, reading) = check_pdf(&report, "stevenage-2020-21-q2");

    // Measure lines exactly as the model words them.
    for line in [
        "BV9: % Council Tax collected, September 2020 target 61%, achieved 59.9%",
        "BV66a: Rent Collection Rate, September 2020 target 96.3%, achieved 93.4%",
        "VoidLoss1: Void Loss in year (£), September 2020 target £164,594, achieved £224,901",
    ] {
        assert!(words.contains(line), "{line} in {words}");
    }
    for spotlight in &report.spotlights {
        assert!(words.contains(&spotlight.measure_line), "{}", spotlight.measure_line);
    }
    // The cover, the draft box, placeholders, citations and the Missing footnote.
    assert!(words.contains("Council Stevenage Borough Council"), "{words}");
    for line in &report.cover {
        let value = if line.to_be_set { "to be set" } else { &line.value };
        assert!(words.contains(&format!("{} {value}", line.label)), "{} in {words}", line.label);
    }
    let first = report.missing_narratives.first().expect("the demo has narrative to write");
    assert!(words.contains(&format!("Draft: narrative still to be written: • {first}")), "{words}");
    assert!(words.contains(&placeholder(first)), "{words}");
    assert!(words.contains("(para 3.3 to 3.48)"), "{words}");
    assert!(words.contains("*Missing data: EOC4a: % of apprentices in post (HR KPIs not produced"), "{words}");
    // Statuses in words in the summary table's header row, read cell by cell.
    assert!(reading.contains("Group Number of measures reported Meeting or exceeding target (Green)"), "{reading}");
    // The major parts start pages: programme progress, the summary, each theme after the first, next quarter's focus.
    let starting_pages: Vec<&str> = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Subheading { text, new_page: true, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        starting_pages,
        [
            "Programme progress",
            "Summary of statuses",
            "Place Theme",
            "Transformation and Support Theme",
            "Next quarter focus"
        ]
    );
}

/// The fictional council's report says on every page that its figures are
/// generated, and under the title.
#[tokio::test]
async fn a_fictional_councils_report_says_so_on_every_page() {
    let store = demo_store().await;
    let report = quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("example-borough").unwrap(),
        Period::parse("2026/27-Q2").unwrap(),
        &Settings::default(),
    )
    .await
    .unwrap();
    let notice = "Example Borough Council: figures are generated, not real";
    assert_eq!(report.notice.as_deref(), Some(notice));
    let scratch = Scratch::new("example-borough-pages");
    let path = scratch.write("q.pdf", &render_bytes(&report, Format::Pdf));
    let words = words_of(&path);
    let pages: Vec<String> = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert!(pages.len() > 1);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(notice), "page {} lacks the notice: {page}", i + 1);
    }
    assert!(words.starts_with(&format!("{} {notice}", report.title)), "under the title: {words}");
    for format in [Format::Html, Format::Markdown] {
        let text = String::from_utf8(render_bytes(&report, format)).unwrap();
        assert!(text.contains(notice), "{format:?}");
    }
    let docx = render_bytes(&report, Format::Docx);
    let header = docx_part(&docx, "header");
    assert!(header.contains(notice), "the Word header carries it on every page: {header}");
    // Both sections, the portrait body and the landscape appendix, name it.
    let document = docx_part(&docx, "document.xml");
    assert_eq!(document.matches("<w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"").count(), 2, "{document}");
}

/// The fictional council's spotlights carry what its measure pages show:
/// the SPC chart over the years to the report's period with its icons in
/// words and a table of its lines, the forecast with its range and the
/// at-risk warning, and the comparison with other councils, in the PDF and
/// the Word document alike (the figures the app gives the measure page).
#[tokio::test]
async fn example_borough_spotlights_carry_the_measure_pages_analytics() {
    use outturn_app::statuses::{benchmark, forecast, spc};
    use outturn_core::{AsOf, MeasureCode};
    let store = demo_store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let council = outturn_core::Key::parse("example-borough").unwrap();
    let report =
        quarterly(&store, &actor, &council, Period::parse("2026/27-Q2").unwrap(), &Settings::default()).await.unwrap();

    // What the measure pages show for two Amber measures (their results end at the report's period).
    let calls = MeasureCode::parse("EB-CS01").unwrap();
    let page_spc = spc::measure_spc(&store, &actor, &council, &calls, AsOf::now()).await.unwrap();
    let analysis = page_spc.analysis.as_ref().expect("six years of results chart");
    let made = forecast::measure_forecast(&store, &actor, &council, &calls, AsOf::now()).await.unwrap();
    let fig = |v| made.measure.format_figure(v);
    let chosen = made.forecast.as_ref().expect("a forecast is made");
    let (next, outturn) = (&chosen.steps[0], made.year_end.clone().unwrap().unwrap());
    let warning = made.warning().expect("the demo's calls answered are forecast to miss the year's target");
    let relets = MeasureCode::parse("EB-HS02").unwrap();
    let compared = benchmark::measure_benchmark(&store, &actor, &council, &relets, None).await.unwrap().unwrap();
    let group = compared.headline().unwrap();
    let position = group.benchmark.position.as_ref().unwrap();
    let headline = format!(
        "{}: {}, {}",
        compared.figure(position.value),
        position.quartile.label(compared.polarity()),
        position.rank.describe(compared.polarity())
    );

    // The model: an SPC chart for each spotlight with years of history.
    let spc_charts: Vec<&outturn_report::model::SpcChart> = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::SpcChart(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(spc_charts.len(), report.spotlights.len(), "every spotlit measure has years of results");
    let chart = spc_charts.iter().find(|c| c.id == "spc-eb-cs01").expect("EB-CS01's chart");
    assert_eq!(chart.variation, analysis.variation_icon);
    assert_eq!(chart.assurance, analysis.assurance_icon);
    assert!(chart.svg.starts_with("<svg") && chart.svg.contains("spc-forecast-band"), "drawn with the forecast");

    let variation = format!("Variation: {}", analysis.variation_icon.label());
    let assurance = "Assurance: Hit and miss";
    let words_expected = [
        "EB-CS01: % of calls answered within 60 seconds, statistical process control chart, April 2020 to September 2026",
        &variation,
        assurance,
        "Hit and miss: the target lies within the process limits",
    ];
    // The drawing's own words (its key), which the PDF keeps as text.
    let drawn = ["Process change", "Special cause: concern", "Forecast (80% interval)"];
    let reading_expected = [
        "EB-CS01: what the SPC chart shows".to_string(),
        format!(
            "Next period: October 2026 {} {} to {} (80% interval)",
            fig(next.value),
            fig(next.lower),
            fig(next.upper)
        ),
        format!("{} {} to {}", fig(outturn.value), fig(outturn.lower), fig(outturn.upper)),
        format!("{warning}."),
        "EB-HS02: compared with other councils, 2025/26 figures from the comparator data as loaded now".to_string(),
        format!("{} ({} areas with a figure) {headline}", group.name, group.benchmark.compared),
    ];

    // HTML draws the chart and the icons beside their words; Markdown gives the chart in words.
    let html = String::from_utf8(render_bytes(&report, Format::Html)).unwrap();
    assert!(html.contains(r#"aria-labelledby="spc-eb-cs01-title spc-eb-cs01-desc""#), "the chart, named once");
    assert!(html.contains(&format!("</svg> {variation}</p>")), "the icon beside its words");
    let markdown = String::from_utf8(render_bytes(&report, Format::Markdown)).unwrap();
    assert!(markdown.contains(&chart.description) && markdown.contains(&format!("- {variation}\n- {assurance}")));

    // The PDF: the words of the chart, its icons and tables, read back.
    let scratch = Scratch::new("example-borough-analytics");
    let pdf = render_bytes(&report, Format::Pdf);
    assert!(contains(&pdf, b"pdfuaid:part"), "still claims PDF/UA-1 with the charts and icons");
    let path = scratch.write("q.pdf", &pdf);
    let (words, reading) = (words_of(&path), reading_of(&path));
    for expected in words_expected.iter().chain(&drawn) {
        assert!(words.contains(expected), "{expected} in the PDF");
    }
    for expected in &reading_expected {
        assert!(reading.contains(expected.as_str()), "{expected} in the PDF");
    }
    let structure = poppler("pdfinfo", &["-enc", "UTF-8", "-struct-text"], &path);
    let figures = structure.lines().filter(|l| l.trim_start().starts_with("Figure")).count();
    let charts = report.sections.iter().flat_map(|s| &s.blocks).filter(|b| matches!(b, Block::Chart(_))).count();
    assert_eq!(figures, charts + spc_charts.len(), "each chart a figure, the icons artifacts");

    // Word: the chart a picture with its description as alternative text,
    // the icons' words beside them, the tables.
    let docx = render_bytes(&report, Format::Docx);
    let document = docx_part(&docx, "document.xml");
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    // The words of the document, a space after each paragraph (and so each cell).
    let mut text = String::new();
    for piece in document.replace("</w:p>", "</w:p> ").split('<') {
        text.push_str(piece.split_once('>').map_or(piece, |(_, after)| after));
    }
    let text = unescape(&text).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in words_expected.iter().copied().chain(reading_expected.iter().map(String::as_str)) {
        assert!(text.contains(expected), "{expected} in the Word document");
    }
    assert!(
        unescape(&document).contains(&format!("descr=\"{}\"", chart.description)),
        "the chart's words are its alternative text"
    );
    assert!(!document.contains(r#"<wp:docPr id="1" name="Figure" />"#), "each picture has its own id");
    let media = zip::ZipArchive::new(std::io::Cursor::new(&docx))
        .unwrap()
        .file_names()
        .filter(|n| n.starts_with("word/media/"))
        .count();
    assert!(media > spc_charts.len(), "a picture per chart and the icons: {media}");
    // Only the data tables have header rows (the icons' row is not one).
    let tables = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Table(_) | Block::Chart(_) | Block::SpcChart(_)))
        .count();
    assert_eq!(document.matches("<w:tblHeader />").count(), tables);
}

/// The text of the first part of a .docx whose name contains `name`.
fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let part = names
        .iter()
        .find(|n| n.starts_with("word/") && !n.contains("_rels") && n.contains(name))
        .unwrap_or_else(|| panic!("no {name} part in {names:?}"));
    let mut text = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[tokio::test]
async fn epping_forest_exception_report_as_pdf_reads_back() {
    let store = demo_store().await;
    let period = Period::parse("2019/20-Q3").unwrap();
    let report = exception(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("epping-forest").unwrap(),
        period,
        &Settings::default(),
    )
    .await
    .unwrap();
    let (words, _) = check_pdf(&report, "epping-forest-2019-20-q3");
    assert!(
        words.contains(
            "SCom-FirstContact: Improved Customer First Contact, December 2019 target 45%, achieved 40.17% (Amber)."
        ),
        "{words}"
    );
    assert!(words.contains("General Election December 2019"), "{words}");
}

/// Typst markup in a council's text is printed as written, never obeyed.
#[test]
fn council_text_is_never_read_as_typst_markup() {
    let tricky = r#"#set page(width: 2cm) *not bold* _not em_ $x^2$ [a] ]b[ <label> @ref \ \\ #panic("no") // not a comment /* nor this */ `raw` = not a heading ~ -- --- ... 'quote' "quote" & < > % £"#;
    let text = |s: &str| vec![Inline::Text { text: s.to_string() }];
    let report = Report {
        kind: ReportKind::Quarterly,
        title: format!("Report {tricky}"),
        notice: Some(format!("Notice {tricky}")),
        cover: vec![CoverLine { label: "Label".to_string(), value: tricky.to_string(), to_be_set: false }],
        sections: vec![Section {
            label: "1".to_string(),
            heading: format!("Heading {tricky}"),
            anchor: "section-1".to_string(),
            blocks: vec![
                Block::Subheading { level: 1, text: format!("Sub {tricky}"), new_page: true },
                Block::Paragraph(Paragraph {
                    number: "1.1".to_string(),
                    anchor: "para-1-1".to_string(),
                    text: vec![
                        Inline::Text { text: format!("Para {tricky} ") },
                        Inline::Placeholder { what: tricky.to_string() },
                    ],
                }),
                Block::List(vec![
                    ListItem { depth: 0, text: text(&format!("Item {tricky}")) },
                    ListItem { depth: 2, text: text(&format!("Deep {tricky}")) },
                ]),
                Block::Table(Table {
                    caption: format!("Caption {tricky}"),
                    // The short column first, so pdftotext's layout reads each long cell whole.
                    columns: vec!["Figure".to_string(), format!("Column {tricky}")],
                    row_headers: true,
                    rows: vec![vec!["1".to_string(), format!("Row {tricky}")]],
                    notes: vec![text(&format!("Note {tricky}"))],
                }),
            ],
        }],
        spotlights: vec![],
        missing_narratives: vec![tricky.to_string()],
    };
    let pdf = render_bytes(&report, Format::Pdf);
    let scratch = Scratch::new("markup");
    let path = scratch.write("markup.pdf", &pdf);
    // Compared without white space, so a line broken anywhere (even inside
    // "--") still matches.
    let compact = |s: &str| s.split_whitespace().collect::<String>();
    let words = compact(&words_of(&path));
    for what in ["Report", "Label", "Heading", "Sub", "Para", "Item", "Deep", "Caption", "Column", "Row", "Note"] {
        assert!(words.contains(&compact(&format!("{what} {tricky}"))), "{what}: {words}");
    }
    assert!(words.contains(&compact(&placeholder(tricky))), "{words}");
    assert!(info(&path).contains(&format!("Title:           Report {tricky}")));
}

/// An officer's override of a year-end forecast reaches the spotlight: the
/// officer's figure and reason beside the model's, and the risk to the
/// target judged on it (as on the measure page).
#[tokio::test]
async fn a_spotlight_judges_the_year_end_risk_on_the_officers_forecast() {
    use outturn_core::{FinancialYear, MeasureCode};
    let store = demo_store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let council = outturn_core::Key::parse("example-borough").unwrap();
    let calls = MeasureCode::parse("EB-CS01").unwrap();
    let year = FinancialYear::starting(2026).unwrap();
    let reason = "Six new advisers start in November";
    outturn_app::forecast_override::override_forecast(
        &store,
        &actor,
        &council,
        &calls,
        year,
        "79",
        reason,
        jiff::Timestamp::now(),
    )
    .await
    .expect("the override is recorded");
    let report =
        quarterly(&store, &actor, &council, Period::parse("2026/27-Q2").unwrap(), &Settings::default()).await.unwrap();
    let markdown = String::from_utf8(render_bytes(&report, Format::Markdown)).unwrap();
    let spotlight = &markdown[markdown.find("EB-CS01: statistical forecast").expect("EB-CS01's forecast table")..];
    let spotlight = &spotlight[..spotlight.find("Method:").expect("the method note")];
    assert!(spotlight.contains("Officer's forecast: 2026/27") && spotlight.contains(reason), "{spotlight}");
    assert!(spotlight.contains("At risk, on the officer's forecast of 79%"), "{spotlight}");
}
