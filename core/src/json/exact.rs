//! Exact conversion between decimal text and doubles, with big integers ([`Big`]): the cases
//! the fast paths of [`super::number`] do not cover.
//!
//! - [`correctly_rounded`]: the double nearest to a decimal number (ties to even), as
//!   `str::parse::<f64>` gives it. It improves an estimate one unit in the last place at a
//!   time, deciding each step by comparing the decimal with the midpoint between two doubles
//!   exactly (Clinger's "AlgorithmR").
//! - [`shortest_digits`]: the fewest decimal digits that read back to a double, the closest
//!   to it when several do (Steele and White's free-format algorithm, as revised by Burger
//!   and Dybvig), as Rust's `{:e}` and JavaScript's `Number.prototype.toString` give them.
//!
//! Both are slower than the standard library's table-driven algorithms (microseconds, not
//! nanoseconds), and much smaller: rulesets rarely hold a number that needs them.

use super::big::Big;
use std::cmp::Ordering;

/// Significant digits kept when reading: the exact decision between two doubles never needs
/// more than 767, so the digits beyond stand for "a little more" (see [`Digits::read`]).
const MAX_DIGITS: usize = 780;

/// Steps of one unit in the last place after which [`correctly_rounded`] gives up and
/// returns where it is: estimates are within a few units, so this is never reached.
const MAX_STEPS: usize = 200;

/// A decimal number `value × 10^exponent`, all its significant digits in `value`.
pub(crate) struct Digits {
    value: Big,
    /// How many significant digits `value` has.
    count: usize,
    exponent: i64,
}

impl Digits {
    /// The digits of a JSON number's text without its sign (grammar already checked):
    /// `12.5e-3` is 125 × 10^-4. Past [`MAX_DIGITS`] significant digits, any non-zero digit
    /// dropped is kept as one more digit `1`: a value strictly between the truncated digits
    /// and the next, which compares with every midpoint between doubles (at most 767
    /// significant digits) as the full number does.
    pub(crate) fn read(text: &str) -> Digits {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => (
                text.get(..at).unwrap_or_default(),
                text.get(at + 1..).unwrap_or_default(),
            ),
            None => (text, ""),
        };
        let mut digits = Digits {
            value: Big::from_u64(0),
            count: 0,
            exponent: read_exponent(exponent),
        };
        let mut after_point = false;
        let mut dropped = false;
        for byte in mantissa.bytes() {
            let digit = match byte {
                b'.' => {
                    after_point = true;
                    continue;
                }
                b'0'..=b'9' => byte - b'0',
                _ => continue,
            };
            if digits.count < MAX_DIGITS {
                if digits.count > 0 || digit != 0 {
                    digits.value.mul_add_small(10, u32::from(digit));
                    digits.count += 1;
                }
                if after_point {
                    digits.exponent -= 1;
                }
            } else {
                dropped |= digit != 0;
                if !after_point {
                    digits.exponent += 1;
                }
            }
        }
        if dropped {
            digits.value.mul_add_small(10, 1);
            digits.count += 1;
            digits.exponent -= 1;
        }
        digits
    }

    /// `self` compared with `mantissa × 2^exponent`, exactly.
    fn cmp_binary(&self, mantissa: u64, exponent: i64) -> Ordering {
        let mut decimal = self.value.clone();
        let mut binary = Big::from_u64(mantissa);
        // value × 5^e10 × 2^e10 against mantissa × 2^exponent, with every factor moved to
        // the side where its exponent is not negative.
        let fives = self.exponent.unsigned_abs() as u32;
        if self.exponent >= 0 {
            decimal.mul_pow5(fives);
        } else {
            binary.mul_pow5(fives);
        }
        let twos = self.exponent - exponent;
        if twos >= 0 {
            decimal.shl(twos as u32);
        } else {
            binary.shl(twos.unsigned_abs() as u32);
        }
        decimal.cmp(&binary)
    }
}

/// The exponent after `e`: optional sign, digits; saturated at ±100 000, beyond which every
/// number is zero or out of range anyway.
fn read_exponent(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |n, b| {
        (n * 10 + i64::from(b.wrapping_sub(b'0'))).min(100_000)
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// The double nearest to `digits` (ties to even), or infinity when it rounds beyond the
/// largest double; `estimate` is a double close to it (any non-negative value works, a close
/// one in fewer steps).
pub(crate) fn correctly_rounded(digits: &Digits, estimate: f64) -> f64 {
    if digits.value.is_zero() {
        return 0.0;
    }
    // The value lies in [10^(count - 1 + exponent), 10^(count + exponent)).
    let magnitude = digits.count as i64 + digits.exponent;
    if magnitude > 309 {
        return f64::INFINITY; // at least 10^309
    }
    if magnitude < -323 {
        return 0.0; // below 10^-324, less than half the smallest double (4.9e-324)
    }
    let mut x = if estimate.is_finite() {
        estimate.abs()
    } else {
        f64::MAX
    };
    for _ in 0..MAX_STEPS {
        let bits = x.to_bits();
        let (mantissa, exponent) = decompose(bits);
        let odd = mantissa & 1 == 1;
        // Above the midpoint to the next double (or on it, when the next one is even).
        match digits.cmp_binary(2 * mantissa + 1, exponent - 1) {
            Ordering::Greater => {
                x = f64::from_bits(bits + 1);
                if x.is_infinite() {
                    return x;
                }
                continue;
            }
            Ordering::Equal if odd => return f64::from_bits(bits + 1),
            _ => {}
        }
        if bits == 0 {
            return x;
        }
        // Below the midpoint to the previous double. Above a power of two the gap below is
        // half the gap above.
        let lower = if mantissa == 1 << 52 && bits >> 52 > 1 {
            digits.cmp_binary(4 * mantissa - 1, exponent - 2)
        } else {
            digits.cmp_binary(2 * mantissa - 1, exponent - 1)
        };
        match lower {
            Ordering::Less => x = f64::from_bits(bits - 1),
            Ordering::Equal if odd => return f64::from_bits(bits - 1),
            _ => return x,
        }
    }
    x
}

/// A finite non-negative double's bits as `mantissa × 2^exponent`, the mantissa an integer
/// (with the implicit bit for normal numbers).
fn decompose(bits: u64) -> (u64, i64) {
    let biased = (bits >> 52) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    }
}

/// The shortest digits that read back to `x` (finite, positive), the closest to `x` when
/// several do, into `digits` (as ASCII); returns `k` such that `x ≈ 0.d1d2…dn × 10^k`.
pub(crate) fn shortest_digits(x: f64, digits: &mut impl FnMut(u8)) -> i32 {
    let bits = x.to_bits();
    let (mantissa, exponent) = decompose(bits);
    // Round-half-even reading: when the mantissa is even, the midpoints to the neighbours
    // read back to `x` too, so the bounds are inclusive.
    let inclusive = mantissa & 1 == 0;
    // Above a power of two the gap below is half the gap above.
    let lower_closer = mantissa == 1 << 52 && bits >> 52 > 1;
    // x = r / s; the half-gaps to the neighbours are up / s and down / s.
    let shift = if lower_closer { 2 } else { 1 };
    let mut r = Big::from_u64(mantissa << shift);
    let mut s = Big::from_u64(1 << shift);
    let mut up = Big::from_u64(if lower_closer { 2 } else { 1 });
    let mut down = Big::from_u64(1);
    if exponent >= 0 {
        let exponent = exponent as u32;
        r.shl(exponent);
        up.shl(exponent);
        down.shl(exponent);
    } else {
        s.shl(exponent.unsigned_abs() as u32);
    }
    // k: the power of ten just above x + its upper half-gap. The estimate from the binary
    // exponent is never too high and at most one too low.
    let top_bit = exponent + i64::from(63 - mantissa.leading_zeros());
    let mut k = (top_bit as f64 * std::f64::consts::LOG10_2 - 1e-9).ceil() as i32;
    if k >= 0 {
        s.mul_pow10(k.unsigned_abs());
    } else {
        let power = k.unsigned_abs();
        r.mul_pow10(power);
        up.mul_pow10(power);
        down.mul_pow10(power);
    }
    let reaches_up = |r: &Big, up: &Big, s: &Big| {
        let mut high = r.clone();
        high.add(up);
        match high.cmp(s) {
            Ordering::Greater => true,
            Ordering::Equal => inclusive,
            Ordering::Less => false,
        }
    };
    while reaches_up(&r, &up, &s) {
        s.mul_add_small(10, 0);
        k += 1;
    }
    // Digits, most significant first, until one more would leave the rounding interval.
    for _ in 0..MAX_SHORTEST_DIGITS {
        r.mul_add_small(10, 0);
        up.mul_add_small(10, 0);
        down.mul_add_small(10, 0);
        let mut digit = 0u8;
        while r >= s {
            r.sub(&s);
            digit += 1;
        }
        let low = match r.cmp(&down) {
            Ordering::Less => true,
            Ordering::Equal => inclusive,
            Ordering::Greater => false,
        };
        let high = reaches_up(&r, &up, &s);
        if !low && !high {
            digits(b'0' + digit);
            continue;
        }
        // The last digit: round up when only that stays in the interval, or when both do
        // and up is closer (as close: a tie, which no double produces).
        let round_up = match (low, high) {
            (true, false) => false,
            (false, true) => true,
            _ => {
                let mut twice = r.clone();
                twice.add(&r);
                twice >= s
            }
        };
        digits(b'0' + digit + u8::from(round_up));
        break;
    }
    k
}

/// More digits than any double needs (17): [`shortest_digits`] stops here if it ever failed
/// to, rather than loop.
const MAX_SHORTEST_DIGITS: usize = 20;
