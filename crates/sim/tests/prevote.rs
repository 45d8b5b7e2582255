//! PreVote (Ongaro's dissertation §9.6), CheckQuorum (§6.2, §4.2.3) and leadership transfer
//! (§3.10), run end to end. The shapes follow etcd-io/raft's interaction tests
//! (testdata/prevote_checkquorum.txt, checkquorum.txt, confchange_…, and raft_test.go's
//! TestLeaderTransfer*).

mod common;
use common::{
    applied, fingerprint, leader, no_violations, node, raft_world, scenario, world_and_notes,
};
use conlab_core::NodeId;
use conlab_raft::{Msg, Note, RaftNode, Reply, Role};
use conlab_sim::sweep::{run, Faults, RunSpec};
use conlab_sim::{StepKind, World};

/// Five servers, S1 elected at once; S3 is cut off from 1 s to 3 s (long enough for several
/// of its election timeouts), then the network heals and, once the leader's first heartbeat
/// has reached it, S3 times out once more (etcd's prevote tests do the same: isolate, tick,
/// recover, campaign). Fixed 10 ms latency and a 140 ms heartbeat, so its pre-vote replies
/// are back well before the next heartbeat: only the voters' rule decides.
fn rejoin(options: &str) -> String {
    format!(
        r#"{{"version":1,"protocol":"raft","nodes":5,"seed":7,
        "raft":{{"heartbeat_ms":140{options}}},"network":{{"latency_ms":{{"min":10,"max":10}}}},
        "interventions":[{{"at":10,"do":"timeout","node":1}},
                         {{"at":1000,"do":"partition","groups":[[3]]}},
                         {{"at":3000,"do":"heal"}},
                         {{"at":3150,"do":"timeout","node":3}}]}}"#
    )
}

/// Notes after `from` ms, with the node.
fn notes_after(text: &str, t: u64, until: u64) -> (World<RaftNode>, Vec<(NodeId, Note)>) {
    let s = scenario(text);
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(t);
    let (mut notes, end) = (Vec::new(), until);
    while world.next_event_at().is_some_and(|next| next <= end) {
        notes.extend(world.step().expect("an event is due").notes);
    }
    (world, notes)
}

#[test]
fn a_rejoining_isolated_node_with_pre_vote_stays_at_its_term_and_the_leader_keeps_leading() {
    let text = rejoin(r#","pre_vote": true"#);
    let before = raft_world(&scenario(&text), 999);
    assert_eq!(leader(&before), Some(NodeId(1)));
    let term = node(&before, 1).current_term();
    let (world, notes) = notes_after(&text, 999, 6000);
    no_violations(&world);
    let pre_votes = notes
        .iter()
        .filter(|(id, n)| *id == NodeId(3) && matches!(n, Note::StartedPreVote { .. }))
        .count();
    assert!(pre_votes >= 2, "S3 kept asking for pre-votes while cut off");
    assert!(
        !notes
            .iter()
            .any(|(_, n)| matches!(n, Note::StartedElection { .. } | Note::SteppedDown { .. })),
        "no election and no step-down: {notes:?}"
    );
    assert_eq!(leader(&world), Some(NodeId(1)));
    for id in 1..=5 {
        assert_eq!(node(&world, id).current_term(), term, "S{id}");
    }
    assert_eq!(node(&world, 3).role(), Role::Follower);
}

#[test]
fn without_pre_vote_a_rejoining_isolated_node_forces_an_election() {
    let text = rejoin("");
    let before = raft_world(&scenario(&text), 999);
    assert_eq!(leader(&before), Some(NodeId(1)));
    let term = node(&before, 1).current_term();
    let cut_off = raft_world(&scenario(&text), 2999);
    assert!(
        node(&cut_off, 3).current_term() > term + 1,
        "S3 raised its term while cut off"
    );
    let (world, notes) = notes_after(&text, 3000, 6000);
    no_violations(&world);
    assert!(
        notes
            .iter()
            .any(|(id, n)| *id == NodeId(1) && matches!(n, Note::SteppedDown { .. })),
        "the leader was deposed"
    );
    let new_term = node(&world, 1).current_term();
    assert!(new_term > term + 1, "a new term {new_term} after {term}");
}

#[test]
fn check_quorum_makes_a_leader_cut_off_from_the_majority_step_down_within_an_election_timeout() {
    // The leader checks once per minimum election timeout (150 ms), as etcd does, so it
    // steps down between one and two of them after the cut: within the maximum (300 ms).
    let text = |options: &str| {
        format!(
            r#"{{"version":1,"protocol":"raft","nodes":5,"seed":3,"raft":{{{options}}},
            "interventions":[{{"at":10,"do":"timeout","node":1}},
                             {{"at":1000,"do":"partition","groups":[[1,2]]}}]}}"#
        )
    };
    let on = text(r#""check_quorum": true"#);
    let world = raft_world(&scenario(&on), 999);
    assert_eq!(leader(&world), Some(NodeId(1)));
    let world = raft_world(&scenario(&on), 1300);
    assert_ne!(node(&world, 1).role(), Role::Leader, "S1 stepped down");
    no_violations(&world);
    let (_, notes) = world_and_notes::<RaftNode>(&scenario(&on), 1300);
    let step_down = notes
        .iter()
        .filter(|(id, n)| *id == NodeId(1) && matches!(n, Note::SteppedDown { .. }))
        .count();
    assert_eq!(step_down, 1);
    // Without CheckQuorum it leads on, alone with S2.
    let world = raft_world(&scenario(&text("")), 3000);
    assert_eq!(node(&world, 1).role(), Role::Leader);
}

#[test]
fn with_check_quorum_a_follower_that_heard_from_the_leader_ignores_a_request_vote() {
    let s = scenario(
        r#"{"version":1,"protocol":"raft","nodes":3,"seed":5,"raft":{"check_quorum":true},
        "interventions":[{"at":10,"do":"timeout","node":1},
                         {"at":1000,"do":"timeout","node":3}]}"#,
    );
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(1000);
    let term = node(&world, 1).current_term();
    assert_eq!(
        node(&world, 3).current_term(),
        term + 1,
        "S3 started an election"
    );
    world.run_until(1040);
    assert_eq!(
        node(&world, 2).current_term(),
        term,
        "S2 ignored S3's RequestVote"
    );
    assert_eq!(node(&world, 2).voted_for(), Some(NodeId(1)));
}

/// S3 is down while three commands commit; it restarts and leadership is handed to it at once.
fn transfer_to_lagging() -> String {
    r#"{"version":1,"protocol":"raft","nodes":3,"seed":2,
    "interventions":[{"at":10,"do":"timeout","node":1},
                     {"at":500,"do":"crash","node":3},
                     {"at":600,"do":"client","node":1,"command":"set x 1"},
                     {"at":650,"do":"client","node":1,"command":"set y 2"},
                     {"at":700,"do":"client","node":1,"command":"set z 3"},
                     {"at":900,"do":"restart","node":3},
                     {"at":901,"do":"transfer_leader","to":3}]}"#
        .into()
}

#[test]
fn transfer_to_a_lagging_follower_catches_it_up_first_and_then_it_leads_the_next_term() {
    let s = scenario(&transfer_to_lagging());
    let mut world = World::<RaftNode>::new(&s).unwrap();
    world.run_until(900);
    let term = node(&world, 1).current_term();
    assert!(node(&world, 3).log().last_index() < node(&world, 1).log().last_index());
    let mut timeout_now_sent = false;
    while world.now() < 2000 {
        let Some(record) = world.step() else { break };
        let flying = world.in_flight();
        let timeout_now = flying
            .iter()
            .find(|e| matches!(e.msg, Msg::TimeoutNow(_)) && e.sent_at == record.at);
        if let (Some(_), false) = (timeout_now, timeout_now_sent) {
            timeout_now_sent = true;
            let (s1, s3) = (node(&world, 1), node(&world, 3));
            assert_eq!(s3.log().to_vec(), s1.log().to_vec(), "S3 caught up first");
            assert_eq!(s1.transferee(), Some(NodeId(3)));
        }
    }
    assert!(timeout_now_sent);
    no_violations(&world);
    assert_eq!(leader(&world), Some(NodeId(3)));
    assert_eq!(node(&world, 3).current_term(), term + 1);
    for id in 1..=3 {
        assert!(applied(&world, id, "set z 3"), "S{id}");
    }
}

#[test]
fn a_transfer_gives_up_after_an_election_timeout_when_the_target_is_down() {
    let s = scenario(
        r#"{"version":1,"protocol":"raft","nodes":3,"seed":4,
        "interventions":[{"at":10,"do":"timeout","node":1},
                         {"at":500,"do":"crash","node":3},
                         {"at":600,"do":"transfer_leader","to":3},
                         {"at":700,"do":"client","node":1,"command":"set x 1"},
                         {"at":800,"do":"client","node":1,"command":"set y 2"}]}"#,
    );
    let world = raft_world(&s, 749);
    assert_eq!(node(&world, 1).transferee(), Some(NodeId(3)));
    let world = raft_world(&s, 1500);
    no_violations(&world);
    assert_eq!(leader(&world), Some(NodeId(1)));
    assert_eq!(node(&world, 1).transferee(), None);
    let answers: Vec<(u64, &Reply)> = world
        .replies()
        .iter()
        .map(|r| (r.request, &r.reply))
        .collect();
    assert!(answers.contains(&(1, &Reply::Transferring { to: NodeId(3) })));
    assert!(
        answers.contains(&(
            2,
            &Reply::NotLeader {
                leader_hint: Some(NodeId(3))
            }
        )),
        "refused during the transfer: {answers:?}"
    );
    assert!(!applied(&world, 1, "set x 1"));
    assert!(applied(&world, 1, "set y 2"), "taken again after 750 ms");
}

#[test]
fn runs_with_pre_vote_check_quorum_and_transfers_are_deterministic() {
    let text = r#"{"version":1,"protocol":"raft","nodes":5,"seed":11,
        "raft":{"pre_vote":true,"check_quorum":true},
        "network":{"drop":0.1,"duplicate":0.1},
        "interventions":[{"at":400,"do":"partition","groups":[[1,2]]},
                         {"at":900,"do":"transfer_leader","to":4},
                         {"at":1500,"do":"heal"},
                         {"at":1600,"do":"client","node":2,"command":"set x 1"},
                         {"at":2000,"do":"transfer_leader","to":2}]}"#;
    let a = raft_world(&scenario(text), 5000);
    let b = raft_world(&scenario(text), 5000);
    no_violations(&a);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    let pre = a
        .nodes()
        .iter()
        .filter(|s| s.node.config().pre_vote && s.node.config().check_quorum)
        .count();
    assert_eq!(pre, 5);
}

#[test]
fn a_step_records_the_check_quorum_timer() {
    let text = r#"{"version":1,"protocol":"raft","nodes":3,"seed":1,"raft":{"check_quorum":true},
        "interventions":[{"at":10,"do":"timeout","node":1}]}"#;
    let s = scenario(text);
    let mut world = World::<RaftNode>::new(&s).unwrap();
    let mut checks = 0;
    while world.now() < 1000 {
        let Some(r) = world.step() else { break };
        if matches!(
            r.kind,
            StepKind::Timer {
                timer: conlab_raft::Timer::CheckQuorum,
                ..
            }
        ) {
            checks += 1;
        }
    }
    assert!((5..=7).contains(&checks), "one check per 150 ms: {checks}");
    assert_eq!(leader(&world), Some(NodeId(1)));
}

fn sweep_spec(nodes: usize, seed: u64, pre_vote: bool, check_quorum: bool) -> RunSpec {
    RunSpec {
        nodes,
        seed,
        faults: Faults::parse("crash,partition,drop,dup,transfer").unwrap(),
        bugs: Vec::new(),
        fault_ms: 6_000,
        recover_ms: 6_000,
        fifo: false,
        pre_vote,
        check_quorum,
        reads: None,
        clients: None,
    }
}

#[test]
fn sweeps_with_transfers_are_safe_and_recover_with_the_options_on_and_off() {
    for (pre_vote, check_quorum) in [(false, false), (true, false), (false, true), (true, true)] {
        for nodes in [3, 5] {
            for seed in 1..=60 {
                if let Err(f) = run::<RaftNode>(&sweep_spec(nodes, seed, pre_vote, check_quorum)) {
                    panic!(
                        "pre_vote {pre_vote}, check_quorum {check_quorum}, {nodes} nodes, seed {seed}: {} — {}\n{}",
                        f.property,
                        f.message,
                        f.scenario.to_json()
                    );
                }
            }
        }
    }
}

#[test]
fn pre_vote_means_fewer_leader_changes_after_healing() {
    let changes = |pre_vote: bool| -> u64 {
        (1..=300)
            .map(|seed| {
                run::<RaftNode>(&sweep_spec(5, seed, pre_vote, false))
                    .unwrap()
                    .leader_changes_after_heal
            })
            .sum()
    };
    let (off, on) = (changes(false), changes(true));
    assert!(on < off, "with PreVote {on}, without {off}");
}

#[test]
fn the_documented_scenarios_do_what_their_descriptions_say() {
    let world = raft_world(&common::example("raft-prevote-rejoin"), 4000);
    no_violations(&world);
    assert_eq!(leader(&world), Some(NodeId(1)));
    assert_eq!(node(&world, 1).current_term(), 1);

    let world = raft_world(&common::example("raft-check-quorum"), 1300);
    assert_ne!(node(&world, 1).role(), Role::Leader);
    let world = raft_world(&common::example("raft-check-quorum"), 3500);
    no_violations(&world);
    let new_leader = leader(&world).expect("the majority elected a leader");
    assert!(![NodeId(1), NodeId(2)].contains(&new_leader));
    assert_eq!(
        node(&world, 1).current_term(),
        node(&world, 2).current_term()
    );

    let world = raft_world(&common::example("raft-leader-transfer"), 2000);
    no_violations(&world);
    assert_eq!(leader(&world), Some(NodeId(3)));
    assert_eq!(node(&world, 3).current_term(), 2);
    let refused = world.replies().iter().any(|r| {
        r.request == 5
            && r.reply
                == Reply::NotLeader {
                    leader_hint: Some(NodeId(3)),
                }
    });
    assert!(refused, "`set w 4` was redirected to S3");
}

/// Dissertation §4.2.3: S4 was removed (every log holds `remove_server S4`, uncommitted at
/// first) and never hears that the change committed, since the new leader S1 replicates only
/// to S1–S3. S4 keeps timing out with ever higher terms.
fn removed_server(options: &str) -> String {
    let entries = r#"[{"term":1,"command":"noop"},{"term":1,"command":"remove_server S4"}]"#;
    let initial: Vec<String> = (1..=4)
        .map(|n| format!(r#"{{"node":{n},"term":1,"log":{entries}}}"#))
        .collect();
    format!(
        r#"{{"version":1,"protocol":"raft","nodes":4,"seed":9,"raft":{{{options}}},
        "initial":[{}],
        "interventions":[{{"at":10,"do":"timeout","node":1}}]}}"#,
        initial.join(",")
    )
}

#[test]
fn with_check_quorum_a_removed_server_timing_out_no_longer_deposes_the_leader() {
    let count_step_downs = |options: &str| {
        let (world, notes) = world_and_notes::<RaftNode>(&scenario(&removed_server(options)), 5000);
        no_violations(&world);
        assert!(node(&world, 4).current_term() > 5, "S4 kept timing out");
        notes
            .iter()
            .filter(|(_, n)| matches!(n, Note::SteppedDown { .. }))
            .count()
    };
    assert!(
        count_step_downs("") > 0,
        "without CheckQuorum S4 deposes leaders"
    );
    assert_eq!(count_step_downs(r#""check_quorum": true"#), 0);
}

/// Issue 16 item 9, "CheckQuorum step-downs on the timeline": the scrubber marks the step at
/// which S1, cut off with S2 only, steps down — after the partition, within two election
/// timeouts (checked every minimum timeout). Without CheckQuorum nothing steps down until the
/// heal.
#[test]
fn a_check_quorum_step_down_is_marked_on_the_timeline() {
    use conlab_sim::view::{AnyLab, Lab};
    use conlab_sim::Marker;
    let step_downs = |scenario: conlab_sim::Scenario| {
        let mut lab = Lab::<RaftNode>::new(scenario).unwrap();
        lab.seek(2_400);
        lab.marks()
            .iter()
            .filter(|m| m.kind == Marker::StepDown)
            .map(|m| m.at)
            .collect::<Vec<_>>()
    };
    let scenario = common::example("raft-check-quorum");
    let max = 2 * scenario.raft.election_timeout_ms.max;
    let on = step_downs(scenario.clone());
    assert_eq!(on.len(), 1, "{on:?}");
    assert!(on[0] > 1_000 && on[0] <= 1_000 + max, "{on:?}");

    // Without it S1 keeps leading its minority until the heal shows it the higher term.
    let mut off = scenario;
    off.raft.check_quorum = false;
    let off = step_downs(off);
    assert!(off.iter().all(|&at| at > 2_500), "{off:?}");
}
