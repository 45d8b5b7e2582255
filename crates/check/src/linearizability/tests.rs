use super::model::{self, Answer};
use super::partition::by_key;
use super::*;
use conlab_core::kv::{Command, KvStore, Outcome};
use conlab_core::Tick;

const BUDGET: u64 = 1_000_000;

fn cmd(text: &str) -> Command {
    text.parse().unwrap()
}

/// An operation of `client` invoked at `call` and answered at `ret` with `outcome`.
fn op(client: ClientId, command: &str, call: Tick, ret: Tick, outcome: Outcome) -> Operation {
    Operation {
        client,
        command: cmd(command),
        call,
        ret: Some((ret, outcome)),
    }
}

/// A `get` answered with `value`.
fn read(client: ClientId, key: &str, call: Tick, ret: Tick, value: Option<&str>) -> Operation {
    let value = value.map(str::to_string);
    op(
        client,
        &format!("get {key}"),
        call,
        ret,
        Outcome::Value(value),
    )
}

/// An operation answered `Done` (a set, a del, a cas that succeeded).
fn done(client: ClientId, command: &str, call: Tick, ret: Tick) -> Operation {
    op(client, command, call, ret, Outcome::Done)
}

/// An operation invoked at `call` and never answered.
fn unanswered(client: ClientId, command: &str, call: Tick) -> Operation {
    Operation {
        client,
        command: cmd(command),
        call,
        ret: None,
    }
}

fn history(ops: Vec<Operation>) -> History {
    History { ops }
}

fn linearizable(ops: Vec<Operation>) -> bool {
    match check(&history(ops), BUDGET) {
        Verdict::Linearizable => true,
        Verdict::NotLinearizable { .. } => false,
        Verdict::Unknown { key } => panic!("the search on {key} ran out of budget"),
    }
}

#[test]
fn the_register_answers_as_the_key_value_store_does() {
    let commands = [
        "set x 1",
        "get x",
        "del x",
        "cas x 1 2",
        "cas x 2 3",
        "noop",
    ]
    .map(cmd);
    for before in [None, Some("1"), Some("2")] {
        for command in &commands {
            let mut kv = KvStore::default();
            if let Some(value) = before {
                kv.apply(&cmd(&format!("set x {value}")));
            }
            let outcome = kv.apply(command);
            let (answer, after) = model::apply(before, command);
            assert!(
                answer.is(&outcome),
                "{command:?} on {before:?}: {answer:?} vs {outcome:?}"
            );
            assert_eq!(after, kv.get("x"), "{command:?} on {before:?}");
            assert_eq!(model::step(before, command, Some(&outcome)), Some(after));
            assert_eq!(model::step(before, command, None), Some(after));
        }
    }
    assert!(!Answer::Value(Some("1")).is(&Outcome::Value(Some("2".into()))));
    assert!(!Answer::Done.is(&Outcome::CasFailed { actual: None }));
}

/// Porcupine's and Knossos's first check: a history with no overlap is its own order.
#[test]
fn sequential_histories_of_every_command_kind_are_linearizable() {
    let script = [
        "get x",
        "set x 1",
        "get x",
        "cas x 1 2",
        "cas x 1 3",
        "get x",
        "set y 5",
        "del x",
        "get x",
        "cas x 2 4",
        "noop",
        "del x",
        "get y",
    ];
    let mut kv = KvStore::default();
    let mut ops = Vec::new();
    for (i, text) in script.iter().enumerate() {
        let at = 10 * i as Tick;
        ops.push(op(
            i as ClientId % 2,
            text,
            at,
            at + 5,
            kv.apply(&cmd(text)),
        ));
    }
    assert!(linearizable(ops.clone()));
    // The same history with the first read claiming a value nothing wrote yet is not.
    ops[0].ret = Some((5, Outcome::Value(Some("1".into()))));
    assert!(!linearizable(ops));
}

/// Knossos's `cas-register` shape: two concurrent writes, then a read that may see either one
/// (whichever took effect last), but not the register's initial emptiness.
#[test]
fn two_overlapping_writes_then_a_read_of_either_value_are_linearizable() {
    for value in ["1", "2"] {
        assert!(linearizable(vec![
            done(0, "set x 1", 0, 10),
            done(1, "set x 2", 5, 15),
            read(2, "x", 20, 30, Some(value)),
        ]));
    }
    assert!(!linearizable(vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 5, 15),
        read(2, "x", 20, 30, None),
    ]));
}

/// Porcupine's `TestRegisterModel`, from MIT 6.824's 2017 quiz 2 §VII: a write of 100 spans
/// two reads, one seeing 100 and one seeing 0, each concurrent with the other; the read of 0
/// can go first.
#[test]
fn porcupine_quiz_reads_overlapping_a_write_may_see_old_and_new() {
    assert!(linearizable(vec![
        done(0, "set x 100", 0, 100),
        read(1, "x", 25, 75, Some("100")),
        read(2, "x", 30, 60, None),
    ]));
}

/// Porcupine's `TestRegisterModel`, its second history: a read sees the new value and a later
/// read, invoked after the first one returned, sees the old one again.
#[test]
fn porcupine_quiz_a_read_after_a_read_of_the_new_value_cannot_see_the_old() {
    let ops = vec![
        done(0, "set x 200", 0, 100),
        read(1, "x", 10, 30, Some("200")),
        read(2, "x", 40, 90, None),
    ];
    assert_eq!(
        check(&history(ops), BUDGET),
        Verdict::NotLinearizable {
            key: "x".into(),
            ops: vec![2]
        }
    );
}

/// Knossos's simplest bad register history: a read returns a value whose write was invoked
/// only after the read had returned.
#[test]
fn a_read_returning_a_value_before_any_write_of_it_was_invoked_is_not_linearizable() {
    assert!(!linearizable(vec![
        read(0, "x", 0, 10, Some("1")),
        done(1, "set x 1", 20, 30),
    ]));
    // Invoked before the read returned, the write may have taken effect first.
    assert!(linearizable(vec![
        read(0, "x", 0, 10, Some("1")),
        done(1, "set x 1", 9, 30),
    ]));
}

/// Knossos's "bad" register history: a write returns, a second write returns, then a read
/// (invoked after both) sees the first value: a stale read.
#[test]
fn a_stale_read_after_a_write_returned_is_not_linearizable() {
    let ops = vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 20, 30),
        read(2, "x", 40, 50, Some("1")),
    ];
    let verdict = check(&history(ops.clone()), BUDGET);
    assert_eq!(
        verdict,
        Verdict::NotLinearizable {
            key: "x".into(),
            ops: vec![2]
        }
    );
    let violation = verdict.violation(&history(ops), 7).unwrap();
    assert_eq!(violation.invariant, "linearizability");
    assert_eq!((violation.at, violation.step), (50, 7));
    assert_eq!(
        violation.message,
        "get x returned 1, but no order of the 3 operations on x explains it."
    );
}

/// Knossos's `cas-register` bad shape: a compare-and-set succeeds on a value that had been
/// overwritten before the cas was invoked.
#[test]
fn a_cas_that_succeeded_on_a_value_overwritten_before_its_call_is_not_linearizable() {
    let ops = vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 20, 30),
        done(2, "cas x 1 3", 40, 50),
    ];
    let verdict = check(&history(ops.clone()), BUDGET);
    assert_eq!(
        verdict.violation(&history(ops), 0).unwrap().message,
        "cas x 1 3 succeeded, but no order of the 3 operations on x explains it."
    );
    // Concurrent with the overwrite, it may have gone first.
    assert!(linearizable(vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 20, 30),
        done(2, "cas x 1 3", 25, 50),
    ]));
}

/// A failed cas must have seen what it says: here nothing had overwritten the 1 it saw fail.
#[test]
fn a_cas_that_failed_seeing_a_value_no_one_wrote_is_not_linearizable() {
    let ops = vec![
        done(0, "set x 1", 0, 10),
        op(
            1,
            "cas x 1 3",
            20,
            30,
            Outcome::CasFailed {
                actual: Some("2".into()),
            },
        ),
    ];
    let verdict = check(&history(ops.clone()), BUDGET);
    assert_eq!(
        verdict.violation(&history(ops), 0).unwrap().message,
        "cas x 1 3 failed, seeing 2, but no order of the 2 operations on x explains it."
    );
}

/// The shape `no_client_sessions` produces: client 0's `set x 1` is applied and answered; B's
/// `set x 2` is invoked after that answer and returns; then 0's retry of `set x 1` is applied
/// a second time, unseen (the history holds one answered operation), and a later read sees 1.
#[test]
fn a_retried_write_applied_twice_is_not_linearizable() {
    let ops = vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 20, 30),
        read(2, "x", 60, 70, Some("1")),
    ];
    assert!(!linearizable(ops));
    // Had the first write still been pending (unanswered), its one application could come last.
    assert!(linearizable(vec![
        unanswered(0, "set x 1", 0),
        done(1, "set x 2", 20, 30),
        read(2, "x", 60, 70, Some("1")),
    ]));
}

/// Porcupine's and Knossos's treatment of an operation without an answer (`:info`): it may
/// have taken effect at any time after its call, or never.
#[test]
fn unanswered_writes_may_take_effect_or_not() {
    for value in [Some("1"), Some("2")] {
        assert!(linearizable(vec![
            done(0, "set x 1", 0, 10),
            unanswered(1, "set x 2", 20),
            read(2, "x", 30, 40, value),
            read(2, "x", 50, 60, value),
        ]));
    }
    // But once seen it stays applied, and it cannot be seen before its call.
    assert!(!linearizable(vec![
        done(0, "set x 1", 0, 10),
        unanswered(1, "set x 2", 20),
        read(2, "x", 30, 40, Some("2")),
        read(2, "x", 50, 60, Some("1")),
    ]));
    assert!(!linearizable(vec![
        done(0, "set x 1", 0, 10),
        read(2, "x", 11, 19, Some("2")),
        unanswered(1, "set x 2", 20),
    ]));
    // An unanswered read claims nothing.
    assert!(linearizable(vec![
        unanswered(0, "get x", 0),
        done(1, "set x 1", 5, 10)
    ]));
}

/// The simulator counts whole milliseconds: an operation invoked in the millisecond another
/// returned counts as concurrent with it.
#[test]
fn a_call_at_the_tick_of_a_return_is_concurrent_with_it() {
    assert!(linearizable(vec![
        done(0, "set x 1", 0, 10),
        read(1, "x", 10, 20, None),
    ]));
    assert!(!linearizable(vec![
        done(0, "set x 1", 0, 10),
        read(1, "x", 11, 20, None),
    ]));
}

/// Porcupine's `Partition` (Herlihy & Wing's locality): keys are checked apart, and the one
/// key whose operations have no order is the one reported.
#[test]
fn partitioning_by_key_finds_a_violation_on_one_key_among_others() {
    let ops = vec![
        done(0, "set a 1", 0, 10),
        done(1, "set b 1", 0, 10),
        done(2, "set c 1", 0, 10),
        done(0, "set b 2", 20, 30),
        read(1, "a", 20, 30, Some("1")),
        read(2, "c", 20, 30, Some("1")),
        read(0, "b", 40, 50, Some("1")),
        read(1, "a", 40, 50, Some("1")),
        unanswered(2, "noop", 40),
    ];
    let h = history(ops);
    let keys: Vec<(&str, Vec<usize>)> = by_key(&h)
        .iter()
        .map(|(key, ops)| (*key, ops.clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("a", vec![0, 4, 7]),
            ("b", vec![1, 3, 6]),
            ("c", vec![2, 5])
        ]
    );
    assert_eq!(
        check(&h, BUDGET),
        Verdict::NotLinearizable {
            key: "b".into(),
            ops: vec![6]
        }
    );
}

/// The budget bounds the search; running out is "unknown", never a verdict.
#[test]
fn a_tiny_budget_returns_unknown_rather_than_a_wrong_verdict() {
    let good = history(vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 5, 15),
        read(2, "x", 20, 30, Some("1")),
    ]);
    let bad = history(vec![
        done(0, "set x 1", 0, 10),
        done(1, "set x 2", 20, 30),
        read(2, "x", 40, 50, Some("1")),
    ]);
    for budget in [0, 1, 3] {
        for h in [&good, &bad] {
            let verdict = check(h, budget);
            assert_eq!(verdict, Verdict::Unknown { key: "x".into() });
            assert_eq!(
                verdict.violation(h, 0),
                None,
                "no violation without a proof"
            );
        }
    }
    assert_eq!(check(&good, BUDGET), Verdict::Linearizable);
    assert!(matches!(
        check(&bad, BUDGET),
        Verdict::NotLinearizable { .. }
    ));
    assert_eq!(check(&History::default(), 0), Verdict::Linearizable);
}

/// Lowe's cache must answer "seen" for exactly the configurations inserted, also after it grew.
#[test]
fn the_cache_knows_each_configuration_it_holds_and_no_other() {
    let mut cache = super::cache::Cache::new();
    let values = ["1", "2", "10"];
    let configurations: Vec<(Vec<u64>, Option<&str>)> = (0..3_000u64)
        .map(|i| {
            (
                vec![i % 1_000, (i / 1_000) << 40],
                values.get(i as usize % 4).copied(),
            )
        })
        .collect();
    for (linearized, register) in &configurations {
        assert!(
            cache.insert(linearized, *register),
            "{linearized:?} {register:?}"
        );
    }
    for (linearized, register) in &configurations {
        assert!(
            !cache.insert(linearized, *register),
            "{linearized:?} {register:?}"
        );
    }
    assert!(cache.insert(&[0, 3 << 40], None));
}

/// What the page judges at an instant: a cut keeps the operations invoked by then and forgets
/// the answers that came later; a stale read is impossible only once it has been answered.
#[test]
fn a_cut_forgets_later_answers_and_later_operations() {
    let full = history(vec![
        done(0, "set x 1", 0, 10),
        read(1, "x", 20, 30, None),
        done(2, "set x 2", 40, 50),
    ]);
    let cut = full.cut(25);
    assert_eq!(cut.ops.len(), 2);
    assert_eq!(cut.ops[0].ret, Some((10, Outcome::Done)));
    assert_eq!(cut.ops[1].ret, None, "answered at 30, after the cut");
    assert!(matches!(check(&cut, BUDGET), Verdict::Linearizable));
    assert!(matches!(
        check(&full.cut(30), BUDGET),
        Verdict::NotLinearizable { .. }
    ));
}
