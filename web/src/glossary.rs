//! Labels and tour captions in the lab that name a glossary term link to its entry: a click,
//! Enter or tap opens the definition in a popover (`web/js/guide.js`), as links in the guide
//! do (issue 12 item 3).

use yew::prelude::*;

/// Legend labels and invariant names, by their start, and the glossary entry they name
/// (`data-glossary-term` in web/guide/glossary.html).
const TERMS: &[(&str, &str)] = &[
    ("follower", "follower"),
    ("pre-candidate", "prevote"),
    ("PreVote", "prevote"),
    ("TimeoutNow", "leadership-transfer"),
    ("candidate", "candidate"),
    ("leader", "leader"),
    ("RequestVote", "requestvote"),
    ("AppendEntries", "appendentries"),
    ("heartbeat", "heartbeat"),
    ("election timer", "election-timeout"),
    ("phase 1", "phase-1"),
    ("phase 2", "phase-2"),
    ("Prepare", "phase-1"),
    ("Promise", "promise"),
    ("Accepted", "phase-2"),
    ("Accept", "phase-2"),
    ("quorum", "quorum"),
    ("Nack", "nack"),
    ("election_safety", "election-safety"),
    ("leader_append_only", "leader-append-only"),
    ("log_matching", "log-matching"),
    ("leader_completeness", "leader-completeness"),
    ("state_machine_safety", "state-machine-safety"),
    ("InstallSnapshot", "snapshot"),
    ("snapshot_safety", "snapshot"),
    ("not a voter", "configuration"),
    ("linearizability", "linearizability"),
];

/// The glossary entry `label` names: the label is a key, or a key followed by a space or `(`.
pub fn slug(label: &str) -> Option<&'static str> {
    TERMS.iter().find_map(|(key, slug)| {
        let rest = label.strip_prefix(key)?;
        (rest.is_empty() || rest.starts_with([' ', '('])).then_some(*slug)
    })
}

/// `text` as a link to the glossary entry `key` names, or plain text if it names none.
pub fn term(key: &str, text: &'static str) -> Html {
    match slug(key) {
        Some(slug) => html! {
            <a class="term-link" data-term={slug} href={format!("#guide/glossary/{slug}")}>{ text }</a>
        },
        None => html! { text },
    }
}

/// Phrases a caption may use for a glossary entry, longer ones first ("commit index" before
/// "commit"); each may also be followed by an "s".
const PHRASES: &[(&str, &str)] = &[
    ("commit index", "commit-index"),
    ("election timeout", "election-timeout"),
    ("election restriction", "election-restriction"),
    ("split vote", "split-vote"),
    ("log entry", "log-entry"),
    ("phase 1", "phase-1"),
    ("phase 2", "phase-2"),
    ("state machine", "state-machine"),
    ("configuration", "configuration"),
    ("appendentries", "appendentries"),
    ("requestvote", "requestvote"),
    ("heartbeat", "heartbeat"),
    ("candidate", "candidate"),
    ("follower", "follower"),
    ("pre-candidate", "prevote"),
    ("PreVote", "prevote"),
    ("TimeoutNow", "leadership-transfer"),
    ("majority", "majority"),
    ("acceptor", "acceptor"),
    ("proposer", "proposer"),
    ("promise", "promise"),
    ("learner", "learner"),
    ("quorum", "quorum"),
    ("ballot", "ballot"),
    ("leader", "leader"),
    ("no-op", "no-op"),
    ("slot", "slot"),
    ("term", "term"),
];

/// Where `text` names glossary entries: (start, end, slug) byte ranges, the first mention of
/// each entry only, whole words (ASCII case-insensitive), in order.
pub fn mentions(text: &str) -> Vec<(usize, usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let is_word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !is_word(at - 1);
        let hit = starts_word
            .then(|| {
                PHRASES.iter().find_map(|(phrase, slug)| {
                    if !bytes[at..].starts_with(phrase.as_bytes()) {
                        return None;
                    }
                    let end = at + phrase.len();
                    let end = if bytes.get(end) == Some(&b's') {
                        end + 1
                    } else {
                        end
                    };
                    (!is_word(end)).then_some((end, *slug))
                })
            })
            .flatten();
        match hit {
            Some((end, slug)) if !found.iter().any(|f| f.2 == slug) => {
                found.push((at, end, slug));
                at = end;
            }
            Some((end, _)) => at = end,
            None => at += 1,
        }
    }
    found
}

/// A caption as text, its first mention of each glossary entry a link to it.
pub fn linked(text: &str) -> Html {
    let mut parts = Vec::new();
    let mut from = 0;
    for (start, end, slug) in mentions(text) {
        parts.push(html! { { &text[from..start] } });
        parts.push(html! {
            <a class="term-link" data-term={slug} href={format!("#guide/glossary/{slug}")}>{ &text[start..end] }</a>
        });
        from = end;
    }
    parts.push(html! { { &text[from..] } });
    parts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_their_terms() {
        assert_eq!(slug("leader"), Some("leader"));
        assert_eq!(slug("AppendEntries (n entries)"), Some("appendentries"));
        assert_eq!(slug("phase 1 (candidate)"), Some("phase-1"));
        assert_eq!(slug("Accepted (2b)"), Some("phase-2"));
        assert_eq!(slug("log_matching"), Some("log-matching"));
        assert_eq!(slug("InstallSnapshot (§7)"), Some("snapshot"));
        assert_eq!(slug("linearizability"), Some("linearizability"));
        assert_eq!(slug("crashed"), None);
        assert_eq!(slug("leaderless"), None, "a key must end where a word ends");
    }

    #[test]
    fn a_caption_links_the_first_mention_of_each_term_as_a_whole_word() {
        let text =
            "S1 wins term 1 by a majority; its terms and leaders. Termination: S1 leads term 2.";
        let found: Vec<(&str, &str)> = mentions(text)
            .iter()
            .map(|(a, b, slug)| (&text[*a..*b], *slug))
            .collect();
        assert_eq!(
            found,
            vec![
                ("term", "term"),
                ("majority", "majority"),
                ("leaders", "leader")
            ]
        );
        let text = "The commit index rose; Phase 1 ran. No-op.";
        let found: Vec<&str> = mentions(text).iter().map(|m| m.2).collect();
        assert_eq!(found, vec!["commit-index", "phase-1", "no-op"]);
        assert_eq!(
            mentions("ü leader"),
            vec![(3, 9, "leader")],
            "byte offsets survive UTF-8"
        );
        assert_eq!(mentions("ééé—term"), vec![(9, 13, "term")]);
    }

    #[test]
    fn every_linked_term_is_in_the_glossary() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/guide/glossary.html");
        let glossary = std::fs::read_to_string(path).unwrap();
        for (key, slug) in TERMS.iter().chain(PHRASES) {
            assert!(
                glossary.contains(&format!("data-glossary-term=\"{slug}\"")),
                "{key} links to {slug}, which the glossary lacks"
            );
        }
    }
}
