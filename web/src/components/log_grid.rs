//! Every node's log — Raft entries coloured by term with the commit index, or Multi-Paxos
//! slots accepted / chosen / executed with no-op fills — as one grid of the latest columns, with
//! each node's state machine. Each row is compared by value and re-rendered only when it changed.
//!
//! Hooks: each row carries its grid's row hook (`data-log-node`, `data-slots-node`); cells and
//! meta cells carry their protocol's hooks (`data-index`, `data-slot`, `data-state`,
//! `data-commit-index`, `data-executed`, …).

use conlab_core::NodeId;
use conlab_sim::view::{LogCell, LogGrid as Grid, LogRow};
use std::rc::Rc;
use yew::prelude::*;

use crate::html::with_hooks;
use crate::state::{Action, Selection};

/// What the grid shows and where its clicks go.
pub struct LogGridProps<'a> {
    pub grid: &'a Grid,
    pub selection: Option<Selection>,
    /// The cell a tour step points at: `(node, index)`.
    pub tour_cell: Option<(NodeId, u64)>,
    pub on_action: &'a Callback<Action>,
}

/// The grid. A plain function: its rows are the components that skip a render when unchanged.
pub fn log_grid(props: &LogGridProps) -> Html {
    let g = props.grid;
    // Every cell of a row, the header's included, is keyed (by its column, the log index
    // modulo the grid's width, or by what it is): when a new entry scrolls the grid by one,
    // the first column's cells move to the end and show the new index, and every other cell
    // is left as it is — in place, Yew would rewrite every cell; keyed by index, a jump of the
    // cursor would re-create them all (issue 15: 15 servers).
    let header = (g.first..=g.last)
        .map(|i| html! { <th key={column(g.width, i)} scope="col" class="log-index">{ i }</th> });
    let rows = g.rows.iter().map(|row| {
        let id = row.id;
        html! {
            <LogRowView key={u64::from(id.0)} row={Rc::clone(row)}
                first={g.first} width={g.width} term_first={g.term_first}
                class={g.class} row_hook={g.row_hook}
                selected={props.selection == Some(Selection::Node(id))}
                tour_index={props.tour_cell.filter(|c| c.0 == id).map(|c| c.1)}
                on_action={props.on_action.clone()} />
        }
    });
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

/// One node's row, a component of its own: a frame usually changes a few rows (a new entry
/// reaches one follower, a commit index moves), and the others are left alone (issue 15:
/// 15 servers).
#[derive(Properties, PartialEq)]
struct RowProps {
    row: Rc<LogRow>,
    first: u64,
    width: u64,
    term_first: bool,
    class: &'static str,
    row_hook: &'static str,
    selected: bool,
    /// The column a tour step points at in this row.
    tour_index: Option<u64>,
    on_action: Callback<Action>,
}

#[function_component(LogRowView)]
fn log_row_view(p: &RowProps) -> Html {
    let (row, id) = (&p.row, p.row.id);
    let select = {
        let on_action = p.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Select(Some(Selection::Node(id))))
        })
    };
    let tr = html! {
        <tr class={classes!(p.selected.then_some("is-selected"), (!row.up).then_some("is-down"))}>
            <th key="row" scope="row">
                <button type="button" class="link-button" onclick={select}>{ id.to_string() }</button>
                if let Some(b) = &row.badge {
                    <span class={classes!("badge", b.class)} title={b.title.clone()}>{ b.text.clone() }</span>
                }
            </th>
            { for row.cells.iter().zip(p.first..).map(|(c, i)| view_cell(c, column(p.width, i), p.term_first, p.tour_index == Some(i))) }
            { for row.meta.iter().enumerate().map(|(j, m)| with_hooks(html! { <td key={p.width + j as u64} class="log-meta" title={m.title}>{ m.text.clone() }</td> }, &m.hooks)) }
            <td key="kv" class={classes!("log-kv", format!("{}-kv", p.class))}>{ row.kv.clone() }</td>
        </tr>
    };
    with_hooks(tr, &vec![(p.row_hook, id.0.to_string())])
}

/// The key of index `i`'s column in a grid `width` columns wide.
fn column(width: u64, i: u64) -> u64 {
    i % width.max(1)
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
