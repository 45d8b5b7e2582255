//! The scenario's `clients` field: how many clients, how often they ask, over which keys,
//! with which mix of reads, writes and compare-and-sets, and how long they wait before
//! retrying. Every field is optional (defaults below), and so is the field itself.

use crate::scenario::ScenarioError;
use conlab_core::Tick;

/// The most clients a scenario may run.
pub const MAX_CLIENTS: u32 = 16;
/// The most operations per second one client may ask for.
pub const MAX_OPS_PER_SEC: u32 = 100;
/// The most keys the clients may spread over.
pub const MAX_KEYS: u32 = 100;
/// The longest retry timeout.
pub const MAX_RETRY_MS: Tick = 60_000;

/// A closed-loop client workload (issue 16): each client has one operation outstanding at a
/// time, and asks the next one a think time after its answer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Workload {
    /// How many clients run at once (1 to 16).
    pub count: u32,
    /// Each client's rate: its think time is drawn uniformly from 0 to twice
    /// 1000 / `ops_per_sec` ms (1 to 100).
    pub ops_per_sec: u32,
    /// Operations pick a key among `x0` … `x{keys-1}` (1 to 100): keys of their own, apart
    /// from the `k0` … `k6` a sweep writes by hand and the `x` of the docs; commands sent by
    /// hand are not in the clients' history, so a hand-sent write to these keys makes it
    /// unexplainable.
    pub keys: u32,
    /// Percent of operations that are reads (`get`).
    pub read_percent: u32,
    /// Percent that are compare-and-sets (`cas`, expecting the value the client last saw for
    /// the key); the rest are writes (`set`) of a value unique to the run (`c1-7`: client 1's
    /// 7th operation).
    pub cas_percent: u32,
    /// A client that has no answer this long after sending retries, to the next server.
    pub retry_ms: Tick,
}

impl Default for Workload {
    fn default() -> Self {
        Self {
            count: 3,
            ops_per_sec: 5,
            keys: 5,
            read_percent: 50,
            cas_percent: 10,
            retry_ms: 300,
        }
    }
}

impl Workload {
    /// `count` clients with every other field at its default.
    pub fn of(count: u32) -> Self {
        Self {
            count,
            ..Self::default()
        }
    }

    /// Check every field against its limits, in one sentence if one is off.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let fields = [
            ("count", u64::from(self.count), u64::from(MAX_CLIENTS)),
            (
                "ops_per_sec",
                self.ops_per_sec.into(),
                MAX_OPS_PER_SEC.into(),
            ),
            ("keys", self.keys.into(), MAX_KEYS.into()),
            ("retry_ms", self.retry_ms, MAX_RETRY_MS),
        ];
        for (name, value, max) in fields {
            if value == 0 || value > max {
                return Err(ScenarioError(format!(
                    "clients {name} must lie between 1 and {max}, not {value}"
                )));
            }
        }
        if u64::from(self.read_percent) + u64::from(self.cas_percent) > 100 {
            return Err(ScenarioError(
                "clients read_percent and cas_percent add up to at most 100".into(),
            ));
        }
        Ok(())
    }

    /// The longest think time, in ms.
    pub(crate) fn max_think_ms(&self) -> Tick {
        2_000 / Tick::from(self.ops_per_sec)
    }
}
