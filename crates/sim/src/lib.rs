//! The deterministic simulator behind Consensus Lab.
//!
//! - [`ProtocolKind`]: which protocol a scenario runs; the [`registry`] maps it to the type.
//! - [`World`]: nodes, a seeded event queue and the network model; `step()` runs one event.
//! - [`Scenario`]: a run written down (versioned JSON), checked against the [`budget`], and
//!   [`link`]: as a share link.
//! - [`Timeline`]: every step recorded, snapshots, `seek`, and forks on intervention.
//! - [`Frame`]: what the page draws at one instant.

pub mod budget;
pub mod clients;
mod event_queue;
mod frame;
pub mod fuzz;
mod kind;
pub mod link;
mod network;
mod protocol;
mod records;
pub mod registry;
#[cfg(feature = "trace")]
pub mod report;
mod rng;
mod scenario;
pub mod scenario_json;
mod stats;
pub mod sweep;
mod timed;
mod timeline;
pub mod tour;
pub mod tour_run;
#[cfg(feature = "trace")]
mod trace;
pub mod trace_json;
mod validate;
pub mod view;
mod world;

pub use budget::{MAX_NODES, MAX_TIME_MS};
pub use frame::{
    flight_progress, node_radius, node_radius_for_chord, ring_position, Frame, MessageFrame,
    NodeFrame,
};
pub use kind::{ProtocolKind, UnknownProtocol};
pub use network::{Links, NetworkModel};
pub use protocol::{Declared, Marker, SimProtocol, Summarized, Sweepable};
pub use records::Records;
pub use scenario::{InitialNode, Intervention, Scenario, ScenarioError, Timed, SCENARIO_VERSION};
pub use stats::Stats;
pub use timed::TimedJson;
pub use timeline::{Timeline, MAX_SNAPSHOTS, SNAPSHOT_EVERY};
pub use validate::DEFAULT_UNTIL_MS;
pub use view::{ProtocolView, ViewFrame};
pub use world::{
    ArmedTimer, ClientReply, Envelope, Loss, Planned, Slot, StepKind, StepRecord, World,
};

/// A stable 64-bit FNV-1a hash, for trace fingerprints that match across platforms.
pub fn fnv1a(lines: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for &byte in line.as_bytes().iter().chain(b"\n") {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
