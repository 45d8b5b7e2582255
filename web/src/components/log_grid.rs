//! Every node's log — Raft entries coloured by term with the commit index, or Multi-Paxos
//! slots accepted / chosen / executed with no-op fills — as one grid of the latest columns, with
//! each node's state machine. Compared by value: it re-renders only when a row changed.
//!
//! Hooks: each row carries its grid's row hook (`data-log-node`, `data-slots-node`); cells and
//! meta cells carry their protocol's hooks (`data-index`, `data-slot`, `data-state`,
//! `data-commit-index`, `data-executed`, …).

use conlab_core::NodeId;
use conlab_sim::view::{LogCell, LogGrid as Grid, LogRow};
use yew::prelude::*;

use crate::html::with_hooks;
use crate::state::{Action, Selection};

#[derive(Properties, PartialEq)]
pub struct LogGridProps {
    pub grid: Grid,
    pub selection: Option<Selection>,
    /// The cell a tour step points at: `(node, index)`.
    #[prop_or_default]
    pub tour_cell: Option<(NodeId, u64)>,
    pub on_action: Callback<Action>,
}

#[function_component(LogGrid)]
pub fn log_grid(props: &LogGridProps) -> Html {
    let g = &props.grid;
    // Every cell of a row, the header's included, is keyed (by its column, the log index
    // modulo the grid's width, or by what it is): when a new entry scrolls the grid by one,
    // the first column's cells move to the end and show the new index, and every other cell
    // is left as it is — in place, Yew would rewrite every cell; keyed by index, a jump of the
    // cursor would re-create them all (issue 15: 15 servers).
    let header = (g.first..=g.last)
        .map(|i| html! { <th key={column(g, i)} scope="col" class="log-index">{ i }</th> });
    let rows = g.rows.iter().map(|row| view_row(g, row, props));
    html! {
        <section class={classes!("panel", format!("{}-panel", g.class))} aria-label={g.title}>
            <h2 class="panel-title">{ g.title }
                <span class="panel-hint">{ g.hint }</span>
            </h2>
            <div class="table-scroll">
                <table class={classes!("log-grid", g.class)}>
                    <thead><tr>
                        <th key="row" scope="col">{ g.row_label }</th>
                        { for header }
                        { for g.meta_head.iter().enumerate().map(|(j, h)| html! { <th key={g.width + j as u64} scope="col">{ *h }</th> }) }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if !g.key.is_empty() {
                <ul class="log-key" aria-label="Cell states">
                    { for g.key.iter().map(|(class, label)| html! { <li><span class={classes!("slot-cell", *class)}></span>{ *label }</li> }) }
                </ul>
            }
        </section>
    }
}

fn view_row(g: &Grid, row: &LogRow, props: &LogGridProps) -> Html {
    let id: NodeId = row.id;
    let select = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Select(Some(Selection::Node(id))))
        })
    };
    let selected = props.selection == Some(Selection::Node(id));
    let tr = html! {
        <tr class={classes!(selected.then_some("is-selected"), (!row.up).then_some("is-down"))}>
            <th key="row" scope="row">
                <button type="button" class="link-button" onclick={select}>{ id.to_string() }</button>
                if let Some(b) = &row.badge {
                    <span class={classes!("badge", b.class)} title={b.title.clone()}>{ b.text.clone() }</span>
                }
            </th>
            { for row.cells.iter().zip(g.first..).map(|(c, i)| view_cell(c, column(g, i), g.term_first, props.tour_cell == Some((id, i)))) }
            { for row.meta.iter().enumerate().map(|(j, m)| with_hooks(html! { <td key={g.width + j as u64} class="log-meta" title={m.title}>{ m.text.clone() }</td> }, &m.hooks)) }
            <td key="kv" class={classes!("log-kv", format!("{}-kv", g.class))}>{ row.kv.clone() }</td>
        </tr>
    };
    with_hooks(tr, &vec![(g.row_hook, id.0.to_string())])
}

/// The key of index `i`'s column.
fn column(g: &Grid, i: u64) -> u64 {
    i % g.width.max(1)
}

fn view_cell(c: &LogCell, column: u64, term_first: bool, pointed: bool) -> Html {
    // The class attribute written out in one string: a grid has hundreds of cells, and yew's
    // `Classes` would copy and hash each cell's classes on every render.
    let mut class = c.classes.join(" ");
    if pointed {
        class.push_str(" is-tour");
    }
    let td = html! {
        <td key={column} {class} title={c.title.clone()}>
            if let Some(e) = &c.entry {
                if term_first {
                    <span class="log-term">{ e.term.clone() }</span>
                    <span class="log-command">{ e.command.clone() }</span>
                } else {
                    <span class="log-command">{ e.command.clone() }</span>
                    <span class="log-term">{ e.term.clone() }</span>
                }
            }
        </td>
    };
    with_hooks(td, &c.hooks)
}
