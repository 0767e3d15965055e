//! Draws each measure's figures, targets and commentary.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::calendar::{self, Frequency, MONTH_NAMES, Period, month_index, timestamp, year_label};
use crate::draw::{Draws, d, fixed, grouped, round, round_to_step};
use crate::events::{self, Change};
use crate::spec::{Measure, Model, Polarity, Series, Target, Unit, Volume, Ytd};
use crate::tree;

/// A period's figure as generated.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Value(Decimal),
    Fraction(Decimal, Decimal),
    Missing(String),
    Text(String),
}

/// One row of results.csv.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub period: Period,
    pub figure: Figure,
    pub forecast: Option<Decimal>,
    pub commentary: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// One row of targets.csv.
#[derive(Debug, Clone)]
pub struct TargetRow {
    pub period: Period,
    pub value: Decimal,
    pub effective: String,
    pub reason: String,
    pub author: String,
    pub recorded_at: String,
}

/// Everything generated for one measure.
pub struct Generated {
    pub measure: Measure,
    pub periods: Vec<Period>,
    /// The figure of each period as finally recorded (Missing where it is; corrections aside).
    pub figures: Vec<Figure>,
    pub targets: Vec<TargetRow>,
    pub results: Vec<ResultRow>,
}

impl Generated {
    /// The figure reported for the period at `i`, by the measure's year-to-date rule.
    pub fn reported(&self, i: usize) -> Option<Decimal> {
        let m = &self.measure;
        let year = self.periods[i].year();
        let this_year = || (0..=i).rev().take_while(move |j| self.periods[*j].year() == year);
        match m.ytd {
            Ytd::Snapshot => match &self.figures[i] {
                Figure::Value(v) => Some(*v),
                Figure::Fraction(n, dn) => Some(n / dn * d(m.scale())),
                _ => None,
            },
            Ytd::Sum => this_year()
                .map(|j| match &self.figures[j] {
                    Figure::Value(v) => Some(*v),
                    _ => None,
                })
                .sum(),
            Ytd::Ratio(_) | Ytd::MeanOfRatings => {
                let (mut n, mut dn) = (Decimal::ZERO, Decimal::ZERO);
                for j in this_year() {
                    let Figure::Fraction(a, b) = &self.figures[j] else { return None };
                    n += a;
                    dn += b;
                }
                (!dn.is_zero()).then(|| n / dn * d(m.scale()))
            }
            Ytd::Rolling12 => {
                if i < 11 {
                    return None;
                }
                (i - 11..=i)
                    .map(|j| match &self.figures[j] {
                        Figure::Value(v) => Some(*v),
                        _ => None,
                    })
                    .sum()
            }
        }
    }

    /// The year-end figure of financial year `y`, if the year is complete and reported.
    pub fn year_end(&self, y: usize) -> Option<Decimal> {
        let last = self.periods.iter().rposition(|p| p.year() == y as i32)?;
        if self.periods[last].month_of_year() != 11 {
            return None;
        }
        self.reported(last).map(|v| round(v, self.measure.decimals))
    }

    /// The target in force for the period at `i` by the end of its last month.
    pub fn target_for(&self, i: usize) -> Option<Decimal> {
        let p = self.periods[i];
        let by = p.last_month();
        let year = Period::Year(p.year() as usize);
        let in_force = |period: Period| {
            self.targets.iter().rfind(|t| t.period == period && month_index(&t.effective[..7]) <= by).map(|t| t.value)
        };
        let year_holds = !matches!(self.measure.ytd, Ytd::Sum) || p.month_of_year() == 11;
        in_force(p).or_else(|| if year_holds { in_force(year) } else { None })
    }
}

/// Generates every measure.
pub fn generate(measures: &[Measure]) -> Vec<Generated> {
    let mut volumes = Volumes::default();
    measures.iter().map(|m| generate_one(m, &mut volumes)).collect()
}

fn generate_one(m: &Measure, volumes: &mut Volumes) -> Generated {
    let periods: Vec<Period> =
        Period::all(m.frequency, m.first_year).into_iter().filter(|p| m.reports_in(p.year())).collect();
    let mut draws = Draws::new(&format!("values:{}", m.code));
    let mut figures = figures(m, &periods, &mut draws, volumes);
    // Missing data, with its reason, stands in for the figure drawn.
    for (figure, p) in figures.iter_mut().zip(&periods) {
        let label = p.to_string();
        if let Some((_, _, reason)) = events::MISSING.iter().find(|(c, at, _)| *c == m.code && *at == label) {
            *figure = Figure::Missing(reason.to_string());
        }
    }
    let mut g = Generated { measure: *m, periods, figures, targets: Vec::new(), results: Vec::new() };
    g.targets = targets(&g);
    g.results = results(&g);
    g
}

// ---------------------------------------------------------------------------
// Figures

/// The shared volumes, drawn once per key and frequency.
#[derive(Default)]
struct Volumes(HashMap<(&'static str, &'static str), Vec<(Period, Decimal)>>);

impl Volumes {
    fn of(&mut self, v: &'static Volume, frequency: Frequency, period: Period) -> Decimal {
        let drawn = self.0.entry((v.key, frequency.word())).or_insert_with(|| {
            let mut draws = Draws::new(&format!("volume:{}:{}", v.key, frequency.word()));
            Period::all(frequency, -1)
                .into_iter()
                .map(|p| {
                    let level = interpolate(&v.knots, p);
                    let seasonal =
                        level * Decimal::from(100 + i64::from(v.season[season_month(p)])) / Decimal::from(100);
                    let noise = draws.noise(seasonal * Decimal::from(v.noise_pct) / Decimal::from(100));
                    (p, round(seasonal + noise, 0).max(Decimal::ONE))
                })
                .collect()
        });
        drawn.iter().find(|(p, _)| *p == period).map(|(_, v)| *v).expect("a volume for every period")
    }
}

/// The month of the year (0 = April) whose season a period takes.
fn season_month(p: Period) -> usize {
    p.middle_month().rem_euclid(12) as usize
}

/// The level at the middle of period `p`, drawn straight between the knots
/// (each at the middle of its financial year), flat beyond the first and last.
fn interpolate(knots: &[&str; 7], p: Period) -> Decimal {
    if let Period::Year(y) = p {
        return d(knots[y]);
    }
    // In half months: month t's middle is 2t + 1; year i's middle is 24i + 12.
    let at = i64::from(p.middle_month()) * 2 + 1;
    let mid = |i: usize| 24 * i as i64 + 12;
    if at <= mid(0) {
        return d(knots[0]);
    }
    if at >= mid(6) {
        return d(knots[6]);
    }
    let i = ((at - 12) / 24) as usize;
    let (a, b) = (d(knots[i]), d(knots[i + 1]));
    a + (b - a) * Decimal::from(at - mid(i)) / Decimal::from(24)
}

/// A series' value for a period: level, season, lasting steps, one-off shocks, noise; within its bounds.
fn series_value(s: &Series, unit: Unit, p: Period, draws: &mut Draws) -> Decimal {
    let level = interpolate(&s.knots, p);
    let season = Decimal::from(s.season[season_month(p)]);
    let seasonal = match (unit, p) {
        (_, Period::Year(_)) => Decimal::ZERO,
        (Unit::Percentage, _) => season / Decimal::from(10),
        (Unit::Score, _) => season / Decimal::from(100),
        _ => level * season / Decimal::from(100),
    };
    let steps: Decimal =
        s.steps.iter().filter(|(from, _)| p.middle_month() >= month_index(from)).map(|(_, by)| d(by)).sum();
    let label = p.to_string();
    let shocks: Decimal = s.shocks.iter().filter(|(at, _)| *at == label).map(|(_, by)| d(by)).sum();
    let value = level + seasonal + steps + shocks + draws.noise(d(s.noise));
    let (lo, hi) = match unit {
        Unit::Percentage => (d("0"), d("100")),
        Unit::Score => (d("-1"), d("1")),
        _ => (Decimal::ZERO, Decimal::MAX),
    };
    let lo = s.lo.map(d).unwrap_or(lo);
    let hi = s.hi.map(d).unwrap_or(hi);
    value.max(lo).min(hi)
}

fn figures(m: &Measure, periods: &[Period], draws: &mut Draws, volumes: &mut Volumes) -> Vec<Figure> {
    let mut collected_before: Option<(i32, Decimal)> = None;
    periods
        .iter()
        .map(|&p| match m.model {
            Model::Value(s) => {
                let mut v = series_value(&s, m.unit, p, draws);
                if let (Some(covid), 0) = (m.covid, p.year()) {
                    v = v * Decimal::from(covid[season_month(p)]) / Decimal::from(100);
                }
                let mut v = round(v, m.decimals);
                if m.unit == Unit::Money && m.decimals == 2 {
                    v += Decimal::new(draws.between(0, 99), 2);
                }
                Figure::Value(v)
            }
            Model::Volume(v) => Figure::Value(volumes.of(v, m.frequency, p)),
            Model::Fraction { rate, volume } => {
                let denominator = volumes.of(volume, m.frequency, p);
                let rate = series_value(&rate, m.unit, p, draws);
                let numerator = round(denominator * rate / d(m.scale()), 0).min(match m.unit {
                    Unit::Percentage => denominator,
                    _ => Decimal::MAX,
                });
                Figure::Fraction(numerator, denominator)
            }
            Model::Ratings { score, volume } => {
                let ratings = volumes.of(volume, m.frequency, p);
                let score = series_value(&score, m.unit, p, draws);
                Figure::Fraction(round(ratings * score, 0).max(-ratings).min(ratings), ratings)
            }
            Model::Collection { finals, profile, noise } => {
                let share = d(profile[p.month_of_year()]);
                let final_level = d(finals[p.year() as usize]);
                let mut v = round(final_level * share / Decimal::from(100) + draws.noise(d(noise)), m.decimals);
                // Collected to date never falls within a year.
                if let Some((year, before)) = collected_before
                    && year == p.year()
                    && v <= before
                {
                    v = before + Decimal::new(1, m.decimals);
                }
                collected_before = Some((p.year(), v));
                Figure::Value(v)
            }
            Model::Text(sentences) => Figure::Text(text_update(m, p, sentences, draws)),
        })
        .collect()
}

/// A text-only measure's quarterly update: its events, then two sentences.
fn text_update(m: &Measure, p: Period, sentences: &[&str], draws: &mut Draws) -> String {
    let label = p.to_string();
    let mut parts: Vec<&str> =
        events::TEXT_EVENTS.iter().filter(|(c, at, _)| *c == m.code && *at == label).map(|(_, _, t)| *t).collect();
    let first = draws.below(sentences.len() as u32) as usize;
    let mut second = draws.below(sentences.len() as u32 - 1) as usize;
    if second >= first {
        second += 1;
    }
    parts.push(sentences[first]);
    parts.push(sentences[second]);
    parts.join(" ")
}

// ---------------------------------------------------------------------------
// Targets

/// The day in March each year's targets were agreed by Cabinet.
fn cabinet_day(y: usize) -> i64 {
    let mut draws = Draws::new(&format!("cabinet:{y}"));
    draws.between(8, 24)
}

fn targets(g: &Generated) -> Vec<TargetRow> {
    let m = &g.measure;
    let mut rows = Vec::new();
    for y in 0..calendar::YEARS {
        if !m.reports_in(y as i32) || g.periods.iter().all(|p| p.year() != y as i32) {
            continue;
        }
        let Some(annual) = annual_target(g, y) else { continue };
        let day = cabinet_day(y);
        let start = calendar::FIRST_YEAR + y as i32;
        let agreed = format!("agreed by Cabinet on {day} March {start}");
        let recorded_at = format!("{start}-03-{day:02}T09:30:00Z");
        for (period, value, reason) in profile(g, y, annual, &agreed) {
            rows.push(TargetRow {
                period,
                value,
                effective: format!("{start}-04-01"),
                reason,
                author: "Performance team".to_string(),
                recorded_at: recorded_at.clone(),
            });
        }
        for (code, year, effective, change, why, author) in events::REVISIONS {
            if *code != m.code || *year != y {
                continue;
            }
            let revised = match change {
                Change::To(v) => d(v),
                Change::By(tenths) => {
                    let step = match m.target {
                        Target::Stretch { step, .. } => d(step),
                        _ => Decimal::ONE,
                    };
                    round_to_step(annual * Decimal::from(1000 + tenths) / Decimal::from(1000), step)
                }
            };
            let from = month_index(&effective[..7]);
            let was = target_words(m, annual);
            let now = target_words(m, revised);
            for (period, value, _) in profile(g, y, revised, "") {
                if period.last_month() < from {
                    continue;
                }
                rows.push(TargetRow {
                    period,
                    value,
                    effective: effective.to_string(),
                    reason: format!("{why} (year-end target {was} revised to {now})"),
                    author: author.to_string(),
                    recorded_at: format!("{effective}T10:00:00Z"),
                });
            }
        }
    }
    rows
}

/// The year's target before any revision.
fn annual_target(g: &Generated, y: usize) -> Option<Decimal> {
    let m = &g.measure;
    match m.target {
        Target::None => None,
        Target::Fixed(v) => Some(d(v)),
        Target::Years(values) => (!values[y].is_empty()).then(|| d(values[y])),
        Target::Stretch { tenths, step } => {
            let per_year = Decimal::from(match m.frequency {
                Frequency::Monthly => 12,
                Frequency::Quarterly => 4,
                Frequency::Annual => 1,
            });
            let knot = |y: usize| match m.model {
                Model::Value(s) | Model::Fraction { rate: s, .. } | Model::Ratings { score: s, .. } => d(s.knots[y]),
                Model::Volume(v) => d(v.knots[y]),
                Model::Collection { finals, .. } => d(finals[y]),
                Model::Text(_) => Decimal::ZERO,
            };
            let from_knot = |y: usize| if m.ytd == Ytd::Sum { knot(y) * per_year } else { knot(y) };
            let baseline = if y == 0 { from_knot(0) } else { g.year_end(y - 1).unwrap_or_else(|| from_knot(y - 1)) };
            let better = match m.polarity {
                Polarity::Lower => -tenths,
                _ => tenths,
            };
            let mut target = round_to_step(baseline * Decimal::from(1000 + better) / Decimal::from(1000), d(step));
            if m.unit == Unit::Percentage {
                target = target.min(Decimal::from(100));
            }
            Some(target)
        }
    }
}

/// The target rows of year `y` for an annual target: profiled by period for
/// a sum or a figure that climbs through the year, else one for the year.
fn profile(g: &Generated, y: usize, annual: Decimal, agreed: &str) -> Vec<(Period, Decimal, String)> {
    let m = &g.measure;
    let fy = year_label(y as i32);
    let in_year: Vec<Period> = g.periods.iter().copied().filter(|p| p.year() == y as i32).collect();
    let full_year: Vec<Period> = match m.frequency {
        Frequency::Monthly => (0..12).map(|k| Period::Month(y as i32 * 12 + k)).collect(),
        Frequency::Quarterly => (0..4).map(|q| Period::Quarter(y, q)).collect(),
        Frequency::Annual => vec![Period::Year(y)],
    };
    let whole = target_words(m, annual);
    match m.model {
        Model::Collection { profile, .. } => full_year
            .iter()
            .filter(|p| in_year.contains(p))
            .map(|&p| {
                let value = round(annual * d(profile[p.month_of_year()]) / Decimal::from(100), m.decimals);
                let reason = if p.month_of_year() == 11 {
                    format!("Year-end target for {fy}, {agreed}")
                } else {
                    format!(
                        "Profiled: {} by the end of {} ({whole} by March), {agreed}",
                        target_words(m, value),
                        month_name(p)
                    )
                };
                (p, value, reason)
            })
            .collect(),
        _ if m.ytd == Ytd::Sum && m.frequency != Frequency::Annual => {
            let n = full_year.len() as i64;
            full_year
                .iter()
                .enumerate()
                .filter(|(_, p)| in_year.contains(p))
                .map(|(k, &p)| {
                    let value = round(annual * Decimal::from(k as i64 + 1) / Decimal::from(n), 0);
                    let reason = if k as i64 == n - 1 {
                        format!("Annual target for {fy}, {agreed}")
                    } else {
                        format!("Profiled target for {} ({whole} for the year), {agreed}", p.describe_year_to_date())
                    };
                    (p, value, reason)
                })
                .collect()
        }
        _ => vec![(Period::Year(y), annual, format!("Annual target for {fy}, {agreed}"))],
    }
}

fn month_name(p: Period) -> &'static str {
    let (_, month) = calendar::calendar_month(p.last_month());
    MONTH_NAMES[month - 1]
}

/// A figure in words: "96.9%", "23.4 days", "£18,432.57", "54.2 per 100,000".
pub fn figure_words(m: &Measure, value: Decimal) -> String {
    let places = if m.unit == Unit::Money && value.fract().is_zero() { 0 } else { m.decimals };
    match m.unit {
        Unit::Percentage => format!("{}%", fixed(value, m.decimals)),
        Unit::Days => format!("{} days", fixed(value, m.decimals)),
        Unit::Money => format!("£{}", grouped(value, places)),
        Unit::Rate(per) => format!("{} per {}", fixed(value, m.decimals), grouped(Decimal::from(per), 0)),
        Unit::Count => grouped(value, m.decimals),
        Unit::Score => fixed(value, m.decimals),
        Unit::Text => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Results

fn results(g: &Generated) -> Vec<ResultRow> {
    let m = &g.measure;
    let mut recorded = Draws::new(&format!("recorded:{}", m.code));
    let mut words = Draws::new(&format!("commentary:{}", m.code));
    let mut forecasts = Draws::new(&format!("forecast:{}", m.code));
    let mut rows = Vec::new();
    for (i, &p) in g.periods.iter().enumerate() {
        let label = p.to_string();
        // Recorded in the month after the period (two months after a year), 15th to 25th, in office hours.
        let month = p.last_month() + if m.frequency == Frequency::Annual { 2 } else { 1 };
        let (day, hour, minute) = (recorded.between(15, 25), recorded.between(9, 16), recorded.between(0, 59));
        let recorded_at = timestamp(month, day, hour, minute);
        let owner = match m.former_owner {
            Some(former) if p.last_month() < month_index(events::RESTRUCTURE_MONTH) => former,
            _ => m.owner,
        };
        let recorded_by = tree::name_in_month(owner, p.last_month()).to_string();
        let figure = g.figures[i].clone();
        let forecast = match (m.model, &figure) {
            (Model::Collection { finals, .. }, Figure::Value(_)) if p.year() == 6 => {
                Some(round(d(finals[6]) + forecasts.noise(d("0.2")), m.decimals))
            }
            _ => None,
        };
        let commentary = match &figure {
            Figure::Missing(_) => None,
            Figure::Text(t) => Some(t.clone()),
            _ => commentary(g, i, &mut words),
        };
        let correction = events::CORRECTIONS.iter().find(|(c, at, _, _)| *c == m.code && *at == label);
        let row = ResultRow { period: p, figure, forecast, commentary, recorded_at, recorded_by };
        match correction {
            None => rows.push(row),
            Some((_, _, change, why)) => {
                // First recorded wrongly; corrected early in the month after.
                let wrong = match &row.figure {
                    Figure::Value(v) => Figure::Value(v + d(change)),
                    Figure::Fraction(n, dn) => Figure::Fraction(n + d(change), *dn),
                    other => other.clone(),
                };
                let (day, hour, minute) = (recorded.between(3, 12), recorded.between(9, 16), recorded.between(0, 59));
                let corrected = ResultRow {
                    recorded_at: timestamp(month + 1, day, hour, minute),
                    commentary: Some(match &row.commentary {
                        Some(c) => format!("{why}. {c}"),
                        None => format!("{why}."),
                    }),
                    ..row.clone()
                };
                // The first recording's commentary would quote the corrected figure: it has none.
                rows.push(ResultRow { figure: wrong, commentary: None, ..row });
                rows.push(corrected);
            }
        }
    }
    rows
}

/// Commentary for the period at `i`, or None: always for an event, mostly
/// when the figure is worse than target, now and then when it is not.
fn commentary(g: &Generated, i: usize, words: &mut Draws) -> Option<String> {
    let m = &g.measure;
    let p = g.periods[i];
    let label = p.to_string();
    let mut said: Vec<String> = Vec::new();
    let restructure = month_index(events::RESTRUCTURE_MONTH);
    if m.former_owner.is_some() && i > 0 && g.periods[i - 1].last_month() < restructure && p.last_month() >= restructure
    {
        said.push(events::RESTRUCTURE_NOTE.to_string());
    }
    said.extend(events::EVENTS.iter().filter(|(c, at, _)| *c == m.code && *at == label).map(|(_, _, t)| t.to_string()));
    let event = !said.is_empty();
    let figure = g.reported(i)?;
    let shown = figure_words(m, round(figure, m.decimals));
    let (year, month) = calendar::calendar_month(p.last_month());
    let month = MONTH_NAMES[month - 1];
    let period_words = match p {
        Period::Month(_) => format!("{month} {year}"),
        Period::Quarter(_, q) => format!("{} to {month} {year}", MONTH_NAMES[(q * 3 + 3) % 12]),
        Period::Year(y) => year_label(y as i32),
    };
    // The figure as reported: the period's own, then the year to date where they differ.
    let figures = match m.ytd {
        Ytd::Rolling12 => format!("twelve months to {month} {year}: {shown}"),
        Ytd::Snapshot => format!("{period_words}: {shown}"),
        _ if p.starts_year() => format!("{}: {shown}", p.describe_year_to_date()),
        _ => {
            let own = match &g.figures[i] {
                Figure::Value(v) => figure_words(m, *v),
                Figure::Fraction(n, dn) => figure_words(m, round(n / dn * d(m.scale()), m.decimals)),
                _ => return None,
            };
            format!("{period_words}: {own}; {}: {shown}", p.describe_year_to_date())
        }
    };
    let figures = capitalised(&figures);
    let target = g.target_for(i);
    let t = &m.topic;
    let covid_months = p.year() == 0 && p.last_month() <= 5;
    // The calendar months of the period, for sentences that fit a season.
    let months: Vec<usize> =
        (p.last_month() + 1 - span(p)..=p.last_month()).map(|t| calendar::calendar_month(t).1).collect();
    let pick = |words: &mut Draws, pool: &[&'static str]| -> &'static str {
        let fits = fitting(pool, m.code, p.year(), &months);
        fits[words.below(fits.len() as u32) as usize]
    };
    match (target, m.polarity) {
        (Some(target), Polarity::Higher | Polarity::Lower) => {
            let rounded = round(figure, m.decimals);
            let worse = if m.polarity == Polarity::Higher { rounded < target } else { rounded > target };
            let profiled = if m.ytd == Ytd::Sum && p.month_of_year() != 11 { "a profiled target" } else { "a target" };
            let against = format!("{figures} against {profiled} of {}.", target_words(m, target));
            if worse && (event || words.chance(70)) {
                if covid_months {
                    said.push(format!("{against} {}.", t.covid));
                } else {
                    let reason = pick(words, t.adverse);
                    let action = pick(words, t.actions);
                    said.push(format!("{against} {reason}. {action}."));
                }
            } else if !worse && (event || words.chance(12)) {
                said.push(format!("{against} {}.", pick(words, t.favourable)));
            }
        }
        _ if event || words.chance(8) => said.push(format!("{figures}. Reported for information.")),
        _ => {}
    }
    (!said.is_empty()).then(|| said.join(" "))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A target in words, with only the places it has ("12%", "97.5%", "£243,000").
fn target_words(m: &Measure, target: Decimal) -> String {
    let places = target.normalize().scale().min(m.decimals);
    figure_words(&Measure { decimals: places, ..*m }, target)
}

/// How many months a period spans.
fn span(p: Period) -> i32 {
    match p {
        Period::Month(_) => 1,
        Period::Quarter(..) => 3,
        Period::Year(_) => 12,
    }
}

/// The sentences of a pool that measure `code` may say in financial year
/// `y`, in a period of calendar `months`. A sentence may start
/// "[EB-FIN02,EB-FIN03] " (only those measures say it), then "2022/23+ "
/// (only from that year on), then "@12,1,2 " (only in a period with one of
/// those months).
pub fn fitting(sentences: &[&'static str], code: &str, y: i32, months: &[usize]) -> Vec<&'static str> {
    sentences
        .iter()
        .filter_map(|s| {
            let mut s: &'static str = s;
            if let Some(rest) = s.strip_prefix('[') {
                let (codes, rest) = rest.split_once("] ").expect("a closed list of measures");
                if !codes.split(',').any(|c| c == code) {
                    return None;
                }
                s = rest;
            }
            if let Some((from, rest)) = s.split_once("+ ")
                && from.len() == 7
                && from.as_bytes()[4] == b'/'
            {
                let first = from[..4].parse::<i32>().expect("a year") - calendar::FIRST_YEAR;
                if y < first {
                    return None;
                }
                s = rest;
            }
            if let Some(rest) = s.strip_prefix('@') {
                let (fits, rest) = rest.split_once(' ').expect("months, then the sentence");
                if !fits.split(',').any(|f| months.contains(&f.parse::<usize>().expect("a month number"))) {
                    return None;
                }
                s = rest;
            }
            Some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::measures;

    #[test]
    fn every_measure_has_something_to_say_every_year() {
        for m in measures() {
            if matches!(m.target, Target::None) || m.polarity == Polarity::None {
                continue;
            }
            for y in 0..calendar::YEARS as i32 {
                for month in 1..=12 {
                    for (kind, pool) in
                        [("adverse", m.topic.adverse), ("favourable", m.topic.favourable), ("actions", m.topic.actions)]
                    {
                        let fits = fitting(pool, m.code, y, &[month]);
                        assert!(!fits.is_empty(), "{} has no {kind} sentence for year {y}, month {month}", m.code);
                    }
                }
            }
        }
    }

    #[test]
    fn sentences_name_only_measures_that_exist() {
        let codes: Vec<&str> = measures().iter().map(|m| m.code).collect();
        for m in measures() {
            let t = m.topic;
            for s in t.adverse.iter().chain(t.favourable).chain(t.actions) {
                if let Some(rest) = s.strip_prefix('[') {
                    let (named, _) = rest.split_once("] ").unwrap();
                    for c in named.split(',') {
                        assert!(codes.contains(&c), "{s} names {c}, which is not a measure");
                    }
                }
            }
        }
    }
}
