//! The Word rendering of the Stevenage Q2 2020/21 quarterly report, read
//! back: unzip the .docx, take the text of word/document.xml, and find the
//! paragraph numbers, measure lines, summary counts and citations in it.
//! When LibreOffice is installed, the .docx must also convert to PDF.

use std::io::{Cursor, Read};

use outturn_core::Period;
use outturn_report::model::{Block, Inline, Report};
use outturn_report::{Format, Settings, quarterly::quarterly, render_bytes};
use outturn_store::{SqliteStore, Store};

async fn stevenage_q2() -> Report {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    outturn_app::demo::load_demo(&store).await.unwrap();
    quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
        Period::parse("2020/21-Q2").unwrap(),
        &Settings::default(),
    )
    .await
    .unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a .docx is a zip archive");
    let mut xml = String::new();
    archive.by_name(name).unwrap_or_else(|_| panic!("the .docx has {name}")).read_to_string(&mut xml).unwrap();
    xml
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of word/document.xml: a line per paragraph outside tables, a
/// line per table row with its cells joined by " | ", tabs as tabs.
fn document_text(xml: &str) -> String {
    let (mut lines, mut cells, mut cell, mut para) = (Vec::new(), Vec::<String>::new(), Vec::new(), String::new());
    let mut in_row = false;
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("a tag ends") + start;
        let tag = &rest[start + 1..end];
        let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or("");
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        rest = &rest[end + 1..];
        match (name, closing) {
            ("w:t", false) if !self_closing => {
                let stop = rest.find("</w:t>").expect("text ends");
                para.push_str(&unescape(&rest[..stop]));
                rest = &rest[stop..];
            }
            ("w:tab", false) if self_closing => para.push('\t'),
            ("w:tr", false) => in_row = true,
            ("w:p", true) => {
                let p = std::mem::take(&mut para);
                if in_row { cell.push(p) } else { lines.push(p) }
            }
            ("w:tc", true) => cells.push(std::mem::take(&mut cell).join(" ")),
            ("w:tr", true) => {
                lines.push(std::mem::take(&mut cells).join(" | "));
                in_row = false;
            }
            _ => {}
        }
    }
    lines.join("\n")
}

#[tokio::test]
async fn stevenage_quarterly_report_as_docx_reads_back() {
    let report = stevenage_q2().await;
    let docx = render_bytes(&report, Format::Docx);
    assert!(docx.starts_with(b"PK\x03\x04"), "a .docx is a zip archive");
    let xml = part(&docx, "word/document.xml");
    let text = document_text(&xml);

    // Title, cover and the draft box.
    assert!(text.starts_with("Corporate Performance Report: July to September 2020 (2020/21-Q2)\n"), "{text}");
    assert!(text.contains("Council | Stevenage Borough Council"), "{text}");
    assert!(text.contains("Committee | Executive"), "the council's report settings: {text}");
    assert!(text.contains("Lead officer | to be set"), "{text}");
    assert!(
        text.contains("Draft: narrative still to be written: areas for improvement for Housing and Investment"),
        "{text}"
    );
    assert!(text.contains("[Narrative needed: spotlight on BV213]"));
    // A spotlight's chart is printed as its table of the same figures.
    assert!(text.contains("\nBV66a: Rent Collection Rate against target, 2020/21, period by period\n"), "{text}");

    // Section headings and every paragraph number, in the hanging indent before its text.
    assert!(text.contains("\n1 Purpose\n") && text.contains("\n3 Background\n"), "{text}");
    for p in report.paragraphs() {
        assert!(text.contains(&format!("\n{}\t", p.number)), "paragraph {} is numbered", p.number);
    }
    assert!(text.contains("\n3.1\tStevenage Borough Council's performance framework"), "{text}");
    // The major parts start a page, as in the PDF: the heading's paragraph breaks the page before it.
    let breaking: Vec<&str> = xml
        .split("<w:p ")
        .filter(|p| p.contains("<w:pageBreakBefore"))
        .filter_map(|p| p.split("<w:t xml:space=\"preserve\">").nth(1)?.split("</w:t>").next())
        .collect();
    assert_eq!(
        breaking,
        [
            "Programme progress",
            "Summary of statuses",
            "Place Theme",
            "Transformation and Support Theme",
            "Next quarter focus"
        ],
        "{xml}"
    );

    // Measure lines in the papers' form.
    assert!(text.contains("BV9: % Council Tax collected, September 2020 target 61%, achieved 59.9%"), "{text}");
    assert!(text.contains("BV66a: Rent Collection Rate, September 2020 target 96.3%, achieved 93.4%"));
    assert!(text.contains("VoidLoss1: Void Loss in year (£), September 2020 target £164,594, achieved £224,901"));

    // The FTFC focus counts, statuses in words in the header row, and the Missing footnote.
    assert!(text.contains("\nFTFC focus: measures by status, figures to the end of September 2020\n"), "{text}");
    assert!(text.contains("\nFTFC focus | 8 | 0 | 1 | 5 | 2*\n"), "{text}");
    assert!(text.contains("*Missing data: EOC4a: % of apprentices in post (HR KPIs not produced"), "{text}");

    // Every recommendation's citation, with the generated numbers.
    let recommendations: Vec<_> = report.section("2").unwrap().paragraphs().collect();
    assert!(recommendations.len() >= 3);
    for rec in recommendations {
        for inline in &rec.text {
            if let Inline::Ref(r) = inline {
                assert!(text.contains(&r.words()), "{} cites {}", rec.number, r.words());
                assert!(xml.contains(&format!("w:anchor=\"{}\"", r.anchor)), "the citation links to {}", r.anchor);
                assert!(xml.contains(&format!("w:name=\"{}\"", r.anchor)), "paragraph {} has a bookmark", r.first);
            }
        }
    }
    assert!(text.contains("(para 3.3 to 3.48)"), "{text}");

    // Every table's header row is marked as one, so it repeats on each page.
    // (A chart is printed as its table.)
    let tables = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Table(_) | Block::Chart(_)))
        .count();
    assert!(tables > 0);
    assert_eq!(xml.matches("<w:tblHeader />").count(), tables);

    // Word styles: Heading 1 and 2, Normal in Arial 11pt.
    let styles = part(&docx, "word/styles.xml");
    for id in ["Normal", "Heading1", "Heading2", "Title", "Caption"] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "style {id}");
    }
    assert!(styles.contains("w:ascii=\"Arial\"") && styles.contains("<w:sz w:val=\"22\" />"), "{styles}");
    assert!(xml.contains("<w:pStyle w:val=\"Heading1\" />") && xml.contains("<w:pStyle w:val=\"Heading2\" />"));

    libreoffice_converts(&docx);
}

/// The `w:w` values of the first `w:gridCol`s after `from` in the XML.
fn grid_after(xml: &str, from: usize) -> Vec<usize> {
    let grid = &xml[from..];
    let grid = &grid[grid.find("<w:tblGrid>").expect("a table grid")..];
    let grid = &grid[..grid.find("</w:tblGrid>").unwrap()];
    grid.split("w:w=\"").skip(1).map(|w| w.split('"').next().unwrap().parse().unwrap()).collect()
}

/// Issue 12: the appendix was portrait, with seven equal columns splitting
/// words ("Investme nt") over four pages for 22 rows.
#[tokio::test]
async fn the_appendix_is_a_landscape_section_with_columns_sized_to_their_content() {
    let report = stevenage_q2().await;
    let docx = render_bytes(&report, Format::Docx);
    let xml = part(&docx, "word/document.xml");
    let appendix = xml.find("Appendix A:").expect("the appendix heading");
    // The body before the appendix ends a portrait section; the document's
    // own (last) section, holding the appendix, is landscape.
    let portrait_end = xml[..appendix].rfind("<w:sectPr").expect("a section ends before the appendix");
    assert!(xml[portrait_end..appendix].contains("w:w=\"11906\" w:h=\"16838\""), "A4 portrait before it");
    let last = xml.rfind("<w:sectPr").unwrap();
    assert!(last > appendix);
    assert!(xml[last..].contains("w:orient=\"landscape\""), "{}", &xml[last..]);
    assert!(xml[last..].contains("w:w=\"16838\" w:h=\"11906\""), "{}", &xml[last..]);

    // Code, Measure, Owner, Target, Result, Status, Direction of travel:
    // the landscape width shared by content, the title widest, the code narrow.
    let widths = grid_after(&xml, appendix);
    assert_eq!(widths.len(), 7, "{widths:?}");
    assert_eq!(widths.iter().sum::<usize>(), 13958, "{widths:?}");
    let widest = widths.iter().max().unwrap();
    assert_eq!(widths[1], *widest, "the measure's title is the widest column: {widths:?}");
    assert!(widths[0] * 2 < widths[1], "the code is narrow: {widths:?}");
    assert!(xml[appendix..].contains("<w:tblLayout w:type=\"fixed\" />"), "Word keeps the widths");
    // "Housing and Investment" fits its column without splitting a word.
    assert!(widths[2] > 1700, "{widths:?}");

    // A portrait table shares the portrait width the same way.
    let summary = xml.find("FTFC focus: measures by status").unwrap();
    assert_eq!(grid_after(&xml, summary).iter().sum::<usize>(), 9026);
}

/// Issue 12: "para 3.49 on one page, its table on the next". An introduction
/// is kept with the table after it, and a caption with its table.
#[tokio::test]
async fn introductions_are_kept_with_their_tables() {
    let report = stevenage_q2().await;
    let docx = render_bytes(&report, Format::Docx);
    let xml = part(&docx, "word/document.xml");
    let intro = xml.find("An overview of FTFC focus performance").expect("the summary's introduction");
    let para = &xml[xml[..intro].rfind("<w:pPr>").unwrap()..intro];
    assert!(para.contains("<w:keepNext />"), "{para}");
    let caption = xml.find("FTFC focus: measures by status").unwrap();
    let para = &xml[xml[..caption].rfind("<w:pPr>").unwrap()..caption];
    assert!(para.contains("<w:keepNext />"), "{para}");
}

/// `libreoffice --headless --convert-to pdf` succeeds, when LibreOffice is installed.
fn libreoffice_converts(docx: &[u8]) {
    let Some(office) = ["libreoffice", "soffice"].into_iter().find(|p| {
        std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(p).is_file()))
    }) else {
        println!("LibreOffice is not on PATH: skipping the conversion of the .docx to PDF");
        return;
    };
    let dir = std::env::temp_dir().join(format!("outturn-docx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("stevenage-2020-21-q2.docx");
    std::fs::write(&input, docx).unwrap();
    let output = std::process::Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .output()
        .expect("LibreOffice runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let pdf = std::fs::read(dir.join("stevenage-2020-21-q2.pdf")).expect("LibreOffice wrote the PDF");
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::remove_dir_all(&dir).ok();
}
