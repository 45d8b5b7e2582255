//! A scenario as compact JSON text, written by hand: the page's scenario text (share links,
//! saved scenarios, files), which carries no JSON library (issue 15: page size).
//!
//! The text is byte for byte what the page wrote before with serde-wasm-bindgen and the
//! browser's `JSON.stringify`, so links and saved scenarios keep their text: serde's field
//! order and omissions (see the types' `skip_serializing_if`), numbers as JavaScript writes
//! them, strings escaped as `JSON.stringify` escapes them. A tour step's `expect` is left out,
//! as the page's serde leaves it out (see [`TourStep`]). Every struct is taken apart field by
//! field, so a new field does not compile until it is written here too; tests/scenario_json.rs
//! holds the text to serde's (natively) and web/tests/codec.rs to the browser's.
//!
//! Natively, `Scenario::to_json` (serde_json) writes the scenario files.

use crate::clients::Workload;
use crate::scenario::{InitialNode, Intervention, Scenario, Timed};
use crate::tour::{Highlight, TourStep, When};
use crate::NetworkModel;
use conlab_core::{NodeId, TickRange};
use conlab_paxos::{MultiPaxosBugs, MultiPaxosConfig, PaxosBugs, PaxosConfig};
use conlab_raft::{RaftBugs, RaftConfig, ReadMode};
use std::fmt::Write;

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `scenario` as JSON text; `None` when it holds an integer above 2^53 − 1, which a
/// JavaScript number cannot hold (the page's serde refused those too). A valid scenario's
/// seed and times are below it. Numbers are written with Rust's float formatting, made to
/// read as JavaScript's ([`rust_number`]).
pub fn write(scenario: &Scenario) -> Option<String> {
    write_with(scenario, rust_number)
}

/// [`write`], with `number` writing each finite non-zero number as JavaScript's `String(x)`
/// does. The page passes the browser's own, so its wasm holds no float formatting (about
/// 5.5 KB gzip, issue 15).
pub fn write_with(scenario: &Scenario, number: fn(f64, &mut String)) -> Option<String> {
    let mut json = Json::new(number);
    json.scenario(scenario);
    (!json.too_big).then_some(json.out)
}

/// The text written so far, whether an integer was too big for JavaScript, and how a
/// finite non-zero number is written.
struct Json {
    out: String,
    too_big: bool,
    finite: fn(f64, &mut String),
}

impl Json {
    fn new(finite: fn(f64, &mut String)) -> Self {
        Json {
            out: String::new(),
            too_big: false,
            finite,
        }
    }

    fn scenario(&mut self, s: &Scenario) {
        let Scenario {
            version,
            name,
            description,
            protocol,
            nodes,
            seed,
            network,
            raft,
            paxos,
            multipaxos,
            initial,
            interventions,
            until_ms,
            cursor_ms,
            clients,
            tour,
        } = s;
        self.key('{', "version");
        self.int(u64::from(*version));
        if !name.is_empty() {
            self.key(',', "name");
            self.string(name);
        }
        if !description.is_empty() {
            self.key(',', "description");
            self.string(description);
        }
        self.key(',', "protocol");
        self.string(protocol.name());
        self.key(',', "nodes");
        self.int(*nodes as u64);
        self.key(',', "seed");
        self.int(*seed);
        self.key(',', "network");
        self.network(network);
        if *raft != RaftConfig::default() {
            self.key(',', "raft");
            self.raft(raft);
        }
        if *paxos != PaxosConfig::default() {
            self.key(',', "paxos");
            self.paxos(paxos);
        }
        if *multipaxos != MultiPaxosConfig::default() {
            self.key(',', "multipaxos");
            self.multipaxos(multipaxos);
        }
        if !initial.is_empty() {
            self.key(',', "initial");
            self.list(initial, Self::initial);
        }
        if !interventions.is_empty() {
            self.key(',', "interventions");
            self.list(interventions, Self::timed);
        }
        self.optional_int("until_ms", *until_ms);
        self.optional_int("cursor_ms", *cursor_ms);
        if let Some(clients) = clients {
            self.key(',', "clients");
            self.clients(clients);
        }
        if !tour.is_empty() {
            self.key(',', "tour");
            self.list(tour, Self::tour_step);
        }
        self.out.push('}');
    }

    fn network(&mut self, n: &NetworkModel) {
        let NetworkModel {
            latency_ms,
            drop,
            duplicate,
            reorder,
        } = n;
        self.key('{', "latency_ms");
        self.range(latency_ms);
        self.key(',', "drop");
        self.number(*drop);
        self.key(',', "duplicate");
        self.number(*duplicate);
        self.key(',', "reorder");
        self.bool(*reorder);
        self.out.push('}');
    }

    fn raft(&mut self, c: &RaftConfig) {
        let RaftConfig {
            election_timeout_ms,
            heartbeat_ms,
            max_entries_per_append,
            max_inflight_appends,
            noop_on_election,
            voters,
            pre_vote,
            check_quorum,
            snapshot_after_entries,
            reads,
            bugs,
        } = c;
        self.key('{', "election_timeout_ms");
        self.range(election_timeout_ms);
        self.key(',', "heartbeat_ms");
        self.int(*heartbeat_ms);
        self.key(',', "max_entries_per_append");
        self.int(*max_entries_per_append as u64);
        self.key(',', "max_inflight_appends");
        self.int(*max_inflight_appends as u64);
        self.key(',', "noop_on_election");
        self.bool(*noop_on_election);
        if !voters.is_empty() {
            self.key(',', "voters");
            self.nodes(voters);
        }
        self.optional_flag("pre_vote", *pre_vote);
        self.optional_flag("check_quorum", *check_quorum);
        self.optional_int("snapshot_after_entries", *snapshot_after_entries);
        if *reads != ReadMode::Log {
            self.key(',', "reads");
            self.string(match reads {
                ReadMode::Log => "log",
                ReadMode::ReadIndex => "read_index",
                ReadMode::Lease => "lease",
            });
        }
        self.key(',', "bugs");
        self.raft_bugs(bugs);
        self.out.push('}');
    }

    fn raft_bugs(&mut self, b: &RaftBugs) {
        let RaftBugs {
            no_election_restriction,
            commit_old_term_by_counting,
            forget_vote_on_restart,
            truncate_on_any_append,
            leader_overwrites_own_log,
            grant_vote_without_recording,
            adopt_lower_term,
            skip_prev_log_term_check,
            config_change_before_own_term_commit,
            two_config_changes_at_once,
            commit_in_initial_configuration,
            joint_commit_counts_new_only,
            joint_election_counts_new_only,
            snapshot_includes_uncommitted,
            no_client_sessions,
            read_without_quorum,
        } = b;
        self.flags(&[
            ("no_election_restriction", *no_election_restriction),
            ("commit_old_term_by_counting", *commit_old_term_by_counting),
            ("forget_vote_on_restart", *forget_vote_on_restart),
            ("truncate_on_any_append", *truncate_on_any_append),
            ("leader_overwrites_own_log", *leader_overwrites_own_log),
            (
                "grant_vote_without_recording",
                *grant_vote_without_recording,
            ),
            ("adopt_lower_term", *adopt_lower_term),
            ("skip_prev_log_term_check", *skip_prev_log_term_check),
        ]);
        // The later toggles are written only when on, so older links keep their text.
        for (name, on) in [
            (
                "config_change_before_own_term_commit",
                *config_change_before_own_term_commit,
            ),
            ("two_config_changes_at_once", *two_config_changes_at_once),
            (
                "commit_in_initial_configuration",
                *commit_in_initial_configuration,
            ),
            (
                "joint_commit_counts_new_only",
                *joint_commit_counts_new_only,
            ),
            (
                "joint_election_counts_new_only",
                *joint_election_counts_new_only,
            ),
            (
                "snapshot_includes_uncommitted",
                *snapshot_includes_uncommitted,
            ),
            ("no_client_sessions", *no_client_sessions),
            ("read_without_quorum", *read_without_quorum),
        ] {
            self.optional_flag(name, on);
        }
        self.out.push('}');
    }

    fn paxos(&mut self, c: &PaxosConfig) {
        let PaxosConfig {
            proposers,
            acceptors,
            learners,
            nack,
            ballot_timeout_ms,
            backoff,
            backoff_ms,
            bugs,
        } = c;
        self.key('{', "proposers");
        self.nodes(proposers);
        self.key(',', "acceptors");
        self.nodes(acceptors);
        self.key(',', "learners");
        self.nodes(learners);
        self.key(',', "nack");
        self.bool(*nack);
        self.key(',', "ballot_timeout_ms");
        self.int(*ballot_timeout_ms);
        self.key(',', "backoff");
        self.bool(*backoff);
        self.key(',', "backoff_ms");
        self.range(backoff_ms);
        self.key(',', "bugs");
        let PaxosBugs {
            acceptor_forgets_on_restart,
            proposer_ignores_promised_values,
            learner_mixes_ballots,
            non_unique_ballots,
            accept_without_promising,
            accept_below_promise,
            late_accept_overwrites,
            propose_invented_value,
            minority_quorum,
        } = bugs;
        self.flags(&[
            ("acceptor_forgets_on_restart", *acceptor_forgets_on_restart),
            (
                "proposer_ignores_promised_values",
                *proposer_ignores_promised_values,
            ),
            ("learner_mixes_ballots", *learner_mixes_ballots),
            ("non_unique_ballots", *non_unique_ballots),
            ("accept_without_promising", *accept_without_promising),
            ("accept_below_promise", *accept_below_promise),
            ("late_accept_overwrites", *late_accept_overwrites),
            ("propose_invented_value", *propose_invented_value),
            ("minority_quorum", *minority_quorum),
        ]);
        self.out.push_str("}}");
    }

    fn multipaxos(&mut self, c: &MultiPaxosConfig) {
        let MultiPaxosConfig {
            leader_timeout_ms,
            heartbeat_ms,
            nack,
            max_catch_up,
            bugs,
        } = c;
        self.key('{', "leader_timeout_ms");
        self.range(leader_timeout_ms);
        self.key(',', "heartbeat_ms");
        self.int(*heartbeat_ms);
        self.key(',', "nack");
        self.bool(*nack);
        self.key(',', "max_catch_up");
        self.int(*max_catch_up as u64);
        self.key(',', "bugs");
        let MultiPaxosBugs {
            leader_skips_phase1_on_takeover,
            execute_out_of_order,
            restart_trusts_own_accepts,
            forget_promise_on_restart,
            accept_without_promising,
            accept_below_promise,
            propose_invented_command,
            non_unique_ballots,
        } = bugs;
        self.flags(&[
            (
                "leader_skips_phase1_on_takeover",
                *leader_skips_phase1_on_takeover,
            ),
            ("execute_out_of_order", *execute_out_of_order),
            ("restart_trusts_own_accepts", *restart_trusts_own_accepts),
            ("forget_promise_on_restart", *forget_promise_on_restart),
            ("accept_without_promising", *accept_without_promising),
            ("accept_below_promise", *accept_below_promise),
            ("propose_invented_command", *propose_invented_command),
            ("non_unique_ballots", *non_unique_ballots),
        ]);
        self.out.push_str("}}");
    }

    fn initial(&mut self, i: &InitialNode) {
        let InitialNode {
            node,
            term,
            voted_for,
            log,
        } = i;
        self.key('{', "node");
        self.node(*node);
        self.key(',', "term");
        self.int(*term);
        if let Some(voted_for) = voted_for {
            self.key(',', "voted_for");
            self.node(*voted_for);
        }
        self.key(',', "log");
        self.list(log, |json, entry| {
            json.key('{', "term");
            json.int(entry.term);
            json.key(',', "command");
            json.string(&entry.command.to_string());
            json.out.push('}');
        });
        self.out.push('}');
    }

    /// An intervention as one flat object (`timed.rs`): `at`, `do`, then the kind's fields in
    /// the order `node`, `from`, `to`, `groups`, `command`, `id`, `voters`.
    fn timed(&mut self, t: &Timed) {
        let Timed { at, action } = t;
        self.key('{', "at");
        self.int(*at);
        self.key(',', "do");
        let node = |json: &mut Self, node: &NodeId| {
            json.key(',', "node");
            json.node(*node);
        };
        let link = |json: &mut Self, from: &NodeId, to: &NodeId| {
            json.key(',', "from");
            json.node(*from);
            json.key(',', "to");
            json.node(*to);
        };
        match action {
            Intervention::Crash { node: n } => {
                self.string("crash");
                node(self, n);
            }
            Intervention::Restart { node: n } => {
                self.string("restart");
                node(self, n);
            }
            Intervention::Partition { groups } => {
                self.string("partition");
                self.key(',', "groups");
                self.list(groups, |json, group| json.nodes(group));
            }
            Intervention::Heal => self.string("heal"),
            Intervention::Cut { from, to } => {
                self.string("cut");
                link(self, from, to);
            }
            Intervention::Restore { from, to } => {
                self.string("restore");
                link(self, from, to);
            }
            Intervention::Timeout { node: n } => {
                self.string("timeout");
                node(self, n);
            }
            Intervention::Client { node: n, command } => {
                self.string("client");
                node(self, n);
                self.key(',', "command");
                self.string(command);
            }
            Intervention::DropMessage { id } => {
                self.string("drop_message");
                self.key(',', "id");
                self.int(*id);
            }
            Intervention::Membership { node: n, add } => {
                self.string(if *add { "add_server" } else { "remove_server" });
                node(self, n);
            }
            Intervention::ChangeConfig { voters } => {
                self.string("change_config");
                self.key(',', "voters");
                self.nodes(voters);
            }
            Intervention::TransferLeader { to } => {
                self.string("transfer_leader");
                self.key(',', "to");
                self.node(*to);
            }
        }
        self.out.push('}');
    }

    fn clients(&mut self, w: &Workload) {
        let Workload {
            count,
            ops_per_sec,
            keys,
            read_percent,
            cas_percent,
            retry_ms,
        } = w;
        self.key('{', "count");
        self.int(u64::from(*count));
        self.key(',', "ops_per_sec");
        self.int(u64::from(*ops_per_sec));
        self.key(',', "keys");
        self.int(u64::from(*keys));
        self.key(',', "read_percent");
        self.int(u64::from(*read_percent));
        self.key(',', "cas_percent");
        self.int(u64::from(*cas_percent));
        self.key(',', "retry_ms");
        self.int(*retry_ms);
        self.out.push('}');
    }

    /// A tour step, without its `expect` (see the module's doc).
    fn tour_step(&mut self, t: &TourStep) {
        let TourStep {
            at,
            when,
            caption,
            highlight,
            expect: _,
        } = t;
        let mut members = Members::new();
        if let Some(at) = at {
            members.next(self, "at");
            self.int(*at);
        }
        if let Some(when) = when {
            members.next(self, "when");
            self.when(when);
        }
        members.next(self, "caption");
        self.string(caption);
        if let Some(highlight) = highlight {
            members.next(self, "highlight");
            self.highlight(highlight);
        }
        members.close(self);
    }

    fn when(&mut self, w: &When) {
        let When {
            leader,
            crashed,
            committed,
            chosen,
            violation,
        } = w;
        let mut members = Members::new();
        if let Some(leader) = leader {
            members.next(self, "leader");
            match leader {
                NodeId(0) => self.string("any"),
                n => self.node(*n),
            }
        }
        if let Some(crashed) = crashed {
            members.next(self, "crashed");
            self.node(*crashed);
        }
        if let Some(committed) = committed {
            members.next(self, "committed");
            self.int(*committed);
        }
        if let Some(chosen) = chosen {
            members.next(self, "chosen");
            self.bool(*chosen);
        }
        if let Some(violation) = violation {
            members.next(self, "violation");
            self.bool(*violation);
        }
        members.close(self);
    }

    fn highlight(&mut self, h: &Highlight) {
        let Highlight {
            nodes,
            panel,
            log,
            message,
        } = h;
        self.key('{', "nodes");
        self.nodes(nodes);
        if let Some(panel) = panel {
            self.key(',', "panel");
            self.string(panel);
        }
        if let Some((node, index)) = log {
            self.key(',', "log");
            self.out.push('[');
            self.node(*node);
            self.out.push(',');
            self.int(*index);
            self.out.push(']');
        }
        if let Some((from, to)) = message {
            self.key(',', "message");
            self.nodes(&[*from, *to]);
        }
        self.out.push('}');
    }

    /// `{"min":…,"max":…}`.
    fn range(&mut self, r: &TickRange) {
        self.key('{', "min");
        self.int(r.min);
        self.key(',', "max");
        self.int(r.max);
        self.out.push('}');
    }

    /// An object of toggles, every one written; the caller closes it.
    fn flags(&mut self, flags: &[(&str, bool)]) {
        for (i, (name, on)) in flags.iter().enumerate() {
            self.key(if i == 0 { '{' } else { ',' }, name);
            self.bool(*on);
        }
    }

    /// `,"name":true` when `on`; nothing when off.
    fn optional_flag(&mut self, name: &str, on: bool) {
        if on {
            self.key(',', name);
            self.bool(true);
        }
    }

    /// `,"name":value` when there is a value.
    fn optional_int(&mut self, name: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.key(',', name);
            self.int(value);
        }
    }

    fn node(&mut self, node: NodeId) {
        self.int(node.0.into());
    }

    /// `[1,2,3]`.
    fn nodes(&mut self, nodes: &[NodeId]) {
        self.list(nodes, |json, node| json.node(*node));
    }

    /// A JSON array of `items`, each written by `item`.
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        for (i, value) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            item(self, value);
        }
        self.out.push(']');
    }

    /// `before` (`{` or `,`), then `"name":` (names need no escaping). Never inlined: one
    /// short call per member keeps the page small.
    #[inline(never)]
    fn key(&mut self, before: char, name: &str) {
        self.out.push(before);
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A whole number, which must fit a JavaScript number exactly.
    fn int(&mut self, value: u64) {
        self.too_big |= value > MAX_SAFE_INTEGER;
        let _ = write!(self.out, "{value}");
    }

    /// `x` as `JSON.stringify` writes a number: `0` for −0, `null` for what is not finite,
    /// else as `String(x)` (`self.finite`).
    fn number(&mut self, x: f64) {
        if !x.is_finite() {
            self.out.push_str("null");
        } else if x == 0.0 {
            self.out.push('0');
        } else {
            (self.finite)(x, &mut self.out);
        }
    }

    /// `text` as `JSON.stringify` writes it: quotes, backslashes and control characters
    /// escaped (the short forms `\b \f \n \r \t`, else `\u00xx`), everything else as is.
    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

/// The members of an object that may each be left out: the first one written opens it.
struct Members {
    before: char,
}

impl Members {
    fn new() -> Self {
        Self { before: '{' }
    }

    fn next(&mut self, json: &mut Json, name: &str) {
        json.key(self.before, name);
        self.before = ',';
    }

    fn close(self, json: &mut Json) {
        json.out
            .push_str(if self.before == '{' { "{}" } else { "}" });
    }
}

/// A finite non-zero `x` as JavaScript writes it: the shortest digits that read back as `x`
/// (as Rust's `{}` writes them), but with an exponent below 10^-6 and from 10^21 (`1.5e-7`,
/// `1e+21`).
pub fn rust_number(x: f64, out: &mut String) {
    if (1e-6..1e21).contains(&x.abs()) {
        let _ = write!(out, "{x}");
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    let plain = x.abs().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    // The significant digits, and the power of ten of the first.
    let (digits, exponent) = if whole == "0" {
        let digits = fraction.trim_start_matches('0');
        (digits, digits.len() as i64 - fraction.len() as i64 - 1)
    } else {
        (whole.trim_end_matches('0'), whole.len() as i64 - 1)
    };
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    let sign = if exponent > 0 { "+" } else { "" };
    let _ = write!(out, "{first}{point}{rest}e{sign}{exponent}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(x: f64) -> String {
        let mut json = Json::new(rust_number);
        json.number(x);
        json.out
    }

    /// What `String(x)` gives in a browser (web/tests/codec.rs checks more against one).
    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        for (x, js) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (0.3 + 0.6, "0.8999999999999999"),
            (1e-6, "0.000001"),
            (1.5e-6, "0.0000015"),
            (9.5e-7, "9.5e-7"),
            (1e-7, "1e-7"),
            (1.25e-10, "1.25e-10"),
            (5e-324, "5e-324"),
            (123456.789, "123456.789"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e22, "1.5e+22"),
            (-2.5e-7, "-2.5e-7"),
            (f64::NAN, "null"),
        ] {
            assert_eq!(number(x), js, "{x:e}");
        }
    }

    #[test]
    fn strings_are_escaped_as_json_stringify_escapes_them() {
        let mut json = Json::new(rust_number);
        json.string("a \"b\" \\ c\nd\te\u{1}\u{1f}\u{7f} é \u{2028}");
        assert_eq!(
            json.out,
            r#""a \"b\" \\ c\nd\te\u0001\u001f"#.to_string() + "\u{7f} é \u{2028}\""
        );
    }
}
