//! Narration tests: on scripted scenarios, the sentence at given steps names the right nodes,
//! terms and indices, and the simulation state agrees with it.

use super::{compare_lab, AnyLab, Lab, ProtocolView, ViewFrame};
use crate::{Intervention, ProtocolKind, Scenario};
use conlab_core::NodeId;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::{RaftNode, Role};

fn lab<P: ProtocolView>(kind: ProtocolKind) -> Lab<P> {
    Lab::new(Scenario::new(kind, 5, 1)).unwrap()
}

/// Step until the sentence at the cursor contains `needle`; that sentence.
fn step_until<P: ProtocolView>(lab: &mut Lab<P>, needle: &str) -> String {
    for _ in 0..5_000 {
        assert!(lab.step_forward(), "the run ended before “{needle}”");
        if let Some(text) = lab.narration().filter(|t| t.contains(needle)) {
            return text;
        }
    }
    panic!("no step said “{needle}”");
}

/// The number after `word ` in `text`.
fn number_after(text: &str, word: &str) -> u64 {
    let rest = &text[text.find(word).unwrap() + word.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap()
}

/// The node a sentence starts with (`S4 …`).
fn subject(text: &str) -> NodeId {
    NodeId(number_after(text, "S") as u8)
}

fn leader(lab: &Lab<RaftNode>) -> NodeId {
    let world = lab.world();
    world
        .nodes()
        .iter()
        .find(|s| s.up && s.node.role() == Role::Leader)
        .map(|s| s.node.id())
        .unwrap()
}

#[test]
fn raft_election_sentences_match_the_state() {
    let mut lab = lab::<RaftNode>(ProtocolKind::Raft);
    let text = step_until(&mut lab, "times out and starts an election for term");
    let (c, term) = (subject(&text), number_after(&text, "term "));
    assert!(text.ends_with("(§5.2)"), "{text}");
    let node = &lab.world().node(c).node;
    assert_eq!((node.role(), node.current_term()), (Role::Candidate, term));

    let text = step_until(&mut lab, "grants its vote to");
    let voter = subject(&text);
    let node = &lab.world().node(voter).node;
    assert!(text.contains(&format!("to {c} for term {term}")), "{text}");
    assert_eq!(node.voted_for(), Some(c));
    assert!(text.ends_with("(§5.4.1)"), "{text}");

    let text = step_until(&mut lab, "wins the election");
    assert_eq!(subject(&text), c, "{text}");
    assert_eq!(lab.world().node(c).node.role(), Role::Leader);
    assert!(text.contains("a majority of 5"), "{text}");
}

#[test]
fn a_restarted_follower_rejects_and_the_leader_backs_up() {
    let mut lab = lab::<RaftNode>(ProtocolKind::Raft);
    lab.seek(1_000);
    let l = leader(&lab);
    let f = NodeId(if l == NodeId(1) { 2 } else { 1 });
    lab.intervene(Intervention::Crash { node: f }).unwrap();
    assert!(lab
        .narration()
        .unwrap()
        .starts_with(&format!("{f} crashes")));
    for i in 0..3 {
        lab.intervene(Intervention::Client {
            node: l,
            command: format!("set k{i} {i}"),
        })
        .unwrap();
        let text = lab
            .recent_events()
            .into_iter()
            .rev()
            .find(|n| n.text.contains("A client"))
            .unwrap()
            .text;
        assert!(
            text.contains(&format!("to {l}, the leader: it appends it at index")),
            "{text}"
        );
    }
    lab.seek(2_000);
    lab.intervene(Intervention::Restart { node: f }).unwrap();
    let text = step_until(&mut lab, "rejects AppendEntries");
    assert_eq!(subject(&text), f, "{text}");
    let p = number_after(&text, "index ");
    assert!(lab.world().node(f).node.log().last_index() < p, "{text}");
    assert!(
        text.ends_with("so the leader will back up nextIndex (§5.3)"),
        "{text}"
    );
    let text = step_until(&mut lab, "backs up nextIndex");
    let next = number_after(&text, &format!("for {f} to "));
    assert_eq!(lab.world().node(l).node.next_index(f), next, "{text}");
}

#[test]
fn a_command_to_a_follower_is_answered_with_the_leader() {
    let mut lab = lab::<RaftNode>(ProtocolKind::Raft);
    lab.seek(1_000);
    let l = leader(&lab);
    let f = NodeId(if l == NodeId(1) { 2 } else { 1 });
    lab.intervene(Intervention::Client {
        node: f,
        command: "set x 7".into(),
    })
    .unwrap();
    let text = lab.narration().unwrap();
    assert!(
        text.contains(&format!("to {f}: not the leader, it points to {l} (§8)")),
        "{text}"
    );
    let answer = &lab.client_answers(4)[0];
    assert_eq!(
        (answer.answer.state, answer.answer.resend_to),
        ("redirect", Some(l))
    );
    assert_eq!(answer.command, "set x 7");

    // Resent to the leader: committed, then a read returns the value.
    lab.intervene(Intervention::Client {
        node: l,
        command: "set x 7".into(),
    })
    .unwrap();
    assert_eq!(lab.client_answers(4)[0].answer.state, "pending");
    lab.seek(1_500);
    lab.intervene(Intervention::Client {
        node: l,
        command: "get x".into(),
    })
    .unwrap();
    lab.seek(2_500);
    let answers = lab.client_answers(4);
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].answer.state, "done");
    assert!(
        answers[0].answer.text.ends_with(": value 7"),
        "{:?}",
        answers[0]
    );
    assert!(
        answers[1].answer.text.starts_with("committed at index"),
        "{:?}",
        answers[1]
    );
}

#[test]
fn a_command_to_a_crashed_node_is_unanswered_after_a_while() {
    let mut lab = lab::<RaftNode>(ProtocolKind::Raft);
    lab.seek(1_000);
    lab.intervene(Intervention::Crash { node: NodeId(3) })
        .unwrap();
    lab.intervene(Intervention::Client {
        node: NodeId(3),
        command: "set y 1".into(),
    })
    .unwrap();
    assert!(lab
        .narration()
        .unwrap()
        .contains("which is crashed: no answer"));
    assert_eq!(lab.client_answers(1)[0].answer.state, "pending");
    lab.seek(1_000 + super::ANSWER_WAIT_MS);
    assert_eq!(lab.client_answers(1)[0].answer.state, "unanswered");
}

#[test]
fn stepping_back_shows_the_previous_sentence_again() {
    let mut lab = lab::<RaftNode>(ProtocolKind::Raft);
    lab.seek(400);
    let before = (lab.narration(), lab.recent_events());
    assert!(before.0.is_some());
    assert!(lab.step_forward());
    assert_ne!(lab.narration(), before.0);
    assert!(lab.step_back());
    assert_eq!((lab.narration(), lab.recent_events()), before);
    assert_eq!(before.1.len(), super::RECENT);
    assert_eq!(before.1.last().unwrap().step as usize, lab.cursor().steps);
}

fn chosen_slots(frame: &ViewFrame) -> Vec<Option<u64>> {
    frame.chosen.iter().map(|c| c.slot).collect()
}

#[test]
fn multipaxos_says_when_a_slot_is_chosen() {
    let mut lab = lab::<MultiPaxosNode>(ProtocolKind::MultiPaxos);
    let text = step_until(&mut lab, "leads with ballot");
    let l = subject(&text);
    assert_eq!(
        lab.world().node(l).node.role(),
        conlab_paxos::multi::Role::Leader
    );
    lab.intervene(Intervention::Client {
        node: l,
        command: "set x 1".into(),
    })
    .unwrap();
    let text = step_until(&mut lab, "is chosen: a majority accepted");
    let slot = number_after(&text, "Slot ");
    assert!(chosen_slots(&lab.frame()).contains(&Some(slot)), "{text}");
}

#[test]
fn paxos_promises_and_learning_match_the_state() {
    let mut lab = lab::<PaxosNode>(ProtocolKind::Paxos);
    lab.intervene(Intervention::Client {
        node: NodeId(2),
        command: "blue".into(),
    })
    .unwrap();
    let text = step_until(&mut lab, "promises ballot");
    let a = subject(&text);
    let promised = lab.world().node(a).node.promised().unwrap();
    assert!(
        text.contains(&format!("ballot {}", super::ballot_text(promised))),
        "{text}"
    );
    assert!(text.contains("phase 1b"), "{text}");
    let text = step_until(&mut lab, "learns blue is chosen");
    assert!(lab.world().node(subject(&text)).node.learned().is_some());
    assert_eq!(lab.frame().chosen[0].value, "blue");
}

#[test]
fn compare_mode_names_each_side() {
    let mut lab = compare_lab(&Scenario::new(ProtocolKind::Raft, 5, 1)).unwrap();
    lab.seek(1_000);
    let events = lab.recent_events();
    assert!(events.iter().any(|n| n.text.starts_with("Raft: ")));
    assert!(events.iter().any(|n| n.text.starts_with("Multi-Paxos: ")));
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
    lab.intervene(Intervention::Client {
        node: NodeId(1),
        command: "set x 1".into(),
    })
    .unwrap();
    let answers = lab.client_answers(4);
    assert_eq!(answers.len(), 2);
    assert!(answers
        .iter()
        .any(|a| a.answer.text.starts_with("Multi-Paxos: ")));
}

fn documented(stem: &str) -> Lab<RaftNode> {
    let path = format!(
        "{}/../../docs/scenarios/{stem}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    Lab::new(Scenario::from_json(&text).unwrap()).unwrap()
}

#[test]
fn pre_vote_sentences_say_who_refuses_and_why() {
    let mut lab = documented("raft-prevote-rejoin");
    let text = step_until(&mut lab, "becomes a pre-candidate");
    assert!(
        text.contains("without raising its own term (§9.6)"),
        "{text}"
    );
    let text = step_until(
        &mut lab,
        "refuses S3 a pre-vote for term 2: S1 is the leader",
    );
    assert!(text.starts_with("S1 "), "{text}");
    let text = step_until(
        &mut lab,
        "refuses S3 a pre-vote for term 2: it heard from a leader",
    );
    assert_eq!(lab.world().node(subject(&text)).node.current_term(), 1);
}

#[test]
fn check_quorum_and_transfer_sentences_match_the_state() {
    let mut lab = documented("raft-check-quorum");
    let text = step_until(&mut lab, "steps down: it has not heard from a majority");
    assert!(text.starts_with("S1 "), "{text}");
    assert_ne!(lab.world().node(NodeId(1)).node.role(), Role::Leader);

    let mut lab = documented("raft-leader-transfer");
    let text = step_until(&mut lab, "takes no new commands and points to S3 (§3.10)");
    assert!(text.contains("set w 4"), "{text}");
    let text = step_until(&mut lab, "gets TimeoutNow from S1");
    assert!(
        text.contains("starts an election for term 2 at once, without PreVote (§3.10)"),
        "{text}"
    );
    assert_eq!(lab.world().node(NodeId(3)).node.role(), Role::Candidate);
}
