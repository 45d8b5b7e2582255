//! The vocabulary every protocol in Consensus Lab speaks.
//!
//! A protocol node is a pure, deterministic state machine (see `docs/architecture.md`):
//! the simulator feeds it one [`Input`] at a time through [`Protocol::step`], and the node
//! answers only by pushing [`Effect`]s into an [`Out`]. Nodes never read a clock, never draw
//! random numbers and never do I/O: timers are requested as *ranges* and the simulator picks
//! the instant from its seeded generator.

mod chunked;
mod configuration;
pub mod kv;
mod node_id;
mod protocol;
mod quorum;
mod vec_map;

pub use chunked::{Chunked, CHUNK};
pub use configuration::{Configuration, Joint, Quorum};
pub use node_id::NodeId;
pub use protocol::{Effect, Input, Out, Protocol, RequestId};
pub use quorum::{is_quorum, quorum_size};
pub use vec_map::{MapKey, VecMap};

/// Simulated time in milliseconds since the start of a run.
pub type Tick = u64;

/// A closed range of simulated milliseconds, `min..=max`, from which the simulator draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TickRange {
    pub min: Tick,
    pub max: Tick,
}

impl TickRange {
    pub const fn new(min: Tick, max: Tick) -> Self {
        Self { min, max }
    }

    /// A range that always resolves to exactly `ms`.
    pub const fn exactly(ms: Tick) -> Self {
        Self { min: ms, max: ms }
    }
}
