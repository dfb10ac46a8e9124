//! The `cloudusage` command: every API of the generated crate from a shell.
//!
//! Nothing here knows an API. The command tree, help, flag parsing and request building come
//! from the tables the generated crate exports behind its `cli` feature
//! (`cloudusage::CLI_SERVICES`); validation, signing, pages and range queries are the
//! library's own; this crate adds what only a command line needs: credentials from the
//! providers' own CLI profiles, output formats, a progress bar and exit statuses.
#![forbid(unsafe_code)]

mod command;
mod credentials;
mod error;
mod output;
mod period;
mod redact;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::ArgMatches;
use cloudusage_runtime::cli::{AnyRequest, ApiCli, Args, CallError, ServiceCli};
use cloudusage_runtime::{Client, ClientConfig, RangeOptions};
use futures_util::StreamExt;
use serde_json::Value;
use time::OffsetDateTime;

pub use command::GLOBAL_FLAGS;
pub use credentials::{CredentialError, Environment};
pub use error::{CliError, ExitStatus};
pub use output::Format;

/// Runs the command line of the process against `services` and gives its exit status.
pub fn main(services: &'static [&'static ServiceCli]) -> ExitCode {
    let status = run(services, std::env::args_os(), &Environment::process());
    ExitCode::from(status as u8)
}

/// Runs one command line; errors are printed on stderr.
pub fn run(
    services: &'static [&'static ServiceCli],
    args: impl IntoIterator<Item = OsString>,
    env: &Environment,
) -> ExitStatus {
    let matches = match command::build(services).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            // Help and version are "errors" to clap; they print on stdout and succeed.
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Usage
            } else {
                ExitStatus::Success
            };
        }
    };
    match dispatch(services, &matches, env) {
        Ok(()) => ExitStatus::Success,
        Err(e) => {
            eprintln!("error: {e}");
            e.status()
        }
    }
}

fn dispatch(
    services: &'static [&'static ServiceCli],
    matches: &ArgMatches,
    env: &Environment,
) -> Result<(), CliError> {
    let Some((provider, m)) = matches.subcommand() else {
        return Err(CliError::Usage("no command given".into()));
    };
    if provider == "completions" {
        if let Some(shell) = m.get_one::<clap_complete::Shell>("shell") {
            let mut cmd = command::build(services);
            clap_complete::generate(*shell, &mut cmd, "cloudusage", &mut std::io::stdout());
        }
        return Ok(());
    }
    let Some((service_id, m)) = m.subcommand() else {
        return Err(CliError::Usage(format!("{provider}: no service given")));
    };
    let Some((command, m)) = m.subcommand() else {
        return Err(CliError::Usage(format!(
            "{provider} {service_id}: no action given"
        )));
    };
    let service = services
        .iter()
        .find(|s| s.info.provider == provider && s.info.service == service_id)
        .ok_or_else(|| CliError::Usage(format!("unknown service {provider} {service_id}")))?;
    let api = service
        .apis
        .iter()
        .find(|a| a.command == command)
        .ok_or_else(|| CliError::Usage(format!("unknown action {command}")))?;
    execute(service, api, m, env)
}

/// The options every action has.
struct Options<'a> {
    output: Option<Format>,
    region: Option<&'a String>,
    endpoint: Option<&'a String>,
    profile: Option<&'a String>,
    input: Option<&'a String>,
    dry_run: bool,
    since: Option<&'a String>,
    range: Option<&'a String>,
    all_pages: bool,
    concurrency: Option<usize>,
}

impl<'a> Options<'a> {
    fn from(m: &'a ArgMatches) -> Self {
        Options {
            output: m.get_one::<Format>("output").copied(),
            region: m.get_one("region"),
            endpoint: m.get_one("endpoint"),
            profile: m.get_one("profile"),
            input: m.get_one("input"),
            dry_run: m.get_flag("dry-run"),
            since: m.get_one("since"),
            range: m.get_one("range"),
            all_pages: m.get_flag("all-pages"),
            concurrency: m.get_one("concurrency").copied(),
        }
    }
}

/// The request from the flags, `--input` and the period options.
fn read_request(
    api: &'static ApiCli,
    m: &ArgMatches,
    o: &Options<'_>,
    now: OffsetDateTime,
) -> Result<Box<dyn AnyRequest>, CliError> {
    let mut args = Args::new(api, now);
    for p in api.params {
        if let Some(values) = m.get_many::<String>(p.name) {
            for v in values {
                args.push(p.name, v);
            }
        }
    }
    if let Some((start, end)) = period::period(
        o.since.map(String::as_str),
        o.range.map(String::as_str),
        now,
    )? {
        let Some((start_param, end_param)) = api.period else {
            return Err(CliError::Usage(format!(
                "{} has no period to split: --since and --range do not apply",
                api.action
            )));
        };
        if args.has(start_param) || args.has(end_param) {
            return Err(CliError::Usage(format!(
                "give either the period's own flags ({start_param}, {end_param}) or --since/--range"
            )));
        }
        args.push(start_param, &start);
        args.push(end_param, &end);
    }
    if let Some(path) = o.input {
        let text = if path == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(path)
        }
        .map_err(|e| CliError::Input {
            path: path.into(),
            message: e.to_string(),
        })?;
        let json: Value = serde_json::from_str(&text).map_err(|e| CliError::Input {
            path: path.into(),
            message: e.to_string(),
        })?;
        args.push_json(&json)?;
    }
    Ok((api.build)(&mut args)?)
}

fn client(service: &ServiceCli, o: &Options<'_>, env: &Environment) -> Result<Client, CliError> {
    let found = credentials::resolve(service, o.profile.map(String::as_str), env)?;
    let mut config = ClientConfig::new(found.credentials);
    if let Some(region) = o.region.cloned().or(found.region) {
        config = config.region(region);
    }
    if let Some(endpoint) = o.endpoint {
        config = config.endpoint(endpoint.clone());
    }
    Ok(Client::new(service.info, config).map_err(CallError::from)?)
}

fn execute(
    service: &ServiceCli,
    api: &'static ApiCli,
    m: &ArgMatches,
    env: &Environment,
) -> Result<(), CliError> {
    let o = Options::from(m);
    let now = OffsetDateTime::now_utc();
    let request = read_request(api, m, &o, now)?;
    let ranged = o.since.is_some() || o.range.is_some();
    if o.all_pages && !api.paginated {
        return Err(CliError::Usage(format!(
            "{} has no pages: --all-pages does not apply",
            api.action
        )));
    }
    let client = client(service, &o, env)?;
    let mut stdout = std::io::stdout().lock();
    if o.dry_run {
        let requests = if ranged {
            request.windows(&client).unwrap_or_else(|| Ok(Vec::new()))?
        } else {
            vec![request]
        };
        for (i, r) in requests.iter().enumerate() {
            if requests.len() > 1 {
                writeln!(stdout, "# window {} of {}", i + 1, requests.len())?;
            }
            write!(stdout, "{}", redact::show(&r.prepare(&client)?))?;
        }
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (payloads, failure) = runtime.block_on(fetch(&client, request.as_ref(), &o, ranged));
    let format = o.output.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    // What arrived before a failure is still printed: a range query's earlier windows.
    if failure.is_none() || !payloads.is_empty() {
        output::write(&mut stdout, format, &payloads, api.rows)?;
    }
    match failure {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Every payload the command asks for, and the failure that stopped it, if any.
async fn fetch(
    client: &Client,
    request: &dyn AnyRequest,
    o: &Options<'_>,
    ranged: bool,
) -> (Vec<Value>, Option<CallError>) {
    let mut payloads = Vec::new();
    if ranged {
        let bar = progress_bar();
        let hook = bar.clone();
        let mut options = RangeOptions::default().on_progress(move |p| {
            hook.set_length(p.total as u64);
            hook.set_position(p.done as u64);
        });
        if let Some(n) = o.concurrency {
            options = options.concurrency(n);
        }
        let (plan, mut windows) = match request.range(client, options) {
            Some(Ok(started)) => started,
            Some(Err(e)) => return (payloads, Some(e)),
            None => return (payloads, None),
        };
        bar.set_length(plan.windows.len() as u64);
        while let Some(window) = windows.next().await {
            match window {
                Ok(w) => payloads.extend(w.responses),
                Err(e) => {
                    bar.finish_and_clear();
                    return (payloads, Some(e));
                }
            }
        }
        bar.finish_and_clear();
        return (payloads, None);
    }
    if o.all_pages {
        if let Some(mut pages) = request.pages(client) {
            while let Some(page) = pages.next().await {
                match page {
                    Ok(p) => payloads.push(p),
                    Err(e) => return (payloads, Some(e)),
                }
            }
            return (payloads, None);
        }
    }
    match request.call(client).await {
        Ok(p) => (vec![p], None),
        Err(e) => (Vec::new(), Some(e)),
    }
}

/// A bar on stderr, drawn only when stderr is a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        indicatif::ProgressDrawTarget::stderr()
    } else {
        indicatif::ProgressDrawTarget::hidden()
    };
    let bar = indicatif::ProgressBar::with_draw_target(Some(0), target);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} windows {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
