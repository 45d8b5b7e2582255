//! While a link's far instant is being simulated: how far it got, and Cancel.

use yew::prelude::*;

use crate::format::fmt_sim_time;
use crate::state::{Action, Loading};

pub fn progress(l: Loading, on_action: &Callback<Action>) -> Html {
    let cancel = on_action.reform(|_: MouseEvent| Action::CancelLoad);
    html! {
        <div class="progress-banner" role="status" data-loading={l.target_ms.to_string()}>
            <label for="load-progress">{ format!("Simulating to {} — {} done", fmt_sim_time(l.target_ms), fmt_sim_time(l.reached_ms)) }</label>
            <progress id="load-progress" max={l.target_ms.max(1).to_string()} value={l.reached_ms.to_string()}></progress>
            <button type="button" class="btn" onclick={cancel}>{ "Cancel" }</button>
        </div>
    }
}
