//! `notesite serve`: live editing with incremental rebuilds and live reload.

use crate::serve::{serve, ServeOptions};
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;

/// Options of `notesite serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site folder holding notesite.toml and content/ [default: current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site that is served [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Port to serve on (the next free one is used if it is taken; 0 lets the system choose)
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; loopback unless you choose otherwise. Requests must name
    /// localhost or this address; with 0.0.0.0 or ::, any IP address or this machine's name
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Open the site in your browser
    #[arg(long)]
    pub open: bool,
    /// Include notes marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    /// Use an output folder even if it holds files no notesite build wrote (they may be
    /// overwritten or deleted); folders holding notes, a site or a repository are still refused
    #[arg(long)]
    pub force: bool,
}

/// Run `notesite serve`; returns the exit code.
pub fn run(args: &ServeArgs) -> anyhow::Result<i32> {
    let root = super::root_or_current(&args.root);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| super::default_output(&root));
    serve(ServeOptions {
        root,
        output,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
        force: args.force,
    })?;
    Ok(0)
}
