//! The space-time diagram under the stage (issue 14 item 4): one lane per node, messages as
//! arrows from send to delivery, marks on the lanes, a cursor line synced to playback. The
//! data is the view model's ([`SpaceTimeView`], read incrementally from the timeline); the
//! drawing, zoom, pan and picking are `web/js/spacetime.js`'s, fed plain numbers: after each
//! render only what changed since the last one (found by [`Chunked::shared_prefix`]), the
//! cursor and the selection.

use conlab_core::Chunked;
use conlab_sim::view::{Arrow, LaneMark, SpaceTimeView};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::{Action, AppState, Selection};

#[wasm_bindgen(module = "/js/spacetime.js")]
extern "C" {
    #[wasm_bindgen(js_name = mountDiagram)]
    fn mount_diagram(host: &web_sys::Element, act: &Closure<dyn Fn(f64, f64)>) -> JsValue;
    #[wasm_bindgen(js_name = updateDiagram)]
    #[allow(clippy::too_many_arguments)]
    fn update_diagram(
        diagram: &JsValue,
        nodes: usize,
        class_prefix: &str,
        kinds: &str,
        arrows_from: usize,
        arrows: &[f64],
        marks_from: usize,
        marks: &[f64],
        cursor_ms: f64,
        selected: f64,
        name: &str,
    );
}

/// The drawing in the diagram's box, once mounted, and what it was last sent.
#[derive(Default)]
struct Drawing {
    /// The box it was mounted in (a new box, after closing and opening, mounts anew).
    host: Option<web_sys::Element>,
    diagram: JsValue,
    sent: Sent,
    /// Keeps the drawing's callback alive while it is mounted.
    _act: Option<Closure<dyn Fn(f64, f64)>>,
}

/// What the drawing holds: the lists last sent and the message kinds named so far.
#[derive(Default)]
struct Sent {
    arrows: Chunked<Arrow>,
    marks: Chunked<LaneMark>,
    kinds: Vec<&'static str>,
}

/// Keep the diagram's box (the returned ref, see [`diagram`]) drawn after every render: a hook
/// of App, not a component of its own (each component type costs the page its own copy of
/// Yew's lifecycle code).
#[hook]
pub fn use_space_time(state: &AppState, on_action: &Callback<Action>) -> NodeRef {
    let host = use_node_ref();
    let drawing = use_mut_ref(Drawing::default);
    let view = state.view.space_time.clone();
    let selected = match state.selection {
        Some(Selection::Message(id)) => id as f64,
        _ => -1.0,
    };
    let cursor = state.view.cursor.ms as f64;
    let scenario = state.view.scenario.clone();
    let (box_ref, on_action) = (host.clone(), on_action.clone());
    use_effect(move || {
        let mut drawing = drawing.borrow_mut();
        let (Some(view), Some(el)) = (view, box_ref.cast::<web_sys::Element>()) else {
            *drawing = Drawing::default();
            return;
        };
        if drawing.host.as_ref() != Some(&el) {
            // The drawing asks for (seek ms, message id), each -1 when not wanted.
            let act = Closure::<dyn Fn(f64, f64)>::new(move |ms: f64, id: f64| {
                if id >= 0.0 {
                    on_action.emit(Action::Pause);
                }
                if ms >= 0.0 {
                    on_action.emit(Action::Seek { ms: ms as u64 });
                }
                if id >= 0.0 {
                    on_action.emit(Action::Select(Some(Selection::Message(id as u64))));
                }
            });
            *drawing = Drawing {
                diagram: mount_diagram(&el, &act),
                host: Some(el),
                _act: Some(act),
                sent: Sent::default(),
            };
        }
        let Drawing { diagram, sent, .. } = &mut *drawing;
        let name = crate::files::file_stem(&scenario);
        update(diagram, sent, &view, cursor, selected, &name);
    });
    host
}

/// Send the drawing what changed since the last call.
fn update(
    diagram: &JsValue,
    sent: &mut Sent,
    view: &SpaceTimeView,
    cursor: f64,
    selected: f64,
    name: &str,
) {
    let data = &view.data;
    let arrows_from = data.arrows.shared_prefix(&sent.arrows);
    let marks_from = data.marks.shared_prefix(&sent.marks);
    let mut arrows = Vec::new();
    for (_, a) in data.arrows.iter_from(arrows_from) {
        let kind = match sent.kinds.iter().position(|k| *k == a.kind) {
            Some(i) => i,
            None => {
                sent.kinds.push(a.kind);
                sent.kinds.len() - 1
            }
        };
        arrows.extend([
            a.id as f64,
            f64::from(a.from.0),
            f64::from(a.to.0),
            a.sent_at as f64,
            a.end_at as f64,
            kind as f64,
            f64::from(u8::from(a.lost)),
        ]);
    }
    let mut marks = Vec::new();
    for (_, m) in data.marks.iter_from(marks_from) {
        marks.extend([f64::from(m.node.0), m.at as f64, f64::from(m.kind as u8)]);
    }
    update_diagram(
        diagram,
        view.nodes,
        view.message_class,
        &sent.kinds.join(" "),
        arrows_from,
        &arrows,
        marks_from,
        &marks,
        cursor,
        selected,
        name,
    );
    sent.arrows.clone_from(&data.arrows);
    sent.marks.clone_from(&data.marks);
}

/// The button that opens and closes the diagram, and the diagram's box when open (drawn into
/// by [`use_space_time`]); `data-delivered` counts the arrows that end by the cursor's step.
pub fn diagram(state: &AppState, host: &NodeRef, on_action: &Callback<Action>) -> Html {
    let open = state.diagram;
    let onclick = on_action.reform(move |_: MouseEvent| Action::Diagram(!open));
    let delivered = state
        .view
        .space_time
        .as_ref()
        .map(|v| v.data.arrows_until(state.view.cursor.steps).to_string());
    html! { <>
        <button type="button" class={classes!("btn", "btn-small", "diagram-toggle", open.then_some("is-active"))} aria-expanded={open.to_string()} {onclick}>
            { "Space-time diagram" }
        </button>
        if delivered.is_some() {
            <section class="panel spacetime" aria-label="Space-time diagram" data-diagram="spacetime" data-delivered={delivered} ref={host.clone()} />
        }
    </> }
}
