//! Export and import (issue 14 item 5): the scenario as JSON, the stage as a standalone SVG or
//! a PNG, and a scenario file opened by the file picker or dropped anywhere on the page. The
//! file work is the browser's (`web/js/files.js`); a bad file gets a one-sentence notice.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::{Action, AppState};
use conlab_sim::view::AnyLab;
use conlab_sim::Scenario;

#[wasm_bindgen(module = "/js/files.js")]
extern "C" {
    fn download(name: &str, text: &str, kind: &str);
    #[wasm_bindgen(js_name = exportStage)]
    fn export_stage(svg: &web_sys::Element, name: &str, png: bool);
    #[wasm_bindgen(js_name = pickFile)]
    fn pick_file(done: &Closure<dyn Fn(String, String)>);
    #[wasm_bindgen(js_name = onDroppedFile)]
    fn on_dropped_file(done: &Closure<dyn Fn(String, String)>);
}

/// A file name for `scenario`: its name in lowercase words joined by '-', or the protocol's.
pub fn file_stem(scenario: &Scenario) -> String {
    let words: Vec<String> = scenario
        .name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        scenario.protocol.name().to_string()
    } else {
        words.join("-")
    }
}

/// The action a scenario file's text asks for: open it, or say in one sentence why not.
pub fn open_text(name: &str, text: &str) -> Action {
    if text.trim().is_empty() {
        return Action::Notice(Some(format!(
            "{name} could not be opened: it is empty or larger than 1 MB."
        )));
    }
    match crate::codec::scenario_from_text(text) {
        Ok(scenario) => Action::OpenScenario(Box::new(scenario)),
        Err(e) => Action::Notice(Some(format!(
            "{name} is not a Consensus Lab scenario ({}).",
            e.0.trim_end_matches('.')
        ))),
    }
}

/// Download `scenario` as JSON (the format of docs/scenarios.md) or, given its `lab`, the run
/// up to the cursor as a trace file (the format `conlab run --trace --json` writes:
/// docs/scenarios.md, "Trace files").
pub fn save_json(scenario: &Scenario, trace_of: Option<&dyn AnyLab>, on_action: &Callback<Action>) {
    match crate::codec::scenario_to_text(scenario) {
        Ok(json) => {
            let stem = file_stem(scenario);
            let (name, text) = match trace_of {
                Some(lab) => (format!("{stem}-trace.json"), lab.trace(&json)),
                None => (format!("{stem}.json"), json),
            };
            download(&name, &text, "application/json")
        }
        Err(e) => on_action.emit(Action::Notice(Some(e.0))),
    }
}

/// Download the stage on screen (the first, in compare mode) as SVG or PNG.
pub fn save_stage(scenario: &Scenario, png: bool) {
    let svg = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".stage-svg").ok().flatten());
    if let Some(svg) = svg {
        export_stage(&svg, &file_stem(scenario), png);
    }
}

/// Ask for a scenario file and open it.
pub fn open_file(on_action: &Callback<Action>) {
    let on_action = on_action.clone();
    let done = Closure::<dyn Fn(String, String)>::new(move |name: String, text: String| {
        on_action.emit(open_text(&name, &text))
    });
    pick_file(&done);
    // The picker answers at most once, whenever the user chooses; the closure must live until
    // then, so it lives as long as the page (a few bytes per Open).
    done.forget();
}

/// A scenario file dropped anywhere on the page opens (installed once).
#[hook]
pub fn use_dropped_files(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let done = Closure::<dyn Fn(String, String)>::new(move |name: String, text: String| {
            dispatcher.dispatch(open_text(&name, &text))
        });
        on_dropped_file(&done);
        done.forget();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::default_scenario;
    use conlab_sim::ProtocolKind;

    #[test]
    fn a_file_is_named_after_its_scenario() {
        let mut s = default_scenario(ProtocolKind::Raft);
        s.name = "Raft: Figure 8 (c) — the <b>trap</b>".into();
        assert_eq!(file_stem(&s), "raft-figure-8-c-the-b-trap-b");
        s.name = "— ¿? —".into();
        assert_eq!(file_stem(&s), "raft");
    }

    #[test]
    fn a_scenario_file_opens_and_a_bad_one_says_why() {
        let good = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/scenarios/raft-figure-8.json"
        ))
        .unwrap();
        assert!(
            matches!(open_text("f8.json", &good), Action::OpenScenario(s) if s.name.contains("Figure 8"))
        );
        for (text, says) in [
            ("", "is empty or larger than 1 MB"),
            ("{\"version\": 1", "is not a Consensus Lab scenario"),
            ("[1, 2]", "is not a Consensus Lab scenario"),
        ] {
            match open_text("x.json", text) {
                Action::Notice(Some(n)) => {
                    assert!(
                        n.starts_with("x.json ") && n.contains(says) && n.ends_with('.'),
                        "{n}"
                    )
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
