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

/// Encode a scenario as a link payload.
pub fn encode(scenario: &Scenario) -> Result<String, ScenarioError> {
    let json = serde_json::to_vec(scenario).expect("scenarios always serialize");
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
}
