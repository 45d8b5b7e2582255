//! Scenario JSON, as the browser's `JSON.parse` made it, read into a [`Scenario`] by hand: the
//! page's counterpart of the types' derived serde readers, which cost the app about 7 KB gzip
//! more (issue 15). The rules are serde's as the types declare them natively: the same required
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

/// Read `value` (a parsed scenario) as a scenario. Each reader starts from the type's defaults
/// and overwrites the fields present: one value to drop on an error, where a struct literal of
/// fallible fields would drop each read field apart at each of them (2 KB more wasm).
pub fn scenario(value: &JsValue) -> Read<Scenario> {
    let o = object(value, "a scenario")?;
    let protocol = required(o, "protocol", named::<ProtocolKind>)?;
    let mut s = Scenario::new(protocol, required(o, "nodes", uint)?, 0);
    s.version = required(o, "version", uint)?;
    set(o, "name", &mut s.name, string)?;
    set(o, "description", &mut s.description, string)?;
    set(o, "seed", &mut s.seed, whole)?;
    set(o, "network", &mut s.network, network)?;
    set(o, "raft", &mut s.raft, raft)?;
    set(o, "paxos", &mut s.paxos, paxos)?;
    set(o, "multipaxos", &mut s.multipaxos, multipaxos)?;
    set(o, "initial", &mut s.initial, |v| list(v, initial_node))?;
    set(o, "interventions", &mut s.interventions, |v| list(v, timed))?;
    s.until_ms = optional(o, "until_ms", whole)?;
    s.cursor_ms = optional(o, "cursor_ms", whole)?;
    s.clients = optional(o, "clients", workload)?;
    set(o, "tour", &mut s.tour, |v| list(v, tour_step))?;
    Ok(s)
}

fn network(value: &JsValue) -> Read<NetworkModel> {
    let (o, mut n) = (object(value, "the network")?, NetworkModel::default());
    set(o, "latency_ms", &mut n.latency_ms, range)?;
    set(o, "drop", &mut n.drop, number)?;
    set(o, "duplicate", &mut n.duplicate, number)?;
    set(o, "reorder", &mut n.reorder, boolean)?;
    Ok(n)
}

fn raft(value: &JsValue) -> Read<RaftConfig> {
    let (o, mut c) = (object(value, "the raft options")?, RaftConfig::default());
    set(o, "election_timeout_ms", &mut c.election_timeout_ms, range)?;
    set(o, "heartbeat_ms", &mut c.heartbeat_ms, whole)?;
    set(
        o,
        "max_entries_per_append",
        &mut c.max_entries_per_append,
        uint,
    )?;
    set(o, "max_inflight_appends", &mut c.max_inflight_appends, uint)?;
    set(o, "noop_on_election", &mut c.noop_on_election, boolean)?;
    set(o, "voters", &mut c.voters, node_list)?;
    set(o, "pre_vote", &mut c.pre_vote, boolean)?;
    set(o, "check_quorum", &mut c.check_quorum, boolean)?;
    c.snapshot_after_entries = optional(o, "snapshot_after_entries", whole)?;
    set(o, "reads", &mut c.reads, named::<ReadMode>)?;
    bugs(o, &RaftBugs::NAMES, |name| c.bugs.enable(name))?;
    Ok(c)
}

fn paxos(value: &JsValue) -> Read<PaxosConfig> {
    let (o, mut c) = (object(value, "the paxos options")?, PaxosConfig::default());
    set(o, "proposers", &mut c.proposers, node_list)?;
    set(o, "acceptors", &mut c.acceptors, node_list)?;
    set(o, "learners", &mut c.learners, node_list)?;
    set(o, "nack", &mut c.nack, boolean)?;
    set(o, "ballot_timeout_ms", &mut c.ballot_timeout_ms, whole)?;
    set(o, "backoff", &mut c.backoff, boolean)?;
    set(o, "backoff_ms", &mut c.backoff_ms, range)?;
    bugs(o, &PaxosBugs::NAMES, |name| c.bugs.enable(name))?;
    Ok(c)
}

fn multipaxos(value: &JsValue) -> Read<MultiPaxosConfig> {
    let (o, mut c) = (
        object(value, "the multipaxos options")?,
        MultiPaxosConfig::default(),
    );
    set(o, "leader_timeout_ms", &mut c.leader_timeout_ms, range)?;
    set(o, "heartbeat_ms", &mut c.heartbeat_ms, whole)?;
    set(o, "nack", &mut c.nack, boolean)?;
    set(o, "max_catch_up", &mut c.max_catch_up, uint)?;
    bugs(o, &MultiPaxosBugs::NAMES, |name| c.bugs.enable(name))?;
    Ok(c)
}

fn workload(value: &JsValue) -> Read<Workload> {
    let (o, mut w) = (object(value, "the clients")?, Workload::default());
    set(o, "count", &mut w.count, uint)?;
    set(o, "ops_per_sec", &mut w.ops_per_sec, uint)?;
    set(o, "keys", &mut w.keys, uint)?;
    set(o, "read_percent", &mut w.read_percent, uint)?;
    set(o, "cas_percent", &mut w.cas_percent, uint)?;
    set(o, "retry_ms", &mut w.retry_ms, whole)?;
    Ok(w)
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

/// A configuration's bug toggles, `{name: bool}`: `names` exist, `enable` turns one on.
fn bugs(o: &JsValue, names: &[&str], mut enable: impl FnMut(&str) -> bool) -> Read<()> {
    let value = get(o, "bugs");
    if value.is_undefined() {
        return Ok(());
    }
    let toggles = object(&value, "the bugs")?;
    for key in Object::keys(toggles.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if !names.contains(&name.as_str()) {
            return Err(format!("unknown field `{name}`"));
        }
        if boolean(&get(toggles, &name)).map_err(|e| in_field(&name, e))? {
            enable(&name);
        }
    }
    Ok(())
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

/// A field with a default: `target` keeps it when the field is absent (`null` is refused, as
/// serde refuses it).
fn set<T>(o: &JsValue, key: &str, target: &mut T, read: impl Fn(&JsValue) -> Read<T>) -> Read<()> {
    let value = get(o, key);
    if !value.is_undefined() {
        *target = read(&value).map_err(|e| in_field(key, e))?;
    }
    Ok(())
}

fn or_default<T: Default>(o: &JsValue, key: &str, read: impl Fn(&JsValue) -> Read<T>) -> Read<T> {
    let mut value = T::default();
    set(o, key, &mut value, read)?;
    Ok(value)
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
