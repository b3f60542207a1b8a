//! RFC 3339 timestamps as milliseconds since the Unix epoch (UTC), for time-based rules.
//!
//! Std-only and panic-free: rulesets come from outside, and a bad timestamp must become a clear
//! error, not a crash. Dates use the proleptic Gregorian calendar (Howard Hinnant's
//! days-from-civil algorithm), so no date library is needed in the WASM bundle.
//!
//! Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)` with years 0000–9999, where
//! - the separator may be `T`, `t` or a space, and `Z` may be `z` (RFC 3339 §5.6, note);
//! - the fraction has 1–9 digits; digits below the millisecond are dropped, which rounds toward
//!   negative infinity because the fraction only ever adds to the time;
//! - seconds are 0–59: leap second `60` is rejected, since millisecond epoch time (like POSIX
//!   time) has no place for it and accepting it would make two inputs mean the same instant;
//! - offsets are at most ±23:59; `-00:00` means UTC;
//! - as an extension, a date alone, `YYYY-MM-DD`, means midnight UTC of that day.

use std::fmt;

const MS_PER_DAY: i64 = 86_400_000;

/// Parses an RFC 3339 timestamp to milliseconds since the Unix epoch (UTC).
///
/// # Errors
/// A [`TimeError`] naming the first bad part when `text` is not of the accepted form (see the
/// module docs) or names a date or time that does not exist.
pub fn parse_rfc3339_ms(text: &str) -> Result<i64, TimeError> {
    if let Some(ms) = parse_common(text.as_bytes()) {
        return Ok(ms);
    }
    parse(text.as_bytes()).map_err(|reason| TimeError::new(text, reason))
}

/// The form nearly every ruleset writes, `YYYY-MM-DDTHH:MM:SSZ`, read in one step: `None`
/// for anything else, including an invalid date or time, which [`parse`] then reads (and
/// explains). A ramp has a timestamp per step, and the general parser's field-by-field
/// bookkeeping cost ~450 instructions each.
fn parse_common(s: &[u8]) -> Option<i64> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', n0, n1, b':', s0, s1, b'Z'] =
        s
    else {
        return None;
    };
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let year = number(&[y0, y1, y2, y3])?;
    let month = number(&[m0, m1])?;
    let day = number(&[d0, d1])?;
    let hour = number(&[h0, h1])?;
    let minute = number(&[n0, n1])?;
    let second = number(&[s0, s1])?;
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 59;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    days.checked_mul(MS_PER_DAY)?
        .checked_add(((hour * 60 + minute) * 60 + second) * 1000)
}

/// Formats milliseconds since the epoch as RFC 3339 UTC with millisecond precision
/// (`"2026-12-01T00:00:00.000Z"`); `None` if out of the supported year range (0000–9999).
pub fn format_rfc3339_ms(ms: i64) -> Option<String> {
    // Euclidean division keeps the time of day non-negative before 1970; it cannot overflow
    // because the divisor is a positive constant.
    let (year, month, day) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    if !(0..=9999).contains(&year) {
        return None;
    }
    let of_day = ms.rem_euclid(MS_PER_DAY);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000
    ))
}

/// Why a timestamp was rejected: the input (shortened if long) and the bad part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError {
    input: String,
    reason: String,
}

impl TimeError {
    fn new(text: &str, reason: String) -> Self {
        // Keep error messages readable when the input is a huge blob of garbage.
        const MAX_CHARS: usize = 64;
        let mut input: String = text.chars().take(MAX_CHARS).collect();
        if input.len() < text.len() {
            input.push_str("...");
        }
        Self { input, reason }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Quoting escapes control characters, so the message stays on one line.
        write!(f, "{}: {}", crate::quote::Quoted(&self.input), self.reason)
    }
}

impl std::error::Error for TimeError {}

fn parse(mut s: &[u8]) -> Result<i64, String> {
    let year = digits(&mut s, 4, "year")?;
    punct(&mut s, b'-', "after the year")?;
    let month = digits(&mut s, 2, "month")?;
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is out of range"));
    }
    punct(&mut s, b'-', "after the month")?;
    let day = digits(&mut s, 2, "day")?;
    if !(1..=days_in_month(year, month)).contains(&day) {
        return Err(format!(
            "day {day} is out of range for {year:04}-{month:02}"
        ));
    }
    let days = days_from_civil(year, month, day).ok_or_else(out_of_range)?;
    let (time_ms, offset_min) = match s.split_first() {
        None => (0, 0), // date-only extension: midnight UTC
        Some((b'T' | b't' | b' ', rest)) => time_and_offset(rest)?,
        Some(_) => return Err("expected 'T' between the date and the time".into()),
    };
    days.checked_mul(MS_PER_DAY)
        .and_then(|ms| ms.checked_add(time_ms))
        .and_then(|ms| ms.checked_sub(offset_min.checked_mul(60_000)?))
        .ok_or_else(out_of_range)
}

/// Parses `HH:MM:SS[.fraction]` and the offset up to the end of input: the local time of day in
/// milliseconds and the offset from UTC in minutes.
fn time_and_offset(mut s: &[u8]) -> Result<(i64, i64), String> {
    let hour = bounded(&mut s, "hour", 23)?;
    punct(&mut s, b':', "after the hour")?;
    let minute = bounded(&mut s, "minute", 59)?;
    punct(&mut s, b':', "after the minute")?;
    let second = digits(&mut s, 2, "second")?;
    if second == 60 {
        return Err("second 60 is out of range (leap seconds are not supported)".into());
    }
    if second > 59 {
        return Err(format!("second {second} is out of range"));
    }
    let mut millis = 0;
    if let Some((b'.', rest)) = s.split_first() {
        let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&count) {
            return Err("the fraction of a second must have 1 to 9 digits".into());
        }
        // Pad to three digits and drop the rest: ".5" is 500 ms, ".123456" is 123 ms.
        millis = rest
            .iter()
            .take(count.min(3))
            .chain(b"00")
            .take(3)
            .fold(0, |acc, &b| acc * 10 + i64::from(b - b'0'));
        s = rest.get(count..).unwrap_or_default();
    }
    let offset = match s.split_first() {
        Some((b'Z' | b'z', rest)) => {
            s = rest;
            0
        }
        Some((&sign @ (b'+' | b'-'), rest)) => {
            s = rest;
            let hours = bounded(&mut s, "offset hour", 23)?;
            punct(&mut s, b':', "in the offset")?;
            let minutes = bounded(&mut s, "offset minute", 59)?;
            let offset = hours * 60 + minutes;
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return Err("expected 'Z' or a +hh:mm / -hh:mm offset after the time".into()),
    };
    if !s.is_empty() {
        return Err("unexpected text after the offset".into());
    }
    let time_ms = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    Ok((time_ms, offset))
}

/// Reads exactly `width` ASCII digits (`width` <= 4, so the value fits easily).
fn digits(s: &mut &[u8], width: usize, what: &str) -> Result<i64, String> {
    let field = s.get(..width).filter(|f| f.iter().all(u8::is_ascii_digit));
    let Some(field) = field else {
        return Err(format!("expected a {width}-digit {what}"));
    };
    *s = s.get(width..).unwrap_or_default();
    Ok(field
        .iter()
        .fold(0, |acc, &b| acc * 10 + i64::from(b - b'0')))
}

/// Reads a 2-digit field that must be at most `max`.
fn bounded(s: &mut &[u8], what: &str, max: i64) -> Result<i64, String> {
    let value = digits(s, 2, what)?;
    if value > max {
        return Err(format!("{what} {value} is out of range"));
    }
    Ok(value)
}

fn punct(s: &mut &[u8], want: u8, place: &str) -> Result<(), String> {
    match s.split_first() {
        Some((&b, rest)) if b == want => {
            *s = rest;
            Ok(())
        }
        _ => Err(format!("expected '{}' {place}", char::from(want))),
    }
}

fn out_of_range() -> String {
    "the time is out of range".into()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid proleptic Gregorian date (Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    // Count years from March so that the leap day is the last day of the year.
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // 0..=399
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era.checked_mul(146_097)?
        .checked_add(day_of_era)?
        .checked_sub(719_468)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
/// Cannot overflow for any `days` that comes from an `i64` of milliseconds (|days| < 2^37).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days.saturating_add(719_468);
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097); // 0..=146_096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    #[test]
    fn the_common_form_reads_as_the_general_parser_does() {
        // Valid and invalid dates and times in the one-step form, including the edges that
        // send it back to the general parser (month 13, day 31 of a 30-day month, Feb 29 of a
        // non-leap year, hour 24, second 60, a lowercase `z`, a non-digit).
        let texts = [
            "2026-12-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T12:34:56Z",
            "2023-02-29T12:34:56Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T23:59:59z",
            "2026-01-01T2a:59:59Z",
            "1969-12-31T23:59:59Z",
        ];
        let mut read_in_one_step = 0;
        for text in texts {
            let general = parse(text.as_bytes()).ok();
            if let Some(ms) = parse_common(text.as_bytes()) {
                assert_eq!(Some(ms), general, "{text}");
                read_in_one_step += 1;
            }
            assert_eq!(parse_rfc3339_ms(text).ok(), general, "{text}");
        }
        // The six valid uppercase-`Z` forms above.
        assert_eq!(read_in_one_step, 6);
        assert_eq!(
            parse_common(b"2026-12-01T00:00:00Z"),
            Some(1_796_083_200_000)
        );
        assert_eq!(parse_common(b"2026-12-01T00:00:00.000Z"), None);
    }

    // Expected millisecond values were computed independently with Python's datetime.
    fn ms(text: &str) -> i64 {
        parse_rfc3339_ms(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn reason(text: &str) -> String {
        parse_rfc3339_ms(text).unwrap_err().to_string()
    }

    #[test]
    fn epoch_and_known_instants() {
        assert_eq!(ms("1970-01-01T00:00:00Z"), 0);
        assert_eq!(ms("1970-01-01"), 0);
        assert_eq!(ms("2000-02-29T00:00:00Z"), 951_782_400_000);
        assert_eq!(ms("2024-02-29T12:34:56.789Z"), 1_709_210_096_789);
        assert_eq!(ms("2026-12-01T00:00:00Z"), 1_796_083_200_000);
        assert_eq!(ms("2026-12-01"), 1_796_083_200_000);
        assert_eq!(ms("0001-01-01T00:00:00Z"), -62_135_596_800_000);
        assert_eq!(ms("0000-01-01T00:00:00Z"), -62_167_219_200_000);
        assert_eq!(ms("0000-02-29"), -62_162_121_600_000); // year 0 is a leap year
        assert_eq!(ms("9999-12-31T23:59:59.999Z"), 253_402_300_799_999);
    }

    #[test]
    fn before_the_epoch() {
        assert_eq!(ms("1969-12-31T23:59:59Z"), -1000);
        // Sub-millisecond digits round toward negative infinity, also before 1970.
        assert_eq!(ms("1969-12-31T23:59:59.9999Z"), -1);
        assert_eq!(ms("1969-12-31T23:59:59.999999999Z"), -1);
    }

    #[test]
    fn separators_and_offsets() {
        let want = 1_796_083_200_000;
        assert_eq!(ms("2026-12-01t00:00:00z"), want);
        assert_eq!(ms("2026-12-01 00:00:00Z"), want);
        assert_eq!(ms("2026-12-01T00:00:00+00:00"), want);
        assert_eq!(ms("2026-12-01T00:00:00-00:00"), want);
        assert_eq!(ms("2026-12-01T01:00:00+01:00"), want);
        assert_eq!(ms("2026-11-30T18:30:00-05:30"), want);
        assert_eq!(ms("9999-12-31T23:59:00-23:59"), 253_402_387_080_000);
        assert_eq!(ms("0001-01-01T00:00:00+23:59"), -62_135_683_140_000);
    }

    #[test]
    fn fractions() {
        let base = 946_684_799_000; // 1999-12-31T23:59:59Z
        assert_eq!(ms("1999-12-31T23:59:59.5Z"), base + 500);
        assert_eq!(ms("1999-12-31T23:59:59.05Z"), base + 50);
        assert_eq!(ms("1999-12-31T23:59:59.123Z"), base + 123);
        assert_eq!(ms("1999-12-31T23:59:59.1239Z"), base + 123);
        assert_eq!(ms("1999-12-31T23:59:59.123456789Z"), base + 123);
        assert_eq!(ms("1999-12-31T23:59:59.000000001Z"), base);
    }

    #[test]
    fn rejections_name_the_bad_part() {
        assert_eq!(
            reason("2026-13-01T00:00:00Z"),
            "\"2026-13-01T00:00:00Z\": month 13 is out of range"
        );
        let cases = [
            ("", "expected a 4-digit year"),
            ("26-01-01", "expected a 4-digit year"),
            ("+2026-01-01", "expected a 4-digit year"),
            ("2026/01/01", "expected '-' after the year"),
            ("2026-1-01", "expected a 2-digit month"),
            ("2026-00-01", "month 0 is out of range"),
            ("2026-01-00", "day 0 is out of range for 2026-01"),
            ("2026-04-31", "day 31 is out of range for 2026-04"),
            ("2023-02-29", "day 29 is out of range for 2023-02"),
            ("1900-02-29T00:00:00Z", "day 29 is out of range for 1900-02"),
            (
                "2026-01-01X00:00:00Z",
                "expected 'T' between the date and the time",
            ),
            ("2026-01-01T", "expected a 2-digit hour"),
            ("2026-01-01T24:00:00Z", "hour 24 is out of range"),
            ("2026-01-01T00:60:00Z", "minute 60 is out of range"),
            ("2026-01-01T00:00Z", "expected ':' after the minute"),
            (
                "2026-12-31T23:59:60Z",
                "second 60 is out of range (leap seconds",
            ),
            ("2026-01-01T00:00:61Z", "second 61 is out of range"),
            ("2026-01-01T00:00:00.Z", "must have 1 to 9 digits"),
            ("2026-01-01T00:00:00.1234567890Z", "must have 1 to 9 digits"),
            (
                "2026-01-01T00:00:00",
                "expected 'Z' or a +hh:mm / -hh:mm offset",
            ),
            ("2026-01-01T00:00:00+0100", "expected ':' in the offset"),
            (
                "2026-01-01T00:00:00+24:00",
                "offset hour 24 is out of range",
            ),
            (
                "2026-01-01T00:00:00-01:60",
                "offset minute 60 is out of range",
            ),
            ("2026-01-01T00:00:00ZZ", "unexpected text after the offset"),
            ("2026-01-01T00:00:00Z\n", "unexpected text after the offset"),
            ("２０２６-01-01", "expected a 4-digit year"),
        ];
        for (input, want) in cases {
            let got = reason(input);
            assert!(got.contains(want), "{input:?}: got {got:?}, want {want:?}");
        }
        let long = "x".repeat(1000);
        assert_eq!(
            reason(&long),
            format!("\"{}...\": expected a 4-digit year", &long[..64])
        );
        let err: Box<dyn std::error::Error> = Box::new(parse_rfc3339_ms("nope").unwrap_err());
        assert!(err.to_string().starts_with("\"nope\": "));
    }

    #[test]
    fn formatting() {
        let f = |ms| format_rfc3339_ms(ms);
        assert_eq!(f(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(f(-1).as_deref(), Some("1969-12-31T23:59:59.999Z"));
        assert_eq!(
            f(1_796_083_200_000).as_deref(),
            Some("2026-12-01T00:00:00.000Z")
        );
        assert_eq!(
            f(951_782_400_000).as_deref(),
            Some("2000-02-29T00:00:00.000Z")
        );
        assert_eq!(
            f(-62_167_219_200_000).as_deref(),
            Some("0000-01-01T00:00:00.000Z")
        );
        assert_eq!(
            f(253_402_300_799_999).as_deref(),
            Some("9999-12-31T23:59:59.999Z")
        );
        assert_eq!(f(253_402_300_800_000), None);
        assert_eq!(f(-62_167_219_200_001), None);
        assert_eq!(f(i64::MAX), None);
        assert_eq!(f(i64::MIN), None);
    }

    #[test]
    fn round_trip() {
        let (lo, hi) = (-62_167_219_200_000_i64, 253_402_300_799_999_i64);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut values = vec![lo, hi, 0, -1, 1, 951_782_400_000];
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            values.push(lo + (x >> 11) as i64 % (hi - lo + 1));
        }
        for v in values {
            let text = format_rfc3339_ms(v).unwrap();
            assert_eq!(ms(&text), v, "{text}");
        }
        // Every day of a span crossing leap years and the epoch keeps its calendar date.
        for day in -800..800 {
            let text = format_rfc3339_ms(day * MS_PER_DAY).unwrap();
            assert_eq!(ms(&text[..10]), day * MS_PER_DAY, "{text}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        const ALPHABET: &[u8] = b"0123456789-:T tZz+.\xc3\xa9\x00\xff";
        let seeds = [
            "2026-12-01T00:00:00.123+01:30",
            "0000-02-29",
            "9999-12-31T23:59:59Z",
        ];
        let mut x: u64 = 42;
        let mut next = |n: usize| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        for i in 0..50_000 {
            let mut bytes = seeds[i % seeds.len()].as_bytes().to_vec();
            if i % 2 == 0 {
                bytes.truncate(next(40));
            }
            for _ in 0..next(4) {
                let at = next(bytes.len() + 1);
                let byte = ALPHABET[next(ALPHABET.len())];
                match next(3) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(v) = parse_rfc3339_ms(&text) {
                // Whatever parses must format (when in range) to an instant that parses back.
                if let Some(again) = format_rfc3339_ms(v) {
                    assert_eq!(ms(&again), v, "{text:?}");
                }
            }
        }
    }
}
