//! Deterministic bucketing of units (user ids, device ids, ...) for percentage rollouts.
//!
//! Every SDK must put a unit in the same bucket, so the algorithm is fixed bit for bit and written
//! down in `docs/bucketing.md`: MurmurHash3 x86_32 (seed 0) of the UTF-8 bytes of
//! `"{salt}:{unit}"`, scaled to `0..BUCKETS` by multiply-shift. The code is std-only and never
//! allocates, because it runs once per evaluation and ships in the WASM bundle.

/// Number of buckets: percentages have 0.001% resolution.
pub const BUCKETS: u32 = 100_000;

// MurmurHash3 x86_32 constants, from Austin Appleby's reference implementation.
const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

/// MurmurHash3 x86_32 of one byte slice (Austin Appleby's reference algorithm).
pub fn murmur3_x86_32(data: &[u8], seed: u32) -> u32 {
    let mut hasher = Murmur3::new(seed);
    hasher.write(data);
    hasher.finish()
}

/// Streaming MurmurHash3 x86_32 so `"{salt}:{unit}"` can be hashed from pieces with no allocation.
///
/// Feeding the bytes in any number of [`write`](Murmur3::write) calls gives the same result as
/// [`murmur3_x86_32`] on their concatenation.
#[derive(Clone, Debug)]
pub struct Murmur3 {
    /// Running hash over the complete 4-byte blocks seen so far.
    h1: u32,
    /// Bytes of the incomplete block, little-endian (byte `i` at bits `8 * i`).
    tail: u32,
    /// How many bytes `tail` holds: always 0..=3 between calls.
    tail_len: u32,
    /// Total input length modulo 2^32, as the reference (which mixes in a 32-bit length) does.
    len: u32,
}

impl Murmur3 {
    /// Starts a hash with the given seed.
    pub fn new(seed: u32) -> Self {
        Self {
            h1: seed,
            tail: 0,
            tail_len: 0,
            len: 0,
        }
    }

    /// Feeds more bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        // Truncating the length is intended: the reference hashes the length modulo 2^32.
        self.len = self.len.wrapping_add(bytes.len() as u32);
        // Word at a time even when a previous call left a partial block: the pending bytes sit
        // in the low `8 * tail_len` bits of `carry`, each new word goes above them, and the low
        // 32 bits form the next block. This is the hot path of every rollout and split (the
        // salt prefix usually leaves a partial block), so no per-byte loop over the unit.
        let shift = 8 * self.tail_len;
        let mut carry = u64::from(self.tail);
        let blocks = bytes.chunks_exact(4);
        let remainder = blocks.remainder();
        for block in blocks {
            // Always Ok (chunks_exact yields 4 bytes); the fallback only avoids a panic path.
            let block = <[u8; 4]>::try_from(block).unwrap_or_default();
            let combined = carry | (u64::from(u32::from_le_bytes(block)) << shift);
            // Truncation intended: the low 32 bits are the complete block.
            self.mix_block(combined as u32);
            carry = combined >> 32;
        }
        let mut rest = 0u64;
        for (i, &byte) in remainder.iter().enumerate() {
            rest |= u64::from(byte) << (8 * i);
        }
        let combined = carry | (rest << shift);
        // remainder.len() is 0..=3, so `filled` is 0..=6.
        let filled = self.tail_len + remainder.len() as u32;
        if filled >= 4 {
            self.mix_block(combined as u32);
            self.tail = (combined >> 32) as u32;
            self.tail_len = filled - 4;
        } else {
            self.tail = combined as u32;
            self.tail_len = filled;
        }
    }

    /// Returns the hash of all bytes written so far (the hasher can go on being fed).
    pub fn finish(&self) -> u32 {
        let mut h1 = self.h1;
        if self.tail_len != 0 {
            h1 ^= scramble(self.tail);
        }
        h1 ^= self.len;
        // fmix32: final avalanche so that every input bit affects every output bit.
        h1 ^= h1 >> 16;
        h1 = h1.wrapping_mul(0x85eb_ca6b);
        h1 ^= h1 >> 13;
        h1 = h1.wrapping_mul(0xc2b2_ae35);
        h1 ^ (h1 >> 16)
    }

    fn mix_block(&mut self, k1: u32) {
        self.h1 ^= scramble(k1);
        self.h1 = self
            .h1
            .rotate_left(13)
            .wrapping_mul(5)
            .wrapping_add(0xe654_6b64);
    }
}

/// The per-block key scramble of MurmurHash3, shared by full blocks and the tail.
fn scramble(k1: u32) -> u32 {
    k1.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

/// The bucket (`0..BUCKETS`) of a unit for a salt: `murmur3_x86_32(UTF-8 of "{salt}:{unit}", seed 0)`,
/// then `(hash as u64 * 100_000) >> 32`.
pub fn bucket(salt: &str, unit: &str) -> u32 {
    SaltedHasher::new(salt).bucket(unit)
}

/// The hash state after `"{salt}:"`, computed once per rollout or split when a ruleset loads,
/// so that evaluation only hashes the unit. Gives exactly [`bucket`]'s result.
#[derive(Clone, Debug)]
pub struct SaltedHasher {
    prefix: Murmur3,
}

impl SaltedHasher {
    /// The state after hashing `"{salt}:"` with seed 0.
    pub fn new(salt: &str) -> SaltedHasher {
        let mut prefix = Murmur3::new(0);
        prefix.write(salt.as_bytes());
        prefix.write(b":");
        SaltedHasher { prefix }
    }

    /// The bucket of `unit` under this salt.
    #[inline]
    pub fn bucket(&self, unit: &str) -> u32 {
        let mut hasher = self.prefix.clone();
        hasher.write(unit.as_bytes());
        bucket_of_hash(hasher.finish())
    }
}

/// Maps a hash to a bucket without modulo bias: multiply-shift instead of `hash % BUCKETS`.
///
/// `hash % BUCKETS` would give the extra hashes (2^32 is not a multiple of `BUCKETS`) all to the
/// low buckets, so a rollout of the first buckets would get slightly more than its share.
/// Multiply-shift spreads them evenly: buckets `0..k` hold exactly `ceil(k * 2^32 / BUCKETS)`
/// hashes, within one hash of the exact share, and bucket order follows hash order.
pub fn bucket_of_hash(hash: u32) -> u32 {
    // (2^32 - 1) * 100_000 < 2^49, so the product cannot overflow and the result is < BUCKETS.
    ((u64::from(hash) * u64::from(BUCKETS)) >> 32) as u32
}

/// Largest magnitude of a numeric unit: above 2^53 an `f64` no longer holds every integer, so two
/// different ids could collapse into one bucket.
const MAX_NUMBER_UNIT: f64 = 9_007_199_254_740_992.0;

/// Canonical text of a numeric bucketing unit: only integral finite numbers with `|n| <= 2^53` are
/// units (written in plain decimal, no sign for 0, `-` for negatives, no exponent, no `.0`);
/// anything else returns `None` (not a valid unit).
///
/// This makes the JSON numbers `42`, `42.0` and `4.2e1` all bucket like the string `"42"`.
pub fn number_unit(n: f64) -> Option<NumberUnit> {
    if !n.is_finite() || n.abs() > MAX_NUMBER_UNIT || n.fract() != 0.0 {
        return None;
    }
    // Exact: n is an integer with |n| <= 2^53 < 2^64. -0.0 yields 0 and is written without sign.
    let mut rest = n.abs() as u64;
    let mut buf = [0u8; NUMBER_UNIT_CAP];
    let mut start = NUMBER_UNIT_CAP;
    // Digits are written right to left; the buffer has room for 2^53's 16 digits and a sign.
    for (i, slot) in buf.iter_mut().enumerate().rev() {
        *slot = b'0' + (rest % 10) as u8;
        start = i;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0.0 {
        start = start.saturating_sub(1);
        if let Some(slot) = buf.get_mut(start) {
            *slot = b'-';
        }
    }
    Some(NumberUnit {
        buf,
        start: start as u8,
    })
}

/// Room for `-9007199254740992`: a sign and 16 digits.
const NUMBER_UNIT_CAP: usize = 17;

/// A small inline buffer holding the canonical decimal text (no heap allocation).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberUnit {
    /// The text is right-aligned: it is `buf[start..]`.
    buf: [u8; NUMBER_UNIT_CAP],
    start: u8,
}

impl NumberUnit {
    /// The canonical decimal text, e.g. `"42"` or `"-7"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are ever stored, so the fallback is never taken.
        self.buf
            .get(usize::from(self.start)..)
            .and_then(|text| std::str::from_utf8(text).ok())
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for NumberUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("NumberUnit").field(&self.as_str()).finish()
    }
}

impl std::fmt::Display for NumberUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    // Every expected value below was computed independently with Python's
    // `mmh3.hash(data, seed, signed=False)` (mmh3 5.x), not with this code.

    #[test]
    fn published_vectors() {
        let cases: &[(&[u8], u32, u32)] = &[
            (b"", 0, 0),
            (b"", 1, 0x514E_28B7),
            (b"", 0xffff_ffff, 0x81F1_6F39),
            (b"\0\0\0\0", 0, 0x2362_F9DE),
            (b"\xff\xff\xff\xff", 0, 0x7629_3B50),
            (b"!Ce\x87", 0, 0xF55B_516B),
            (b"!Ce\x87", 0x5082_EDEE, 0x2362_F9DE),
            (b"a", 0, 0x3C25_69B2),
            (b"ab", 0, 0x9BBF_D75F),
            (b"abc", 0, 0xB3DD_93FA),
            (b"abcd", 0, 0x43ED_676A),
            (b"abcde", 0, 0xE89B_9AF6),
            (b"Hello, world!", 1234, 0xFAF6_CDB3),
            (
                b"The quick brown fox jumps over the lazy dog",
                0,
                0x2E4F_F723,
            ),
        ];
        for &(data, seed, want) in cases {
            assert_eq!(murmur3_x86_32(data, seed), want, "{data:?} seed {seed:#x}");
        }
    }

    #[test]
    fn non_ascii_vectors() {
        let cases = [
            ("é", 0x1011_0787),
            ("日本", 0xC4D9_F942),
            ("😀", 0xBEB4_2EFA),
            ("e\u{301}", 0x9F32_A268), // 'e' + combining acute: differs from precomposed "é"
        ];
        for (text, want) in cases {
            assert_eq!(murmur3_x86_32(text.as_bytes(), 0), want, "{text:?}");
        }
    }

    /// The table in docs/bucketing.md: (salt, unit, hash, bucket).
    const BUCKET_VECTORS: &[(&str, &str, u32, u32)] = &[
        ("", "", 0x2B26_6896, 16855),
        ("flag", "0", 0x326B_D1A2, 19695),
        ("flag", "42", 0xD1A0_FF3A, 81886),
        ("flag", "-7", 0x1D29_3DCE, 11391),
        ("flag", "9007199254740992", 0x00EC_35E4, 360),
        ("flag", "user-1", 0x20D5_F94D, 12826),
        ("new-checkout", "alice", 0x0EA4_F1D8, 5720),
        ("new-checkout", "bob", 0xF4CA_C3C0, 95621),
        ("exp:2026", "user@example.com", 0xC745_C0E8, 77840),
        ("rollout", "é", 0xC187_20F2, 75596),
        ("rollout", "e\u{301}", 0x49E0_7623, 28858),
        ("rollout", "日本", 0xB76B_5AD4, 71648),
        ("rollout", "😀", 0x9759_B276, 59121),
        ("salt", "Ünïcödé", 0x3AB5_839E, 22933),
    ];

    #[test]
    fn bucket_vectors() {
        for &(salt, unit, hash, want) in BUCKET_VECTORS {
            let joined = format!("{salt}:{unit}");
            assert_eq!(murmur3_x86_32(joined.as_bytes(), 0), hash, "{joined:?}");
            assert_eq!(bucket_of_hash(hash), want, "{joined:?}");
            assert_eq!(bucket(salt, unit), want, "{joined:?}");
        }
    }

    #[test]
    fn streaming_matches_one_shot_at_every_split() {
        let texts = [
            "",
            "a",
            "abcd",
            "abcdefg",
            "The quick brown fox jumps over the lazy dog",
            "new-checkout:日本😀e\u{301}",
        ];
        for text in texts {
            let data = text.as_bytes();
            let want = murmur3_x86_32(data, 7);
            for i in 0..=data.len() {
                for j in i..=data.len() {
                    let mut h = Murmur3::new(7);
                    h.write(&data[..i]);
                    h.write(&[]);
                    h.write(&data[i..j]);
                    h.write(&data[j..]);
                    assert_eq!(h.finish(), want, "{text:?} split at {i}, {j}");
                }
            }
            // Byte by byte, and finish() does not disturb further writes.
            let mut h = Murmur3::new(7);
            for byte in data {
                let _ = h.finish();
                h.write(std::slice::from_ref(byte));
            }
            assert_eq!(h.finish(), want);
        }
    }

    #[test]
    fn bucket_range_and_boundaries() {
        assert_eq!(bucket_of_hash(0), 0);
        assert_eq!(bucket_of_hash(u32::MAX), BUCKETS - 1);
        // Buckets 0..k hold exactly ceil(k * 2^32 / BUCKETS) hashes: check both sides of each edge.
        for k in [1u64, 2, 3, 500, 33_333, 50_000, 99_999] {
            let first = (k << 32).div_ceil(u64::from(BUCKETS)) as u32;
            assert_eq!(u64::from(bucket_of_hash(first)), k);
            assert_eq!(u64::from(bucket_of_hash(first - 1)), k - 1);
        }
        let mut x: u32 = 1;
        for i in 0..10_000u32 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            assert!(bucket_of_hash(x) < BUCKETS);
            assert!(bucket("salt", &i.to_string()) < BUCKETS);
        }
    }

    #[test]
    fn number_units() {
        let text = |n: f64| number_unit(n).map(|u| u.as_str().to_owned());
        assert_eq!(text(0.0).as_deref(), Some("0"));
        assert_eq!(text(-0.0).as_deref(), Some("0"));
        assert_eq!(text(42.0).as_deref(), Some("42"));
        assert_eq!(text(4.2e1).as_deref(), Some("42"));
        assert_eq!(text(-7.0).as_deref(), Some("-7"));
        assert_eq!(text(1e15).as_deref(), Some("1000000000000000"));
        assert_eq!(
            text(9_007_199_254_740_992.0).as_deref(),
            Some("9007199254740992")
        );
        assert_eq!(
            text(-9_007_199_254_740_992.0).as_deref(),
            Some("-9007199254740992")
        );
        assert_eq!(text(9_007_199_254_740_994.0), None); // 2^53 + 2
        assert_eq!(text(1.5), None);
        assert_eq!(text(-0.5), None);
        assert_eq!(text(f64::NAN), None);
        assert_eq!(text(f64::INFINITY), None);
        assert_eq!(text(f64::NEG_INFINITY), None);
        assert_eq!(text(f64::MAX), None);
        assert_eq!(text(f64::MIN_POSITIVE), None);
        assert_eq!(
            format!("{:?}", number_unit(-7.0).unwrap()),
            "NumberUnit(\"-7\")"
        );
    }

    #[test]
    fn number_unit_buckets_like_its_text() {
        let unit = number_unit(42.0).unwrap();
        assert_eq!(bucket("flag", unit.as_str()), bucket("flag", "42"));
        assert_eq!(bucket("flag", unit.as_str()), 81886);
        for n in [-1e15, -7.0, 0.0, 1.0, 123_456_789.0] {
            let unit = number_unit(n).unwrap();
            assert_eq!(unit.as_str(), format!("{}", n as i64));
            assert_eq!(
                bucket("s", unit.as_str()),
                bucket("s", &(n as i64).to_string())
            );
        }
    }
}
