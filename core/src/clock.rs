//! The ruleset server's clock as seen from a device whose clock may be off (ADR 0026).
//!
//! Scheduled ramp steps are instants on the server's clock. Every HTTP response says what time
//! it is on its host (`Date`), and a CDN's cached copy says how old it is (`Age`): from those and
//! the request's round trip a client estimates how far the device's clock is off. The npm
//! client does it in `npm/src/clock.ts` (the browser module has no room for this code); the
//! mobile bindings call [`estimate_offset`]. Both apply one rule, checked against the shared
//! table `tests/clock/cases.json` in Rust and in Node.
//!
//! `Date` is read in the form RFC 9110 §5.6.7 requires every sender to use, IMF-fixdate
//! (`Sun, 06 Nov 1994 08:49:37 GMT`), by [`parse_http_date`]. The obsolete RFC 850 and asctime
//! forms are not read: no ruleset host sends them, asctime has no time zone, and RFC 850's
//! two-digit years need a guess. A `Date` that cannot be read measures nothing.

use crate::time::parse_rfc3339_ms;

/// Half of `Date`'s resolution (one second): the server's instant lies within ±500 ms of
/// `Date + 500`. `Age` has the same resolution.
const HALF_SECOND: i128 = 500;

/// The offset to add to the device's clock to get the server's, in milliseconds, from one
/// response: its `Date` and `Age` header values (`None` when absent), the device's clock when
/// the request was sent and when the response's headers arrived (epoch ms).
///
/// The server made the response between the two, when its clock read `Date + Age` plus up to a
/// second; on the device that moment is taken as halfway through the round trip:
/// `Date + Age·1000 + 500 − (sent + roundTrip/2)`. An estimate within its own uncertainty
/// (500 ms for `Date`, another 500 for `Age` when present, plus half the round trip) is 0: as
/// far as one response can tell, the clocks agree, and a device synchronised by NTP is closer
/// to the truth than that. Halves round up (toward +∞), as JavaScript's `Math.round`.
///
/// `None` when `date` is absent or not an IMF-fixdate: the response measures nothing and the
/// caller keeps its previous estimate. `age` counts only when it is all ASCII digits (after
/// trimming whitespace); otherwise it is ignored. A receive time before the send time counts
/// as no round trip. Results beyond the `i64` range saturate.
pub fn estimate_offset(
    date: Option<&str>,
    age: Option<&str>,
    sent_at_ms: i64,
    received_at_ms: i64,
) -> Option<i64> {
    let server = i128::from(parse_http_date(date?)?);
    let age = age.and_then(age_seconds).map(i128::from);
    let sent = i128::from(sent_at_ms);
    let round_trip = (i128::from(received_at_ms) - sent).max(0);
    // In half milliseconds, so that half an odd round trip stays exact. No overflow: every term
    // is below 2^75 (an Age of u64::MAX seconds is 2^74 half milliseconds).
    let estimate = 2 * (server + age.unwrap_or(0) * 1000 + HALF_SECOND - sent) - round_trip;
    let uncertainty = 2 * (HALF_SECOND + age.map_or(0, |_| HALF_SECOND)) + round_trip;
    if estimate.abs() <= uncertainty {
        return Some(0);
    }
    let rounded = (estimate + 1).div_euclid(2);
    Some(i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX }))
}

/// An `Age` value in seconds when it is all ASCII digits after trimming (saturating at
/// `u64::MAX`), else `None`.
fn age_seconds(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0u64, |seconds, b| {
        seconds
            .saturating_mul(10)
            .saturating_add(u64::from(b - b'0'))
    }))
}

/// Reads an HTTP date in IMF-fixdate form, `Sun, 06 Nov 1994 08:49:37 GMT`, as milliseconds
/// since the Unix epoch; `None` for anything else.
///
/// Surrounding whitespace is ignored. The day name must be one of the seven but is not
/// checked against the date (a recipient has no use for it, and browsers' `Date.parse` ignores
/// it too); the day of the month may have one digit (`6 Nov`, as some servers write it). Names
/// are case-sensitive, as RFC 9110 says. The fields are checked for shape here, then read by
/// the core's timestamp reader ([`crate::time`]) as the RFC 3339 instant they name, so both
/// forms share one calendar: the year as written (0000–9999), and a date that does not exist
/// (`30 Feb`), hour 24 or leap second 60 refused.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let (day_name, rest) = text.trim().split_once(", ")?;
    let [day, month, year, time, "GMT"] = rest.split(' ').collect::<Vec<_>>()[..] else {
        return None;
    };
    let month = MONTH_NAMES.iter().position(|&m| m == month)? + 1;
    let time_shape = time.len() == 8
        && time.bytes().enumerate().all(|(i, b)| match i {
            2 | 5 => b == b':',
            _ => b.is_ascii_digit(),
        });
    let valid = DAY_NAMES.contains(&day_name)
        && (1..=2).contains(&day.len())
        && day.bytes().all(|b| b.is_ascii_digit())
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && time_shape;
    if !valid {
        return None;
    }
    parse_rfc3339_ms(&format!("{year}-{month:02}-{day:0>2}T{time}Z")).ok()
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn imf_fixdate_reads_as_the_rfc_3339_parser_reads_the_same_instant() {
        let pairs = [
            ("Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),
            ("Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"),
            ("Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"),
            ("Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z"),
            ("Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z"),
            ("Sat, 01 Jan 0000 00:00:00 GMT", "0000-01-01T00:00:00Z"),
            ("Thu, 3 Dec 2026 16:40:00 GMT", "2026-12-03T16:40:00Z"),
        ];
        for (http, rfc3339) in pairs {
            let expected = crate::time::parse_rfc3339_ms(rfc3339).unwrap();
            assert_eq!(parse_http_date(http), Some(expected), "{http}");
        }
    }

    #[test]
    fn other_forms_and_impossible_dates_are_refused() {
        for text in [
            "",
            "Sun, 06 Nov 1994 08:49:37",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06  Nov 1994 08:49:37 GMT",
            "Sun, 006 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37.5 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Fun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 30 Feb 2026 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 23:60:00 GMT",
            "Sun, 06 Nov 1994 23:59:60 GMT",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:3\u{0661} GMT",
        ] {
            assert_eq!(parse_http_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_large_age_or_round_trip_saturates_instead_of_overflowing() {
        let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
        let huge_age = Some("99999999999999999999999999999999999999999");
        assert_eq!(estimate_offset(date, huge_age, 0, 0), Some(i64::MAX));
        assert_eq!(
            estimate_offset(date, None, i64::MIN, i64::MAX),
            Some(0),
            "a round trip that long makes any estimate uncertain"
        );
        let year_zero = Some("Sat, 01 Jan 0000 00:00:00 GMT");
        assert_eq!(
            estimate_offset(year_zero, None, i64::MAX, i64::MAX),
            Some(i64::MIN)
        );
    }
}
