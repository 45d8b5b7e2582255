//! How a timed intervention reads and writes as JSON: one flat object,
//! `{"at": ms, "do": kind, ...the kind's fields}`, refusing any field the kind does not have.
//!
//! A plain struct of optional fields does this with any serde format — serde_json natively,
//! the browser's own JSON in the page — where serde's `flatten` would silently accept unknown
//! fields and its tagged enums would need a buffering value type.

use crate::scenario::{Intervention, Timed};
use conlab_core::{NodeId, Tick};

/// What an intervention does, as the `do` field names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Crash,
    Restart,
    Partition,
    Heal,
    Cut,
    Restore,
    Timeout,
    #[serde(alias = "propose")]
    Client,
    DropMessage,
    AddServer,
    RemoveServer,
    ChangeConfig,
    TransferLeader,
}

/// The JSON shape of [`Timed`] (the page's reader, web/src/reader.rs, fills it by hand).
#[derive(serde::Serialize, serde::Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct TimedJson {
    pub at: Tick,
    #[serde(rename = "do")]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Vec<NodeId>>>,
    /// `value` is the same field, as Paxos scenarios name it.
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "value")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<NodeId>>,
}

/// Take a field the kind needs.
fn need<T>(field: &mut Option<T>, name: &str) -> Result<T, String> {
    field
        .take()
        .ok_or_else(|| format!("missing field `{name}`"))
}

impl TryFrom<TimedJson> for Timed {
    type Error = String;

    fn try_from(mut json: TimedJson) -> Result<Self, String> {
        let j = &mut json;
        let action = match j.kind {
            Kind::Crash => Intervention::Crash {
                node: need(&mut j.node, "node")?,
            },
            Kind::Restart => Intervention::Restart {
                node: need(&mut j.node, "node")?,
            },
            Kind::Timeout => Intervention::Timeout {
                node: need(&mut j.node, "node")?,
            },
            Kind::Partition => Intervention::Partition {
                groups: need(&mut j.groups, "groups")?,
            },
            Kind::Heal => Intervention::Heal,
            Kind::Cut => Intervention::Cut {
                from: need(&mut j.from, "from")?,
                to: need(&mut j.to, "to")?,
            },
            Kind::Restore => Intervention::Restore {
                from: need(&mut j.from, "from")?,
                to: need(&mut j.to, "to")?,
            },
            Kind::Client => Intervention::Client {
                node: need(&mut j.node, "node")?,
                command: need(&mut j.command, "command")?,
            },
            Kind::DropMessage => Intervention::DropMessage {
                id: need(&mut j.id, "id")?,
            },
            Kind::AddServer | Kind::RemoveServer => Intervention::Membership {
                node: need(&mut j.node, "node")?,
                add: j.kind == Kind::AddServer,
            },
            Kind::ChangeConfig => Intervention::ChangeConfig {
                voters: need(&mut j.voters, "voters")?,
            },
            Kind::TransferLeader => Intervention::TransferLeader {
                to: need(&mut j.to, "to")?,
            },
        };
        let left = [
            ("node", j.node.is_some()),
            ("from", j.from.is_some()),
            ("to", j.to.is_some()),
            ("groups", j.groups.is_some()),
            ("command", j.command.is_some()),
            ("id", j.id.is_some()),
            ("voters", j.voters.is_some()),
        ];
        if let Some((extra, _)) = left.iter().find(|(_, set)| *set) {
            return Err(format!(
                "unknown field `{extra}` in this intervention (it takes only the fields its `do` needs)"
            ));
        }
        Ok(Timed {
            at: json.at,
            action,
        })
    }
}

impl From<Timed> for TimedJson {
    fn from(timed: Timed) -> Self {
        let mut json = TimedJson {
            at: timed.at,
            kind: Kind::Heal,
            node: None,
            from: None,
            to: None,
            groups: None,
            command: None,
            id: None,
            voters: None,
        };
        json.kind = match timed.action {
            Intervention::Crash { node } => {
                json.node = Some(node);
                Kind::Crash
            }
            Intervention::Restart { node } => {
                json.node = Some(node);
                Kind::Restart
            }
            Intervention::Timeout { node } => {
                json.node = Some(node);
                Kind::Timeout
            }
            Intervention::Partition { groups } => {
                json.groups = Some(groups);
                Kind::Partition
            }
            Intervention::Heal => Kind::Heal,
            Intervention::Cut { from, to } => {
                (json.from, json.to) = (Some(from), Some(to));
                Kind::Cut
            }
            Intervention::Restore { from, to } => {
                (json.from, json.to) = (Some(from), Some(to));
                Kind::Restore
            }
            Intervention::Client { node, command } => {
                (json.node, json.command) = (Some(node), Some(command));
                Kind::Client
            }
            Intervention::DropMessage { id } => {
                json.id = Some(id);
                Kind::DropMessage
            }
            Intervention::Membership { node, add } => {
                json.node = Some(node);
                if add {
                    Kind::AddServer
                } else {
                    Kind::RemoveServer
                }
            }
            Intervention::ChangeConfig { voters } => {
                json.voters = Some(voters);
                Kind::ChangeConfig
            }
            Intervention::TransferLeader { to } => {
                json.to = Some(to);
                Kind::TransferLeader
            }
        };
        json
    }
}
