//! The app's hooks: timers and listeners that feed actions to the reducer. Each closure holds
//! only the dispatcher (stable across renders), never a snapshot of the state.

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{next_slice_steps, Action, AppState, LOAD_SLICE_STEPS};

/// How often the playback clock feeds wall-clock time to the reducer (about 30 frames/s).
const CLOCK_TICK_MS: u32 = 33;
/// How often a slice of a far link's simulation runs (about once a frame).
const LOAD_SLICE_EVERY_MS: u32 = 16;
/// Longest wall-clock gap credited at once (e.g. after the tab was in the background).
const MAX_WALL_STEP_MS: f64 = 250.0;

/// `?panic=1` / `#panic-test`: panic on purpose after the first render (tests the banner).
#[hook]
pub fn use_panic_test() {
    use_effect_with((), |_| {
        if crate::panic_test_requested() {
            panic!("intentional panic: the page was opened with a panic-test URL");
        }
    });
}

/// The widths, in whole CSS pixels (`clientWidth`), of the elements `nodes` point at (rendered
/// with the component that calls this), followed with one ResizeObserver; `None` until the
/// browser has measured them.
#[hook]
pub fn use_widths<const N: usize>(nodes: &[NodeRef; N]) -> Option<[u32; N]> {
    let widths = use_state_eq(|| None);
    let (nodes, set) = (nodes.clone(), widths.setter());
    use_effect_with((), move |_| {
        let elements = nodes.each_ref().map(|n| n.cast::<web_sys::Element>());
        let watch = elements.iter().all(Option::is_some).then(|| {
            let measured = elements.clone();
            let on_resize = Closure::<dyn Fn()>::new(move || {
                set.set(Some(measured.each_ref().map(|e| {
                    e.as_ref().map_or(0, |e| e.client_width().max(0) as u32)
                })));
            });
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let Some(observer) = &observer {
                elements.iter().flatten().for_each(|e| observer.observe(e));
            }
            (observer, on_resize)
        });
        move || {
            if let Some((Some(observer), _on_resize)) = watch {
                observer.disconnect();
            }
        }
    });
    *widths
}

/// While playing, feed elapsed wall-clock time to the reducer.
#[hook]
pub fn use_playback_clock(dispatcher: UseReducerDispatcher<AppState>, playing: bool) {
    use_effect_with(playing, move |&playing| {
        let interval = playing.then(|| {
            let mut last = js_sys::Date::now();
            Interval::new(CLOCK_TICK_MS, move || {
                let now = js_sys::Date::now();
                let elapsed = now - last;
                let wall_ms = if (0.0..=MAX_WALL_STEP_MS).contains(&elapsed) {
                    last += elapsed.floor();
                    elapsed.floor()
                } else {
                    last = now;
                    MAX_WALL_STEP_MS
                };
                dispatcher.dispatch(Action::Advance {
                    wall_ms: wall_ms as u32,
                });
            })
        });
        move || drop(interval)
    });
}

/// While a link's far instant is simulated: one slice per frame, sized so that it and its
/// render fit in one (the gap between two ticks says how long the last one took).
#[hook]
pub fn use_load_slices(dispatcher: UseReducerDispatcher<AppState>, loading: bool) {
    use_effect_with(loading, move |&loading| {
        let interval = loading.then(|| {
            let mut steps = LOAD_SLICE_STEPS;
            let mut last = js_sys::Date::now();
            Interval::new(LOAD_SLICE_EVERY_MS, move || {
                let now = js_sys::Date::now();
                steps = next_slice_steps(steps, now - last);
                last = now;
                dispatcher.dispatch(Action::LoadSlice { steps })
            })
        });
        move || drop(interval)
    });
}

/// Keyboard shortcuts, on the whole document.
#[hook]
pub fn use_shortcuts(dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if let Some(action) = shortcut(&e) {
                e.prevent_default();
                dispatcher.dispatch(action);
            }
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ =
                d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// A link in the address bar opens once the page has mounted: it is unpacked asynchronously
/// (the browser's DecompressionStream) and arrives as [`Action::Opened`]; meanwhile the default
/// lab shows, paused.
#[hook]
pub fn use_open_link(dispatcher: UseReducerDispatcher<AppState>, fragment: Option<String>) {
    use_effect_with((), move |_| {
        if let Some(fragment) = fragment {
            crate::codec::open_link(&fragment, move |scenarios| {
                dispatcher.dispatch(Action::Opened(scenarios))
            });
        }
    });
}

/// Each Share packs the run at that instant into a link, asynchronously (the browser's
/// CompressionStream), and answers with [`Action::Shared`].
#[hook]
pub fn use_share_requests(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let lab = std::rc::Rc::clone(&state.lab);
    use_effect_with(state.share_requests, move |&requests| {
        if requests > 0 {
            crate::codec::share_link(lab.share_scenarios(), move |packed| {
                dispatcher.dispatch(Action::Shared(packed))
            });
        }
    });
}

thread_local! {
    /// The fragment the page itself last wrote into the address bar (a Share).
    static WRITTEN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A share link also goes into the address bar.
#[hook]
pub fn use_share_in_address_bar(shared: Option<String>) {
    use_effect_with(shared, |shared| {
        if let (Some(payload), Some(window)) = (shared, web_sys::window()) {
            WRITTEN.with(|w| w.replace(payload.clone()));
            let _ = window.location().set_hash(payload);
        }
    });
}

/// Whether an address-bar fragment is a link pasted by the user: not empty, not a guide route
/// (`#guide…`, handled by [`use_guide_route`]), and not the one Share just wrote (that run is
/// on screen already).
pub fn is_pasted_link(fragment: &str, written: &str) -> bool {
    !fragment.is_empty() && fragment != written && crate::guide::route(fragment).is_none()
}

/// The guide route in the address bar, followed on `hashchange` (no reload) into
/// `AppState::route`.
#[hook]
pub fn use_guide_route(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn()>::new(move || {
            dispatch.dispatch(Action::Route(crate::guide::current()))
        });
        on_hash_change(listener)
    });
}

/// A link pasted into the address bar of an open tab (the fragment changes) opens: the page
/// reloads on it, exactly as a fresh visit to the link would.
#[hook]
pub fn use_hash_change() {
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn()>::new(move || {
            let Some(location) = web_sys::window().map(|w| w.location()) else {
                return;
            };
            let hash = location.hash().unwrap_or_default();
            let fragment = hash.trim_start_matches('#');
            if WRITTEN.with(|w| is_pasted_link(fragment, &w.borrow())) {
                let _ = location.reload();
            }
        });
        on_hash_change(listener)
    });
}

/// Listen for `hashchange` with `listener`; the returned function stops listening (an
/// effect's cleanup).
fn on_hash_change(listener: Closure<dyn Fn()>) -> impl FnOnce() {
    let window = web_sys::window();
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(w) = window {
            let _ = w.remove_event_listener_with_callback(
                "hashchange",
                listener.as_ref().unchecked_ref(),
            );
        }
    }
}

/// The action a key press stands for, unless the user is typing in a field.
fn shortcut(e: &KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if typing {
        return (e.key() == "Escape").then_some(Action::Open(None));
    }
    // Space on a focused button activates the button; do not also toggle playback.
    let on_button = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.tag_name() == "BUTTON" || el.get_attribute("role").as_deref() == Some("button")
        });
    crate::keys::action_for(&e.key(), on_button)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Moved from the reducer when a pasted link became a reload: a link pasted into an open
    /// tab opens, our own Share (already on screen) and an emptied fragment do not.
    #[test]
    fn a_pasted_link_opens_but_our_own_share_does_not_reload() {
        assert!(is_pasted_link("1.abc", ""));
        assert!(is_pasted_link("1.abc", "1.xyz"));
        assert!(!is_pasted_link("1.abc", "1.abc"), "already on screen");
        assert!(!is_pasted_link("", "1.abc"));
        assert!(
            !is_pasted_link("guide/3", ""),
            "a guide route is not a link"
        );
    }
}
