//! The shared stage, inspector, legend and log grid drawing Paxos and Multi-Paxos in a real
//! browser (headless Chrome via chromedriver): each component is mounted on a view frame of a
//! documented scenario, and its `data-*` hooks checked.
//!
//! Run with `cargo test -p conlab-web --target wasm32-unknown-unknown --test paxos_views`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use conlab_core::NodeId;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_sim::view::{inspect, LegendItem};
use conlab_sim::{Intervention, ProtocolView, Scenario, ViewFrame, World};
use conlab_web::components::inspector::{inspector as inspector_view, InspectorProps};
use conlab_web::components::legend::legend;
use conlab_web::components::log_grid::{LogGridProps, LogGridView};
use conlab_web::components::stage::{Stage, StageProps};
use conlab_web::shared::Shared;
use conlab_web::state::{Action, Selection};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlButtonElement};
use yew::{function_component, BaseComponent, Callback, Html, Properties};

wasm_bindgen_test_configure!(run_in_browser);

const PAXOS_BASIC: &str = include_str!("../../docs/scenarios/paxos-basic.json");
const PAXOS_SURVIVES: &str = include_str!("../../docs/scenarios/paxos-chosen-value-survives.json");
const PAXOS_DUELING: &str = include_str!("../../docs/scenarios/paxos-dueling.json");
const MULTIPAXOS_CRASH: &str = include_str!("../../docs/scenarios/multipaxos-leader-crash.json");

/// The world of `scenario` at `ms`.
fn world_at<P: ProtocolView>(scenario: &str, ms: u64) -> World<P> {
    let scenario = Scenario::from_json(scenario).unwrap();
    let mut world = World::<P>::new(&scenario).unwrap();
    world.run_until(ms);
    world
}

/// The view frame of `scenario` at `ms`.
fn frame_at<P: ProtocolView>(scenario: &str, ms: u64) -> Shared<ViewFrame> {
    Shared::new(ViewFrame::of(&world_at::<P>(scenario, ms)))
}

/// The inspector's props with node `id` of `world` selected.
fn inspector<P: ProtocolView>(
    world: &World<P>,
    id: NodeId,
    on_action: Callback<Action>,
) -> InspectorProps {
    InspectorProps {
        frame: Shared::new(ViewFrame::of(world)),
        node: inspect(world, id).map(Shared::new),
        selection: Some(Selection::Node(id)),
        answers: Shared::new(Vec::new()),
        on_action,
    }
}

/// The log grid of `frame`, nothing selected.
fn grid(frame: &Shared<ViewFrame>) -> LogGridProps {
    LogGridProps {
        frame: frame.clone(),
        selection: None,
        tour_cell: None,
        on_action: Callback::noop(),
    }
}

/// A callback that records what it is given.
fn recorder() -> (Callback<Action>, Rc<RefCell<Vec<Action>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    (
        Callback::from(move |a: Action| sink.borrow_mut().push(a)),
        seen,
    )
}

/// Mount `C` with `props` into a fresh `<div>`, let it render, and hand the `<div>` to `check`.
async fn mounted<C: BaseComponent>(props: C::Properties, check: impl FnOnce(&Element)) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    check(&root);
    handle.destroy();
    root.remove();
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name)
        .unwrap_or_else(|| panic!("no {name} on <{}>", el.tag_name()))
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn button(root: &Element, label: &str) -> HtmlButtonElement {
    all(root, "button")
        .into_iter()
        .find(|b| text(b).trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?}"))
        .dyn_into()
        .unwrap()
}

fn stage(frame: Shared<ViewFrame>) -> StageProps {
    StageProps {
        frame,
        selection: None,
        tour_message: None,
        on_action: Callback::noop(),
    }
}

#[wasm_bindgen_test]
async fn a_paxos_proposer_gathers_promises_for_its_own_value() {
    // S1 sent Prepare (1,S1) at 10 ms and promised itself; the others' promises are on the way.
    let frame = frame_at::<PaxosNode>(PAXOS_BASIC, 30);
    mounted::<Stage>(stage(frame), |root| {
        let s1 = one(root, "svg [data-node='1']");
        assert_eq!(attr(&s1, "data-role"), "proposer");
        assert_eq!(attr(&s1, "data-phase"), "preparing");
        assert_eq!(attr(&s1, "data-term"), "1");
        assert!(
            text(&s1).contains("promises 1/2"),
            "the node shows k/quorum: {}",
            text(&s1)
        );
        assert_eq!(all(root, "svg [data-node]").len(), 3);
        assert_eq!(all(root, "svg [data-role=acceptor]").len(), 2);

        let line = one(root, "[data-proposer='1']");
        assert_eq!(attr(&line, "data-promises"), "1/2");
        assert_eq!(attr(&line, "data-ballot"), "1.1");
        assert_eq!(attr(&line, "data-value"), "blue");
        assert_eq!(attr(&line, "data-reason"), "own");
        assert!(text(&line).contains("its own value"), "{}", text(&line));

        let prepares = all(root, "svg [data-kind=Prepare]");
        assert!(!prepares.is_empty(), "Prepare messages are in flight");
        assert!(prepares
            .iter()
            .all(|m| attr(m, "data-ballot") == "1.1" && m.has_attribute("data-msg")));
        assert!(all(root, "[data-chosen]").is_empty(), "nothing chosen yet");
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_chosen_paxos_value_is_highlighted_with_its_quorum() {
    let frame = frame_at::<PaxosNode>(PAXOS_BASIC, 1_000);
    mounted::<Stage>(stage(frame), |root| {
        let chosen = all(root, "[data-chosen]");
        assert_eq!(chosen.len(), 1, "exactly one chosen value");
        assert_eq!(attr(&chosen[0], "data-chosen"), "blue");
        assert!(text(&chosen[0]).contains("blue"));
        assert_eq!(
            all(root, "svg [data-node][data-quorum=chosen]").len(),
            3,
            "all three acceptors accepted blue"
        );
        assert_eq!(
            all(root, "svg [data-node][data-learned=blue]").len(),
            3,
            "every learner learned blue"
        );
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_proposer_names_the_report_it_adopts_its_value_from() {
    // S5 runs ballot (1,S5) for `red`; S3's promise reports `blue` accepted in (1,S1).
    let frame = frame_at::<PaxosNode>(PAXOS_SURVIVES, 554);
    mounted::<Stage>(stage(frame.clone()), |root| {
        let line = one(root, "[data-proposer='5']");
        assert_eq!(attr(&line, "data-phase"), "preparing");
        assert_eq!(attr(&line, "data-promises"), "2/3");
        assert_eq!(
            attr(&line, "data-value"),
            "blue",
            "P2c: the reported value, not its own red"
        );
        assert_eq!(attr(&line, "data-reason"), "adopted");
        assert_eq!(attr(&line, "data-adopted-from"), "3");
        assert!(
            text(&line).contains("adopted from S3's report"),
            "{}",
            text(&line)
        );
        assert!(
            text(&line).contains("1.1"),
            "names the reported ballot: {}",
            text(&line)
        );
        let s3 = one(root, "svg [data-node='3']");
        assert_eq!(attr(&s3, "data-accepted"), "1.1 blue");
        assert_eq!(attr(&s3, "data-promised"), "1.5");
        // Chosen at 1.1 by S1, S2, S3 — before S5 ever started.
        assert_eq!(attr(&one(root, "[data-chosen]"), "data-chosen"), "blue");
        assert_eq!(
            attr(&one(root, "[data-chosen]"), "data-chosen-ballot"),
            "1.1"
        );
    })
    .await;

    // The inspector says the same about S5, and its menu acts on S5.
    let (on_action, seen) = recorder();
    let world = world_at::<PaxosNode>(PAXOS_SURVIVES, 554);
    mounted::<InspectorHost>(host(inspector(&world, NodeId(5), on_action)), |root| {
        let body = one(root, "[data-inspect=node]");
        assert_eq!(attr(&body, "data-node-id"), "5");
        assert!(
            text(&body).contains("adopted from S3's report"),
            "{}",
            text(&body)
        );
        assert!(
            text(&body).contains("S3: accepted blue in 1.1"),
            "{}",
            text(&body)
        );
        button(root, "Crash").click();
        button(root, "Time out now").click();
        button(root, "Propose").click();
    })
    .await;
    assert_eq!(
        *seen.borrow(),
        vec![
            Action::Intervene(Intervention::Crash { node: NodeId(5) }),
            Action::Intervene(Intervention::Timeout { node: NodeId(5) }),
            Action::Intervene(Intervention::Client {
                node: NodeId(5),
                command: "green".into()
            }),
        ]
    );
}

#[wasm_bindgen_test]
async fn in_phase_2_the_proposer_still_names_the_report_it_adopted() {
    // S5 sent Accept (1,S5) blue at 555 ms: its value came from S3's promise, which reported
    // blue accepted in (1,S1). The stage keeps naming S3 while the Accepts fly, whatever the
    // acceptors hold meanwhile.
    for ms in [560, 580] {
        let frame = frame_at::<PaxosNode>(PAXOS_SURVIVES, ms);
        mounted::<Stage>(stage(frame), |root| {
            let line = one(root, "[data-proposer='5']");
            assert_eq!(attr(&line, "data-phase"), "accepting");
            assert!(attr(&line, "data-accepted").ends_with("/3"));
            assert_eq!(attr(&line, "data-value"), "blue");
            assert_eq!(attr(&line, "data-reason"), "adopted");
            assert_eq!(attr(&line, "data-adopted-from"), "3", "{ms} ms");
            let words = text(&line);
            assert!(
                words.contains("adopted from S3's report: S3 had accepted it in ballot 1.1"),
                "{ms} ms: {words}"
            );
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn the_paxos_inspector_drops_a_selected_message() {
    let frame = frame_at::<PaxosNode>(PAXOS_BASIC, 20);
    let id = frame.messages.first().expect("a Prepare in flight").id;
    let (on_action, seen) = recorder();
    let props = InspectorProps {
        frame,
        node: None,
        selection: Some(Selection::Message(id)),
        answers: Shared::new(Vec::new()),
        on_action,
    };
    mounted::<InspectorHost>(host(props), |root| {
        let body = one(root, "[data-inspect=message]");
        assert!(text(&body).contains("Prepare"), "{}", text(&body));
        assert!(text(&body).contains("1.1"), "{}", text(&body));
        button(root, "Drop this message").click();
    })
    .await;
    assert_eq!(
        *seen.borrow(),
        vec![
            Action::Intervene(Intervention::DropMessage { id }),
            Action::Select(None)
        ]
    );
}

#[wasm_bindgen_test]
async fn dueling_proposers_climb_ballots_and_choose_nothing() {
    let frame = frame_at::<PaxosNode>(PAXOS_DUELING, 1_500);
    mounted::<Stage>(stage(frame), |root| {
        let rounds: Vec<u64> = all(root, "svg [data-node]").iter().map(|n| attr(n, "data-term").parse().unwrap()).collect();
        assert!(rounds.iter().max().unwrap() > &3, "ballots climbed: {rounds:?}");
        assert!(all(root, "[data-chosen]").is_empty(), "livelock: nothing chosen");
        let kinds: Vec<String> = all(root, "svg [data-msg]").iter().map(|m| attr(m, "data-kind")).collect();
        assert!(!kinds.is_empty());
        assert!(kinds.iter().all(|k| ["Prepare", "Promise", "Accept", "Accepted", "Nack"].contains(&k.as_str())), "{kinds:?}");
    })
    .await;
}

#[wasm_bindgen_test]
async fn multipaxos_fills_the_gap_with_a_noop_and_executes_in_order() {
    let frame = frame_at::<MultiPaxosNode>(MULTIPAXOS_CRASH, 2_500);
    mounted::<LogGridView>(grid(&frame), |root| {
        for row in all(root, "[data-slots-node]") {
            let node = attr(&row, "data-slots-node");
            let states: Vec<(String, String)> = all(&row, "[data-slot]")
                .iter()
                .map(|c| (attr(c, "data-slot"), attr(c, "data-state")))
                .collect();
            let expected: Vec<(String, String)> = [
                ("1", "executed"),
                ("2", "noop"),
                ("3", "executed"),
                ("4", "executed"),
            ]
            .iter()
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect();
            assert_eq!(states, expected, "replica S{node}");
            let noop = one(&row, "[data-slot='2']");
            assert_eq!(attr(&noop, "data-progress"), "executed");
            assert_eq!(
                attr(&one(&row, "[data-slot='3']"), "data-command"),
                "set z 3"
            );
            assert_eq!(
                text(&one(&row, ".slots-kv")),
                "w=4 x=1 z=3",
                "replica S{node}"
            );
        }
        assert_eq!(all(root, "[data-slots-node]").len(), 5);
    })
    .await;

    mounted::<Stage>(stage(frame), |root| {
        let leader = one(root, "svg [data-role=leader]");
        assert_eq!(attr(&leader, "data-node"), "3");
        assert_eq!(attr(&leader, "data-term"), "2");
        assert_eq!(attr(&leader, "data-ballot"), "2.3");
        assert_eq!(all(root, "svg [data-role=follower]").len(), 4);
        assert_eq!(attr(&one(root, "[data-leader]"), "data-leader"), "3");
    })
    .await;
}

#[wasm_bindgen_test]
async fn multipaxos_messages_show_their_phase() {
    // 641 ms: S3 has just won phase 1 and sent Accepts for slots 2 (no-op) and 3.
    let frame = frame_at::<MultiPaxosNode>(MULTIPAXOS_CRASH, 645);
    mounted::<Stage>(stage(frame.clone()), |root| {
        let accepts = all(root, "svg [data-kind=Accept]");
        assert!(!accepts.is_empty());
        assert!(accepts
            .iter()
            .all(|m| attr(m, "data-phase") == "2" && attr(m, "data-ballot") == "2.3"));
        let slots: Vec<String> = accepts.iter().map(|m| attr(m, "data-msg-slot")).collect();
        assert!(
            slots.contains(&"2".to_string()) && slots.contains(&"3".to_string()),
            "{slots:?}"
        );
        assert!(all(root, "svg [data-kind=Promise]")
            .iter()
            .all(|m| attr(m, "data-phase") == "1"));
        assert_eq!(
            attr(&one(root, "svg [data-node='1']"), "data-role"),
            "crashed"
        );
        assert_eq!(
            attr(&one(root, "svg [data-node='3']"), "data-role"),
            "leader"
        );
    })
    .await;
    mounted::<LogGridView>(grid(&frame), |root| {
        let s3 = one(root, "[data-slots-node='3']");
        assert_eq!(attr(&one(&s3, "[data-slot='2']"), "data-state"), "noop");
        assert_eq!(
            attr(&one(&s3, "[data-slot='2']"), "data-progress"),
            "accepted"
        );
        assert_eq!(attr(&one(&s3, "[data-slot='3']"), "data-state"), "accepted");
        let s1 = one(root, "[data-slots-node='1']");
        assert_eq!(
            attr(&one(&s1, "[data-slot='2']"), "data-command"),
            "set y 2",
            "the crashed leader's unchosen proposal"
        );
    })
    .await;

    let (on_action, seen) = recorder();
    let world = world_at::<MultiPaxosNode>(MULTIPAXOS_CRASH, 645);
    drop(frame);
    mounted::<InspectorHost>(host(inspector(&world, NodeId(3), on_action)), |root| {
        let body = one(root, "[data-inspect=node]");
        assert!(text(&body).contains("S3 — leader"), "{}", text(&body));
        assert!(text(&body).contains("Open proposals"), "{}", text(&body));
        button(root, "Isolate").click();
        button(root, "Partition…").click();
        button(root, "Send").click();
    })
    .await;
    assert_eq!(
        *seen.borrow(),
        vec![
            Action::Intervene(Intervention::Partition {
                groups: vec![vec![NodeId(3)]]
            }),
            Action::Open(Some(conlab_web::state::Dialog::Partition)),
            Action::Intervene(Intervention::Client {
                node: NodeId(3),
                command: "set x 3".into()
            }),
        ]
    );
}

#[wasm_bindgen_test]
async fn user_text_is_rendered_as_text() {
    let mut scenario = Scenario::from_json(PAXOS_BASIC).unwrap();
    let evil = "<img src=x onerror=alert(1)>";
    scenario.interventions[0].action = Intervention::Client {
        node: NodeId(1),
        command: evil.into(),
    };
    let mut world = World::<PaxosNode>::new(&scenario).unwrap();
    world.run_until(1_000);
    let frame = Shared::new(ViewFrame::of(&world));
    mounted::<Stage>(stage(frame), |root| {
        assert!(
            root.query_selector("img").unwrap().is_none(),
            "markup must not be interpreted"
        );
        assert_eq!(attr(&one(root, "[data-chosen]"), "data-chosen"), evil);
    })
    .await;
}

#[derive(Properties, PartialEq)]
struct InspectorHostProps {
    props: InspectorProps,
}

fn host(props: InspectorProps) -> InspectorHostProps {
    InspectorHostProps { props }
}

/// Mounts the inspector (a plain function of the App) on its own.
#[function_component(InspectorHost)]
fn inspector_host(host: &InspectorHostProps) -> Html {
    let panel = yew::use_node_ref();
    inspector_view(&host.props, &panel)
}

#[derive(Properties, PartialEq)]
struct LegendHostProps {
    items: Vec<LegendItem>,
}

/// Mounts the legend (a plain function of the App) on its own.
#[function_component(LegendHost)]
fn legend_host(props: &LegendHostProps) -> Html {
    legend(&props.items)
}

#[wasm_bindgen_test]
async fn legends_and_large_clusters_render() {
    let items = PaxosNode::legend();
    mounted::<LegendHost>(LegendHostProps { items }, |root| {
        assert!(text(root).contains("Prepare (1a)"))
    })
    .await;
    let items = MultiPaxosNode::legend();
    mounted::<LegendHost>(LegendHostProps { items }, |root| {
        assert!(text(root).contains("Accept (2a, per slot)"))
    })
    .await;
    let mut scenario = Scenario::from_json(PAXOS_BASIC).unwrap();
    scenario.nodes = 15;
    let mut world = World::<PaxosNode>::new(&scenario).unwrap();
    world.run_until(40);
    let frame = Shared::new(ViewFrame::of(&world));
    mounted::<Stage>(stage(frame), |root| {
        assert_eq!(all(root, "svg [data-node]").len(), 15);
        assert!(
            all(root, "svg .node-card").is_empty(),
            "no state cards at 15 nodes: they would overlap"
        );
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_multipaxos_candidate_shows_its_promises_so_far() {
    // S3 times out at 600 ms and runs phase 1 with ballot 2.3; its promises arrive by ~640 ms.
    let early = frame_at::<MultiPaxosNode>(MULTIPAXOS_CRASH, 601);
    mounted::<Stage>(stage(early), |root| {
        let s3 = one(root, "svg [data-node='3']");
        assert_eq!(attr(&s3, "data-role"), "candidate");
        let words = text(&s3);
        assert!(
            words.contains("phase 1 · promises ") && words.contains("/3"),
            "{words}"
        );
    })
    .await;
}
