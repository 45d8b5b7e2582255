//! `conlab run`: simulate one scenario file.

use crate::flags;
use clap::Args;
use conlab_sim::{report, Scenario, DEFAULT_UNTIL_MS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The scenario file (JSON; see docs/scenarios.md).
    file: PathBuf,
    /// Simulate until this instant, in ms (default: the file's `until_ms`, else 5000).
    #[arg(long, value_name = "MS", value_parser = flags::time_ms, allow_negative_numbers = true)]
    until: Option<u64>,
    /// Print one line per step before the summary.
    #[arg(long)]
    trace: bool,
    /// Print one JSON document instead of text + JSON; with --trace it includes the trace
    /// file the page's "Trace (.json)" downloads (docs/scenarios.md, "Trace files").
    #[arg(long)]
    json: bool,
}

pub fn load(path: &Path) -> Result<Scenario, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{shown}: {}", e.0))
}

pub fn main(args: &RunArgs) -> Result<ExitCode, String> {
    let mut scenario = load(&args.file)?;
    if let Some(until) = args.until {
        // The run must fit the budgets at the new horizon too.
        scenario.until_ms = Some(until);
        scenario
            .validate()
            .map_err(|e| format!("--until: {}", e.0))?;
    }
    let until = scenario.until_ms.unwrap_or(DEFAULT_UNTIL_MS);
    let report = report::simulate(&scenario, until, args.trace).map_err(|e| e.0)?;
    let violated = report.violated();
    let text = if args.json {
        let mut doc = report.summary;
        if let Some(trace) = report.trace_file {
            doc["trace"] = trace;
        }
        serde_json::to_string_pretty(&doc).expect("json")
    } else {
        let mut text = report.trace.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text + &serde_json::to_string_pretty(&report.summary).expect("json")
    };
    crate::print(&text);
    Ok(if violated {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
