//! `conlab sweep`: many seeds × random faults, then heal and require recovery. Seeds run on
//! every core (rayon); each run depends only on its seed, so the results — and the output —
//! are the same whatever the number of threads, and `--seed-range` shards agree with one big
//! run.

use crate::flags;
use clap::Args;
use conlab_sim::sweep::{self, Availability, Failure, Faults, RunSpec, Runner};
use conlab_sim::ProtocolKind;
use rayon::prelude::*;
use std::ops::Range;
use std::process::ExitCode;

/// Failures printed in full; the rest are counted.
const SHOWN_FAILURES: usize = 3;

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// raft, paxos or multipaxos.
    #[arg(long, default_value = "raft", value_parser = flags::protocol)]
    protocol: ProtocolKind,
    /// Cluster sizes to sweep, comma-separated (each 1..=15).
    #[arg(long, value_delimiter = ',', default_value = "3,5,7",
          value_parser = clap::value_parser!(u8).range(1..=conlab_sim::MAX_NODES as i64))]
    nodes: Vec<u8>,
    /// How many seeds per cluster size (at least 1).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..),
          allow_negative_numbers = true)]
    seeds: u64,
    /// The first seed.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    first_seed: u64,
    /// Run exactly the seeds A..B (A included, B not), e.g. to shard a sweep over machines;
    /// replaces --seeds and --first-seed.
    #[arg(long, value_name = "A..B", value_parser = flags::seed_range,
          conflicts_with_all = ["seeds", "first_seed"])]
    seed_range: Option<Range<u64>>,
    /// Faults to inject, comma-separated: crash, partition, drop, dup, figure8 (the targeted
    /// Figure 8 nemesis), duel (two Paxos proposers handed values at once), membership (Raft:
    /// the leader is asked to add or remove servers, or to replace the voters by joint
    /// consensus), compaction (Raft: a small snapshot threshold, so lagging followers catch
    /// up through InstallSnapshot), transfer (Raft: the leader is asked to hand leadership to
    /// a random server; not in the default set).
    #[arg(long, default_value = "crash,partition,drop,dup,figure8,duel,membership,compaction", value_parser = flags::faults)]
    faults: Faults,
    /// A bug toggle to switch on (repeatable).
    #[arg(long, value_name = "NAME")]
    bug: Vec<String>,
    /// Length of the fault phase, in ms.
    #[arg(long, value_name = "MS", default_value_t = 6_000, value_parser = flags::time_ms,
          allow_negative_numbers = true)]
    fault_ms: u64,
    /// After healing, the cluster must commit a fresh command within this long, in ms.
    #[arg(long, value_name = "MS", default_value_t = 6_000, value_parser = flags::time_ms,
          allow_negative_numbers = true)]
    recover_ms: u64,
    /// Keep each link's messages in order (by default later messages may overtake).
    #[arg(long)]
    fifo: bool,
    /// Raft: turn PreVote on in every run (dissertation §9.6).
    #[arg(long)]
    pre_vote: bool,
    /// Raft: turn CheckQuorum on in every run (§6.2, §4.2.3).
    #[arg(long)]
    check_quorum: bool,
    /// Raft: how leaders answer reads in every run: log, read_index or lease (dissertation
    /// §6.4, §6.4.1).
    #[arg(long, value_name = "MODE", value_parser = flags::reads)]
    reads: Option<conlab_raft::ReadMode>,
    /// Run N workload clients (raft, multipaxos: sessions, redirects, retries; the default
    /// workload of docs/scenarios.md) in every run, and check what they saw for
    /// linearizability at its end.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(conlab_sim::clients::MAX_CLIENTS)))]
    clients: Option<u32>,
    /// Stop at the first failing seed (per cluster size, the lowest failing seed is found).
    #[arg(long)]
    fail_fast: bool,
}

impl SweepArgs {
    fn seeds(&self) -> Result<Range<u64>, String> {
        if let Some(range) = &self.seed_range {
            return Ok(range.clone());
        }
        let end = self.first_seed.checked_add(self.seeds).ok_or_else(|| {
            format!(
                "--first-seed {} with --seeds {} runs past the largest seed",
                self.first_seed, self.seeds
            )
        })?;
        Ok(self.first_seed..end)
    }

    fn spec(&self, nodes: usize, seed: u64) -> RunSpec {
        RunSpec {
            nodes,
            seed,
            faults: self.faults,
            bugs: self.bug.clone(),
            fault_ms: self.fault_ms,
            recover_ms: self.recover_ms,
            fifo: self.fifo,
            pre_vote: self.pre_vote,
            check_quorum: self.check_quorum,
            reads: self.reads,
            clients: self.clients,
        }
    }
}

pub fn main(args: &SweepArgs) -> Result<ExitCode, String> {
    let seeds = args.seeds()?;
    let runner = sweep::runner(args.protocol);
    for &n in &args.nodes {
        (runner.check)(&args.spec(usize::from(n), seeds.start)).map_err(|e| e.0)?;
    }
    let protocol = args.protocol;
    let mut failures: Vec<Failure> = Vec::new();
    let mut runs = 0u64;
    for &n in &args.nodes {
        let n = usize::from(n);
        let (ran, found, availability) = sweep_size(args, runner, n, seeds.clone());
        runs += ran;
        let verdict = match found.first() {
            Some(first) if args.fail_fast => format!("first failure at seed {}", first.seed),
            _ => format!("{} failed", found.len()),
        };
        out!("{protocol} {n} nodes: {ran} seeds, {verdict}");
        let recovered = ran - found.len() as u64;
        if let Some(per_run) = availability.leaderless_ms.checked_div(recovered) {
            out!(
                "  availability over {recovered} passing runs: {} ms without a leader ({per_run} ms a run), {} leader changes after healing ({:.2} a run)",
                availability.leaderless_ms,
                availability.leader_changes_after_heal,
                availability.leader_changes_after_heal as f64 / recovered as f64
            );
        }
        if args.clients.is_some() {
            out!(
                "  clients: {} operations answered in {recovered} passing runs; linearizability undecided within the budget in {} runs",
                availability.client_ops,
                availability.linearizability_unknown_runs
            );
        }
        failures.extend(found);
        if args.fail_fast && !failures.is_empty() {
            break;
        }
    }
    for failure in failures.iter().take(SHOWN_FAILURES) {
        print_failure(failure);
    }
    if failures.len() > SHOWN_FAILURES {
        let rest: Vec<String> = failures[SHOWN_FAILURES..]
            .iter()
            .map(|f| format!("{} ({} nodes, {})", f.seed, f.nodes, f.property))
            .collect();
        out!("other failing seeds: {}", rest.join(", "));
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
        out!("sweep ok: {runs} runs, no violations, every run recovered");
        Ok(ExitCode::SUCCESS)
    } else {
        out!(
            "sweep FAILED: {} of {runs} runs; broken: {}",
            failures.len(),
            broken.join(", ")
        );
        Ok(ExitCode::from(1))
    }
}

/// Run the seeds of one cluster size on every core; failures in seed order, and the
/// availability summed over the passing runs. With
/// `--fail-fast`, seeds run in batches and the sweep stops after the first batch that fails,
/// keeping only its lowest failing seed (the same seed a one-thread run would stop at).
fn sweep_size(
    args: &SweepArgs,
    runner: Runner,
    n: usize,
    seeds: Range<u64>,
) -> (u64, Vec<Failure>, Availability) {
    if !args.fail_fast {
        let results: Vec<_> = seeds
            .clone()
            .into_par_iter()
            .map(|seed| (runner.run)(&args.spec(n, seed)))
            .collect();
        let mut total = Availability::default();
        let mut found = Vec::new();
        for result in results {
            match result {
                Ok(a) => {
                    total.leaderless_ms += a.leaderless_ms;
                    total.leader_changes_after_heal += a.leader_changes_after_heal;
                    total.client_ops += a.client_ops;
                    total.linearizability_unknown_runs += a.linearizability_unknown_runs;
                }
                Err(f) => found.push(*f),
            }
        }
        return (seeds.end - seeds.start, found, total);
    }
    let run = |seed: u64| (runner.run)(&args.spec(n, seed)).err().map(|f| *f);
    let batch = 8 * rayon::current_num_threads() as u64;
    let mut start = seeds.start;
    while start < seeds.end {
        let end = start.saturating_add(batch).min(seeds.end);
        let first = (start..end).into_par_iter().find_map_first(run);
        if let Some(failure) = first {
            return (
                failure.seed - seeds.start + 1,
                vec![failure],
                Availability::default(),
            );
        }
        start = end;
    }
    (seeds.end - seeds.start, Vec::new(), Availability::default())
}

fn print_failure(failure: &Failure) {
    out!(
        "FAIL seed {} ({} nodes): {} — {}",
        failure.seed,
        failure.nodes,
        failure.property,
        failure.message
    );
    match conlab_sim::link::encode(&failure.scenario) {
        Ok(link) => out!("  share link: #{link}"),
        Err(e) => out!("  (no share link: {})", e.0),
    }
    out!("  reproduce: save the scenario below and run `conlab run FILE`");
    for line in failure.scenario.to_json().lines() {
        out!("  {line}");
    }
}
