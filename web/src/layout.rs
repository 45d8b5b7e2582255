//! Stage geometry in plain Rust (tested natively): where nodes sit on the SVG canvas.

/// A point in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// `n` points evenly spaced on a circle of radius `r` around (`cx`, `cy`), the first at
/// twelve o'clock and the rest clockwise (SVG's y axis points down).
pub fn ring_positions(n: usize, cx: f64, cy: f64, r: f64) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            let (cos, sin) = cos_sin(angle);
            Point {
                x: cx + r * cos,
                y: cy + r * sin,
            }
        })
        .collect()
}

/// Cosine and sine: the browser's `Math` in the page (so the wasm links no software
/// trigonometry, issue 15), Rust's natively.
fn cos_sin(angle: f64) -> (f64, f64) {
    #[cfg(target_arch = "wasm32")]
    return (js_sys::Math::cos(angle), js_sys::Math::sin(angle));
    #[cfg(not(target_arch = "wasm32"))]
    return (angle.cos(), angle.sin());
}

/// The distance between two points.
pub fn distance(a: Point, b: Point) -> f64 {
    ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).sqrt()
}

/// How many nodes off the ring fit in the canvas's corners (more go in a row under it).
pub const CORNERS: usize = 4;
/// How far a corner node's centre is from the canvas's edges.
const CORNER_INSET: f64 = 56.0;

/// Where the nodes of one stage sit: `n` nodes on a ring centred in a canvas, each as big as
/// fits.
pub struct Ring {
    pub cx: f64,
    pub cy: f64,
    /// The radius of the ring the nodes sit on (0 for a single node).
    pub radius: f64,
    /// The radius of one node.
    pub node_r: f64,
    positions: Vec<Point>,
}

impl Ring {
    /// `n` nodes on a ring of `radius` centred in a `width` × `height` canvas, each node as big as
    /// fits (at most `max_node_r`).
    pub fn new(n: usize, width: f64, height: f64, radius: f64, max_node_r: f64) -> Self {
        let (cx, cy) = (width / 2.0, height / 2.0);
        let radius = if n == 1 { 0.0 } else { radius };
        let positions = ring_positions(n, cx, cy, radius);
        let node_r = match positions.as_slice() {
            [a, b, ..] => conlab_sim::node_radius_for_chord(distance(*a, *b), max_node_r),
            _ => max_node_r,
        };
        Ring {
            cx,
            cy,
            radius,
            node_r,
            positions,
        }
    }

    /// This ring's nodes, then the nodes for which `outside` holds (Raft servers that are not
    /// voters, dissertation §4.1), the `i`-th of each kind in turn: up to [`CORNERS`] of them
    /// in the corners of the `width` × `height` canvas (bottom first), more in a row at height
    /// `row_y` under it, where nodes shrink if the row is crowded.
    pub fn with_outside(mut self, outside: &[bool], width: f64, height: f64, row_y: f64) -> Self {
        let k = outside.iter().filter(|&&o| o).count();
        let (m, low) = (CORNER_INSET, height - CORNER_INSET - 24.0);
        let corners = [(m, low), (width - m, low), (m, m), (width - m, m)];
        let spacing = width / k.max(1) as f64;
        let (mut on_ring, mut i) = (std::mem::take(&mut self.positions).into_iter(), 0);
        self.positions = outside
            .iter()
            .map(|&o| {
                if !o {
                    return on_ring.next().unwrap_or(Point {
                        x: self.cx,
                        y: self.cy,
                    });
                }
                i += 1;
                let (x, y) = match corners.get(i - 1).filter(|_| k <= CORNERS) {
                    Some(&corner) => corner,
                    None => (spacing * (i as f64 - 0.5), row_y),
                };
                Point { x, y }
            })
            .collect();
        if k > CORNERS {
            self.node_r = self.node_r.min(spacing * 0.4);
        }
        self
    }

    /// The centre of node `id`.
    pub fn at(&self, id: conlab_core::NodeId) -> Point {
        self.positions.get(id.index()).copied().unwrap_or(Point {
            x: self.cx,
            y: self.cy,
        })
    }

    /// Where a message `progress` of the way from `from` to `to` is drawn: between the rims, in
    /// the right-hand lane of the link.
    pub fn message_at(
        &self,
        from: conlab_core::NodeId,
        to: conlab_core::NodeId,
        progress: f64,
    ) -> Point {
        message_position(self.at(from), self.at(to), progress, self.node_r, 5.0)
    }
}

/// Rounds to two decimals so the SVG attributes stay short and stable.
pub fn fmt_coord(v: f64) -> String {
    // Written with integers: the page then links no float formatting (issue 15).
    let hundredths = (v * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (hundredths.abs() / 100, hundredths.abs() % 100);
    match frac {
        0 if whole == 0 => "0".to_string(), // never "-0"
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn empty_ring_has_no_points() {
        assert!(ring_positions(0, 0.0, 0.0, 1.0).is_empty());
    }

    #[test]
    fn first_node_is_at_twelve_o_clock() {
        let p = ring_positions(5, 400.0, 250.0, 150.0)[0];
        assert!(close(p.x, 400.0) && close(p.y, 100.0), "{p:?}");
    }

    #[test]
    fn nodes_go_clockwise_and_stay_on_the_circle() {
        let ps = ring_positions(4, 0.0, 0.0, 10.0);
        // top, right, bottom, left
        let expected = [(0.0, -10.0), (10.0, 0.0), (0.0, 10.0), (-10.0, 0.0)];
        for (p, (x, y)) in ps.iter().zip(expected) {
            assert!(close(p.x, x) && close(p.y, y), "{p:?} != ({x}, {y})");
        }
        for p in ring_positions(7, 3.0, -2.0, 5.0) {
            assert!(close(
                ((p.x - 3.0).powi(2) + (p.y + 2.0).powi(2)).sqrt(),
                5.0
            ));
        }
    }

    #[test]
    fn coordinates_format_compactly() {
        assert_eq!(fmt_coord(1.0 / 3.0), "0.33");
        assert_eq!(fmt_coord(250.0), "250");
        assert_eq!(fmt_coord(-0.0001), "0");
        assert_eq!(fmt_coord(-12.5), "-12.5");
        assert_eq!(fmt_coord(-0.05), "-0.05");
        assert_eq!(fmt_coord(7.06), "7.06");
        assert_eq!(fmt_coord(99.999), "100");
    }
}

/// Where a message is drawn: `progress` of the way from `from` to `to`, shifted sideways by
/// `lane` units so that the two directions of one link do not overlap. Its ends start at the
/// nodes' rims (radius `node_r`), not their centres.
pub fn message_position(from: Point, to: Point, progress: f64, node_r: f64, lane: f64) -> Point {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        return from;
    }
    let (ux, uy) = (dx / len, dy / len);
    let travel = (len - 2.0 * node_r).max(0.0);
    let along = node_r + travel * progress.clamp(0.0, 1.0);
    // Perpendicular to the right of the direction of travel.
    let (px, py) = (-uy, ux);
    Point {
        x: from.x + ux * along + px * lane,
        y: from.y + uy * along + py * lane,
    }
}

/// An SVG path for the arc of a circle of radius `r` around (`cx`, `cy`) that starts at twelve
/// o'clock and covers `fraction` (0..=1) of the circle clockwise.
pub fn arc_path(cx: f64, cy: f64, r: f64, fraction: f64) -> String {
    let f = fraction.clamp(0.0, 0.9999);
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * f;
    let (x0, y0) = (cx, cy - r);
    let (cos, sin) = cos_sin(angle);
    let (x1, y1) = (cx + r * cos, cy + r * sin);
    let large = if f > 0.5 { 1 } else { 0 };
    format!(
        "M {} {} A {} {} 0 {large} 1 {} {}",
        fmt_coord(x0),
        fmt_coord(y0),
        fmt_coord(r),
        fmt_coord(r),
        fmt_coord(x1),
        fmt_coord(y1)
    )
}

#[cfg(test)]
mod geometry_tests {
    use super::*;

    #[test]
    fn messages_leave_and_reach_the_rims() {
        let a = Point { x: 0.0, y: 0.0 };
        let b = Point { x: 100.0, y: 0.0 };
        assert_eq!(
            message_position(a, b, 0.0, 10.0, 0.0),
            Point { x: 10.0, y: 0.0 }
        );
        assert_eq!(
            message_position(a, b, 1.0, 10.0, 0.0),
            Point { x: 90.0, y: 0.0 }
        );
        assert_eq!(
            message_position(a, b, 0.5, 10.0, 0.0),
            Point { x: 50.0, y: 0.0 }
        );
        // Opposite directions use opposite sides of the link.
        let there = message_position(a, b, 0.5, 10.0, 4.0);
        let back = message_position(b, a, 0.5, 10.0, 4.0);
        assert!(there.y > 0.0 && back.y < 0.0, "{there:?} {back:?}");
    }

    #[test]
    fn arcs_start_at_twelve_o_clock() {
        assert_eq!(arc_path(0.0, 0.0, 10.0, 0.25), "M 0 -10 A 10 10 0 0 1 10 0");
        assert!(
            arc_path(0.0, 0.0, 10.0, 0.75).contains(" 0 1 1 "),
            "large arc flag past half"
        );
    }

    #[test]
    fn a_ring_places_nodes_and_messages_between_rims() {
        let ring = Ring::new(5, 640.0, 560.0, 215.0, 38.0);
        let top = ring.at(conlab_core::NodeId(1));
        assert!((top.x - 320.0).abs() < 1e-9 && (top.y - 65.0).abs() < 1e-9);
        let single = Ring::new(1, 640.0, 560.0, 215.0, 38.0);
        assert_eq!(single.radius, 0.0);
        assert_eq!(
            single.at(conlab_core::NodeId(1)),
            Point { x: 320.0, y: 280.0 }
        );
    }

    #[test]
    fn servers_outside_the_ring_sit_in_its_corners_or_a_row_under_it() {
        use conlab_core::NodeId;
        let outside = [false, true, false, false, true];
        let three = || Ring::new(3, 640.0, 560.0, 215.0, 38.0);
        let ring = three().with_outside(&outside, 640.0, 560.0, 610.0);
        assert_eq!(ring.at(NodeId(1)), three().at(NodeId(1)));
        assert_eq!(ring.at(NodeId(3)), three().at(NodeId(2)));
        assert_eq!(ring.at(NodeId(2)), Point { x: 56.0, y: 480.0 });
        assert_eq!(ring.at(NodeId(5)), Point { x: 584.0, y: 480.0 });
        assert_eq!(ring.node_r, 38.0);
        let crowded =
            Ring::new(1, 640.0, 560.0, 215.0, 38.0).with_outside(&[true; 14], 640.0, 560.0, 610.0);
        assert_eq!(crowded.at(NodeId(1)).y, 610.0);
        assert!(crowded.node_r < 640.0 / 14.0 / 2.0);
    }
}
