//! The server's clock on mobile (`FlagEngine.observe_server_clock`, ADR 0026): the shared table
//! `tests/clock/cases.json` through the engine, and a device clock days off that no longer
//! moves a scheduled ramp step once a response's `Date` was observed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rollgate_mobile::FlagEngine;
use serde_json::Value;
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

#[test]
fn observe_server_clock_follows_the_shared_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/clock/cases.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in table["cases"].as_array().unwrap() {
        let engine = FlagEngine::empty();
        // A previous estimate, which a response that measures nothing leaves in place.
        let before = 12_345;
        engine.observe_server_clock(
            Some("Thu, 01 Jan 1970 00:00:00 GMT".into()),
            None,
            -before + 500,
            -before + 500,
        );
        assert_eq!(engine.clock_offset_ms(), before);
        let changed = engine.observe_server_clock(
            case["date"].as_str().map(str::to_owned),
            case["age"].as_str().map(str::to_owned),
            case["sent"].as_i64().unwrap(),
            case["received"].as_i64().unwrap(),
        );
        let expected = case["offset"].as_i64();
        assert_eq!(
            engine.clock_offset_ms(),
            expected.unwrap_or(before),
            "{}",
            case["name"]
        );
        assert_eq!(changed, expected.is_some(), "{}", case["name"]);
    }
}

/// The device's clock, epoch ms.
fn device_now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// `ms` as an IMF-fixdate (whole seconds), as a server's `Date` header writes it.
fn http_date(ms: i64) -> String {
    let ruleset = rollgate::time::format_rfc3339_ms(ms).unwrap(); // 2026-12-03T16:40:00.123Z
    let (date, time) = ruleset.split_once('T').unwrap();
    let [year, month, day] = [&date[0..4], &date[5..7], &date[8..10]];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][month.parse::<usize>().unwrap() - 1];
    // The day name is not checked; any of the seven will do.
    format!("Mon, {day} {month} {year} {} GMT", &time[0..8])
}

#[test]
fn a_device_days_behind_serves_a_ramp_step_the_server_has_passed() {
    // The server's clock is two days ahead of this device's: its step, one day ahead of the
    // device, has started there.
    let step = device_now() + DAY;
    let ruleset = format!(
        r#"{{"schema": 1, "revision": 1, "flags": {{"search-v2": {{"type": "boolean",
        "variants": {{"on": true, "off": false}}, "default": "off",
        "rules": [{{"id": "ramp", "rollout": {{"by": "userId", "serve": "on",
            "steps": [{{"at": {step}, "percent": 100}}, {{"at": {later}, "percent": 100}}]}}}}]}}}}}}"#,
        later = step + 3 * DAY,
    );
    let engine = FlagEngine::new(ruleset).unwrap();
    let user = HashMap::from([(
        "userId".to_owned(),
        rollgate_mobile::ContextValue::Text { value: "u1".into() },
    )]);
    assert!(!engine.bool_value("search-v2".into(), true, user.clone(), None));
    assert_eq!(engine.next_change_after(None), Some(step));

    let sent = device_now();
    let date = http_date(sent + 2 * DAY);
    assert!(engine.observe_server_clock(Some(date), None, sent, device_now()));
    let offset = engine.clock_offset_ms();
    assert!((offset - 2 * DAY).abs() < 2000, "offset {offset}");
    assert!(engine.bool_value("search-v2".into(), false, user.clone(), None));
    assert_eq!(
        engine.next_change_after(None),
        Some(step + 3 * DAY),
        "the next step on the server's clock"
    );
    // An explicit `now` is the caller's instant, never corrected.
    assert!(!engine.bool_value("search-v2".into(), true, user.clone(), Some(step - HOUR)));
    assert_eq!(engine.next_change_after(Some(step - HOUR)), Some(step));

    // The user fixes the device's clock: a response that agrees with it resets the estimate.
    let sent = device_now();
    assert!(engine.observe_server_clock(Some(http_date(sent)), Some("0".into()), sent, sent + 100));
    assert_eq!(engine.clock_offset_ms(), 0);
    assert!(!engine.bool_value("search-v2".into(), true, user, None));
}
