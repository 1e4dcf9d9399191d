//! Runs tauri-build: it checks tauri.conf.json, prepares the icons and compiles the window's
//! capabilities. The capabilities live in src-tauri/capabilities (not the default
//! ./capabilities beside tauri.conf.json at the root), hence the redirected path pattern.

fn main() {
    // `generate_context!` embeds these when the crate compiles, and tauri-build watches none of
    // them (only tauri.conf.json): without these lines a rebuilt UI, a new icon or an edited
    // capability would leave a stale app behind until some Rust file changed.
    for path in ["src-tauri/capabilities", "ui/dist", "icons"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri-build failed (see the message above)");
}
