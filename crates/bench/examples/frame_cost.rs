use conlab_sim::view::{AnyLab, Lab};
use conlab_sim::{Intervention, Scenario, Timed};
use std::time::Instant;
fn main() {
    let mut s = Scenario::raft(15, 9);
    s.raft.heartbeat_ms = 10;
    s.interventions.push(Timed {
        at: 5,
        action: Intervention::Timeout {
            node: conlab_core::NodeId(1),
        },
    });
    let mut i = 0;
    for at in (500..60_000).step_by(100) {
        s.interventions.push(Timed {
            at,
            action: Intervention::Client {
                node: conlab_core::NodeId(1),
                command: format!("set k{} {i}", i % 50),
            },
        });
        i += 1;
    }
    let mut lab = Lab::<conlab_raft::RaftNode>::new(s).unwrap();
    lab.seek(5_000);
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let t = Instant::now();
    for k in 0..n {
        lab.seek(5_000 + k * 16);
    }
    let seek = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    let mut sink = 0;
    for _ in 0..n {
        sink += lab.frame().messages.len();
    }
    let frame = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        sink += lab.recent_events().len() + lab.client_answers(5).len();
    }
    let ev = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        sink += lab.bucketed_marks(500).len();
    }
    let marks = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        let c = lab.clone();
        sink += c.cursor().steps;
    }
    let clone = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("us: seek16 {seek:.1} frame {frame:.1} events+answers {ev:.1} marks {marks:.1} clone {clone:.1} ({sink})");
}
