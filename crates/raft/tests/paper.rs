//! Single-step tests of Raft against the extended paper, named after its sections. Each test
//! feeds one input and asserts the exact effects.

use conlab_core::kv::Command;
use conlab_core::{Effect, Input, NodeId, Out, Protocol, TickRange};
use conlab_raft::{
    AppendEntries, AppendEntriesReply, Durable, Entry, Msg, Note, ProgressState, RaftConfig,
    RaftNode, Reply, RequestVote, RequestVoteReply, Role, Timer,
};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn cmd(text: &str) -> Command {
    text.parse().unwrap()
}

fn entries(terms: &[u64]) -> Vec<Entry> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &term)| Entry::new(term, cmd(&format!("set x {i}"))))
        .collect()
}

/// Node `id` of a 3-node cluster booted from the given persistent state.
fn node_with(
    id: NodeId,
    config: RaftConfig,
    term: u64,
    voted_for: Option<NodeId>,
    log: Vec<Entry>,
) -> RaftNode {
    let mut node = RaftNode::new(id, 3, &config);
    step(
        &mut node,
        Input::Restart(Durable {
            current_term: term,
            voted_for,
            log,
            snapshot: None,
        }),
    );
    node
}

fn step(node: &mut RaftNode, input: Input<RaftNode>) -> Vec<Effect<RaftNode>> {
    let mut out = Out::default();
    node.step(input, &mut out);
    out.effects
}

fn recv(node: &mut RaftNode, from: NodeId, msg: Msg) -> Vec<Effect<RaftNode>> {
    step(node, Input::Recv { from, msg })
}

fn election_timer() -> Effect<RaftNode> {
    Effect::SetTimer {
        timer: Timer::Election,
        after: TickRange::new(150, 300),
    }
}

fn sent(effects: &[Effect<RaftNode>]) -> Vec<(NodeId, Msg)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

/// S1 elected leader of term 1 in a 3-node cluster, with effects of the winning step.
fn leader(config: RaftConfig) -> (RaftNode, Vec<Effect<RaftNode>>) {
    let mut node = node_with(S1, config, 0, None, vec![]);
    step(&mut node, Input::Timer(Timer::Election));
    let effects = recv(
        &mut node,
        S2,
        Msg::RequestVoteReply(RequestVoteReply {
            term: 1,
            vote_granted: true,
        }),
    );
    (node, effects)
}

#[test]
fn paper_5_2_a_follower_starts_with_a_randomized_election_timer() {
    let mut node = RaftNode::new(S1, 3, &RaftConfig::default());
    assert_eq!(step(&mut node, Input::Start), vec![election_timer()]);
    assert_eq!(node.role(), Role::Follower);
}

#[test]
fn paper_5_2_election_timeout_makes_a_candidate_that_votes_for_itself() {
    let request = Msg::RequestVote(RequestVote {
        term: 2,
        candidate_id: S1,
        last_log_index: 1,
        last_log_term: 1,
        transfer: false,
    });
    let mut node = node_with(S1, RaftConfig::default(), 1, None, entries(&[1]));
    let effects = step(&mut node, Input::Timer(Timer::Election));
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            Effect::Note(Note::StartedElection { term: 2 }),
            election_timer(),
            Effect::Send {
                to: S2,
                msg: request.clone()
            },
            Effect::Send {
                to: S3,
                msg: request
            },
        ]
    );
    assert_eq!(
        (node.role(), node.current_term(), node.voted_for()),
        (Role::Candidate, 2, Some(S1))
    );
}

#[test]
fn paper_5_2_a_majority_of_votes_makes_a_leader_that_sends_its_noop() {
    let (node, effects) = leader(RaftConfig::default());
    let append = Msg::AppendEntries(AppendEntries {
        round: 0,
        term: 1,
        leader_id: S1,
        prev_log_index: 0,
        prev_log_term: 0,
        entries: vec![Entry::new(1, Command::Noop)],
        leader_commit: 0,
    });
    assert_eq!(
        effects,
        vec![
            Effect::CancelTimer {
                timer: Timer::Election
            },
            Effect::Note(Note::BecameLeader { term: 1 }),
            Effect::Persist,
            Effect::Send {
                to: S2,
                msg: append.clone()
            },
            Effect::Send {
                to: S3,
                msg: append
            },
            Effect::SetTimer {
                timer: Timer::Heartbeat,
                after: TickRange::exactly(50)
            },
        ]
    );
    assert_eq!(node.role(), Role::Leader);
    assert_eq!(node.next_index(S2), 1);
}

#[test]
fn paper_5_2_each_server_votes_at_most_once_per_term() {
    let mut voter = node_with(S3, RaftConfig::default(), 0, None, vec![]);
    let ask = |c: NodeId| {
        Msg::RequestVote(RequestVote {
            term: 1,
            candidate_id: c,
            last_log_index: 0,
            last_log_term: 0,
            transfer: false,
        })
    };
    let effects = recv(&mut voter, S1, ask(S1));
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            election_timer(),
            Effect::Send {
                to: S1,
                msg: Msg::RequestVoteReply(RequestVoteReply {
                    term: 1,
                    vote_granted: true
                })
            },
        ]
    );
    let effects = recv(&mut voter, S2, ask(S2));
    assert_eq!(
        sent(&effects),
        vec![(
            S2,
            Msg::RequestVoteReply(RequestVoteReply {
                term: 1,
                vote_granted: false
            })
        )]
    );
    // Asking again for the same candidate is granted again (the reply may have been lost).
    let effects = recv(&mut voter, S1, ask(S1));
    assert_eq!(
        sent(&effects),
        vec![(
            S1,
            Msg::RequestVoteReply(RequestVoteReply {
                term: 1,
                vote_granted: true
            })
        )]
    );
}

#[test]
fn paper_5_4_1_election_restriction_denies_votes_to_stale_logs() {
    let ask = Msg::RequestVote(RequestVote {
        term: 3,
        candidate_id: S2,
        last_log_index: 5,
        last_log_term: 1,
        transfer: false,
    });
    let mut voter = node_with(S1, RaftConfig::default(), 2, None, entries(&[1, 2]));
    let effects = recv(&mut voter, S2, ask.clone());
    assert_eq!(
        sent(&effects),
        vec![(
            S2,
            Msg::RequestVoteReply(RequestVoteReply {
                term: 3,
                vote_granted: false
            })
        )]
    );
    assert_eq!(voter.voted_for(), None);

    let mut config = RaftConfig::default();
    config.bugs.no_election_restriction = true;
    let mut voter = node_with(S1, config, 2, None, entries(&[1, 2]));
    let effects = recv(&mut voter, S2, ask);
    assert_eq!(
        sent(&effects),
        vec![(
            S2,
            Msg::RequestVoteReply(RequestVoteReply {
                term: 3,
                vote_granted: true
            })
        )]
    );
}

#[test]
fn paper_5_1_a_stale_leader_steps_down_on_a_higher_term() {
    let (mut node, _) = leader(RaftConfig::default());
    let effects = recv(
        &mut node,
        S3,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 7,
            success: false,
            match_index: 0,
        }),
    );
    assert_eq!(
        effects,
        vec![
            Effect::Persist,
            Effect::CancelTimer {
                timer: Timer::Heartbeat
            },
            Effect::Note(Note::SteppedDown { term: 7 }),
            election_timer(),
        ]
    );
    assert_eq!(
        (node.role(), node.current_term(), node.voted_for()),
        (Role::Follower, 7, None)
    );
}

#[test]
fn paper_5_3_consistency_check_rejects_a_missing_previous_entry() {
    let mut follower = node_with(S2, RaftConfig::default(), 1, None, entries(&[1]));
    let append = Msg::AppendEntries(AppendEntries {
        round: 0,
        term: 1,
        leader_id: S1,
        prev_log_index: 3,
        prev_log_term: 1,
        entries: entries(&[1]),
        leader_commit: 0,
    });
    let effects = recv(&mut follower, S1, append);
    assert_eq!(
        sent(&effects),
        vec![(
            S1,
            Msg::AppendEntriesReply(AppendEntriesReply {
                round: 0,
                term: 1,
                success: false,
                match_index: 1
            })
        )]
    );
    assert_eq!(follower.log().last_index(), 1);
    assert_eq!(follower.leader_id(), Some(S1));
}

#[test]
fn paper_5_3_conflicting_entries_are_replaced() {
    let mut follower = node_with(S2, RaftConfig::default(), 3, None, entries(&[1, 1, 2]));
    let new = Entry::new(3, cmd("set y 1"));
    let append = Msg::AppendEntries(AppendEntries {
        round: 0,
        term: 3,
        leader_id: S1,
        prev_log_index: 2,
        prev_log_term: 1,
        entries: vec![new.clone()],
        leader_commit: 0,
    });
    let effects = recv(&mut follower, S1, append);
    assert!(effects.contains(&Effect::Note(Note::Truncated { from: 3 })));
    assert!(effects.contains(&Effect::Persist));
    assert_eq!(follower.log().entry(3), Some(&new));
    assert_eq!(
        sent(&effects),
        vec![(
            S1,
            Msg::AppendEntriesReply(AppendEntriesReply {
                round: 0,
                term: 3,
                success: true,
                match_index: 3
            })
        )]
    );
}

#[test]
fn paper_5_3_a_stale_append_never_drops_matching_entries() {
    let stale = Msg::AppendEntries(AppendEntries {
        round: 0,
        term: 1,
        leader_id: S1,
        prev_log_index: 1,
        prev_log_term: 1,
        entries: entries(&[1, 1])[1..].to_vec(),
        leader_commit: 0,
    });
    let mut follower = node_with(S2, RaftConfig::default(), 1, None, entries(&[1, 1, 1]));
    let effects = recv(&mut follower, S1, stale.clone());
    assert_eq!(
        follower.log().last_index(),
        3,
        "entry 3 matches the leader and must stay"
    );
    assert!(
        !effects.contains(&Effect::Persist),
        "nothing changed, nothing to persist"
    );

    let mut config = RaftConfig::default();
    config.bugs.truncate_on_any_append = true;
    let mut follower = node_with(S2, config, 1, None, entries(&[1, 1, 1]));
    recv(&mut follower, S1, stale);
    assert_eq!(
        follower.log().last_index(),
        2,
        "the bug drops the matching entry 3"
    );
}

#[test]
fn paper_figure_2_followers_commit_up_to_the_last_new_entry() {
    let mut follower = node_with(S2, RaftConfig::default(), 1, None, vec![]);
    let append = Msg::AppendEntries(AppendEntries {
        round: 0,
        term: 1,
        leader_id: S1,
        prev_log_index: 0,
        prev_log_term: 0,
        entries: entries(&[1, 1]),
        leader_commit: 5,
    });
    let effects = recv(&mut follower, S1, append);
    assert!(effects.contains(&Effect::Note(Note::Committed { index: 2 })));
    assert_eq!((follower.commit_index(), follower.last_applied()), (2, 2));
    assert_eq!(follower.state_machine().get("x"), Some("1"));
}

#[test]
fn paper_5_4_2_only_current_term_entries_commit_by_counting() {
    // S1 leads term 3 with a term-2 entry at index 2 that S2 also stores; no no-op.
    let config = RaftConfig {
        noop_on_election: false,
        ..RaftConfig::default()
    };
    let mut node = node_with(S1, config.clone(), 2, None, entries(&[1, 2]));
    step(&mut node, Input::Timer(Timer::Election));
    recv(
        &mut node,
        S3,
        Msg::RequestVoteReply(RequestVoteReply {
            term: 3,
            vote_granted: true,
        }),
    );
    assert_eq!(node.role(), Role::Leader);
    let effects = recv(
        &mut node,
        S2,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 3,
            success: true,
            match_index: 2,
        }),
    );
    assert_eq!(
        node.commit_index(),
        0,
        "a majority stores index 2, but it is from term 2"
    );
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::Note(Note::Committed { .. }))));

    let mut buggy = config;
    buggy.bugs.commit_old_term_by_counting = true;
    let mut node = node_with(S1, buggy, 2, None, entries(&[1, 2]));
    step(&mut node, Input::Timer(Timer::Election));
    recv(
        &mut node,
        S3,
        Msg::RequestVoteReply(RequestVoteReply {
            term: 3,
            vote_granted: true,
        }),
    );
    recv(
        &mut node,
        S2,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 3,
            success: true,
            match_index: 2,
        }),
    );
    assert_eq!(node.commit_index(), 2, "the Figure 8 mistake commits it");
}

#[test]
fn paper_5_3_leader_commits_applies_and_answers_the_client() {
    let (mut node, _) = leader(RaftConfig::default());
    let effects = step(
        &mut node,
        Input::Client {
            id: 9,
            request: cmd("set x 3"),
        },
    );
    assert_eq!(effects[0], Effect::Persist);
    assert_eq!(
        effects[1],
        Effect::Reply {
            id: 9,
            reply: Reply::Accepted { index: 2, term: 1 }
        }
    );
    let effects = recv(
        &mut node,
        S2,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 1,
            success: true,
            match_index: 2,
        }),
    );
    assert_eq!(
        effects,
        vec![
            Effect::Note(Note::Committed { index: 2 }),
            Effect::Reply {
                id: 9,
                reply: Reply::Applied {
                    index: 2,
                    outcome: conlab_core::kv::Outcome::Done
                },
            },
        ]
    );
    assert_eq!(node.state_machine().get("x"), Some("3"));
}

#[test]
fn paper_5_3_a_rejected_append_backs_next_index_off_to_the_hint() {
    // S1 wins term 2 with four entries from term 1, then appends its no-op at index 5.
    let mut node = node_with(S1, RaftConfig::default(), 1, None, entries(&[1, 1, 1, 1]));
    step(&mut node, Input::Timer(Timer::Election));
    recv(
        &mut node,
        S2,
        Msg::RequestVoteReply(RequestVoteReply {
            term: 2,
            vote_granted: true,
        }),
    );
    assert_eq!(node.next_index(S3), 5);
    // S3 answers that it holds only index 1: retry from index 2, not one step back.
    let effects = recv(
        &mut node,
        S3,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 2,
            success: false,
            match_index: 1,
        }),
    );
    assert_eq!(node.next_index(S3), 2);
    match &sent(&effects)[..] {
        [(
            to,
            Msg::AppendEntries(AppendEntries {
                prev_log_index: 1,
                prev_log_term: 1,
                entries,
                ..
            }),
        )] => {
            assert_eq!((*to, entries.len()), (S3, 4));
        }
        other => panic!("expected one AppendEntries to S3, got {other:?}"),
    }
    // A late success reply never lowers what is known to match.
    recv(
        &mut node,
        S3,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 2,
            success: true,
            match_index: 5,
        }),
    );
    recv(
        &mut node,
        S3,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 2,
            success: false,
            match_index: 0,
        }),
    );
    assert_eq!((node.match_index(S3), node.next_index(S3)), (5, 6));
}

#[test]
fn paper_8_clients_of_followers_are_redirected_to_the_leader() {
    let mut follower = node_with(S2, RaftConfig::default(), 1, None, vec![]);
    recv(
        &mut follower,
        S1,
        Msg::AppendEntries(AppendEntries {
            round: 0,
            term: 1,
            leader_id: S1,
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![],
            leader_commit: 0,
        }),
    );
    let effects = step(
        &mut follower,
        Input::Client {
            id: 4,
            request: cmd("get x"),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::Reply {
            id: 4,
            reply: Reply::NotLeader {
                leader_hint: Some(S1)
            }
        }]
    );
}

#[test]
fn figure_2_restart_keeps_term_vote_and_log_but_not_volatile_state() {
    let (mut node, _) = leader(RaftConfig::default());
    step(
        &mut node,
        Input::Client {
            id: 1,
            request: cmd("set x 1"),
        },
    );
    let durable = node.durable();
    assert_eq!(
        (durable.current_term, durable.voted_for, durable.log.len()),
        (1, Some(S1), 2)
    );
    let mut restarted = RaftNode::new(S1, 3, &RaftConfig::default());
    let effects = step(&mut restarted, Input::Restart(durable.clone()));
    assert_eq!(effects, vec![election_timer()]);
    assert_eq!(
        (
            restarted.role(),
            restarted.current_term(),
            restarted.voted_for()
        ),
        (Role::Follower, 1, Some(S1))
    );
    assert_eq!(restarted.log().last_index(), 2);
    assert_eq!(restarted.commit_index(), 0);

    let mut config = RaftConfig::default();
    config.bugs.forget_vote_on_restart = true;
    let mut forgetful = RaftNode::new(S1, 3, &config);
    step(&mut forgetful, Input::Restart(durable));
    assert_eq!(forgetful.voted_for(), None);
}

#[test]
fn paper_5_2_a_single_node_cluster_elects_itself() {
    let mut node = RaftNode::new(S1, 1, &RaftConfig::default());
    step(&mut node, Input::Start);
    step(&mut node, Input::Timer(Timer::Election));
    assert_eq!(node.role(), Role::Leader);
    assert_eq!(node.commit_index(), 1, "its own no-op is a majority of one");
    let effects = step(
        &mut node,
        Input::Client {
            id: 1,
            request: cmd("set a b"),
        },
    );
    assert!(effects.contains(&Effect::Reply {
        id: 1,
        reply: Reply::Applied {
            index: 2,
            outcome: conlab_core::kv::Outcome::Done
        }
    }));
}

#[test]
fn terms_never_wrap_a_server_at_the_largest_term_cannot_stand() {
    let mut node = node_with(S1, RaftConfig::default(), u64::MAX, None, entries(&[1]));
    let effects = step(&mut node, Input::Timer(Timer::Election));
    assert_eq!(effects, vec![]);
    assert_eq!(
        (node.role(), node.current_term(), node.voted_for()),
        (Role::Follower, u64::MAX, None)
    );
    // It still votes in the largest term, once.
    let ask = Msg::RequestVote(RequestVote {
        term: u64::MAX,
        candidate_id: S2,
        last_log_index: 1,
        last_log_term: 1,
        transfer: false,
    });
    let effects = recv(&mut node, S2, ask);
    assert_eq!(node.voted_for(), Some(S2));
    assert!(effects.contains(&Effect::Send {
        to: S2,
        msg: Msg::RequestVoteReply(RequestVoteReply {
            term: u64::MAX,
            vote_granted: true
        })
    }));
}

#[test]
fn figure_3_leader_append_only_breaks_with_the_overwrite_toggle() {
    // The leader's no-op at index 1 is not committed yet when a command arrives.
    let (mut node, _) = leader(RaftConfig::default());
    step(
        &mut node,
        Input::Client {
            id: 1,
            request: cmd("set x 1"),
        },
    );
    assert_eq!(node.log().last_index(), 2, "a correct leader appends");
    assert_eq!(
        node.log().entry(1).map(|e| &*e.command),
        Some(&Command::Noop)
    );

    let mut config = RaftConfig::default();
    config.bugs.leader_overwrites_own_log = true;
    let (mut node, _) = leader(config);
    let effects = step(
        &mut node,
        Input::Client {
            id: 1,
            request: cmd("set x 1"),
        },
    );
    assert!(effects.contains(&Effect::Note(Note::Truncated { from: 1 })));
    assert!(effects.contains(&Effect::Reply {
        id: 1,
        reply: Reply::Accepted { index: 1, term: 1 }
    }));
    assert_eq!(node.log().last_index(), 1, "the no-op was overwritten");
    assert_eq!(
        node.log().entry(1).map(|e| &*e.command),
        Some(&cmd("set x 1"))
    );
    // Once its last entry is committed, even the buggy leader appends.
    recv(
        &mut node,
        S2,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term: 1,
            success: true,
            match_index: 1,
        }),
    );
    assert_eq!(node.commit_index(), 1);
    step(
        &mut node,
        Input::Client {
            id: 2,
            request: cmd("set x 2"),
        },
    );
    assert_eq!(node.log().last_index(), 2);
}

fn ack(node: &mut RaftNode, from: NodeId, term: u64, match_index: u64) -> Vec<Effect<RaftNode>> {
    recv(
        node,
        from,
        Msg::AppendEntriesReply(AppendEntriesReply {
            round: 0,
            term,
            success: true,
            match_index,
        }),
    )
}

fn client(node: &mut RaftNode, id: u64, text: &str) -> Vec<Effect<RaftNode>> {
    step(
        node,
        Input::Client {
            id,
            request: cmd(text),
        },
    )
}

/// (receiver, prevLogIndex, number of entries) of every AppendEntries sent.
fn appends(effects: &[Effect<RaftNode>]) -> Vec<(NodeId, u64, usize)> {
    sent(effects)
        .into_iter()
        .filter_map(|(to, msg)| match msg {
            Msg::AppendEntries(a) => Some((to, a.prev_log_index, a.entries.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn flow_control_a_probe_is_alone_in_flight_until_answered_or_the_next_tick() {
    let (mut node, _) = leader(RaftConfig::default());
    assert_eq!(
        node.progress(S2).map(|p| (p.state(), p.inflight())),
        Some((ProgressState::Probe, 1))
    );
    let effects = client(&mut node, 1, "set x 1");
    assert_eq!(appends(&effects), vec![], "both probes are still out");
    let effects = step(&mut node, Input::Timer(Timer::Heartbeat));
    assert_eq!(
        appends(&effects),
        vec![(S2, 0, 2), (S3, 0, 2)],
        "the tick repeats each probe, now with both entries"
    );
    ack(&mut node, S2, 1, 2);
    assert_eq!(
        node.progress(S2).map(|p| (p.state(), p.next_index())),
        Some((ProgressState::Replicate, 3))
    );
}

#[test]
fn flow_control_replication_keeps_a_bounded_window_in_flight() {
    let config = RaftConfig {
        max_entries_per_append: 1,
        max_inflight_appends: 2,
        ..RaftConfig::default()
    };
    let (mut node, _) = leader(config);
    ack(&mut node, S2, 1, 1);
    let mut sent_to_s2 = Vec::new();
    for (id, text) in [(1, "set x 1"), (2, "set x 2"), (3, "set x 3")] {
        let effects = client(&mut node, id, text);
        sent_to_s2.extend(appends(&effects).into_iter().filter(|a| a.0 == S2));
    }
    assert_eq!(
        sent_to_s2,
        vec![(S2, 1, 1), (S2, 2, 1)],
        "entries 2 and 3 fill the window; 4 waits"
    );
    assert_eq!(node.next_index(S2), 4, "nextIndex moves on optimistically");
    let effects = ack(&mut node, S2, 1, 2);
    assert_eq!(
        appends(&effects),
        vec![(S2, 3, 1)],
        "an answer frees a slot"
    );
}

#[test]
fn flow_control_a_tick_skips_followers_sent_entries_since_the_previous_tick() {
    let (mut node, _) = leader(RaftConfig::default());
    ack(&mut node, S2, 1, 1);
    ack(&mut node, S3, 1, 1);
    let effects = step(&mut node, Input::Timer(Timer::Heartbeat));
    assert_eq!(
        appends(&effects),
        vec![(S2, 1, 0), (S3, 1, 0)],
        "idle followers get empty heartbeats"
    );
    let effects = client(&mut node, 1, "set x 1");
    assert_eq!(appends(&effects), vec![(S2, 1, 1), (S3, 1, 1)]);
    let effects = step(&mut node, Input::Timer(Timer::Heartbeat));
    assert_eq!(appends(&effects), vec![], "both just heard from the leader");
    assert!(effects.contains(&Effect::SetTimer {
        timer: Timer::Heartbeat,
        after: TickRange::exactly(50)
    }));
    let effects = step(&mut node, Input::Timer(Timer::Heartbeat));
    assert_eq!(
        appends(&effects),
        vec![(S2, 2, 0), (S3, 2, 0)],
        "the next tick sends heartbeats again"
    );
}
