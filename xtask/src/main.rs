//! `cargo xtask` — the project's automation, in plain Rust.
//!
//! ```text
//! cargo xtask serve [TRUNK ARGS]   install tools, build, serve http://127.0.0.1:8080/
//! cargo xtask test                 native + wasm-in-browser + end-to-end tests, one summary line
//! cargo xtask dist                 release build into dist/, print raw and gzip sizes
//! cargo xtask bench [CARGO ARGS]   benches of the pure crates, wasm-vs-native throughput, browser bench
//! cargo xtask throughput           only the wasm runs: RaftScope's workload, linearizability checker
//! cargo xtask soak [SEEDS]         long seed sweeps of every protocol at 3, 5 and 7 nodes
//! ```
//!
//! Tools (trunk, wasm-bindgen-cli, wasm-opt) are installed into the git-ignored `.tools/` of the
//! repository, checked by version, and put first on `PATH` for every child process.

mod bench;
mod dist;
mod fuzz;
mod serve;
mod short_names;
mod soak;
mod testing;
mod tools;
mod util;

use std::process::ExitCode;

use util::Ctx;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  serve [TRUNK ARGS]   install tools, `trunk serve --release` on http://127.0.0.1:8080/
  test                 all tests: native crates, wasm in headless Chromium, end-to-end
  dist                 `trunk build --release` into dist/ and print asset sizes (raw, gzip)
  bench [CARGO ARGS]   `cargo bench` for the pure crates; extra args are passed through
  throughput           wasm (Node) vs native: RaftScope's workload (ns/step), linearizability (ms)
  soak [SEEDS]         100,000-seed sweeps (or SEEDS) of every protocol at 3, 5, 7 nodes
  fuzz [--runs N | --seconds S]   libFuzzer over links, scenarios and short simulations
  tools                only install/check the project-local tools in .tools/
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(command) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    let ctx = Ctx::new();
    let result = match command.as_str() {
        "serve" => serve::run(&ctx, &rest),
        "test" => testing::run(&ctx, &rest),
        "dist" => dist::run(&ctx, &rest),
        "bench" => bench::run(&ctx, &rest),
        "throughput" => bench::wasm_throughput(&ctx),
        "soak" => soak::run(&ctx, &rest),
        "fuzz" => fuzz::run(&ctx, &rest),
        "tools" => tools::ensure_web_tools(&ctx),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("xtask: unknown command `{other}`\n");
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if !err.is_empty() {
                eprintln!("xtask {command}: error: {err}");
            }
            ExitCode::FAILURE
        }
    }
}
