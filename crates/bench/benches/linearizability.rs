//! The linearizability checker's cost: 1,000 operations on 5 keys from 3 and from 10 clients
//! (linearizable histories with overlaps, crates/bench/src/histories.rs), checked whole, and
//! the 10-client one with a read changed so that it is not linearizable (also with every 20th
//! operation unanswered).
//! Prints the search steps each took beside criterion's times.

use conlab_bench::{change_one_read, linearizable_history, lose_answers};
use conlab_check::linearizability::{check, History, Verdict};
use criterion::{criterion_group, criterion_main, Criterion};

/// The native CLI's allocator (crates/cli/src/main.rs), so the numbers measure what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The search steps `check` takes on `history`: the smallest budget that still decides it
/// (the search is deterministic, so any larger budget decides it too).
fn steps_needed(history: &History) -> u64 {
    let decides = |budget| !matches!(check(history, budget), Verdict::Unknown { .. });
    let mut high = 1;
    while !decides(high) {
        high *= 2;
    }
    let mut low = high / 2;
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if decides(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

fn linearizability(c: &mut Criterion) {
    let mut group = c.benchmark_group("linearizability");
    for clients in [3, 10] {
        let history = linearizable_history(1, 1_000, 5, clients);
        assert_eq!(check(&history, u64::MAX), Verdict::Linearizable);
        let name = format!("1000_ops_5_keys_{clients}_clients");
        println!("{name}: {} search steps", steps_needed(&history));
        group.bench_function(name, |b| b.iter(|| check(&history, u64::MAX)));
    }
    // The search backtracks the most when no order exists, the more so with operations that
    // stay pending to the end.
    for every in [None, Some(20)] {
        let mut history = linearizable_history(1, 1_000, 5, 10);
        if let Some(every) = every {
            lose_answers(&mut history, every);
        }
        change_one_read(&mut history, 500);
        assert!(matches!(
            check(&history, u64::MAX),
            Verdict::NotLinearizable { .. }
        ));
        let lost = every.map_or(String::new(), |every| {
            format!("_every_{every}th_unanswered")
        });
        let name = format!("1000_ops_5_keys_10_clients{lost}_one_read_changed");
        println!("{name}: {} search steps", steps_needed(&history));
        group.bench_function(name, |b| b.iter(|| check(&history, u64::MAX)));
    }
    group.finish();
}

criterion_group!(benches, linearizability);
criterion_main!(benches);
