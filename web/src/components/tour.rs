//! The tour player: the open scenario's captions (version 2 `tour`), one step at a time, with
//! Previous step / Next step seeking the timeline to each step's instant and pausing; and
//! "Add caption here", which attaches a caption to the current instant so a share link
//! carries it. Captions are always rendered as text. (Plain functions over the app's state, not
//! a component of its own: that keeps the page small.)

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;
use conlab_sim::tour::{Highlight, TourStep};
use conlab_sim::{Scenario, ScenarioError};

/// Each tour step's instant, or why the tour cannot be played.
pub type Instants = Rc<Result<Vec<u64>, ScenarioError>>;

/// What the step on screen draws attention to, if anything.
pub fn highlight(scenario: &Scenario, step: Option<usize>) -> Option<&Highlight> {
    scenario.tour.get(step?)?.highlight.as_ref()
}

/// Each tour step's instant in `scenario`'s run (none without a tour).
pub fn instants(scenario: &Scenario) -> Result<Vec<u64>, ScenarioError> {
    conlab_sim::tour_run::resolve(scenario).map(|facts| facts.iter().map(|f| f.time).collect())
}

/// The tour's moving parts, held by the app.
#[derive(Clone)]
pub struct Player {
    pub instants: Instants,
    /// The step on screen (0-based), if the tour has started (`AppState::tour_step`).
    pub step: Option<usize>,
    pub text: NodeRef,
    pub on_action: Callback<Action>,
}

impl Player {
    /// Show step `i`: pause, and seek to its instant.
    pub fn go(&self, i: usize) {
        if let Some(ms) = self
            .instants
            .as_ref()
            .as_ref()
            .ok()
            .and_then(|at| at.get(i))
        {
            self.on_action.emit(Action::TourStep(Some(i)));
            self.on_action.emit(Action::Pause);
            self.on_action.emit(Action::Seek { ms: *ms });
        }
    }

    /// Attach the caption typed in the box to instant `now` (the scenario becomes version 2 and
    /// is applied again at that instant).
    fn add(&self, scenario: &Scenario, now: u64) {
        let Some(input) = self.text.cast::<HtmlInputElement>() else {
            return;
        };
        let caption = input.value().trim().to_string();
        if caption.is_empty() {
            return;
        }
        let mut s = scenario.clone();
        s.version = s.version.max(2);
        let index = match self.instants.as_ref() {
            Ok(at) => at.iter().filter(|t| **t <= now).count(),
            Err(_) => s.tour.len(),
        };
        s.tour.insert(
            index,
            TourStep {
                at: Some(now),
                caption,
                ..TourStep::default()
            },
        );
        input.set_value("");
        self.on_action.emit(Action::Apply(Box::new(s)));
        self.on_action.emit(Action::Seek { ms: now });
        self.on_action.emit(Action::TourStep(Some(index)));
    }
}

/// The tour panel: the caption on screen, the step buttons, and, while `writing`, "Add
/// caption here". Nothing without a tour unless writing (the lab keeps its room).
pub fn tour_panel(
    player: &Player,
    scenario: &Rc<Scenario>,
    now_ms: u64,
    chapter: Option<u8>,
    writing: bool,
) -> Html {
    let tour = &scenario.tour;
    let n = tour.len();
    if n == 0 && !writing {
        return Html::default();
    }
    let k = player.step.filter(|k| *k < n);
    let nav = |label: &'static str, to: Option<usize>| {
        let player = player.clone();
        let onclick =
            Callback::from(move |_: MouseEvent| to.into_iter().for_each(|i| player.go(i)));
        html! { <button type="button" class="btn" disabled={to.is_none()} {onclick}>{ label }</button> }
    };
    let add = {
        let (player, scenario) = (player.clone(), Rc::clone(scenario));
        Callback::from(move |_: MouseEvent| player.add(&scenario, now_ms))
    };
    html! {
        <section class="tour-panel" aria-label="Tour">
            if let Some(chapter) = chapter {
                <a class="tour-back" href={format!("#guide/{chapter}")}>{ format!("Back to chapter {chapter}") }</a>
            }
            if n > 0 {
                <div class="tour-caption" aria-live="polite">
                    if let Err(e) = player.instants.as_ref() {
                        <p class="tour-error">{ format!("This tour cannot be played: {e}") }</p>
                    } else if let Some(k) = k {
                        <p class="tour-count">{ format!("Step {} of {n}", k + 1) }</p>
                        <p data-tour-step={(k + 1).to_string()}>{ crate::glossary::linked(&tour[k].caption) }</p>
                    }
                </div>
                <div class="tour-nav">
                    { nav("Previous step", k.and_then(|k| k.checked_sub(1))) }
                    { nav("Next step", Some(k.map_or(0, |k| k + 1)).filter(|i| *i < n)) }
                </div>
            }
            if writing {
                <div class="tour-add">
                    <label for="tour-caption-text">{ "Caption for this instant" }</label>
                    <input id="tour-caption-text" type="text" maxlength="280" ref={player.text.clone()} />
                    <button type="button" class="btn" onclick={add}>{ "Add caption here" }</button>
                </div>
            }
        </section>
    }
}

/// The nodes the step on screen highlights, as `data-tour-ring`'s value ("3 4").
pub fn ring(scenario: &Scenario, step: Option<usize>) -> Option<String> {
    let nodes = &highlight(scenario, step)?.nodes;
    Some(
        nodes
            .iter()
            .map(|n| n.0.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    )
}
