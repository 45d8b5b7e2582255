//! Every node's log — Raft entries coloured by term with the commit index, or Multi-Paxos
//! slots accepted / chosen / executed with no-op fills — as one grid of the newest columns that
//! fit the panel, with each node's state machine. Each row is compared by value and re-rendered
//! only when it changed.
//!
//! Hooks: each row carries its grid's row hook (`data-log-node`, `data-slots-node`); cells and
//! meta cells carry their protocol's hooks (`data-index`, `data-slot`, `data-state`,
//! `data-commit-index`, `data-executed`, …); the table says how many columns it shows
//! (`data-columns`).

use conlab_core::NodeId;
use conlab_sim::view::{LogCell, LogRow};
use conlab_sim::ViewFrame;
use std::rc::Rc;
use yew::prelude::*;

use crate::hooks::use_widths;
use crate::html::with_hooks;
use crate::shared::Shared;
use crate::state::{Action, Selection};

/// Widths the page's CSS gives the grid (web/css/lab.css, `.log-grid`): a cell is `CELL_PX`
/// wide, `SPACING_PX` apart.
const CELL_PX: u32 = 68;
const SPACING_PX: u32 = 3;
/// The fewest columns shown, however narrow the panel (it scrolls then).
const MIN_COLUMNS: u64 = 1;

/// What the grid shows and where its clicks go.
#[derive(Properties, PartialEq)]
pub struct LogGridProps {
    /// The frame whose `log` is drawn (nothing when it has none).
    pub frame: Shared<ViewFrame>,
    pub selection: Option<Selection>,
    /// The cell a tour step points at: `(node, index)`.
    pub tour_cell: Option<(NodeId, u64)>,
    pub on_action: Callback<Action>,
}

/// The grid: the newest columns that fit the panel's width, so that a new entry is in view
/// where it happens (in the side panel at 1280 px four fit), and two buttons that page back
/// through the older columns the view holds. Its rows are the components that skip a render
/// when unchanged.
#[function_component(LogGridView)]
pub fn log_grid(props: &LogGridProps) -> Html {
    // The panel's width and the row heads' column (names, badges, the pager) set how many
    // columns fit; a badge that widens the row heads is measured too.
    let (scroll, head) = (use_node_ref(), use_node_ref());
    let fit = use_widths(&[scroll.clone(), head.clone()])
        .map(|[box_px, head_px]| columns_that_fit(box_px, head_px));
    // The first column shown while the reader pages back to older entries; `None`: the newest.
    let pinned = use_state_eq(|| None::<u64>);
    let Some(g) = &props.frame.log else {
        return html! { <div class="table-scroll" ref={scroll}><span ref={head}></span></div> };
    };
    let newest = first_shown(
        g.first,
        g.last,
        fit,
        props.tour_cell.map(|(_, index)| index),
    );
    let from = pinned.map_or(newest, |p| p.clamp(g.first, newest));
    let page = fit.unwrap_or(g.width);
    let to = (from + page.max(1) - 1).min(g.last);
    let pager = (g.first < newest).then(|| {
        let go = |to: Option<u64>| {
            let pinned = pinned.clone();
            Callback::from(move |_: MouseEvent| pinned.set(to))
        };
        let older = go(Some(from.saturating_sub(page).max(g.first)));
        let newer = go((from + page < newest).then_some(from + page));
        html! {
            <span class="log-pager">
                <button type="button" class="pager-button" aria-label="Older entries" title="Older entries" disabled={from == g.first} onclick={older}>{ "‹" }</button>
                <button type="button" class="pager-button" aria-label="Newer entries" title="Newer entries" disabled={from == newest} onclick={newer}>{ "›" }</button>
            </span>
        }
    });
    // Every cell of a row, the header's included, is keyed (by its column, the log index
    // modulo the grid's width, or by what it is): when a new entry scrolls the grid by one,
    // the first column's cells move to the end and show the new index, and every other cell
    // is left as it is — in place, Yew would rewrite every cell; keyed by index, a jump of the
    // cursor would re-create them all (issue 15: 15 servers).
    let header = (from..=to)
        .map(|i| html! { <th key={column(g.width, i)} scope="col" class="log-index">{ i }</th> });
    let rows = g.rows.iter().map(|row| {
        let id = row.id;
        html! {
            <LogRowView key={u64::from(id.0)} row={Rc::clone(row)}
                first={g.first} {from} {to} width={g.width} term_first={g.term_first}
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
            <div class="table-scroll" ref={scroll}>
                <table class={classes!("log-grid", g.class)} data-columns={(to + 1).saturating_sub(from).to_string()}>
                    <thead><tr>
                        <th key="row" scope="col" ref={head}>
                            // The pager takes the label's place (kept for screen readers).
                            if pager.is_some() {
                                <span class="visually-hidden">{ g.row_label }</span>
                                { pager }
                            } else {
                                { g.row_label }
                            }
                        </th>
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

/// How many columns fit in a panel `width` px wide beside row heads `head` px wide.
fn columns_that_fit(width: u32, head: u32) -> u64 {
    let room = width.saturating_sub(head + 2 * SPACING_PX);
    u64::from(room / (CELL_PX + SPACING_PX)).max(MIN_COLUMNS)
}

/// The first column shown of `first..=last`: the newest `fit` (all of them until the panel has
/// been measured), reaching back to `pointed`, the column a tour step points at, when older.
fn first_shown(first: u64, last: u64, fit: Option<u64>, pointed: Option<u64>) -> u64 {
    let newest = match fit {
        Some(fit) => (last + 1).saturating_sub(fit).max(first),
        None => first,
    };
    match pointed {
        Some(index) if (first..newest).contains(&index) => index,
        _ => newest,
    }
}

/// One node's row, a component of its own: a frame usually changes a few rows (a new entry
/// reaches one follower, a commit index moves), and the others are left alone (issue 15:
/// 15 servers).
#[derive(Properties, PartialEq)]
struct RowProps {
    row: Rc<LogRow>,
    /// The column of `row.cells[0]`, and the first and last columns shown.
    first: u64,
    from: u64,
    to: u64,
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
            { for row.cells.iter().zip(p.first..).skip((p.from - p.first) as usize).take_while(|&(_, i)| i <= p.to).map(|(c, i)| view_cell(c, column(p.width, i), p.term_first, p.tour_index == Some(i))) }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_panel_at_1280_px_fits_four_columns_and_a_phone_three() {
        // The widths measured in Chromium: the side panel's scroll box at 1280 and 1366 px is
        // 390 px wide, at 375 px 321, below the two-column layout (1000 px) 930; Raft's row
        // heads with a leader's badge are 74 px wide, 101 px on a phone (44 px tap targets).
        assert_eq!(columns_that_fit(390, 74), 4);
        assert_eq!(columns_that_fit(321, 101), 3);
        assert_eq!(columns_that_fit(930, 74), 11);
        // A wider badge (Multi-Paxos's "leader 12.3"): one column less.
        assert_eq!(columns_that_fit(390, 110), 3);
        assert_eq!(columns_that_fit(0, 74), MIN_COLUMNS);
    }

    #[test]
    fn the_newest_columns_are_shown_reaching_back_to_a_tour_cell() {
        // Columns 177..=200 in the view; four fit.
        assert_eq!(first_shown(177, 200, Some(4), None), 197);
        // Not measured yet: all of them.
        assert_eq!(first_shown(177, 200, None, None), 177);
        // A short log: from its first column.
        assert_eq!(first_shown(1, 3, Some(4), None), 1);
        // A tour points at an older cell: shown from there.
        assert_eq!(first_shown(177, 200, Some(4), Some(190)), 190);
        // A newer cell, or one outside the view, changes nothing.
        assert_eq!(first_shown(177, 200, Some(4), Some(199)), 197);
        assert_eq!(first_shown(177, 200, Some(4), Some(12)), 197);
    }
}
