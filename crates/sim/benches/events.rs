//! Events per second: 5 Raft nodes under steady client load, checks on and off.

use conlab_core::NodeId;
use conlab_raft::RaftNode;
use conlab_sim::{Intervention, Scenario, Timed, World};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// 5 nodes; S1 leads; a client command every 10 ms for `ms` milliseconds.
pub fn loaded_scenario(ms: u64) -> Scenario {
    let mut s = Scenario::raft(5, 7);
    s.interventions.push(Timed { at: 1, action: Intervention::Timeout { node: NodeId(1) } });
    for (i, at) in (300..ms).step_by(10).enumerate() {
        let command = format!("set k{} {i}", i % 16);
        s.interventions.push(Timed { at, action: Intervention::Client { node: NodeId(1), command } });
    }
    s
}

fn events(c: &mut Criterion) {
    let scenario = loaded_scenario(5_000);
    let steps = {
        let mut w = World::<RaftNode>::new(&scenario).unwrap();
        w.run_until(5_000);
        w.steps()
    };
    let mut group = c.benchmark_group("raft_5_nodes_client_load");
    group.throughput(Throughput::Elements(steps));
    group.sample_size(20);
    group.bench_function("checks_off", |b| {
        b.iter(|| {
            let mut w = World::<RaftNode>::new(&scenario).unwrap().without_checks();
            w.run_until(5_000);
            w.steps()
        })
    });
    group.bench_function("checks_on", |b| {
        b.iter(|| {
            let mut w = World::<RaftNode>::new(&scenario).unwrap();
            w.run_until(5_000);
            w.steps()
        })
    });
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
