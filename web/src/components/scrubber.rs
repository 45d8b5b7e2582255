use std::rc::Rc;

use conlab_sim::view::mark_slice_ms;
use conlab_sim::Marker;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

pub struct ScrubberProps {
    pub now_ms: u64,
    pub horizon_ms: u64,
    /// Thinned marks: (slice of the scrubber out of `buckets`, kind).
    pub marks: Rc<Vec<(u16, Marker)>>,
    pub buckets: u16,
    pub on_action: Callback<Action>,
}

/// The class of a scrubber mark, also its legend entry.
pub fn mark_class(kind: Marker) -> &'static str {
    match kind {
        Marker::Election => "mark-election",
        Marker::Leader => "mark-leader",
        Marker::Commit => "mark-commit",
        Marker::Fault => "mark-fault",
        Marker::Violation => "mark-violation",
        Marker::StepDown => "mark-step-down",
    }
}

/// A range input over simulated time with the run's events marked above it. Dragging redraws
/// the stage live (every `input` event seeks).
pub fn scrubber(props: &ScrubberProps) -> Html {
    let oninput = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Ok(ms) = input.value().parse::<u64>() {
                    on_action.emit(Action::Seek { ms });
                }
            }
        })
    };
    html! {
        <div class="scrubber">
            <ScrubberMarks marks={props.marks.clone()} buckets={props.buckets} horizon_ms={props.horizon_ms} />
            <input
                type="range"
                class="scrubber-input"
                aria-label="Timeline"
                min="0"
                max={props.horizon_ms.to_string()}
                step="1"
                value={props.now_ms.to_string()}
                {oninput}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ScrubberMarksProps {
    marks: Rc<Vec<(u16, Marker)>>,
    buckets: u16,
    horizon_ms: u64,
}

/// The marks above the scrubber, a component of their own so that they re-render only when
/// they change, not on every tick of the clock. Drawn in milliseconds, the horizon being the
/// width: as a run plays only the width changes, and each mark stays put
/// ([`mark_slice_ms`]).
#[function_component(ScrubberMarks)]
fn scrubber_marks(props: &ScrubberMarksProps) -> Html {
    let slice_ms = mark_slice_ms(props.horizon_ms, props.buckets);
    // Commits are frequent: draw them in a lower, fainter row so the rarer marks stay visible.
    let marks = props.marks.iter().map(|&(slice, kind)| {
        let x = (u64::from(slice) * slice_ms).to_string();
        let (y1, y2) = match kind {
            Marker::Commit => ("14", "20"),
            _ => ("2", "13"),
        };
        // Keyed: Yew lines up an unkeyed list from its end, so a mark added at the end would
        // shift every other mark's element along by one.
        let key = u32::from(slice) << 8 | kind as u32;
        html! { <line {key} class={classes!("mark", mark_class(kind))} x1={x.clone()} x2={x} y1={y1} y2={y2} /> }
    });
    html! {
        <svg class="scrubber-marks" viewBox={format!("0 0 {} 20", props.horizon_ms.max(1))} preserveAspectRatio="none" aria-hidden="true">
            { for marks }
        </svg>
    }
}
