//! `unused_segment`: a segment no flag's rule refers to.

use crate::lint::model::Doc;
use crate::lint::{JsonPath, Kind, Report};
use serde_json::Value;
use std::collections::BTreeSet;

/// Reports each segment that no rule condition of any flag names. Segments cannot refer to
/// segments (docs/format.md), so a use is always in a flag's rule. A use in a disabled flag
/// or in a rule that never decides still counts: such a flag or rule is itself reported.
pub fn check(report: &mut Report, doc: &Doc) {
    if !report.wants(Kind::UnusedSegment) || doc.segments.is_empty() {
        return;
    }
    let mut used = BTreeSet::new();
    for flag in &doc.flags {
        for rule in flag.rules.iter().flatten() {
            if let Some(when) = rule.when {
                collect_segments(when, &mut used);
            }
        }
        // A flag whose rules did not read could use any segment.
        if flag.rules.is_none() {
            return;
        }
    }
    for (name, _) in &doc.segments {
        if !used.contains(name) {
            report.add(
                Kind::UnusedSegment,
                JsonPath::root().key("segments").key(name),
                None,
                format!("segment {name:?} is used by no flag"),
            );
        }
    }
}

/// Every `{"segment": name}` in a condition.
fn collect_segments<'a>(condition: &'a Value, used: &mut BTreeSet<&'a str>) {
    match condition {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("segment") {
                used.insert(name);
            }
            for key in ["all", "any", "not"] {
                if let Some(child) = map.get(key) {
                    collect_segments(child, used);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_segments(item, used);
            }
        }
        _ => {}
    }
}
