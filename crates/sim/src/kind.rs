//! Which protocol a scenario runs: a closed set, parsed once at the edges (scenario files,
//! share links, command-line flags) and matched as a value everywhere else.

use std::fmt;

/// The protocols the lab can run. Written in files and links as `raft`, `paxos`,
/// `multipaxos`: the spelling of format version 1, so old scenarios and links keep working.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ProtocolKind {
    /// Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm").
    Raft,
    /// Single-decree Paxos (Lamport, "Paxos Made Simple" §2).
    Paxos,
    /// Multi-Paxos (Lamport, "Paxos Made Simple" §3).
    #[serde(rename = "multipaxos")]
    MultiPaxos,
}

impl ProtocolKind {
    /// Every protocol, in the order the page lists them.
    pub const ALL: [ProtocolKind; 3] = [Self::Raft, Self::Paxos, Self::MultiPaxos];

    /// The name scenario files, links and the command line use.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Raft => "raft",
            Self::Paxos => "paxos",
            Self::MultiPaxos => "multipaxos",
        }
    }

    /// The name people read.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Raft => "Raft",
            Self::Paxos => "Paxos",
            Self::MultiPaxos => "Multi-Paxos",
        }
    }
}

impl fmt::Display for ProtocolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A protocol name that is not one of [`ProtocolKind::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProtocol(pub String);

impl fmt::Display for UnknownProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = ProtocolKind::ALL.iter().map(|k| k.name()).collect();
        write!(
            f,
            "unknown protocol {}; expected one of: {}",
            crate::budget::excerpt(&self.0),
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownProtocol {}

impl std::str::FromStr for ProtocolKind {
    type Err = UnknownProtocol;

    fn from_str(text: &str) -> Result<Self, UnknownProtocol> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| UnknownProtocol(text.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for kind in ProtocolKind::ALL {
            assert_eq!(kind.name().parse::<ProtocolKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
            assert_eq!(serde_json::from_str::<ProtocolKind>(&json).unwrap(), kind);
        }
        let err = "zab".parse::<ProtocolKind>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown protocol `zab`; expected one of: raft, paxos, multipaxos"
        );
    }
}
