//! The one piece of UI state (`AppState`) and the only way to change it (`Action`).
//!
//! The reducer is a plain Rust function ([`reduce`]) so it is unit-tested natively; the
//! [`Reducible`] impl only adapts it to Yew's `use_reducer`.

use std::rc::Rc;

use yew::Reducible;

/// Playback speeds in simulated milliseconds per wall-clock second (three decades and a bit).
pub const SPEEDS_SIM_MS_PER_S: [u32; 7] = [10, 30, 100, 300, 1_000, 3_000, 10_000];

/// Index into [`SPEEDS_SIM_MS_PER_S`] used on first load (100 sim ms per second: slow enough
/// to watch an election unfold).
pub const DEFAULT_SPEED_INDEX: usize = 2;

/// Placeholder cluster size until the simulator is wired in.
pub const DEFAULT_NODE_COUNT: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppState {
    /// Whether the simulated clock advances with wall-clock time.
    pub playing: bool,
    /// Index into [`SPEEDS_SIM_MS_PER_S`].
    pub speed_index: usize,
    /// Simulated time shown by the UI, in simulated milliseconds.
    pub now_ms: u64,
    /// Sub-millisecond remainder of simulated time, in thousandths of a simulated ms, so that
    /// many small wall-clock steps add up exactly.
    pub carry_thousandths: u64,
    /// Number of nodes drawn on the stage.
    pub node_count: usize,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            playing: false,
            speed_index: DEFAULT_SPEED_INDEX,
            now_ms: 0,
            carry_thousandths: 0,
            node_count: DEFAULT_NODE_COUNT,
        }
    }
}

impl AppState {
    /// Current playback speed in simulated milliseconds per wall-clock second.
    pub fn speed_sim_ms_per_s(&self) -> u32 {
        SPEEDS_SIM_MS_PER_S[self.speed_index]
    }

    pub fn can_speed_up(&self) -> bool {
        self.speed_index + 1 < SPEEDS_SIM_MS_PER_S.len()
    }

    pub fn can_slow_down(&self) -> bool {
        self.speed_index > 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    TogglePlay,
    Play,
    Pause,
    /// Wall-clock time passed; advances the simulated clock only while playing.
    Advance {
        wall_ms: u32,
    },
    SpeedUp,
    SlowDown,
    /// Back to simulated time zero (keeps speed, stops playback).
    Reset,
}

/// The whole state machine of the shell: old state + action ⇒ new state.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    let mut next = state.clone();
    match action {
        Action::TogglePlay => next.playing = !state.playing,
        Action::Play => next.playing = true,
        Action::Pause => next.playing = false,
        Action::Advance { wall_ms } => {
            if state.playing {
                let total = state.carry_thousandths
                    + u64::from(wall_ms) * u64::from(state.speed_sim_ms_per_s());
                next.now_ms = state.now_ms.saturating_add(total / 1_000);
                next.carry_thousandths = total % 1_000;
            }
        }
        Action::SpeedUp => {
            if state.can_speed_up() {
                next.speed_index += 1;
            }
        }
        Action::SlowDown => {
            if state.can_slow_down() {
                next.speed_index -= 1;
            }
        }
        Action::Reset => {
            next.playing = false;
            next.now_ms = 0;
            next.carry_thousandths = 0;
        }
    }
    next
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = reduce(&self, action);
        if next == *self {
            self // unchanged: lets Yew skip the re-render
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_paused_at_time_zero() {
        let s = AppState::default();
        assert!(!s.playing);
        assert_eq!(s.now_ms, 0);
        assert_eq!(s.node_count, 5);
        assert_eq!(s.speed_sim_ms_per_s(), 100);
    }

    #[test]
    fn toggle_play_flips_and_flips_back() {
        let s0 = AppState::default();
        let s1 = reduce(&s0, Action::TogglePlay);
        assert!(s1.playing);
        let s2 = reduce(&s1, Action::TogglePlay);
        assert!(!s2.playing);
        assert_eq!(s2, s0);
    }

    #[test]
    fn play_and_pause_are_idempotent() {
        let s = reduce(&reduce(&AppState::default(), Action::Play), Action::Play);
        assert!(s.playing);
        let s = reduce(&reduce(&s, Action::Pause), Action::Pause);
        assert!(!s.playing);
    }

    #[test]
    fn advance_is_ignored_while_paused() {
        let s = reduce(&AppState::default(), Action::Advance { wall_ms: 1_000 });
        assert_eq!(s, AppState::default());
    }

    #[test]
    fn advance_scales_wall_time_by_speed() {
        let s = reduce(&AppState::default(), Action::Play);
        let s = reduce(&s, Action::Advance { wall_ms: 1_000 });
        assert_eq!(s.now_ms, 100);
        let s = reduce(&s, Action::SpeedUp);
        let s = reduce(&s, Action::Advance { wall_ms: 500 });
        assert_eq!(s.now_ms, 100 + 150);
    }

    #[test]
    fn small_steps_carry_fractions_exactly() {
        // 10 sim ms per wall second: 1 wall ms is 1/100 of a simulated ms.
        let mut s = AppState {
            speed_index: 0,
            ..AppState::default()
        };
        s = reduce(&s, Action::Play);
        for _ in 0..99 {
            s = reduce(&s, Action::Advance { wall_ms: 1 });
        }
        assert_eq!(s.now_ms, 0);
        s = reduce(&s, Action::Advance { wall_ms: 1 });
        assert_eq!((s.now_ms, s.carry_thousandths), (1, 0));
    }

    #[test]
    fn speed_is_clamped_to_the_table() {
        let mut s = AppState::default();
        for _ in 0..20 {
            s = reduce(&s, Action::SpeedUp);
        }
        assert_eq!(s.speed_sim_ms_per_s(), 10_000);
        assert!(!s.can_speed_up());
        for _ in 0..20 {
            s = reduce(&s, Action::SlowDown);
        }
        assert_eq!(s.speed_sim_ms_per_s(), 10);
        assert!(!s.can_slow_down());
    }

    #[test]
    fn reset_stops_and_rewinds_but_keeps_speed() {
        let s = reduce(&AppState::default(), Action::SpeedUp);
        let s = reduce(&s, Action::Play);
        let s = reduce(&s, Action::Advance { wall_ms: 2_000 });
        let s = reduce(&s, Action::Reset);
        assert!(!s.playing);
        assert_eq!((s.now_ms, s.carry_thousandths), (0, 0));
        assert_eq!(s.speed_sim_ms_per_s(), 300);
    }

    #[test]
    fn unchanged_state_keeps_the_same_rc() {
        let s = Rc::new(AppState::default());
        let same = Reducible::reduce(Rc::clone(&s), Action::Pause);
        assert!(Rc::ptr_eq(&s, &same));
        let changed = Reducible::reduce(Rc::clone(&s), Action::Play);
        assert!(!Rc::ptr_eq(&s, &changed));
    }
}
