//! Ids from the URL, parsed once at the edge: a council's key and a measure's
//! code. One that cannot be a key or a code is "not found", as an unknown one
//! is, on the pages and in the API alike.

use outturn_core::{Key, MeasureCode};

use crate::api::problem::ApiError;
use crate::error::WebError;

/// An id in the URL that names nothing.
#[derive(Debug)]
pub struct UnknownId(String);

/// The council's key in the URL.
pub fn council_key(text: &str) -> Result<Key, UnknownId> {
    Key::parse(text).map_err(|_| UnknownId(format!("there is no council \"{text}\" here")))
}

/// The measure's code in the URL.
pub fn measure_code(council: &str, text: &str) -> Result<MeasureCode, UnknownId> {
    MeasureCode::parse(text).map_err(|_| {
        UnknownId(format!(
            "there is no measure \"{text}\" in {council}: codes are written exactly, such as BV9 (search by code or title from the council's menu)"
        ))
    })
}

impl From<UnknownId> for WebError {
    fn from(e: UnknownId) -> Self {
        WebError::NotFound(e.0)
    }
}

impl From<UnknownId> for ApiError {
    fn from(e: UnknownId) -> Self {
        ApiError::NotFound(e.0)
    }
}
