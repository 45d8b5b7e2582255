//! `conlab sweep`: many seeds × random faults, then heal and require recovery.

use crate::args::Args;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::sweep::{self, Faults, RunSpec};
use std::process::ExitCode;

/// Failures printed in full; the rest are counted.
const SHOWN_FAILURES: usize = 3;

pub fn main(argv: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(
        argv,
        &[],
        &[
            "protocol",
            "nodes",
            "seeds",
            "faults",
            "bug",
            "first-seed",
            "fault-ms",
            "recover-ms",
        ],
    )?;
    let protocol = args.value("protocol").unwrap_or("raft").to_string();
    let nodes: Vec<usize> = args
        .value("nodes")
        .unwrap_or("3,5,7")
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .map_err(|_| format!("--nodes expects numbers like 3,5,7, not `{n}`"))
        })
        .collect::<Result<_, _>>()?;
    let seeds: u64 = args.number("seeds")?.unwrap_or(100);
    let first_seed: u64 = args.number("first-seed")?.unwrap_or(1);
    let faults = Faults::parse(args.value("faults").unwrap_or("crash,partition,drop,dup"))?;
    let bugs: Vec<String> = args
        .value("bug")
        .map(|b| vec![b.to_string()])
        .unwrap_or_default();
    let spec = |n: usize, seed: u64| RunSpec {
        nodes: n,
        seed,
        faults,
        bugs: bugs.clone(),
        fault_ms: args.number("fault-ms").ok().flatten().unwrap_or(6_000),
        recover_ms: args.number("recover-ms").ok().flatten().unwrap_or(6_000),
    };
    let run: fn(&RunSpec) -> Result<(), Box<sweep::Failure>> = match protocol.as_str() {
        "raft" => sweep::run::<RaftNode>,
        "paxos" => sweep::run::<PaxosNode>,
        "multipaxos" => sweep::run::<MultiPaxosNode>,
        other => {
            return Err(format!(
                "unknown protocol `{other}`; use raft, paxos or multipaxos"
            ))
        }
    };
    for &n in &nodes {
        if n == 0 || n > conlab_sim::MAX_NODES {
            return Err(format!(
                "--nodes: a cluster has 1 to {} nodes, not {n}",
                conlab_sim::MAX_NODES
            ));
        }
        sweep::base_scenario(&protocol, &spec(n, first_seed)).map_err(|e| e.0)?;
    }

    let mut failures = Vec::new();
    let mut runs = 0u64;
    for &n in &nodes {
        let mut failed_here = 0;
        for seed in first_seed..first_seed + seeds {
            runs += 1;
            if let Err(failure) = run(&spec(n, seed)) {
                failed_here += 1;
                if failures.len() < SHOWN_FAILURES {
                    print_failure(&failure);
                }
                failures.push(failure);
            }
        }
        println!("{protocol} {n} nodes: {seeds} seeds, {failed_here} failed");
    }
    let mut by_property: Vec<(String, usize)> = Vec::new();
    for f in &failures {
        match by_property.iter_mut().find(|(p, _)| *p == f.property) {
            Some((_, count)) => *count += 1,
            None => by_property.push((f.property.clone(), 1)),
        }
    }
    let broken: Vec<String> = by_property
        .iter()
        .map(|(p, c)| format!("{p} ×{c}"))
        .collect();
    if failures.is_empty() {
        println!("sweep ok: {runs} runs, no violations, every run recovered");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "sweep FAILED: {} of {runs} runs; broken: {}",
            failures.len(),
            broken.join(", ")
        );
        Ok(ExitCode::from(1))
    }
}

fn print_failure(failure: &sweep::Failure) {
    println!(
        "FAIL seed {} ({} nodes): {} — {}",
        failure.seed, failure.nodes, failure.property, failure.message
    );
    match conlab_sim::link::encode(&failure.scenario) {
        Ok(link) => println!("  share link: #{link}"),
        Err(e) => println!("  (no share link: {})", e.0),
    }
    println!("  reproduce: save the scenario below and run `conlab run FILE`");
    for line in failure.scenario.to_json().lines() {
        println!("  {line}");
    }
}
