//! The large reads of a council (its measures, and its history of target
//! revisions and results: a million rows for a large council), read the
//! same way from either backend.
//!
//! Each backend runs the query its own fastest way and hands every row over
//! as [`Columns`] (`sqlite::each_row`, `postgres::each_row`); what a row
//! means is decided once, here. On SQLite, sqlx hands each row from its
//! worker thread to the reading task, which costs more than reading the row
//! (two thirds of a cold dashboard's time went to it), so SQLite's rows are
//! read on the connection's own handle instead.

use jiff::Timestamp;
use outturn_core::{Figure, Measure, MeasureCode, ResultEntry, ResultValue, TargetRevision};

use crate::StoreError;
use crate::codec;

/// A row's columns, by position in the SELECT list.
pub(crate) trait Columns {
    /// A text column; `None` for NULL. The error says why it cannot be read.
    fn text(&self, i: usize) -> Result<Option<&str>, String>;
    /// A whole-number column; `None` for NULL.
    fn int(&self, i: usize) -> Result<Option<i64>, String>;
    /// A true-or-false column (an INTEGER 0 or 1 in SQLite, a BOOLEAN in PostgreSQL).
    fn flag(&self, i: usize) -> Result<bool, String>;
}

/// A value bound to a history query: `$1`, `$2`... in order.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    Int(i64),
    Text(&'a str),
}

/// What a backend runs each row of a history query through.
pub(crate) type EachRow<'a> = &'a mut (dyn FnMut(&dyn Columns) -> Result<(), StoreError> + Send);

/// A row with the `table.column` name of each column, so that a value that
/// cannot be read is [`StoreError::Corrupt`] naming where it is.
struct Named<'r> {
    row: &'r dyn Columns,
    names: &'static [&'static str],
}

impl Named<'_> {
    fn corrupt(&self, i: usize, detail: String) -> StoreError {
        StoreError::Corrupt { what: self.names[i].to_string(), detail }
    }
    fn opt_text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        self.row.text(i).map_err(|e| self.corrupt(i, e))
    }
    fn text(&self, i: usize) -> Result<&str, StoreError> {
        self.opt_text(i)?.ok_or_else(|| codec::corrupt(self.names[i], "NULL", "a value is needed"))
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        self.row.int(i).map_err(|e| self.corrupt(i, e))
    }
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?.ok_or_else(|| codec::corrupt(self.names[i], "NULL", "a value is needed"))
    }
    fn flag(&self, i: usize) -> Result<bool, StoreError> {
        self.row.flag(i).map_err(|e| self.corrupt(i, e))
    }
    fn parse<T>(&self, i: usize, read: fn(&str, &str) -> Result<T, StoreError>) -> Result<T, StoreError> {
        read(self.names[i], self.text(i)?)
    }
    fn parse_opt<T>(&self, i: usize, read: fn(&str, &str) -> Result<T, StoreError>) -> Result<Option<T>, StoreError> {
        self.opt_text(i)?.map(|text| read(self.names[i], text)).transpose()
    }
}

/// The SELECT list of [`measure`]'s query, `m` being measures and `o` the
/// owning node.
pub(crate) const MEASURE_COLUMNS: &str = "m.id, m.code, m.title, m.definition, o.key, m.officer, m.unit, m.rate_per, \
     m.decimals, m.polarity, m.frequency, m.ytd_rule, m.ratio_scale, m.status_rule, m.tolerance_kind, m.amber, \
     m.active_from, m.retired_from, m.retired_reason, m.tolerance_beyond, m.green_within, m.exceeded_within";
const MEASURE_NAMES: &[&str] = &[
    "measures.id",
    "measures.code",
    "measures.title",
    "measures.definition",
    "nodes.key",
    "measures.officer",
    "measures.unit",
    "measures.rate_per",
    "measures.decimals",
    "measures.polarity",
    "measures.frequency",
    "measures.ytd_rule",
    "measures.ratio_scale",
    "measures.status_rule",
    "measures.tolerance_kind",
    "measures.amber",
    "measures.active_from",
    "measures.retired_from",
    "measures.retired_reason",
    "measures.tolerance_beyond",
    "measures.green_within",
    "measures.exceeded_within",
];

/// A row of [`MEASURE_COLUMNS`]: the measure's id and the measure, without
/// its alignments and tags (other tables).
pub(crate) fn measure(row: &dyn Columns) -> Result<(i64, Measure), StoreError> {
    let c = Named { row, names: MEASURE_NAMES };
    let owned = |i| c.opt_text(i).map(|text| text.map(str::to_string));
    let measure = Measure {
        code: c.parse(1, codec::code)?,
        title: c.text(2)?.to_string(),
        definition: owned(3)?,
        owner: c.parse(4, codec::key)?,
        officer: owned(5)?,
        aligned: Vec::new(),
        tags: Vec::new(),
        unit: codec::unit("measures", c.text(6)?, c.opt_int(7)?)?,
        decimals: codec::small(MEASURE_NAMES[8], c.int(8)?)?,
        polarity: c.parse(9, codec::polarity)?,
        frequency: c.parse(10, codec::frequency)?,
        ytd: codec::ytd("measures", c.text(11)?, c.opt_text(12)?)?,
        status_rule: codec::status_rule(
            "measures",
            codec::RuleCells {
                rule: c.text(13)?,
                kind: c.opt_text(14)?,
                amber: c.opt_text(15)?,
                beyond: c.opt_text(19)?,
                green: c.opt_text(20)?,
                exceeded: c.opt_text(21)?,
            },
        )?,
        active_from: c.parse_opt(16, codec::period)?,
        retired_from: c.parse_opt(17, codec::period)?,
        retired_reason: owned(18)?,
    };
    Ok((c.int(0)?, measure))
}

/// The SELECT list of [`target_revision`]'s query, `t` being target_revisions
/// and `m` measures (the query's FROM and WHERE are the caller's).
pub(crate) const TARGET_COLUMNS: &str =
    "m.code, t.id, t.period, t.value, t.effective, t.reason, t.author, t.recorded_at";
const TARGET_NAMES: &[&str] = &[
    "measures.code",
    "target_revisions.id",
    "target_revisions.period",
    "target_revisions.value",
    "target_revisions.effective",
    "target_revisions.reason",
    "target_revisions.author",
    "target_revisions.recorded_at",
];

/// A row of [`TARGET_COLUMNS`]: its measure's code, its id (the order
/// recorded) and the revision.
pub(crate) fn target_revision(row: &dyn Columns, measure: &MeasureCode) -> Result<(i64, TargetRevision), StoreError> {
    let c = Named { row, names: TARGET_NAMES };
    let revision = TargetRevision {
        measure: measure.clone(),
        period: c.parse(2, codec::period)?,
        value: c.parse(3, codec::decimal)?,
        effective: c.parse(4, codec::date)?,
        reason: c.text(5)?.to_string(),
        author: c.text(6)?.to_string(),
        recorded_at: c.parse(7, codec::timestamp)?,
    };
    Ok((c.int(1)?, revision))
}

/// The SELECT list of [`result_entry`]'s query, `r` being results and `m` measures.
pub(crate) const RESULT_COLUMNS: &str = "m.code, r.id, r.period, r.kind, r.value, r.numerator, r.denominator, \
     r.cumulative, r.missing_reason, r.commentary, r.recorded_at, r.recorded_by, r.forecast";
const RESULT_NAMES: &[&str] = &[
    "measures.code",
    "results.id",
    "results.period",
    "results.kind",
    "results.value",
    "results.numerator",
    "results.denominator",
    "results.cumulative",
    "results.missing_reason",
    "results.commentary",
    "results.recorded_at",
    "results.recorded_by",
    "results.forecast",
];

/// A row of [`RESULT_COLUMNS`]: its id (the order recorded) and the result.
pub(crate) fn result_entry(
    row: &dyn Columns,
    measure: &MeasureCode,
    times: &mut LastTime,
) -> Result<(i64, ResultEntry), StoreError> {
    let c = Named { row, names: RESULT_NAMES };
    let value = match c.text(3)? {
        "figure" => ResultValue::Figure(Figure {
            value: c.parse(4, codec::decimal)?,
            numerator: c.parse_opt(5, codec::decimal)?,
            denominator: c.parse_opt(6, codec::decimal)?,
            cumulative: c.flag(7)?,
            forecast: c.parse_opt(12, codec::decimal)?,
        }),
        "missing" => ResultValue::Missing {
            reason: c
                .opt_text(8)?
                .ok_or_else(|| codec::corrupt(RESULT_NAMES[8], "NULL", "a missing result needs its reason"))?
                .to_string(),
        },
        "narrative" => ResultValue::Narrative,
        other => return Err(codec::corrupt(RESULT_NAMES[3], other, "expected figure, missing or narrative")),
    };
    let entry = ResultEntry {
        measure: measure.clone(),
        period: c.parse(2, codec::period)?,
        value,
        commentary: c.opt_text(9)?.map(str::to_string),
        recorded_at: times.read(RESULT_NAMES[10], c.text(10)?)?,
        recorded_by: c.text(11)?.to_string(),
    };
    Ok((c.int(1)?, entry))
}

/// The time of recording last read, kept with its text: the results of an
/// import share one, so most rows are not parsed again.
#[derive(Default)]
pub(crate) struct LastTime {
    last: Option<(String, Timestamp)>,
}

impl LastTime {
    fn read(&mut self, what: &str, text: &str) -> Result<Timestamp, StoreError> {
        match &mut self.last {
            Some((last, at)) if last == text => Ok(*at),
            _ => {
                let at = codec::timestamp(what, text)?;
                self.last = Some((text.to_string(), at));
                Ok(at)
            }
        }
    }
}

/// The measure code in the first column of a history row, read once for
/// each run of rows of one measure (the queries order rows by measure).
#[derive(Default)]
pub(crate) struct MeasureOfRow {
    last: Option<(String, MeasureCode)>,
}

impl MeasureOfRow {
    pub(crate) fn code(&mut self, row: &dyn Columns) -> Result<&MeasureCode, StoreError> {
        let text = row.text(0).map_err(|detail| StoreError::Corrupt { what: "measures.code".into(), detail })?;
        let text = text.ok_or_else(|| codec::corrupt("measures.code", "NULL", "a value is needed"))?;
        let same = self.last.as_ref().is_some_and(|(last, _)| last == text);
        if !same {
            self.last = Some((text.to_string(), codec::code("measures.code", text)?));
        }
        let (_, code) = self.last.as_ref().expect("set above");
        Ok(code)
    }
}

/// Rows of one measure after another, each measure's put back in the order
/// recorded (by id): the queries read each measure's rows by an index
/// ordered by financial year first.
pub(crate) struct ByMeasure<T> {
    current: Option<MeasureCode>,
    items: Vec<T>,
    /// The id of each of `items`.
    ids: Vec<i64>,
    done: Vec<(MeasureCode, Vec<T>)>,
    /// The highest id of every row added.
    highest: i64,
}

impl<T> Default for ByMeasure<T> {
    fn default() -> Self {
        ByMeasure { current: None, items: Vec::new(), ids: Vec::new(), done: Vec::new(), highest: 0 }
    }
}

impl<T> ByMeasure<T> {
    pub(crate) fn add(&mut self, measure: &MeasureCode, id: i64, item: T) {
        if self.current.as_ref() != Some(measure) {
            self.finish_current();
            self.current = Some(measure.clone());
        }
        self.items.push(item);
        self.ids.push(id);
        self.highest = self.highest.max(id);
    }
    /// The highest id of the rows added so far (0 for none).
    pub(crate) fn highest_id(&self) -> i64 {
        self.highest
    }
    fn finish_current(&mut self) {
        let Some(code) = self.current.take() else { return };
        let mut items = std::mem::take(&mut self.items);
        // Usually already in order: a measure's results are recorded year after year.
        if !self.ids.is_sorted() {
            let mut order: Vec<(i64, T)> = self.ids.iter().copied().zip(items).collect();
            order.sort_by_key(|(id, _)| *id);
            items = order.into_iter().map(|(_, item)| item).collect();
        }
        self.ids.clear();
        self.done.push((code, items));
    }
    /// Each measure's rows in the order recorded (the queries order rows by
    /// measure code, so each measure's come together).
    pub(crate) fn finish(mut self) -> Vec<(MeasureCode, Vec<T>)> {
        self.finish_current();
        self.done
    }
}
