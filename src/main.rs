//! The `notesite` binary: parse the command line, run the library, exit with its code.

use clap::Parser;

/// A build allocates and frees millions of small strings (markdown events, template values,
/// HTML fragments) from several threads; mimalloc does that markedly faster than the system
/// allocator (10,000-note build: see the commit that added it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    // Like other Unix tools, stop quietly when the reader of our output goes away
    // (`notesite import --check x.txt | head`) instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of a signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let code = notesite::cli::run(notesite::cli::Cli::parse())?;
    std::process::exit(code);
}
