use conlab_sim::view::gallery::{Topic, ENTRIES};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::dialog::Dialog;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub on_action: Callback<Action>,
}

/// What the gallery knows of each scenario, in [`ENTRIES`] order: its scenario, or why it
/// could not be read (empty until every file is in).
type Loaded = Vec<Result<conlab_sim::Scenario, String>>;

/// Every documented scenario and each protocol's default, grouped by topic; picking one starts
/// it from time zero. The files are fetched when the gallery opens; names and descriptions
/// are the files' own, rendered as text.
#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let loaded = use_state(Loaded::new);
    {
        let loaded = loaded.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let mut all = Loaded::new();
                for entry in ENTRIES.iter() {
                    all.push(crate::gallery::scenario(entry).await);
                }
                loaded.set(all);
            });
        });
    }
    let open = |index: usize| {
        let on_action = props.on_action.clone();
        let scenario = loaded.get(index).cloned();
        Callback::from(move |_: MouseEvent| match scenario.clone() {
            Some(Ok(s)) => on_action.emit(Action::OpenScenario(Box::new(s))),
            Some(Err(e)) => on_action.emit(Action::Notice(Some(e))),
            None => {}
        })
    };
    html! {
        <Dialog title="Scenarios" on_action={props.on_action.clone()}>
            <div class="gallery" data-scenario-gallery="" aria-busy={loaded.is_empty().to_string()}>
                if loaded.is_empty() {
                    <p>{ "Loading the scenarios…" }</p>
                }
                { for Topic::ALL.iter().filter(|_| !loaded.is_empty()).map(|&topic| html! {
                    <section class="gallery-topic">
                        <h3>{ topic.label() }</h3>
                        <ul>
                            { for ENTRIES.iter().enumerate().filter(|(_, e)| e.topic == topic).map(|(index, e)| {
                                let (name, description) = match &loaded[index] {
                                    Ok(s) => (s.name.clone(), s.description.clone()),
                                    Err(error) => (e.stem.to_string(), error.clone()),
                                };
                                html! {
                                    <li>
                                        <button type="button" class="gallery-entry" data-scenario={e.stem}
                                            onclick={open(index)}>
                                            <strong>{ name }</strong>
                                            if !description.is_empty() {
                                                <span>{ description }</span>
                                            }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }) }
            </div>
        </Dialog>
    }
}
