use conlab_core::{NodeId, Tick};

/// A named safety property and where it comes from.
#[derive(Debug, PartialEq, Eq)]
pub struct Property {
    /// Stable identifier, e.g. `election_safety`.
    pub name: &'static str,
    /// Human title, e.g. "Election Safety".
    pub title: &'static str,
    /// The property in one sentence.
    pub statement: &'static str,
    /// Where the property is stated, e.g. "Raft §5.2, Figure 3".
    pub source: &'static str,
}

/// What an invariant found wrong in one step: who was involved and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breach {
    pub nodes: Vec<NodeId>,
    /// One plain-English sentence.
    pub message: String,
}

impl Breach {
    pub fn new(nodes: Vec<NodeId>, message: String) -> Self {
        Self { nodes, message }
    }
}

/// A broken invariant: when, at which step, who was involved and what happened.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    pub invariant: &'static str,
    pub at: Tick,
    pub step: u64,
    pub nodes: Vec<NodeId>,
    /// One plain-English sentence.
    pub message: String,
}
