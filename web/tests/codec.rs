//! The page's own link and JSON codec (`conlab_web::codec`: the browser's JSON and
//! CompressionStream) in a real browser: links made natively open, links made here reopen, and
//! damaged links or files give the same plain sentences as the native decoder.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use conlab_sim::{ProtocolKind, Scenario, ScenarioError};
use conlab_web::codec;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FIGURE_8: &str = include_str!("../../docs/scenarios/raft-figure-8.json");
/// `conlab link docs/scenarios/raft-figure-8.json`, kept fresh by crates/sim/tests/links.rs.
const FIGURE_8_LINK: &str = include_str!("../../crates/sim/testdata/raft-figure-8.link");
/// 1 MiB of spaces, packed natively into a 1.4 KB link.
const ZIP_BOMB_LINK: &str = include_str!("../../crates/sim/testdata/zip-bomb.link");

/// Every documented scenario (the gallery fetches them as files and reads them here).
const DOCUMENTED: [(&str, &str); 8] = [
    (
        "multipaxos-leader-crash.json",
        include_str!("../../docs/scenarios/multipaxos-leader-crash.json"),
    ),
    (
        "paxos-basic.json",
        include_str!("../../docs/scenarios/paxos-basic.json"),
    ),
    (
        "paxos-chosen-value-survives.json",
        include_str!("../../docs/scenarios/paxos-chosen-value-survives.json"),
    ),
    (
        "paxos-dueling.json",
        include_str!("../../docs/scenarios/paxos-dueling.json"),
    ),
    (
        "raft-figure-8.json",
        include_str!("../../docs/scenarios/raft-figure-8.json"),
    ),
    (
        "raft-leader-crash.json",
        include_str!("../../docs/scenarios/raft-leader-crash.json"),
    ),
    (
        "raft-minority-partition.json",
        include_str!("../../docs/scenarios/raft-minority-partition.json"),
    ),
    (
        "raft-split-vote.json",
        include_str!("../../docs/scenarios/raft-split-vote.json"),
    ),
];

/// Wait for a codec callback.
async fn answer<T: 'static>(start: impl FnOnce(Box<dyn FnOnce(T)>)) -> T {
    let slot = Rc::new(RefCell::new(None));
    let mut start = Some(start);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let slot = Rc::clone(&slot);
        (start.take().unwrap())(Box::new(move |value| {
            *slot.borrow_mut() = Some(value);
            resolve.call0(&JsValue::NULL).unwrap();
        }));
    });
    JsFuture::from(promise).await.unwrap();
    let value = slot.borrow_mut().take();
    value.expect("the codec answered")
}

async fn open(fragment: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let fragment = fragment.to_string();
    answer(move |done| codec::open_link(&fragment, done)).await
}

async fn share(scenarios: Vec<Scenario>) -> Result<String, ScenarioError> {
    answer(move |done| codec::share_link(scenarios, done)).await
}

#[wasm_bindgen_test]
async fn a_link_made_natively_opens_in_the_page() {
    let expected = codec::scenario_from_text(FIGURE_8).unwrap();
    assert_eq!(open(FIGURE_8_LINK).await.unwrap(), vec![expected]);
}

#[wasm_bindgen_test]
async fn links_made_in_the_page_reopen_for_every_protocol_and_compare_mode() {
    for kind in ProtocolKind::ALL {
        let mut scenario = codec::default_scenario(kind);
        scenario.cursor_ms = Some(1_234);
        scenario.name = "quotes \" and é 漢 🦀 <b>".into();
        let link = share(vec![scenario.clone()]).await.unwrap();
        assert!(link.starts_with("1."), "{link}");
        assert_eq!(open(&link).await.unwrap(), vec![scenario], "{kind}");
    }
    let pair = vec![
        codec::default_scenario(ProtocolKind::Raft),
        codec::default_scenario(ProtocolKind::MultiPaxos),
    ];
    let link = share(pair.clone()).await.unwrap();
    assert!(link.starts_with("compare/1."), "{link}");
    assert_eq!(open(&link).await.unwrap(), pair);
}

#[wasm_bindgen_test]
async fn damaged_links_explain_themselves_as_natively() {
    let oversized = format!("1.{}", "A".repeat(conlab_sim::link::MAX_LINK_LEN));
    let cases = [
        ("", "should start with"),
        ("hello", "should start with"),
        ("1.***", "base64url"),
        ("1.AAAA", "damaged"),
        ("compare/1.AAAA", "two scenarios"),
        (oversized.as_str(), "too long"),
        (ZIP_BOMB_LINK, "too large"),
    ];
    for (link, expected) in cases {
        let err = open(link).await.unwrap_err().0;
        assert!(err.contains(expected), "{link:.20}: `{err}`");
    }
}

#[wasm_bindgen_test]
async fn every_documented_scenario_reads_in_the_page_and_survives_a_link() {
    for (file, text) in DOCUMENTED {
        let scenario = codec::scenario_from_text(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let link = share(vec![scenario.clone()]).await.unwrap();
        assert_eq!(open(&link).await.unwrap(), vec![scenario], "{file}");
    }
}

#[wasm_bindgen_test]
fn bad_scenario_text_is_one_plain_sentence() {
    let cases = [
        (r#"{"version":1,"protocol":"raft""#, "not a valid scenario"),
        ("[]", "not a valid scenario"),
        (
            r#"{"version":1,"protocol":"raft","nodes":3,"colour":"red"}"#,
            "unknown field",
        ),
        (
            r#"{"version":1,"protocol":"raft","nodes":3,"interventions":[{"at":5,"do":"heal","node":1}]}"#,
            "unknown field `node`",
        ),
        (
            r#"{"version":1,"protocol":"raft","nodes":3,"raft":{"heartbeat_ms":50,"colour":1}}"#,
            "unknown field `colour`",
        ),
        (
            r#"{"version":2,"protocol":"raft","nodes":3,"tour":[{"at":5,"caption":"hi","highlight":{"colour":1}}]}"#,
            "unknown field `colour` (at tour[0].highlight.colour)",
        ),
        (
            r#"{"version":1,"protocol":"zab","nodes":3}"#,
            "unknown variant `zab`",
        ),
        (
            r#"{"version":1,"protocol":"raft","nodes":99}"#,
            "1 to 15 nodes",
        ),
        (
            r#"{"version":1,"protocol":"raft","nodes":3,"seed":9007199254740993}"#,
            "not a valid scenario",
        ),
    ];
    for (text, expected) in cases {
        match codec::scenario_from_text(text) {
            Ok(_) => panic!("{text} was accepted"),
            Err(e) => assert!(e.0.contains(expected), "{text}: `{e}`"),
        }
    }
}

/// A guide tour's `expect` is for the tests: the page opens the tour (its steps, captions and
/// anchors intact), and what the page writes of it has no `expect` (crates/sim/src/tour.rs).
/// Any other unknown key in a step is still refused.
#[wasm_bindgen_test]
fn a_tour_step_s_expect_is_accepted_and_left_out() {
    let tour = include_str!("../guide/tours/3-1.json");
    let scenario = codec::scenario_from_text(tour).expect("the guide's tour opens");
    assert!(!scenario.tour.is_empty());
    assert!(tour.contains("\"expect\""), "the file has expectations");
    let text = codec::scenario_to_text(&scenario).unwrap();
    assert!(!text.contains("expect"), "{text}");
    assert_eq!(
        codec::scenario_from_text(&text).unwrap().tour,
        scenario.tour
    );
    let typo = tour.replacen("\"expect\"", "\"expekt\"", 1);
    let refused = codec::scenario_from_text(&typo).unwrap_err().to_string();
    assert!(refused.contains("unknown field `expekt`"), "{refused}");
}

/// What the page wrote before `conlab_sim::scenario_json`: serde-wasm-bindgen's value,
/// through `JSON.stringify`.
fn stringified(scenario: &Scenario) -> String {
    use serde::Serialize;
    let value = scenario
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    String::from(js_sys::JSON::stringify(&value).unwrap())
}

/// The hand-written scenario text is what serde-wasm-bindgen and `JSON.stringify` wrote, byte
/// for byte, so links and saved scenarios keep their text, with numbers written natively
/// (Rust's formatting) or by the page (the browser's): for every documented scenario,
/// each protocol with each bug toggle, every field set, and probabilities written with and
/// without an exponent.
#[wasm_bindgen_test]
fn scenario_text_is_what_json_stringify_wrote() {
    let mut scenarios: Vec<(String, Scenario)> = DOCUMENTED
        .iter()
        .map(|(file, text)| (file.to_string(), codec::scenario_from_text(text).unwrap()))
        .collect();
    let tour = include_str!("../guide/tours/3-1.json");
    scenarios.push(("tour".into(), codec::scenario_from_text(tour).unwrap()));
    for kind in ProtocolKind::ALL {
        for bug in kind.bugs() {
            let mut scenario = codec::default_scenario(kind);
            scenario.enable_bug(bug).unwrap();
            scenarios.push((bug.to_string(), scenario));
        }
    }
    for (what, scenario) in &scenarios {
        let text = codec::scenario_to_text(scenario).unwrap();
        assert_eq!(text, stringified(scenario), "{what}");
    }

    let every_field = include_str!("../../crates/sim/tests/scenario-every-field.json");
    let mut scenario: Scenario =
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(every_field).unwrap()).unwrap();
    let written = conlab_sim::scenario_json::write(&scenario).unwrap();
    assert_eq!(written, stringified(&scenario), "every field");
    assert_eq!(
        codec::write_scenario(&scenario),
        Some(written),
        "the page's"
    );

    // Probabilities: fixed ones around the exponent's edges, then pseudo-random ones of every
    // size down to the smallest double.
    let mut probabilities = vec![0.0, -0.0, 1.0, 0.5, 0.1, 1e-6, 9.999e-7, 1e-7, 5e-324];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for i in 0..2_000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
        probabilities.push(unit * 10f64.powi(-(i % 330)));
    }
    for p in probabilities {
        scenario.network.drop = p;
        let written = conlab_sim::scenario_json::write(&scenario).unwrap();
        assert_eq!(written, stringified(&scenario), "drop {p:e}");
        // The page writes numbers with the browser's own `Number.prototype.toString`.
        let by_page = codec::write_scenario(&scenario);
        assert_eq!(by_page.as_ref(), Some(&written), "the page's, drop {p:e}");
    }
}

/// The page reads scenario text by hand (src/reader.rs); serde's derived readers, through
/// serde-wasm-bindgen, are what it replaced. Both read every gallery scenario, guide tour and
/// the every-field file to the same scenario.
#[wasm_bindgen_test]
fn the_hand_reader_reads_what_serde_reads() {
    let page = include_str!("../gallery.html");
    let marker = r#"id="gallery-scenarios">"#;
    let start = page.find(marker).unwrap() + marker.len();
    let bundle = &page[start..start + page[start..].find("</script>").unwrap()];
    let parsed = js_sys::JSON::parse(bundle).unwrap();
    let mut texts: Vec<(String, String)> =
        js_sys::Object::keys(parsed.unchecked_ref::<js_sys::Object>())
            .iter()
            .map(|key| {
                let key = key.as_string().unwrap();
                (key.clone(), codec::member_text(bundle, &key).unwrap())
            })
            .collect();
    assert!(texts.len() > 40, "{}", texts.len());
    for (name, text) in [
        ("tour 3-1", include_str!("../guide/tours/3-1.json")),
        ("tour 4-5", include_str!("../guide/tours/4-5.json")),
        ("tour 5-2", include_str!("../guide/tours/5-2.json")),
        ("tour 6-4", include_str!("../guide/tours/6-4.json")),
    ] {
        texts.push((name.into(), text.into()));
    }
    // Every field set (not a valid scenario: read without validating).
    let every_field = include_str!("../../crates/sim/tests/scenario-every-field.json");
    texts.push(("every field".into(), every_field.into()));
    for (name, text) in texts {
        let by_serde: Scenario =
            serde_wasm_bindgen::from_value(js_sys::JSON::parse(&text).unwrap()).unwrap();
        assert_eq!(codec::read_scenario(&text), Ok(by_serde), "{name}");
    }
}

/// Text that does not fit the types is refused, in a sentence that names the field or says
/// what is wrong: every case in crates/sim/tests/scenarios-refused.json, which serde refuses
/// natively (crates/sim/tests/refused.rs).
#[wasm_bindgen_test]
fn the_hand_reader_refuses_what_does_not_fit_naming_the_field() {
    let cases = js_sys::JSON::parse(include_str!(
        "../../crates/sim/tests/scenarios-refused.json"
    ))
    .unwrap();
    let cases = js_sys::Array::from(&cases);
    assert!(cases.length() >= 20, "{}", cases.length());
    for case in cases.iter() {
        let field = |key: &str| {
            js_sys::Reflect::get(&case, &key.into())
                .unwrap()
                .as_string()
                .unwrap()
        };
        let (text, expected) = (field("text"), field("page_says"));
        match codec::scenario_from_text(&text) {
            Ok(_) => panic!("the page read {text}"),
            Err(e) => assert!(e.0.contains(&expected), "{text}: `{e}`"),
        }
    }
}
