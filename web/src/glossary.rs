//! Labels in the lab that name a glossary term link to its entry: a click, Enter or tap opens
//! the definition in a popover (`web/js/guide.js`), as links in the guide do (issue 12 item 3).

use yew::prelude::*;

/// Legend labels and invariant names, by their start, and the glossary entry they name
/// (`data-glossary-term` in web/guide/glossary.html).
const TERMS: &[(&str, &str)] = &[
    ("follower", "follower"),
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
        assert_eq!(slug("crashed"), None);
        assert_eq!(slug("leaderless"), None, "a key must end where a word ends");
    }

    #[test]
    fn every_linked_term_is_in_the_glossary() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/guide/glossary.html");
        let glossary = std::fs::read_to_string(path).unwrap();
        for (key, slug) in TERMS {
            assert!(
                glossary.contains(&format!("data-glossary-term=\"{slug}\"")),
                "{key} links to {slug}, which the glossary lacks"
            );
        }
    }
}
