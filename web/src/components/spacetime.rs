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

use crate::shared::Shared;
use crate::state::{Action, Selection};

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

#[derive(Properties, PartialEq)]
pub struct SpaceTimeProps {
    pub view: Shared<SpaceTimeView>,
    pub cursor_ms: u64,
    pub cursor_steps: usize,
    pub selection: Option<Selection>,
    /// The file name an exported picture gets (without `.svg`).
    pub name: AttrValue,
    pub on_action: Callback<Action>,
}

/// What the drawing holds: the lists last sent and the message kinds named so far.
#[derive(Default)]
struct Sent {
    arrows: Chunked<Arrow>,
    marks: Chunked<LaneMark>,
    kinds: Vec<&'static str>,
}

/// The diagram's box; `data-delivered` counts the arrows that end at or before the cursor.
#[function_component(SpaceTime)]
pub fn space_time(props: &SpaceTimeProps) -> Html {
    let host = use_node_ref();
    let diagram = use_mut_ref(|| JsValue::NULL);
    let sent = use_mut_ref(Sent::default);
    {
        let (host, diagram, on_action) = (host.clone(), diagram.clone(), props.on_action.clone());
        use_effect_with((), move |_| {
            // The diagram asks for (seek ms, message id), each -1 when not wanted.
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
            if let Some(el) = host.cast::<web_sys::Element>() {
                *diagram.borrow_mut() = mount_diagram(&el, &act);
            }
            // The closure lives as long as the diagram's box.
            move || drop(act)
        });
    }
    {
        let (diagram, sent) = (diagram.clone(), sent.clone());
        let view = props.view.clone();
        let selected = match props.selection {
            Some(Selection::Message(id)) => id as f64,
            _ => -1.0,
        };
        let (cursor, name) = (props.cursor_ms as f64, props.name.clone());
        use_effect(move || {
            update(
                &diagram.borrow(),
                &mut sent.borrow_mut(),
                &view,
                cursor,
                selected,
                &name,
            )
        });
    }
    let delivered = props.view.data.arrows_until(props.cursor_steps);
    html! {
        <section class="panel spacetime" aria-label="Space-time diagram" data-diagram="spacetime" data-delivered={delivered.to_string()} ref={host} />
    }
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

/// The button that opens and closes the diagram.
pub fn diagram_toggle(open: bool, on_action: &Callback<Action>) -> Html {
    let onclick = on_action.reform(move |_: MouseEvent| Action::Diagram(!open));
    html! {
        <button type="button" class={classes!("btn", "btn-small", "diagram-toggle", open.then_some("is-active"))} aria-expanded={open.to_string()} {onclick}>
            { "Space-time diagram" }
        </button>
    }
}
