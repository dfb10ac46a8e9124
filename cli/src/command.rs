//! The clap command tree, built at start-up from the generated tables: a subcommand per
//! provider, service and action, a flag per parameter, help from the spec's docs and limits.

use clap::builder::PossibleValuesParser;
use clap::{value_parser, Arg, ArgAction, Command};
use cloudusage_runtime::cli::{ApiCli, ParamCli, ServiceCli, ValueKind};

use crate::output::Format;

/// Flags every action has (the generator renames a parameter that would take one of these:
/// `--param-region`). `help` and `version` are clap's own.
pub const GLOBAL_FLAGS: &[&str] = &[
    "all-pages",
    "concurrency",
    "dry-run",
    "endpoint",
    "help",
    "input",
    "output",
    "profile",
    "range",
    "region",
    "since",
    "version",
];

const ABOUT: &str =
    "Usage and billing APIs of Tencent Cloud, Volcengine and Alibaba Cloud from a shell: \
every request validated against the documented limits before it is sent, signed, and long periods \
split into the fewest valid requests.";

const AFTER_HELP: &str =
    "Credentials: `--profile NAME` reads that profile of the provider's own CLI \
(tccli: ~/.tccli/NAME.credential; aliyun: ~/.aliyun/config.json); otherwise the provider's \
environment variables, then the provider CLI's default profile.\n\nExit status: 0 success, 1 other \
failure, 2 usage, 3 validation (nothing sent), 4 authentication, 5 throttling, 6 server error, \
7 transport (no answer), 8 configuration.";

fn global_args() -> [Arg; 10] {
    [
        Arg::new("output")
            .long("output")
            .short('o')
            .global(true)
            .value_parser(value_parser!(Format))
            .help("Output format (default: a table on a terminal, JSON when piped)"),
        Arg::new("region")
            .long("region")
            .global(true)
            .help("Region to call (default: the profile's, else the service's)"),
        Arg::new("endpoint")
            .long("endpoint")
            .global(true)
            .help("Base URL to send to instead of the service's (`https://host` or `http://127.0.0.1:8080`)"),
        Arg::new("profile")
            .long("profile")
            .global(true)
            .help("Profile of the provider's own CLI to take credentials (and region) from"),
        Arg::new("input")
            .long("input")
            .global(true)
            .value_name("FILE")
            .help("The whole request as a JSON object by wire name (`-` for stdin); flags given as well win"),
        Arg::new("dry-run")
            .long("dry-run")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Validate and sign, print the request with secrets redacted, send nothing"),
        Arg::new("since")
            .long("since")
            .global(true)
            .value_name("DURATION")
            .conflicts_with("range")
            .help("Query from this long ago until now (`90d`, `12h`, `1d12h`), split into the fewest valid requests"),
        Arg::new("range")
            .long("range")
            .global(true)
            .value_name("START..END")
            .help("Query this period (times as for the time flags), split into the fewest valid requests"),
        Arg::new("all-pages")
            .long("all-pages")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Fetch every page, from the requested one on"),
        Arg::new("concurrency")
            .long("concurrency")
            .global(true)
            .value_parser(value_parser!(usize))
            .help("Windows of a range query in flight at once (default 2)"),
    ]
    .map(|arg| arg.help_heading("Global options"))
}

const API_AFTER_HELP: &str =
    "Times: the API's own format, RFC 3339, YYYY-MM-DD (midnight in the API's \
time zone), YYYY-MM-DD HH:MM[:SS] (in the API's time zone) or `now`. Lists: repeat the flag or \
separate values with commas. Objects: JSON with wire names.";

/// The value name shown in help for a parameter's kind.
fn value_name(p: &ParamCli) -> &'static str {
    match p.kind {
        ValueKind::Text => "TEXT",
        ValueKind::Bool => "true|false",
        ValueKind::Integer => "INTEGER",
        ValueKind::Number => "NUMBER",
        ValueKind::DateTime => "TIME",
        ValueKind::Date => "DATE",
        ValueKind::Enum => "VALUE",
        ValueKind::Json => "JSON",
    }
}

fn param_arg(p: &'static ParamCli) -> Arg {
    let mut arg = Arg::new(p.name)
        .long(p.flag)
        .value_name(value_name(p))
        .help(p.help);
    if p.list {
        arg = arg.action(ArgAction::Append);
        if p.kind != ValueKind::Json {
            arg = arg.value_delimiter(',');
        }
    }
    if p.closed && !p.values.is_empty() {
        arg = arg.value_parser(PossibleValuesParser::new(p.values));
    }
    arg
}

fn api_command(api: &'static ApiCli) -> Command {
    Command::new(api.command)
        .about(api.title)
        .long_about(api.doc)
        .after_help(API_AFTER_HELP)
        .args(api.params.iter().map(param_arg))
}

/// The providers in table order, each with its services.
pub fn providers(
    services: &'static [&'static ServiceCli],
) -> Vec<(&'static str, Vec<&'static ServiceCli>)> {
    let mut out: Vec<(&'static str, Vec<&'static ServiceCli>)> = Vec::new();
    for s in services {
        match out.iter_mut().find(|(p, _)| *p == s.info.provider) {
            Some((_, list)) => list.push(s),
            None => out.push((s.info.provider, vec![s])),
        }
    }
    out
}

/// The whole command tree.
pub fn build(services: &'static [&'static ServiceCli]) -> Command {
    let mut root = Command::new("cloudusage")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for (provider, list) in providers(services) {
        let name = list.first().map_or(provider, |s| s.provider_name);
        let mut command = Command::new(provider)
            .about(format!("{name} APIs"))
            .subcommand_required(true)
            .arg_required_else_help(true);
        for s in list {
            command = command.subcommand(
                Command::new(s.info.service)
                    .about(format!(
                        "{} {} ({}, version {})",
                        s.provider_name, s.name, s.info.endpoint, s.info.version
                    ))
                    .subcommand_required(true)
                    .arg_required_else_help(true)
                    .subcommands(s.apis.iter().map(|a| api_command(a))),
            );
        }
        root = root.subcommand(command);
    }
    root.subcommand(
        Command::new("completions")
            .about("Print shell completions (bash, zsh, fish, elvish, powershell)")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(value_parser!(clap_complete::Shell)),
            ),
    )
}
