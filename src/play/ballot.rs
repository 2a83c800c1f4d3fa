//! Phone voting's rules: the room code, who may vote (joined phones, while the vote is open),
//! one vote per phone that it may change until the vote closes, and what a phone may see (only
//! what the projector shows). Plain data: the server in `phones/` only carries messages to it.

use std::collections::HashMap;

use serde::Serialize;
use thiserror::Error;

use super::Session;
use super::group::Vote;

/// The letters and digits of a room code: none that read alike (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// How long a room code is.
pub const CODE_LEN: usize = 6;
/// The most phones a room takes.
pub const MAX_PHONES: usize = 500;
/// The most characters of a first name kept.
pub const MAX_NAME: usize = 24;
/// How many past decisions keep their phone votes (for undo and rewind).
const HISTORY: usize = 64;

/// The operating system gave no random numbers.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("the operating system gave no random numbers: {0}")]
pub struct NoRandomness(String);

fn random_bytes(out: &mut [u8]) -> Result<(), NoRandomness> {
    getrandom::fill(out).map_err(|e| NoRandomness(e.to_string()))
}

/// The six characters the room types to join, e.g. `K7QX2M`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomCode(String);

impl RoomCode {
    /// A new random code.
    pub fn random() -> Result<Self, NoRandomness> {
        let mut code = String::with_capacity(CODE_LEN);
        let mut bytes = [0u8; 32];
        while code.len() < CODE_LEN {
            random_bytes(&mut bytes)?;
            // 248 = 8 * 31: the bytes below it map to the alphabet evenly.
            for b in bytes.iter().filter(|&&b| b < 248) {
                if code.len() < CODE_LEN {
                    code.push(char::from(CODE_ALPHABET[usize::from(*b) % 31]));
                }
            }
        }
        Ok(Self(code))
    }

    /// A code as typed: spaces and dashes ignored, any case. `None` unless it could be a code.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
        valid.then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `typed` is this code (as [`RoomCode::parse`] reads it).
    pub fn matches(&self, typed: &str) -> bool {
        Self::parse(typed).is_some_and(|c| {
            // Every character compared, so the time taken says nothing about a near miss.
            c.0.bytes()
                .zip(self.0.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
        })
    }
}

impl std::fmt::Display for RoomCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A joined phone's secret: 128 random bits as 32 hex digits. Anonymous: nothing about the
/// phone or its owner is in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneToken(String);

impl PhoneToken {
    pub fn random() -> Result<Self, NoRandomness> {
        let mut bytes = [0u8; 16];
        random_bytes(&mut bytes)?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which decision a view is of: the node and every choice taken on the way to it, so that
/// coming back to it (undo, rewind) finds the phones' votes as they were.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecisionKey {
    node: String,
    path: Vec<(String, usize)>,
}

impl DecisionKey {
    /// The decision the session is at now.
    pub fn of(session: &Session) -> Self {
        Self {
            node: session.node().id.as_str().to_owned(),
            path: session
                .transcript()
                .iter()
                .map(|s| (s.node.as_str().to_owned(), s.choice))
                .collect(),
        }
    }
}

/// Who is speaking, as the projector names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    pub name: String,
    pub role: String,
}

/// An option as the room sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneOption {
    /// Its number as authored (what the session's `choose` takes); never sent to a phone.
    pub number: usize,
    pub text: String,
    /// A locked option's hint, as the projector shows it; `None` when the option is on offer.
    pub locked: Option<String>,
}

/// A decision as the projector shows it: who speaks, the line, and the options in the order
/// shown. Nothing else of the scenario (scores, effects, feedback, notes) is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionView {
    pub key: DecisionKey,
    pub speaker: Option<Speaker>,
    pub line: Option<String>,
    pub options: Vec<PhoneOption>,
    /// The vote is open: phones may vote and change their votes.
    pub open: bool,
}

/// What the phones show now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PhoneView {
    /// Between decisions: "waiting for the facilitator".
    #[default]
    Waiting,
    Decision(DecisionView),
}

impl PhoneView {
    /// The session's current decision as the room sees it, with the vote `open` or closed;
    /// `Waiting` at an ending or where there is nothing to choose.
    pub fn of(session: &Session, open: bool) -> Self {
        let view = session.current();
        if view.ending.is_some() || view.choices.is_empty() {
            return Self::Waiting;
        }
        Self::Decision(DecisionView {
            key: DecisionKey::of(session),
            speaker: view.speaker.map(|c| Speaker {
                name: c.name.clone(),
                role: c.role.clone(),
            }),
            line: view.node.text.clone(),
            options: view
                .choices
                .iter()
                .map(|c| PhoneOption {
                    number: c.number,
                    text: c.text().to_owned(),
                    locked: (!c.available)
                        .then(|| c.hint.unwrap_or("not available yet").to_owned()),
                })
                .collect(),
            open,
        })
    }

    fn decision(&self) -> Option<&DecisionView> {
        match self {
            Self::Waiting => None,
            Self::Decision(d) => Some(d),
        }
    }
}

/// Why a phone's request was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Refusal {
    #[error("this phone has not joined the room")]
    UnknownPhone,
    #[error("the room is full ({MAX_PHONES} phones)")]
    RoomFull,
    #[error("there is no decision to vote on now")]
    NoDecision,
    #[error("the session has moved on to another decision")]
    MovedOn,
    #[error("the vote is not open")]
    Closed,
    #[error("there is no option {0}")]
    NoSuchOption(usize),
    #[error("option {0} is locked")]
    Locked(usize),
    #[error(transparent)]
    NoRandomness(#[from] NoRandomness),
}

/// An option on a phone's screen: its number as the room sees it (1 is the first shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownOption {
    pub number: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
}

/// Everything one phone is sent: the projector's decision, the vote's state and its own vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneState {
    /// Counts every change in the room: a page shows a state only if it is newer than the one
    /// it shows (a vote's reply can arrive after the live update that closed the vote).
    pub version: u64,
    /// Which decision this is: a counter, so that a vote for an old one is refused.
    pub round: u32,
    /// "waiting" or "decision".
    pub stage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    pub options: Vec<ShownOption>,
    pub open: bool,
    /// This phone's vote, as the room numbers the options.
    pub vote: Option<usize>,
    /// The facilitator allows first names.
    pub names: bool,
    pub name: Option<String>,
}

/// A joined phone, as the facilitator's presenter view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinedPhone {
    pub name: Option<String>,
    pub voted: bool,
}

/// What the app shows of the phones: how many joined and voted, and the phones' tally.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhoneCounts {
    /// The decision the tallies are for.
    pub key: Option<DecisionKey>,
    pub joined: usize,
    pub voted: usize,
    /// The phones' votes for each option, in the order shown.
    pub shown: Vec<u32>,
    /// The phones' votes by authored number: `authored[n - 1]` is option `n`'s.
    pub authored: Vec<u32>,
    /// The joined phones in the order they joined (names only where the room allows them).
    pub phones: Vec<JoinedPhone>,
}

impl PhoneCounts {
    /// The phones' votes for the session's current decision, in authored order (as many as the
    /// node has choices); all zero when the counts are for another decision.
    fn authored_for(&self, session: &Session) -> Vec<u32> {
        let choices = session.node().choices.as_ref().map_or(0, Vec::len);
        let mut out = vec![0; choices];
        if self.key.as_ref() == Some(&DecisionKey::of(session)) {
            for (slot, n) in out.iter_mut().zip(&self.authored) {
                *slot = *n;
            }
        }
        out
    }
}

/// The shown order of the session's current decision: whether each option is open, and its
/// authored number.
fn shown(session: &Session) -> (Vec<bool>, Vec<usize>, usize) {
    let view = session.current();
    let open = view.choices.iter().map(|c| c.available).collect();
    let numbers = view.choices.iter().map(|c| c.number).collect();
    let choices = session.node().choices.as_ref().map_or(0, Vec::len);
    (open, numbers, choices)
}

/// The room's whole vote: the facilitator's own counts (hands, the number keys) and the
/// phones' votes added together, as one [`Vote`] for the rest of the flow (ties, taking the
/// vote, the transcript). Phone votes for another decision add nothing.
pub fn room_vote(session: &Session, facilitator: &Vote, phones: &PhoneCounts) -> Vote {
    let (open, numbers, choices) = shown(session);
    let mut total = facilitator.in_authored_order(&numbers, choices);
    for (t, p) in total.iter_mut().zip(phones.authored_for(session)) {
        *t = t.saturating_add(p);
    }
    Vote::restored(&open, &numbers, &total)
}

/// The facilitator's own share of a whole vote (one kept in the transcript, phones included):
/// the whole less the phones' votes now, for going back to a decision the phones voted on.
pub fn facilitator_share(session: &Session, whole: &Vote, phones: &PhoneCounts) -> Vote {
    let (open, numbers, choices) = shown(session);
    let mut own = whole.in_authored_order(&numbers, choices);
    for (t, p) in own.iter_mut().zip(phones.authored_for(session)) {
        *t = t.saturating_sub(p);
    }
    Vote::restored(&open, &numbers, &own)
}

/// A first name as given: trimmed, letters, spaces, hyphens and apostrophes only, at most
/// [`MAX_NAME`] characters. `None` when nothing is left.
pub fn clean_name(given: &str) -> Option<String> {
    let kept: String = given
        .chars()
        .filter(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'))
        .take(MAX_NAME)
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[derive(Debug, Clone)]
struct Phone {
    name: Option<String>,
}

/// The phones in a room and their votes on the decision on screen.
#[derive(Debug)]
pub struct Ballot {
    code: RoomCode,
    names: bool,
    /// Joined phones, in the order they joined.
    phones: Vec<Phone>,
    index: HashMap<PhoneToken, usize>,
    view: PhoneView,
    round: u32,
    version: u64,
    /// Each phone's vote on the decision on screen (phone index to authored number).
    votes: HashMap<usize, usize>,
    /// Votes on decisions left behind, newest last.
    history: Vec<(DecisionKey, HashMap<usize, usize>)>,
}

impl Ballot {
    /// A room with no phones, waiting. `names`: the facilitator allows first names.
    pub fn new(code: RoomCode, names: bool) -> Self {
        Self {
            code,
            names,
            phones: Vec::new(),
            index: HashMap::new(),
            view: PhoneView::Waiting,
            round: 0,
            version: 0,
            votes: HashMap::new(),
            history: Vec::new(),
        }
    }

    pub fn code(&self) -> &RoomCode {
        &self.code
    }

    pub fn names_allowed(&self) -> bool {
        self.names
    }

    /// Allow first names or not; not allowing them forgets those given.
    pub fn allow_names(&mut self, names: bool) {
        self.version += 1;
        self.names = names;
        if !names {
            for p in &mut self.phones {
                p.name = None;
            }
        }
    }

    pub fn view(&self) -> &PhoneView {
        &self.view
    }

    /// A new phone joins; its token is its key from now on.
    pub fn join(&mut self) -> Result<PhoneToken, Refusal> {
        if self.phones.len() >= MAX_PHONES {
            return Err(Refusal::RoomFull);
        }
        let token = PhoneToken::random()?;
        self.index.insert(token.clone(), self.phones.len());
        self.phones.push(Phone { name: None });
        self.version += 1;
        Ok(token)
    }

    fn phone(&self, token: &str) -> Result<usize, Refusal> {
        // Tokens are compared by hash lookup; a guess is one in 2^128.
        self.index
            .get(&PhoneToken(token.to_owned()))
            .copied()
            .ok_or(Refusal::UnknownPhone)
    }

    /// Whether `token` is a joined phone's.
    pub fn knows(&self, token: &str) -> bool {
        self.phone(token).is_ok()
    }

    /// A phone gives its first name (ignored unless the facilitator allows names). Returns
    /// the name as kept.
    pub fn set_name(&mut self, token: &str, name: &str) -> Result<Option<String>, Refusal> {
        let i = self.phone(token)?;
        let name = if self.names { clean_name(name) } else { None };
        self.phones[i].name.clone_from(&name);
        self.version += 1;
        Ok(name)
    }

    /// Show the phones another view (the next decision, the vote opening or closing, waiting).
    /// Returns whether the phones must be told. Votes stay with their decision: a decision
    /// shown again (undo, rewind) brings its votes back.
    pub fn publish(&mut self, view: PhoneView) -> bool {
        if view == self.view {
            return false;
        }
        self.version += 1;
        let old = self.view.decision().map(|d| d.key.clone());
        let new = view.decision().map(|d| d.key.clone());
        if old != new {
            if let Some(old) = old {
                let votes = std::mem::take(&mut self.votes);
                self.history.retain(|(k, _)| *k != old);
                self.history.push((old, votes));
                if self.history.len() > HISTORY {
                    self.history.remove(0);
                }
            }
            self.votes = new
                .and_then(|k| {
                    let at = self.history.iter().position(|(h, _)| *h == k)?;
                    Some(self.history.remove(at).1)
                })
                .unwrap_or_default();
            self.round = self.round.wrapping_add(1);
        }
        self.view = view;
        // A vote for an option no longer on offer (an edited scenario) is dropped.
        let on_offer: Vec<usize> = self
            .view
            .decision()
            .map(|d| {
                d.options
                    .iter()
                    .filter(|o| o.locked.is_none())
                    .map(|o| o.number)
                    .collect()
            })
            .unwrap_or_default();
        self.votes.retain(|_, n| on_offer.contains(n));
        true
    }

    /// A phone votes for the option shown `shown`th (1-based) in decision `round`, or changes
    /// its vote to it.
    pub fn vote(&mut self, token: &str, round: u32, shown: usize) -> Result<(), Refusal> {
        let phone = self.phone(token)?;
        let Some(decision) = self.view.decision() else {
            return Err(Refusal::NoDecision);
        };
        if round != self.round {
            return Err(Refusal::MovedOn);
        }
        if !decision.open {
            return Err(Refusal::Closed);
        }
        let option = shown
            .checked_sub(1)
            .and_then(|i| decision.options.get(i))
            .ok_or(Refusal::NoSuchOption(shown))?;
        if option.locked.is_some() {
            return Err(Refusal::Locked(shown));
        }
        self.votes.insert(phone, option.number);
        self.version += 1;
        Ok(())
    }

    /// What the phone with `token` is shown.
    pub fn state_for(&self, token: &str) -> Result<PhoneState, Refusal> {
        let phone = self.phone(token)?;
        let mut state = PhoneState {
            version: self.version,
            round: self.round,
            stage: "waiting",
            speaker: None,
            line: None,
            options: Vec::new(),
            open: false,
            vote: None,
            names: self.names,
            name: self.phones[phone].name.clone(),
        };
        if let Some(d) = self.view.decision() {
            let mine = self.votes.get(&phone);
            state.stage = "decision";
            state.speaker.clone_from(&d.speaker);
            state.line.clone_from(&d.line);
            state.open = d.open;
            state.options = d
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| ShownOption {
                    number: i + 1,
                    text: o.text.clone(),
                    locked: o.locked.clone(),
                })
                .collect();
            state.vote = d
                .options
                .iter()
                .position(|o| Some(&o.number) == mine)
                .map(|i| i + 1);
        }
        Ok(state)
    }

    /// How many joined and voted, and the phones' tally.
    pub fn counts(&self) -> PhoneCounts {
        let mut counts = PhoneCounts {
            joined: self.phones.len(),
            voted: self.votes.len(),
            phones: self
                .phones
                .iter()
                .enumerate()
                .map(|(i, p)| JoinedPhone {
                    name: p.name.clone(),
                    voted: self.votes.contains_key(&i),
                })
                .collect(),
            ..PhoneCounts::default()
        };
        if let Some(d) = self.view.decision() {
            counts.key = Some(d.key.clone());
            let most = d.options.iter().map(|o| o.number).max().unwrap_or(0);
            counts.authored = vec![0; most];
            counts.shown = vec![0; d.options.len()];
            for n in self.votes.values() {
                if let Some(slot) = n.checked_sub(1).and_then(|i| counts.authored.get_mut(i)) {
                    *slot += 1;
                }
            }
            for (slot, o) in counts.shown.iter_mut().zip(&d.options) {
                let at = o.number.checked_sub(1);
                *slot = at
                    .and_then(|i| counts.authored.get(i))
                    .copied()
                    .unwrap_or(0);
            }
        }
        counts
    }

    /// Forget the phones' votes on the decision on screen (the facilitator starts it again).
    pub fn clear_votes(&mut self) {
        self.version += 1;
        self.votes.clear();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::play::group::VoteResult;

    /// Three options, shuffled; the third is locked with a hint until the flag is set, and a
    /// fourth is locked with no hint (so the room never sees it).
    const SCENE: &str = r#"(
        id: "phones", title: "Phones", summary: "For the phone rules.",
        shuffle_choices: true,
        scores: [(id: "trust", label: "Trustworthiness", start: 50)],
        characters: [(id: "ana", name: "Ana Silva", role: "Resident")],
        start: "a",
        nodes: [
            (id: "a", speaker: "ana", text: "Where are my glasses?",
             narration: "She pats her cardigan.",
             facilitator_note: "SECRET-NOTE: ask about routines.",
             choices: [
                (text: "Let's look together.", effects: {"trust": 10},
                 feedback: "SECRET-FEEDBACK-1", next: "b"),
                (text: "They're on your head.", effects: {"trust": -5},
                 feedback: "SECRET-FEEDBACK-2", next: "b"),
                (text: "Check the drawer she keeps them in.", feedback: "SECRET-FEEDBACK-3",
                 requires: Flag("knows"), locked_hint: "You have not asked her yet.",
                 next: "b"),
                (text: "A hidden option.", feedback: "SECRET-FEEDBACK-4",
                 requires: Flag("knows"), next: "b"),
            ]),
            (id: "b", speaker: "ana", text: "Thank you.", choices: [
                (text: "Any time.", feedback: "SECRET-FEEDBACK-5", next: "end"),
            ]),
            (id: "end", ending: (title: "Done", summary: "Done.")),
        ],
        outcomes: [(when: Always, title: "Over", text: "Over.")],
    )"#;

    fn session(seed: u64) -> Session {
        let checked = crate::scenario::check_source(SCENE, None);
        let scenario = checked.scenario.expect("the test scenario parses");
        Session::new(Arc::new(scenario), seed).expect("the session starts")
    }

    /// A room at the first decision with the vote open, and one joined phone.
    fn room(seed: u64) -> (Session, Ballot, PhoneToken) {
        let s = session(seed);
        let mut b = Ballot::new(RoomCode::random().unwrap(), false);
        assert!(b.publish(PhoneView::of(&s, true)));
        let t = b.join().unwrap();
        (s, b, t)
    }

    /// The position shown (1-based) of the option authored `number`th.
    fn shown_at(s: &Session, number: usize) -> usize {
        let view = s.current();
        view.choices
            .iter()
            .position(|c| c.number == number)
            .unwrap()
            + 1
    }

    #[test]
    fn room_codes_are_six_unambiguous_characters_and_typed_leniently() {
        let a = RoomCode::random().unwrap();
        let b = RoomCode::random().unwrap();
        assert_ne!(
            a, b,
            "two random codes differ (one in 887 million the same)"
        );
        for code in [&a, &b] {
            assert_eq!(code.as_str().len(), CODE_LEN);
            assert!(code.as_str().bytes().all(|c| CODE_ALPHABET.contains(&c)));
        }
        for confusing in b"01OIL" {
            assert!(!CODE_ALPHABET.contains(confusing));
        }
        let code = RoomCode::parse("K7QX2M").unwrap();
        assert!(code.matches("k7q-x2m"));
        assert!(code.matches(" K7Q X2M "));
        assert!(!code.matches("K7QX2N"));
        assert!(!code.matches("K7QX2"));
        assert!(!code.matches(""));
        assert_eq!(RoomCode::parse("K7QX2O"), None, "O is not in the alphabet");
        assert_eq!(RoomCode::parse("K7QX2MM"), None);
        assert_eq!(RoomCode::parse("K7QX2é"), None);
    }

    #[test]
    fn phone_tokens_are_random_128_bit_hex() {
        let a = PhoneToken::random().unwrap();
        let b = PhoneToken::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn only_joined_phones_vote() {
        let (_, mut b, _) = room(1);
        let round = b.state_for(&PhoneToken::random().unwrap().0);
        assert_eq!(round, Err(Refusal::UnknownPhone));
        assert_eq!(b.vote("not-a-token", 1, 1), Err(Refusal::UnknownPhone));
        assert_eq!(b.vote("", 1, 1), Err(Refusal::UnknownPhone));
        assert_eq!(b.counts().voted, 0);
    }

    #[test]
    fn one_vote_per_phone_changeable_while_open() {
        let (s, mut b, t) = room(3);
        let round = b.state_for(t.as_str()).unwrap().round;
        let (first, second) = (shown_at(&s, 1), shown_at(&s, 2));
        b.vote(t.as_str(), round, first).unwrap();
        b.vote(t.as_str(), round, first).unwrap();
        let c = b.counts();
        assert_eq!(
            (c.joined, c.voted),
            (1, 1),
            "voting twice is still one vote"
        );
        assert_eq!(c.authored, [1, 0, 0]);
        b.vote(t.as_str(), round, second).unwrap();
        let c = b.counts();
        assert_eq!((c.voted, c.authored.clone()), (1, vec![0, 1, 0]));
        assert_eq!(b.state_for(t.as_str()).unwrap().vote, Some(second));
        let voted = b.state_for(t.as_str()).unwrap().version;
        // Closing freezes it.
        let mut closed = PhoneView::of(&s, false);
        assert!(b.publish(closed.clone()));
        assert!(
            !b.publish(closed.clone()),
            "the same view again changes nothing"
        );
        let after = b.state_for(t.as_str()).unwrap().version;
        assert_eq!(after, voted + 1, "each change is newer than the last, once");
        assert_eq!(b.vote(t.as_str(), round, first), Err(Refusal::Closed));
        assert_eq!(b.counts().authored, [0, 1, 0], "closing keeps the votes");
        // Reopening the same decision keeps the round and the votes.
        if let PhoneView::Decision(d) = &mut closed {
            d.open = true;
        }
        b.publish(closed);
        assert_eq!(b.state_for(t.as_str()).unwrap().round, round);
        b.vote(t.as_str(), round, first).unwrap();
        assert_eq!(b.counts().authored, [1, 0, 0]);
    }

    #[test]
    fn votes_only_for_options_on_offer_in_the_decision_on_screen() {
        let (s, mut b, t) = room(5);
        let round = b.state_for(t.as_str()).unwrap().round;
        let locked = shown_at(&s, 3);
        assert_eq!(
            b.vote(t.as_str(), round, locked),
            Err(Refusal::Locked(locked))
        );
        assert_eq!(b.vote(t.as_str(), round, 0), Err(Refusal::NoSuchOption(0)));
        assert_eq!(b.vote(t.as_str(), round, 4), Err(Refusal::NoSuchOption(4)));
        assert_eq!(
            b.vote(t.as_str(), round, usize::MAX),
            Err(Refusal::NoSuchOption(usize::MAX))
        );
        assert_eq!(b.vote(t.as_str(), round + 1, 1), Err(Refusal::MovedOn));
        b.publish(PhoneView::Waiting);
        let waiting = b.state_for(t.as_str()).unwrap();
        assert_eq!((waiting.stage, waiting.options.len()), ("waiting", 0));
        assert_eq!(
            b.vote(t.as_str(), waiting.round, 1),
            Err(Refusal::NoDecision)
        );
        assert_eq!(
            b.counts(),
            PhoneCounts {
                joined: 1,
                phones: vec![JoinedPhone {
                    name: None,
                    voted: false
                }],
                ..PhoneCounts::default()
            }
        );
    }

    #[test]
    fn a_phone_sees_what_the_projector_shows_in_the_same_order_and_nothing_else() {
        for seed in 0..8 {
            let (s, b, t) = room(seed);
            let state = b.state_for(t.as_str()).unwrap();
            let view = s.current();
            let texts: Vec<&str> = view.choices.iter().map(|c| c.text()).collect();
            let shown: Vec<&str> = state.options.iter().map(|o| o.text.as_str()).collect();
            assert_eq!(shown, texts, "the room's order (seed {seed})");
            let numbers: Vec<usize> = state.options.iter().map(|o| o.number).collect();
            assert_eq!(
                numbers,
                [1, 2, 3],
                "numbered as shown, the hidden option left out"
            );
            let locked = &state.options[shown_at(&s, 3) - 1];
            assert_eq!(
                locked.locked.as_deref(),
                Some("You have not asked her yet.")
            );
            assert_eq!(state.line.as_deref(), Some("Where are my glasses?"));
            assert_eq!(state.speaker.as_ref().unwrap().name, "Ana Silva");
            let json = serde_json::to_string(&state).unwrap();
            for secret in [
                "SECRET",
                "trust",
                "Trustworthiness",
                "effects",
                "A hidden option",
                "pats her cardigan",
                "\"a\"",
            ] {
                assert!(!json.contains(secret), "{secret} reached a phone: {json}");
            }
        }
    }

    #[test]
    fn the_tally_follows_the_option_not_the_slot() {
        // Find a seed that shuffles the first two options.
        let seed = (0..64)
            .find(|&seed| shown_at(&session(seed), 1) != 1)
            .expect("some seed shuffles");
        let (s, mut b, t) = room(seed);
        let u = b.join().unwrap();
        let round = b.state_for(t.as_str()).unwrap().round;
        b.vote(t.as_str(), round, shown_at(&s, 2)).unwrap();
        b.vote(u.as_str(), round, shown_at(&s, 2)).unwrap();
        let c = b.counts();
        assert_eq!(c.authored, [0, 2, 0]);
        let mut expect = vec![0; 3];
        expect[shown_at(&s, 2) - 1] = 2;
        assert_eq!(c.shown, expect);
        assert_eq!(c.phones.iter().filter(|p| p.voted).count(), 2);
    }

    #[test]
    fn phones_and_the_facilitators_counts_add_up_in_one_vote() {
        let (s, mut b, t) = room(7);
        let round = b.state_for(t.as_str()).unwrap().round;
        b.vote(t.as_str(), round, shown_at(&s, 2)).unwrap();
        let mut hands = Vote::new(s.current().choices.iter().map(|c| c.available));
        hands.add(shown_at(&s, 1) - 1);
        let whole = room_vote(&s, &hands, &b.counts());
        assert_eq!(whole.total(), 2);
        assert!(
            matches!(whole.result(), VoteResult::Tie(_, 1)),
            "one each: a tie"
        );
        assert_eq!(whole.in_authored_order(&numbers(&s), 4), [1, 1, 0, 0]);
        // Going back to the decision: the facilitator's share is what the phones did not add.
        let own = facilitator_share(&s, &whole, &b.counts());
        assert_eq!(own, hands);
        // Phone counts from another decision add nothing.
        let mut later = s.clone();
        later.choose(1).unwrap();
        let stale = b.counts();
        let hands_later = Vote::new([true]);
        assert_eq!(room_vote(&later, &hands_later, &stale).total(), 0);
    }

    fn numbers(s: &Session) -> Vec<usize> {
        s.current().choices.iter().map(|c| c.number).collect()
    }

    #[test]
    fn a_decision_shown_again_brings_its_phone_votes_back() {
        let (mut s, mut b, t) = room(2);
        let first = b.state_for(t.as_str()).unwrap().round;
        b.vote(t.as_str(), first, shown_at(&s, 1)).unwrap();
        b.publish(PhoneView::Waiting);
        s.choose(1).unwrap();
        b.publish(PhoneView::of(&s, true));
        let second = b.state_for(t.as_str()).unwrap();
        assert_ne!(second.round, first);
        assert_eq!(
            (second.vote, b.counts().voted),
            (None, 0),
            "a new decision starts empty"
        );
        assert_eq!(b.vote(t.as_str(), first, 1), Err(Refusal::MovedOn));
        b.vote(t.as_str(), second.round, 1).unwrap();
        // Undo: the first decision again, its vote as it was.
        s.rewind(0).unwrap();
        b.publish(PhoneView::of(&s, true));
        assert_eq!(b.counts().authored, [1, 0, 0]);
        let again = b.state_for(t.as_str()).unwrap();
        assert_eq!(again.vote, Some(shown_at(&s, 1)));
        b.clear_votes();
        assert_eq!(b.counts().voted, 0);
    }

    #[test]
    fn first_names_only_when_allowed_and_cleaned() {
        let (_, mut b, t) = room(0);
        assert_eq!(b.set_name(t.as_str(), "Sam"), Ok(None), "names not allowed");
        b.allow_names(true);
        assert_eq!(
            b.set_name(t.as_str(), "  <b>Sam</b>  O'Neill\u{7}  "),
            Ok(Some("bSamb O'Neill".into()))
        );
        assert_eq!(b.counts().phones[0].name.as_deref(), Some("bSamb O'Neill"));
        assert_eq!(
            b.state_for(t.as_str()).unwrap().name.as_deref(),
            Some("bSamb O'Neill")
        );
        assert_eq!(b.set_name("nobody", "Sam"), Err(Refusal::UnknownPhone));
        b.allow_names(false);
        assert_eq!(
            b.counts().phones[0].name,
            None,
            "forgotten when names are turned off"
        );
        assert_eq!(clean_name("   "), None);
        assert_eq!(clean_name(&"x".repeat(100)).unwrap().len(), MAX_NAME);
    }

    #[test]
    fn phones_wait_at_an_ending() {
        let mut s = session(0);
        s.choose(1).unwrap();
        assert!(matches!(PhoneView::of(&s, true), PhoneView::Decision(_)));
        s.choose(1).unwrap();
        assert!(s.current().ending.is_some());
        assert_eq!(PhoneView::of(&s, true), PhoneView::Waiting);
    }

    #[test]
    fn a_full_room_refuses_more_phones() {
        let mut b = Ballot::new(RoomCode::random().unwrap(), false);
        for _ in 0..MAX_PHONES {
            b.join().unwrap();
        }
        assert_eq!(b.join(), Err(Refusal::RoomFull));
        assert_eq!(b.counts().joined, MAX_PHONES);
    }
}
