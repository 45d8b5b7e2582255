use conlab_core::TickRange;
use conlab_raft::ReadMode;
use conlab_sim::{ProtocolKind, Scenario, MAX_NODES};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::dialog::Form;
use crate::gallery::Request;
use crate::state::Action;

/// A number the form edits: its input's id and label, its bounds, and how it is read from and
/// written to the scenario.
struct Number {
    id: &'static str,
    label: &'static str,
    min: u64,
    max: u64,
    get: fn(&Scenario) -> u64,
    set: fn(&mut Scenario, u64),
}

/// A protocol option the form switches on and off (`data-option` names it).
struct Flag {
    option: &'static str,
    label: &'static str,
    get: fn(&Scenario) -> bool,
    set: fn(&mut Scenario, bool),
}

/// One fieldset of the form, shown for every protocol or for one.
struct Section {
    legend: &'static str,
    protocol: Option<ProtocolKind>,
    numbers: &'static [Number],
    flags: &'static [Flag],
}

/// The form, as data: one loop draws every field (issue 15: each hand-written field cost the
/// page its own copy of the markup code).
const SECTIONS: &[Section] = &[
    Section {
        legend: "Cluster",
        protocol: None,
        numbers: &[
            Number {
                id: "set-nodes",
                label: "servers (1–15)",
                min: 1,
                max: MAX_NODES as u64,
                get: |s| s.nodes as u64,
                set: |s, v| s.nodes = v as usize,
            },
            Number {
                id: "set-seed",
                label: "seed",
                min: 0,
                max: u32::MAX as u64,
                get: |s| s.seed,
                set: |s, v| s.seed = v,
            },
        ],
        flags: &[],
    },
    Section {
        legend: "Network",
        protocol: None,
        numbers: &[
            Number {
                id: "set-lat-min",
                label: "latency min (ms)",
                min: 1,
                max: 60_000,
                get: |s| s.network.latency_ms.min,
                set: |s, v| s.network.latency_ms = TickRange::new(v, s.network.latency_ms.max),
            },
            Number {
                id: "set-lat-max",
                label: "latency max (ms)",
                min: 1,
                max: 60_000,
                get: |s| s.network.latency_ms.max,
                set: |s, v| s.network.latency_ms = TickRange::new(s.network.latency_ms.min, v),
            },
            Number {
                id: "set-drop",
                label: "drop rate (%)",
                min: 0,
                max: 100,
                get: |s| (s.network.drop * 100.0).round() as u64,
                set: |s, v| s.network.drop = v as f64 / 100.0,
            },
            Number {
                id: "set-dup",
                label: "duplicate rate (%)",
                min: 0,
                max: 100,
                get: |s| (s.network.duplicate * 100.0).round() as u64,
                set: |s, v| s.network.duplicate = v as f64 / 100.0,
            },
        ],
        flags: &[],
    },
    Section {
        legend: "Raft timing",
        protocol: Some(ProtocolKind::Raft),
        numbers: &[
            Number {
                id: "set-et-min",
                label: "election timeout min (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.raft.election_timeout_ms.min,
                set: |s, v| {
                    s.raft.election_timeout_ms = TickRange::new(v, s.raft.election_timeout_ms.max)
                },
            },
            Number {
                id: "set-et-max",
                label: "election timeout max (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.raft.election_timeout_ms.max,
                set: |s, v| {
                    s.raft.election_timeout_ms = TickRange::new(s.raft.election_timeout_ms.min, v)
                },
            },
            Number {
                id: "set-hb",
                label: "heartbeat (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.raft.heartbeat_ms,
                set: |s, v| s.raft.heartbeat_ms = v,
            },
        ],
        flags: &[
            Flag {
                option: "pre_vote",
                label: "PreVote: ask before raising the term",
                get: |s| s.raft.pre_vote,
                set: |s, on| s.raft.pre_vote = on,
            },
            Flag {
                option: "check_quorum",
                label: "CheckQuorum: a leader without a majority steps down",
                get: |s| s.raft.check_quorum,
                set: |s, on| s.raft.check_quorum = on,
            },
            // raft.reads as two boxes: a lease read falls back to ReadIndex, so the lease
            // box implies the first, and clearing the first clears both.
            Flag {
                option: "read_index",
                label: "ReadIndex: a get confirms leadership, not a log entry (§6.4)",
                get: |s| s.raft.reads != ReadMode::Log,
                set: |s, on| {
                    s.raft.reads = if on {
                        ReadMode::ReadIndex
                    } else {
                        ReadMode::Log
                    }
                },
            },
            Flag {
                option: "lease",
                label: "Lease: a recent majority lets the leader read at once (§6.4.1)",
                get: |s| s.raft.reads == ReadMode::Lease,
                set: |s, on| {
                    s.raft.reads = if on {
                        ReadMode::Lease
                    } else {
                        ReadMode::ReadIndex
                    }
                },
            },
        ],
    },
    Section {
        legend: "Paxos",
        protocol: Some(ProtocolKind::Paxos),
        numbers: &[],
        flags: &[
            Flag {
                option: "backoff",
                label: "randomized backoff before retrying",
                get: |s| s.paxos.backoff,
                set: |s, on| s.paxos.backoff = on,
            },
            Flag {
                option: "nack",
                label: "acceptors answer a stale ballot with Nack",
                get: |s| s.paxos.nack,
                set: |s, on| s.paxos.nack = on,
            },
        ],
    },
    Section {
        legend: "Multi-Paxos timing",
        protocol: Some(ProtocolKind::MultiPaxos),
        numbers: &[
            Number {
                id: "set-lt-min",
                label: "leader timeout min (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.multipaxos.leader_timeout_ms.min,
                set: |s, v| {
                    s.multipaxos.leader_timeout_ms =
                        TickRange::new(v, s.multipaxos.leader_timeout_ms.max)
                },
            },
            Number {
                id: "set-lt-max",
                label: "leader timeout max (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.multipaxos.leader_timeout_ms.max,
                set: |s, v| {
                    s.multipaxos.leader_timeout_ms =
                        TickRange::new(s.multipaxos.leader_timeout_ms.min, v)
                },
            },
            Number {
                id: "set-mhb",
                label: "heartbeat (ms)",
                min: 1,
                max: 600_000,
                get: |s| s.multipaxos.heartbeat_ms,
                set: |s, v| s.multipaxos.heartbeat_ms = v,
            },
        ],
        flags: &[],
    },
];

/// Cluster size, network, timeouts, seed and bug toggles of `scenario`, edited in the form's
/// `draft` (which starts from it when the dialog opens). Applying starts a new run.
pub fn settings(
    scenario: &Scenario,
    form: &UseStateHandle<Form>,
    on_action: &Callback<Action>,
) -> Html {
    let number = |apply: fn(&mut Scenario, u64)| {
        let form = form.clone();
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
                let mut next = (*form).clone();
                apply(&mut next.draft, v.max(0.0).round() as u64);
                form.set(next);
            }
        })
    };
    let toggle = |name: &'static str| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let mut all = (*form).clone();
            let next = &mut all.draft;
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
            form.set(all);
        })
    };
    let flag = |apply: fn(&mut Scenario, bool)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let mut next = (*form).clone();
            apply(&mut next.draft, input.checked());
            form.set(next);
        })
    };
    let show_me = |name: &'static str| {
        let on_action = on_action.clone();
        let protocol = form.draft.protocol;
        Callback::from(move |_: MouseEvent| {
            crate::gallery::open(Request::ShowMe(protocol, name), on_action.clone())
        })
    };
    let remove = |index: usize| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            if index < next.draft.interventions.len() {
                next.draft.interventions.remove(index);
            }
            form.set(next);
        })
    };
    // Apply drops what a new size leaves out (and says so), so only the rest can block it.
    let problem = crate::draft::applied(form.draft.clone(), scenario)
        .0
        .validate()
        .err()
        .map(|e| e.0);
    let apply = {
        let on_action = on_action.clone();
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::Apply(Box::new(form.draft.clone())));
        })
    };
    let d = &form.draft;
    let section = |section: &Section| {
        html! {
            <fieldset>
                <legend>{ section.legend }</legend>
                { for section.numbers.iter().map(|f| html! {
                    <label class="field" for={f.id}>
                        <span>{ f.label }</span>
                        <input id={f.id} type="number" inputmode="numeric" min={f.min.to_string()} max={f.max.to_string()} value={(f.get)(d).to_string()} oninput={number(f.set)} />
                    </label>
                }) }
                { for section.flags.iter().map(|f| html! {
                    <label class="check">
                        <input type="checkbox" checked={(f.get)(d)} onchange={flag(f.set)} data-option={f.option} />
                        <span>{ f.label }</span>
                    </label>
                }) }
            </fieldset>
        }
    };
    html! {
        <>
            <form class="settings" onsubmit={apply}>
                { for SECTIONS.iter().filter(|s| s.protocol.is_none_or(|p| p == d.protocol)).map(section) }
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
