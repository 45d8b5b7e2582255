use yew::prelude::*;

use crate::format::fmt_sim_time;
use crate::layout::{fmt_coord, ring_positions};

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 460.0;
const RING_RADIUS: f64 = 165.0;
const NODE_RADIUS: f64 = 34.0;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub node_count: usize,
    pub playing: bool,
    pub now_ms: u64,
}

/// The main SVG canvas. For now a placeholder ring of idle nodes; later it draws a `Frame`.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let nodes = ring_positions(props.node_count, cx, cy, RING_RADIUS)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let name = format!("S{}", i + 1);
            html! {
                <g class="node" key={name.clone()} transform={format!("translate({} {})", fmt_coord(p.x), fmt_coord(p.y))}>
                    <circle class="node-body" r={fmt_coord(NODE_RADIUS)} />
                    <text class="node-name" y="1" dominant-baseline="middle" text-anchor="middle">{ name }</text>
                    <text class="node-role" y={fmt_coord(NODE_RADIUS + 18.0)} text-anchor="middle">{ "follower" }</text>
                </g>
            }
        })
        .collect::<Html>();
    let label = format!("Cluster of {} nodes, all followers", props.node_count);

    html! {
        <section class="stage" aria-label="Simulation stage">
            <svg
                class={classes!("stage-svg", props.playing.then_some("is-playing"))}
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="xMidYMid meet"
                role="img"
                aria-label={label}
            >
                <circle class="ring-track" cx={fmt_coord(cx)} cy={fmt_coord(cy)} r={fmt_coord(RING_RADIUS)} />
                { nodes }
                <text class="stage-clock" x={fmt_coord(cx)} y={fmt_coord(cy)} text-anchor="middle" dominant-baseline="middle">
                    { format!("t = {}", fmt_sim_time(props.now_ms)) }
                </text>
            </svg>
            <p class="stage-note">{ "Placeholder cluster — the simulator is not wired in yet." }</p>
        </section>
    }
}
