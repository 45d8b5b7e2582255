use yew::prelude::*;

/// Keyboard shortcuts and a one-minute tour.
pub fn help() -> Html {
    let keys = [
        ("Space", "play / pause"),
        ("← / →", "step one event back / forward"),
        ("+ / −", "faster / slower"),
        ("Home", "back to t = 0"),
        ("?", "this help"),
        ("Esc", "close a dialog, clear the selection"),
    ];
    html! {
        <>
            <ol class="tour">
                <li>{ "Press Play. Each follower's ring drains until its election timeout fires; it then becomes a candidate and asks for votes." }</li>
                <li>{ "A leader appears (thick ring); its heartbeats keep the other rings full." }</li>
                <li>{ "Click the leader, type a command such as “set x 3” and Send: the entry replicates, then commits (bold border in Logs)." }</li>
                <li>{ "Crash the leader or partition the network and watch Raft recover. Drag the timeline to rewind; acting in the past forks the run." }</li>
                <li>{ "Scenarios opens documented runs. A bug toggle in Settings (or its Show me) breaks one rule, and the Safety panel catches it. Share copies a link to this exact run." }</li>
                <li>{ "Paxos and Multi-Paxos are in the protocol menu; Compare runs Raft and Multi-Paxos side by side under the same faults." }</li>
            </ol>
            <table class="mini-table keys">
                <tbody>
                    { for keys.iter().map(|(k, v)| html! { <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *v }</td></tr> }) }
                </tbody>
            </table>
        </>
    }
}
