//! Which ruleset an app starts from: the one an earlier run persisted, or the one bundled with
//! the app (ADR 0018).
//!
//! Every binding asks this module, so a browser, an Android and an iOS app holding the same two
//! rulesets serve the same one. The rule: the higher `revision` wins; on a tie, the persisted
//! one; a candidate that cannot be served (unreadable, not JSON, not a valid ruleset for this
//! engine) never wins and never blocks the other. [`choose`] is the rule on what a binding
//! knows; [`restore`] applies it to the two texts, parsing each once.

use crate::problem::LoadError;
use crate::ruleset::Ruleset;

/// What a binding knows about one ruleset it could start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidate {
    /// There is none: nothing persisted yet, or no ruleset bundled.
    Absent,
    /// There is one, but it cannot be served: unreadable, not JSON, or not a ruleset this
    /// engine accepts (e.g. a newer schema, persisted before the app was downgraded). Its
    /// revision, if it has one, is not trusted.
    Invalid,
    /// A valid ruleset.
    Valid {
        /// Its `revision`.
        revision: u64,
    },
}

/// Which ruleset to serve at start-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The ruleset persisted by an earlier run.
    Persisted,
    /// The ruleset bundled with the app.
    Bundled,
    /// Neither can be served: start empty (revision 0) and wait for the network.
    Empty,
}

impl Choice {
    /// The lowercase name the bindings report (`persisted`, `bundled`, `empty`).
    pub fn name(self) -> &'static str {
        match self {
            Choice::Persisted => "persisted",
            Choice::Bundled => "bundled",
            Choice::Empty => "empty",
        }
    }
}

/// The start-up rule. The higher revision wins, because revisions order a ruleset's
/// snapshots. On a tie the persisted one wins: it is the ruleset this device last accepted
/// (an engine accepts an update of equal revision), so a restart keeps serving exactly what was
/// served before it, and a client keeps the ETag it came with. An invalid candidate counts as
/// absent.
pub fn choose(persisted: Candidate, bundled: Candidate) -> Choice {
    match (persisted, bundled) {
        (Candidate::Valid { revision: p }, Candidate::Valid { revision: b }) if b > p => {
            Choice::Bundled
        }
        (Candidate::Valid { .. }, _) => Choice::Persisted,
        (_, Candidate::Valid { .. }) => Choice::Bundled,
        _ => Choice::Empty,
    }
}

/// What [`restore`] decided, with the ruleset to serve and why each candidate was not usable.
#[derive(Debug)]
pub struct Restored {
    /// The ruleset to serve: the chosen one, or [`Ruleset::empty`].
    pub ruleset: Ruleset,
    /// Where it came from.
    pub choice: Choice,
    /// Why the persisted ruleset could not be served, if it could not (a binding reports it
    /// and may discard the stored copy).
    pub persisted_error: Option<LoadError>,
    /// Why the bundled ruleset could not be served, if it could not (a bug in the app).
    pub bundled_error: Option<LoadError>,
}

/// Applies [`choose`] to the texts of the two candidates (the JSON bytes, `None` when absent):
/// each is parsed once and the loser is dropped.
pub fn restore(persisted: Option<&[u8]>, bundled: Option<&[u8]>) -> Restored {
    let persisted = persisted.map(Ruleset::from_json_bytes);
    let bundled = bundled.map(Ruleset::from_json_bytes);
    let choice = choose(candidate(persisted.as_ref()), candidate(bundled.as_ref()));
    let (persisted, persisted_error) = split(persisted);
    let (bundled, bundled_error) = split(bundled);
    let chosen = match choice {
        Choice::Persisted => persisted,
        Choice::Bundled => bundled,
        Choice::Empty => None,
    };
    Restored {
        ruleset: chosen.unwrap_or_else(Ruleset::empty),
        choice,
        persisted_error,
        bundled_error,
    }
}

/// What a binding knows once it has tried to parse a text (`None`: there was no text).
fn candidate(parsed: Option<&Result<Ruleset, LoadError>>) -> Candidate {
    match parsed {
        None => Candidate::Absent,
        Some(Err(_)) => Candidate::Invalid,
        Some(Ok(ruleset)) => Candidate::Valid {
            revision: ruleset.revision(),
        },
    }
}

/// The ruleset or the error of a parse, apart.
fn split(parsed: Option<Result<Ruleset, LoadError>>) -> (Option<Ruleset>, Option<LoadError>) {
    match parsed {
        None => (None, None),
        Some(Ok(ruleset)) => (Some(ruleset), None),
        Some(Err(error)) => (None, Some(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Candidate::{Absent, Invalid, Valid};

    #[test]
    fn the_higher_revision_wins_and_the_persisted_one_on_a_tie() {
        let v = |revision| Valid { revision };
        assert_eq!(choose(v(7), v(3)), Choice::Persisted);
        assert_eq!(choose(v(3), v(7)), Choice::Bundled);
        assert_eq!(choose(v(5), v(5)), Choice::Persisted);
        assert_eq!(choose(v(0), v(0)), Choice::Persisted);
        assert_eq!(choose(v(u64::MAX), v(0)), Choice::Persisted);
    }

    #[test]
    fn an_invalid_candidate_never_wins_and_never_blocks_the_other() {
        let v = Valid { revision: 1 };
        for nothing in [Absent, Invalid] {
            assert_eq!(choose(nothing, v), Choice::Bundled);
            assert_eq!(choose(v, nothing), Choice::Persisted);
            for other in [Absent, Invalid] {
                assert_eq!(choose(nothing, other), Choice::Empty);
            }
        }
    }

    #[test]
    fn restore_serves_the_chosen_text_and_reports_the_unusable_one() {
        let persisted = br#"{"schema": 1, "revision": 4, "flags": {}}"#;
        let newer_schema = br#"{"schema": 99, "revision": 1000, "flags": {}}"#;
        let restored = restore(Some(persisted), Some(newer_schema));
        assert_eq!(restored.choice, Choice::Persisted);
        assert_eq!(restored.ruleset.revision(), 4);
        assert!(restored.persisted_error.is_none());
        assert!(restored.bundled_error.is_some());

        let restored = restore(Some(b"{torn"), None);
        assert_eq!(restored.choice, Choice::Empty);
        assert_eq!(restored.ruleset.revision(), 0);
        assert!(restored.persisted_error.is_some());
    }
}
