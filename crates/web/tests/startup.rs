//! A server starting: `/healthz` says 503 while the councils' landing
//! dashboards are being prepared, and 200 once they are kept, so a load
//! balancer sends no one to a server still starting.

#[macro_use]
mod support;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use outturn_web::AppState;
use reqwest::StatusCode;

async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, outturn_web::router(state)).await.expect("serve") });
    address
}

web_tests! {
    async fn healthz_says_starting_until_the_landing_dashboards_are_ready(app) {
        let state = AppState::new(app.store.clone(), false);
        let address = serve(state.clone()).await;
        let health = || async { reqwest::get(format!("{address}/healthz")).await.expect("GET /healthz") };

        state.ready.store(false, Ordering::Relaxed);
        let starting = health().await;
        assert_eq!(starting.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(starting.text().await.unwrap().contains("starting"), "says why");

        outturn_web::warm_landing_pages(&state);
        let since = Instant::now();
        while health().await.status() != StatusCode::OK {
            assert!(since.elapsed() < Duration::from_secs(30), "never ready");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let kept = format!("{:?}", state.dashboards);
        assert!(!kept.contains("entries: 0"), "the landing dashboards are kept: {kept}");
    }
}
