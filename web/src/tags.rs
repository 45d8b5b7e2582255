//! Where the small labels over messages in flight go (a Paxos message's ballot, "2.5"): each
//! takes the first free spot around its message — above, below, right, left — that overlaps
//! neither another label nor a node, or is left out. Pure, so a native test can prove that
//! labels never overlap, whatever the cluster size (issue 11: "Paxos labels never overlap").

use crate::layout::Point;

/// Width of one character of a label (10 px monospace) and a label's height, in stage units.
const CHAR_W: f64 = 6.2;
const TAG_H: f64 = 12.0;

/// A label's box, centred horizontally on `at.x`, its baseline at `at.y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TagBox {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl TagBox {
    pub fn new(at: Point, chars: usize) -> Self {
        let half = (chars as f64 * CHAR_W + 4.0) / 2.0;
        TagBox {
            left: at.x - half,
            right: at.x + half,
            top: at.y - TAG_H + 2.0,
            bottom: at.y + 2.0,
        }
    }

    pub fn overlaps(&self, other: &TagBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// Whether the box touches a circle (a node).
    pub fn touches(&self, centre: Point, r: f64) -> bool {
        let x = centre.x.clamp(self.left, self.right);
        let y = centre.y.clamp(self.top, self.bottom);
        (x - centre.x) * (x - centre.x) + (y - centre.y) * (y - centre.y) < r * r
    }
}

/// For each message at `at` with a label of `chars` characters, the offset (from the message)
/// of its label's baseline centre, or `None` where no spot is free. `nodes` are the circles to
/// keep clear.
pub fn place(messages: &[(Point, usize)], nodes: &[Point], node_r: f64) -> Vec<Option<Point>> {
    let mut placed: Vec<TagBox> = Vec::new();
    messages
        .iter()
        .map(|&(at, chars)| {
            let w = chars as f64 * CHAR_W / 2.0;
            let spots = [(0.0, -11.0), (0.0, 20.0), (w + 12.0, 4.0), (-w - 12.0, 4.0)];
            spots.into_iter().find_map(|(dx, dy)| {
                let tag = TagBox::new(
                    Point {
                        x: at.x + dx,
                        y: at.y + dy,
                    },
                    chars,
                );
                let free = !placed.iter().any(|p| p.overlaps(&tag))
                    && !nodes.iter().any(|&n| tag.touches(n, node_r));
                free.then(|| {
                    placed.push(tag);
                    Point { x: dx, y: dy }
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Point;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn crowded_labels_move_or_give_way_but_never_overlap() {
        // Five messages at the same spot: four spots around it, the fifth label is left out.
        let crowd = vec![(p(100.0, 100.0), 3); 5];
        let spots = place(&crowd, &[], 0.0);
        assert_eq!(spots.iter().filter(|s| s.is_some()).count(), 4);
        assert_eq!(spots[4], None);
        assert_eq!(spots[0], Some(p(0.0, -11.0)), "above when free");
    }

    #[test]
    fn labels_keep_off_the_nodes() {
        let spots = place(&[(p(100.0, 120.0), 3)], &[p(100.0, 90.0)], 20.0);
        assert_eq!(spots[0], Some(p(0.0, 20.0)), "below, since above is a node");
    }
}
