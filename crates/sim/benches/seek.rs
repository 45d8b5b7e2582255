//! Seek latency over a one-hour simulated run (p50/p99/max) and the memory the timeline
//! holds, measured with a counting allocator. Prints a small report; asserts nothing.

use conlab_core::NodeId;
use conlab_raft::RaftNode;
use conlab_sim::{Intervention, Scenario, Timed, Timeline};
use rand_core::RngCore;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const HOUR_MS: u64 = 3_600_000;

fn main() {
    // `cargo bench` passes `--bench`; a filter that excludes us means "skip".
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"seek".contains(a.as_str()))
    {
        return;
    }
    let mut scenario = Scenario::raft(5, 11);
    scenario.interventions.push(Timed {
        at: 1,
        action: Intervention::Timeout { node: NodeId(1) },
    });
    for (i, at) in (1_000..HOUR_MS).step_by(1_000).enumerate() {
        let command = format!("set k{} {i}", i % 32);
        scenario.interventions.push(Timed {
            at,
            action: Intervention::Client {
                node: NodeId(1),
                command,
            },
        });
    }
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut timeline = Timeline::<RaftNode>::new(scenario).unwrap();
    timeline.extend_to(HOUR_MS);
    let built = started.elapsed();
    let memory = LIVE.load(Ordering::Relaxed) - before;
    let steps = timeline.records().len();

    let mut rng = rand_pcg::Pcg32::new(5, 5);
    let mut samples: Vec<f64> = (0..500)
        .map(|_| {
            let t = u64::from(rng.next_u32()) % HOUR_MS;
            let start = Instant::now();
            let world = timeline.world_at(t);
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(world);
            elapsed
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let pct = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize];
    println!("seek over a 1-hour run (5 nodes, 1 client command/s)");
    println!("  steps recorded   {steps}");
    println!(
        "  built in         {:.2} s ({:.0} steps/s, checks on)",
        built.as_secs_f64(),
        steps as f64 / built.as_secs_f64()
    );
    println!(
        "  timeline memory  {:.1} MiB",
        memory as f64 / (1024.0 * 1024.0)
    );
    println!(
        "  seek latency     p50 {:.3} ms   p99 {:.3} ms   max {:.3} ms",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}
