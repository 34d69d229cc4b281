//! The `notesite` binary: parse the command line, run the library, exit with its code.

use clap::Parser;

/// A build allocates and frees millions of small strings (markdown events, template values,
/// HTML fragments) from several threads; mimalloc does that markedly faster than the system
/// allocator (10,000-note build: see the commit that added it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_decommits` (`include/mimalloc.h` of the mimalloc 3 that
/// libmimalloc-sys 0.1.49 builds; its default is 1).
const MI_OPTION_PURGE_DECOMMITS: std::ffi::c_int = 5;

extern "C" {
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Memory mimalloc frees is given back with `MADV_FREE` rather than `MADV_DONTNEED`: the
/// kernel takes the pages only when it needs them, so a build that frees and reuses
/// hundreds of megabytes does not fault in (and zero) the same pages again: fewer page
/// faults and a faster build, for a higher peak resident memory, since freed pages count
/// until the kernel takes them (figures: bench/decisions.md#mimalloc-madv-free).
fn tune_allocator() {
    // SAFETY: plain option accessors of the linked mimalloc, called before any thread starts.
    unsafe {
        // Only an option whose default is 1 can be the one meant; otherwise leave it alone.
        if mi_option_get(MI_OPTION_PURGE_DECOMMITS) == 1 {
            mi_option_set(MI_OPTION_PURGE_DECOMMITS, 0);
        }
    }
}

fn main() -> anyhow::Result<()> {
    tune_allocator();
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
