//! One component per file: a function component where it owns state (hooks) or is worth
//! skipping when its props are equal; otherwise a plain function returning `Html` (each
//! component type costs the page its own copy of Yew's lifecycle code, about 1 KB).

pub mod app;
pub mod client_reply;
pub mod clients_panel;
pub mod compare;
pub mod dialog;
pub mod event_log;
pub mod footer;
pub mod fork_bar;
pub mod gallery;
pub mod guide;
pub mod header;
pub mod help;
pub mod inspector;
pub mod inspector_parts;
pub mod legend;
pub mod log_grid;
pub mod narration;
pub mod notice;
pub mod partition;
pub mod playback_bar;
pub mod progress;
pub mod safety_panel;
pub mod scrubber;
pub mod settings;
pub mod share;
pub mod stage;
pub mod tour;
