//! What each client request was answered: a redirect (with one click to resend to the leader
//! it names), an index or slot, a read's value, or no answer in time.

use conlab_sim::view::ClientAnswer;
use conlab_sim::Intervention;
use yew::prelude::*;

use crate::shared::Shared;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ClientRepliesProps {
    pub answers: Shared<Vec<ClientAnswer>>,
    pub on_action: Callback<Action>,
}

#[function_component(ClientReplies)]
pub fn client_replies(props: &ClientRepliesProps) -> Html {
    if props.answers.is_empty() {
        return html! {};
    }
    let reply = |a: &ClientAnswer| {
        let resend = a.answer.resend_to.map(|node| {
            let on_action = props.on_action.clone();
            let command = a.command.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Intervene(Intervention::Client {
                    node,
                    command: command.clone(),
                }))
            });
            html! { <button type="button" class="btn btn-small" data-resend={node.0.to_string()} {onclick}>{ format!("Resend to {node}") }</button> }
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
            { for props.answers.iter().map(reply) }
        </ul>
    }
}
