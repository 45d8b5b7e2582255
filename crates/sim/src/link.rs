//! Share links: a scenario as a compact, URL-safe string (for the `#` fragment of a URL).
//!
//! Format: a payload is `1.` followed by base64url (no padding) of the raw-DEFLATE-compressed
//! scenario JSON; the leading version lets later builds change the encoding and still read old
//! links. A compare link is `compare/<Raft payload>/<Multi-Paxos payload>`.
//!
//! Two layers: the fragment's structure ([`payload_bodies`], [`fragment`]) is plain string work
//! that every build uses; a payload's bytes (base64url, DEFLATE, JSON: [`encode`], [`decode`])
//! are made natively with miniz_oxide and serde_json, and in the page with the browser's own
//! CompressionStream and JSON (`web/js/link.js`), so the wasm links neither.

use crate::scenario::ScenarioError;

/// Longest link payload accepted or produced, in characters.
pub const MAX_LINK_LEN: usize = 16 * 1024;
/// Largest scenario JSON a link may expand to, in bytes (guards against zip bombs).
pub const MAX_JSON_LEN: usize = 256 * 1024;

/// How a payload starts: the format version.
pub const PREFIX: &str = "1.";
/// How a compare link starts: `compare/<raft payload>/<multi-paxos payload>`.
pub const COMPARE_PREFIX: &str = "compare/";

/// Why a payload's bytes could not be unpacked: the same sentence natively and in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Not base64url text.
    Base64,
    /// Not raw DEFLATE, or more than [`MAX_JSON_LEN`] bytes once unpacked.
    Inflate,
    /// Unpacked bytes that are not UTF-8 text.
    Utf8,
}

impl Damage {
    pub fn error(self) -> ScenarioError {
        ScenarioError(
            match self {
                Damage::Base64 => "the link is damaged: it is not valid base64url",
                Damage::Inflate => "the link is damaged or too large to unpack",
                Damage::Utf8 => "the link is damaged: not UTF-8 text",
            }
            .into(),
        )
    }
}

/// The payload bodies (each without its `1.`) a link fragment holds: one, or a Raft and a
/// Multi-Paxos one for compare mode. A leading `#` and surrounding spaces are ignored.
pub fn payload_bodies(fragment: &str) -> Result<Vec<&str>, ScenarioError> {
    let fragment = fragment.trim().trim_start_matches('#');
    let payloads = match fragment.strip_prefix(COMPARE_PREFIX) {
        Some(pair) => {
            let (raft, multi) = pair
                .split_once('/')
                .ok_or_else(|| ScenarioError("a compare link needs two scenarios".into()))?;
            vec![raft, multi]
        }
        None => vec![fragment],
    };
    payloads.into_iter().map(body).collect()
}

/// One payload's body, after checking its length and version.
fn body(payload: &str) -> Result<&str, ScenarioError> {
    if payload.len() > MAX_LINK_LEN {
        return Err(ScenarioError(format!(
            "the link is too long ({} characters, the limit is {MAX_LINK_LEN})",
            payload.len()
        )));
    }
    payload.strip_prefix(PREFIX).ok_or_else(|| {
        ScenarioError("the link is not a Consensus Lab scenario (it should start with `1.`)".into())
    })
}

/// The link fragment for payload bodies made by [`encode_body`] or the page: one scenario, or
/// a compare pair (Raft first).
pub fn fragment(bodies: &[String]) -> Result<String, ScenarioError> {
    let payloads: Vec<String> = bodies.iter().map(|b| format!("{PREFIX}{b}")).collect();
    if let Some(long) = payloads.iter().find(|p| p.len() > MAX_LINK_LEN) {
        return Err(ScenarioError(format!(
            "this run is too long to share as a link ({} characters, the limit is {MAX_LINK_LEN}); save it as a scenario file instead",
            long.len()
        )));
    }
    Ok(match payloads.as_slice() {
        [raft, multi] => format!("{COMPARE_PREFIX}{raft}/{multi}"),
        _ => payloads.concat(),
    })
}

/// Refuse scenario JSON that a link could not unpack again.
pub fn check_json_len(len: usize) -> Result<(), ScenarioError> {
    if len > MAX_JSON_LEN {
        return Err(ScenarioError(format!(
            "this run is too long to share as a link ({len} bytes of scenario, the limit is {MAX_JSON_LEN}); save it as a scenario file instead"
        )));
    }
    Ok(())
}

mod bytes {
    use super::*;
    use crate::scenario::Scenario;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    /// A scenario's payload body (without `1.`).
    pub fn encode_body(scenario: &Scenario) -> Result<String, ScenarioError> {
        scenario.validate()?;
        let json = serde_json::to_vec(scenario).expect("scenarios always serialize");
        check_json_len(json.len())?;
        Ok(URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9)))
    }

    /// Encode a scenario as a link payload. Refuses exactly what [`decode`] would reject: an
    /// invalid scenario, JSON over [`MAX_JSON_LEN`] or a payload over [`MAX_LINK_LEN`].
    pub fn encode(scenario: &Scenario) -> Result<String, ScenarioError> {
        fragment(&[encode_body(scenario)?])
    }

    /// The link fragment of scenarios (one, or a compare pair).
    pub fn encode_fragment(scenarios: &[Scenario]) -> Result<String, ScenarioError> {
        let bodies = scenarios
            .iter()
            .map(encode_body)
            .collect::<Result<Vec<_>, _>>()?;
        fragment(&bodies)
    }

    /// Unpack one payload body to a validated scenario.
    pub fn decode_body(body: &str) -> Result<Scenario, ScenarioError> {
        let packed = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| Damage::Base64.error())?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_LEN)
            .map_err(|_| Damage::Inflate.error())?;
        let text = std::str::from_utf8(&json).map_err(|_| Damage::Utf8.error())?;
        Scenario::from_json(text)
    }

    /// Decode and validate a single-scenario link payload; every failure is a readable message.
    pub fn decode(link: &str) -> Result<Scenario, ScenarioError> {
        match payload_bodies(link)?.as_slice() {
            [body] => decode_body(body),
            _ => Err(ScenarioError(
                "expected a single scenario, not a compare link".into(),
            )),
        }
    }

    /// Every scenario a link fragment holds.
    pub fn decode_fragment(fragment: &str) -> Result<Vec<Scenario>, ScenarioError> {
        payload_bodies(fragment)?
            .into_iter()
            .map(decode_body)
            .collect()
    }
}

pub use bytes::{decode, decode_body, decode_fragment, encode, encode_body, encode_fragment};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::MAX_INTERVENTIONS;
    use crate::scenario::{Intervention, Scenario, Timed};
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use conlab_core::NodeId;

    #[test]
    fn links_round_trip() {
        let mut s = Scenario::raft(5, 42);
        s.interventions.push(Timed {
            at: 900,
            action: Intervention::Crash { node: NodeId(2) },
        });
        s.cursor_ms = Some(1234);
        let link = encode(&s).unwrap();
        assert!(link.starts_with("1."));
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{link}"
        );
        assert_eq!(decode(&link).unwrap(), s);
        assert_eq!(decode(&format!("#{link}")).unwrap(), s);
    }

    #[test]
    fn malformed_links_explain_themselves() {
        let oversized = format!("1.{}", "A".repeat(MAX_LINK_LEN));
        let cases = [
            ("", "should start with"),
            ("hello", "should start with"),
            ("1.***", "base64url"),
            ("1.AAAA", "damaged"),
            (oversized.as_str(), "too long"),
        ];
        for (link, expected) in cases {
            let err = decode(link).unwrap_err().0;
            assert!(err.contains(expected), "{link:.20}: `{err}`");
        }
        // Valid encoding of something that is not a scenario.
        let packed = miniz_oxide::deflate::compress_to_vec(br#"{"nodes":3}"#, 9);
        let err = decode(&format!("1.{}", URL_SAFE_NO_PAD.encode(packed)))
            .unwrap_err()
            .0;
        assert!(err.contains("not a valid scenario"), "{err}");
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let huge = vec![b' '; MAX_JSON_LEN * 4];
        let packed = miniz_oxide::deflate::compress_to_vec(&huge, 9);
        let link = format!("1.{}", URL_SAFE_NO_PAD.encode(packed));
        assert!(link.len() < MAX_LINK_LEN);
        assert!(decode(&link).unwrap_err().0.contains("too large"));
    }

    #[test]
    fn overlong_runs_refuse_to_encode() {
        let mut s = Scenario::raft(5, 1);
        for i in 0..5000u64 {
            let command = format!("set k{i} {}", i * 7919 % 10007);
            s.interventions.push(Timed {
                at: i,
                action: Intervention::Client {
                    node: NodeId(1),
                    command,
                },
            });
        }
        assert!(encode(&s).unwrap_err().0.contains("too long to share"));
    }

    #[test]
    fn a_run_that_unpacks_past_the_cap_refuses_to_encode() {
        // Repetitive, so it packs into a short link, but unpacks past 256 KiB.
        let mut s = Scenario::raft(5, 1);
        for i in 0..MAX_INTERVENTIONS as u64 {
            s.interventions.push(Timed {
                at: i,
                action: Intervention::Client {
                    node: NodeId(1),
                    command: "set a_rather_long_key_name a_rather_long_value".into(),
                },
            });
        }
        let err = encode(&s).unwrap_err().0;
        assert!(err.contains("bytes of scenario"), "{err}");
    }

    /// Property: every link the encoder produces decodes to the same scenario, over
    /// thousands of random scenarios (sizes, options, texts with any characters, every kind
    /// of intervention), including ones near and past the caps.
    #[test]
    fn every_encoded_link_decodes() {
        let mut rng = rand_pcg::Pcg32::new(0x5eed, 9);
        let mut encoded = 0;
        for case in 0..3_000 {
            let s = arbitrary_scenario(&mut rng, case);
            match encode(&s) {
                Ok(link) => {
                    encoded += 1;
                    let back = decode(&link)
                        .unwrap_or_else(|e| panic!("case {case}: {e}\n{}", s.to_json()));
                    assert_eq!(back, s, "case {case}");
                }
                Err(e) => assert!(
                    s.validate().is_err() || e.0.contains("too long to share"),
                    "case {case}: a valid scenario was refused: {e}"
                ),
            }
        }
        assert!(encoded > 1_000, "only {encoded} cases encoded");
    }

    fn arbitrary_scenario(rng: &mut rand_pcg::Pcg32, case: u64) -> Scenario {
        use crate::kind::ProtocolKind;
        use rand_core::RngCore;
        let mut pick = |n: u32| rng.next_u32() % n;
        let kind = ProtocolKind::ALL[pick(3) as usize];
        let nodes = 1 + pick(16) as usize;
        let mut s = Scenario::new(kind, nodes, u64::from(pick(1000)));
        let alphabet = ['a', 'Z', ' ', '\n', '"', '\\', 'é', '\u{202E}', '漢', '🦀'];
        let text = |len: u32, pick: &mut dyn FnMut(u32) -> u32| {
            (0..pick(len + 1))
                .map(|_| alphabet[pick(alphabet.len() as u32) as usize])
                .collect::<String>()
        };
        s.name = text(40, &mut pick);
        s.description = text(if case.is_multiple_of(50) { 3_000 } else { 100 }, &mut pick);
        s.network.drop = f64::from(pick(101)) / 100.0;
        s.network.reorder = pick(2) == 0;
        if pick(4) == 0 {
            s.raft.heartbeat_ms = u64::from(pick(100));
            s.multipaxos.heartbeat_ms = u64::from(pick(100));
        }
        let count = match pick(20) {
            0 => 12_000,
            1 => 5_000,
            _ => pick(30),
        };
        let mut at = 0;
        for _ in 0..count {
            at += u64::from(pick(400));
            let spare = u32::from(pick(100) == 0);
            let node = NodeId(1 + pick(nodes as u32 + spare) as u8);
            let action = match pick(20) {
                0 => Intervention::Crash { node },
                1 => Intervention::Restart { node },
                2 => Intervention::Partition {
                    groups: vec![vec![node], vec![NodeId(1 + pick(nodes as u32) as u8)]],
                },
                3 => Intervention::Heal,
                4 => Intervention::Cut {
                    from: node,
                    to: node,
                },
                5 => Intervention::Timeout { node },
                6 => Intervention::DropMessage {
                    id: u64::from(pick(99)),
                },
                7 if pick(10) == 0 => Intervention::Client {
                    node,
                    command: text(20, &mut pick),
                },
                _ => Intervention::Client {
                    node,
                    command: format!("set k{} {}", pick(9), pick(99)),
                },
            };
            s.interventions.push(Timed { at, action });
        }
        if pick(3) == 0 {
            s.cursor_ms = Some(u64::from(pick(4_000_000)));
        }
        s
    }
}
