//! What each client request was answered: a redirect (with one click to resend to the leader
//! it names), an index or slot, a read's value, or no answer in time.

use conlab_sim::view::ClientAnswer;
use conlab_sim::Intervention;
use yew::prelude::*;

use crate::state::Action;

/// Each of `answers` with its command; a redirect offers to resend to the leader it names.
pub fn client_replies(answers: &[ClientAnswer], on_action: &Callback<Action>) -> Html {
    if answers.is_empty() {
        return html! {};
    }
    let reply = |a: &ClientAnswer| {
        let resend = a.answer.resend_to.map(|node| {
            let on_action = on_action.clone();
            let command = a.command.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Intervene(Intervention::Client {
                    node,
                    command: command.clone(),
                }))
            });
            // Not "Resend": the lab's "Send" button must stay the only one of that name.
            let title = format!("Send “{}” again, to {node}", a.command);
            html! { <button type="button" class="btn btn-small" data-resend={node.0.to_string()} {title} {onclick}>{ format!("Retry at {node}") }</button> }
        });
        html! {
            <li class={classes!("client-reply", a.answer.state)} data-client-reply={a.answer.state}>
                <span class="client-command">{ format!("“{}” → {}", a.command, a.node) }</span>
                <span class="client-answer">{ a.answer.text.clone() }</span>
                { resend.unwrap_or_default() }
            </li>
        }
    };
    html! {
        <ul class="client-replies" aria-label="Client replies">
            { for answers.iter().map(reply) }
        </ul>
    }
}
