//! Keyboard shortcuts (plain Rust, tested natively).

use crate::state::{Action, Dialog};

/// The action for `key` (a `KeyboardEvent.key` value). `on_button`: focus is on a button,
/// where Space and Enter belong to the button.
pub fn action_for(key: &str, on_button: bool) -> Option<Action> {
    match key {
        " " | "Spacebar" if !on_button => Some(Action::TogglePlay),
        "ArrowRight" => Some(Action::StepForward),
        "ArrowLeft" => Some(Action::StepBack),
        "+" | "=" => Some(Action::SpeedUp),
        "-" | "_" => Some(Action::SlowDown),
        "Home" => Some(Action::Rewind),
        "?" => Some(Action::Open(Some(Dialog::Help))),
        "Escape" => Some(Action::Open(None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_shortcuts() {
        assert_eq!(action_for(" ", false), Some(Action::TogglePlay));
        assert_eq!(
            action_for(" ", true),
            None,
            "space on a button presses the button"
        );
        assert_eq!(action_for("ArrowRight", true), Some(Action::StepForward));
        assert_eq!(action_for("ArrowLeft", false), Some(Action::StepBack));
        assert_eq!(action_for("+", false), Some(Action::SpeedUp));
        assert_eq!(action_for("-", false), Some(Action::SlowDown));
        assert_eq!(
            action_for("?", false),
            Some(Action::Open(Some(Dialog::Help)))
        );
        assert_eq!(action_for("x", false), None);
    }
}
