//! Single-step tests of reads without a log entry: ReadIndex (Ongaro's dissertation §6.4),
//! leases (§6.4.1) and the bug toggle `read_without_quorum`. Each feeds inputs to one leader
//! and asserts its effects.

use conlab_core::kv::{Command, Outcome};
use conlab_core::{Effect, Input, NodeId, Out, Protocol};
use conlab_raft::{
    AppendEntriesReply, Durable, Entry, Msg, RaftConfig, RaftNode, ReadMode, Reply, RequestVote,
    RequestVoteReply, Role, Timer,
};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);
const READ: u64 = 7;

fn step(node: &mut RaftNode, input: Input<RaftNode>) -> Vec<Effect<RaftNode>> {
    let mut out = Out::default();
    node.step(input, &mut out);
    out.effects
}

fn get(node: &mut RaftNode, key: &str) -> Vec<Effect<RaftNode>> {
    let request = Command::Get { key: key.into() };
    step(node, Input::Client { id: READ, request })
}

fn set(node: &mut RaftNode, id: u64, key: &str, value: &str) -> Vec<Effect<RaftNode>> {
    let request = Command::Set {
        key: key.into(),
        value: value.into(),
    };
    step(node, Input::Client { id, request })
}

fn sends(effects: &[Effect<RaftNode>]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Send { .. }))
        .count()
}

/// The answer to the read, if the step gave one.
fn answer(effects: &[Effect<RaftNode>]) -> Option<Reply> {
    effects.iter().find_map(|e| match e {
        Effect::Reply { id: READ, reply } => Some(reply.clone()),
        _ => None,
    })
}

/// The heartbeat round the step's AppendEntries to S2 carries.
fn round_to_s2(effects: &[Effect<RaftNode>]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Send {
                to: S2,
                msg: Msg::AppendEntries(m),
            } => Some(m.round),
            _ => None,
        })
        .expect("an AppendEntries to S2")
}

/// S2 acknowledges heartbeat round `round` in `term`, its log matching through `index`.
fn ack(node: &mut RaftNode, term: u64, index: u64, round: u64) -> Vec<Effect<RaftNode>> {
    let reply = AppendEntriesReply {
        term,
        success: true,
        match_index: index,
        round,
    };
    step(
        node,
        Input::Recv {
            from: S2,
            msg: reply.into(),
        },
    )
}

fn config(reads: ReadMode) -> RaftConfig {
    RaftConfig {
        reads,
        ..RaftConfig::default()
    }
}

/// S1 of three, elected with S2's vote in the term after `durable`'s; the election's
/// effects (the first heartbeat tick among them).
fn elect(config: RaftConfig, durable: Durable) -> (RaftNode, Vec<Effect<RaftNode>>) {
    let mut node = RaftNode::new(S1, 3, &config);
    step(&mut node, Input::Restart(durable));
    step(&mut node, Input::Timer(Timer::Election));
    let term = node.current_term();
    let reply = RequestVoteReply {
        term,
        vote_granted: true,
    };
    let effects = step(
        &mut node,
        Input::Recv {
            from: S2,
            msg: reply.into(),
        },
    );
    assert_eq!(node.role(), Role::Leader);
    (node, effects)
}

/// S1 leads term 1 and has committed its no-op (index 1), acknowledged with the first round.
fn leader(reads: ReadMode) -> RaftNode {
    let (mut node, effects) = elect(config(reads), Durable::default());
    ack(&mut node, 1, 1, round_to_s2(&effects));
    assert_eq!(node.commit_index(), 1);
    node
}

fn value(v: &str) -> Outcome {
    Outcome::Value(Some(v.into()))
}

#[test]
fn dissertation_6_4_a_read_index_read_waits_for_a_round_sent_after_it_arrived() {
    let (mut node, effects) = elect(config(ReadMode::ReadIndex), Durable::default());
    let first = round_to_s2(&effects);
    let effects = get(&mut node, "x");
    // The no-op is not committed yet (step 1): nothing is sent for the read.
    assert_eq!((answer(&effects), sends(&effects)), (None, 0));
    // S2's acknowledgment of the election's round commits the no-op; the read then gets
    // its read index and a new round, which that old acknowledgment does not answer.
    let effects = ack(&mut node, 1, 1, first);
    assert_eq!(node.commit_index(), 1);
    assert_eq!((answer(&effects), sends(&effects)), (None, 2));
    let round = round_to_s2(&effects);
    assert!(round > first);
    let again = ack(&mut node, 1, 1, first);
    assert_eq!(answer(&again), None, "an acknowledgment of an older round");
    let effects = ack(&mut node, 1, 1, round);
    assert_eq!(
        answer(&effects),
        Some(Reply::Applied {
            index: 1,
            outcome: Outcome::Value(None)
        })
    );
}

/// S1's log holds `set x 1` of term 1, committed by the leader of term 1 (S1 did not learn
/// it). Without the §8 no-op, S1 leads term 2 with commit index 0: the read must wait until
/// an entry of term 2 commits, or it would miss `x = 1`.
#[test]
fn a_new_leader_answers_no_read_index_read_before_it_has_committed_an_entry_of_its_own_term() {
    let durable = Durable {
        current_term: 1,
        log: vec![Entry::new(1, "set x 1".parse().unwrap())],
        ..Durable::default()
    };
    let config = RaftConfig {
        noop_on_election: false,
        ..config(ReadMode::ReadIndex)
    };
    let (mut node, effects) = elect(config, durable);
    let mut round = round_to_s2(&effects);
    get(&mut node, "x");
    for _ in 0..3 {
        let effects = ack(&mut node, 2, 1, round);
        assert_eq!(answer(&effects), None, "nothing of term 2 is committed");
        let tick = step(&mut node, Input::Timer(Timer::Heartbeat));
        round = round_to_s2(&tick);
    }
    assert_eq!(node.commit_index(), 0);
    let effects = set(&mut node, 8, "y", "2");
    assert_eq!(answer(&effects), None);
    let effects = ack(&mut node, 2, 2, round);
    assert_eq!(node.commit_index(), 2, "set y 2, of term 2, commits");
    assert_eq!(answer(&effects), None, "the read's round is the next one");
    let effects = ack(&mut node, 2, 2, round_to_s2(&effects));
    assert_eq!(
        answer(&effects),
        Some(Reply::Applied {
            index: 2,
            outcome: value("1")
        })
    );
}

#[test]
fn dissertation_6_4_1_a_lease_read_needs_no_heartbeat_round_while_the_lease_holds() {
    let mut node = leader(ReadMode::Lease);
    set(&mut node, 8, "x", "1");
    ack(&mut node, 1, 2, 1);
    let effects = get(&mut node, "x");
    assert_eq!(sends(&effects), 0, "no heartbeat round");
    assert_eq!(
        answer(&effects),
        Some(Reply::Applied {
            index: 2,
            outcome: value("1")
        })
    );
    // The same read with ReadIndex costs a round: one heartbeat per follower.
    let mut node = leader(ReadMode::ReadIndex);
    let effects = get(&mut node, "x");
    assert_eq!((answer(&effects), sends(&effects)), (None, 2));
}

/// The election's round was acknowledged; the lease lasts L = 150 / 50 = 3 ticks from it
/// (the election's tick is the first): after two more ticks it holds, after three it has run
/// out and the read takes the ReadIndex path.
#[test]
fn dissertation_6_4_1_a_lease_ends_an_election_timeout_after_the_acknowledged_round_was_sent() {
    let mut node = leader(ReadMode::Lease);
    for _ in 0..2 {
        step(&mut node, Input::Timer(Timer::Heartbeat));
    }
    let effects = get(&mut node, "x");
    assert!(answer(&effects).is_some(), "the lease holds");
    step(&mut node, Input::Timer(Timer::Heartbeat));
    let effects = get(&mut node, "x");
    assert_eq!((answer(&effects), sends(&effects)), (None, 2));
}

#[test]
fn a_leader_that_sent_timeout_now_holds_no_lease() {
    let mut node = leader(ReadMode::Lease);
    let transfer = Command::TransferLeader(S2);
    step(
        &mut node,
        Input::Client {
            id: 9,
            request: transfer,
        },
    );
    // S2's log matches: TimeoutNow goes out; the transfer then gives up.
    ack(&mut node, 1, 1, 1);
    step(&mut node, Input::Timer(Timer::CheckQuorum));
    assert_eq!(node.transferee(), None);
    let effects = get(&mut node, "x");
    assert_eq!((answer(&effects), sends(&effects)), (None, 2));
}

#[test]
fn with_lease_reads_a_follower_ignores_a_request_vote_after_hearing_from_a_leader_and_after_a_restart(
) {
    let request = RequestVote {
        term: 5,
        candidate_id: S3,
        last_log_index: 0,
        last_log_term: 0,
        transfer: false,
    };
    let mut node = RaftNode::new(S2, 3, &config(ReadMode::Lease));
    step(&mut node, Input::Restart(Durable::default()));
    let effects = step(
        &mut node,
        Input::Recv {
            from: S3,
            msg: Msg::RequestVote(request.clone()),
        },
    );
    assert_eq!((node.current_term(), sends(&effects)), (0, 0), "ignored");
    step(&mut node, Input::Timer(Timer::LeaderContact));
    step(
        &mut node,
        Input::Recv {
            from: S3,
            msg: Msg::RequestVote(request),
        },
    );
    assert_eq!(node.voted_for(), Some(S3), "the lease has run out");
}

#[test]
fn with_read_without_quorum_a_leader_answers_a_read_at_once_with_no_majority() {
    let mut config = config(ReadMode::ReadIndex);
    config.bugs.read_without_quorum = true;
    let (mut node, _) = elect(config, Durable::default());
    let effects = get(&mut node, "x");
    assert_eq!(sends(&effects), 0);
    assert!(matches!(answer(&effects), Some(Reply::Applied { .. })));
}

#[test]
fn with_reads_log_a_read_is_a_log_entry_and_append_entries_carry_no_round() {
    let (mut node, effects) = elect(config(ReadMode::Log), Durable::default());
    assert_eq!(round_to_s2(&effects), 0);
    let effects = get(&mut node, "x");
    assert!(matches!(
        answer(&effects),
        Some(Reply::Accepted { index: 2, .. })
    ));
}
