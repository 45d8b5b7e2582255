//! Single-step tests of Multi-Paxos (Paxos Made Simple §3; Paxos Made Moderately Complex),
//! named after the statement they check.

use conlab_core::kv::{Command, Outcome};
use conlab_core::{Chunked, Effect, Input, NodeId, Out, Protocol, TickRange};
use conlab_paxos::multi::{Durable, Msg, Note, Origin, Reply, Role, Timer};
use conlab_paxos::{Ballot, MultiPaxosConfig, MultiPaxosNode};
use std::sync::Arc;

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn b(round: u64, node: NodeId) -> Ballot {
    Ballot::new(round, node)
}

fn cmd(text: &str) -> Command {
    text.parse().unwrap()
}

/// Feed `input`, then deliver every message the node sends itself, each as its own step
/// (as the simulator does); return all those steps' effects except the sends to itself, with
/// `Persist` once: the node's whole reaction, including its own acceptor's.
fn step(node: &mut MultiPaxosNode, input: Input<MultiPaxosNode>) -> Vec<Effect<MultiPaxosNode>> {
    let me = node.id();
    let mut all = Vec::new();
    let mut to_self = std::collections::VecDeque::new();
    let mut input = Some(input);
    while let Some(next) = input
        .take()
        .or_else(|| to_self.pop_front().map(|msg| Input::Recv { from: me, msg }))
    {
        let mut out = Out::default();
        node.step(next, &mut out);
        for effect in out.effects {
            match effect {
                Effect::Send { to, msg } if to == me => to_self.push_back(msg),
                Effect::Persist if all.contains(&Effect::Persist) => {}
                effect => all.push(effect),
            }
        }
    }
    all
}

fn recv(node: &mut MultiPaxosNode, from: NodeId, msg: Msg) -> Vec<Effect<MultiPaxosNode>> {
    step(node, Input::Recv { from, msg })
}

fn node_with(
    id: NodeId,
    config: &MultiPaxosConfig,
    promised: Option<Ballot>,
    accepted: Vec<Option<(Ballot, Command)>>,
) -> MultiPaxosNode {
    let mut node = MultiPaxosNode::new(id, 3, config);
    let accepted: Chunked<_> = accepted
        .into_iter()
        .map(|a| a.map(|(b, c)| (b, Arc::new(c))))
        .collect();
    step(&mut node, Input::Restart(Durable { promised, accepted }));
    node
}

fn notes(effects: &[Effect<MultiPaxosNode>]) -> Vec<Note> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Note(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

fn sends(effects: &[Effect<MultiPaxosNode>]) -> Vec<(NodeId, Msg)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

fn leader_timer() -> Effect<MultiPaxosNode> {
    Effect::SetTimer {
        timer: Timer::LeaderTimeout,
        after: TickRange::new(150, 300),
    }
}

#[test]
fn paxos_made_simple_3_a_timed_out_follower_runs_phase_1_once_for_all_open_slots() {
    let mut s1 = node_with(S1, &MultiPaxosConfig::default(), Some(b(3, S2)), vec![]);
    let effects = step(&mut s1, Input::Timer(Timer::LeaderTimeout));
    let prepare = Msg::Prepare {
        ballot: b(4, S1),
        first_slot: 1,
    };
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::BallotStarted { ballot: b(4, S1) }),
            leader_timer(),
            Effect::Send {
                to: S2,
                msg: prepare.clone()
            },
            Effect::Send {
                to: S3,
                msg: prepare
            },
            Effect::Persist, // its own promise
        ]
    );
    assert_eq!(
        (s1.role(), s1.promised()),
        (Role::Candidate, Some(b(4, S1)))
    );
}

#[test]
fn paxos_made_simple_3_a_new_leader_reproposes_reported_values_and_fills_gaps_with_noops() {
    // S1's own log: slot 1 accepted in ballot (1,S1). S2 reports slot 1 from a later ballot
    // and slot 3; nobody reports slot 2.
    let mut s1 = node_with(
        S1,
        &MultiPaxosConfig::default(),
        Some(b(3, S2)),
        vec![Some((b(1, S1), cmd("set a old")))],
    );
    step(&mut s1, Input::Timer(Timer::LeaderTimeout));
    let reports = vec![(1, b(2, S2), cmd("set a 1")), (3, b(3, S2), cmd("set c 3"))];
    let effects = recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(4, S1),
            accepted: reports,
        },
    );
    let ballot = b(4, S1);
    assert_eq!(
        notes(&effects),
        vec![
            Note::BecameLeader {
                ballot,
                promisers: vec![S1, S2]
            },
            Note::Proposed {
                ballot,
                slot: 1,
                command: cmd("set a 1"),
                origin: Origin::Reported { ballot: b(2, S2) }
            },
            Note::Proposed {
                ballot,
                slot: 2,
                command: Command::Noop,
                origin: Origin::Gap
            },
            Note::Proposed {
                ballot,
                slot: 3,
                command: cmd("set c 3"),
                origin: Origin::Reported { ballot: b(3, S2) }
            },
        ]
    );
    let accepts: Vec<(NodeId, Msg)> = sends(&effects)
        .into_iter()
        .filter(|(_, m)| matches!(m, Msg::Accept { .. }))
        .collect();
    assert_eq!(accepts.len(), 6, "three slots to S2 and S3");
    assert_eq!(
        accepts[2],
        (
            S2,
            Msg::Accept {
                ballot,
                slot: 2,
                command: Command::Noop
            }
        )
    );
    assert_eq!(
        s1.next_slot(),
        4,
        "client commands go after the highest reported slot"
    );
    assert_eq!(
        s1.log().accepted(1),
        Some((ballot, &cmd("set a 1"))),
        "its own acceptor took the re-proposal"
    );
}

#[test]
fn paxos_made_simple_3_a_command_is_chosen_on_a_majority_of_accepted_and_executed_in_order() {
    let mut s1 = node_with(S1, &MultiPaxosConfig::default(), None, vec![]);
    step(&mut s1, Input::Timer(Timer::LeaderTimeout));
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(1, S1),
            accepted: vec![],
        },
    );
    assert_eq!(s1.role(), Role::Leader);
    let effects = step(
        &mut s1,
        Input::Client {
            id: 7,
            request: cmd("set x 1"),
        },
    );
    assert_eq!(
        effects[0],
        Effect::Reply {
            id: 7,
            reply: Reply::Proposed { slot: 1 }
        }
    );
    let effects = recv(
        &mut s1,
        S3,
        Msg::Accepted {
            ballot: b(1, S1),
            slot: 1,
        },
    );
    let chosen = Msg::Chosen {
        first_slot: 1,
        commands: vec![cmd("set x 1")],
    };
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::Chosen {
                slot: 1,
                command: cmd("set x 1")
            }),
            Effect::Send {
                to: S2,
                msg: chosen.clone()
            },
            Effect::Send {
                to: S3,
                msg: chosen
            },
            Effect::Reply {
                id: 7,
                reply: Reply::Executed {
                    slot: 1,
                    outcome: Outcome::Done
                }
            },
        ]
    );
    assert_eq!(s1.state_machine().get("x"), Some("1"));
}

#[test]
fn pmmc_r2_a_replica_never_executes_past_a_gap() {
    let mut s2 = node_with(S2, &MultiPaxosConfig::default(), None, vec![]);
    recv(
        &mut s2,
        S1,
        Msg::Chosen {
            first_slot: 2,
            commands: vec![cmd("set x 2")],
        },
    );
    assert_eq!(
        (s2.log().executed(), s2.state_machine().get("x")),
        (0, None),
        "slot 1 is a gap"
    );
    recv(
        &mut s2,
        S1,
        Msg::Chosen {
            first_slot: 1,
            commands: vec![cmd("set x 1")],
        },
    );
    assert_eq!(
        (s2.log().executed(), s2.state_machine().get("x")),
        (2, Some("2")),
        "1 then 2"
    );
}

#[test]
fn a_lagging_replica_asks_the_leader_to_catch_up() {
    let mut s2 = node_with(S2, &MultiPaxosConfig::default(), None, vec![]);
    let effects = recv(
        &mut s2,
        S1,
        Msg::Heartbeat {
            ballot: b(1, S1),
            chosen_through: 5,
        },
    );
    assert_eq!(
        effects,
        vec![
            leader_timer(),
            Effect::Send {
                to: S1,
                msg: Msg::CatchUp { first_slot: 1 }
            }
        ]
    );
    assert_eq!(s2.leader_hint(), Some(S1));
}

#[test]
fn a_follower_redirects_clients_to_the_leader() {
    let mut s2 = node_with(S2, &MultiPaxosConfig::default(), None, vec![]);
    recv(
        &mut s2,
        S1,
        Msg::Heartbeat {
            ballot: b(1, S1),
            chosen_through: 0,
        },
    );
    let effects = step(
        &mut s2,
        Input::Client {
            id: 3,
            request: cmd("set x 1"),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::Reply {
            id: 3,
            reply: Reply::NotLeader {
                leader_hint: Some(S1)
            }
        }]
    );
}

#[test]
fn paxos_made_simple_2_2_a_stale_leader_is_refused_and_steps_down() {
    let mut s2 = node_with(S2, &MultiPaxosConfig::default(), Some(b(2, S3)), vec![]);
    let effects = recv(
        &mut s2,
        S1,
        Msg::Accept {
            ballot: b(1, S1),
            slot: 1,
            command: cmd("set x 1"),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::Send {
            to: S1,
            msg: Msg::Nack {
                ballot: b(1, S1),
                promised: b(2, S3)
            }
        }]
    );

    let mut s1 = node_with(S1, &MultiPaxosConfig::default(), None, vec![]);
    step(&mut s1, Input::Timer(Timer::LeaderTimeout));
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(1, S1),
            accepted: vec![],
        },
    );
    let effects = recv(
        &mut s1,
        S2,
        Msg::Nack {
            ballot: b(1, S1),
            promised: b(2, S3),
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::SteppedDown { ballot: b(1, S1) }),
            Effect::CancelTimer {
                timer: Timer::Heartbeat
            },
            leader_timer()
        ]
    );
    assert_eq!((s1.role(), s1.leader_hint()), (Role::Follower, Some(S3)));
}

#[test]
fn bug_leader_skips_phase1_on_takeover_leads_without_promises() {
    let mut config = MultiPaxosConfig::default();
    config.bugs.leader_skips_phase1_on_takeover = true;
    let mut s1 = node_with(S1, &config, None, vec![]);
    let effects = step(&mut s1, Input::Timer(Timer::LeaderTimeout));
    assert_eq!(
        notes(&effects),
        vec![Note::BecameLeader {
            ballot: b(1, S1),
            promisers: vec![]
        }]
    );
    assert_eq!(s1.role(), Role::Leader);
    assert!(
        sends(&effects)
            .iter()
            .all(|(_, m)| matches!(m, Msg::Heartbeat { .. })),
        "no Prepare at all"
    );
}

#[test]
fn bug_execute_out_of_order_runs_a_command_past_a_gap() {
    let config = MultiPaxosConfig {
        bugs: conlab_paxos::MultiPaxosBugs {
            execute_out_of_order: true,
            ..Default::default()
        },
        ..MultiPaxosConfig::default()
    };
    let mut s1 = node_with(S1, &config, None, vec![]);
    recv(
        &mut s1,
        S2,
        Msg::Chosen {
            first_slot: 2,
            commands: vec![cmd("set x 2")],
        },
    );
    assert_eq!(s1.log().executed(), 0, "slot 1 is still a gap");
    assert_eq!(s1.state_machine().get("x"), Some("2"), "yet slot 2 ran");
    recv(
        &mut s1,
        S2,
        Msg::Chosen {
            first_slot: 1,
            commands: vec![cmd("set x 1")],
        },
    );
    assert_eq!(s1.log().executed(), 2);
    assert_eq!(
        s1.state_machine().get("x"),
        Some("1"),
        "slot 2 is not run twice"
    );
}

#[test]
fn bug_restart_trusts_own_accepts_executes_what_was_only_accepted() {
    let config = MultiPaxosConfig {
        bugs: conlab_paxos::MultiPaxosBugs {
            restart_trusts_own_accepts: true,
            ..Default::default()
        },
        ..MultiPaxosConfig::default()
    };
    let s1 = node_with(
        S1,
        &config,
        Some(b(1, S2)),
        vec![Some((b(1, S2), cmd("set x 1")))],
    );
    assert_eq!(s1.log().executed(), 1);
    assert_eq!(s1.state_machine().get("x"), Some("1"));
    let correct = node_with(
        S1,
        &MultiPaxosConfig::default(),
        Some(b(1, S2)),
        vec![Some((b(1, S2), cmd("set x 1")))],
    );
    assert_eq!(correct.log().executed(), 0, "one acceptance proves nothing");
}
