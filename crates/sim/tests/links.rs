//! Share-link fixtures that the page's in-browser test (`web/tests/codec.rs`) opens with the
//! browser's own DecompressionStream and JSON, proving that a link made natively (`conlab
//! link`, sweep reports) opens in the page. Re-record them, like the traces, with
//!
//! ```text
//! CONLAB_RECORD=1 cargo test -p conlab-sim --test links
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use conlab_sim::link::{self, MAX_JSON_LEN};
use conlab_sim::Scenario;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compare `made` with the recorded fixture, or record it.
fn check_fixture(name: &str, made: &str) {
    let path = root().join("crates/sim/testdata").join(name);
    if std::env::var_os("CONLAB_RECORD").is_some_and(|v| v != "0") {
        std::fs::write(&path, made).unwrap();
    }
    let recorded = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        recorded, made,
        "{name} is stale: re-record with CONLAB_RECORD=1 cargo test -p conlab-sim --test links"
    );
}

#[test]
fn the_figure_8_link_fixture_is_what_the_encoder_makes() {
    let json = std::fs::read_to_string(root().join("docs/scenarios/raft-figure-8.json")).unwrap();
    let scenario = Scenario::from_json(&json).unwrap();
    let made = link::encode(&scenario).unwrap();
    assert_eq!(link::decode(&made).unwrap(), scenario);
    check_fixture("raft-figure-8.link", &made);
}

#[test]
fn the_zip_bomb_fixture_unpacks_past_the_cap() {
    let huge = vec![b' '; MAX_JSON_LEN * 4];
    let made = format!(
        "{}{}",
        link::PREFIX,
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&huge, 9))
    );
    assert!(made.len() < link::MAX_LINK_LEN, "small enough to be a link");
    assert!(link::decode(&made).unwrap_err().0.contains("too large"));
    check_fixture("zip-bomb.link", &made);
}
