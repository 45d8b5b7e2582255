//! The linearizability checker on its benchmark's workload: 1,000 random operations on 5 keys,
//! linearizable by construction (crates/bench/src/histories.rs), with one read changed.

use conlab_bench::{change_one_read, linearizable_history, lose_answers};
use conlab_check::linearizability::{check, History, Verdict};
use conlab_core::kv::{Command, Outcome};

/// Operations that overlap another on the same key: the generator must give the search work.
fn overlapping(history: &History) -> usize {
    let ops = &history.ops;
    let ends = |i: usize| ops[i].ret.as_ref().map(|(at, _)| *at).unwrap();
    (0..ops.len())
        .filter(|&i| {
            (0..ops.len()).any(|j| {
                j != i
                    && ops[i].key() == ops[j].key()
                    && ops[j].call < ends(i)
                    && ops[i].call < ends(j)
            })
        })
        .count()
}

#[test]
fn a_random_linearizable_history_of_1000_operations_is_linearizable() {
    for clients in [3, 10] {
        for seed in 1..=5 {
            let history = linearizable_history(seed, 1_000, 5, clients);
            assert_eq!(history.ops.len(), 1_000);
            assert!(
                overlapping(&history) >= 50 * clients,
                "{clients} clients, seed {seed}"
            );
            let succeeded_cas = history.ops.iter().filter(|op| {
                matches!(op.command, Command::Cas { .. })
                    && matches!(op.ret, Some((_, Outcome::Done)))
            });
            assert!(succeeded_cas.count() > 0);
            assert_eq!(
                check(&history, 10_000_000),
                Verdict::Linearizable,
                "{clients} clients, seed {seed}"
            );
        }
    }
}

#[test]
fn changing_one_read_of_a_random_linearizable_history_makes_it_not_linearizable() {
    for clients in [3, 10] {
        let mut history = linearizable_history(7, 1_000, 5, clients);
        let read = change_one_read(&mut history, 500).unwrap();
        let key = history.ops[read].key().unwrap().to_string();
        match check(&history, 10_000_000) {
            Verdict::NotLinearizable { key: found, ops } => {
                assert_eq!(found, key);
                assert!(ops.contains(&read), "{ops:?} does not show op {read}");
            }
            verdict => panic!("{clients} clients: {verdict:?}"),
        }
    }
}

#[test]
fn a_random_linearizable_history_with_unanswered_operations_is_linearizable() {
    for clients in [3, 10] {
        for every in [50, 20, 7] {
            let mut history = linearizable_history(3, 1_000, 5, clients);
            lose_answers(&mut history, every);
            assert_eq!(
                check(&history, 10_000_000),
                Verdict::Linearizable,
                "{clients} clients, every {every}th unanswered"
            );
        }
    }
}
