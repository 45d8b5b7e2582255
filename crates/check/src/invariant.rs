//! The one shape every safety check has: a property, judged after each step from the node
//! that stepped and the ghost history its protocol's checker keeps.

use crate::{Breach, Property, StepContext, Violation};
use std::fmt::Debug;

/// One safety property of nodes of type `P`, checked against ghost history `H`.
///
/// `check` runs after every step of every node, once `H` has recorded what that step did; it
/// may keep its own ghost state. The list that runs it ([`Invariants`]) reports its first
/// breach and then stops asking it, so a run shows where the property first broke.
pub trait Invariant<P, H>: Send + Sync {
    /// What the property says and where it comes from.
    fn property(&self) -> &'static Property;
    /// Judge the step `node` has just taken; `Some` describes what went wrong.
    fn check(&mut self, node: &P, history: &H) -> Option<Breach>;
    /// A copy behind a fresh box (the timeline snapshots worlds, checkers included).
    fn clone_box(&self) -> Box<dyn Invariant<P, H>>;
}

/// Every invariant of one protocol, in display order, with whether each has already fired.
pub struct Invariants<P, H> {
    list: Vec<(Box<dyn Invariant<P, H>>, bool)>,
}

impl<P, H> Invariants<P, H> {
    pub fn new(list: Vec<Box<dyn Invariant<P, H>>>) -> Self {
        Self {
            list: list.into_iter().map(|i| (i, false)).collect(),
        }
    }

    /// Run every invariant that has not fired yet; report each first breach into `out`.
    pub fn check(&mut self, ctx: StepContext, node: &P, history: &H, out: &mut Vec<Violation>) {
        for (invariant, fired) in &mut self.list {
            if *fired {
                continue;
            }
            if let Some(breach) = invariant.check(node, history) {
                *fired = true;
                out.push(Violation {
                    invariant: invariant.property().name,
                    at: ctx.at,
                    step: ctx.step,
                    nodes: breach.nodes,
                    message: breach.message,
                });
            }
        }
    }

    /// The properties, in display order.
    pub fn properties(&self) -> impl Iterator<Item = &'static Property> + '_ {
        self.list.iter().map(|(i, _)| i.property())
    }
}

impl<P, H> Clone for Invariants<P, H> {
    fn clone(&self) -> Self {
        Self {
            list: self
                .list
                .iter()
                .map(|(i, fired)| (i.clone_box(), *fired))
                .collect(),
        }
    }
}

impl<P, H> Debug for Invariants<P, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.list
                    .iter()
                    .map(|(i, fired)| (i.property().name, fired)),
            )
            .finish()
    }
}

/// Implements [`Invariant::property`] and [`Invariant::clone_box`] for a `Clone` invariant
/// whose property is the `PROPERTY` constant of its module.
macro_rules! invariant_basics {
    ($node:ty, $history:ty) => {
        fn property(&self) -> &'static $crate::Property {
            &PROPERTY
        }
        fn clone_box(&self) -> Box<dyn $crate::Invariant<$node, $history>> {
            Box::new(self.clone())
        }
    };
}
pub(crate) use invariant_basics;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Breach;
    use conlab_core::NodeId;

    const PROPERTY: Property = Property {
        name: "odd",
        title: "Odd",
        statement: "Nodes are odd.",
        source: "a test",
    };

    /// Breached by every even number it is shown; counts how often it is asked.
    #[derive(Clone, Debug, Default)]
    struct Odd {
        asked: u32,
    }

    impl Invariant<u32, ()> for Odd {
        invariant_basics!(u32, ());

        fn check(&mut self, node: &u32, _: &()) -> Option<Breach> {
            self.asked += 1;
            node.is_multiple_of(2)
                .then(|| Breach::new(vec![NodeId(1)], format!("{node} is even")))
        }
    }

    #[test]
    fn an_invariant_reports_its_first_breach_then_falls_silent() {
        let mut list = Invariants::new(vec![Box::new(Odd::default())]);
        let mut out = Vec::new();
        for (step, node) in [1u32, 2, 4, 5].iter().enumerate() {
            let ctx = StepContext {
                at: 10 * step as u64,
                step: step as u64 + 1,
            };
            list.check(ctx, node, &(), &mut out);
        }
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].invariant, out[0].step), ("odd", 2));
        assert_eq!(out[0].message, "2 is even");
        let copy = list.clone();
        assert_eq!(
            copy.properties().map(|p| p.name).collect::<Vec<_>>(),
            ["odd"]
        );
        assert_eq!(format!("{copy:?}"), "[(\"odd\", true)]");
    }
}
