//! Use case: the narrative of a report draft (council, kind, period) written
//! as a TOML file with Markdown text, one `[[slot]]` per piece of narrative,
//! read back all or nothing. `outturn report narrative export` writes the
//! file with every slot of the draft as generated now (empty text where
//! narrative is still needed); `import` checks every slot first, then saves
//! them in one transaction with one audit record.

use std::collections::HashSet;

use jiff::Timestamp;
use outturn_core::{Key, Period};
use outturn_store::{Council, DraftKey, Narrative, Store};
use serde::Deserialize;
use toml::Spanned;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::framework::file::{FileProblem, FileSource, Problems};

/// The slot keys of a draft, so the web form, the file and the report agree.
pub mod slot {
    pub const PURPOSE: &str = "purpose";
    pub const NEXT_QUARTER: &str = "next-quarter";
    pub fn highlights(node: &str) -> String {
        format!("highlights:{node}")
    }
    pub fn improvement(node: &str) -> String {
        format!("improvement:{node}")
    }
    pub fn spotlight(code: &str) -> String {
        format!("spotlight:{code}")
    }
}

/// The kinds of report a draft can be for.
pub const KINDS: &[&str] = &["quarterly", "exception"];

/// Why a slot key is not one of the council's, or None when it is.
pub fn slot_problem(council: &Council, key: &str) -> Option<String> {
    let on = |what: &str| key.strip_prefix(what).map(str::trim);
    if key == slot::PURPOSE || key == slot::NEXT_QUARTER {
        return None;
    }
    if let Some(node) = on("highlights:").or_else(|| on("improvement:")) {
        return (!council.framework.nodes.iter().any(|n| n.key.as_str() == node))
            .then(|| format!("{node} is not a node of {}", council.slug));
    }
    if let Some(code) = on("spotlight:") {
        return (!council.measures.iter().any(|m| m.code.as_str() == code))
            .then(|| format!("{code} is not a measure of {}", council.slug));
    }
    Some(format!(
        "\"{key}\" is not a narrative slot: use purpose, next-quarter, highlights:NODE, improvement:NODE or spotlight:CODE"
    ))
}

/// One slot as the export writes it: key, what it is in words, text so far.
pub struct SlotText<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub text: Option<&'a str>,
}

/// The narrative file for a draft, every slot in the report's order.
pub fn export_toml(draft: &DraftKey, slots: &[SlotText]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Narrative for the {} report of {}, {}. Text is Markdown: paragraphs and\n\
         # \"- \" bullet lists. An empty text is narrative still needed.\n\
         # Import with: outturn report narrative import FILE\n\n\
         council = {}\nkind = {}\nperiod = {}\n",
        draft.kind,
        draft.council,
        draft.period,
        quote(draft.council.as_str()),
        quote(&draft.kind),
        quote(&draft.period.to_string())
    );
    for s in slots {
        out.push_str(&format!("\n[[slot]]\nkey = {}\nlabel = {}\n", quote(s.key), quote(s.label)));
        match s.text {
            Some(t) if !t.contains("'''") => out.push_str(&format!("text = '''\n{}\n'''\n", t.trim_end())),
            Some(t) => out.push_str(&format!("text = {}\n", quote(t))),
            None => out.push_str("text = \"\"\n"),
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    council: Spanned<String>,
    kind: Spanned<String>,
    period: Spanned<String>,
    #[serde(default)]
    slot: Vec<Spanned<SlotToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlotToml {
    key: Spanned<String>,
    /// Written by the export for the reader; not read back.
    #[serde(default)]
    #[allow(dead_code)]
    label: Option<String>,
    text: Spanned<String>,
}

/// What an import did: the draft and the slots it set or cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeImported {
    pub draft: DraftKey,
    /// The keys whose text changed; empty when the file matched what is stored.
    pub changed: Vec<String>,
}

/// Reads, checks and saves a narrative file: every problem is reported as
/// `FILE:LINE: FIELD: message` and then nothing is saved.
pub async fn import_narrative(
    store: &dyn Store,
    source: &dyn FileSource,
    path: &str,
    actor: &Actor,
) -> Result<NarrativeImported, AppError> {
    let text = source.read(path).map_err(|message| {
        AppError::FrameworkFile(vec![FileProblem {
            file: path.into(),
            line: None,
            field: "file".into(),
            value: None,
            message,
        }])
    })?;
    let mut problems = Problems::new(path, &text);
    let file: FileToml = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map(|s| problems.source.line_of(s));
            problems.at_line(line, "toml", e.message().trim().to_string());
            return Err(AppError::FrameworkFile(problems.found));
        }
    };
    let council = match Key::parse(file.council.get_ref()) {
        Ok(key) => store.council(&key).await?,
        Err(_) => None,
    };
    if council.is_none() {
        let known: Vec<String> = store.councils().await?.into_iter().map(|c| c.slug.to_string()).collect();
        problems.at(
            file.council.span(),
            "council",
            format!("there is no council {} (known: {})", file.council.get_ref(), known.join(", ")),
        );
    }
    if !KINDS.contains(&file.kind.get_ref().as_str()) {
        problems.at(
            file.kind.span(),
            "kind",
            format!("\"{}\" is not a report: use {}", file.kind.get_ref(), KINDS.join(" or ")),
        );
    }
    let period =
        Period::parse(file.period.get_ref()).map_err(|e| problems.at(file.period.span(), "period", e.to_string()));
    let mut slots = Narrative::new();
    let mut seen = HashSet::new();
    for s in &file.slot {
        let key = s.get_ref().key.get_ref().trim().to_string();
        if let Some(c) = &council
            && let Some(problem) = slot_problem(c, &key)
        {
            problems.at(s.get_ref().key.span(), "slot.key", problem);
        }
        if !seen.insert(key.clone()) {
            problems.at(s.get_ref().key.span(), "slot.key", format!("{key} is given twice: give each slot once"));
        }
        slots.insert(key, s.get_ref().text.get_ref().trim().to_string());
    }
    let (Some(council), Ok(period), true) = (council, period, problems.found.is_empty()) else {
        return Err(AppError::FrameworkFile(problems.found));
    };
    actor.check(Action::EditReport(&council.slug))?;
    let draft = DraftKey { council: council.slug.clone(), kind: file.kind.get_ref().clone(), period };
    let before = store.narrative(&draft).await?;
    let changed: Narrative =
        slots.into_iter().filter(|(k, v)| before.get(k).map_or(!v.is_empty(), |b| b != v)).collect();
    if !changed.is_empty() {
        let old: Narrative = changed.keys().filter_map(|k| before.get(k).map(|v| (k.clone(), v.clone()))).collect();
        let audit = AuditEvent::NarrativeSaved { draft: &draft, before: &old, after: &changed }
            .record_by(actor, Timestamp::now());
        store.save_narrative(&draft, &changed, actor.name(), &audit).await?;
    }
    Ok(NarrativeImported { draft, changed: changed.into_keys().collect() })
}

/// Saves narrative from a person (the draft page's form, which sends every
/// slot): only those who may edit the council's reports
/// (`Action::EditReport`); an unknown slot is refused naming it; an empty text
/// clears the slot. Only the slots whose text changed are written and audited,
/// in one transaction; returns their keys (none written when none changed).
pub async fn save_slots(
    store: &dyn Store,
    actor: &Actor,
    draft: &DraftKey,
    slots: Narrative,
    now: Timestamp,
) -> Result<Vec<String>, AppError> {
    actor.check(Action::EditReport(&draft.council))?;
    let council = crate::council(store, &draft.council).await?;
    if !KINDS.contains(&draft.kind.as_str()) {
        return Err(AppError::BadInput { field: "kind", message: format!("\"{}\" is not a report", draft.kind) });
    }
    if let Some(problem) = slots.keys().find_map(|k| slot_problem(&council, k)) {
        return Err(AppError::BadInput { field: "slot", message: problem });
    }
    let before_all = store.narrative(draft).await?;
    let changed: Narrative = slots
        .into_iter()
        .map(|(k, v)| (k, v.trim().to_string()))
        .filter(|(k, text)| before_all.get(k).map_or(!text.is_empty(), |was| was.trim() != text))
        .collect();
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let before: Narrative = changed.keys().filter_map(|k| before_all.get(k).map(|v| (k.clone(), v.clone()))).collect();
    let audit = AuditEvent::NarrativeSaved { draft, before: &before, after: &changed }.record_by(actor, now);
    store.save_narrative(draft, &changed, actor.name(), &audit).await?;
    Ok(changed.into_keys().collect())
}
