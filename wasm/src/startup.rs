//! [`startup_choice`]: the core's start-up rule for the npm client.

use rollgate::startup::{choose, Candidate};
use wasm_bindgen::prelude::*;

/// Which local ruleset the client starts from, by the core's rule for every binding
/// (`rollgate::startup::choose`, ADR 0018): the higher revision wins, the persisted one on a
/// tie, an invalid one never wins. Each argument is a candidate's revision, `-1` for one that
/// is not a valid ruleset, or `undefined` for none. Returns `"persisted"`, `"bundled"` or
/// `"empty"`.
///
/// Revisions, not texts: the client has parsed each candidate already (it must load the winner
/// anyway), so the rule crosses the boundary without a copy of either ruleset.
#[wasm_bindgen(js_name = startupChoice)]
pub fn startup_choice(persisted: Option<f64>, bundled: Option<f64>) -> String {
    choose(candidate(persisted), candidate(bundled))
        .name()
        .to_owned()
}

fn candidate(revision: Option<f64>) -> Candidate {
    match revision {
        None => Candidate::Absent,
        // Revisions are integers from 0 to 2^53, exact in a JS number.
        Some(r) if r >= 0.0 => Candidate::Valid { revision: r as u64 },
        Some(_) => Candidate::Invalid,
    }
}
