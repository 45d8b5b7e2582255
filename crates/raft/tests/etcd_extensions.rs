//! Single-step tests of PreVote (Ongaro's dissertation §9.6), CheckQuorum (§6.2, §4.2.3) and
//! leadership transfer (§3.10), as etcd-io/raft ships them. Each feeds one input and asserts
//! the effects.

use conlab_core::kv::Command;
use conlab_core::{Effect, Input, NodeId, Out, Protocol, TickRange};
use conlab_raft::{
    AppendEntries, AppendEntriesReply, Msg, Note, RaftConfig, RaftNode, Reply, RequestVote,
    RequestVoteReply, Role, TimeoutNow, Timer,
};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn step(node: &mut RaftNode, input: Input<RaftNode>) -> Vec<Effect<RaftNode>> {
    let mut out = Out::default();
    node.step(input, &mut out);
    out.effects
}

fn recv(node: &mut RaftNode, from: NodeId, msg: Msg) -> Vec<Effect<RaftNode>> {
    step(node, Input::Recv { from, msg })
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

fn config(pre_vote: bool, check_quorum: bool) -> RaftConfig {
    RaftConfig {
        pre_vote,
        check_quorum,
        ..RaftConfig::default()
    }
}

fn vote_request(term: u64, from: NodeId, transfer: bool) -> RequestVote {
    RequestVote {
        term,
        candidate_id: from,
        last_log_index: 0,
        last_log_term: 0,
        transfer,
    }
}

fn heartbeat(term: u64) -> Msg {
    Msg::AppendEntries(AppendEntries {
        round: 0,
        term,
        leader_id: S1,
        prev_log_index: 0,
        prev_log_term: 0,
        entries: vec![],
        leader_commit: 0,
    })
}

/// S1 elected leader of term 1 of three servers (its no-op at index 1).
fn leader(config: RaftConfig) -> (RaftNode, Vec<Effect<RaftNode>>) {
    let mut node = RaftNode::new(
        S1,
        3,
        &RaftConfig {
            pre_vote: false,
            ..config
        },
    );
    step(&mut node, Input::Timer(Timer::Election));
    let reply = RequestVoteReply {
        term: 1,
        vote_granted: true,
    };
    let effects = recv(&mut node, S2, Msg::RequestVoteReply(reply));
    assert_eq!(node.role(), Role::Leader);
    (node, effects)
}

#[test]
fn dissertation_9_6_an_election_timeout_with_pre_vote_makes_a_pre_candidate_that_keeps_its_term() {
    let mut node = RaftNode::new(S1, 3, &config(true, false));
    let effects = step(&mut node, Input::Timer(Timer::Election));
    assert_eq!(node.role(), Role::PreCandidate);
    assert_eq!((node.current_term(), node.voted_for()), (0, None));
    assert!(
        !effects.contains(&Effect::Persist),
        "nothing durable changes"
    );
    assert!(effects.contains(&Effect::Note(Note::StartedPreVote { term: 1 })));
    assert_eq!(
        sent(&effects),
        vec![
            (S2, Msg::PreVote(vote_request(1, S1, false))),
            (S3, Msg::PreVote(vote_request(1, S1, false)))
        ]
    );
}

#[test]
fn dissertation_9_6_granting_a_pre_vote_changes_no_state() {
    let mut node = RaftNode::new(S2, 3, &config(true, false));
    let effects = recv(&mut node, S1, Msg::PreVote(vote_request(1, S1, false)));
    let granted = RequestVoteReply {
        term: 1,
        vote_granted: true,
    };
    assert_eq!(
        effects,
        vec![Effect::Send {
            to: S1,
            msg: Msg::PreVoteReply(granted)
        }]
    );
    assert_eq!((node.current_term(), node.voted_for()), (0, None));
}

#[test]
fn dissertation_9_6_a_follower_that_heard_from_a_leader_within_the_minimum_election_timeout_refuses_a_pre_vote(
) {
    let mut node = RaftNode::new(S2, 3, &config(true, false));
    let effects = recv(&mut node, S1, heartbeat(1));
    assert!(effects.contains(&Effect::SetTimer {
        timer: Timer::LeaderContact,
        after: TickRange::exactly(150)
    }));
    let refused = RequestVoteReply {
        term: 1,
        vote_granted: false,
    };
    let effects = recv(&mut node, S3, Msg::PreVote(vote_request(2, S3, false)));
    assert_eq!(sent(&effects), vec![(S3, Msg::PreVoteReply(refused))]);
    // The minimum election timeout passes without a word from S1.
    step(&mut node, Input::Timer(Timer::LeaderContact));
    let effects = recv(&mut node, S3, Msg::PreVote(vote_request(2, S3, false)));
    assert_eq!(sent(&effects)[0].1.granted(), Some(true));
}

#[test]
fn dissertation_9_6_pre_votes_from_a_majority_start_the_real_election() {
    let mut node = RaftNode::new(S1, 3, &config(true, false));
    step(&mut node, Input::Timer(Timer::Election));
    let granted = RequestVoteReply {
        term: 1,
        vote_granted: true,
    };
    let effects = recv(&mut node, S2, Msg::PreVoteReply(granted));
    assert_eq!(node.role(), Role::Candidate);
    assert_eq!((node.current_term(), node.voted_for()), (1, Some(S1)));
    assert!(effects.contains(&Effect::Note(Note::StartedElection { term: 1 })));
    assert!(sent(&effects).contains(&(S3, Msg::RequestVote(vote_request(1, S1, false)))));
}

#[test]
fn dissertation_9_6_a_refusal_with_a_higher_term_makes_the_pre_candidate_a_follower_of_it() {
    let mut node = RaftNode::new(S1, 3, &config(true, false));
    step(&mut node, Input::Timer(Timer::Election));
    let refused = RequestVoteReply {
        term: 5,
        vote_granted: false,
    };
    recv(&mut node, S2, Msg::PreVoteReply(refused));
    assert_eq!((node.role(), node.current_term()), (Role::Follower, 5));
}

#[test]
fn check_quorum_a_leader_that_heard_from_no_majority_for_an_election_timeout_steps_down() {
    let (mut node, effects) = leader(config(false, true));
    assert!(effects.contains(&Effect::SetTimer {
        timer: Timer::CheckQuorum,
        after: TickRange::exactly(150)
    }));
    // Heard from S2: a majority of three with itself.
    let ok = AppendEntriesReply {
        round: 0,
        term: 1,
        success: true,
        match_index: 1,
    };
    recv(&mut node, S2, Msg::AppendEntriesReply(ok));
    let effects = step(&mut node, Input::Timer(Timer::CheckQuorum));
    assert_eq!(node.role(), Role::Leader);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::SetTimer {
            timer: Timer::CheckQuorum,
            ..
        }
    )));
    // The next election timeout brings no reply at all.
    let effects = step(&mut node, Input::Timer(Timer::CheckQuorum));
    assert_eq!((node.role(), node.current_term()), (Role::Follower, 1));
    assert_eq!(node.leader_id(), None);
    assert!(effects.contains(&Effect::Note(Note::SteppedDown { term: 1 })));
}

#[test]
fn dissertation_4_2_3_with_check_quorum_a_leader_ignores_a_request_vote_unless_from_a_transfer() {
    let (mut node, _) = leader(config(false, true));
    let effects = recv(&mut node, S3, Msg::RequestVote(vote_request(2, S3, false)));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!((node.role(), node.current_term()), (Role::Leader, 1));
    recv(&mut node, S3, Msg::RequestVote(vote_request(2, S3, true)));
    assert_eq!((node.role(), node.current_term()), (Role::Follower, 2));
}

#[test]
fn dissertation_3_10_a_transferring_leader_catches_the_target_up_refuses_clients_then_sends_timeout_now(
) {
    let (mut node, _) = leader(RaftConfig::default());
    let transfer = Input::Client {
        id: 7,
        request: Command::TransferLeader(S2),
    };
    let effects = step(&mut node, transfer);
    assert!(effects.contains(&Effect::Reply {
        id: 7,
        reply: Reply::Transferring { to: S2 }
    }));
    assert!(effects.contains(&Effect::SetTimer {
        timer: Timer::CheckQuorum,
        after: TickRange::exactly(150)
    }));
    // S2's log is not known to match yet (the probe sent on election is in flight): no
    // TimeoutNow.
    assert!(sent(&effects).is_empty(), "{effects:?}");
    let effects = step(
        &mut node,
        Input::Client {
            id: 8,
            request: "set x 1".parse().unwrap(),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::Reply {
            id: 8,
            reply: Reply::NotLeader {
                leader_hint: Some(S2)
            }
        }]
    );
    let ok = AppendEntriesReply {
        round: 0,
        term: 1,
        success: true,
        match_index: 1,
    };
    let effects = recv(&mut node, S2, Msg::AppendEntriesReply(ok));
    let timeout_now = TimeoutNow {
        term: 1,
        leader_id: S1,
    };
    assert_eq!(sent(&effects), vec![(S2, Msg::TimeoutNow(timeout_now))]);
    // No new leader within an election timeout: give up, take commands again.
    step(&mut node, Input::Timer(Timer::CheckQuorum));
    assert_eq!(node.transferee(), None);
    assert_eq!(node.role(), Role::Leader);
}

#[test]
fn dissertation_3_10_a_transfer_to_itself_or_a_non_voter_is_refused() {
    let mut node = RaftNode::new(
        S1,
        4,
        &RaftConfig {
            voters: vec![S1, S2, S3],
            ..RaftConfig::default()
        },
    );
    step(&mut node, Input::Timer(Timer::Election));
    let reply = RequestVoteReply {
        term: 1,
        vote_granted: true,
    };
    recv(&mut node, S2, Msg::RequestVoteReply(reply));
    for (id, target) in [(1, S1), (2, NodeId(4))] {
        let request = Command::TransferLeader(target);
        let effects = step(&mut node, Input::Client { id, request });
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::Reply {
                    reply: Reply::Refused { .. },
                    ..
                }]
            ),
            "{effects:?}"
        );
    }
    assert_eq!(node.transferee(), None);
}

#[test]
fn dissertation_3_10_timeout_now_starts_an_election_at_once_even_with_pre_vote() {
    let mut node = RaftNode::new(S2, 3, &config(true, true));
    recv(&mut node, S1, heartbeat(1));
    let message = TimeoutNow {
        term: 1,
        leader_id: S1,
    };
    let effects = recv(&mut node, S1, Msg::TimeoutNow(message));
    assert_eq!((node.role(), node.current_term()), (Role::Candidate, 2));
    assert!(sent(&effects).contains(&(S3, Msg::RequestVote(vote_request(2, S2, true)))));
}
