//! Events per second at 5 nodes under steady client load, checks on and off: Raft,
//! single-decree Paxos and Multi-Paxos.

use conlab_core::NodeId;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::{Intervention, ProtocolKind, Scenario, SimProtocol, Timed, World};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const RUN_MS: u64 = 5_000;

/// 5 nodes; S1 is made leader at once; a client command to it every 10 ms (Raft, Multi-Paxos).
pub fn loaded_scenario(protocol: ProtocolKind, ms: u64) -> Scenario {
    let mut s = Scenario::new(protocol, 5, 7);
    s.interventions.push(Timed {
        at: 1,
        action: Intervention::Timeout { node: NodeId(1) },
    });
    for (i, at) in (300..ms).step_by(10).enumerate() {
        let command = format!("set k{} {i}", i % 16);
        s.interventions.push(Timed {
            at,
            action: Intervention::Client {
                node: NodeId(1),
                command,
            },
        });
    }
    s
}

/// 5 single-decree Paxos nodes: a client proposes a value every 10 ms, at each node in turn,
/// and every 50 ms a node in turn is timed out into a fresh ballot. After the first decision
/// the proposals are answered at once, so the timeouts keep full rounds (Prepare, Promise,
/// Accept, Accepted to every learner) and preemptions going.
pub fn loaded_paxos_scenario(ms: u64) -> Scenario {
    let mut s = Scenario::new(ProtocolKind::Paxos, 5, 7);
    for (i, at) in (10..ms).step_by(10).enumerate() {
        let node = NodeId::from_index(i % 5);
        s.interventions.push(Timed {
            at,
            action: Intervention::Client {
                node,
                command: format!("v{i}"),
            },
        });
        if i % 5 == 0 {
            let node = NodeId::from_index(i / 5 % 5);
            s.interventions.push(Timed {
                at,
                action: Intervention::Timeout { node },
            });
        }
    }
    s
}

fn bench_protocol<P: SimProtocol>(c: &mut Criterion, group: &str, scenario: &Scenario) {
    let steps = {
        let mut w = World::<P>::new(scenario).unwrap();
        w.run_until(RUN_MS);
        assert!(w.violations().is_empty(), "{group}: {:?}", w.violations());
        w.steps()
    };
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Elements(steps));
    group.sample_size(20);
    group.bench_function("checks_off", |b| {
        b.iter(|| {
            let mut w = World::<P>::new(scenario).unwrap().without_checks();
            w.run_until(RUN_MS);
            w.steps()
        })
    });
    group.bench_function("checks_on", |b| {
        b.iter(|| {
            let mut w = World::<P>::new(scenario).unwrap();
            w.run_until(RUN_MS);
            w.steps()
        })
    });
    group.finish();
}

fn events(c: &mut Criterion) {
    bench_protocol::<RaftNode>(
        c,
        "raft_5_nodes_client_load",
        &loaded_scenario(ProtocolKind::Raft, RUN_MS),
    );
    bench_protocol::<PaxosNode>(
        c,
        "paxos_5_nodes_client_load",
        &loaded_paxos_scenario(RUN_MS),
    );
    bench_protocol::<MultiPaxosNode>(
        c,
        "multipaxos_5_nodes_client_load",
        &loaded_scenario(ProtocolKind::MultiPaxos, RUN_MS),
    );
}

criterion_group!(benches, events);
criterion_main!(benches);
