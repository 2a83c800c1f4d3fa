//! Group play: the room's vote at a decision and the facilitator's discussion timer. Plain data
//! with the rules in one place, so the app only shows them and the tests need no window.

use std::time::Duration;

use crate::play::Session;
use crate::scenario::NodeId;

/// A tally for each option shown at a decision, in the order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    tallies: Vec<u32>,
    /// Options nobody can vote for (locked choices), by position shown.
    closed: Vec<bool>,
}

/// What the room decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteResult {
    /// Nobody has voted yet.
    NoVotes,
    /// One option has more votes than any other: its position shown (0-based).
    Majority(usize),
    /// Several options share the most votes: their positions shown (0-based), and the count.
    Tie(Vec<usize>, u32),
}

impl Vote {
    /// A vote on options whose availability is `open` (false for a locked choice).
    pub fn new(open: impl IntoIterator<Item = bool>) -> Self {
        let closed: Vec<bool> = open.into_iter().map(|o| !o).collect();
        Self {
            tallies: vec![0; closed.len()],
            closed,
        }
    }

    /// Add a vote for option `i` (0-based, as shown). False when there is no such option or it
    /// is locked.
    pub fn add(&mut self, i: usize) -> bool {
        match (self.tallies.get_mut(i), self.closed.get(i)) {
            (Some(t), Some(false)) => {
                *t = t.saturating_add(1);
                true
            }
            _ => false,
        }
    }

    /// Take a vote away from option `i`; false when it had none.
    pub fn remove(&mut self, i: usize) -> bool {
        match self.tallies.get_mut(i) {
            Some(t) if *t > 0 => {
                *t -= 1;
                true
            }
            _ => false,
        }
    }

    pub fn tallies(&self) -> &[u32] {
        &self.tallies
    }

    pub fn total(&self) -> u32 {
        self.tallies
            .iter()
            .fold(0u32, |sum, t| sum.saturating_add(*t))
    }

    /// The option with the most votes, or the options tied for the most.
    pub fn result(&self) -> VoteResult {
        let top = self.tallies.iter().copied().max().unwrap_or(0);
        if top == 0 {
            return VoteResult::NoVotes;
        }
        let leaders: Vec<usize> = (0..self.tallies.len())
            .filter(|&i| self.tallies[i] == top)
            .collect();
        match leaders.as_slice() {
            [one] => VoteResult::Majority(*one),
            _ => VoteResult::Tie(leaders, top),
        }
    }

    /// The tallies in authored order, for the transcript: `numbers[i]` is the authored number
    /// (1-based) of the option shown at position `i`; `choices` is how many the node has.
    pub fn in_authored_order(&self, numbers: &[usize], choices: usize) -> Vec<u32> {
        let mut out = vec![0; choices];
        for (&n, &t) in numbers.iter().zip(&self.tallies) {
            if let Some(slot) = n.checked_sub(1).and_then(|i| out.get_mut(i)) {
                *slot = t;
            }
        }
        out
    }

    /// A vote restored from tallies in authored order (the inverse of
    /// [`Vote::in_authored_order`]), for going back to a decision the room already voted on.
    pub fn restored(open: &[bool], numbers: &[usize], authored: &[u32]) -> Self {
        let mut vote = Self::new(open.iter().copied());
        for (i, n) in numbers.iter().enumerate() {
            if let Some(&t) = n.checked_sub(1).and_then(|k| authored.get(k)) {
                vote.tallies[i] = t;
            }
        }
        vote
    }
}

/// The room's vote at one decision: kept while the decision is on screen, open or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomVote {
    pub node: NodeId,
    /// How many decisions had been made when this one came up.
    pub decision: usize,
    /// The tallies are on screen and the number keys count votes.
    pub open: bool,
    pub vote: Vote,
    /// The options tied for the most votes (0-based, as shown), once Enter found a tie: the
    /// facilitator picks one with its number.
    pub tie: Option<Vec<usize>>,
}

impl RoomVote {
    /// A new, open vote on the session's current decision.
    pub fn at(session: &Session) -> Self {
        let view = session.current();
        Self {
            node: view.node.id.clone(),
            decision: session.transcript().len(),
            open: true,
            vote: Vote::new(view.choices.iter().map(|c| c.available)),
            tie: None,
        }
    }

    /// An open vote on the session's current decision with the tallies a transcript kept
    /// (in authored order), for going back to a decision the room already voted on.
    pub fn restored(session: &Session, authored: &[u32]) -> Self {
        let view = session.current();
        let open: Vec<bool> = view.choices.iter().map(|c| c.available).collect();
        Self {
            vote: Vote::restored(&open, &shown_numbers(session), authored),
            ..Self::at(session)
        }
    }

    /// The tallies in authored order, for the session's transcript.
    pub fn authored_tallies(&self, session: &Session) -> Vec<u32> {
        let choices = session.node().choices.as_ref().map_or(0, Vec::len);
        self.vote
            .in_authored_order(&shown_numbers(session), choices)
    }

    /// Whether this vote belongs to the decision the session is at now.
    pub fn is_for(&self, session: &Session) -> bool {
        self.node == session.node().id && self.decision == session.transcript().len()
    }

    /// Open a closed vote, or close an open one (forgetting a tie found while it was open).
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.tie = None;
    }

    /// Add a vote for the option shown at position `i` (0-based). False when the vote is closed
    /// or the option is locked or not there. Any tie found earlier is forgotten: the votes
    /// changed.
    pub fn add(&mut self, i: usize) -> bool {
        if !self.open {
            return false;
        }
        self.tie = None;
        self.vote.add(i)
    }

    /// Take a vote away from the option shown at position `i`; false when the vote is closed or
    /// the option had none.
    pub fn remove(&mut self, i: usize) -> bool {
        if !self.open {
            return false;
        }
        self.tie = None;
        self.vote.remove(i)
    }

    /// What the room decided, when the facilitator asks to take the vote: nothing while the
    /// vote is closed, and a tie is remembered so that the facilitator can break it.
    pub fn decide(&mut self) -> Option<VoteResult> {
        if !self.open {
            return None;
        }
        let result = self.vote.result();
        if let VoteResult::Tie(tied, _) = &result {
            self.tie = Some(tied.clone());
        }
        Some(result)
    }

    /// Whether the option shown at position `i` is one of a tie the facilitator may break.
    pub fn breaks_tie(&self, i: usize) -> bool {
        self.open && self.tie.as_ref().is_some_and(|t| t.contains(&i))
    }
}

/// The authored number of each option shown now, in the order shown.
fn shown_numbers(session: &Session) -> Vec<usize> {
    session.current().choices.iter().map(|c| c.number).collect()
}

/// A discussion countdown: started, paused and resumed by one key, with a calm cue at zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    length: Duration,
    left: Duration,
    running: bool,
}

/// Where a countdown stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountdownState {
    /// Full and not started.
    Ready,
    Running,
    Paused,
    /// Ran out.
    Finished,
}

impl Countdown {
    pub fn new(length: Duration) -> Self {
        Self {
            length,
            left: length,
            running: false,
        }
    }

    pub fn length(&self) -> Duration {
        self.length
    }

    pub fn left(&self) -> Duration {
        self.left
    }

    pub fn state(&self) -> CountdownState {
        if self.left.is_zero() {
            CountdownState::Finished
        } else if self.running {
            CountdownState::Running
        } else if self.left == self.length {
            CountdownState::Ready
        } else {
            CountdownState::Paused
        }
    }

    /// Start, pause or resume; once finished, start again from the full length.
    pub fn toggle(&mut self) {
        if self.left.is_zero() {
            self.left = self.length;
            self.running = true;
        } else {
            self.running = !self.running;
        }
    }

    /// Back to full and stopped, with a new length.
    pub fn reset(&mut self, length: Duration) {
        *self = Self::new(length);
    }

    /// Let `elapsed` pass; true when this made it run out.
    pub fn tick(&mut self, elapsed: Duration) -> bool {
        if !self.running || self.left.is_zero() {
            return false;
        }
        self.left = self.left.saturating_sub(elapsed);
        if self.left.is_zero() {
            self.running = false;
            return true;
        }
        false
    }

    /// The time left as `m:ss`, rounded up so that `0:00` means finished.
    pub fn label(&self) -> String {
        let secs = self.left.as_millis().div_ceil(1000);
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_add_and_remove_and_never_go_below_zero() {
        let mut v = Vote::new([true, true, true]);
        assert!(v.add(0));
        assert!(v.add(2));
        assert!(v.add(2));
        assert!(v.remove(0));
        assert!(!v.remove(0), "no vote left to remove");
        assert!(!v.add(3), "no fourth option");
        assert_eq!(v.tallies(), [0, 0, 2]);
        assert_eq!(v.total(), 2);
    }

    #[test]
    fn a_locked_option_takes_no_votes() {
        let mut v = Vote::new([true, false]);
        assert!(!v.add(1));
        assert_eq!(v.tallies(), [0, 0]);
    }

    #[test]
    fn the_most_votes_win_and_equal_leaders_tie() {
        let mut v = Vote::new([true, true, true]);
        assert_eq!(v.result(), VoteResult::NoVotes);
        v.add(1);
        assert_eq!(v.result(), VoteResult::Majority(1));
        v.add(2);
        assert_eq!(v.result(), VoteResult::Tie(vec![1, 2], 1));
        v.add(2);
        assert_eq!(v.result(), VoteResult::Majority(2));
    }

    #[test]
    fn tallies_map_between_shown_and_authored_order() {
        // Shown order 3, 1, 2 (a shuffled node); the tally follows the option, not the slot.
        let mut v = Vote::new([true, true, true]);
        v.add(0);
        v.add(0);
        v.add(2);
        let authored = v.in_authored_order(&[3, 1, 2], 3);
        assert_eq!(authored, [0, 1, 2]);
        let back = Vote::restored(&[true, true, true], &[3, 1, 2], &authored);
        assert_eq!(back, v);
    }

    #[test]
    fn the_countdown_starts_pauses_resumes_and_runs_out() {
        let mut c = Countdown::new(Duration::from_secs(120));
        assert_eq!(c.state(), CountdownState::Ready);
        assert_eq!(c.label(), "2:00");
        assert!(!c.tick(Duration::from_secs(5)), "not started yet");
        c.toggle();
        c.tick(Duration::from_millis(30_500));
        assert_eq!(c.state(), CountdownState::Running);
        assert_eq!(c.label(), "1:30");
        c.toggle();
        c.tick(Duration::from_secs(60));
        assert_eq!(c.state(), CountdownState::Paused);
        assert_eq!(c.label(), "1:30", "paused time does not count");
        c.toggle();
        assert!(c.tick(Duration::from_secs(200)));
        assert_eq!(c.state(), CountdownState::Finished);
        assert_eq!(c.label(), "0:00");
        assert!(!c.tick(Duration::from_secs(1)), "runs out once");
        c.toggle();
        assert_eq!(c.state(), CountdownState::Running);
        assert_eq!(c.label(), "2:00", "T after the end starts again");
        c.reset(Duration::from_secs(60));
        assert_eq!(
            (c.state(), c.label()),
            (CountdownState::Ready, "1:00".into())
        );
    }
}
