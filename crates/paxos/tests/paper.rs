//! Single-step tests of single-decree Paxos against Paxos Made Simple, named after the
//! statement they check. Each test feeds one input and asserts the exact effects.

use conlab_core::{Effect, Input, NodeId, Out, Protocol, TickRange};
use conlab_paxos::{Ballot, Durable, Msg, Note, PaxosConfig, PaxosNode, Phase, Reply, Timer};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);
const S4: NodeId = NodeId(4);
const S5: NodeId = NodeId(5);

fn b(round: u64, node: NodeId) -> Ballot {
    Ballot::new(round, node)
}

fn v(text: &str) -> String {
    text.to_string()
}

/// Feed `input`, then deliver every message the node sends itself, each as its own step
/// (as the simulator does); return all those steps' effects except the sends to itself, with
/// `Persist` once: the node's whole reaction, including its own acceptor's.
fn step(node: &mut PaxosNode, input: Input<PaxosNode>) -> Vec<Effect<PaxosNode>> {
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

fn recv(node: &mut PaxosNode, from: NodeId, msg: Msg) -> Vec<Effect<PaxosNode>> {
    step(node, Input::Recv { from, msg })
}

fn propose(node: &mut PaxosNode, value: &str) -> Vec<Effect<PaxosNode>> {
    step(
        node,
        Input::Client {
            id: 1,
            request: v(value),
        },
    )
}

/// Node `id` of an `n`-node cluster booted from the given durable state.
fn node_with(id: NodeId, n: usize, config: &PaxosConfig, durable: Durable) -> PaxosNode {
    let mut node = PaxosNode::new(id, n, config);
    step(&mut node, Input::Restart(durable));
    node
}

fn fresh(id: NodeId, n: usize) -> PaxosNode {
    node_with(id, n, &PaxosConfig::default(), Durable::default())
}

fn send(to: NodeId, msg: Msg) -> Effect<PaxosNode> {
    Effect::Send { to, msg }
}

fn sends(effects: &[Effect<PaxosNode>]) -> Vec<(NodeId, Msg)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

fn notes(effects: &[Effect<PaxosNode>]) -> Vec<Note> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Note(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn paxos_made_simple_2_2_phase_1a_a_proposer_sends_prepare_with_a_fresh_ballot() {
    // S1 has seen round 4 before: its new ballot goes above it, and the round is stored
    // before the Prepare leaves (§3). Its own acceptor promises within the same step.
    let mut s1 = node_with(
        S1,
        3,
        &PaxosConfig::default(),
        Durable {
            last_round: 4,
            ..Durable::default()
        },
    );
    let effects = propose(&mut s1, "blue");
    let prepare = Msg::Prepare { ballot: b(5, S1) };
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::ClientValue { value: v("blue") }),
            Effect::Persist,
            Effect::Note(Note::BallotStarted { ballot: b(5, S1) }),
            Effect::SetTimer {
                timer: Timer::Ballot,
                after: TickRange::exactly(300)
            },
            send(S2, prepare.clone()),
            send(S3, prepare),
        ]
    );
    assert_eq!(s1.promised(), Some(b(5, S1)), "its own acceptor promised");
    assert_eq!(s1.last_round(), 5);
    assert!(matches!(s1.phase(), Phase::Preparing { promises, .. } if promises.len() == 1));
}

#[test]
fn paxos_made_simple_2_2_phase_1b_an_acceptor_promises_and_reports_its_highest_accepted_proposal() {
    let accepted = Some((b(2, S3), v("red")));
    let mut s2 = node_with(
        S2,
        3,
        &PaxosConfig::default(),
        Durable {
            promised: Some(b(2, S3)),
            accepted: accepted.clone(),
            ..Durable::default()
        },
    );
    let effects = recv(&mut s2, S1, Msg::Prepare { ballot: b(3, S1) });
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            send(
                S1,
                Msg::Promise {
                    ballot: b(3, S1),
                    accepted
                }
            )
        ]
    );
    assert_eq!(s2.promised(), Some(b(3, S1)));
}

#[test]
fn paxos_made_simple_2_2_p1a_an_acceptor_rejects_a_prepare_or_accept_below_its_promise() {
    let mut s2 = node_with(
        S2,
        3,
        &PaxosConfig::default(),
        Durable {
            promised: Some(b(3, S3)),
            ..Durable::default()
        },
    );
    let nack = Msg::Nack {
        ballot: b(2, S1),
        promised: b(3, S3),
    };
    assert_eq!(
        recv(&mut s2, S1, Msg::Prepare { ballot: b(2, S1) }),
        vec![send(S1, nack.clone())]
    );
    assert_eq!(
        recv(
            &mut s2,
            S1,
            Msg::Accept {
                ballot: b(2, S1),
                value: v("blue")
            }
        ),
        vec![send(S1, nack)]
    );
    assert_eq!(s2.accepted(), None);

    let quiet = PaxosConfig {
        nack: false,
        ..PaxosConfig::default()
    };
    let mut s2 = node_with(
        S2,
        3,
        &quiet,
        Durable {
            promised: Some(b(3, S3)),
            ..Durable::default()
        },
    );
    assert_eq!(
        recv(&mut s2, S1, Msg::Prepare { ballot: b(2, S1) }),
        vec![],
        "without Nacks, silence"
    );
}

#[test]
fn paxos_made_simple_2_2_phase_2b_an_acceptor_accepts_and_tells_every_learner() {
    let mut s2 = node_with(
        S2,
        3,
        &PaxosConfig::default(),
        Durable {
            promised: Some(b(1, S1)),
            ..Durable::default()
        },
    );
    let effects = recv(
        &mut s2,
        S1,
        Msg::Accept {
            ballot: b(1, S1),
            value: v("blue"),
        },
    );
    let accepted = Msg::Accepted {
        ballot: b(1, S1),
        value: v("blue"),
    };
    // To S1 and S3 over the network; its own learner counts its vote in the same step.
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            send(S1, accepted.clone()),
            send(S3, accepted)
        ]
    );
    assert_eq!(s2.accepted(), Some(&(b(1, S1), v("blue"))));
}

/// S1 of a 5-node cluster with a quorum of promises on the way for ballot (5,S1).
fn preparing_s1(config: &PaxosConfig) -> PaxosNode {
    let mut s1 = node_with(
        S1,
        5,
        config,
        Durable {
            last_round: 4,
            ..Durable::default()
        },
    );
    propose(&mut s1, "mine");
    s1
}

#[test]
fn paxos_made_simple_2_2_p2c_the_highest_numbered_reported_proposal_wins_over_older_ones() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: Some((b(4, S2), v("newer"))),
        },
    );
    let effects = recv(
        &mut s1,
        S3,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: Some((b(2, S3), v("older"))),
        },
    );
    let accept = Msg::Accept {
        ballot: b(5, S1),
        value: v("newer"),
    };
    let accepted = Msg::Accepted {
        ballot: b(5, S1),
        value: v("newer"),
    };
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::Proposed {
                ballot: b(5, S1),
                value: v("newer"),
                promisers: vec![S1, S2, S3],
                adopted_from: Some(b(4, S2)),
            }),
            send(S2, accept.clone()),
            send(S3, accept.clone()),
            send(S4, accept.clone()),
            send(S5, accept),
            // Its own acceptor accepts at once and informs the learners.
            Effect::Persist,
            send(S2, accepted.clone()),
            send(S3, accepted.clone()),
            send(S4, accepted.clone()),
            send(S5, accepted),
        ]
    );
}

#[test]
fn paxos_made_simple_2_2_p2c_with_no_reported_proposal_the_proposer_uses_its_own_value() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    let effects = recv(
        &mut s1,
        S3,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    assert_eq!(
        notes(&effects),
        vec![Note::Proposed {
            ballot: b(5, S1),
            value: v("mine"),
            promisers: vec![S1, S2, S3],
            adopted_from: None
        }]
    );
}

#[test]
fn paxos_made_simple_2_2_phase_2a_waits_for_a_majority_of_promises_for_its_own_ballot() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    assert_eq!(
        recv(
            &mut s1,
            S2,
            Msg::Promise {
                ballot: b(5, S1),
                accepted: None
            }
        ),
        vec![],
        "2 of 5 is no majority"
    );
    assert_eq!(
        recv(
            &mut s1,
            S2,
            Msg::Promise {
                ballot: b(5, S1),
                accepted: None
            }
        ),
        vec![],
        "a duplicate counts once"
    );
    assert_eq!(
        recv(
            &mut s1,
            S3,
            Msg::Promise {
                ballot: b(4, S1),
                accepted: None
            }
        ),
        vec![],
        "a stale ballot counts not"
    );
}

#[test]
fn bug_proposer_ignores_promised_values_breaks_p2c() {
    let mut bugs = PaxosConfig::default();
    bugs.bugs.proposer_ignores_promised_values = true;
    let mut s1 = preparing_s1(&bugs);
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: Some((b(4, S2), v("newer"))),
        },
    );
    let effects = recv(
        &mut s1,
        S3,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    assert!(
        matches!(&notes(&effects)[0], Note::Proposed { value, adopted_from: None, .. } if value == "mine")
    );
}

#[test]
fn paxos_made_simple_2_3_a_learner_learns_on_a_majority_of_accepted_for_the_same_ballot() {
    let mut s3 = fresh(S3, 3);
    let accepted = |round, node| Msg::Accepted {
        ballot: b(round, node),
        value: v("blue"),
    };
    assert_eq!(recv(&mut s3, S1, accepted(1, S1)), vec![]);
    assert_eq!(
        recv(&mut s3, S2, accepted(2, S2)),
        vec![],
        "one vote in each of two ballots is no majority"
    );
    let effects = recv(&mut s3, S2, accepted(1, S1));
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            Effect::Note(Note::Learned {
                ballot: b(1, S1),
                value: v("blue")
            })
        ]
    );
    assert_eq!(s3.learned(), Some(&(b(1, S1), v("blue"))));
    assert_eq!(s3.outcome(), Some(&v("blue")));
}

#[test]
fn bug_learner_mixes_ballots_learns_from_votes_of_different_ballots() {
    let mut config = PaxosConfig::default();
    config.bugs.learner_mixes_ballots = true;
    let mut s3 = node_with(S3, 3, &config, Durable::default());
    recv(
        &mut s3,
        S1,
        Msg::Accepted {
            ballot: b(1, S1),
            value: v("blue"),
        },
    );
    let effects = recv(
        &mut s3,
        S2,
        Msg::Accepted {
            ballot: b(2, S2),
            value: v("blue"),
        },
    );
    assert_eq!(
        notes(&effects),
        vec![Note::Learned {
            ballot: b(2, S2),
            value: v("blue")
        }]
    );
}

#[test]
fn paxos_made_simple_2_2_an_acceptor_keeps_its_promise_across_a_restart() {
    let mut s2 = fresh(S2, 3);
    recv(&mut s2, S3, Msg::Prepare { ballot: b(2, S3) });
    recv(
        &mut s2,
        S3,
        Msg::Accept {
            ballot: b(2, S3),
            value: v("red"),
        },
    );
    let durable = s2.durable();

    let mut restarted = node_with(S2, 3, &PaxosConfig::default(), durable.clone());
    assert_eq!(restarted.promised(), Some(b(2, S3)));
    let effects = recv(&mut restarted, S1, Msg::Prepare { ballot: b(1, S1) });
    assert_eq!(
        effects,
        vec![send(
            S1,
            Msg::Nack {
                ballot: b(1, S1),
                promised: b(2, S3)
            }
        )]
    );
    let effects = recv(&mut restarted, S1, Msg::Prepare { ballot: b(3, S1) });
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            send(
                S1,
                Msg::Promise {
                    ballot: b(3, S1),
                    accepted: Some((b(2, S3), v("red")))
                }
            )
        ]
    );

    let mut config = PaxosConfig::default();
    config.bugs.acceptor_forgets_on_restart = true;
    let mut forgetful = node_with(S2, 3, &config, durable);
    assert_eq!(forgetful.promised(), None);
    let effects = recv(&mut forgetful, S1, Msg::Prepare { ballot: b(1, S1) });
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            send(
                S1,
                Msg::Promise {
                    ballot: b(1, S1),
                    accepted: None
                }
            )
        ],
        "it breaks its promise"
    );
}

#[test]
fn paxos_made_simple_3_a_preempted_proposer_backs_off_before_a_higher_ballot() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    let effects = recv(
        &mut s1,
        S2,
        Msg::Nack {
            ballot: b(5, S1),
            promised: b(7, S3),
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::Preempted {
                ballot: b(5, S1),
                by: b(7, S3)
            }),
            Effect::CancelTimer {
                timer: Timer::Ballot
            },
            Effect::SetTimer {
                timer: Timer::Backoff,
                after: TickRange::new(30, 300)
            },
        ]
    );
    assert_eq!(s1.phase(), &Phase::BackingOff);
    let effects = step(&mut s1, Input::Timer(Timer::Backoff));
    assert_eq!(
        notes(&effects),
        vec![Note::BallotStarted { ballot: b(8, S1) }],
        "above the ballot that preempted it"
    );
}

#[test]
fn paxos_made_simple_3_without_backoff_a_preempted_proposer_retries_at_once() {
    let config = PaxosConfig {
        backoff: false,
        ..PaxosConfig::default()
    };
    let mut s1 = preparing_s1(&config);
    let effects = recv(
        &mut s1,
        S2,
        Msg::Nack {
            ballot: b(5, S1),
            promised: b(7, S3),
        },
    );
    assert_eq!(
        notes(&effects),
        vec![
            Note::Preempted {
                ballot: b(5, S1),
                by: b(7, S3)
            },
            Note::BallotStarted { ballot: b(8, S1) }
        ]
    );
    assert_eq!(
        sends(&effects).len(),
        4,
        "Prepare (8,S1) to the four other acceptors"
    );
}

#[test]
fn paxos_made_simple_2_2_a_proposer_abandons_its_ballot_when_a_higher_one_is_being_issued() {
    // §2.2: "abandon a proposal if some proposer has begun trying to issue a higher-numbered
    // one": here S1's own acceptor receives S3's higher Prepare.
    let mut s1 = preparing_s1(&PaxosConfig::default());
    let effects = recv(&mut s1, S3, Msg::Prepare { ballot: b(6, S3) });
    assert_eq!(
        sends(&effects)[0],
        (
            S3,
            Msg::Promise {
                ballot: b(6, S3),
                accepted: None
            }
        )
    );
    assert_eq!(
        notes(&effects),
        vec![Note::Preempted {
            ballot: b(5, S1),
            by: b(6, S3)
        }]
    );
}

#[test]
fn paxos_made_simple_3_timed_out_proposers_search_with_doubling_jumps() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    let mut rounds = Vec::new();
    for _ in 0..3 {
        let effects = step(&mut s1, Input::Timer(Timer::Ballot));
        assert!(matches!(notes(&effects)[..], [Note::TimedOut { .. }]));
        step(&mut s1, Input::Timer(Timer::Backoff));
        rounds.push(s1.ballot().expect("a new ballot").round);
    }
    assert_eq!(
        rounds,
        vec![5 + 2, 7 + 4, 11 + 8],
        "jumps of 2, 4, 8 rounds"
    );
    // A quorum of promises ends the search: the next retry is one round up again.
    for from in [S2, S3] {
        recv(
            &mut s1,
            from,
            Msg::Promise {
                ballot: b(19, S1),
                accepted: None,
            },
        );
    }
    step(&mut s1, Input::Timer(Timer::Ballot));
    step(&mut s1, Input::Timer(Timer::Backoff));
    assert_eq!(s1.ballot(), Some(b(19 + 2, S1)));
}

/// Issue 10, defect 1: ballot rounds used to double on every timeout and wrap to 0 after ~64,
/// after which the proposer's own acceptor rejected each ballot inside the same step forever.
#[test]
fn issue_10_ballot_rounds_never_wrap_and_a_proposer_out_of_rounds_goes_idle() {
    let config = PaxosConfig {
        backoff: false,
        ..PaxosConfig::default()
    };
    let mut s1 = node_with(
        S1,
        3,
        &config,
        Durable {
            last_round: u64::MAX - 20,
            ..Durable::default()
        },
    );
    propose(&mut s1, "v");
    let mut last = s1.ballot().expect("phase 1 started").round;
    for _ in 0..10 {
        let effects = step(&mut s1, Input::Timer(Timer::Ballot));
        assert!(effects.len() < 20, "a bounded step: {effects:?}");
        match s1.ballot() {
            Some(ballot) => {
                assert!(ballot.round > last, "rounds only grow");
                last = ballot.round;
            }
            None => {
                assert_eq!(s1.phase(), &Phase::Idle);
                return;
            }
        }
    }
    panic!("the round space ran out, yet the proposer kept going");
}

#[test]
fn paxos_made_simple_2_2_without_nacks_a_stale_prepare_stays_unanswered_while_undecided() {
    let config = PaxosConfig {
        nack: false,
        ..PaxosConfig::default()
    };
    let accepted = Some((b(6, S3), v("red")));
    let mut s2 = node_with(
        S2,
        3,
        &config,
        Durable {
            promised: Some(b(6, S3)),
            accepted: accepted.clone(),
            ..Durable::default()
        },
    );
    assert_eq!(recv(&mut s2, S1, Msg::Prepare { ballot: b(1, S1) }), vec![]);
}

/// Issue 10, defect 7 (seed 42050): without Nacks a restarted proposer that missed the
/// decision searched blindly past a promise far above it. An acceptor that knows the outcome
/// repeats its 2b to the stale proposer, which learns the decision from a quorum of them.
#[test]
fn paxos_made_simple_2_3_without_nacks_a_stale_proposer_learns_the_decision_from_acceptors() {
    let config = PaxosConfig {
        nack: false,
        ..PaxosConfig::default()
    };
    let chosen = (b(512, S3), v("v1"));
    let decided = |id| {
        node_with(
            id,
            3,
            &config,
            Durable {
                promised: Some(b(1024, S3)),
                accepted: Some(chosen.clone()),
                last_round: 1024,
                learned: Some(chosen.clone()),
            },
        )
    };
    let (mut s1, mut s3) = (decided(S1), decided(S3));
    let mut s2 = node_with(S2, 3, &config, Durable::default());
    propose(&mut s2, "late");
    let prepare = Msg::Prepare {
        ballot: s2.ballot().expect("phase 1"),
    };
    let repeated = Msg::Accepted {
        ballot: chosen.0,
        value: chosen.1.clone(),
    };
    let from_s1 = recv(&mut s1, S2, prepare.clone());
    assert_eq!(sends(&from_s1), vec![(S2, repeated.clone())]);
    let from_s3 = recv(&mut s3, S2, prepare);
    assert_eq!(sends(&from_s3), vec![(S2, repeated.clone())]);
    recv(&mut s2, S1, repeated.clone());
    let effects = recv(&mut s2, S3, repeated);
    assert_eq!(s2.learned(), Some(&chosen));
    assert!(effects.contains(&Effect::Reply {
        id: 1,
        reply: Reply::Chosen { value: v("v1") }
    }));
    assert_eq!(s2.phase(), &Phase::Idle);
}

#[test]
fn paxos_made_simple_2_3_a_proposer_stops_once_its_proposal_is_chosen_and_answers_the_client() {
    let mut s1 = preparing_s1(&PaxosConfig::default());
    recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    recv(
        &mut s1,
        S3,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    let accepted = Msg::Accepted {
        ballot: b(5, S1),
        value: v("mine"),
    };
    recv(&mut s1, S2, accepted.clone());
    let effects = recv(&mut s1, S3, accepted);
    assert_eq!(
        effects,
        vec![
            Effect::Reply {
                id: 1,
                reply: Reply::Chosen { value: v("mine") }
            },
            Effect::CancelTimer {
                timer: Timer::Ballot
            },
            Effect::CancelTimer {
                timer: Timer::Backoff
            },
            Effect::Persist,
            Effect::Note(Note::Learned {
                ballot: b(5, S1),
                value: v("mine")
            }),
        ]
    );
    // A later client hears the decision at once.
    let effects = step(
        &mut s1,
        Input::Client {
            id: 2,
            request: v("other"),
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::ClientValue { value: v("other") }),
            Effect::Reply {
                id: 2,
                reply: Reply::Chosen { value: v("mine") }
            },
        ]
    );
}

#[test]
fn roles_a_node_that_is_not_a_proposer_refuses_and_one_that_is_not_an_acceptor_stays_silent() {
    let config = PaxosConfig {
        proposers: vec![S1],
        acceptors: vec![S1, S2, S3],
        ..PaxosConfig::default()
    };
    let mut s4 = node_with(S4, 5, &config, Durable::default());
    assert_eq!(
        propose(&mut s4, "x"),
        vec![Effect::Reply {
            id: 1,
            reply: Reply::NotProposer
        }]
    );
    assert_eq!(recv(&mut s4, S1, Msg::Prepare { ballot: b(1, S1) }), vec![]);
    let mut s1 = node_with(S1, 5, &config, Durable::default());
    let effects = propose(&mut s1, "x");
    let targets: Vec<NodeId> = sends(&effects).into_iter().map(|(to, _)| to).collect();
    assert_eq!(targets, vec![S2, S3], "Prepare goes to the acceptors only");
    assert_eq!(s1.quorum(), 2, "a majority of the three acceptors");
}

#[test]
fn bug_non_unique_ballots_drops_the_proposer_id() {
    let mut config = PaxosConfig::default();
    config.bugs.non_unique_ballots = true;
    let mut s1 = node_with(S1, 3, &config, Durable::default());
    let mut s2 = node_with(S2, 3, &config, Durable::default());
    let first = notes(&propose(&mut s1, "a"));
    let second = notes(&propose(&mut s2, "b"));
    assert_eq!(first[1], second[1], "both started ballot (1)");
}

#[test]
fn bug_late_accept_overwrites_breaks_p1a_only_after_the_promised_ballot_is_accepted() {
    let mut config = PaxosConfig::default();
    config.bugs.late_accept_overwrites = true;
    let late = Msg::Accept {
        ballot: b(1, S1),
        value: v("old"),
    };
    // Promised (2,S3) and accepted nothing yet: P1a still holds, the late Accept is refused.
    let promised = Durable {
        promised: Some(b(2, S3)),
        ..Durable::default()
    };
    let mut s2 = node_with(S2, 3, &config, promised.clone());
    recv(&mut s2, S1, late.clone());
    assert_eq!(s2.accepted(), None);
    // Once (2,S3) is accepted, the same late Accept overwrites it; correct code refuses it.
    let newer = Durable {
        accepted: Some((b(2, S3), v("new"))),
        ..promised
    };
    let mut s2 = node_with(S2, 3, &config, newer.clone());
    recv(&mut s2, S1, late.clone());
    assert_eq!(s2.accepted(), Some(&(b(1, S1), v("old"))));
    assert_eq!(s2.promised(), Some(b(2, S3)), "the promise stays");
    let mut correct = node_with(S2, 3, &PaxosConfig::default(), newer);
    recv(&mut correct, S1, late);
    assert_eq!(correct.accepted(), Some(&(b(2, S3), v("new"))));
}

#[test]
fn bug_minority_quorum_proposes_and_learns_on_two_of_five_acceptors() {
    let mut config = PaxosConfig::default();
    config.bugs.minority_quorum = true;
    let mut s1 = preparing_s1(&config);
    assert_eq!(s1.quorum(), 3, "the real quorum stays a majority");
    assert_eq!(s1.counted_quorum(), 2);
    let effects = recv(
        &mut s1,
        S2,
        Msg::Promise {
            ballot: b(5, S1),
            accepted: None,
        },
    );
    assert!(
        notes(&effects).contains(&Note::Proposed {
            ballot: b(5, S1),
            value: v("mine"),
            promisers: vec![S1, S2],
            adopted_from: None,
        }),
        "S1 proposes with the promises of S1 and S2 alone: {effects:?}"
    );
    let mut s5 = node_with(S5, 5, &config, Durable::default());
    let accepted = Msg::Accepted {
        ballot: b(1, S4),
        value: v("red"),
    };
    assert_eq!(recv(&mut s5, S4, accepted.clone()), vec![]);
    recv(&mut s5, S5, accepted);
    assert_eq!(s5.learned(), Some(&(b(1, S4), v("red"))), "two of five");
}
