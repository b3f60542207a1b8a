//! JSON numbers: reading text into exact values, and writing doubles back as text.
//!
//! Reading is exact: a number's value is the correctly rounded double of its text, as Rust's
//! `str::parse::<f64>` gives it (the outside reference every binding agrees with: JavaScript's
//! `JSON.parse`, Python's `float`, Java's `Double.parseDouble` round the same way). Integers
//! that fit stay exact integers, so `revision` and epoch milliseconds are read without a
//! detour through a double.
//!
//! Writing gives the shortest text that reads back to the same double, laid out as
//! JavaScript's `Number.prototype.toString` does (`50`, `12.5`, `1e+25`, `5e-324`), so every
//! binding shows the same text a browser would.
//!
//! Both have a fast path for the usual numbers (integers, short decimals) and fall back to
//! the exact big-integer algorithms of [`super::exact`].

use super::exact;
use std::fmt::{self, Write as _};

/// A JSON number as read: integers that fit stay exact (`u64`, or `i64` when negative);
/// anything else is the correctly rounded `f64` of its text (always finite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    /// The nearest double (integers beyond 2^53 round, as in JSON and JavaScript).
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            // `as` rounds to nearest, ties to even: the same double as parsing the text.
            Number::Unsigned(n) => n as f64,
            Number::Signed(n) => n as f64,
            Number::Float(f) => f,
        }
    }

    /// A non-negative integer; `1.0` counts (JSON Schema and JavaScript agree).
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(n) => Some(n),
            Number::Signed(n) => u64::try_from(n).ok(),
            // Below 2^53 every integral float is exact, so the conversion is too.
            Number::Float(f) if f.fract() == 0.0 && (0.0..TWO_TO_53).contains(&f) => Some(f as u64),
            Number::Float(_) => None,
        }
    }

    /// An integer; `1.0` counts.
    pub(crate) fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(n) => i64::try_from(n).ok(),
            Number::Signed(n) => Some(n),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < TWO_TO_53 => Some(f as i64),
            Number::Float(_) => None,
        }
    }

    /// Appends the number as JSON text (see `Display`).
    pub(crate) fn write(self, out: &mut String) {
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{self}");
    }
}

impl fmt::Display for Number {
    /// The number as JSON text: integers exactly, doubles as [`write_f64`] writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(x) => f.write_str(ShortestText::of(*x).as_str()),
        }
    }
}

/// 2^53: every integer of smaller magnitude is exact in an `f64`.
const TWO_TO_53: f64 = 9_007_199_254_740_992.0;

/// Why the text at a position is not a JSON number: the byte offset of the offending
/// character, and the message.
pub(crate) type NumberError = (usize, &'static str);

/// Reads the JSON number that starts at byte `start` of `text` (at a `-` or a digit).
/// Returns it and the offset just after it.
pub(crate) fn read(text: &str, start: usize) -> Result<(Number, usize), NumberError> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let at = |pos: usize| bytes.get(pos).copied();
    let negative = at(pos) == Some(b'-');
    if negative {
        pos += 1;
    }
    let mut decimal = Decimal::default();
    match at(pos) {
        Some(b'0') => {
            pos += 1;
            if let Some(b'0'..=b'9') = at(pos) {
                return Err((pos, INVALID));
            }
        }
        Some(b'1'..=b'9') => {
            while let Some(digit @ b'0'..=b'9') = at(pos) {
                decimal.push_integer_digit(digit - b'0');
                pos += 1;
            }
        }
        _ => return Err((pos, INVALID)),
    }
    let mut integral = true;
    if at(pos) == Some(b'.') {
        integral = false;
        pos += 1;
        expect_digit(at(pos), pos)?;
        while let Some(digit @ b'0'..=b'9') = at(pos) {
            decimal.push_fraction_digit(digit - b'0');
            pos += 1;
        }
    }
    if let Some(b'e' | b'E') = at(pos) {
        integral = false;
        pos += 1;
        let exponent_negative = match at(pos) {
            Some(b'-') => {
                pos += 1;
                true
            }
            Some(b'+') => {
                pos += 1;
                false
            }
            _ => false,
        };
        expect_digit(at(pos), pos)?;
        let mut exponent: i32 = 0;
        while let Some(digit @ b'0'..=b'9') = at(pos) {
            // Saturate: beyond ±100 000 every value is zero or out of range anyway.
            exponent = (exponent * 10 + i32::from(digit - b'0')).min(100_000);
            pos += 1;
        }
        decimal.exponent += if exponent_negative {
            -exponent
        } else {
            exponent
        };
    }
    let number_text = text.get(start..pos).unwrap_or_default();
    let number = if integral {
        integer(&decimal, negative, number_text)
    } else {
        None
    };
    let number = match number {
        Some(number) => number,
        None => {
            Number::Float(to_f64(&decimal, negative, number_text).ok_or((start, OUT_OF_RANGE))?)
        }
    };
    Ok((number, pos))
}

const INVALID: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";

/// The digit a fraction or an exponent must start with.
fn expect_digit(byte: Option<u8>, pos: usize) -> Result<(), NumberError> {
    match byte {
        Some(b'0'..=b'9') => Ok(()),
        _ => Err((pos, INVALID)),
    }
}

/// An integer's exact value, if it fits `u64` (or `i64` when negative). `-0` is not an
/// integer: it is the float negative zero, as in JavaScript.
fn integer(decimal: &Decimal, negative: bool, text: &str) -> Option<Number> {
    // Up to 19 digits are all in the mantissa; longer integers (rare) are read by `str::parse`.
    let fits_mantissa = decimal.exponent == 0 && !decimal.truncated;
    match (negative, fits_mantissa) {
        (false, true) => Some(Number::Unsigned(decimal.mantissa)),
        (true, true) if decimal.mantissa > 0 => 0i64
            .checked_sub_unsigned(decimal.mantissa)
            .map(Number::Signed),
        (true, true) => None,
        (false, false) => text.parse().ok().map(Number::Unsigned),
        (true, false) => text.parse().ok().map(Number::Signed),
    }
}

/// The correctly rounded double of the number `text`, whose first digits `decimal` holds;
/// `None` when it is out of range (rounds to infinity).
fn to_f64(decimal: &Decimal, negative: bool, text: &str) -> Option<f64> {
    let estimate = decimal.estimate();
    // Clinger's fast path: a mantissa of at most 53 bits and a power of ten that is exact in
    // a double give the correctly rounded result in one rounded operation, which is the
    // estimate. That covers the numbers rulesets hold (percentages, weights, thresholds).
    let fast = !decimal.truncated
        && decimal.mantissa <= 1 << 53
        && decimal.exponent.unsigned_abs() as usize <= MAX_EXACT_POWER;
    let magnitude = if fast {
        estimate
    } else {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        exact::correctly_rounded(&exact::Digits::read(unsigned), estimate)
    };
    let value = if negative { -magnitude } else { magnitude };
    value.is_finite().then_some(value)
}

/// A decimal number as `mantissa × 10^exponent`, with the first 19 significant digits kept.
#[derive(Default)]
struct Decimal {
    mantissa: u64,
    /// Significant digits in `mantissa` (leading zeros are not significant).
    digits: u32,
    exponent: i32,
    /// True when a digit beyond the 19th significant one was dropped (zeros included, so
    /// that a 20-digit integer is never taken for its first 19 digits).
    truncated: bool,
}

impl Decimal {
    const MAX_DIGITS: u32 = 19;

    fn push_integer_digit(&mut self, digit: u8) {
        if self.digits < Self::MAX_DIGITS {
            self.push_significant(digit);
        } else {
            self.truncated = true;
            self.exponent = self.exponent.saturating_add(1);
        }
    }

    fn push_fraction_digit(&mut self, digit: u8) {
        if self.digits < Self::MAX_DIGITS {
            self.push_significant(digit);
            self.exponent = self.exponent.saturating_sub(1);
        } else {
            self.truncated = true;
        }
    }

    fn push_significant(&mut self, digit: u8) {
        // 19 digits always fit a u64 (10^19 - 1 < 2^64).
        self.mantissa = self.mantissa * 10 + u64::from(digit);
        if self.mantissa != 0 {
            self.digits += 1;
        }
    }

    /// `mantissa × 10^exponent` (the magnitude) by floating-point operations: exact when the
    /// mantissa fits 53 bits and `|exponent| ≤ 22` (one rounded operation), otherwise within
    /// a few units in the last place (the powers of ten are applied in steps of 10^22).
    fn estimate(&self) -> f64 {
        let mut value = self.mantissa as f64;
        let mut exponent = self.exponent;
        while exponent > MAX_EXACT_POWER as i32 && value.is_finite() {
            value *= 1e22;
            exponent -= 22;
        }
        while exponent < -(MAX_EXACT_POWER as i32) && value != 0.0 {
            value /= 1e22;
            exponent += 22;
        }
        let power = POW10
            .get(exponent.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        if exponent >= 0 {
            value * power
        } else {
            value / power
        }
    }
}

/// The largest power of ten exact in an `f64`.
const MAX_EXACT_POWER: usize = 22;

/// Exact powers of ten representable in an `f64`, up to [`MAX_EXACT_POWER`].
const POW10: [f64; MAX_EXACT_POWER + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Appends `x` as the shortest JSON text that reads back to the same double (see the module
/// documentation for the layout). Not finite: `null`, as `JSON.stringify` writes it.
pub(crate) fn write_f64(x: f64, out: &mut String) {
    out.push_str(ShortestText::of(x).as_str());
}

/// The text of [`write_f64`] in a buffer on the stack: the longest is 25 bytes
/// (`-0.0000012345678901234567`), and no allocation is needed to make it.
struct ShortestText {
    bytes: [u8; 32],
    len: usize,
}

impl ShortestText {
    fn of(x: f64) -> ShortestText {
        let mut text = ShortestText {
            bytes: [0; 32],
            len: 0,
        };
        if !x.is_finite() {
            text.push_str("null");
            return text;
        }
        // The sign of negative zero too: `-0` reads back as the same double everywhere.
        if x.is_sign_negative() {
            text.push_str("-");
        }
        let magnitude = x.abs();
        if magnitude.fract() == 0.0 && magnitude < TWO_TO_53 {
            // Integers (nearly every number): exact as an integer, no digit search. Writing
            // into the buffer cannot fail: at most 16 digits.
            let _ = write!(text, "{}", magnitude as u64);
            return text;
        }
        let mut digits = ShortestText {
            bytes: [0; 32],
            len: 0,
        };
        let point = exact::shortest_digits(magnitude, &mut |digit| digits.push_byte(digit));
        text.lay_out(digits.as_str(), point - 1);
        text
    }

    /// Lays out `d1.d2...dn × 10^exponent` (`digits` without the point) as ECMAScript's
    /// Number::toString does: plain digits for exponents from -6 to 20, else `d.ddde±x`.
    fn lay_out(&mut self, digits: &str, exponent: i32) {
        let count = digits.len() as i32;
        // The position of the decimal point relative to the first digit (ECMAScript's n).
        let point = exponent + 1;
        if count <= point && point <= 21 {
            // An integer: the digits, then zeros.
            self.push_str(digits);
            for _ in count..point {
                self.push_str("0");
            }
        } else if 0 < point && point <= 21 {
            // `point` < `count` here, so the split is inside the digits.
            let (whole, fraction) = digits
                .split_at_checked(point as usize)
                .unwrap_or((digits, ""));
            self.push_str(whole);
            self.push_str(".");
            self.push_str(fraction);
        } else if -6 < point && point <= 0 {
            self.push_str("0.");
            for _ in point..0 {
                self.push_str("0");
            }
            self.push_str(digits);
        } else {
            let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, ""));
            self.push_str(first);
            if !rest.is_empty() {
                self.push_str(".");
                self.push_str(rest);
            }
            self.push_str(if exponent >= 0 { "e+" } else { "e-" });
            let _ = write!(self, "{}", exponent.unsigned_abs());
        }
    }

    fn push_byte(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn push_str(&mut self, text: &str) {
        let end = self.len + text.len();
        if let Some(slot) = self.bytes.get_mut(self.len..end) {
            slot.copy_from_slice(text.as_bytes());
            self.len = end;
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever pushed.
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Write for ShortestText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    /// The double the core reads from `text` (which must be a whole JSON number).
    fn read_f64(text: &str) -> f64 {
        let (number, end) = read(text, 0).unwrap();
        assert_eq!(end, text.len(), "{text}");
        number.as_f64()
    }

    fn written(x: f64) -> String {
        let mut text = String::new();
        write_f64(x, &mut text);
        text
    }

    /// Numbers the fast path cannot take, and numbers at its edges, read as `str::parse`
    /// reads them (the outside reference), to the bit.
    #[test]
    fn hard_numbers_are_correctly_rounded() {
        for text in [
            "3.6703193633380836e+22",
            "3.6703193633380836e22",
            "1.0E25",
            "1e25",
            "9.999999999999999e+24",
            "5e-324",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "-1.7976931348623157e308",
            "1e308",
            "-1e308",
            "1e-308",
            "4.9e-310",
            "3.141592653589793238462643383279",
            "123456789012345678901234567890e-20",
            "9007199254740993.0",
            "9007199254740993e0",
            "9007199254740992.5",
            "18446744073709551615.0",
            "0.30000000000000004",
            "0.1",
            "1e23",
            "8.41e21",
            "1448997445238699",
            "1e-7",
            "7.3177701707893310e+15",
            "2.9802322387695312e-8",
            "0.000000000000000000000000000000000000000000001",
            "0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001e400",
            "1e-400",
            "-0.0",
            "0e999999",
        ] {
            let expected: f64 = text.parse().unwrap();
            let ours = read_f64(text);
            assert_eq!(ours.to_bits(), expected.to_bits(), "{text}: {ours:e} vs {expected:e}");
        }
    }

    #[test]
    fn out_of_range_is_an_error_at_the_number() {
        for text in ["1e309", "-1e309", "1.8e308", "2e308", "1e99999999"] {
            assert_eq!(read(text, 0).unwrap_err(), (0, OUT_OF_RANGE), "{text}");
        }
        assert_eq!(read("[1e999]", 1).unwrap_err(), (1, OUT_OF_RANGE));
    }

    /// Integers of up to 19 digits come from the mantissa; longer ones through `str::parse`,
    /// exact while they fit.
    #[test]
    fn integers_of_every_length_are_exact() {
        let mut n: u64 = 0;
        for digit in [
            1u64, 8, 4, 4, 6, 7, 4, 4, 0, 7, 3, 7, 0, 9, 5, 5, 1, 6, 1, 5,
        ] {
            n = n * 10 + digit;
            let text = n.to_string();
            assert_eq!(read(&text, 0).unwrap().0, Number::Unsigned(n), "{text}");
            let negative = format!("-{text}");
            let expected = match 0i64.checked_sub_unsigned(n) {
                Some(i) => Number::Signed(i),
                None => Number::Float(-(n as f64)),
            };
            assert_eq!(read(&negative, 0).unwrap().0, expected, "{negative}");
        }
    }

    /// The layout of ECMAScript's Number::toString: plain digits from 1e-6 up to below 1e21,
    /// exponents outside, `+` on positive exponents; integers without a fraction.
    #[test]
    fn writes_numbers_as_javascript_does() {
        for (x, text) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (50.0, "50"),
            (-2.0, "-2"),
            (12.5, "12.5"),
            (0.1, "0.1"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (123.456, "123.456"),
            (9007199254740994.0, "9007199254740994"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1e25, "1e+25"),
            (3.6703193633380836e22, "3.6703193633380836e+22"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-1e308, "-1e+308"),
            (5e-324, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            assert_eq!(written(x), text, "{x:e}");
        }
    }

    /// A double as Java's `Double.toString` (Kotlin's too) lays out `digits × 10^exponent`:
    /// plain from 10^-3 up to below 10^7 with at least one fraction digit, else
    /// `d.dddE±n` with at least one fraction digit and no `+`.
    fn java_style(x: f64) -> String {
        let scientific = format!("{:e}", x.abs());
        let (mantissa, exponent) = scientific.split_once('e').unwrap();
        let exponent: i32 = exponent.parse().unwrap();
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let sign = if x.is_sign_negative() { "-" } else { "" };
        if (-3..7).contains(&exponent) {
            let plain = if exponent >= 0 {
                let point = exponent as usize + 1;
                let padded = format!("{digits:0<point$}");
                let (whole, fraction) = padded.split_at(point);
                format!(
                    "{whole}.{}",
                    if fraction.is_empty() { "0" } else { fraction }
                )
            } else {
                format!("0.{}{digits}", "0".repeat((-exponent - 1) as usize))
            };
            format!("{sign}{plain}")
        } else {
            let (first, rest) = digits.split_at(1);
            let rest = if rest.is_empty() { "0" } else { rest };
            format!("{sign}{first}.{rest}E{exponent}")
        }
    }

    /// A double as Python's `repr` writes it: exponent form below 1e-4 and from 1e16, with
    /// at least two exponent digits (`1e-05`, `1e+16`).
    fn python_style(x: f64) -> String {
        let debug = format!("{x:?}");
        match debug.split_once('e') {
            Some((mantissa, exponent)) => {
                let (sign, magnitude) = match exponent.strip_prefix('-') {
                    Some(m) => ('-', m),
                    None => ('+', exponent),
                };
                format!("{mantissa}e{sign}{magnitude:0>2}")
            }
            None => debug,
        }
    }

    /// Every finite double: any bit pattern (subnormals included), and the decimal
    /// neighbourhoods where rounding is hardest (around powers of ten and 2^53).
    fn any_finite_double() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<u64>().prop_map(f64::from_bits),
            (0u64..(1 << 52)).prop_map(f64::from_bits),
            (-30i32..30, -2i64..=2).prop_map(|(p, d)| 10f64.powi(p) + d as f64),
            (-3i64..=3).prop_map(|d| (9_007_199_254_740_992i64 + d) as f64),
            (1u64..1 << 53, -330i32..310)
                .prop_map(|(m, e)| format!("{m}e{e}").parse::<f64>().unwrap_or(0.0)),
        ]
        .prop_filter("finite", |x| x.is_finite())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        /// Whatever standard formatter wrote a double (Rust's `{}`, `{:e}`, `{:?}`, 17
        /// significant digits, JavaScript's `1e+25`, Java's and Kotlin's `1.0E25`, Python's
        /// `1e-05`), the core reads back the same double, as `str::parse` does.
        #[test]
        fn standard_formatters_read_back_exactly(x in any_finite_double()) {
            let upper_exponent = format!("{x:E}");
            let forms = [
                format!("{x}"),
                format!("{x:e}"),
                format!("{x:?}"),
                format!("{x:.16e}"),
                format!("{x:.25e}"),
                upper_exponent.replace('E', "E+").replace("E+-", "E-"),
                written(x),
                java_style(x),
                python_style(x),
            ];
            for text in forms {
                let ours = read_f64(&text);
                let reference: f64 = text.parse().unwrap();
                prop_assert_eq!(ours.to_bits(), reference.to_bits(), "{}", text);
                prop_assert_eq!(ours.to_bits(), x.to_bits(), "{}", text);
            }
        }

        /// The writer's text reads back to the same double, and its digits are the shortest
        /// that do, the closest to the double when several do: the digits of Rust's `{:e}`.
        #[test]
        fn the_writer_round_trips_with_the_shortest_digits(x in any_finite_double()) {
            let text = written(x);
            prop_assert_eq!(read_f64(&text).to_bits(), x.to_bits(), "{}", text);
            if x != 0.0 {
                let mut ours = String::new();
                let point = exact::shortest_digits(x.abs(), &mut |d| ours.push(char::from(d)));
                let reference = format!("{:e}", x.abs());
                let (mantissa, exponent) = reference.split_once('e').unwrap();
                let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(
                    (ours, point),
                    (digits, exponent.parse::<i32>().unwrap() + 1),
                    "{:e}", x
                );
            }
        }
    }
}
