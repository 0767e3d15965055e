//! Reading form fields: numbers and dates as people type them, with a
//! message per field that names it.

use jiff::civil::Date;
use outturn_app::framework::file::parse_decimal;
use outturn_app::results::data_entry::FieldError;

use crate::error::WebError;
use outturn_core::Decimal;

/// An optional decimal field; a problem names the field.
pub fn decimal_field(field: &'static str, label: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Decimal> {
    let t = text.trim().trim_end_matches('%').trim_start_matches('£').trim();
    if t.is_empty() {
        return None;
    }
    match parse_decimal(t) {
        Ok(v) => Some(v),
        Err(_) if outturn_core::Decimal::from_str_exact(&t.replace(',', "")).is_ok() => {
            errors.push(FieldError { field, message: format!("{label} is too large: at most 999,999,999,999") });
            None
        }
        Err(_) => {
            errors.push(FieldError { field, message: format!("{label} must be a number, like 59.9 or 224901") });
            None
        }
    }
}

/// The example every date message and hint gives.
pub const DATE_EXAMPLE: &str = "15/01/2021";

/// A date as people in the UK type it: `15/01/2021` (also with `-` or `.`
/// between), `15 January 2021`, `15 Jan 2021`, `15th January 2021`, or ISO
/// `2021-01-15`. The year has four digits: `15/01/21` could be 1921 or 2021.
/// `label` names the field in the message, lower case after "Enter": `the
/// results deadline`.
pub fn parse_date(label: &str, text: &str) -> Result<Date, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("Enter {label} as a date, like {DATE_EXAMPLE}"));
    }
    let (year, month, day) = date_parts(t).ok_or_else(|| format!("Enter {label} as a date, like {DATE_EXAMPLE}"))?;
    let date = Date::new(year, month, day)
        .map_err(|_| format!("Enter {label} as a real date, like {DATE_EXAMPLE}: {t} is not a day of the calendar"))?;
    outturn_core::supported_day(date).map_err(|_| {
        format!(
            "Enter {label} from {} to {}: {t} is outside the dates kept",
            uk_date(outturn_core::period::FIRST_DAY),
            uk_date(outturn_core::period::LAST_DAY)
        )
    })
}

/// [`parse_date`] for a form field shown with the GOV.UK error summary.
pub fn date_field(field: &'static str, label: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Date> {
    match parse_date(label, text) {
        Ok(d) => Some(d),
        Err(message) => {
            errors.push(FieldError { field, message });
            None
        }
    }
}

/// An optional date in the address (a page's "as of" filter): blank is none,
/// anything else must be a date.
pub fn optional_date(label: &str, text: Option<&str>) -> Result<Option<Date>, WebError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_date(label, t).map(Some).map_err(WebError::BadRequest),
    }
}

/// A date written back into a form field the way people type it: 15/01/2021.
pub fn uk_date(d: Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

/// A date in running text: 15 January 2021.
pub fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// Year, month and day of a date in one of the accepted shapes, unchecked
/// against the calendar.
fn date_parts(t: &str) -> Option<(i16, i8, i8)> {
    let number = |s: &str, max_len: usize| -> Option<i16> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let small = |s: &str| number(s, 2).and_then(|n| i8::try_from(n).ok());
    let year = |s: &str| number(s, 4).filter(|_| s.len() == 4);
    // 2021-01-15
    let iso: Vec<&str> = t.split('-').collect();
    if let [y, m, d] = iso[..]
        && y.len() == 4
    {
        return Some((year(y)?, small(m)?, small(d)?));
    }
    // 15/01/2021, 15-01-2021, 15.01.2021
    for separator in ['/', '-', '.'] {
        let parts: Vec<&str> = t.split(separator).map(str::trim).collect();
        if let [d, m, y] = parts[..] {
            return Some((year(y)?, small(m)?, small(d)?));
        }
    }
    // 15 January 2021, 15 Jan 2021, 15th Jan. 2021, 15 January, 2021
    let words: Vec<&str> = t.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    if let [d, m, y] = words[..] {
        let lower = d.to_ascii_lowercase();
        let d = ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
        return Some((year(y)?, month_number(m.trim_end_matches('.'))?, small(d)?));
    }
    None
}

/// January to December from the name or its usual short forms (Jan, Sept).
fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = name.to_ascii_lowercase();
    if name.len() < 3 {
        return None;
    }
    let at = MONTHS.iter().position(|m| *m == name || (name.len() <= 4 && m.starts_with(name.as_str())))?;
    i8::try_from(at + 1).ok()
}

/// A trimmed text field, None when blank.
pub fn text_field(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Why a form body or a query string (`a=1&b=x%00y`) cannot be taken: the
/// first decoded name or value holding a control character or too long a
/// text ([`outturn_core::text::problem`]).
pub fn problem_in_encoded(encoded: &[u8]) -> Option<String> {
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    encoded.split(|b| matches!(b, b'&' | b'=')).find_map(|part| {
        let mut decoded = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match (part[i], hex(part.get(i + 1)), hex(part.get(i + 2))) {
                (b'%', Some(high), Some(low)) => {
                    decoded.push((high * 16 + low) as u8);
                    i += 3;
                }
                (b'+', _, _) => {
                    decoded.push(b' ');
                    i += 1;
                }
                (b, _, _) => {
                    decoded.push(b);
                    i += 1;
                }
            }
        }
        outturn_core::text::problem(&String::from_utf8_lossy(&decoded))
    })
}

/// axum's `Form`, with a refusal the service shows as its own error page
/// (never the parser's message); a control character in any field is refused.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T> axum::extract::FromRequest<S> for Form<T>
where
    axum::Form<T>: axum::extract::FromRequest<S>,
{
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let cannot_read =
            || WebError::BadRequest("the form could not be read: go back, reload the page and try again".into());
        let (parts, body) = req.into_parts();
        // Read within the body limit (kept in the request's extensions).
        let request = axum::extract::Request::from_parts(parts.clone(), body);
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge(format!(
                    "the form is larger than the {} MB a form may send: shorten what you typed and send it again",
                    crate::MAX_BODY_BYTES / 1024 / 1024
                ))
            } else {
                cannot_read()
            }
        })?;
        let query = parts.uri.query().unwrap_or("").as_bytes();
        if let Some(problem) = problem_in_encoded(&bytes).or_else(|| problem_in_encoded(query)) {
            return Err(WebError::BadRequest(problem));
        }
        let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(_) => {
                Err(WebError::BadRequest("the form could not be read: go back, reload the page and try again".into()))
            }
        }
    }
}

/// axum's `Query`, likewise.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T> axum::extract::FromRequestParts<S> for Query<T>
where
    axum::extract::Query<T>: axum::extract::FromRequestParts<S>,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(problem) = problem_in_encoded(parts.uri.query().unwrap_or("").as_bytes()) {
            return Err(WebError::BadRequest(problem));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(_) => Err(WebError::BadRequest("the address has a value that could not be read".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Result<Date, String> {
        parse_date("the results deadline", text)
    }

    fn jan_15() -> Date {
        Date::new(2021, 1, 15).unwrap()
    }

    #[test]
    fn uk_and_iso_dates_are_read() {
        for text in [
            "15/01/2021",
            "15/1/2021",
            " 15 / 01 / 2021 ",
            "15-01-2021",
            "15.01.2021",
            "15 January 2021",
            "15 january 2021",
            "15 JANUARY 2021",
            "15 Jan 2021",
            "15 Jan. 2021",
            "15th January 2021",
            "15 January, 2021",
            "2021-01-15",
            "2021-1-15",
        ] {
            assert_eq!(date(text), Ok(jan_15()), "{text}");
        }
        assert_eq!(date("1 Sept 2021"), Ok(Date::new(2021, 9, 1).unwrap()));
        assert_eq!(date("29/02/2024"), Ok(Date::new(2024, 2, 29).unwrap()));
    }

    #[test]
    fn control_characters_are_found_in_encoded_forms() {
        let problem = |encoded: &[u8]| problem_in_encoded(encoded);
        assert!(problem(b"username=admin%00x&password=p").unwrap().contains("U+0000"));
        assert!(problem(b"a%1B=1").unwrap().contains("U+001B"));
        assert!(problem(b"text=%C2%85").unwrap().contains("U+0085"));
        assert_eq!(problem(b"commentary=Line+one%0D%0Aline%09two&pct=100%25&odd=%zz%"), None);
        assert_eq!(problem(b""), None);
        let long = format!("commentary={}", "a".repeat(outturn_core::text::MAX_TEXT_CHARS + 1));
        assert!(problem(long.as_bytes()).unwrap().contains("at most 50000"));
    }

    #[test]
    fn a_day_past_the_dates_kept_is_refused() {
        assert_eq!(
            date("31/12/9999"),
            Err("Enter the results deadline from 01/04/1900 to 31/03/2999: 31/12/9999 is outside the dates kept".into())
        );
        assert!(date("9999-12-31").is_err());
        assert!(date("31/03/2999").is_ok());
    }

    #[test]
    fn the_day_comes_first_in_a_uk_date() {
        assert_eq!(date("02/03/2021"), Ok(Date::new(2021, 3, 2).unwrap()));
    }

    #[test]
    fn anything_else_is_refused_with_a_message_naming_the_field() {
        for text in [
            "",
            "  ",
            "yesterday",
            "15/01/21",
            "01/2021",
            "15 Ja 2021",
            "15 Janvier 2021",
            "15 January",
            "15xy January 2021",
            "2021/01/15/3",
            "+15/01/2021",
            "15/01/20210",
            "1e1/01/2021",
            "١٥/٠١/٢٠٢١",
        ] {
            assert_eq!(
                date(text),
                Err("Enter the results deadline as a date, like 15/01/2021".to_string()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_day_not_in_the_calendar_is_refused_as_not_real() {
        for text in ["31/02/2021", "29 February 2021", "2021-13-01", "00/01/2021", "32/01/2021"] {
            let message = date(text).unwrap_err();
            assert!(
                message.starts_with("Enter the results deadline as a real date, like 15/01/2021"),
                "{text}: {message}"
            );
        }
    }

    #[test]
    fn a_date_field_adds_its_problem_to_the_form() {
        let mut errors = Vec::new();
        assert_eq!(
            date_field("effective", "the date the target takes effect", "15 Jan 2021", &mut errors),
            Some(jan_15())
        );
        assert!(errors.is_empty());
        assert_eq!(date_field("effective", "the date the target takes effect", "soon", &mut errors), None);
        assert_eq!(
            errors,
            vec![FieldError {
                field: "effective",
                message: "Enter the date the target takes effect as a date, like 15/01/2021".into()
            }]
        );
    }

    #[test]
    fn an_optional_date_is_none_when_blank_and_refused_when_not_a_date() {
        assert_eq!(optional_date("the as of date", None).unwrap(), None);
        assert_eq!(optional_date("the as of date", Some(" ")).unwrap(), None);
        assert_eq!(optional_date("the as of date", Some("15/01/2021")).unwrap(), Some(jan_15()));
        match optional_date("the as of date", Some("yesterday")) {
            Err(WebError::BadRequest(m)) => assert_eq!(m, "Enter the as of date as a date, like 15/01/2021"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dates_are_written_back_as_people_type_them() {
        assert_eq!(uk_date(jan_15()), "15/01/2021");
        assert_eq!(long_date(jan_15()), "15 January 2021");
        assert_eq!(parse_date("x", &uk_date(jan_15())), Ok(jan_15()));
    }
}
