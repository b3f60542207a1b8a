//! Segment probes: does a changed segment match a context differently before and after?
//!
//! A flag whose own definition is the same on both sides and which differs only through the
//! segments it uses can only evaluate differently for a context that one of those segments
//! matches differently. A segment change (say `sessions gte 40` → `30`) often reaches many
//! flags but few contexts, so testing the segments first and skipping such flags for the
//! other contexts saves most of the work. The segments are tested through the core's public
//! API: a small ruleset with one flag per changed segment, `{"segment": name}` serving `on`.

use super::document::entries;
use rollgate::{Context, Ruleset};
use serde_json::{json, Map, Value};

/// The changed segments of one environment, compiled on both sides.
pub struct SegmentProbe {
    names: Vec<String>,
    old: Ruleset,
    new: Ruleset,
    /// The probe flag of each segment, by position in `names` (same on both sides).
    flags: Vec<usize>,
}

impl SegmentProbe {
    /// A probe for `names`, segments defined in both documents. `None` when there are none.
    pub fn new(old: &Value, new: &Value, names: Vec<String>) -> Option<SegmentProbe> {
        if names.is_empty() {
            return None;
        }
        let probe = |document: &Value| -> Option<Ruleset> {
            let segments: Map<String, Value> = entries(document, "segments")
                .filter(|(name, _)| names.iter().any(|n| n == name))
                .map(|(name, condition)| (name.to_owned(), condition.clone()))
                .collect();
            let flags: Map<String, Value> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    (
                        probe_key(i),
                        json!({"type": "boolean", "variants": {"on": true, "off": false},
                               "default": "off",
                               "rules": [{"when": {"segment": name}, "serve": "on"}]}),
                    )
                })
                .collect();
            Ruleset::from_value(
                &json!({"schema": 1, "revision": 0, "segments": segments, "flags": flags}),
            )
            .ok()
        };
        let (old, new) = (probe(old)?, probe(new)?);
        let flags = (0..names.len())
            .map(|i| old.flag(&probe_key(i)).map(|f| f.index()))
            .collect::<Option<Vec<usize>>>()?;
        Some(SegmentProbe {
            names,
            old,
            new,
            flags,
        })
    }

    /// The position of a segment in the probe.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Sets `differs[i]` to whether segment `i` matches `context` differently.
    pub fn compare(&self, context: &Context, now: i64, differs: &mut Vec<bool>) {
        differs.clear();
        differs.extend(self.flags.iter().map(|&index| {
            self.old.evaluate_index(index, context, now).variant
                != self.new.evaluate_index(index, context, now).variant
        }));
    }
}

fn probe_key(i: usize) -> String {
    format!("segment-{i}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_tells_which_segments_match_differently() {
        let doc = |days: i64| {
            json!({"schema": 1, "revision": 1, "flags": {},
                "segments": {"power": {"attr": "sessions", "op": "gte", "value": days},
                             "same": {"attr": "x", "op": "exists"}}})
        };
        let probe =
            SegmentProbe::new(&doc(40), &doc(30), vec!["power".into(), "same".into()]).unwrap();
        assert_eq!(probe.position("same"), Some(1));
        let mut differs = Vec::new();
        let user = |sessions: i64| {
            Context::new()
                .with("sessions", sessions)
                .and_then(|c| c.with("x", 1))
                .unwrap()
        };
        probe.compare(&user(35), 0, &mut differs);
        assert_eq!(differs, [true, false]);
        probe.compare(&user(45), 0, &mut differs);
        assert_eq!(differs, [false, false]);
        assert!(SegmentProbe::new(&doc(1), &doc(2), Vec::new()).is_none());
    }
}
