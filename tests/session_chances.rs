//! A session started with chance nodes decided in advance goes the decided way at them, and
//! keeps doing so after a rewind; other chance nodes are still drawn from the seed.

mod support;

use std::collections::BTreeMap;

use rapport::play::Session;
use rapport::scenario::NodeId;
use support::{BASE, parse};

fn decided(target: &str) -> BTreeMap<NodeId, NodeId> {
    BTreeMap::from([(NodeId::from("b"), NodeId::from(target))])
}

#[test]
fn a_decided_chance_node_goes_the_decided_way_even_after_a_rewind() {
    for seed in 0..16 {
        let mut session = Session::with_chances(parse(BASE), seed, decided("c2")).unwrap();
        session.choose(1).unwrap();
        assert_eq!(session.path()[2].as_str(), "c2", "seed {seed}");
        session.rewind(0).unwrap();
        session.choose(2).unwrap();
        assert_eq!(
            session.path()[2].as_str(),
            "c2",
            "seed {seed} after a rewind"
        );
    }
}
