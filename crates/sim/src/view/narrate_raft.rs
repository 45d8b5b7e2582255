//! Raft's steps in words (Raft paper, Figure 2 and §5): elections (§5.2), the election
//! restriction (§5.4.1), replication and its consistency check (§5.3), the commit rule
//! (§5.4.2) and client redirects (§8); PreVote (dissertation §9.6), CheckQuorum (§6.2,
//! §4.2.3) and leadership transfer (§3.10).
//! (§5.4.2), client redirects (§8) and log compaction with InstallSnapshot (§7).

use super::names;
use super::narrate::Story;
use super::narrate_client::{outcome_text, Answer};
use crate::world::StepKind;
use crate::Intervention;
use conlab_core::NodeId;
use conlab_raft::{
    AppendEntries, AppendEntriesReply, InstallSnapshot, Msg, Note, RaftNode, Reply, RequestVote,
    RequestVoteReply, Role, Timer,
};

/// The sentence of one Raft step (None: a step the generic words cover).
pub(super) fn narrate(s: &Story<RaftNode>) -> Option<String> {
    let before = s.before?;
    let me = before.id();
    let mut text = match (s.kind, s.msg) {
        (StepKind::Message { from, lost: None, .. }, Some(msg)) => match msg {
            Msg::RequestVote(m) => request_vote(s, before, m),
            Msg::RequestVoteReply(m) => vote_reply(s, before, *from, m),
            Msg::AppendEntries(m) => append_entries(s, before, m),
            Msg::AppendEntriesReply(m) => append_reply(s, before, *from, m),
            Msg::PreVote(m) => pre_vote(s, before, m),
            Msg::PreVoteReply(m) => pre_vote_reply(s, before, *from, m),
            Msg::TimeoutNow(m) => timeout_now(s, me, m),
            Msg::InstallSnapshot(m) => install_snapshot(s, before, m),
            // The reply to a snapshot acknowledges a match, as a successful append does.
            Msg::InstallSnapshotReply(m) => {
                let ack = AppendEntriesReply {
                    round: 0,
                    term: m.term,
                    success: true,
                    match_index: m.match_index,
                };
                append_reply(s, before, *from, &ack)
            }
        },
        (
            StepKind::Timer {
                timer: Timer::Heartbeat,
                ..
            },
            _,
        ) => heartbeat(s, me),
        (
            StepKind::Timer {
                timer: Timer::CheckQuorum,
                ..
            },
            _,
        ) => check_quorum(s, before),
        (
            StepKind::Timer {
                timer: Timer::LeaderContact,
                ..
            },
            _,
        ) => format!("{me} has not heard from a leader for the minimum election timeout: from now on it may help another server's election (§9.6, §4.2.3)"),
        (StepKind::Timer { .. }, _) => timeout(s, me, "times out"),
        (StepKind::Intervention(Intervention::Timeout { .. }), _) => {
            timeout(s, me, "is told to time out")
        }
        (StepKind::Intervention(Intervention::Client { command, .. }), _) => {
            return Some(client(s, me, command))
        }
        _ => return None,
    };
    for note in s.notes() {
        if let Note::Compacted { through } = note {
            text.push_str(&format!(
                "; it snapshots its state through index {through}, dropping those entries (§7)"
            ));
        }
    }
    let to: Vec<NodeId> = s
        .sent()
        .filter(|(_, m)| matches!(m, Msg::InstallSnapshot(_)))
        .map(|(to, _)| to)
        .collect();
    if !to.is_empty() {
        text.push_str(&format!(
            "; {} needs compacted entries, so {me} sends its snapshot (§7)",
            super::names(&to)
        ));
    }
    for reply in s.replies() {
        match reply {
            Reply::Applied { outcome, .. } => {
                text.push_str("; it answers its client: ");
                text.push_str(&outcome_text(outcome));
            }
            Reply::NotLeader { .. } => text.push_str("; its client's entry was replaced"),
            Reply::Refused { reason } => {
                text.push_str(&format!("; it refuses its client: {reason}"))
            }
            Reply::Accepted { .. } | Reply::Transferring { .. } | Reply::LearnerRemoved { .. } => {}
        }
    }
    Some(text)
}

fn quorum(node: &RaftNode) -> usize {
    node.cluster_size() / 2 + 1
}

fn request_vote(s: &Story<RaftNode>, before: &RaftNode, m: &RequestVote) -> String {
    let (me, c, term) = (before.id(), m.candidate_id, m.term);
    let after = &s.world.node(me).node;
    let granted = s
        .sent()
        .any(|(_, r)| matches!(r, Msg::RequestVoteReply(r) if r.vote_granted));
    let log = before.log();
    let log_ok = log.is_up_to_date(m.last_log_index, m.last_log_term);
    if s.sent().next().is_none() {
        let why = if before.role() == Role::Leader {
            "it leads"
        } else {
            "it heard from a leader within the minimum election timeout"
        };
        return format!(
            "{me} ignores {c}'s RequestVote for term {term}: {why} (CheckQuorum, §4.2.3)"
        );
    }
    if granted {
        if before.voted_for() == Some(c) && before.current_term() == term {
            return format!("{me} grants {c} its vote for term {term} again (§5.2)");
        }
        if !log_ok {
            return format!("{me} grants its vote to {c} for term {term} without comparing logs: the election restriction is off (§5.4.1)");
        }
        return format!("{me} grants its vote to {c} for term {term}: {c}'s log is at least as up-to-date as {me}'s (§5.4.1)");
    }
    if term < after.current_term() {
        return format!(
            "{me} refuses {c}'s vote request: term {term} is older than {me}'s term {} (§5.1)",
            after.current_term()
        );
    }
    if let Some(other) = after.voted_for().filter(|&v| v != c) {
        return format!(
            "{me} refuses {c} for term {term}: it already voted for {other} in this term (§5.2)"
        );
    }
    format!(
        "{me} refuses {c} for term {term}: {me}'s log (last term {}, index {}) is more up-to-date than {c}'s (term {}, index {}) (§5.4.1)",
        log.last_term(),
        log.last_index(),
        m.last_log_term,
        m.last_log_index
    )
}

fn vote_reply(
    s: &Story<RaftNode>,
    before: &RaftNode,
    from: NodeId,
    m: &RequestVoteReply,
) -> String {
    let (me, term) = (before.id(), before.current_term());
    if m.term > term {
        return format!(
            "{me} sees term {} in {from}'s reply and steps down to follower (§5.1)",
            m.term
        );
    }
    if before.role() == Role::Leader && m.term == term {
        return format!("{me} already leads term {term}: {from}'s vote changes nothing");
    }
    if before.role() != Role::Candidate || m.term != term {
        return format!(
            "{me} ignores {from}'s vote reply for term {}: it is no longer a candidate in it",
            m.term
        );
    }
    if !m.vote_granted {
        return format!("{from} refused {me} its vote for term {term}");
    }
    let mut voters: Vec<NodeId> = before.votes_granted().collect();
    if !voters.contains(&from) {
        voters.push(from);
    }
    voters.sort();
    let n = before.cluster_size();
    if s.notes().any(|n| matches!(n, Note::BecameLeader { .. })) {
        return format!(
            "{me} wins the election for term {term}: votes from {}, a majority of {n} (§5.2)",
            names(&voters)
        );
    }
    format!(
        "{me} gets {from}'s vote for term {term}: {} of the {} it needs (§5.2)",
        voters.len(),
        quorum(before)
    )
}

fn append_entries(s: &Story<RaftNode>, before: &RaftNode, m: &AppendEntries) -> String {
    let (me, l) = (before.id(), m.leader_id);
    let after = &s.world.node(me).node;
    let success = s
        .sent()
        .any(|(_, r)| matches!(r, Msg::AppendEntriesReply(r) if r.success));
    if !success && m.term < before.current_term() {
        return format!(
            "{me} rejects AppendEntries from {l}: its term {} is older than {me}'s term {} (§5.1)",
            m.term,
            before.current_term()
        );
    }
    let p = m.prev_log_index;
    if !success {
        let t = m.prev_log_term;
        let why = match before.log().term_at(p) {
            None => format!("it has no entry at index {p} with term {t}"),
            Some(x) => format!("its entry at index {p} has term {x}, not {t}"),
        };
        return format!(
            "{me} rejects AppendEntries from {l}: {why}, so the leader will back up nextIndex (§5.3)"
        );
    }
    let mut text = if m.entries.is_empty() {
        format!(
            "{me} accepts {l}'s heartbeat for term {} and resets its election timer (§5.2)",
            m.term
        )
    } else {
        let last = p + m.entries.len() as u64;
        let what = match m.entries.len() {
            1 => format!("entry {last}"),
            _ => format!("entries {}–{last}", p + 1),
        };
        format!(
            "{me} stores {what} from {l}: its log matches the leader's through index {last} (§5.3)"
        )
    };
    for note in s.notes() {
        match note {
            Note::Truncated { from } => text.push_str(&format!(
                "; it deleted its conflicting entries from index {from}"
            )),
            Note::Committed { index } => text.push_str(&format!(
                "; it commits through index {index}, as the leader did"
            )),
            _ => {}
        }
    }
    if before.role() == Role::Candidate && after.role() == Role::Follower {
        text.push_str("; it gives up its candidacy");
    }
    text
}

fn append_reply(
    s: &Story<RaftNode>,
    before: &RaftNode,
    from: NodeId,
    m: &AppendEntriesReply,
) -> String {
    let (me, term) = (before.id(), before.current_term());
    let after = &s.world.node(me).node;
    if m.term > term {
        return format!(
            "{me} steps down: {from} is at term {}, so {me}'s term {term} is over (§5.1)",
            m.term
        );
    }
    if before.role() != Role::Leader || m.term != term {
        return format!("{me} ignores {from}'s stale AppendEntries reply");
    }
    if !m.success {
        if after
            .progress(from)
            .and_then(|p| p.pending_snapshot())
            .is_some()
        {
            return format!("{from} does not hold {me}'s snapshot yet (§7)");
        }
        let next = after.next_index(from);
        return if next < before.next_index(from) {
            format!("{from}'s log does not match; {me} backs up nextIndex for {from} to {next} and retries (§5.3)")
        } else {
            format!("{me} ignores {from}'s stale rejection")
        };
    }
    let committed = s.notes().find_map(|n| match n {
        Note::Committed { index } => Some(*index),
        _ => None,
    });
    match committed {
        Some(i) if after.log().term_at(i) == Some(term) => format!(
            "{me} commits index {i}: a majority stores it and it is from the current term {term} (§5.4.2)"
        ),
        Some(i) => format!(
            "{me} commits index {i} by counting replicas of an older term's entry: the §5.4.2 rule is off (Figure 8)"
        ),
        None => format!(
            "{me} learns {from}'s log matches its own through index {} (matchIndex, §5.3)",
            m.match_index
        ),
    }
}

/// §9.6: a pre-vote is granted or refused without changing any state.
fn pre_vote(s: &Story<RaftNode>, before: &RaftNode, m: &RequestVote) -> String {
    let (me, c, term) = (before.id(), m.candidate_id, m.term);
    let granted = s.sent().any(|(_, r)| r.granted() == Some(true));
    let log = before.log();
    if granted {
        return format!("{me} grants {c} a pre-vote for term {term}: {c}'s log is at least as up-to-date and {me} has not heard from a leader recently; nothing changes at {me} (§9.6)");
    }
    if before.role() == Role::Leader {
        return format!("{me} refuses {c} a pre-vote for term {term}: {me} is the leader (§9.6)");
    }
    if before.heard_from_leader_recently() {
        return format!("{me} refuses {c} a pre-vote for term {term}: it heard from a leader within the minimum election timeout (§9.6)");
    }
    if term <= before.current_term() {
        return format!(
            "{me} refuses {c} a pre-vote for term {term}: {me} is already at term {} (§9.6)",
            before.current_term()
        );
    }
    format!(
        "{me} refuses {c} a pre-vote for term {term}: {me}'s log (last term {}, index {}) is more up-to-date than {c}'s (§5.4.1, §9.6)",
        log.last_term(),
        log.last_index()
    )
}

fn pre_vote_reply(
    s: &Story<RaftNode>,
    before: &RaftNode,
    from: NodeId,
    m: &RequestVoteReply,
) -> String {
    let me = before.id();
    let asked = before.current_term() + 1;
    if !m.vote_granted && m.term > before.current_term() {
        return format!(
            "{me} sees term {} in {from}'s pre-vote reply and becomes a follower of that term (§5.1)",
            m.term
        );
    }
    if before.role() != Role::PreCandidate || m.term != asked {
        return format!(
            "{me} ignores {from}'s pre-vote reply: it is no longer asking for term {}",
            m.term
        );
    }
    if !m.vote_granted {
        return format!("{from} refused {me} a pre-vote for term {asked}");
    }
    let mut voters: Vec<NodeId> = before.votes_granted().collect();
    voters.push(from);
    voters.sort();
    voters.dedup();
    if s.notes().any(|n| matches!(n, Note::StartedElection { .. })) {
        return format!(
            "{me} has pre-votes from {}, a majority: now it starts a real election for term {asked} (§9.6)",
            names(&voters)
        );
    }
    format!(
        "{me} gets {from}'s pre-vote for term {asked}: {} of the {} it needs (§9.6)",
        voters.len(),
        quorum(before)
    )
}

fn timeout_now(s: &Story<RaftNode>, me: NodeId, m: &conlab_raft::TimeoutNow) -> String {
    let l = m.leader_id;
    match s.notes().find_map(|n| match n {
        Note::StartedElection { term } => Some(*term),
        _ => None,
    }) {
        Some(term) => format!("{me} gets TimeoutNow from {l}, which is handing it leadership, and starts an election for term {term} at once, without PreVote (§3.10)"),
        None => format!("{me} ignores TimeoutNow from {l}: it is from term {}, no longer {me}'s", m.term),
    }
}

/// The leader's election-timeout period: CheckQuorum (§6.2) and a transfer's deadline (§3.10).
fn check_quorum(s: &Story<RaftNode>, before: &RaftNode) -> String {
    let me = before.id();
    if s.notes().any(|n| matches!(n, Note::SteppedDown { .. })) {
        return format!("{me} steps down: it has not heard from a majority for an election timeout (CheckQuorum)");
    }
    match before.transferee() {
        Some(t) => format!("{me} gives up handing leadership to {t}: no new leader took over within an election timeout, so it takes client commands again (§3.10)"),
        None => format!("{me} heard from a majority within the last election timeout, so it keeps leading (CheckQuorum)"),
    }
}

fn install_snapshot(s: &Story<RaftNode>, before: &RaftNode, m: &InstallSnapshot) -> String {
    let (me, l, i, c) = (
        before.id(),
        m.leader_id,
        m.snapshot.last_included_index,
        before.current_term(),
    );
    if m.term < c {
        return format!(
            "{me} rejects {l}'s InstallSnapshot: term {} is older than its term {c} (§5.1)",
            m.term
        );
    }
    if !s
        .notes()
        .any(|n| matches!(n, Note::InstalledSnapshot { .. }))
    {
        return format!(
            "{me} ignores {l}'s stale snapshot ≤ {i}: it has committed through {} (§7)",
            before.commit_index()
        );
    }
    let kept = s.world.node(me).node.log().last_index() > i;
    format!(
        "{me} installs {l}'s snapshot ≤ {i}: its state machine restarts from it and {} (§7, Figure 13)",
        if kept {
            "it keeps the entries after it"
        } else {
            "its log is discarded"
        }
    )
}

fn timeout(s: &Story<RaftNode>, me: NodeId, what: &str) -> String {
    if let Some(term) = s.notes().find_map(|n| match n {
        Note::StartedPreVote { term } => Some(*term),
        _ => None,
    }) {
        return format!("{me} {what} and becomes a pre-candidate: it asks the others whether they would vote for it in term {term}, without raising its own term (§9.6)");
    }
    let started = s.notes().find_map(|n| match n {
        Note::StartedElection { term } => Some(*term),
        _ => None,
    });
    let Some(term) = started else {
        return format!("{me} {what}, but it is the leader: nothing to do");
    };
    if s.notes().any(|n| matches!(n, Note::BecameLeader { .. })) {
        return format!(
            "{me} {what}, starts an election for term {term} and wins it with its own vote (§5.2)"
        );
    }
    format!("{me} {what} and starts an election for term {term}: it votes for itself and asks the others (§5.2)")
}

fn heartbeat(s: &Story<RaftNode>, me: NodeId) -> String {
    let to: Vec<NodeId> = s.sent().map(|(to, _)| to).collect();
    if to.is_empty() {
        return format!("{me}'s heartbeat tick: every follower heard from it since the last one");
    }
    format!(
        "{me} sends AppendEntries to {} so that no follower times out (§5.2)",
        names(&to)
    )
}

fn client(s: &Story<RaftNode>, me: NodeId, command: &str) -> String {
    let head = format!("A client sends “{command}” to {me}");
    let leading = s.before.is_some_and(|b| b.role() == Role::Leader);
    match s.replies().next() {
        Some(Reply::NotLeader {
            leader_hint: Some(l),
        }) if leading => format!("{head}: it is handing leadership to {l}, so it takes no new commands and points to {l} (§3.10)"),
        Some(Reply::Transferring { to }) => format!("{head}, the leader: it stops taking commands, brings {to}'s log up to date and then tells it to start an election (§3.10)"),
        Some(Reply::NotLeader {
            leader_hint: Some(l),
        }) => format!("{head}: not the leader, it points to {l} (§8)"),
        Some(Reply::NotLeader { leader_hint: None }) => {
            format!("{head}: not the leader, and it knows no leader yet (§8)")
        }
        Some(Reply::Accepted { index, term }) => format!(
            "{head}, the leader: it appends it at index {index} in term {term} and replicates it (§5.3)"
        ),
        Some(Reply::Applied { index, .. }) => {
            format!("{head}, the leader: it commits it at index {index} at once")
        }
        Some(Reply::Refused { reason }) => format!("{head}, the leader: it refuses, {reason}"),
        Some(Reply::LearnerRemoved { server }) => {
            format!("{head}, the leader: it stops adding {server}, a learner (§4.2.1)")
        }
        None => head,
    }
}

/// What a client is told, beside the command box.
pub(super) fn answer(node: NodeId, reply: &Reply) -> Answer {
    match reply {
        Reply::NotLeader {
            leader_hint: Some(l),
        } => Answer::redirect(format!("{node} is not the leader; it points to {l}"), *l),
        Reply::NotLeader { leader_hint: None } => Answer::settled(
            "redirect",
            format!("{node} is not the leader and knows none"),
        ),
        Reply::Accepted { index, .. } => Answer::pending(format!(
            "{node} appended it at index {index}; waiting for a majority"
        )),
        Reply::Applied { index, outcome } => Answer::settled(
            "done",
            format!("committed at index {index}: {}", outcome_text(outcome)),
        ),
        Reply::Refused { reason } => Answer::settled("refused", format!("refused: {reason}")),
        Reply::Transferring { to } => {
            Answer::settled("done", format!("{node} is handing leadership to {to}"))
        }
        Reply::LearnerRemoved { server } => {
            Answer::settled("done", format!("{node} stopped adding {server}"))
        }
    }
}
