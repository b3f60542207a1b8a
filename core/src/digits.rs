//! Decimal digits into a `u64`, for version numbers.

/// `magnitude * 10 + digit`, or `None` past `u64::MAX`. A compare first: on wasm32 a
/// `checked_mul` of `u64`s is a call to a 128-bit multiply, once per digit of every number
/// (and `str::parse` does the same).
#[inline(always)]
pub(crate) fn push_digit(magnitude: u64, digit: u8) -> Option<u64> {
    if magnitude < u64::MAX / 10 {
        Some(magnitude * 10 + u64::from(digit))
    } else {
        magnitude.checked_mul(10)?.checked_add(u64::from(digit))
    }
}
