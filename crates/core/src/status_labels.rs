//! A council's own words and colours for statuses. Councils publish their
//! statuses in their own terms: Harlow's quarterly reports use "a green star
//! means performance is above target, a blue circle means performance is
//! within target and a red triangle means performance is behind target"
//! (http://www.harlow.gov.uk/about_the_council/council_services/corporate_services/policy_and_performance/performance_management/quarterly_performance_report.aspx);
//! Brighton & Hove default monitoring indicators to Grey
//! (https://democracy.brighton-hove.gov.uk/documents/s191237/Corporate%20Key%20Performance%20Indicator%20target%20setting%20202324%20APX.%20n%201.html?CT=2).
//!
//! The status itself, and the shape drawn beside it, stay the core's: a
//! council renames and recolours, it never makes colour the only signal.

use std::fmt;

use serde::Serialize;

use crate::status::Status;

/// A colour a council may give a status: the GOV.UK Design System's tag
/// colours (teal and magenta under their former names), each with text that
/// meets WCAG AA contrast on its tint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Colour {
    Green,
    Amber,
    Red,
    Blue,
    Turquoise,
    Purple,
    Pink,
    Orange,
    Grey,
}

impl Colour {
    pub const ALL: [Colour; 9] = [
        Colour::Green,
        Colour::Amber,
        Colour::Red,
        Colour::Blue,
        Colour::Turquoise,
        Colour::Purple,
        Colour::Pink,
        Colour::Orange,
        Colour::Grey,
    ];

    /// The words [`Colour::parse`] reads, for messages.
    pub const NAMES: &'static str = "green, amber, red, blue, turquoise, purple, pink, orange, grey";

    /// Reads a colour's name ("yellow" is amber's GOV.UK name; "gray" is grey).
    pub fn parse(text: &str) -> Option<Colour> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "yellow" => return Some(Colour::Amber),
            "gray" => return Some(Colour::Grey),
            "teal" => return Some(Colour::Turquoise),
            "magenta" => return Some(Colour::Pink),
            _ => {}
        }
        Colour::ALL.into_iter().find(|c| c.code() == text)
    }

    pub fn code(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
            Colour::Blue => "blue",
            Colour::Turquoise => "turquoise",
            Colour::Purple => "purple",
            Colour::Pink => "pink",
            Colour::Orange => "orange",
            Colour::Grey => "grey",
        }
    }

    /// The strong colour, for a chart's marker (GOV.UK's palette).
    pub fn hex(self) -> &'static str {
        match self {
            Colour::Green => "#00703c",
            Colour::Amber => "#ffdd00",
            Colour::Red => "#d4351c",
            Colour::Blue => "#1d70b8",
            Colour::Turquoise => "#28a197",
            Colour::Purple => "#4c2c92",
            Colour::Pink => "#d53880",
            Colour::Orange => "#f47738",
            Colour::Grey => "#505a5f",
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Status {
    /// The sign drawn beside a status's words on tags, charts and keys: the
    /// status's own whatever the council calls or colours it, so no status
    /// is told by colour alone.
    pub fn shape(self) -> &'static str {
        match self {
            Status::Exceeded => "★",
            Status::Green => "●",
            Status::Amber => "▲",
            Status::Red => "■",
            Status::Missing => "?",
            Status::Awaiting => "…",
            Status::NoTarget => "–",
            Status::InformationOnly => "i",
        }
    }
}

/// What a council calls a status, and its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusStyle {
    pub label: String,
    pub colour: Colour,
}

/// Why a council's label or colour is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("a status's label cannot be empty")]
    Empty,
    #[error("a status's label is at most {max} characters (this one has {0})", max = StatusLabels::LONGEST)]
    TooLong(usize),
    #[error("\"{label}\" is already the label for {other}: each status needs its own words")]
    Taken { label: String, other: &'static str },
    #[error("unknown colour \"{0}\" (use {names})", names = Colour::NAMES)]
    UnknownColour(String),
    #[error("unknown status \"{0}\" (use {names})", names = StatusLabels::STATUS_NAMES)]
    UnknownStatus(String),
    #[error("{0}")]
    NotText(String),
}

/// The council's words and colours for every status; the core's own
/// ("Green" in green, "Missing data" in grey...) where it gives none.
/// Serialised as a list of `{status, label, colour}` in the papers' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLabels {
    /// One per status, in [`Status::ALL`]'s order.
    styles: Vec<StatusStyle>,
}

impl Default for StatusLabels {
    fn default() -> Self {
        StatusLabels {
            styles: Status::ALL
                .map(|s| StatusStyle { label: s.label().to_string(), colour: default_colour(s) })
                .to_vec(),
        }
    }
}

fn default_colour(status: Status) -> Colour {
    match status {
        Status::Exceeded => Colour::Blue,
        Status::Green => Colour::Green,
        Status::Amber => Colour::Amber,
        Status::Red => Colour::Red,
        Status::Missing => Colour::Grey,
        Status::Awaiting => Colour::Purple,
        Status::NoTarget | Status::InformationOnly => Colour::Blue,
    }
}

fn index(status: Status) -> usize {
    Status::ALL.iter().position(|s| *s == status).unwrap_or_default()
}

impl StatusLabels {
    /// The longest label, so a tag fits a table cell.
    pub const LONGEST: usize = 40;

    /// The status codes a council's labels are keyed by, for messages.
    pub const STATUS_NAMES: &'static str =
        "exceeded, green, amber, red, missing, awaiting, no-target, information-only";

    /// Reads a status by its code ("green", "information-only").
    pub fn status(code: &str) -> Result<Status, LabelError> {
        let code = code.trim().to_ascii_lowercase();
        Status::ALL.into_iter().find(|s| s.code() == code).ok_or(LabelError::UnknownStatus(code))
    }

    pub fn label(&self, status: Status) -> &str {
        &self.styles[index(status)].label
    }

    pub fn colour(&self, status: Status) -> Colour {
        self.styles[index(status)].colour
    }

    /// Gives a status the council's label and colour (either may be left as
    /// it is). Labels are trimmed, visible text, at most [`Self::LONGEST`]
    /// characters. That no two statuses share a label is checked once all
    /// are given ([`StatusLabels::shared`]), so the order they are given in
    /// never matters (Green may take Exceeded's word as Exceeded takes another).
    pub fn set(&mut self, status: Status, label: Option<&str>, colour: Option<Colour>) -> Result<(), LabelError> {
        if let Some(label) = label {
            let label = label.trim();
            if label.is_empty() {
                return Err(LabelError::Empty);
            }
            let length = label.chars().count();
            if length > Self::LONGEST {
                return Err(LabelError::TooLong(length));
            }
            if let Some(problem) = crate::text::name_problem(label) {
                return Err(LabelError::NotText(problem));
            }
            self.styles[index(status)].label = label.to_string();
        }
        if let Some(colour) = colour {
            self.styles[index(status)].colour = colour;
        }
        Ok(())
    }

    /// The first status whose label another status before it shares (in
    /// any case), as the problem to give for it: each status needs its own words.
    pub fn shared(&self) -> Option<(Status, LabelError)> {
        let all: Vec<(Status, &StatusStyle)> = self.all().collect();
        all.iter().enumerate().find_map(|(i, (status, style))| {
            all[..i]
                .iter()
                .find(|(_, earlier)| earlier.label.eq_ignore_ascii_case(&style.label))
                .map(|(other, _)| (*status, LabelError::Taken { label: style.label.clone(), other: other.code() }))
        })
    }

    /// The statuses the council styles differently from the core's own, for
    /// storing and for showing which words are the council's.
    pub fn own(&self) -> impl Iterator<Item = (Status, &StatusStyle)> {
        let defaults = StatusLabels::default();
        Status::ALL.into_iter().zip(&self.styles).zip(defaults.styles).filter(|((_, s), d)| *s != d).map(|(p, _)| p)
    }

    /// Every status with its style, in the order the papers list them.
    pub fn all(&self) -> impl Iterator<Item = (Status, &StatusStyle)> {
        Status::ALL.into_iter().zip(&self.styles)
    }
}

impl Serialize for StatusLabels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry<'a> {
            status: &'static str,
            label: &'a str,
            colour: Colour,
        }
        s.collect_seq(self.all().map(|(status, style)| Entry {
            status: status.code(),
            label: &style.label,
            colour: style.colour,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_renames_and_recolours_keeping_the_rest() {
        // Harlow: a green star above target, a blue circle within target.
        let mut labels = StatusLabels::default();
        labels.set(Status::Exceeded, Some("Above target"), Some(Colour::Green)).unwrap();
        labels.set(Status::Green, Some("Within target"), Some(Colour::Blue)).unwrap();
        labels.set(Status::InformationOnly, Some("Data only"), Colour::parse("Gray")).unwrap();
        assert_eq!(labels.label(Status::Green), "Within target");
        assert_eq!(labels.colour(Status::Green), Colour::Blue);
        assert_eq!(labels.colour(Status::InformationOnly), Colour::Grey);
        assert_eq!(labels.label(Status::Red), "Red", "untouched statuses keep the core's words");
        let own: Vec<Status> = labels.own().map(|(s, _)| s).collect();
        assert_eq!(own, [Status::Exceeded, Status::Green, Status::InformationOnly]);
    }

    #[test]
    fn labels_are_refused_empty_too_long_invisible_or_shared() {
        let mut labels = StatusLabels::default();
        assert_eq!(labels.set(Status::Red, Some("  "), None), Err(LabelError::Empty));
        assert_eq!(labels.set(Status::Red, Some(&"x".repeat(41)), None), Err(LabelError::TooLong(41)));
        assert!(matches!(labels.set(Status::Red, Some("Red\u{200b}"), None), Err(LabelError::NotText(_))));
        assert!(matches!(labels.set(Status::Red, Some("Off\ntarget"), None), Err(LabelError::NotText(_))));
        assert_eq!(labels, StatusLabels::default(), "nothing changed by a refused label");
        labels.set(Status::Red, Some("green"), None).unwrap();
        assert_eq!(labels.shared(), Some((Status::Red, LabelError::Taken { label: "green".into(), other: "green" })));
        assert_eq!(labels.set(Status::Red, Some("Red"), Some(Colour::Red)), Ok(()), "its own words again");
        assert_eq!(labels.shared(), None);
        // In either order: Exceeded takes Green's word while Green takes another (Harlow's scheme).
        labels.set(Status::Exceeded, Some("Green"), Some(Colour::Green)).unwrap();
        labels.set(Status::Green, Some("Blue"), Some(Colour::Blue)).unwrap();
        assert_eq!(labels.shared(), None);
        assert_eq!(StatusLabels::status("blue"), Err(LabelError::UnknownStatus("blue".into())));
        assert_eq!(Colour::parse("magenta"), Some(Colour::Pink), "GOV.UK's newer name");
        assert_eq!(Colour::parse("mauve"), None);
        assert_eq!(Colour::parse("yellow"), Some(Colour::Amber));
    }
}
