use yew::prelude::*;

use crate::state::{Action, PendingFork};

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "intervention"
    } else {
        "interventions"
    }
}

/// Timeline honesty: acting in the past asks before it discards the interventions planned
/// after the cursor, and offers Undo once it has. `pending`: an intervention in the past
/// waiting for a yes; `undoable`: how many interventions the last fork discarded, while Undo
/// can bring them back.
pub fn fork_bar(
    pending: Option<&PendingFork>,
    undoable: Option<usize>,
    on_action: &Callback<Action>,
) -> Html {
    let emit = |action: Action| on_action.reform(move |_: MouseEvent| action.clone());
    if let Some(fork) = pending {
        let n = fork.discarded.len();
        return html! {
            <div class="fork-bar" role="alertdialog" aria-labelledby="fork-question" data-fork="ask">
                <div>
                    <p id="fork-question">
                        { format!("Acting here rewrites the future: {n} later {} will be discarded.", plural(n)) }
                    </p>
                    <ul class="fork-list">
                        { for fork.discarded.iter().map(|d| html! { <li>{ d.clone() }</li> }) }
                    </ul>
                </div>
                <div class="fork-actions">
                    <button type="button" class="btn btn-primary" onclick={emit(Action::ConfirmFork)}>{ "Discard and act" }</button>
                    <button type="button" class="btn" onclick={emit(Action::CancelFork)}>{ "Cancel" }</button>
                </div>
            </div>
        };
    }
    match undoable {
        Some(n) => html! {
            <div class="fork-bar" role="status" data-fork="undo">
                <p>{ format!("{n} later {} discarded.", plural(n)) }</p>
                <div class="fork-actions">
                    <button type="button" class="btn" onclick={emit(Action::Undo)}>{ "Undo" }</button>
                </div>
            </div>
        },
        None => html! {},
    }
}
