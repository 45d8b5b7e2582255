//! Embed mode (issue 14): the page opened with `?embed=1` (plus the usual `#1.…` link) shows
//! only the stage, a compact playback bar and the tour caption, to sit in an iframe in slides
//! and docs. The host page drives it by postMessage and hears what happens (docs/embed.md);
//! `web/js/embed.js` does the DOM side (theme, visibility, the message listener).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::state::{Action, AppState, SPEEDS_SIM_MS_PER_S};
use conlab_core::NodeId;
use conlab_sim::tour_run::Facts;
use conlab_sim::DEFAULT_UNTIL_MS;

/// What an embed's query asks for (`?embed=1&controls=0&autoplay=1&speed=0.1&at=1500&
/// theme=dark&loop=1&origin=https://host`). Anything missing or unreadable keeps its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The compact playback bar (`controls`, default 1).
    pub controls: bool,
    /// Play once the embed is scrolled into view (`autoplay`, default 0).
    pub autoplay: bool,
    /// `speed` in × real time, as the playback bar shows it: the nearest speed the lab has.
    pub speed_index: Option<usize>,
    /// Open at this instant (`at`, in simulated ms), after the link's own.
    pub at_ms: Option<u64>,
    /// `light`, `dark` or `auto` (the system's; default).
    pub theme: &'static str,
    /// Play the scenario's run, up to its `until_ms`, over and over (`loop`, default 0).
    pub looped: bool,
    /// The one origin whose messages the lab obeys and to which it posts its own (`origin`;
    /// `*` for any). Default: the lab's own origin.
    pub origin: Option<String>,
}

/// The embed options of this page, if it is an embed.
pub fn current() -> Option<Options> {
    options(&web_sys::window()?.location().search().ok()?)
}

/// The embed options in a query string (`location.search`), or `None` when it is not an embed.
pub fn options(search: &str) -> Option<Options> {
    let pairs: Vec<(&str, String)> = search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key, decode(value)))
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    };
    if get("embed") != Some("1") {
        return None;
    }
    let flag = |key: &str, default: bool| match get(key) {
        Some("1") => true,
        Some("0") => false,
        _ => default,
    };
    Some(Options {
        controls: flag("controls", true),
        autoplay: flag("autoplay", false),
        speed_index: get("speed").and_then(thousandths).map(nearest_speed),
        at_ms: get("at").and_then(|v| v.parse().ok()),
        theme: match get("theme") {
            Some("light") => "light",
            Some("dark") => "dark",
            _ => "auto",
        },
        looped: flag("loop", false),
        origin: get("origin")
            .filter(|o| (1..=200).contains(&o.len()))
            .map(String::from),
    })
}

/// A query value with `%XX` escapes and `+` decoded (an unreadable escape stays as it is).
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A decimal such as `0.05`, `1` or `2.5` in thousandths (50, 1000, 2500); no float parsing.
fn thousandths(value: &str) -> Option<u32> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if whole.len() > 4 || fraction.len() > 3 || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u32 = format!("{fraction:0<3}").parse().ok()?;
    Some(whole * 1000 + fraction)
}

/// The index of the lab's speed nearest to `sim_ms_per_s` (1× real time is 1000).
fn nearest_speed(sim_ms_per_s: u32) -> usize {
    (0..SPEEDS_SIM_MS_PER_S.len())
        .min_by_key(|&i| SPEEDS_SIM_MS_PER_S[i].abs_diff(sim_ms_per_s))
        .unwrap_or(0)
}

/// The choices the Share dialog offers for an embed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub controls: bool,
    pub autoplay: bool,
    pub looped: bool,
    /// `auto`, `light` or `dark`.
    pub theme: &'static str,
}

/// A ready `<iframe>` for the run at share link `url` (the page's address with `#1.…`).
pub fn snippet(url: &str, choice: Choice) -> String {
    let (page, payload) = url.split_once('#').unwrap_or((url, ""));
    let page = page.split('?').next().unwrap_or(page);
    let mut query = String::from("?embed=1");
    if !choice.controls {
        query.push_str("&amp;controls=0");
    }
    if choice.autoplay {
        query.push_str("&amp;autoplay=1");
    }
    if choice.looped {
        query.push_str("&amp;loop=1");
    }
    if choice.theme != "auto" {
        query.push_str("&amp;theme=");
        query.push_str(choice.theme);
    }
    format!(
        "<iframe src=\"{page}{query}#{payload}\" width=\"640\" height=\"360\" style=\"border:0\" title=\"Consensus Lab\" loading=\"lazy\"></iframe>"
    )
}

/// What the host hears (`{conlab: "time", ms}` and so on; docs/embed.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Ready,
    Time {
        ms: u64,
    },
    /// The leader (Raft) or stable leader (Multi-Paxos) and the highest term or ballot round;
    /// `node` is null while there is none.
    Leader {
        node: Option<u8>,
        term: u64,
    },
    Violation {
        invariant: &'static str,
    },
}

impl Event {
    /// The message as JSON text, which embed.js parses into the object the host gets:
    /// `{"conlab":"time","ms":120}`. Invariant names are plain identifiers, written as they are.
    fn to_json(&self) -> String {
        match self {
            Event::Ready => r#"{"conlab":"ready"}"#.to_string(),
            Event::Time { ms } => format!(r#"{{"conlab":"time","ms":{ms}}}"#),
            Event::Leader { node, term } => {
                let node = node.map_or_else(|| "null".to_string(), |n| n.to_string());
                format!(r#"{{"conlab":"leader","node":{node},"term":{term}}}"#)
            }
            Event::Violation { invariant } => {
                format!(r#"{{"conlab":"violation","invariant":"{invariant}"}}"#)
            }
        }
    }
}

/// What the lab last told the host, to tell it only what changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub ms: u64,
    pub leader: Option<NodeId>,
    pub term: u64,
    pub violations: Vec<&'static str>,
}

/// The events between two moments of the run: the time if it moved, the leader if it or the
/// term changed, and each violation not reported yet.
pub fn events(before: &Seen, now: &Seen) -> Vec<Event> {
    let mut out = Vec::new();
    if now.ms != before.ms {
        out.push(Event::Time { ms: now.ms });
    }
    if (now.leader, now.term) != (before.leader, before.term) {
        out.push(Event::Leader {
            node: now.leader.map(|n| n.0),
            term: now.term,
        });
    }
    for invariant in &now.violations {
        if !before.violations.contains(invariant) {
            out.push(Event::Violation { invariant });
        }
    }
    out
}

#[wasm_bindgen(module = "/js/embed.js")]
extern "C" {
    #[wasm_bindgen(js_name = startEmbed)]
    fn start_embed(
        theme: &str,
        allowed: &str,
        on_visible: &Closure<dyn Fn(bool)>,
        on_command: &Closure<dyn Fn(String, f64, String)>,
    );
    /// `JSON.parse(json)`, posted to the host.
    #[wasm_bindgen(js_name = post)]
    fn post_message(json: &str);
}

/// Start embed mode with these options; the closures live as long as the page.
pub fn start(
    options: &Options,
    on_visible: impl Fn(bool) + 'static,
    on_command: impl Fn(String, u64, String) + 'static,
) {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let allowed = options.origin.clone().unwrap_or(own);
    let on_visible = Closure::<dyn Fn(bool)>::new(on_visible);
    let on_command =
        Closure::<dyn Fn(String, f64, String)>::new(move |kind: String, ms: f64, link: String| {
            on_command(kind, ms as u64, link)
        });
    start_embed(options.theme, &allowed, &on_visible, &on_command);
    on_visible.forget();
    on_command.forget();
}

/// Tell the host page about `event`.
pub fn post(event: &Event) {
    post_message(&event.to_json());
}

/// Embed mode's moving parts: start it once (speed, theme, visibility, the host's commands),
/// open at `at`, loop, and tell the host what changed after every render.
#[hook]
pub fn use_embed(options: Option<Rc<Options>>, state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let started = options.clone();
    use_effect_with((), move |_| {
        let Some(options) = started else { return };
        if let Some(index) = options.speed_index {
            dispatcher.dispatch(Action::SetSpeed { index });
        }
        let (visible, command) = (dispatcher.clone(), dispatcher);
        let autoplay = options.autoplay;
        start(
            &options,
            move |seen| match (seen, autoplay) {
                (true, true) => visible.dispatch(Action::Play),
                (false, _) => visible.dispatch(Action::Pause),
                (true, false) => {}
            },
            move |kind, ms, link| obey(&command, &kind, ms, &link),
        );
        post(&Event::Ready);
    });
    let last = use_mut_ref(Seen::default);
    let opened_at = use_mut_ref(|| false);
    let view = &state.view;
    let facts = options.as_ref().map(|_| Facts::of(view.frames.first()));
    let seen = facts.map(|f| Seen {
        ms: view.cursor.ms,
        leader: f.leader,
        term: f.term,
        violations: f.violations,
    });
    let until = view.scenario.until_ms.unwrap_or(DEFAULT_UNTIL_MS);
    let ready = !state.opening && state.loading.is_none();
    let (playing, dispatcher) = (state.playing, state.dispatcher());
    use_effect_with(seen, move |seen| {
        let (Some(seen), Some(options)) = (seen, options) else {
            return;
        };
        if ready && !opened_at.replace(true) {
            if let Some(ms) = options.at_ms {
                dispatcher.dispatch(Action::Seek { ms });
            }
        }
        if options.looped && playing && seen.ms >= until {
            dispatcher.dispatch(Action::Seek { ms: 0 });
        }
        let before = last.replace(seen.clone());
        events(&before, seen).iter().for_each(post);
    });
}

/// Do what the host asked (`web/js/embed.js` has checked the message's shape).
fn obey(dispatcher: &UseReducerDispatcher<AppState>, kind: &str, ms: u64, link: &str) {
    let action = match kind {
        "play" => Action::Play,
        "pause" => Action::Pause,
        "step" => Action::StepForward,
        "seek" => Action::Seek { ms },
        "load" => {
            let fragment = link.rsplit_once('#').map_or(link, |(_, f)| f).to_string();
            let dispatcher = dispatcher.clone();
            crate::codec::open_link(&fragment, move |s| dispatcher.dispatch(Action::Opened(s)));
            return;
        }
        _ => return,
    };
    dispatcher.dispatch(action);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_embed_1_is_an_embed() {
        assert_eq!(options(""), None);
        assert_eq!(options("?embed=0"), None);
        assert_eq!(options("?perf=1"), None);
        let o = options("?embed=1").unwrap();
        assert!(o.controls && !o.autoplay && !o.looped);
        assert_eq!(
            (o.theme, o.speed_index, o.at_ms, o.origin),
            ("auto", None, None, None)
        );
    }

    #[test]
    fn every_option_is_read() {
        let o = options("?embed=1&controls=0&autoplay=1&speed=1&at=1500&theme=dark&loop=1&origin=https%3A%2F%2Fslides.example").unwrap();
        assert!(!o.controls && o.autoplay && o.looped);
        assert_eq!(SPEEDS_SIM_MS_PER_S[o.speed_index.unwrap()], 1000);
        assert_eq!(o.at_ms, Some(1500));
        assert_eq!(o.theme, "dark");
        assert_eq!(o.origin.as_deref(), Some("https://slides.example"));
    }

    #[test]
    fn unreadable_options_keep_their_defaults() {
        let o = options("?embed=1&controls=maybe&speed=fast&at=-3&theme=blue&origin=").unwrap();
        assert!(o.controls);
        assert_eq!(
            (o.speed_index, o.at_ms, o.theme, o.origin),
            (None, None, "auto", None)
        );
        assert_eq!(decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn a_speed_is_the_nearest_one_the_lab_has() {
        assert_eq!(thousandths("0.05"), Some(50));
        assert_eq!(thousandths("2.5"), Some(2500));
        assert_eq!(thousandths(".5"), Some(500));
        assert_eq!(thousandths("1e3"), None);
        let slowest = SPEEDS_SIM_MS_PER_S[0];
        assert_eq!(nearest_speed(0), 0);
        assert_eq!(SPEEDS_SIM_MS_PER_S[nearest_speed(slowest + 1)], slowest);
    }

    #[test]
    fn a_snippet_embeds_this_run_with_the_choices_made() {
        let url = "https://lab.example/sub/?perf=1#1.abc_-";
        let plain = Choice {
            controls: true,
            autoplay: false,
            looped: false,
            theme: "auto",
        };
        assert_eq!(
            snippet(url, plain),
            "<iframe src=\"https://lab.example/sub/?embed=1#1.abc_-\" width=\"640\" height=\"360\" \
             style=\"border:0\" title=\"Consensus Lab\" loading=\"lazy\"></iframe>"
        );
        let all = Choice {
            controls: false,
            autoplay: true,
            looped: true,
            theme: "dark",
        };
        assert!(snippet(url, all).contains(
            "?embed=1&amp;controls=0&amp;autoplay=1&amp;loop=1&amp;theme=dark#1.abc_-\""
        ));
        // Every option the snippet writes is one the embed reads back.
        let src = snippet(url, all).replace("&amp;", "&");
        let query = src.split('?').nth(1).unwrap().split('#').next().unwrap();
        let o = options(query).unwrap();
        assert!(!o.controls && o.autoplay && o.looped && o.theme == "dark");
    }

    /// The objects of docs/embed.md's table.
    #[test]
    fn events_are_the_documented_objects() {
        let cases = [
            (Event::Ready, r#"{"conlab":"ready"}"#),
            (Event::Time { ms: 1500 }, r#"{"conlab":"time","ms":1500}"#),
            (
                Event::Leader {
                    node: Some(3),
                    term: 2,
                },
                r#"{"conlab":"leader","node":3,"term":2}"#,
            ),
            (
                Event::Leader {
                    node: None,
                    term: 0,
                },
                r#"{"conlab":"leader","node":null,"term":0}"#,
            ),
            (
                Event::Violation {
                    invariant: "election_safety",
                },
                r#"{"conlab":"violation","invariant":"election_safety"}"#,
            ),
        ];
        for (event, json) in cases {
            assert_eq!(event.to_json(), json);
        }
    }

    #[test]
    fn the_host_hears_only_what_changed() {
        let a = Seen::default();
        assert_eq!(events(&a, &a), vec![]);
        let b = Seen {
            ms: 120,
            leader: Some(NodeId(3)),
            term: 1,
            violations: vec!["election_safety"],
        };
        assert_eq!(
            events(&a, &b),
            vec![
                Event::Time { ms: 120 },
                Event::Leader {
                    node: Some(3),
                    term: 1
                },
                Event::Violation {
                    invariant: "election_safety"
                },
            ]
        );
        let c = Seen {
            ms: 130,
            ..b.clone()
        };
        assert_eq!(events(&b, &c), vec![Event::Time { ms: 130 }]);
        let d = Seen {
            leader: None,
            term: 2,
            ..c.clone()
        };
        assert_eq!(
            events(&c, &d),
            vec![Event::Leader {
                node: None,
                term: 2
            }]
        );
    }
}
