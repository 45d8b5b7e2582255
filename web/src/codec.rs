//! Scenario JSON and share links in the page, made with the browser's own tools: `JSON.parse`
//! (its values read by hand, `crate::reader`) and CompressionStream (`web/js/codec.js`), so the
//! wasm carries no JSON parser, no DEFLATE and no base64 (issue 15: about 25 KiB gzip); the
//! text is written by hand (`conlab_sim::scenario_json`). The link format and its limits are `conlab_sim::link`'s; native builds
//! (the crate's tests) use the simulator's own codec, which makes the same links.
//!
//! Every piece of the web crate that reads scenario text or links goes through here.

use conlab_sim::{ProtocolKind, Scenario};

/// What a fresh visit to `protocol` shows (declared with the protocol in the registry).
pub fn default_scenario(protocol: ProtocolKind) -> Scenario {
    scenario_from_text(protocol.default_scenario_json())
        .unwrap_or_else(|e| panic!("default scenarios are valid: {e}"))
}

pub use imp::{open_link, scenario_from_text, scenario_to_text, share_link};
#[cfg(target_arch = "wasm32")]
pub use imp::{read_scenario, write_scenario};

/// The JSON text of member `key` of the JSON object `text` (the gallery's scenario bundle),
/// read with the browser's JSON.
pub fn member_text(text: &str, key: &str) -> Option<String> {
    let object = js_sys::JSON::parse(text).ok()?;
    let member = js_sys::Reflect::get(&object, &key.into()).ok()?;
    if member.is_undefined() {
        return None;
    }
    js_sys::JSON::stringify(&member).ok().map(String::from)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use conlab_sim::budget::tidy;
    use conlab_sim::link::{self, Damage, MAX_JSON_LEN};
    use conlab_sim::{Scenario, ScenarioError};
    use js_sys::Promise;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::{spawn_local, JsFuture};

    // `web/js/codec.js`. `packBody`: JSON text to a payload body (raw DEFLATE with the
    // browser's CompressionStream, then base64url without padding). `unpackBody`: the reverse,
    // rejecting with "base64", "inflate" (not DEFLATE, or more than `max_bytes` unpacked: a zip
    // bomb stops there) or "utf8", which `open_link` turns into the native decoder's sentences.
    // `parseWatched`: JSON.parse, watching which object keys the reader asks for:
    // the reader reads a struct's fields by name and never sees any other key, so
    // `unread()` names the first key nobody read (a path such as `interventions[2].colour`),
    // an unknown field, which the native parser refuses too.
    #[wasm_bindgen(module = "/js/codec.js")]
    extern "C" {
        /// `JSON.parse`, remembering which keys were read (see `codec.js`).
        type Watched;
        #[wasm_bindgen(catch, js_name = parseWatched)]
        fn parse_watched(text: &str) -> Result<Watched, JsValue>;
        #[wasm_bindgen(method, getter)]
        fn value(this: &Watched) -> JsValue;
        /// The path of the first key nobody read, if any.
        #[wasm_bindgen(method)]
        fn unread(this: &Watched) -> Option<String>;

        #[wasm_bindgen(js_name = packBody)]
        fn pack_body(json: &str) -> Promise;
        #[wasm_bindgen(js_name = unpackBody)]
        fn unpack_body(body: &str, max_bytes: u32) -> Promise;
    }

    fn invalid(reason: &str) -> ScenarioError {
        ScenarioError(format!("not a valid scenario: {}", tidy(reason)))
    }

    /// Parse and validate scenario JSON text.
    pub fn scenario_from_text(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = read_scenario(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Parse scenario JSON text without validating it: the browser's `JSON.parse`, then the
    /// hand reader (`crate::reader`), refusing unknown fields as the native parser does.
    pub fn read_scenario(text: &str) -> Result<Scenario, ScenarioError> {
        let watched = parse_watched(text).map_err(|e| {
            invalid(
                &e.dyn_into::<js_sys::Error>()
                    .map_or_else(|_| "not JSON".to_string(), |e| String::from(e.message())),
            )
        })?;
        let scenario = crate::reader::scenario(&watched.value()).map_err(|e| invalid(&e))?;
        if let Some(path) = watched.unread() {
            let field = path.rsplit('.').next().unwrap_or_default();
            return Err(invalid(&format!("unknown field `{field}` (at {path})")));
        }
        Ok(scenario)
    }

    /// A valid scenario as JSON text, written by hand (`conlab_sim::scenario_json`): the
    /// text serde-wasm-bindgen and `JSON.stringify` wrote before, without their code.
    pub fn scenario_to_text(scenario: &Scenario) -> Result<String, ScenarioError> {
        scenario.validate()?;
        write_scenario(scenario)
            .ok_or_else(|| ScenarioError("this run could not be written as a link".into()))
    }

    /// A scenario, valid or not, as JSON text, its numbers written by the browser's own
    /// `Number.prototype.toString`; `None` if an integer is above 2^53 − 1.
    pub fn write_scenario(scenario: &Scenario) -> Option<String> {
        conlab_sim::scenario_json::write_with(scenario, |x, out| {
            if let Ok(text) = js_sys::Number::from(x).to_string_with_radix(10) {
                out.push_str(&String::from(text));
            }
        })
    }

    /// Unpack a link fragment (without `#`) and hand its scenarios to `done`, later.
    pub fn open_link(
        fragment: &str,
        done: impl FnOnce(Result<Vec<Scenario>, ScenarioError>) + 'static,
    ) {
        let bodies: Vec<String> = match link::payload_bodies(fragment) {
            Ok(bodies) => bodies.into_iter().map(String::from).collect(),
            Err(e) => return done(Err(e)),
        };
        spawn_local(async move {
            let mut scenarios = Vec::with_capacity(bodies.len());
            for body in bodies {
                let unpacked = JsFuture::from(unpack_body(&body, MAX_JSON_LEN as u32)).await;
                let scenario = match unpacked {
                    Ok(text) => scenario_from_text(&text.as_string().unwrap_or_default()),
                    Err(code) => Err(match code.as_string().as_deref() {
                        Some("base64") => Damage::Base64,
                        Some("utf8") => Damage::Utf8,
                        _ => Damage::Inflate,
                    }
                    .error()),
                };
                match scenario {
                    Ok(scenario) => scenarios.push(scenario),
                    Err(e) => return done(Err(e)),
                }
            }
            done(Ok(scenarios))
        });
    }

    /// Pack scenarios (one, or a compare pair) into a link fragment and hand it to `done`,
    /// later.
    pub fn share_link(
        scenarios: Vec<Scenario>,
        done: impl FnOnce(Result<String, ScenarioError>) + 'static,
    ) {
        let texts = match scenarios
            .iter()
            .map(|s| {
                let text = scenario_to_text(s)?;
                link::check_json_len(text.len()).map(|()| text)
            })
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(texts) => texts,
            Err(e) => return done(Err(e)),
        };
        spawn_local(async move {
            let mut bodies = Vec::with_capacity(texts.len());
            for text in texts {
                match JsFuture::from(pack_body(&text)).await {
                    Ok(body) => bodies.push(body.as_string().unwrap_or_default()),
                    Err(_) => {
                        return done(Err(ScenarioError(
                            "this browser could not compress the link".into(),
                        )))
                    }
                }
            }
            done(link::fragment(&bodies))
        });
    }
}

/// Native builds (the crate's tests): the simulator's own codec, answering at once.
#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use conlab_sim::{link, Scenario, ScenarioError};

    /// Parse and validate scenario JSON text.
    pub fn scenario_from_text(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(text)
    }

    /// A valid scenario as JSON text.
    pub fn scenario_to_text(scenario: &Scenario) -> Result<String, ScenarioError> {
        scenario.validate()?;
        Ok(scenario.to_json())
    }

    /// Unpack a link fragment (without `#`) and hand its scenarios to `done`.
    pub fn open_link(
        fragment: &str,
        done: impl FnOnce(Result<Vec<Scenario>, ScenarioError>) + 'static,
    ) {
        done(link::decode_fragment(fragment));
    }

    /// Pack scenarios (one, or a compare pair) into a link fragment and hand it to `done`.
    pub fn share_link(
        scenarios: Vec<Scenario>,
        done: impl FnOnce(Result<String, ScenarioError>) + 'static,
    ) {
        done(link::encode_fragment(&scenarios));
    }
}
