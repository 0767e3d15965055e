//! What an error response needs to know about the request it answers, without
//! being handed the request: its id (to quote to the reader) and whether it
//! came to the API. Set by the telemetry layer for the time of each request.
//! A leaf module: the error mappings read it, the telemetry layer sets it.

use std::sync::Arc;

tokio::task_local! {
    static CURRENT: RequestContext;
}

#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The request id, as sent back in `x-request-id`.
    pub id: Arc<str>,
    /// The request is to the JSON API (so a panic is answered with a problem).
    pub api: bool,
}

impl RequestContext {
    /// Runs `f` with this context as the current request's.
    pub async fn scope<F: Future>(self, f: F) -> F::Output {
        CURRENT.scope(self, f).await
    }
}

/// The id of the request being answered; None outside a request (a unit test).
pub fn request_id() -> Option<Arc<str>> {
    CURRENT.try_with(|c| c.id.clone()).ok()
}

/// Whether the request being answered is to the JSON API.
pub fn is_api() -> bool {
    CURRENT.try_with(|c| c.api).unwrap_or(false)
}

/// Why a response is a 5xx, carried on the response (as an extension) to the
/// telemetry layer, which writes the one log line for it. The text may name
/// tables or paths: it goes to the log only, never to the reader.
#[derive(Debug, Clone)]
pub struct InternalCause(pub String);
