use conlab_core::NodeId;
use conlab_raft::{
    AppendEntries, AppendEntriesReply, Msg, RaftNode, RequestVote, RequestVoteReply, Role,
};
use conlab_sim::{Frame, NodeFrame};
use yew::prelude::*;

use super::inspector_parts::{field, inspector_panel, message_card, CommandForm, NodeMenu};
use super::Shared;
use crate::state::{Action, Selection};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub frame: Shared<Frame<RaftNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

/// The selected node's whole state and its menu of interventions, or the selected message's
/// fields with a "drop" button.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let body = match props.selection {
        Some(Selection::Node(id)) => props
            .frame
            .nodes
            .get(id.index())
            .map(|node| html! { <NodeDetails node={node.clone()} on_action={props.on_action.clone()} /> }),
        Some(Selection::Message(id)) => props.frame.messages.iter().find(|m| m.id == id).map(|m| {
                    message_card(m, None, message_fields(&m.msg), &props.on_action)
        }),
        None => None,
    };
    inspector_panel(body, "Click a server to inspect it and to crash, restart or time it out, or to send it a client command. Click a message in flight to see its fields or drop it.")
}

fn message_fields(msg: &Msg) -> Html {
    match msg {
        Msg::RequestVote(RequestVote {
            term,
            candidate_id,
            last_log_index,
            last_log_term,
        }) => html! { <>
            { field("term", term.to_string()) }
            { field("candidateId", candidate_id.to_string()) }
            { field("lastLogIndex", last_log_index.to_string()) }
            { field("lastLogTerm", last_log_term.to_string()) }
        </> },
        Msg::RequestVoteReply(RequestVoteReply { term, vote_granted }) => html! { <>
            { field("term", term.to_string()) }
            { field("voteGranted", vote_granted.to_string()) }
        </> },
        Msg::AppendEntries(AppendEntries {
            term,
            leader_id,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        }) => html! { <>
            { field("term", term.to_string()) }
            { field("leaderId", leader_id.to_string()) }
            { field("prevLogIndex", prev_log_index.to_string()) }
            { field("prevLogTerm", prev_log_term.to_string()) }
            { field("entries", if entries.is_empty() { "none (heartbeat)".into() } else {
                entries.iter().map(|e| format!("[T{} {}]", e.term, e.command)).collect::<Vec<_>>().join(" ")
            }) }
            { field("leaderCommit", leader_commit.to_string()) }
        </> },
        Msg::AppendEntriesReply(AppendEntriesReply {
            term,
            success,
            match_index,
        }) => html! { <>
            { field("term", term.to_string()) }
            { field("success", success.to_string()) }
            { field(if *success { "matchIndex" } else { "hint (last index)" }, match_index.to_string()) }
        </> },
    }
}

#[derive(Properties)]
struct NodeDetailsProps {
    node: NodeFrame<RaftNode>,
    on_action: Callback<Action>,
}

/// Node frames are rebuilt for every frame; always re-render.
impl PartialEq for NodeDetailsProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[function_component(NodeDetails)]
fn node_details(props: &NodeDetailsProps) -> Html {
    let node = &props.node;
    let raft = &node.node;
    let id = raft.id();
    let role = if node.up {
        raft.role().name()
    } else {
        "crashed"
    };
    let leader_table = (node.up && raft.role() == Role::Leader).then(|| {
        let rows = NodeId::all(raft.cluster_size()).filter(|&p| p != id).map(|p| html! {
            <tr><th scope="row">{ p.to_string() }</th><td>{ raft.next_index(p) }</td><td>{ raft.match_index(p) }</td></tr>
        });
        html! {
            <table class="mini-table" aria-label="Leader's view of followers">
                <thead><tr><th scope="col">{ "follower" }</th><th scope="col">{ "nextIndex" }</th><th scope="col">{ "matchIndex" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    let log: Vec<String> = raft
        .log()
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{}:T{} {}", i + 1, e.term, e.command))
        .collect();
    html! {
        <div class="inspector-body" data-inspect="node" data-node-id={id.0.to_string()}>
            <h3 class="inspector-title">{ format!("{id} — {role}") }</h3>
            <NodeMenu {id} up={node.up} timeout_title="Start an election now" on_action={props.on_action.clone()} />
            <CommandForm {id} up={node.up} label="Client command" button="Send" initial="set x 3" input_id="client-command" on_action={props.on_action.clone()} />
            <dl class="fields">
                { field("currentTerm", raft.current_term().to_string()) }
                { field("votedFor", raft.voted_for().map_or("none".into(), |v| v.to_string())) }
                { field("commitIndex", raft.commit_index().to_string()) }
                { field("lastApplied", raft.last_applied().to_string()) }
                { field("leader", raft.leader_id().map_or("unknown".into(), |v| v.to_string())) }
                { field("log", if log.is_empty() { "empty".into() } else { log.join(", ") }) }
            </dl>
            { leader_table.unwrap_or_default() }
        </div>
    }
}
