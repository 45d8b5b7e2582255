//! Typed flag values: each parser checks its range and explains a bad value in one sentence.

use conlab_sim::sweep::Faults;
use conlab_sim::{ProtocolKind, MAX_TIME_MS};
use std::ops::Range;

/// A simulated time in ms, within the one-hour budget.
pub fn time_ms(text: &str) -> Result<u64, String> {
    let ms: u64 = text
        .parse()
        .map_err(|_| "expected a whole number of milliseconds".to_string())?;
    if ms > MAX_TIME_MS {
        return Err(format!(
            "at most {MAX_TIME_MS} ms (one hour) may be simulated"
        ));
    }
    Ok(ms)
}

pub fn protocol(text: &str) -> Result<ProtocolKind, String> {
    text.parse()
        .map_err(|e: conlab_sim::UnknownProtocol| e.to_string())
}

pub fn faults(text: &str) -> Result<Faults, String> {
    Faults::parse(text)
}

/// `log`, `read_index` or `lease`: how Raft leaders answer reads (dissertation §6.4).
pub fn reads(text: &str) -> Result<conlab_raft::ReadMode, String> {
    match text {
        "log" => Ok(conlab_raft::ReadMode::Log),
        "read_index" => Ok(conlab_raft::ReadMode::ReadIndex),
        "lease" => Ok(conlab_raft::ReadMode::Lease),
        _ => Err("use log, read_index or lease".into()),
    }
}

/// `A..B`: the seeds A, A+1, …, B−1 (as in Rust), for sharding one sweep over machines.
pub fn seed_range(text: &str) -> Result<Range<u64>, String> {
    let (a, b) = text
        .split_once("..")
        .ok_or_else(|| "expected A..B, e.g. 1..1001".to_string())?;
    let number = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| "expected A..B with whole numbers, e.g. 1..1001".to_string())
    };
    let (a, b) = (number(a)?, number(b)?);
    if a >= b {
        return Err(format!("the range {a}..{b} holds no seed"));
    }
    Ok(a..b)
}
