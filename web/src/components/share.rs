use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::embed::{snippet, Choice};
use crate::shared::Shared;
use crate::state::Action;
use conlab_sim::view::AnyLab;
use conlab_sim::Scenario;

/// What the Share dialog remembers while it is open: whether the link was just copied, and
/// the embed code's options and whether it was just copied.
#[derive(Clone)]
pub struct ShareState {
    pub copied: UseStateHandle<bool>,
    pub choice: UseStateHandle<Choice>,
    pub embed_copied: UseStateHandle<bool>,
}

/// The embed code's options when the dialog opens.
pub const FIRST_CHOICE: Choice = Choice {
    controls: true,
    autoplay: false,
    looped: false,
    theme: "auto",
};

/// The link to this exact run (settings, seed, every intervention, current instant), once
/// packed (`url`), and the run as files.
pub fn share(
    url: Option<&AttrValue>,
    scenario: &Shared<Scenario>,
    lab: &Shared<dyn AnyLab>,
    state: ShareState,
    on_action: &Callback<Action>,
) -> Html {
    let ShareState {
        copied,
        choice,
        embed_copied,
    } = state;
    let link = url.cloned();
    let ready = url.is_some();
    let url = url.cloned().unwrap_or_default();
    let copy = {
        let url = url.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                // The promise is fire-and-forget: the field below stays selectable either way.
                let _ = window.navigator().clipboard().write_text(&url);
                copied.set(true);
            }
        })
    };
    html! {
        <>
            <p class="dialog-hint">{ "Anyone opening this link sees the same cluster, the same faults and the same messages, paused at this instant." }</p>
            <input class="share-url" type="text" readonly=true value={url} placeholder="Packing the link…" aria-label="Link to this run" aria-busy={(!ready).to_string()} />
            <div class="actions">
                <button type="button" class="btn btn-primary" onclick={copy} disabled={!ready}>{ if *copied { "Copied ✓" } else { "Copy link" } }</button>
            </div>
            <conlab-save link={link.clone()} name={scenario.name.clone()} data-save-form="" />
            { embed_code(link.as_deref(), choice, embed_copied) }
            { files(&FilesProps { scenario: scenario.clone(), lab: lab.clone(), on_action: on_action.clone() }) }
        </>
    }
}

/// An `<iframe>` that embeds this run (`url`, once packed) in slides or docs (docs/embed.md),
/// with its options (`choice`) and whether its code was just copied.
fn embed_code(
    url: Option<&str>,
    choice: UseStateHandle<Choice>,
    copied: UseStateHandle<bool>,
) -> Html {
    let code = url.map(|url| snippet(url, *choice)).unwrap_or_default();
    let toggle = |label: &'static str, on: bool, set: fn(&mut Choice, bool)| {
        let (choice, copied) = (choice.clone(), copied.clone());
        let onchange = Callback::from(move |e: Event| {
            let mut next = *choice;
            set(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            );
            choice.set(next);
            copied.set(false);
        });
        html! { <label class="check"><input type="checkbox" checked={on} {onchange} />{ label }</label> }
    };
    let theme = {
        let (choice, copied) = (choice.clone(), copied.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let theme = match value.as_str() {
                "light" => "light",
                "dark" => "dark",
                _ => "auto",
            };
            choice.set(Choice { theme, ..*choice });
            copied.set(false);
        })
    };
    let copy = {
        let (code, copied) = (code.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&code);
                copied.set(true);
            }
        })
    };
    html! {
        <section class="embed-code" aria-label="Embed">
            <h3>{ "Embed in slides or docs" }</h3>
            <div class="embed-options">
                { toggle("Playback bar", choice.controls, |c, on| c.controls = on) }
                { toggle("Play when scrolled into view", choice.autoplay, |c, on| c.autoplay = on) }
                { toggle("Loop", choice.looped, |c, on| c.looped = on) }
                <label class="check">{ "Theme " }
                    <select onchange={theme}>
                        <option value="auto" selected={choice.theme == "auto"}>{ "system" }</option>
                        <option value="light" selected={choice.theme == "light"}>{ "light" }</option>
                        <option value="dark" selected={choice.theme == "dark"}>{ "dark" }</option>
                    </select>
                </label>
            </div>
            <textarea class="embed-snippet" readonly=true rows="3" aria-label="Embed code" value={code} placeholder="Packing the link…" />
            <div class="actions">
                <button type="button" class="btn" onclick={copy} disabled={url.is_none()}>{ if *copied { "Copied ✓" } else { "Copy embed code" } }</button>
            </div>
        </section>
    }
}

struct FilesProps {
    scenario: Shared<Scenario>,
    lab: Shared<dyn AnyLab>,
    on_action: Callback<Action>,
}

/// The run as files (web/src/files.rs): its scenario, a picture of the stage, its trace up to
/// the cursor, and opening a scenario file (which may also be dropped anywhere on the page).
fn files(props: &FilesProps) -> Html {
    let click = |f: fn(&Scenario, &dyn AnyLab, &Callback<Action>)| {
        let (scenario, lab, on_action) = (
            props.scenario.clone(),
            props.lab.clone(),
            props.on_action.clone(),
        );
        Callback::from(move |_: MouseEvent| f(&scenario, &*lab, &on_action))
    };
    html! {
        <section class="files" aria-label="Files">
            <h3>{ "Files" }</h3>
            <div class="actions">
                <button type="button" class="btn" onclick={click(|s, _, a| crate::files::save_json(s, None, a))}>{ "Scenario (.json)" }</button>
                <button type="button" class="btn" onclick={click(|s, _, _| crate::files::save_stage(s, false))}>{ "Stage (.svg)" }</button>
                <button type="button" class="btn" onclick={click(|s, _, _| crate::files::save_stage(s, true))}>{ "Stage (.png)" }</button>
                <button type="button" class="btn" data-save-trace="" onclick={click(|s, lab, a| crate::files::save_json(s, Some(lab), a))}>{ "Trace (.json)" }</button>
                <button type="button" class="btn" onclick={click(|_, _, a| crate::files::open_file(a))}>{ "Open a scenario file…" }</button>
            </div>
            <p class="dialog-hint">{ "You can also drop a scenario file anywhere on the page." }</p>
        </section>
    }
}
