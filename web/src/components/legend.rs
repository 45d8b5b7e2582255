//! What the shapes and colours on the stage mean, for any protocol (its adapter lists them).

use conlab_sim::view::LegendItem;
use yew::prelude::*;

use crate::glossary::term;
use crate::html::glyph;

pub fn legend(items: &[LegendItem]) -> Html {
    let item = |item: &LegendItem| match item {
        LegendItem::Node {
            classes,
            ring,
            crashed,
            label,
        } => html! {
            <li>
                <svg class={classes!("legend-glyph", "node", classes.split(' ').collect::<Vec<_>>())} viewBox="-12 -12 24 24" aria-hidden="true">
                    <circle class="node-body" r="9" />
                    if let Some(ring) = ring {
                        <circle class={*ring} r={if *ring == "leader-ring" { "6" } else { "11" }} />
                    }
                    if *crashed {
                        <path class="crash-mark" d="M -4 -4 L 4 4 M -4 4 L 4 -4" />
                    }
                </svg>
                { term(label, label) }
            </li>
        },
        LegendItem::Message {
            class,
            glyph: g,
            label,
        } => html! {
            <li>
                <svg class={classes!("legend-glyph", "msg", *class)} viewBox="-12 -12 24 24" aria-hidden="true">{ glyph(g) }</svg>
                { term(label, label) }
            </li>
        },
        LegendItem::Timer { label } => html! {
            <li><svg class="legend-glyph" viewBox="-12 -12 24 24" aria-hidden="true"><path class="timer-arc" d="M 0 -9 A 9 9 0 1 1 -9 0" /></svg>{ term(label, label) }</li>
        },
        LegendItem::Text { label } => html! { <li>{ *label }</li> },
    };
    html! {
        <section class="legend" aria-label="Legend">
            <ul>{ for items.iter().map(item) }</ul>
        </section>
    }
}
