//! The client workload (issue 16): clients that find the leader, retry with sessions
//! (dissertation §6.3), and whose history the linearizability check judges.

mod common;

use common::{example, world};
use conlab_check::linearizability::{check, Verdict};
use conlab_core::kv::Command;
use conlab_paxos::MultiPaxosNode;
use conlab_raft::RaftNode;
use conlab_sim::clients::{ClientStep, Why, Workload};
use conlab_sim::sweep::{self, Faults, RunSpec, LINEARIZABILITY_BUDGET};
use conlab_sim::{Intervention, ProtocolKind, Scenario, StepKind, Timed, Timeline, World};

/// Every client step of a run until `t`, with the world at its end.
fn client_steps(scenario: &Scenario, t: u64) -> (World<RaftNode>, Vec<ClientStep>) {
    let mut world = World::<RaftNode>::new(scenario).unwrap();
    let mut steps = Vec::new();
    while world.next_event_at().is_some_and(|next| next <= t) {
        if let Some(StepKind::Client(step)) = world.step().map(|r| r.kind) {
            steps.push(*step);
        }
    }
    (world, steps)
}

fn verdict<P: conlab_sim::SimProtocol>(world: &World<P>) -> Verdict {
    check(&world.client_history(), LINEARIZABILITY_BUDGET)
}

fn sweep_spec(nodes: usize, seed: u64, bugs: &[&str]) -> RunSpec {
    RunSpec {
        nodes,
        seed,
        faults: Faults::parse("crash,partition,drop,dup,transfer").unwrap(),
        bugs: bugs.iter().map(|b| b.to_string()).collect(),
        fault_ms: 6_000,
        recover_ms: 6_000,
        fifo: false,
        pre_vote: false,
        check_quorum: false,
        reads: None,
        clients: Some(3),
    }
}

#[test]
fn a_client_finds_the_leader_through_a_redirect() {
    let (world, steps) = client_steps(&example("raft-clients"), 4_000);
    let redirected = steps
        .iter()
        .find(|s| s.why == Why::Redirected)
        .expect("a client was redirected");
    let history = world.client_history();
    let op = history
        .ops
        .iter()
        .filter(|op| op.client == redirected.client)
        .nth(redirected.seq as usize - 1)
        .unwrap();
    assert!(op.ret.is_some(), "the redirected operation was answered");
    assert_eq!(verdict(&world), Verdict::Linearizable);
}

#[test]
fn a_client_retries_after_its_timeout_and_the_retried_write_is_applied_once_with_sessions() {
    // Slow links and a short retry timeout: a client retries writes the leader already
    // appended, so the same session reaches the log twice.
    let mut scenario = Scenario::new(ProtocolKind::Raft, 3, 5);
    scenario.network.latency_ms = conlab_core::TickRange::new(20, 60);
    scenario.clients = Some(Workload {
        count: 2,
        ops_per_sec: 20,
        keys: 1,
        read_percent: 20,
        cas_percent: 0,
        retry_ms: 50,
    });
    let (world, steps) = client_steps(&scenario, 5_000);
    assert!(
        steps.iter().any(|s| s.why == Why::TimedOut),
        "a client retried"
    );
    let leader = world
        .nodes()
        .iter()
        .find(|s| s.node.role() == conlab_raft::Role::Leader)
        .expect("a leader");
    let log: Vec<&Command> = leader.node.log().iter().map(|e| &*e.command).collect();
    let twice = log
        .iter()
        .enumerate()
        .any(|(i, c)| matches!(c, Command::InSession(..)) && log[i + 1..].contains(c));
    assert!(twice, "a retried write is in the log twice");
    assert_eq!(
        verdict(&world),
        Verdict::Linearizable,
        "applied once: what the clients saw is explained"
    );
}

#[test]
fn without_sessions_no_client_sessions_a_retried_write_is_applied_twice() {
    let caught: Vec<u64> = (1..=60)
        .filter(|&seed| {
            sweep::run::<RaftNode>(&sweep_spec(3, seed, &["no_client_sessions"]))
                .is_err_and(|f| f.property == "linearizability")
        })
        .collect();
    assert!(
        !caught.is_empty(),
        "the linearizability check catches the toggle"
    );
    for &seed in &caught {
        assert!(
            sweep::run::<RaftNode>(&sweep_spec(3, seed, &[])).is_ok(),
            "seed {seed} is linearizable with sessions"
        );
    }
}

#[test]
fn the_workload_is_deterministic_same_scenario_and_seed_same_history() {
    let scenario = example("raft-clients");
    let a = world::<RaftNode>(&scenario, 4_000).client_history();
    let b = world::<RaftNode>(&scenario, 4_000).client_history();
    assert!(a.ops.len() > 20, "{} operations", a.ops.len());
    assert_eq!(a, b);
    let mut other = scenario.clone();
    other.seed += 1;
    assert_ne!(world::<RaftNode>(&other, 4_000).client_history(), a);
}

#[test]
fn seeking_back_and_replaying_gives_the_same_client_history() {
    let scenario = example("raft-clients");
    let mut timeline = Timeline::<RaftNode>::new(scenario.clone())
        .unwrap()
        .max_snapshots(4);
    timeline.extend_to(9_000);
    assert!(
        timeline.records().len() > 2 * timeline.snapshot_every(),
        "seeks restore a snapshot"
    );
    let end = timeline.world_at(9_000).client_history();
    let middle = timeline.world_at(6_100).client_history();
    assert_eq!(timeline.world_at(9_000).client_history(), end);
    assert_eq!(world::<RaftNode>(&scenario, 6_100).client_history(), middle);
    assert!(middle.ops.len() < end.ops.len());
}

#[test]
fn multi_paxos_clients_complete_operations_too() {
    let mut scenario = Scenario::new(ProtocolKind::MultiPaxos, 3, 2);
    scenario.clients = Some(Workload::of(3));
    scenario.interventions.push(Timed {
        at: 2_000,
        action: Intervention::Crash {
            node: conlab_core::NodeId(3),
        },
    });
    let world = world::<MultiPaxosNode>(&scenario, 5_000);
    let stats = world.stats().clients.clone().expect("client stats");
    assert!(stats.completed > 20, "{} completed", stats.completed);
    assert!(stats.latency_mean_p99().is_some());
    assert_eq!(verdict(&world), Verdict::Linearizable);
    assert!(world.violations().is_empty());
}

#[test]
fn hand_sent_client_interventions_still_work_alongside_the_workload() {
    let mut scenario = example("raft-clients");
    scenario.interventions.insert(
        0,
        Timed {
            at: 1_000,
            action: Intervention::Client {
                node: conlab_core::NodeId(3),
                command: "set x 3".into(),
            },
        },
    );
    let world = world::<RaftNode>(&scenario, 1_400);
    assert_eq!(world.requests_submitted(), 1);
    assert!(world
        .replies()
        .iter()
        .any(|r| matches!(r.reply, conlab_raft::Reply::Applied { .. })));
    assert_eq!(
        world
            .node(conlab_core::NodeId(3))
            .node
            .state_machine()
            .get("x"),
        Some("3")
    );
    assert!(world.client_history().ops.len() > 5);
}

#[test]
fn clients_are_refused_in_one_sentence_for_single_decree_paxos_and_bad_fields() {
    let mut paxos = Scenario::new(ProtocolKind::Paxos, 3, 1);
    paxos.clients = Some(Workload::default());
    let error = paxos.validate().unwrap_err().0;
    assert!(error.contains("single-decree paxos"), "{error}");
    let mut raft = Scenario::new(ProtocolKind::Raft, 3, 1);
    raft.clients = Some(Workload {
        count: 0,
        ..Workload::default()
    });
    assert!(raft.validate().unwrap_err().0.contains("clients count"));
    raft.clients = Some(Workload {
        read_percent: 90,
        cas_percent: 20,
        ..Workload::default()
    });
    assert!(raft.validate().unwrap_err().0.contains("at most 100"));
    let text = r#"{"version": 2, "protocol": "raft", "nodes": 3, "clients": {"count": 2}}"#;
    let parsed = Scenario::from_json(text).unwrap();
    assert_eq!(parsed.clients, Some(Workload::of(2)));
    let unknown = r#"{"version": 2, "protocol": "raft", "nodes": 3, "clients": {"cuont": 2}}"#;
    assert!(Scenario::from_json(unknown).is_err());
}

/// The page's safety panel reads the lab's frame: with a workload it judges the clients'
/// history up to the cursor, so the Show me scenario of `no_client_sessions` ends with a
/// linearizability violation only with the toggle on, dated at the first answer no order
/// explains.
#[test]
fn the_lab_frame_judges_the_clients_history_and_shows_the_no_client_sessions_violation() {
    use conlab_sim::view::{AnyLab, ClientCheck, Lab};
    let scenario = example("raft-bug-no-client-sessions");
    let end = scenario
        .until_ms
        .expect("the scenario says how long it runs");
    let frame_at_end = |scenario: Scenario| {
        let mut lab = Lab::<RaftNode>::new(scenario).unwrap();
        lab.seek(end);
        lab.frame()
    };
    let clean = frame_at_end(scenario.clone());
    assert_eq!(clean.linearizability, Some(ClientCheck::Holds));
    assert!(clean.violations.is_empty());

    let frame_scenario_with_bug = || {
        let mut buggy = example("raft-bug-no-client-sessions");
        buggy.enable_bug("no_client_sessions").unwrap();
        buggy
    };
    let frame = frame_at_end(frame_scenario_with_bug());
    assert_eq!(frame.linearizability, Some(ClientCheck::Violated));
    let v = frame
        .violations
        .iter()
        .find(|v| v.invariant == "linearizability")
        .expect("the history's violation is in the frame");
    assert!(v.step > 0 && v.step <= frame.step, "{v:?}");
    assert!(v.at <= end && v.message.contains("no order"), "{v:?}");

    // The violation is dated where the history first became impossible: the jump lands on
    // it, and a millisecond earlier every answer so far still had an order.
    let mut lab = Lab::<RaftNode>::new(frame_scenario_with_bug()).unwrap();
    lab.jump_to(v.step as usize, v.at);
    assert_eq!(lab.frame().linearizability, Some(ClientCheck::Violated));
    lab.seek(v.at - 1);
    assert_eq!(lab.frame().linearizability, Some(ClientCheck::Holds));

    let no_clients = frame_at_end(example("raft-leader-crash"));
    assert_eq!(no_clients.linearizability, None);
}

/// The clients panel (issue 16, item 9) draws the latest operations of each client with
/// their answers, latency and sends; the counts of sends add up to the run's retries and
/// redirects.
#[test]
fn the_clients_panel_shows_the_latest_operations_with_their_answers_and_retries() {
    use conlab_sim::view::{AnyLab, Lab, LATEST};
    let scenario = example("raft-bug-read-without-quorum");
    let mut lab = Lab::<RaftNode>::new(scenario.clone()).unwrap();
    lab.seek(scenario.until_ms.unwrap());
    let frame = lab.frame();
    let panel = frame
        .clients
        .as_ref()
        .expect("a workload has a clients panel");
    assert_eq!(panel.clients, 3);
    assert_eq!(panel.key, None, "no violation without the toggle");
    assert_eq!(panel.bars.len(), LATEST);
    assert!(panel.bars.iter().all(|b| !b.impossible));
    assert!(panel.from < panel.to && panel.to == frame.time);
    for bar in &panel.bars {
        assert!(panel.from <= bar.call && bar.ret.unwrap_or(bar.call) <= panel.to);
        assert_eq!(bar.answer.is_some(), bar.ret.is_some(), "{bar:?}");
        assert!(bar.start < bar.end && bar.end <= panel.slots, "{bar:?}");
    }
    // The axis keeps real-time order: a bar ends before another starts exactly when the
    // operation was answered before the other was invoked.
    for a in &panel.bars {
        for b in &panel.bars {
            let precedes = a.ret.is_some_and(|r| r < b.call);
            assert_eq!(a.end <= b.start, precedes, "{a:?} {b:?}");
        }
    }

    let world = lab.world();
    let clients = world.clients().unwrap();
    let history = world.client_history();
    let (retries, redirects) = (0..history.ops.len())
        .map(|i| clients.sends(i))
        .fold((0, 0), |(a, b), (r, d)| (a + r, b + d));
    let stats = world.stats().clients.as_ref().unwrap();
    assert_eq!(u64::from(retries), stats.retries);
    assert_eq!(u64::from(redirects), stats.redirects);
    assert!(retries > 0, "S4's clients time out while it is cut off");
}

/// With `read_without_quorum` the panel turns into the violation's history diagram: only
/// the operations on the key that broke, the stale read among the highlighted ones, and the
/// write it missed drawn before it.
#[test]
fn a_linearizability_violation_draws_the_key_history_with_the_impossible_operations_highlighted() {
    use conlab_sim::view::{AnyLab, ClientCheck, Lab};
    let mut scenario = example("raft-bug-read-without-quorum");
    scenario.enable_bug("read_without_quorum").unwrap();
    let mut lab = Lab::<RaftNode>::new(scenario.clone()).unwrap();
    lab.seek(scenario.until_ms.unwrap());
    let frame = lab.frame();
    assert_eq!(frame.linearizability, Some(ClientCheck::Violated));
    let panel = frame.clients.as_ref().unwrap();
    let key = panel.key.as_deref().expect("the violation names its key");
    assert!(panel
        .bars
        .iter()
        .all(|b| b.command.split_whitespace().nth(1) == Some(key)));
    let stale = panel
        .bars
        .iter()
        .find(|b| b.impossible && b.command.starts_with("get"))
        .expect("the stale read is highlighted");
    let answer = stale.answer.as_deref().unwrap();
    let violation = frame
        .violations
        .iter()
        .find(|v| v.invariant == "linearizability")
        .unwrap();
    assert!(
        violation.message.contains(&stale.command),
        "{violation:?} {stale:?}"
    );
    // The value it got had been overwritten by a write that finished before it was invoked.
    let missed = panel.bars.iter().find(|b| {
        b.command.starts_with("set")
            && b.ret.is_some_and(|r| r < stale.call)
            && !answer.ends_with(b.command.split_whitespace().nth(2).unwrap())
    });
    assert!(missed.is_some(), "{panel:#?}");
    assert!(panel.to == violation.at.max(panel.to) && panel.from <= stale.call);
}
