//! Rebuild when the built-in default theme changes (it is embedded with include_dir).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
