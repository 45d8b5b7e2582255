//! The replicated state machine both Raft and Multi-Paxos drive: a small key-value store.
//!
//! Commands are written the way users type them (`set x 3`, `get x`, `del x`,
//! `cas x 3 4`); every replica applies the same commands in the same order and so reaches the
//! same state (Raft §2, "Replicated state machines").
//!
//! A client with a session (dissertation §6.3) sends its command wrapped with its session,
//! [`Command::InSession`]: the store remembers, per client, the latest sequence number it
//! applied and that command's outcome, so a retried command is applied once. Hand-typed
//! commands have no session, and their text is unchanged.

use std::fmt;
use std::sync::Arc;

/// One state-machine command. `Noop` is what a new leader commits (Raft §8) or fills gaps with
/// (Multi-Paxos); it changes nothing.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Command {
    Noop,
    Set {
        key: String,
        value: String,
    },
    Get {
        key: String,
    },
    Del {
        key: String,
    },
    Cas {
        key: String,
        expected: String,
        new: String,
    },
    /// Raft membership (dissertation §4.1): add this server to the configuration. Its log
    /// entry is a configuration entry; it leaves the key-value state alone.
    AddServer(crate::NodeId),
    /// Raft membership (dissertation §4.1): remove this server from the configuration.
    RemoveServer(crate::NodeId),
    /// Raft joint consensus (§6): move to these voters. Its log entry is C_old,new: the
    /// configuration before it is C_old, these voters are C_new.
    ChangeConfig(crate::Configuration),
    /// Raft joint consensus (§6): the C_new entry a leader appends once C_old,new commits.
    NewConfig(crate::Configuration),
    /// Raft leadership transfer (dissertation §3.10): ask the leader to hand leadership to
    /// this server. A request to the leader, never a log entry.
    TransferLeader(crate::NodeId),
    /// A client's command with its session (dissertation §6.3): applied at most once per
    /// (client, sequence number). The session rides beside the command in the log entry or
    /// the proposed value; it is never typed, and the text is the wrapped command's.
    InSession(Session, Box<Command>),
}

/// A client session (dissertation §6.3): the client's id and the sequence number of one of
/// its commands (from 1, one higher for each new command; a retry keeps its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Session {
    pub client: u32,
    pub seq: u64,
}

impl Command {
    /// The command without its session, as a server that ignores sessions would log it.
    pub fn without_session(self) -> Command {
        match self {
            Command::InSession(_, command) => *command,
            command => command,
        }
    }

    /// The key a `get` reads, with or without a session: the one read-only command, which a
    /// Raft leader may answer without a log entry (dissertation §6.4).
    pub fn read_key(&self) -> Option<&str> {
        match self {
            Command::Get { key } => Some(key),
            Command::InSession(_, command) => command.read_key(),
            _ => None,
        }
    }
}

/// Why a command string could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError(pub String);

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

const MAX_TOKEN_LEN: usize = 64;

impl std::str::FromStr for Command {
    type Err = CommandError;

    fn from_str(text: &str) -> Result<Self, CommandError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if let Some(long) = words.iter().find(|w| w.len() > MAX_TOKEN_LEN) {
            return Err(CommandError(format!(
                "`{}…` is longer than {MAX_TOKEN_LEN} characters",
                long.chars().take(12).collect::<String>()
            )));
        }
        let owned = |i: usize| words[i].to_string();
        match words.as_slice() {
            ["noop"] => Ok(Command::Noop),
            ["set", _, _] => Ok(Command::Set { key: owned(1), value: owned(2) }),
            ["get", _] => Ok(Command::Get { key: owned(1) }),
            ["del", _] => Ok(Command::Del { key: owned(1) }),
            ["cas", _, _, _] => Ok(Command::Cas { key: owned(1), expected: owned(2), new: owned(3) }),
            ["add_server", id] => server(id).map(Command::AddServer),
            ["remove_server", id] => server(id).map(Command::RemoveServer),
            ["change_config", ids @ ..] => voters(ids).map(Command::ChangeConfig),
            ["new_config", ids @ ..] => voters(ids).map(Command::NewConfig),
            ["transfer_leader", id] => server(id).map(Command::TransferLeader),
            [] => Err(CommandError("empty command; try `set x 3`".into())),
            _ => Err(CommandError(format!(
                "`{text}` is not a command; use `set k v`, `get k`, `del k`, `cas k old new` or `noop`"
            ))),
        }
    }
}

/// `S3` or `3`: a server id of 1..=255.
fn server(text: &str) -> Result<crate::NodeId, CommandError> {
    match text.trim_start_matches('S').parse::<u8>() {
        Ok(id) if id > 0 => Ok(crate::NodeId(id)),
        _ => Err(CommandError("a server is written like S2".into())),
    }
}

/// `S1 S2 S3`: a non-empty set of servers, each listed once.
fn voters(ids: &[&str]) -> Result<crate::Configuration, CommandError> {
    let list = ids
        .iter()
        .map(|id| server(id))
        .collect::<Result<Vec<_>, _>>()?;
    let config = crate::Configuration::new(list);
    if config.is_empty() || config.len() < ids.len() {
        return Err(CommandError(
            "a configuration lists one or more servers, each once".into(),
        ));
    }
    Ok(config)
}

impl TryFrom<String> for Command {
    type Error = CommandError;
    fn try_from(text: String) -> Result<Self, CommandError> {
        text.parse()
    }
}

impl From<Command> for String {
    fn from(command: Command) -> String {
        command.to_string()
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Noop => write!(f, "noop"),
            Command::Set { key, value } => write!(f, "set {key} {value}"),
            Command::Get { key } => write!(f, "get {key}"),
            Command::Del { key } => write!(f, "del {key}"),
            Command::Cas { key, expected, new } => write!(f, "cas {key} {expected} {new}"),
            Command::AddServer(id) => write!(f, "add_server {id}"),
            Command::RemoveServer(id) => write!(f, "remove_server {id}"),
            Command::ChangeConfig(c) => write_voters(f, "change_config", c),
            Command::NewConfig(c) => write_voters(f, "new_config", c),
            Command::TransferLeader(id) => write!(f, "transfer_leader {id}"),
            Command::InSession(_, command) => command.fmt(f),
        }
    }
}

fn write_voters(f: &mut fmt::Formatter<'_>, verb: &str, c: &crate::Configuration) -> fmt::Result {
    f.write_str(verb)?;
    c.voters().iter().try_for_each(|v| write!(f, " {v}"))
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::InSession(s, command) => write!(f, "{command:?}@c{}#{}", s.client, s.seq),
            _ => write!(f, "`{self}`"),
        }
    }
}

/// What applying a command returned.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Done,
    Value(Option<String>),
    CasFailed { actual: Option<String> },
}

/// The key-value state machine. Ordered map: iteration order never depends on hashing.
/// Shared copy-on-write, so that timeline snapshots and rendered frames clone it for free.
/// The sessions table is state-machine state too: snapshots carry it (dissertation §6.3).
#[derive(Clone, Debug, Default, Eq)]
pub struct KvStore {
    map: Arc<crate::VecMap<String, String>>,
    /// Per client: the latest sequence number applied and its outcome (§6.3).
    sessions: Arc<crate::VecMap<u32, (u64, Outcome)>>,
}

/// Equal maps and sessions. The checkers compare a server's store with their replay after
/// every command it applies (`state_machine_safety`), so the keys and values, a few bytes
/// each, are compared in line rather than by a `memcmp` call per string.
impl PartialEq for KvStore {
    fn eq(&self, other: &Self) -> bool {
        let same =
            |a: &str, b: &str| a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y);
        (Arc::ptr_eq(&self.map, &other.map)
            || self.map.len() == other.map.len()
                && self
                    .map
                    .iter()
                    .zip(other.map.iter())
                    .all(|((k, v), (k2, v2))| same(k, k2) && same(v, v2)))
            && self.sessions == other.sessions
    }
}

impl KvStore {
    /// Apply one command and return its outcome.
    pub fn apply(&mut self, command: &Command) -> Outcome {
        match command {
            Command::Noop
            | Command::AddServer(_)
            | Command::RemoveServer(_)
            | Command::ChangeConfig(_)
            | Command::NewConfig(_)
            | Command::TransferLeader(_) => Outcome::Done,
            Command::Set { key, value } => {
                self.put(key, value);
                Outcome::Done
            }
            Command::Get { key } => Outcome::Value(self.map.get(key).cloned()),
            Command::Del { key } => {
                if self.map.contains_key(key) {
                    Arc::make_mut(&mut self.map).remove(key);
                }
                Outcome::Done
            }
            Command::Cas { key, expected, new } => match self.map.get(key) {
                Some(actual) if actual == expected => {
                    self.put(key, new);
                    Outcome::Done
                }
                actual => Outcome::CasFailed {
                    actual: actual.cloned(),
                },
            },
            Command::InSession(session, command) => self.apply_once(*session, command),
        }
    }

    /// Set `key` to `value`. An existing key's value is overwritten in place: every replica
    /// and checker replay applies every command, and most commands overwrite a key.
    fn put(&mut self, key: &String, value: &String) {
        let map = Arc::make_mut(&mut self.map);
        match map.get_mut(key) {
            Some(old) => old.clone_from(value),
            None => {
                map.insert(key.clone(), value.clone());
            }
        }
    }

    /// Dissertation §6.3: "If it receives a command whose serial number has already been
    /// executed, it responds immediately without re-executing the request." Only the latest
    /// outcome per client is kept; an older number, which no client waits for any more, is
    /// skipped the same way.
    fn apply_once(&mut self, session: Session, command: &Command) -> Outcome {
        if let Some((seq, outcome)) = self.sessions.get(&session.client) {
            if session.seq <= *seq {
                return outcome.clone();
            }
        }
        let outcome = self.apply(command);
        Arc::make_mut(&mut self.sessions).insert(session.client, (session.seq, outcome.clone()));
        outcome
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(text: &str) -> Command {
        text.parse().unwrap()
    }

    #[test]
    fn commands_parse_and_print_back() {
        for text in [
            "set x 3",
            "get x",
            "del x",
            "cas x 3 4",
            "noop",
            "new_config S4 S5",
        ] {
            assert_eq!(cmd(text).to_string(), text);
        }
        assert_eq!(
            cmd("  set   x  3 "),
            Command::Set {
                key: "x".into(),
                value: "3".into()
            }
        );
    }

    #[test]
    fn malformed_commands_explain_themselves() {
        assert!("".parse::<Command>().unwrap_err().0.contains("empty"));
        assert!("put x"
            .parse::<Command>()
            .unwrap_err()
            .0
            .contains("not a command"));
        assert!("set x".parse::<Command>().is_err());
        assert_eq!(cmd("change_config 3 S1").to_string(), "change_config S1 S3");
        for (text, why) in [
            ("change_config", "each once"),
            ("change_config S1 1", "each once"),
        ] {
            assert!(
                text.parse::<Command>().unwrap_err().0.contains(why),
                "{text}"
            );
        }
        let long = format!("set {} 1", "k".repeat(100));
        assert!(long
            .parse::<Command>()
            .unwrap_err()
            .0
            .contains("longer than"));
    }

    #[test]
    fn stores_are_equal_exactly_when_their_keys_values_and_sessions_are() {
        let store = |texts: &[&str]| {
            let mut kv = KvStore::default();
            texts.iter().for_each(|t| drop(kv.apply(&cmd(t))));
            kv
        };
        let base = store(&["set a 1", "set bb 22"]);
        assert_eq!(
            base,
            store(&["set bb 22", "set a 0", "set a 1"]),
            "built another way"
        );
        assert_eq!(base, base.clone());
        for other in [
            store(&["set a 1"]),
            store(&["set a 1", "set bb 23"]),
            store(&["set a 1", "set bc 22"]),
            store(&["set a 1", "set bb 2"]),
            store(&["set a 1", "set bb 22", "set c 3"]),
        ] {
            assert_ne!(base, other);
            assert_ne!(other, base);
        }
        let mut with_session = base.clone();
        with_session.apply(&Command::InSession(
            Session { client: 1, seq: 1 },
            Box::new(cmd("get a")),
        ));
        assert_ne!(base, with_session, "the sessions count");
    }

    #[test]
    fn the_store_applies_every_command_kind() {
        let mut kv = KvStore::default();
        assert_eq!(kv.apply(&cmd("set x 1")), Outcome::Done);
        assert_eq!(kv.apply(&cmd("get x")), Outcome::Value(Some("1".into())));
        assert_eq!(
            kv.apply(&cmd("cas x 2 3")),
            Outcome::CasFailed {
                actual: Some("1".into())
            }
        );
        assert_eq!(kv.apply(&cmd("cas x 1 3")), Outcome::Done);
        assert_eq!(kv.get("x"), Some("3"));
        assert_eq!(kv.apply(&cmd("del x")), Outcome::Done);
        assert_eq!(kv.apply(&cmd("get x")), Outcome::Value(None));
        assert_eq!(kv.apply(&cmd("noop")), Outcome::Done);
        assert!(kv.is_empty());
    }

    #[test]
    fn a_command_whose_sequence_number_was_applied_returns_the_remembered_outcome() {
        let mut kv = KvStore::default();
        let once =
            |client, seq, text| Command::InSession(Session { client, seq }, Box::new(cmd(text)));
        assert_eq!(kv.apply(&once(1, 1, "set x a")), Outcome::Done);
        assert_eq!(kv.apply(&once(2, 1, "set x b")), Outcome::Done);
        assert_eq!(kv.apply(&once(1, 1, "set x a")), Outcome::Done, "the retry");
        assert_eq!(
            kv.get("x"),
            Some("b"),
            "the retried write was not applied again"
        );
        assert_eq!(
            kv.apply(&once(1, 2, "get x")),
            Outcome::Value(Some("b".into()))
        );
        kv.apply(&cmd("set x c"));
        assert_eq!(
            kv.apply(&once(1, 2, "get x")),
            Outcome::Value(Some("b".into())),
            "a retried read returns the remembered outcome"
        );
        assert_eq!(
            once(1, 2, "get x").to_string(),
            "get x",
            "the text is the command's"
        );
        assert_eq!(once(1, 2, "get x").without_session(), cmd("get x"));
        let mut bare = KvStore::default();
        bare.apply(&cmd("set x a"));
        bare.apply(&cmd("set x b"));
        bare.apply(&cmd("set x a"));
        assert_eq!(
            bare.get("x"),
            Some("a"),
            "without a session the retry is applied twice"
        );
    }

    #[test]
    fn commands_serialize_as_their_text() {
        let json = serde_json::to_string(&cmd("cas k a b")).unwrap();
        assert_eq!(json, "\"cas k a b\"");
        let back: Command = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cmd("cas k a b"));
        assert!(serde_json::from_str::<Command>("\"nope\"").is_err());
    }
}
