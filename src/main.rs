//! The `blr` binary: see [`blr_playground::cli`].

fn main() {
    std::process::exit(blr_playground::cli::main(std::env::args_os()));
}
