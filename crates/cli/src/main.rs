//! `conlab`: run, sweep and share Consensus Lab scenarios from the command line.

mod args;
mod run;
mod sweep;

use std::process::ExitCode;

const USAGE: &str = "\
conlab — run Consensus Lab scenarios headless

USAGE:
  conlab run FILE [--until MS] [--trace] [--json]
      Simulate a scenario file; print a trace (--trace) and a final JSON summary.
      --json prints one JSON document (trace included) instead of text + JSON.
      Exit 1 if a safety invariant was violated, 2 for bad input.
  conlab sweep --protocol raft|paxos|multipaxos --nodes 3,5,7 --seeds N
               [--faults crash,partition,drop,dup] [--bug NAME] [--first-seed S]
               [--fault-ms MS] [--recover-ms MS]
      Random faults per seed, then heal: the cluster must stay safe and commit again
      (single-decree Paxos: every learner must learn the chosen value).
      Exit 1 on any violation or non-recovery (each printed with its seed and scenario).
  conlab link FILE      Print the share-link payload of a scenario file.
  conlab unlink STRING  Print the scenario JSON inside a share-link payload.
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("run") => run::main(&argv[1..]),
        Some("sweep") => sweep::main(&argv[1..]),
        Some("link") => link(&argv[1..]),
        Some("unlink") => unlink(&argv[1..]),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("expected a command\n\n{USAGE}")),
    };
    result.unwrap_or_else(|message| {
        eprintln!("conlab: {message}");
        ExitCode::from(2)
    })
}

fn link(argv: &[String]) -> Result<ExitCode, String> {
    let [file] = argv else {
        return Err("usage: conlab link FILE".into());
    };
    let scenario = run::load(file)?;
    let link = conlab_sim::link::encode(&scenario).map_err(|e| e.0)?;
    println!("{link}");
    Ok(ExitCode::SUCCESS)
}

fn unlink(argv: &[String]) -> Result<ExitCode, String> {
    let [payload] = argv else {
        return Err("usage: conlab unlink STRING".into());
    };
    let scenario = conlab_sim::link::decode(payload).map_err(|e| e.0)?;
    println!("{}", scenario.to_json());
    Ok(ExitCode::SUCCESS)
}
