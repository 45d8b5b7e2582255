//! Scenario text that does not fit the types is refused natively, by serde: every case in
//! `scenarios-refused.json`, which the page's hand reader must refuse too (web/tests/codec.rs,
//! which also checks the page's sentence, `page_says`).

use conlab_sim::Scenario;

#[test]
fn every_ill_typed_scenario_is_refused_natively() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("scenarios-refused.json")).unwrap();
    assert!(cases.len() >= 20, "{}", cases.len());
    for case in cases {
        let text = case["text"].as_str().unwrap();
        assert!(Scenario::from_json(text).is_err(), "serde read {text}");
    }
}
