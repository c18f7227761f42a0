//! `tamplan completions` and `tamplan man`: the command line described
//! for shells and for `man`.

use super::args::{Cli, VERSION};
use super::write_stdout;
use crate::io::error::Error;

/// The version as the man page's `.TH` line gives it: the program and its
/// version on every page, its double quotes written `\(dq` (a raw one would
/// end the quoted argument, and the title would read "Segment:").
fn man_source() -> String {
    format!("tamplan {}", VERSION.replace('"', r"\(dq"))
}

/// `tamplan completions SHELL`: the script on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<(), Error> {
    use clap::CommandFactory as _;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tamplan", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))
}

/// `tamplan man [COMMAND]`: the manual page, in roff, on stdout; a
/// command's page is named `tamplan-COMMAND`, as git's are.
pub(super) fn man(command: Option<&str>) -> Result<(), Error> {
    use clap::CommandFactory as _;
    let mut cli = Cli::command();
    cli.build();
    let page_of = match command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|sub| sub.get_name().to_owned())
                .filter(|sub| sub != "help")
                .collect();
            let Some(sub) = cli.find_subcommand(name).cloned() else {
                return Err(Error::Usage(format!(
                    "`{name}` is not a tamplan command; expected one of {}",
                    names.join(", ")
                )));
            };
            // After `build`, a subcommand's display name is `tamplan-NAME`,
            // which is what the page is titled.
            sub
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .source(man_source())
        .render(&mut page)
        .map_err(Error::Output)?;
    write_stdout(&String::from_utf8_lossy(&page))
}
