//! One function component per file.

pub mod app;
pub mod compare;
pub mod dialog;
pub mod footer;
pub mod header;
pub mod help;
pub mod inspector;
pub mod inspector_parts;
pub mod legend;
pub mod logs_panel;
pub mod multipaxos_inspector;
pub mod multipaxos_stage;
pub mod notice;
pub mod partition;
pub mod paxos_inspector;
pub mod paxos_legend;
pub mod paxos_model;
pub mod paxos_stage;
pub mod playback_bar;
pub mod ring;
pub mod safety_panel;
pub mod scrubber;
pub mod settings;
pub mod share;
pub mod slots_panel;
pub mod stage;

use std::ops::Deref;
use std::rc::Rc;

/// A shared, immutable value in props, equal only to itself (compared by pointer), so that a
/// new frame always re-renders and an unchanged one never does.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
