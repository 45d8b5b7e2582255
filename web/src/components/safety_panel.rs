use conlab_check::linearizability::PROPERTY;
use conlab_check::{Property, Violation};
use conlab_sim::view::ClientCheck;
use yew::prelude::*;

use crate::state::Action;

/// The live status of every invariant (`invariants`, in display order) given every violation
/// found up to the cursor, and with a client workload the clients' history judged for
/// linearizability; a violation explains itself and offers a jump.
pub fn safety_panel(
    invariants: &'static [Property],
    violations: &[Violation],
    linearizability: Option<ClientCheck>,
    on_action: &Callback<Action>,
) -> Html {
    let row = |inv: &Property, undecided: bool| {
        let broken = violations.iter().find(|v| v.invariant == inv.name);
        let status = match (broken, undecided) {
            (Some(_), _) => "violated",
            (None, true) => "undecided",
            (None, false) => "holds",
        };
        let mark = match status {
            "violated" => "✗",
            "undecided" => "?",
            _ => "✓",
        };
        html! {
            <li class={classes!("invariant", format!("is-{status}"))} data-invariant={inv.name} data-status={status}>
                <span class="invariant-status" aria-hidden="true">{ mark }</span>
                <div class="invariant-body">
                    <span class="invariant-title" title={format!("{} ({})", inv.statement, inv.source)}>{ crate::glossary::term(inv.name, inv.title) }</span>
                    if undecided {
                        <p class="invariant-message">{ "Not decided: the search for an order ran out of steps." }</p>
                    }
                    if let Some(v) = broken {
                        <p class="invariant-message">{ &v.message }</p>
                        <button type="button" class="btn btn-compact" onclick={{
                            let (step, at_ms) = (v.step as usize, v.at);
                            on_action.reform(move |_: MouseEvent| Action::JumpToStep { step, at_ms })
                        }}>{ format!("Jump to step {} ({} ms)", v.step, v.at) }</button>
                    }
                </div>
            </li>
        }
    };
    let clients = linearizability.map(|check| row(&PROPERTY, check == ClientCheck::Undecided));
    let all_ok = violations.is_empty();
    html! {
        <section class={classes!("panel", "safety-panel", (!all_ok).then_some("has-violation"))} aria-label="Safety">
            <h2 class="panel-title">{ "Safety checks" }
                <span class="panel-hint">{ if all_ok { "all hold so far" } else { "a property was broken" } }</span>
            </h2>
            <ul class="invariants">{ for invariants.iter().map(|inv| row(inv, false)) }{ for clients }</ul>
        </section>
    }
}
