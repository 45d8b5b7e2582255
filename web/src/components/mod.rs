//! One function component per file.

pub mod app;
pub mod footer;
pub mod header;
pub mod playback_bar;
pub mod stage;
