//! Share links: a scenario as a compact, URL-safe string (for the `#` fragment of a URL).
//!
//! Format: `1.` followed by base64url (no padding) of the raw-DEFLATE-compressed scenario
//! JSON. The leading version lets later builds change the encoding and still read old links.

use crate::scenario::{Scenario, ScenarioError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Longest link payload accepted or produced, in characters.
pub const MAX_LINK_LEN: usize = 16 * 1024;
/// Largest scenario JSON a link may expand to, in bytes (guards against zip bombs).
pub const MAX_JSON_LEN: usize = 256 * 1024;

const PREFIX: &str = "1.";

/// Encode a scenario as a link payload. Refuses exactly what [`decode`] would reject: an
/// invalid scenario, JSON over [`MAX_JSON_LEN`] or a payload over [`MAX_LINK_LEN`].
pub fn encode(scenario: &Scenario) -> Result<String, ScenarioError> {
    scenario.validate()?;
    let json = serde_json::to_vec(scenario).expect("scenarios always serialize");
    if json.len() > MAX_JSON_LEN {
        return Err(ScenarioError(format!(
            "this run is too long to share as a link ({} bytes of scenario, the limit is {MAX_JSON_LEN}); save it as a scenario file instead",
            json.len()
        )));
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let link = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed));
    if link.len() > MAX_LINK_LEN {
        return Err(ScenarioError(format!(
            "this run is too long to share as a link ({} characters, the limit is {MAX_LINK_LEN}); save it as a scenario file instead",
            link.len()
        )));
    }
    Ok(link)
}

/// Decode and validate a link payload; every failure is a readable message.
pub fn decode(link: &str) -> Result<Scenario, ScenarioError> {
    let link = link.trim().trim_start_matches('#');
    if link.len() > MAX_LINK_LEN {
        return Err(ScenarioError(format!(
            "the link is too long ({} characters, the limit is {MAX_LINK_LEN})",
            link.len()
        )));
    }
    let Some(body) = link.strip_prefix(PREFIX) else {
        return Err(ScenarioError(
            "the link is not a Consensus Lab scenario (it should start with `1.`)".into(),
        ));
    };
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ScenarioError("the link is damaged: it is not valid base64url".into()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_LEN)
        .map_err(|_| ScenarioError("the link is damaged or too large to unpack".into()))?;
    let text = std::str::from_utf8(&json)
        .map_err(|_| ScenarioError("the link is damaged: not UTF-8 text".into()))?;
    Scenario::from_json(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::MAX_INTERVENTIONS;
    use crate::scenario::{Intervention, Timed};
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
