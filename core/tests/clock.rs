//! The clock estimate (`rollgate::clock`) on the shared table `tests/clock/cases.json`, which the
//! npm client's `ServerClock` and the mobile bindings run too: the same offset from the same
//! response everywhere, apart from the `Date` forms the table marks as read by browsers only.

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use rollgate::clock::estimate_offset;
use serde_json::Value;

#[test]
fn estimate_offset_follows_the_shared_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/clock/cases.json");
    let text = std::fs::read_to_string(path).expect("tests/clock/cases.json");
    let table: Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "too few clock cases: {}", cases.len());
    for case in cases {
        let offset = estimate_offset(
            case["date"].as_str(),
            case["age"].as_str(),
            case["sent"].as_i64().expect("sent"),
            case["received"].as_i64().expect("received"),
        );
        assert_eq!(offset, case["offset"].as_i64(), "{}", case["name"]);
    }
    let unread = cases.iter().filter(|c| c["offset"].is_null()).count();
    let corrected = cases
        .iter()
        .filter(|c| c["offset"].as_i64().is_some_and(|o| o != 0))
        .count();
    assert!(
        unread >= 5 && corrected >= 10,
        "{unread} unread, {corrected} corrected"
    );
}

mod http_date {
    use proptest::prelude::*;
    use rollgate::clock::parse_http_date;
    use rollgate::time::parse_rfc3339_ms;

    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// Every field in and just out of range, a one-digit day, any day name: an IMF-fixdate
        /// reads as the RFC 3339 text of the same fields reads, and only then. (The calendar
        /// itself is checked against java.time on thousands of dates: tests/mobile/kotlin/Clock.kt.)
        #[test]
        fn reads_as_rfc_3339_reads_the_same_fields(
            day_name in 0usize..7,
            year in 0i64..=9999,
            month in 1usize..=12,
            day in 0i64..=32,
            hour in 0i64..=25,
            minute in 0i64..=60,
            second in 0i64..=61,
            one_digit_day in any::<bool>(),
        ) {
            let day_text = if one_digit_day && day < 10 { format!("{day}") } else { format!("{day:02}") };
            let http = format!(
                "{}, {day_text} {} {year:04} {hour:02}:{minute:02}:{second:02} GMT",
                DAYS[day_name], MONTHS[month - 1]
            );
            let rfc3339 = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z");
            prop_assert_eq!(parse_http_date(&http), parse_rfc3339_ms(&rfc3339).ok(), "{}", http);
        }

        /// Arbitrary text never panics, and whatever reads formats back to itself.
        #[test]
        fn arbitrary_text_reads_only_as_an_imf_fixdate(text in "[ -~]{0,40}") {
            if let Some(ms) = parse_http_date(&text) {
                prop_assert!(text.trim().ends_with(" GMT"), "{}", text);
                prop_assert!(ms > -62_167_219_200_001 && ms < 253_402_300_800_000);
            }
        }
    }
}
