use conlab_core::NodeId;
use conlab_sim::view::{ClientAnswer, LegendItem};
use conlab_sim::{Intervention, Scenario, Stats, ViewFrame};
use yew::prelude::*;

use super::client_reply::client_replies;
use super::inspector_parts::{command_form, CommandFormProps};
use super::legend::legend;
use super::stage::Stage;
use crate::format::fmt_sim_time;
use crate::shared::Shared;
use crate::state::{Action, Dialog, Selection};

/// What the comparison shows.
pub struct CompareProps {
    pub raft: Shared<ViewFrame>,
    pub multi: Shared<ViewFrame>,
    pub raft_stats: Stats,
    pub multi_stats: Stats,
    /// The shared settings (the Raft side's scenario), for the counters' explanations.
    pub scenario: Shared<Scenario>,
    pub legend: Vec<LegendItem>,
    pub selection: Option<Selection>,
    /// The latest client requests with each side's answer, shown under the command box.
    pub answers: Shared<Vec<ClientAnswer>>,
    pub on_action: Callback<Action>,
}

/// Raft and Multi-Paxos side by side under the same faults, with live counters beside them
/// and a sentence per counter on why the two differ.
pub fn compare(props: &CompareProps) -> Html {
    let raft_ok = props.raft.violations.is_empty();
    let multi_ok = props.multi.violations.is_empty();
    html! {
        <div class="compare">
            { compare_toolbar(props.selection, &props.answers, &props.on_action) }
            <div class="compare-stages">
                <div class="compare-side" data-side="raft">
                    <h2 class="compare-title">{ "Raft" }{ safety_badge(raft_ok) }</h2>
                    <Stage frame={props.raft.clone()} selection={props.selection} on_action={props.on_action.clone()} />
                </div>
                <div class="compare-side" data-side="multipaxos">
                    <h2 class="compare-title">{ "Multi-Paxos" }{ safety_badge(multi_ok) }</h2>
                    <Stage frame={props.multi.clone()} selection={props.selection} on_action={props.on_action.clone()} />
                </div>
                { counters(&props.raft_stats, &props.multi_stats, &props.scenario) }
                <div class="compare-legend">
                    { legend(&props.legend) }
                </div>
            </div>
        </div>
    }
}

fn safety_badge(ok: bool) -> Html {
    if ok {
        html! { <span class="badge badge-ok" data-safety="holds">{ "safe so far" }</span> }
    } else {
        html! { <span class="badge badge-bad" data-safety="violated">{ "safety violated" }</span> }
    }
}

/// Faults hit the same server on both sides; a command goes to each side's leader.
fn compare_toolbar(
    selection: Option<Selection>,
    answers: &[ClientAnswer],
    on_action: &Callback<Action>,
) -> Html {
    let act = |intervention: Intervention| {
        on_action.reform(move |_: MouseEvent| Action::Intervene(intervention.clone()))
    };
    let open_partition = on_action.reform(|_: MouseEvent| Action::Open(Some(Dialog::Partition)));
    let node = match selection {
        Some(Selection::Node(id)) => Some(id),
        _ => None,
    };
    html! {
        <div class="panel compare-toolbar" role="group" aria-label="Faults and commands for both sides">
            // The node is only a fallback: each side sends to its own leader.
            { command_form(&CommandFormProps { id: NodeId(1), up: true, compact: true, label: "Client command to both leaders", button: "Send", initial: "set x 1", input_id: "compare-command".into(), input_class: "", on_action: on_action.clone() }) }
            <div class="actions">
                if let Some(id) = node {
                    <span class="selected-node">{ format!("{id}:") }</span>
                    <button type="button" class="btn btn-danger" onclick={act(Intervention::Crash { node: id })}>{ "Crash" }</button>
                    <button type="button" class="btn" onclick={act(Intervention::Restart { node: id })}>{ "Restart" }</button>
                    <button type="button" class="btn" onclick={act(Intervention::Timeout { node: id })}>{ "Time out now" }</button>
                    <button type="button" class="btn" onclick={act(Intervention::Partition { groups: vec![vec![id]] })}>{ "Isolate" }</button>
                } else {
                    <span class="panel-hint">{ "Click a server on either side to crash, restart or isolate it on both." }</span>
                }
                <button type="button" class="btn" onclick={open_partition}>{ "Partition…" }</button>
                <button type="button" class="btn" onclick={act(Intervention::Heal)}>{ "Heal" }</button>
            </div>
            { client_replies(answers, on_action) }
        </div>
    }
}

/// The live counters, one column per protocol.
fn counters(r: &Stats, m: &Stats, s: &Scenario) -> Html {
    let kinds: Vec<&'static str> =
        r.sent
            .iter()
            .chain(&m.sent)
            .map(|(k, _)| *k)
            .fold(Vec::new(), |mut v, k| {
                if !v.contains(&k) {
                    v.push(k);
                }
                v
            });
    let sent = |stats: &Stats, kind: &str| {
        stats
            .sent
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    };
    let row = |label: String, key: &str, a: String, b: String| {
        html! {
            <tr data-counter={key.to_string()}><th scope="row">{ label }</th><td data-side="raft">{ a }</td><td data-side="multipaxos">{ b }</td></tr>
        }
    };
    let why = |key: &str, text: String| {
        html! {
            <tr class="counter-why" data-why={key.to_string()}><td colspan="3">{ text }</td></tr>
        }
    };
    let range = |r: conlab_core::TickRange| format!("{}–{} ms", r.min, r.max);
    let latency = |s: &Stats| {
        let n = s.commit_latencies_ms.len();
        if n == 0 {
            return "—".to_string();
        }
        let sum: u64 = s.commit_latencies_ms.iter().sum();
        let max = s.commit_latencies_ms.iter().max().copied().unwrap_or(0);
        format!("{} ms avg, {} ms max ({n})", sum / n as u64, max)
    };
    html! {
        <section class="panel counters" aria-label="Counters">
            <h2 class="panel-title">{ "Side by side" }</h2>
            <table class="mini-table">
                <thead><tr><th scope="col"></th><th scope="col">{ "Raft" }</th><th scope="col">{ "Multi-Paxos" }</th></tr></thead>
                <tbody>
                    { row("messages sent".into(), "messages", r.messages_sent().to_string(), m.messages_sent().to_string()) }
                    { why("messages", format!(
                        "Raft's heartbeat (every {} ms) is an empty AppendEntries that every follower answers; Multi-Paxos's (every {} ms) gets no answer unless a replica lags, so idle Raft sends about twice as many messages.",
                        s.raft.heartbeat_ms, s.multipaxos.heartbeat_ms
                    )) }
                    { for kinds.iter().map(|k| row(format!("· {k}"), k, sent(r, k).to_string(), sent(m, k).to_string())) }
                    { row("commit latency".into(), "latency", latency(r), latency(m)) }
                    { why("latency", "With a stable leader, one round trip to a majority per command: Raft's AppendEntries, Multi-Paxos's phase 2 (Accept); its phase 1 ran once for all slots when the leader took over.".into()) }
                    if r.clients.is_some() || m.clients.is_some() {
                        { row("client latency".into(), "client_latency", client_latency(r), client_latency(m)) }
                        { why("client_latency", "From a workload client's invocation to its answer, retries and redirects included: with a stable leader both need one round trip to a majority and the apply; around a leader change clients time out and try elsewhere.".into()) }
                    }
                    { row("leader changes".into(), "leader_changes", r.leader_changes.to_string(), m.leader_changes.to_string()) }
                    { why("leader_changes", "After a randomized timeout a follower stands: Raft's RequestVote is won only with a log at least as up-to-date (§5.4.1); Multi-Paxos's Prepare (phase 1) makes the new leader re-propose what the promises report.".into()) }
                    { row("time without a leader".into(), "leaderless", fmt_sim_time(r.leaderless_ms), fmt_sim_time(m.leaderless_ms)) }
                    { why("leaderless", format!(
                        "One timeout (Raft {}, Multi-Paxos {}), then a round trip for votes or promises.",
                        range(s.raft.election_timeout_ms), range(s.multipaxos.leader_timeout_ms)
                    )) }
                </tbody>
            </table>
        </section>
    }
}

/// What the workload's clients waited, on one side: mean and 99th percentile, with how many
/// answers and retries ("—" before the first answer).
fn client_latency(s: &Stats) -> String {
    let Some(c) = &s.clients else {
        return "—".into();
    };
    match c.latency_mean_p99() {
        Some((mean, p99)) => format!(
            "{mean} ms avg, {p99} ms p99 ({} answered, {} retries)",
            c.completed, c.retries
        ),
        None => "—".into(),
    }
}
