//! The `tamplan` binary: everything happens in [`tamplan::cli`].

fn main() -> std::process::ExitCode {
    tamplan::cli::main()
}
