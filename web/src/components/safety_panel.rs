use conlab_check::{Property, Violation};
use yew::prelude::*;

use crate::state::Action;

/// The live status of every invariant (`invariants`, in display order) given every violation
/// found up to the cursor; a violation explains itself and offers a jump.
pub fn safety_panel(
    invariants: &'static [Property],
    violations: &[Violation],
    on_action: &Callback<Action>,
) -> Html {
    let rows = invariants.iter().map(|inv| {
        let broken = violations.iter().find(|v| v.invariant == inv.name);
        let status = if broken.is_some() { "violated" } else { "holds" };
        html! {
            <li class={classes!("invariant", format!("is-{status}"))} data-invariant={inv.name} data-status={status}>
                <span class="invariant-status" aria-hidden="true">{ if broken.is_some() { "✗" } else { "✓" } }</span>
                <div class="invariant-body">
                    <span class="invariant-title" title={format!("{} ({})", inv.statement, inv.source)}>{ crate::glossary::term(inv.name, inv.title) }</span>
                    if let Some(v) = broken {
                        <p class="invariant-message">{ &v.message }</p>
                        <button type="button" class="btn btn-compact" onclick={{
                            let on_action = on_action.clone();
                            let (step, at_ms) = (v.step as usize, v.at);
                            Callback::from(move |_: MouseEvent| on_action.emit(Action::JumpToStep { step, at_ms }))
                        }}>{ format!("Jump to step {} ({} ms)", v.step, v.at) }</button>
                    }
                </div>
            </li>
        }
    });
    let all_ok = violations.is_empty();
    html! {
        <section class={classes!("panel", "safety-panel", (!all_ok).then_some("has-violation"))} aria-label="Safety">
            <h2 class="panel-title">{ "Safety checks" }
                <span class="panel-hint">{ if all_ok { "all hold so far" } else { "a property was broken" } }</span>
            </h2>
            <ul class="invariants">{ for rows }</ul>
        </section>
    }
}
