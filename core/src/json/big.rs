//! [`Big`]: an unsigned integer of any size, with just the operations exact decimal ↔ binary
//! conversion needs (multiply by small numbers and powers of 2, 5 and 10, add, subtract,
//! compare).
//!
//! The standard library's exact float parser and formatter would do the same jobs, but their
//! tables and code add ~20 KB gzip to the browser build; these few loops are enough when
//! speed does not matter (the reader's and the writer's rare cases, [`super::number`]).

use std::cmp::Ordering;

/// An unsigned integer: 32-bit limbs, least significant first, no high zero limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Big {
    limbs: Vec<u32>,
}

impl Big {
    pub(crate) fn from_u64(n: u64) -> Big {
        let mut big = Big {
            limbs: vec![n as u32, (n >> 32) as u32],
        };
        big.trim();
        big
    }

    /// Drops high zero limbs, so that equal numbers have equal limbs.
    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// `self * factor + addend`.
    pub(crate) fn mul_add_small(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
        self.trim();
    }

    /// `self * 5^power`.
    pub(crate) fn mul_pow5(&mut self, mut power: u32) {
        // 5^13 is the largest power of five that fits a limb.
        const FIVE_TO_13: u32 = 1_220_703_125;
        while power >= 13 {
            self.mul_add_small(FIVE_TO_13, 0);
            power -= 13;
        }
        self.mul_add_small(5u32.pow(power), 0);
    }

    /// `self * 2^power`.
    pub(crate) fn shl(&mut self, power: u32) {
        if self.is_zero() {
            return;
        }
        let (words, bits) = ((power / 32) as usize, power % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.limbs {
                let shifted = (u64::from(*limb) << bits) | u64::from(carry);
                *limb = shifted as u32;
                carry = (shifted >> 32) as u32;
            }
            if carry > 0 {
                self.limbs.push(carry);
            }
        }
        self.limbs.splice(0..0, std::iter::repeat(0).take(words));
    }

    /// `self * 10^power`.
    pub(crate) fn mul_pow10(&mut self, power: u32) {
        self.mul_pow5(power);
        self.shl(power);
    }

    /// `self + other`.
    pub(crate) fn add(&mut self, other: &Big) {
        if self.limbs.len() < other.limbs.len() {
            self.limbs.resize(other.limbs.len(), 0);
        }
        let mut carry = 0u64;
        let mut others = other.limbs.iter();
        for limb in &mut self.limbs {
            let sum = u64::from(*limb) + u64::from(others.next().copied().unwrap_or(0)) + carry;
            *limb = sum as u32;
            carry = sum >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
    }

    /// `self - other`; `other` must not be larger (the result is then meaningless, never a
    /// panic).
    pub(crate) fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        let mut others = other.limbs.iter();
        for limb in &mut self.limbs {
            let difference =
                i64::from(*limb) - i64::from(others.next().copied().unwrap_or(0)) - borrow;
            *limb = difference as u32;
            borrow = i64::from(difference < 0);
        }
        self.trim();
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        // Trimmed: more limbs means larger; then limb by limb from the most significant.
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value as a `u128`, for checking against native arithmetic.
    fn value(big: &Big) -> u128 {
        big.limbs
            .iter()
            .rev()
            .fold(0u128, |n, limb| (n << 32) | u128::from(*limb))
    }

    #[test]
    fn agrees_with_native_arithmetic() {
        for n in [
            0u64,
            1,
            7,
            u32::MAX.into(),
            1 << 32,
            u64::MAX,
            12_345_678_901_234,
        ] {
            let mut big = Big::from_u64(n);
            assert_eq!(value(&big), n.into());
            big.mul_add_small(10, 3);
            assert_eq!(value(&big), u128::from(n) * 10 + 3);
            let mut shifted = Big::from_u64(n);
            shifted.shl(37);
            assert_eq!(value(&shifted), u128::from(n) << 37);
            let mut fives = Big::from_u64(n);
            fives.mul_pow5(27);
            assert_eq!(value(&fives), u128::from(n) * 5u128.pow(27));
            let mut tens = Big::from_u64(n);
            tens.mul_pow10(19);
            assert_eq!(value(&tens), u128::from(n) * 10u128.pow(19));
            let mut sum = Big::from_u64(n);
            sum.add(&Big::from_u64(u64::MAX));
            assert_eq!(value(&sum), u128::from(n) + u128::from(u64::MAX));
            sum.sub(&Big::from_u64(n));
            assert_eq!(value(&sum), u64::MAX.into());
            assert_eq!(
                Big::from_u64(n).cmp(&Big::from_u64(12_345)),
                n.cmp(&12_345),
                "{n}"
            );
        }
    }
}
