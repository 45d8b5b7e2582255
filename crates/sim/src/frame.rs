//! Frames: the flat render model of one instant, and the plain geometry the stage uses.

use crate::protocol::SimProtocol;
use crate::world::{ArmedTimer, World};
use conlab_check::Violation;
use conlab_core::{NodeId, Protocol, Tick};

/// Everything the page draws at one instant.
#[derive(Clone, Debug)]
pub struct Frame<P: SimProtocol> {
    pub time: Tick,
    /// Steps taken up to this instant.
    pub step: u64,
    pub nodes: Vec<NodeFrame<P>>,
    /// In-flight messages in delivery order.
    pub messages: Vec<MessageFrame<P::Msg>>,
    /// The current partition (one group when the network is whole).
    pub groups: Vec<Vec<NodeId>>,
    pub cut_links: Vec<(NodeId, NodeId)>,
    /// Every violation found up to this instant.
    pub violations: Vec<Violation>,
}

#[derive(Clone, Debug)]
pub struct NodeFrame<P: Protocol> {
    pub node: P,
    pub up: bool,
    pub timers: Vec<ArmedTimer<P::Timer>>,
}

#[derive(Clone, Debug)]
pub struct MessageFrame<M> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Tick,
    pub deliver_at: Tick,
    pub kind: &'static str,
    pub msg: M,
    /// The network will lose it (or a user dropped it).
    pub doomed: bool,
    /// How far along its flight it is, 0.0 at send and 1.0 at delivery.
    pub progress: f64,
}

impl<P: SimProtocol> Frame<P> {
    /// The frame of `world` at its current clock.
    pub fn of(world: &World<P>) -> Self {
        let time = world.now();
        let nodes = world
            .nodes()
            .iter()
            .map(|s| NodeFrame {
                node: s.node.clone(),
                up: s.up,
                timers: s.timers.clone(),
            })
            .collect();
        let messages = world
            .in_flight()
            .into_iter()
            .map(|env| MessageFrame {
                id: env.id,
                from: env.from,
                to: env.to,
                sent_at: env.sent_at,
                deliver_at: env.deliver_at,
                kind: P::msg_kind(&env.msg),
                msg: env.msg.clone(),
                doomed: env.lost || world.is_dropped_by_hand(env.id),
                progress: flight_progress(env.sent_at, env.deliver_at, time),
            })
            .collect();
        Frame {
            time,
            step: world.steps(),
            nodes,
            messages,
            groups: world.links().groups(),
            cut_links: world.links().cut_links(),
            violations: world.violations().to_vec(),
        }
    }
}

/// Fraction of a flight from `sent_at` to `deliver_at` completed at `now`, clamped to 0..=1.
pub fn flight_progress(sent_at: Tick, deliver_at: Tick, now: Tick) -> f64 {
    if deliver_at <= sent_at {
        return 1.0;
    }
    ((now.saturating_sub(sent_at)) as f64 / (deliver_at - sent_at) as f64).clamp(0.0, 1.0)
}

/// Where node `index` of `n` sits on a ring of `radius` around the origin, starting at the
/// top and going clockwise.
pub fn ring_position(index: usize, n: usize, radius: f64) -> (f64, f64) {
    if n == 1 {
        return (0.0, 0.0);
    }
    let angle = std::f64::consts::TAU * index as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    (radius * angle.cos(), radius * angle.sin())
}

/// The largest node radius that keeps `n` nodes on a ring of `radius` from touching, with a
/// gap, capped at `max`.
pub fn node_radius(n: usize, ring_radius: f64, max: f64) -> f64 {
    if n <= 1 {
        return max;
    }
    let chord = 2.0 * ring_radius * (std::f64::consts::PI / n as f64).sin();
    node_radius_for_chord(chord, max)
}

/// [`node_radius`] from the distance between neighbouring nodes (the page measures it on the
/// positions it computed, so its wasm needs no trigonometry of its own).
pub fn node_radius_for_chord(chord: f64, max: f64) -> f64 {
    (chord * 0.36).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_clamped_and_linear() {
        assert_eq!(flight_progress(10, 20, 5), 0.0);
        assert_eq!(flight_progress(10, 20, 15), 0.5);
        assert_eq!(flight_progress(10, 20, 25), 1.0);
        assert_eq!(flight_progress(10, 10, 10), 1.0);
    }

    #[test]
    fn ring_starts_at_top_and_goes_clockwise() {
        let (x, y) = ring_position(0, 4, 100.0);
        assert!(x.abs() < 1e-9 && (y + 100.0).abs() < 1e-9);
        let (x, y) = ring_position(1, 4, 100.0);
        assert!((x - 100.0).abs() < 1e-9 && y.abs() < 1e-9);
    }

    #[test]
    fn fifteen_nodes_do_not_overlap() {
        for n in 2..=15 {
            let r = node_radius(n, 200.0, 40.0);
            let (x0, y0) = ring_position(0, n, 200.0);
            let (x1, y1) = ring_position(1, n, 200.0);
            let gap = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt() - 2.0 * r;
            assert!(gap > 0.2 * r, "n={n}: gap {gap} for radius {r}");
        }
    }
}
