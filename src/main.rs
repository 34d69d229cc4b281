//! The `notesite` binary: parse the command line, run the library, exit with its code.

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let code = notesite::cli::run(notesite::cli::Cli::parse())?;
    std::process::exit(code);
}
