//! Memory of a recorded timeline of RaftScope's workload (issue 15: at most 64 MB for an
//! hour): live heap bytes, counted by the allocator, of the world alone, of its step records,
//! as the timeline stores them, and of the whole timeline (records, snapshots, world) after
//! `ms` simulated milliseconds.
//! The client commands go where the workload sent them (to the leader), planned up front.
//! Usage: `cargo run --release -p conlab-bench --example timeline_memory -- 3600000`

use conlab_bench::{raftscope_scenario, raftscope_world};
use conlab_raft::RaftNode;
use conlab_sim::{Records, Timeline, World};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes it has handed out and not yet taken back.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live heap bytes that `make` leaves behind in what it returns.
fn bytes_of<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Relaxed);
    let made = make();
    (made, LIVE.load(Relaxed).saturating_sub(before))
}

fn main() {
    let ms: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3_600_000);
    let mut scenario = raftscope_scenario(1);
    let planned = raftscope_world(1, ms, false);
    scenario.interventions = planned
        .interventions()
        .iter()
        .map(|p| p.timed.clone())
        .collect();
    drop(planned);
    let (world, world_bytes) = bytes_of(|| {
        let mut world = World::<RaftNode>::new(&scenario).expect("the workload is valid");
        world.run_until(ms);
        world
    });
    let steps = world.steps();
    drop(world);
    let (records, record_bytes) = bytes_of(|| {
        let mut world = World::<RaftNode>::new(&scenario).expect("the workload is valid");
        let mut records = Records::<RaftNode>::default();
        while world.next_event_at().is_some_and(|t| t <= ms) {
            if let Some(record) = world.step() {
                records.push(record);
            }
        }
        (world, records)
    });
    drop(records);
    let (timeline, timeline_bytes) = bytes_of(|| {
        let mut timeline = Timeline::<RaftNode>::new(scenario).expect("the workload is valid");
        timeline.extend_to(ms);
        timeline
    });
    assert_eq!(timeline.records().len() as u64, steps);
    let record_bytes = record_bytes - world_bytes.min(record_bytes);
    println!(
        "{{\"steps\":{steps},\"world_bytes\":{world_bytes},\"record_bytes\":{record_bytes},\"timeline_bytes\":{timeline_bytes},\"timeline_bytes_per_step\":{:.1}}}",
        timeline_bytes as f64 / steps as f64
    );
}
