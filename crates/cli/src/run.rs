//! `conlab run`: simulate one scenario file.

use crate::args::Args;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::{Scenario, SimProtocol, World};
use serde_json::{json, Value};
use std::process::ExitCode;

/// Simulated time `run` covers when neither the file nor `--until` says.
const DEFAULT_UNTIL_MS: u64 = 5_000;

pub fn load(path: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{path}: {}", e.0))
}

pub fn main(argv: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(argv, &["trace", "json"], &["until"])?;
    let [file] = args.positional() else {
        return Err("usage: conlab run FILE [--until MS] [--trace] [--json]".into());
    };
    let scenario = load(file)?;
    let until = args
        .number("until")?
        .or(scenario.until_ms)
        .unwrap_or(DEFAULT_UNTIL_MS);
    let report = match scenario.protocol.as_str() {
        "raft" => simulate::<RaftNode>(&scenario, until, args.switch("trace"))?,
        "paxos" => simulate::<PaxosNode>(&scenario, until, args.switch("trace"))?,
        "multipaxos" => simulate::<MultiPaxosNode>(&scenario, until, args.switch("trace"))?,
        other => return Err(format!("unknown protocol `{other}`")),
    };
    let violated = !report.summary["violations"]
        .as_array()
        .is_some_and(Vec::is_empty);
    if args.switch("json") {
        let mut doc = report.summary;
        if args.switch("trace") {
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

/// Run `scenario` until `until` ms and summarize the final state.
pub fn simulate<P: SimProtocol>(
    scenario: &Scenario,
    until: u64,
    trace: bool,
) -> Result<Report, String> {
    let mut world = World::<P>::new(scenario).map_err(|e| e.0)?;
    if trace {
        world = world.with_trace();
    }
    world.run_until(until);
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
        "protocol": P::NAME,
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
