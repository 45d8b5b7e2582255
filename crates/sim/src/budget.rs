//! Explicit budgets every scenario and link is checked against, so that a small input can
//! never ask for unbounded work, and the helpers that keep error messages short and safe to
//! show (a message quotes at most a short, escaped excerpt of the input).

use conlab_core::Tick;

/// The largest cluster the lab draws legibly.
pub const MAX_NODES: usize = 15;
/// Longest simulated run a scenario, a link or the CLI may ask for (one hour).
pub const MAX_TIME_MS: Tick = 3_600 * 1000;
/// Most timed interventions a scenario may hold: one every 100 ms for the longest run
/// (RaftScope's client rate for an hour). Planned, they take about 7 MB; a link carries far
/// fewer (its scenario unpacks to at most 256 KiB).
pub const MAX_INTERVENTIONS: usize = (MAX_TIME_MS / 100) as usize;
/// Most messages a scenario may make the cluster send before its horizon (`until_ms`,
/// `cursor_ms` or its last intervention), estimated from cluster size and heartbeat period.
/// A 5-node Raft cluster at the default 50 ms heartbeat sends about 3 million in an hour.
pub const MAX_ESTIMATED_MESSAGES: u64 = 10_000_000;
/// Highest term or round a scenario may give in `initial` state: far from overflow however
/// long the run.
pub const MAX_INITIAL_TERM: u64 = 1 << 32;
/// Longest `initial` log per node.
pub const MAX_INITIAL_LOG: usize = 10_000;
/// Longest name or description, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest client request text, in characters.
pub const MAX_REQUEST_CHARS: usize = 200;
/// Longest timeout, heartbeat or latency bound, in ms (ten minutes).
pub const MAX_PERIOD_MS: Tick = 600_000;

/// How many characters of the input an error message quotes.
const EXCERPT_CHARS: usize = 32;

/// `text` as a short, escaped quotation for an error message: in backticks, at most
/// [`EXCERPT_CHARS`] characters, with control, line-break and text-direction characters
/// written as `\u{..}` escapes, and `…` when cut.
pub fn excerpt(text: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in text.chars().enumerate() {
        if i == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out.push('`');
    out
}

/// A message (e.g. from serde) made safe to show: every backtick-quoted part is cut to an
/// [`excerpt`], unsafe characters are escaped, and the whole stays under a few hundred
/// characters.
pub fn tidy(message: &str) -> String {
    const MAX_MESSAGE_CHARS: usize = 300;
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&excerpt(part));
        } else {
            part.chars().for_each(|c| push_escaped(&mut out, c));
        }
    }
    if out.chars().count() > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS).collect();
        out.push('…');
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&c.escape_unicode().to_string());
    } else {
        out.push(c);
    }
}

/// Characters that would break a one-line message or reorder how it displays.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_escaped() {
        assert_eq!(excerpt("zab"), "`zab`");
        assert_eq!(excerpt("a\nb\u{202E}c"), "`a\\u{a}b\\u{202e}c`");
        let long = "x".repeat(1_000_000);
        let quoted = excerpt(&long);
        assert_eq!(quoted.chars().count(), EXCERPT_CHARS + 3);
        assert!(quoted.ends_with("…`"));
    }

    #[test]
    fn tidy_shortens_every_quotation_and_the_whole() {
        let field = "y".repeat(100_000);
        let message = format!("unknown field `{field}`, expected `nodes`\nat line 1");
        let tidied = tidy(&message);
        assert!(tidied.len() < 200, "{tidied}");
        assert!(tidied.contains("expected `nodes`"));
        assert!(!tidied.contains('\n'));
        assert!(tidy(&"z".repeat(10_000)).chars().count() <= 301);
    }
}
