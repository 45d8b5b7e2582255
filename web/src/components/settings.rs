use conlab_core::TickRange;
use conlab_sim::{ProtocolKind, Scenario, MAX_NODES};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::gallery::Request;
use crate::state::Action;

/// Cluster size, network, timeouts, seed and bug toggles of `scenario`, edited in `draft`
/// (which starts from it when the dialog opens). Applying starts a new run.
pub fn settings(
    scenario: &Scenario,
    draft: UseStateHandle<Scenario>,
    on_action: &Callback<Action>,
) -> Html {
    let number = |apply: fn(&mut Scenario, u64)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            // The browser parses the number (no float parser in the wasm); NaN when empty.
            let v = input.value_as_number();
            if v.is_finite() {
                let mut next = (*draft).clone();
                apply(&mut next, v.max(0.0).round() as u64);
                draft.set(next);
            }
        })
    };
    let toggle = |name: &'static str| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let mut next = (*draft).clone();
            let on: Vec<&str> = next
                .protocol
                .bugs()
                .iter()
                .copied()
                .filter(|&other| {
                    if other == name {
                        input.checked()
                    } else {
                        next.bug_enabled(other)
                    }
                })
                .collect();
            next.clear_bugs();
            for bug in on {
                let _ = next.enable_bug(bug);
            }
            draft.set(next);
        })
    };
    let flag = |apply: fn(&mut Scenario, bool)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let mut next = (*draft).clone();
            apply(&mut next, input.checked());
            draft.set(next);
        })
    };
    let show_me = |name: &'static str| {
        let on_action = on_action.clone();
        let protocol = draft.protocol;
        Callback::from(move |_: MouseEvent| {
            crate::gallery::open(Request::ShowMe(protocol, name), on_action.clone())
        })
    };
    let remove = |index: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            if index < next.interventions.len() {
                next.interventions.remove(index);
            }
            draft.set(next);
        })
    };
    // Apply drops what a new size leaves out (and says so), so only the rest can block it.
    let problem = crate::draft::applied((*draft).clone(), scenario)
        .0
        .validate()
        .err()
        .map(|e| e.0);
    let apply = {
        let on_action = on_action.clone();
        let draft = draft.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::Apply(Box::new((*draft).clone())));
        })
    };
    let d = &*draft;
    let field = |id: &str,
                 label: &str,
                 value: u64,
                 min: u64,
                 max: u64,
                 oninput: Callback<InputEvent>| {
        html! {
            <label class="field" for={id.to_string()}>
                <span>{ label.to_string() }</span>
                <input id={id.to_string()} type="number" inputmode="numeric" min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} />
            </label>
        }
    };
    let check = |option: &'static str, label: &'static str, on: bool, onchange: Callback<Event>| {
        html! {
            <label class="check">
                <input type="checkbox" checked={on} {onchange} data-option={option} />
                <span>{ label }</span>
            </label>
        }
    };
    html! {
        <>
            <form class="settings" onsubmit={apply}>
                <fieldset>
                    <legend>{ "Cluster" }</legend>
                    { field("set-nodes", "servers (1–15)", d.nodes as u64, 1, MAX_NODES as u64, number(|s, v| s.nodes = v as usize)) }
                    { field("set-seed", "seed", d.seed, 0, u64::from(u32::MAX), number(|s, v| s.seed = v)) }
                </fieldset>
                <fieldset>
                    <legend>{ "Network" }</legend>
                    { field("set-lat-min", "latency min (ms)", d.network.latency_ms.min, 1, 60_000, number(|s, v| s.network.latency_ms = TickRange::new(v, s.network.latency_ms.max))) }
                    { field("set-lat-max", "latency max (ms)", d.network.latency_ms.max, 1, 60_000, number(|s, v| s.network.latency_ms = TickRange::new(s.network.latency_ms.min, v))) }
                    { field("set-drop", "drop rate (%)", (d.network.drop * 100.0).round() as u64, 0, 100, number(|s, v| s.network.drop = v as f64 / 100.0)) }
                    { field("set-dup", "duplicate rate (%)", (d.network.duplicate * 100.0).round() as u64, 0, 100, number(|s, v| s.network.duplicate = v as f64 / 100.0)) }
                </fieldset>
                if d.protocol == ProtocolKind::Raft {
                    <fieldset>
                        <legend>{ "Raft timing" }</legend>
                        { field("set-et-min", "election timeout min (ms)", d.raft.election_timeout_ms.min, 1, 600_000, number(|s, v| s.raft.election_timeout_ms = TickRange::new(v, s.raft.election_timeout_ms.max))) }
                        { field("set-et-max", "election timeout max (ms)", d.raft.election_timeout_ms.max, 1, 600_000, number(|s, v| s.raft.election_timeout_ms = TickRange::new(s.raft.election_timeout_ms.min, v))) }
                        { field("set-hb", "heartbeat (ms)", d.raft.heartbeat_ms, 1, 600_000, number(|s, v| s.raft.heartbeat_ms = v)) }
                        { check("pre_vote", "PreVote: ask before raising the term", d.raft.pre_vote, flag(|s, on| s.raft.pre_vote = on)) }
                        { check("check_quorum", "CheckQuorum: a leader without a majority steps down", d.raft.check_quorum, flag(|s, on| s.raft.check_quorum = on)) }
                    </fieldset>
                }
                if d.protocol == ProtocolKind::Paxos {
                    <fieldset>
                        <legend>{ "Paxos" }</legend>
                        { check("backoff", "randomized backoff before retrying", d.paxos.backoff, flag(|s, on| s.paxos.backoff = on)) }
                        { check("nack", "acceptors answer a stale ballot with Nack", d.paxos.nack, flag(|s, on| s.paxos.nack = on)) }
                    </fieldset>
                }
                if d.protocol == ProtocolKind::MultiPaxos {
                    <fieldset>
                        <legend>{ "Multi-Paxos timing" }</legend>
                        { field("set-lt-min", "leader timeout min (ms)", d.multipaxos.leader_timeout_ms.min, 1, 600_000, number(|s, v| s.multipaxos.leader_timeout_ms = TickRange::new(v, s.multipaxos.leader_timeout_ms.max))) }
                        { field("set-lt-max", "leader timeout max (ms)", d.multipaxos.leader_timeout_ms.max, 1, 600_000, number(|s, v| s.multipaxos.leader_timeout_ms = TickRange::new(s.multipaxos.leader_timeout_ms.min, v))) }
                        { field("set-mhb", "heartbeat (ms)", d.multipaxos.heartbeat_ms, 1, 600_000, number(|s, v| s.multipaxos.heartbeat_ms = v)) }
                    </fieldset>
                }
                <fieldset>
                    <legend>{ "Scheduled interventions" }</legend>
                    if d.interventions.is_empty() {
                        <p>{ "None: the run plays by itself." }</p>
                    }
                    <ul class="intervention-list">
                        { for d.interventions.iter().enumerate().map(|(index, t)| {
                            let what = format!("{} ms: {}", t.at, t.action.describe());
                            let gone = t.action.nodes().iter().any(|id| usize::from(id.0) > d.nodes);
                            html! {
                                <li data-intervention={index.to_string()}>
                                    <span>{ what.clone() }
                                        if gone {
                                            <em>{ " (dropped at this size)" }</em>
                                        }
                                    </span>
                                    <button type="button" class="btn btn-small" aria-label={format!("Remove {what}")}
                                        onclick={remove(index)}>{ "Remove" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{ "Break it: bug toggles" }</legend>
                    { for d.protocol.bugs().iter().map(|&name| html! {
                        <div class="bug-row">
                            <label class="check">
                                <input type="checkbox" checked={d.bug_enabled(name)} onchange={toggle(name)} data-bug={name} />
                                <span>{ name.replace('_', " ") }</span>
                            </label>
                            <button type="button" class="btn btn-small" data-show-me={name}
                                aria-label={format!("Show me {}", name.replace('_', " "))}
                                onclick={show_me(name)}>{ "Show me" }</button>
                        </div>
                    }) }
                </fieldset>
                if let Some(problem) = problem.clone() {
                    <p class="form-error" role="alert">{ problem }</p>
                }
                <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled={problem.is_some()}>{ "Apply and restart" }</button>
                </div>
            </form>
        </>
    }
}
