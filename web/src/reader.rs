//! Scenario JSON, as the browser's `JSON.parse` made it, read into a [`Scenario`] by hand: the
//! page's counterpart of the types' derived serde readers, which cost the wasm about 10 KB gzip
//! (issue 15). The rules are serde's as the types declare them natively: the same required
//! fields, defaults, aliases and names, a `null` only where a field is optional, whole numbers
//! no bigger than a JavaScript number holds exactly. Unknown keys are found apart, by the
//! watching parse in `web/js/codec.js`, which sees every key this reader asks for.
//!
//! Enum names (`protocol`, `reads`, an intervention's `do`) go through the types' own serde
//! readers, so their words and errors are the native ones.

use conlab_core::kv::Command;
use conlab_core::{NodeId, TickRange};
use conlab_paxos::{MultiPaxosBugs, MultiPaxosConfig, PaxosBugs, PaxosConfig};
use conlab_raft::{Entry, RaftBugs, RaftConfig, ReadMode};
use conlab_sim::clients::Workload;
use conlab_sim::tour::{Highlight, TourStep, When};
use conlab_sim::{InitialNode, NetworkModel, ProtocolKind, Scenario, Timed, TimedJson};
use js_sys::{Array, Object, Reflect};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

type Read<T> = Result<T, String>;

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Read `value` (a parsed scenario) as a scenario.
pub fn scenario(value: &JsValue) -> Read<Scenario> {
    let o = object(value, "a scenario")?;
    Ok(Scenario {
        version: required(o, "version", uint)?,
        name: or_default(o, "name", string)?,
        description: or_default(o, "description", string)?,
        protocol: required(o, "protocol", named::<ProtocolKind>)?,
        nodes: required(o, "nodes", uint)?,
        seed: or_default(o, "seed", whole)?,
        network: or_default(o, "network", network)?,
        raft: or_default(o, "raft", raft)?,
        paxos: or_default(o, "paxos", paxos)?,
        multipaxos: or_default(o, "multipaxos", multipaxos)?,
        initial: or_default(o, "initial", |v| list(v, initial_node))?,
        interventions: or_default(o, "interventions", |v| list(v, timed))?,
        until_ms: optional(o, "until_ms", whole)?,
        cursor_ms: optional(o, "cursor_ms", whole)?,
        clients: optional(o, "clients", workload)?,
        tour: or_default(o, "tour", |v| list(v, tour_step))?,
    })
}

fn network(value: &JsValue) -> Read<NetworkModel> {
    let (o, d) = (object(value, "the network")?, NetworkModel::default());
    Ok(NetworkModel {
        latency_ms: or(o, "latency_ms", d.latency_ms, range)?,
        drop: or(o, "drop", d.drop, number)?,
        duplicate: or(o, "duplicate", d.duplicate, number)?,
        reorder: or(o, "reorder", d.reorder, boolean)?,
    })
}

fn raft(value: &JsValue) -> Read<RaftConfig> {
    let (o, d) = (object(value, "the raft options")?, RaftConfig::default());
    Ok(RaftConfig {
        election_timeout_ms: or(o, "election_timeout_ms", d.election_timeout_ms, range)?,
        heartbeat_ms: or(o, "heartbeat_ms", d.heartbeat_ms, whole)?,
        max_entries_per_append: or(o, "max_entries_per_append", d.max_entries_per_append, uint)?,
        max_inflight_appends: or(o, "max_inflight_appends", d.max_inflight_appends, uint)?,
        noop_on_election: or(o, "noop_on_election", d.noop_on_election, boolean)?,
        voters: or(o, "voters", d.voters, node_list)?,
        pre_vote: or(o, "pre_vote", d.pre_vote, boolean)?,
        check_quorum: or(o, "check_quorum", d.check_quorum, boolean)?,
        snapshot_after_entries: optional(o, "snapshot_after_entries", whole)?,
        reads: or(o, "reads", d.reads, named::<ReadMode>)?,
        bugs: bugs(o, d.bugs, &RaftBugs::NAMES, RaftBugs::enable)?,
    })
}

fn paxos(value: &JsValue) -> Read<PaxosConfig> {
    let (o, d) = (object(value, "the paxos options")?, PaxosConfig::default());
    Ok(PaxosConfig {
        proposers: or(o, "proposers", d.proposers, node_list)?,
        acceptors: or(o, "acceptors", d.acceptors, node_list)?,
        learners: or(o, "learners", d.learners, node_list)?,
        nack: or(o, "nack", d.nack, boolean)?,
        ballot_timeout_ms: or(o, "ballot_timeout_ms", d.ballot_timeout_ms, whole)?,
        backoff: or(o, "backoff", d.backoff, boolean)?,
        backoff_ms: or(o, "backoff_ms", d.backoff_ms, range)?,
        bugs: bugs(o, d.bugs, &PaxosBugs::NAMES, PaxosBugs::enable)?,
    })
}

fn multipaxos(value: &JsValue) -> Read<MultiPaxosConfig> {
    let (o, d) = (
        object(value, "the multipaxos options")?,
        MultiPaxosConfig::default(),
    );
    Ok(MultiPaxosConfig {
        leader_timeout_ms: or(o, "leader_timeout_ms", d.leader_timeout_ms, range)?,
        heartbeat_ms: or(o, "heartbeat_ms", d.heartbeat_ms, whole)?,
        nack: or(o, "nack", d.nack, boolean)?,
        max_catch_up: or(o, "max_catch_up", d.max_catch_up, uint)?,
        bugs: bugs(o, d.bugs, &MultiPaxosBugs::NAMES, MultiPaxosBugs::enable)?,
    })
}

fn workload(value: &JsValue) -> Read<Workload> {
    let (o, d) = (object(value, "the clients")?, Workload::default());
    Ok(Workload {
        count: or(o, "count", d.count, uint)?,
        ops_per_sec: or(o, "ops_per_sec", d.ops_per_sec, uint)?,
        keys: or(o, "keys", d.keys, uint)?,
        read_percent: or(o, "read_percent", d.read_percent, uint)?,
        cas_percent: or(o, "cas_percent", d.cas_percent, uint)?,
        retry_ms: or(o, "retry_ms", d.retry_ms, whole)?,
    })
}

fn initial_node(value: &JsValue) -> Read<InitialNode> {
    let o = object(value, "an initial state")?;
    Ok(InitialNode {
        node: required(o, "node", node)?,
        term: or_default(o, "term", whole)?,
        voted_for: optional(o, "voted_for", node)?,
        log: or_default(o, "log", |v| list(v, entry))?,
    })
}

fn entry(value: &JsValue) -> Read<Entry> {
    let o = object(value, "a log entry")?;
    let command: Command = required(o, "command", string)?
        .parse()
        .map_err(|e| format!("{e}"))?;
    Ok(Entry {
        term: required(o, "term", whole)?,
        command: Arc::new(command),
    })
}

fn timed(value: &JsValue) -> Read<Timed> {
    let o = object(value, "an intervention")?;
    // `value` is `command`, as Paxos scenarios name it.
    let command = match optional(o, "command", string)? {
        Some(command) => Some(command),
        None => optional(o, "value", string)?,
    };
    Timed::try_from(TimedJson {
        at: required(o, "at", whole)?,
        kind: required(o, "do", named)?,
        node: optional(o, "node", node)?,
        from: optional(o, "from", node)?,
        to: optional(o, "to", node)?,
        groups: optional(o, "groups", |v| list(v, node_list))?,
        command,
        id: optional(o, "id", whole)?,
        voters: optional(o, "voters", node_list)?,
    })
}

/// A tour step; its `expect` is for the tests, and the page leaves it out (see [`TourStep`]).
fn tour_step(value: &JsValue) -> Read<TourStep> {
    let o = object(value, "a tour step")?;
    Ok(TourStep {
        at: optional(o, "at", whole)?,
        when: optional(o, "when", when)?,
        caption: required(o, "caption", string)?,
        highlight: optional(o, "highlight", highlight)?,
        expect: None,
    })
}

fn when(value: &JsValue) -> Read<When> {
    let o = object(value, "a `when` condition")?;
    Ok(When {
        leader: optional(o, "leader", any_node)?,
        crashed: optional(o, "crashed", node)?,
        committed: optional(o, "committed", whole)?,
        chosen: optional(o, "chosen", boolean)?,
        violation: optional(o, "violation", boolean)?,
    })
}

/// A `when`'s leader: a node number, or `"any"` (node 0).
fn any_node(value: &JsValue) -> Read<NodeId> {
    if value.as_string().as_deref() == Some("any") {
        return Ok(NodeId(0));
    }
    if value.as_string().is_some() {
        return Err("a leader is a node number or \"any\"".into());
    }
    match node(value)? {
        NodeId(0) => Err("a node number is 1 to 15".into()),
        id => Ok(id),
    }
}

fn highlight(value: &JsValue) -> Read<Highlight> {
    let o = object(value, "a highlight")?;
    let pair = |v: &JsValue| -> Read<(NodeId, JsValue)> {
        let items = array(v)?;
        if items.length() != 2 {
            return Err(format!("expected a pair, not {} items", items.length()));
        }
        Ok((node(&items.get(0))?, items.get(1)))
    };
    Ok(Highlight {
        nodes: or_default(o, "nodes", node_list)?,
        panel: optional(o, "panel", string)?,
        log: optional(o, "log", |v| pair(v).and_then(|(n, i)| Ok((n, whole(&i)?))))?,
        message: optional(o, "message", |v| {
            pair(v).and_then(|(a, b)| Ok((a, node(&b)?)))
        })?,
    })
}

fn range(value: &JsValue) -> Read<TickRange> {
    let o = object(value, "a range")?;
    Ok(TickRange {
        min: required(o, "min", whole)?,
        max: required(o, "max", whole)?,
    })
}

/// A configuration's bug toggles, `{name: bool}`, over `defaults`: `names` exist, `enable`
/// turns one on by name.
fn bugs<B>(o: &JsValue, mut bugs: B, names: &[&str], enable: fn(&mut B, &str) -> bool) -> Read<B> {
    let value = get(o, "bugs");
    if value.is_undefined() {
        return Ok(bugs);
    }
    let toggles = object(&value, "the bugs")?;
    for key in Object::keys(toggles.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if !names.contains(&name.as_str()) {
            return Err(format!("unknown field `{name}`"));
        }
        if boolean(&get(toggles, &name)).map_err(|e| in_field(&name, e))? {
            enable(&mut bugs, &name);
        }
    }
    Ok(bugs)
}

// The pieces: a field of an object, and the JSON types.

/// `key` of `o`; `None` when it is absent (`undefined`) or `null`.
fn field(o: &JsValue, key: &str) -> Option<JsValue> {
    let value = get(o, key);
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// `key` of `o` as it is (reading it marks it read for the unknown-key check).
fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A field serde requires.
fn required<T>(o: &JsValue, key: &str, read: impl Fn(&JsValue) -> Read<T>) -> Read<T> {
    let value = get(o, key);
    if value.is_undefined() {
        return Err(format!("missing field `{key}`"));
    }
    read(&value).map_err(|e| in_field(key, e))
}

/// A field with a default (absent: `default`; `null` is refused, as serde refuses it).
fn or<T>(o: &JsValue, key: &str, default: T, read: impl Fn(&JsValue) -> Read<T>) -> Read<T> {
    let value = get(o, key);
    if value.is_undefined() {
        return Ok(default);
    }
    read(&value).map_err(|e| in_field(key, e))
}

fn or_default<T: Default>(o: &JsValue, key: &str, read: impl Fn(&JsValue) -> Read<T>) -> Read<T> {
    or(o, key, T::default(), read)
}

/// An `Option` field: absent or `null` is `None`.
fn optional<T>(o: &JsValue, key: &str, read: impl Fn(&JsValue) -> Read<T>) -> Read<Option<T>> {
    field(o, key)
        .map(|value| read(&value).map_err(|e| in_field(key, e)))
        .transpose()
}

fn in_field(key: &str, error: String) -> String {
    if error.contains('`') {
        error
    } else {
        format!("{error} (in `{key}`)")
    }
}

fn object<'a>(value: &'a JsValue, what: &str) -> Read<&'a JsValue> {
    if value.is_object() && !Array::is_array(value) {
        Ok(value)
    } else {
        Err(format!("expected {what} as an object"))
    }
}

fn array(value: &JsValue) -> Read<Array> {
    if Array::is_array(value) {
        Ok(Array::from(value))
    } else {
        Err("expected a list".into())
    }
}

fn list<T>(value: &JsValue, read: impl Fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    array(value)?.iter().map(|item| read(&item)).collect()
}

fn node_list(value: &JsValue) -> Read<Vec<NodeId>> {
    list(value, node)
}

fn node(value: &JsValue) -> Read<NodeId> {
    uint(value).map(NodeId)
}

fn string(value: &JsValue) -> Read<String> {
    value.as_string().ok_or_else(|| "expected a string".into())
}

fn boolean(value: &JsValue) -> Read<bool> {
    value
        .as_bool()
        .ok_or_else(|| "expected true or false".into())
}

fn number(value: &JsValue) -> Read<f64> {
    value.as_f64().ok_or_else(|| "expected a number".into())
}

/// A whole number from 0 to 2^53 − 1.
fn whole(value: &JsValue) -> Read<u64> {
    match value.as_f64() {
        Some(x) if (0.0..=MAX_SAFE_INTEGER).contains(&x) && x.fract() == 0.0 => Ok(x as u64),
        _ => Err("expected a whole number from 0 to 2^53 − 1".into()),
    }
}

/// A whole number that fits `T`.
fn uint<T: TryFrom<u64>>(value: &JsValue) -> Read<T> {
    whole(value).and_then(|n| T::try_from(n).map_err(|_| format!("{n} is too big here")))
}

/// A string naming a variant of `T`, read by `T`'s serde reader (its names and aliases).
fn named<T: serde::de::DeserializeOwned>(value: &JsValue) -> Read<T> {
    let text = string(value)?;
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&text))
        .map_err(|e| e.to_string())
}
