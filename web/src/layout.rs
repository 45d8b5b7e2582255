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
            Point {
                x: cx + r * angle.cos(),
                y: cy + r * angle.sin(),
            }
        })
        .collect()
}

/// Rounds to two decimals so the SVG attributes stay short and stable.
pub fn fmt_coord(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_string() // avoid "-0"
    } else {
        format!("{rounded}")
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
    }
}
