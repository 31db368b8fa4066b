//! `newsdex serve`: args → [`ServeOptions`] → bind → [`serve::serve`] until Ctrl-C, one access-log
//! line per request on stderr.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use newsdex::serve::{self, AccessRecord, Limits, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Index folder (it may be built or rebuilt while serving; until it exists, searches get 503)
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Address to listen on; loopback by default, `0.0.0.0:7700` to expose (port 0: any free port)
    #[arg(long, default_value = "127.0.0.1:7700")]
    pub addr: SocketAddr,
    /// Let pages from this origin call the API from a browser (e.g. `https://desk.example`, or `*`)
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Searches running at once, at most (default: twice the cores); others wait, then get 503
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_searches: Option<u16>,
    /// Seconds a request may take before it gets 503
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

impl From<&ServeArgs> for ServeOptions {
    fn from(args: &ServeArgs) -> Self {
        let defaults = Limits::default();
        ServeOptions {
            index_dir: args.index.clone(),
            cors_origin: args.cors.clone(),
            limits: Limits {
                max_searches: args.max_searches.map_or(defaults.max_searches, usize::from),
                request_timeout: Duration::from_secs(args.timeout),
                ..defaults
            },
        }
    }
}

pub fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let options = ServeOptions::from(args);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsdex-serve")
        .build()
        .context("cannot start the server's threads")?;
    let on_request: serve::OnRequest = Arc::new(|record: &AccessRecord| {
        eprintln!("{} {} {} {}µs", record.method, record.path, record.status, record.micros);
    });
    // Options are checked before anything listens.
    let app = serve::router(&options, on_request)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|error| super::usage(format!("cannot listen on {}: {error}", args.addr)))?;
        let address = listener.local_addr().context("the address listened on")?;
        // The one line on stdout, so that a script (or a test) starting on port 0 learns the port.
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "newsdex: serving {} on http://{address}/", args.index.display())?;
        stdout.flush()?;
        drop(stdout);
        serve::serve(listener, app, shutdown_signal()).await?;
        eprintln!("newsdex: stopped");
        anyhow::Ok(())
    })
}

/// Ctrl-C, or SIGTERM (a service manager stopping the server).
async fn shutdown_signal() {
    let interrupt = async {
        // Without a Ctrl-C handler, wait for SIGTERM alone.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
