//! The room's vote at a decision, in the core: counting, deciding, ties, and the tallies kept
//! in authored order when the options are shown shuffled.

mod support;

use rapport::play::group::{RoomVote, VoteResult};
use support::{BASE, edit, session};

#[test]
fn a_vote_counts_only_while_open_and_finds_the_majority() {
    let s = session(BASE, 0);
    let mut vote = RoomVote::at(&s);
    assert!(vote.open && vote.is_for(&s));
    assert_eq!(vote.decide(), Some(VoteResult::NoVotes));
    assert!(vote.add(1) && vote.add(1) && vote.add(0));
    assert!(!vote.add(7), "no such option");
    assert_eq!(vote.decide(), Some(VoteResult::Majority(1)));
    vote.toggle();
    assert!(!vote.add(0), "a closed vote takes no votes");
    assert_eq!(vote.decide(), None);
}

#[test]
fn a_tie_is_remembered_until_the_votes_change() {
    let s = session(BASE, 0);
    let mut vote = RoomVote::at(&s);
    vote.add(0);
    vote.add(1);
    assert_eq!(vote.decide(), Some(VoteResult::Tie(vec![0, 1], 1)));
    assert!(vote.breaks_tie(1) && !vote.breaks_tie(2));
    assert!(vote.remove(1));
    assert!(!vote.breaks_tie(1), "changing the votes forgets the tie");
}

#[test]
fn tallies_go_back_to_authored_order_and_can_be_restored() {
    let shuffled = edit("start: \"a\",", "start: \"a\", shuffle_choices: true,");
    // Find a seed that shows the options in the other order.
    let s = (0..64)
        .map(|seed| session(&shuffled, seed))
        .find(|s| s.current().choices[0].number == 2)
        .expect("some seed shuffles");
    let mut vote = RoomVote::at(&s);
    vote.add(0);
    vote.add(0);
    vote.add(1);
    assert_eq!(vote.authored_tallies(&s), vec![1, 2]);
    let back = RoomVote::restored(&s, &[1, 2]);
    assert_eq!(back.vote.tallies(), &[2, 1]);
}
