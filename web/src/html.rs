//! Small pieces of HTML every component draws the view model with: `data-*` hooks, runs of
//! coloured text, message glyphs, explanation lines and tables.

use conlab_sim::view::{Explanation, Glyph, Hooks, Shape, Span, Table};
use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::layout::fmt_coord;

/// `html` with `hooks` added as attributes.
pub fn with_hooks(mut html: Html, hooks: &Hooks) -> Html {
    if let VNode::VTag(tag) = &mut html {
        let tag = std::rc::Rc::make_mut(tag);
        for (name, value) in hooks {
            tag.add_attribute(name, value.clone());
        }
    }
    html
}

/// Spans as HTML: coloured ones as value chips.
pub fn spans(spans: &[Span]) -> Html {
    spans
        .iter()
        .map(|s| match s.hue {
            Some(h) => html! { <span class={classes!("value-chip", format!("hue-{h}"))}>{ s.text.clone() }</span> },
            None => html! { { s.text.clone() } },
        })
        .collect()
}

/// A message's shape and the mark inside it.
pub fn glyph(g: &Glyph) -> Html {
    let shape = match g.shape {
        Shape::Dot { r } => html! { <circle class="msg-shape" r={fmt_coord(r)} /> },
        Shape::Box { w, h } => html! {
            <rect
                class={classes!("msg-shape", g.fill_hue.map(|h| format!("value-fill hue-{h}")))}
                x={fmt_coord(-w / 2.0)} y={fmt_coord(-h / 2.0)} width={fmt_coord(w)} height={fmt_coord(h)} rx="3"
            />
        },
    };
    html! { <>
        { shape }
        if let Some(h) = g.report_hue {
            <circle class={classes!("report-dot", format!("hue-{h}"))} r="3.5" />
        }
        if let Some(mark) = &g.mark {
            <text class={mark.class} text-anchor="middle" dominant-baseline="central">{ mark.text.clone() }</text>
        }
    </> }
}

/// One explanation line.
pub fn explanation(line: &Explanation) -> Html {
    let li = html! {
        <li class={classes!("explanation", line.classes.clone())}>
            if let Some(who) = &line.who {
                <strong class="explanation-who">{ who.clone() }</strong>
            }
            if let Some(head) = &line.head {
                <span class="explanation-head">{ head.clone() }</span>
            }
            <span class="explanation-body">{ spans(&line.body) }</span>
        </li>
    };
    with_hooks(li, &line.hooks)
}

/// A small table of spans (the stage's state table, the inspector's tables).
pub fn table(t: &Table) -> Html {
    html! {
        <table class="mini-table" aria-label={t.label}>
            <thead><tr>{ for t.head.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for t.rows.iter().map(|row| {
                    let mut cells = row.cells.iter();
                    let tr = html! {
                        <tr class={classes!(row.down.then_some("is-down"))}>
                            <th scope="row">{ cells.next().map(|c| spans(c)).unwrap_or_default() }</th>
                            { for cells.map(|c| html! { <td>{ spans(c) }</td> }) }
                        </tr>
                    };
                    with_hooks(tr, &row.hooks)
                }) }
            </tbody>
        </table>
    }
}
