//! `conlab run`: simulate one scenario file.

use crate::flags;
use clap::Args;
use conlab_sim::registry::Visit;
use conlab_sim::{Scenario, Summarized, Sweepable, World, DEFAULT_UNTIL_MS};
use serde_json::{json, Value};
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
    /// Print one JSON document (the trace included with --trace) instead of text + JSON.
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
    let report = scenario.protocol.visit(Simulate {
        scenario: &scenario,
        until,
        trace: args.trace,
    })?;
    let violated = !report.summary["violations"]
        .as_array()
        .is_some_and(Vec::is_empty);
    if args.json {
        let mut doc = report.summary;
        if args.trace {
            doc["trace"] = report.trace.into();
        }
        println!("{}", serde_json::to_string_pretty(&doc).expect("json"));
    } else {
        for line in &report.trace {
            println!("{line}");
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&report.summary).expect("json")
        );
    }
    Ok(if violated {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub struct Report {
    pub trace: Vec<String>,
    pub summary: Value,
}

/// Run a scenario until `until` ms and summarize the final state, for whichever protocol.
struct Simulate<'a> {
    scenario: &'a Scenario,
    until: u64,
    trace: bool,
}

impl Visit for Simulate<'_> {
    type Output = Result<Report, String>;

    fn visit<P: Sweepable + Summarized>(self) -> Self::Output {
        let mut world = World::<P>::new(self.scenario).map_err(|e| e.0)?;
        if self.trace {
            world = world.with_trace();
        }
        world.run_until(self.until);
        let nodes: Vec<Value> = world
            .nodes()
            .iter()
            .map(|slot| {
                let mut node = slot.node.summary();
                node["up"] = slot.up.into();
                node
            })
            .collect();
        let mut summary = json!({
            "protocol": P::KIND,
            "time_ms": world.now(),
            "steps": world.steps(),
            "nodes": nodes,
        });
        let checker = world.checker().expect("checks are on");
        for (key, value) in P::history(checker) {
            summary[key] = value;
        }
        summary["violations"] = serde_json::to_value(world.violations()).expect("json");
        summary["stats"] = serde_json::to_value(world.stats()).expect("json");
        Ok(Report {
            trace: world.take_trace(),
            summary,
        })
    }
}
