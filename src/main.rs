//! The `blr` binary: see [`blr_playground::cli`].

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(blr_playground::cli::main(std::env::args_os()));
}

/// Cargo builds every binary for the wasm integration tests too; the command line is native only.
#[cfg(target_arch = "wasm32")]
fn main() {
    eprintln!("blr: the command line is native only; the page uses the wasm library");
    std::process::exit(2);
}
