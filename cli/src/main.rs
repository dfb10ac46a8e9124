//! `cloudusage`: the command line of every service compiled in (see the crate's features).

fn main() -> std::process::ExitCode {
    cloudusage_cli::main(cloudusage::CLI_SERVICES)
}
