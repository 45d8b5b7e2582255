use yew::prelude::*;

use super::dialog::Dialog;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_action: Callback<Action>,
}

/// Keyboard shortcuts and a one-minute tour.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let keys = [
        ("Space", "play / pause"),
        ("← / →", "step one event back / forward"),
        ("+ / −", "faster / slower"),
        ("Home", "back to t = 0"),
        ("?", "this help"),
        ("Esc", "close a dialog, clear the selection"),
    ];
    html! {
        <Dialog title="How to use the lab" on_action={props.on_action.clone()}>
            <ol class="tour">
                <li>{ "Press Play. Followers wait for heartbeats; the ring around each one drains until its election timeout fires and it becomes a candidate." }</li>
                <li>{ "Watch the RequestVote messages fly and a leader appear (thick ring). Its heartbeats keep the others' timers full." }</li>
                <li>{ "Click the leader, type a command such as “set x 3” and Send. Watch the entry replicate, then commit (bold border in the Logs panel)." }</li>
                <li>{ "Crash the leader, isolate a server, or open Partition… and see Raft recover. Drag the timeline to rewind; acting in the past forks the run." }</li>
                <li>{ "Turn on a bug toggle in Settings and watch the Safety panel catch the broken property. Share copies a link to this exact run." }</li>
                <li>{ "Switch to Paxos to watch Prepare, Promise, Accept and Accepted — each proposer says which value it will propose and why — or to Multi-Paxos for a replicated log of slots. Compare runs Raft and Multi-Paxos side by side under the same faults, with counters." }</li>
            </ol>
            <table class="mini-table keys">
                <tbody>
                    { for keys.iter().map(|(k, v)| html! { <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *v }</td></tr> }) }
                </tbody>
            </table>
        </Dialog>
    }
}
