//! `expired` and `invalid_expires`: a flag's metadata `expires` date has passed, or is not a
//! date at all.

use crate::lint::model::Flag;
use crate::lint::{Kind, Report};
use serde_json::Value;

/// Reports `expires` when it is at or before `now`, and when it is not RFC 3339 text (a date
/// alone means midnight UTC, as everywhere in the format).
pub fn check(report: &mut Report, flag: &Flag, now: i64) {
    let Some(expires) = flag.metadata.and_then(|m| m.get("expires")) else {
        return;
    };
    let path = flag.path.key("metadata").key("expires");
    let Value::String(text) = expires else {
        report.add(
            Kind::InvalidExpires,
            path,
            Some(flag.key),
            format!(
                "\"expires\" must be an RFC 3339 date or date-time (2026-12-31), found {}",
                crate::output::json_text(expires)
            ),
        );
        return;
    };
    match rollgate::time::parse_rfc3339_ms(text) {
        Err(error) => report.add(
            Kind::InvalidExpires,
            path,
            Some(flag.key),
            format!("\"expires\" is not an RFC 3339 date or date-time: {error}"),
        ),
        Ok(at) if at <= now => report.add(
            Kind::Expired,
            path,
            Some(flag.key),
            format!("expired on {text} ({})", ago(now - at)),
        ),
        Ok(_) => {}
    }
}

/// `3 days ago`, `1 day ago`, `less than a day ago`.
pub fn ago(ms: i64) -> String {
    match ms / crate::lint::MS_PER_DAY {
        0 => "less than a day ago".to_owned(),
        1 => "1 day ago".to_owned(),
        days => format!("{days} days ago"),
    }
}
