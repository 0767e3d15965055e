// `sqlx::migrate!` embeds the migrations at compile time: rebuild the crate
// when one is added or changed (as sqlx's documentation advises), or a new
// migration would be missing from a build made before it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
