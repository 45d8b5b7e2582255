//! The page side of the scenario gallery (its model is `conlab_sim::view::gallery`). One file,
//! `gallery.html`, holds the list and then every documented scenario (`{stem: scenario}`), both
//! rendered natively from `docs/scenarios/`; it is fetched once, when first needed, so no name,
//! description or scenario is in the wasm. A protocol's default comes from the registry.

use std::cell::RefCell;

use conlab_sim::view::gallery::{caption_in_list, show_me_stem, SCENARIOS_OPEN};
use conlab_sim::{ProtocolKind, Scenario};
use yew::platform::spawn_local;
use yew::{AttrValue, Callback};

use crate::codec::{default_scenario, scenario_from_text};
use crate::state::{Action, Dialog};

thread_local! {
    /// `gallery.html`, once fetched (a static file: it never changes while the page
    /// is open).
    static LIST: RefCell<Option<AttrValue>> = const { RefCell::new(None) };
    /// The scenarios that follow the list in `gallery.html`, once fetched.
    static BUNDLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The gallery's list as fetched for [`Request::List`] (empty before).
pub fn list() -> AttrValue {
    LIST.with(|l| l.borrow().clone().unwrap_or_default())
}

/// What the gallery is asked for.
pub enum Request {
    /// The list (the Scenarios button).
    List,
    /// The scenario with this stem (a gallery entry).
    Scenario(String),
    /// The scenario that shows this toggle of this protocol biting, with the toggle on.
    ShowMe(ProtocolKind, &'static str),
    /// A guide tour's scenario file (`guide/tours/N-K.json`).
    Tour(String),
}

/// Fetch what `request` needs, then emit the action that shows it, or a notice saying why
/// not. (One async path for every gallery request keeps the page small.)
pub fn open(request: Request, on_action: Callback<Action>) {
    spawn_local(async move {
        on_action.emit(
            answer(request)
                .await
                .unwrap_or_else(|e| Action::Notice(Some(e))),
        );
    });
}

async fn answer(request: Request) -> Result<Action, String> {
    let (stem, bug) = match request {
        Request::List => (None, None),
        Request::Scenario(stem) => (Some(stem), None),
        Request::ShowMe(protocol, bug) => (Some(show_me_stem(protocol, bug)), Some(bug)),
        Request::Tour(file) => {
            let text = crate::fetch::text(&file).await?;
            if !text.trim_start().starts_with('[') {
                return parse(&file, &text).map(|s| Action::OpenScenario(Box::new(s)));
            }
            // A compare tour: `[raft, multipaxos]`, opened side by side like a compare link.
            let side = |i: &str| {
                crate::codec::member_text(&text, i)
                    .ok_or_else(|| format!("The scenario {file} is not a compare pair."))
                    .and_then(|json| parse(&file, &json))
            };
            return Ok(Action::Opened(Ok(vec![side("0")?, side("1")?])));
        }
    };
    let is_default = stem
        .as_deref()
        .is_some_and(|s| s.parse::<ProtocolKind>().is_ok());
    if !is_default && LIST.with(|l| l.borrow().is_none()) {
        let text = crate::fetch::text("gallery.html").await?;
        let (list, rest) = text.split_once(SCENARIOS_OPEN).unwrap_or((&text, ""));
        let bundle = rest.split_once("</script>").map_or(rest, |(json, _)| json);
        LIST.with(|l| l.replace(Some(AttrValue::from(list.to_string()))));
        BUNDLE.with(|b| b.replace(Some(bundle.to_string())));
    }
    let Some(stem) = stem else {
        return Ok(Action::Open(Some(Dialog::Gallery)));
    };
    let text = match stem.parse::<ProtocolKind>() {
        Ok(_) => String::new(),
        Err(_) => BUNDLE
            .with(|b| crate::codec::member_text(b.borrow().as_deref()?, &stem))
            .ok_or_else(|| format!("The scenario {stem} is not in the gallery."))?,
    };
    let mut scenario = parse(&stem, &text)?;
    if let Some((name, description)) = caption_in_list(&list(), &stem) {
        (scenario.name, scenario.description) = (name, description);
    }
    if let Some(bug) = bug {
        scenario.enable_bug(bug).map_err(|e| e.0)?;
    }
    Ok(Action::OpenScenario(Box::new(scenario)))
}

/// The scenario called `stem` from its file's text `json` (unused when `stem` names a
/// protocol, whose default it is), or one sentence saying why not.
pub fn parse(stem: &str, json: &str) -> Result<Scenario, String> {
    match stem.parse::<ProtocolKind>() {
        Ok(protocol) => Ok(default_scenario(protocol)),
        Err(_) => scenario_from_text(json)
            .map_err(|e| format!("The scenario {stem} could not be read: {}.", e.0)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The scenario the page gets for the gallery entry `stem` (its file read from
    /// docs/scenarios/).
    pub(crate) fn load(stem: &str) -> Scenario {
        let json = match stem.parse::<ProtocolKind>() {
            Ok(_) => String::new(),
            Err(_) => {
                let path = format!(
                    "{}/../docs/scenarios/{stem}.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
            }
        };
        parse(stem, &json).expect("gallery scenarios are valid")
    }

    #[test]
    fn a_broken_file_is_reported_in_one_sentence() {
        let error = parse("raft-figure-8", "{").unwrap_err();
        assert!(
            error.starts_with("The scenario raft-figure-8 could not be read"),
            "{error}"
        );
        assert_eq!(
            load("paxos").name,
            default_scenario(ProtocolKind::Paxos).name
        );
    }
}
