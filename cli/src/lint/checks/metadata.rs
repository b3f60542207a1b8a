//! `missing_metadata`: every flag has the metadata keys the team requires (an `owner`, ...).

use crate::lint::model::Flag;
use crate::lint::{Kind, Report};
use serde_json::Value;

/// Reports each required key that a flag's metadata lacks, or holds empty (`""`, only
/// blanks, or an empty list). The path is the deepest node that exists: the key, the
/// metadata object, or the flag.
pub fn check(report: &mut Report, flag: &Flag) {
    if !report.wants(Kind::MissingMetadata) {
        return;
    }
    let keys = report.config().required_metadata.clone();
    for key in keys {
        let (path, message) = match flag.metadata.map(|m| m.get(&key)) {
            None => (
                flag.path.clone(),
                format!("no metadata: {key:?} is required"),
            ),
            Some(None) => (
                flag.path.key("metadata"),
                format!("metadata {key:?} is required"),
            ),
            Some(Some(value)) if is_empty(value) => (
                flag.path.key("metadata").key(&key),
                format!("metadata {key:?} is empty"),
            ),
            Some(Some(_)) => continue,
        };
        report.add(Kind::MissingMetadata, path, Some(flag.key), message);
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Null => true,
        _ => false,
    }
}
