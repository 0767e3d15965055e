//! `outturn serve`: the web application, optionally with the demo loaded.

use std::net::SocketAddr;
use std::sync::Arc;

use outturn_store::Store;

pub async fn run(store: Box<dyn Store>, addr: SocketAddr, demo: bool, secure_cookies: bool) -> Result<(), String> {
    let store: Arc<dyn Store> = Arc::from(store);
    if demo {
        outturn_app::demo::load_demo(store.as_ref()).await.map_err(|e| e.to_string())?;
        for line in crate::demo::publish_demo_reports(store.as_ref()).await? {
            println!("{line}");
        }
        let created = outturn_app::demo::ensure_demo_accounts(store.as_ref()).await.map_err(|e| e.to_string())?;
        if created.is_empty() {
            println!(
                "Demo councils loaded. The demo accounts exist already (their passwords were shown when they were created; `outturn user reset NAME` sets a new one)."
            );
        } else {
            println!("Demo councils loaded. Demo accounts (shown once; keep them somewhere safe):");
            for a in &created {
                let council = a.council.as_deref().unwrap_or("every council");
                println!("  {:<16} {:<20} {:<14} password: {}", a.username, a.role.label(), council, a.password);
            }
        }
        crate::reminders::demo_addresses(store.as_ref(), &created).await?;
    }
    crate::reminders::start_scheduler(store.clone())?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    // The address bound, not the one asked for: with port 0 the system picks one.
    let bound = listener.local_addr().map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    println!("outturn is serving on http://{bound} (stop with Ctrl+C)");
    let state = outturn_web::AppState::new(store, secure_cookies);
    outturn_web::warm_landing_pages(&state);
    outturn_web::serve(listener, state).await.map_err(|e| format!("stopped serving on {bound}: {e}"))
}
