//! The field names of the ruleset format as small numbers.
//!
//! The parser tags every object key with its [`Field`] while the key's bytes are still in a
//! register, so the compiler finds fields, rejects unknown ones and spots duplicate keys with
//! integer compares and bit masks instead of string compares: those checks run on every
//! object of every load (ADR 0021).
//!
//! Keys that are not field names (flag keys, segment and variant names, metadata keys) get
//! [`Field::OTHER`]; code that reads them uses their text.
//!
//! The JSON parser knows nothing of fields: it takes [`FieldTags`] as its key tagger, and
//! [`ObjectFields`] and [`MemberField`] read the tags back as fields.

use crate::json::{Json, KeyTags, Member, Object};

/// Every field name of the format, indexed by [`Field`] number; 0 is [`Field::OTHER`].
/// At most 63 names: a set of fields is one bit per number in a `u64`.
const NAMES: [&str; 36] = [
    "",
    "schema",
    "revision",
    "segments",
    "flags",
    "metadata",
    "type",
    "variants",
    "default",
    "offVariant",
    "enabled",
    "salt",
    "prerequisites",
    "rules",
    "id",
    "description",
    "when",
    "serve",
    "rollout",
    "split",
    "all",
    "any",
    "not",
    "segment",
    "attr",
    "op",
    "value",
    "values",
    "range",
    "by",
    "percent",
    "steps",
    "at",
    "variant",
    "weight",
    "flag",
];

/// A key's field name, as its index in the list of names. Equal fields mean equal key texts,
/// except that every non-field key is [`Field::OTHER`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Field(u8);

impl Field {
    /// Any key that is not a field name of the format.
    pub(crate) const OTHER: Field = Field(0);
    pub(crate) const SCHEMA: Field = Field::named("schema");
    pub(crate) const REVISION: Field = Field::named("revision");
    pub(crate) const SEGMENTS: Field = Field::named("segments");
    pub(crate) const FLAGS: Field = Field::named("flags");
    pub(crate) const METADATA: Field = Field::named("metadata");
    pub(crate) const TYPE: Field = Field::named("type");
    pub(crate) const VARIANTS: Field = Field::named("variants");
    pub(crate) const DEFAULT: Field = Field::named("default");
    pub(crate) const OFF_VARIANT: Field = Field::named("offVariant");
    pub(crate) const ENABLED: Field = Field::named("enabled");
    pub(crate) const SALT: Field = Field::named("salt");
    pub(crate) const PREREQUISITES: Field = Field::named("prerequisites");
    pub(crate) const RULES: Field = Field::named("rules");
    pub(crate) const ID: Field = Field::named("id");
    pub(crate) const DESCRIPTION: Field = Field::named("description");
    pub(crate) const WHEN: Field = Field::named("when");
    pub(crate) const SERVE: Field = Field::named("serve");
    pub(crate) const ROLLOUT: Field = Field::named("rollout");
    pub(crate) const SPLIT: Field = Field::named("split");
    pub(crate) const ALL: Field = Field::named("all");
    pub(crate) const ANY: Field = Field::named("any");
    pub(crate) const NOT: Field = Field::named("not");
    pub(crate) const SEGMENT: Field = Field::named("segment");
    pub(crate) const ATTR: Field = Field::named("attr");
    pub(crate) const OP: Field = Field::named("op");
    pub(crate) const VALUE: Field = Field::named("value");
    pub(crate) const VALUES: Field = Field::named("values");
    pub(crate) const RANGE: Field = Field::named("range");
    pub(crate) const BY: Field = Field::named("by");
    pub(crate) const PERCENT: Field = Field::named("percent");
    pub(crate) const STEPS: Field = Field::named("steps");
    pub(crate) const AT: Field = Field::named("at");
    pub(crate) const VARIANT: Field = Field::named("variant");
    pub(crate) const WEIGHT: Field = Field::named("weight");
    pub(crate) const FLAG: Field = Field::named("flag");

    /// The field called `name`; a name missing from the list fails the build.
    // Only evaluated at compile time (for the constants above), over the fixed list of
    // names: an index out of range or the panic fails the build, never a load.
    #[allow(clippy::indexing_slicing, clippy::panic)]
    const fn named(name: &str) -> Field {
        let mut i = 0;
        while i < NAMES.len() {
            if const_eq(NAMES[i], name) {
                return Field(i as u8);
            }
            i += 1;
        }
        panic!("not a field name")
    }

    /// The field name, as written in rulesets (empty for [`Field::OTHER`]).
    pub(crate) fn name(self) -> &'static str {
        NAMES.get(usize::from(self.0)).copied().unwrap_or_default()
    }

    /// This field's bit in a [`Fields`] mask (bit 0 is [`Field::OTHER`]).
    #[inline(always)]
    pub(crate) const fn bit(self) -> u64 {
        1u64 << (self.0 % 64)
    }

    /// The field of any key text (escaped keys, keys of YAML documents, long keys).
    pub(crate) fn of(key: &str) -> Field {
        let bytes = key.as_bytes();
        if bytes.len() <= 8 {
            let mut word = [0u8; 8];
            for (slot, &byte) in word.iter_mut().zip(bytes) {
                *slot = byte;
            }
            return Field::of_prefix(u64::from_le_bytes(word), bytes.len());
        }
        for (i, name) in NAMES.iter().enumerate() {
            if name.len() > 8 && *name == key {
                return Field(i as u8);
            }
        }
        Field::OTHER
    }

    /// The field of the key made of the first `len` bytes (at most eight) of the
    /// little-endian `word`: the parser passes the word it found the key's closing quote in.
    /// The bytes after the key are masked off; keys of JSON text cannot contain a zero byte
    /// unescaped, so the masked word determines the key.
    #[inline(always)]
    pub(crate) fn of_prefix(word: u64, len: usize) -> Field {
        let word = word
            & 1u64
                .checked_shl(8 * len as u32)
                .map_or(u64::MAX, |bit| bit - 1);
        let slot = SLOTS.get(slot_of(word)).copied().unwrap_or(0);
        if WORDS.get(usize::from(slot)).copied() == Some(word) {
            Field(slot)
        } else {
            Field::OTHER
        }
    }
}

/// Tags every key of a ruleset with its [`Field`] number as the parser reads it.
pub(crate) struct FieldTags;

impl KeyTags for FieldTags {
    #[inline(always)]
    fn short_key(&self, word: u64, len: usize) -> u8 {
        Field::of_prefix(word, len).0
    }

    fn key(&self, key: &str) -> u8 {
        Field::of(key).0
    }
}

/// The members of a parsed ruleset object by [`Field`] (its keys tagged by [`FieldTags`]).
pub(crate) trait ObjectFields<'a> {
    /// The first member whose key is the field name `field` (not [`Field::OTHER`]).
    fn get(&self, field: Field) -> Option<&'a Json<'a>>;

    /// Whether some key is the field name `field`.
    fn contains_key(&self, field: Field) -> bool;

    /// The fields among the keys, one bit each ([`Field::bit`]); bit 0 is set when some key
    /// is not a field name.
    fn field_bits(&self) -> u64;
}

impl<'a> ObjectFields<'a> for Object<'a> {
    #[inline(always)]
    fn get(&self, field: Field) -> Option<&'a Json<'a>> {
        self.get_tagged(field.0)
    }

    #[inline(always)]
    fn contains_key(&self, field: Field) -> bool {
        self.get_tagged(field.0).is_some()
    }

    #[inline(always)]
    fn field_bits(&self) -> u64 {
        // The tree's tag bits are field bits: both are bit `number % 64`.
        self.tag_bits()
    }
}

/// A parsed member's key as a [`Field`].
pub(crate) trait MemberField {
    /// The key's field ([`Field::OTHER`] when it is not a field name).
    fn field(&self) -> Field;
}

impl MemberField for Member<'_> {
    #[inline(always)]
    fn field(&self) -> Field {
        Field(self.tag)
    }
}

/// The bytes of `name` (at most eight) as a little-endian word padded with zeros.
// Compile time only, like `Field::named`.
#[allow(clippy::indexing_slicing)]
const fn word_of(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut word = 0u64;
    let mut i = 0;
    while i < bytes.len() && i < 8 {
        word |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    word
}

/// Multiplier of the perfect hash from short names to [`SLOTS`]: found by trying random odd
/// numbers until the 32 short names landed in distinct slots. Changing [`NAMES`] may need a
/// new one; the build fails if two names collide.
const MAGIC: u64 = 0xd8f3_995d_94f8_8111;

#[inline(always)]
const fn slot_of(word: u64) -> usize {
    (word.wrapping_mul(MAGIC) >> 58) as usize
}

/// Each field's name as a word ([`word_of`]); `u64::MAX` (not a possible key: 0xFF is never
/// in UTF-8) for [`Field::OTHER`] and for names longer than eight bytes.
#[allow(clippy::indexing_slicing)] // compile time only
const WORDS: [u64; NAMES.len()] = {
    let mut words = [u64::MAX; NAMES.len()];
    let mut i = 1;
    while i < NAMES.len() {
        if NAMES[i].len() <= 8 {
            words[i] = word_of(NAMES[i]);
        }
        i += 1;
    }
    words
};

/// The field number of each hash slot (0 for an empty slot).
#[allow(clippy::indexing_slicing)] // compile time only
const SLOTS: [u8; 64] = {
    let mut slots = [0u8; 64];
    let mut i = 1;
    while i < NAMES.len() {
        if NAMES[i].len() <= 8 {
            let slot = slot_of(word_of(NAMES[i]));
            assert!(
                slots[slot] == 0,
                "two field names share a slot: choose another MAGIC"
            );
            slots[slot] = i as u8;
        }
        i += 1;
    }
    slots
};

// Compile time only, like `Field::named`.
#[allow(clippy::indexing_slicing)]
const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A set of fields an object may have: a bit mask for the check, the list for messages.
pub(crate) struct Fields {
    mask: u64,
    list: &'static [Field],
}

impl Fields {
    /// The set of `list`.
    // Compile time only: every set is a constant.
    #[allow(clippy::indexing_slicing)]
    pub(crate) const fn new(list: &'static [Field]) -> Fields {
        let mut mask = 0u64;
        let mut i = 0;
        while i < list.len() {
            mask |= 1u64 << (list[i].0 % 64);
            i += 1;
        }
        Fields { mask, list }
    }

    /// The set as one bit per field ([`Field::bit`]); [`Field::OTHER`]'s bit is never set.
    #[inline(always)]
    pub(crate) fn mask(&self) -> u64 {
        self.mask
    }

    /// The names, in the order given, for "did you mean" hints.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        self.list.iter().map(|f| f.name()).collect()
    }

    /// The names of the set's fields whose bits are in `bits`, in the order given, joined by
    /// `", "`: for problems that list which of several exclusive fields an object has.
    pub(crate) fn listed(&self, bits: u64) -> String {
        self.list
            .iter()
            .filter(|f| bits & f.bit() != 0)
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_maps_to_its_own_field_and_back() {
        for (i, name) in NAMES.iter().enumerate().skip(1) {
            let field = Field::of(name);
            assert_eq!(usize::from(field.0), i, "{name}");
            assert_eq!(field.name(), *name);
        }
    }

    #[test]
    fn other_keys_are_other() {
        for key in [
            "",
            "a",
            "attrs",
            "Attr",
            "attr ",
            "valuesX",
            "flag-000",
            "offVariants",
            "offvariant",
            "prerequisite",
            "descriptionX",
            "$comment",
            "x-owner",
            "é",
            "日本",
        ] {
            assert_eq!(Field::of(key), Field::OTHER, "{key:?}");
        }
    }

    /// Every key the parser reads carries its field, whichever way it was read: field names
    /// and near misses, short keys (tagged from the parser's word), long and escaped keys,
    /// compact and pretty-printed; and the object's field bits are its fields' bits.
    #[test]
    fn parsed_keys_carry_their_field() {
        let mut keys: Vec<String> = NAMES.iter().map(|n| (*n).to_owned()).collect();
        keys.extend(
            [
                "attrs",
                "Attr",
                "valuesX",
                "offvariant",
                "x-owner",
                "é",
                "日本",
                "flag-000",
            ]
            .map(str::to_owned),
        );
        for key in &keys {
            let escaped: String = key
                .chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect();
            for text in [
                format!(r#"{{"{key}":1}}"#),
                format!("{{\n  \"other\": 1,\n  \"{key}\": 2\n}}"),
                format!(r#"{{"{escaped}":1}}"#),
            ] {
                let arena = bumpalo::Bump::new();
                let options = crate::json::Options {
                    max_depth: 128,
                    tags: &FieldTags,
                };
                let Ok(Json::Object(object)) = crate::json::parse(&text, &arena, options) else {
                    panic!("not an object: {text}");
                };
                let mut bits = 0;
                for member in object.members {
                    assert_eq!(member.field(), Field::of(member.key), "{text}");
                    bits |= member.field().bit();
                }
                assert_eq!(object.field_bits(), bits, "{text}");
                let field = Field::of(key);
                if field != Field::OTHER {
                    assert_eq!(
                        object.get(field),
                        Some(&Json::Number(crate::json::Number::Unsigned(
                            if text.contains("other") { 2 } else { 1 }
                        )))
                    );
                }
            }
        }
    }

    #[test]
    fn masks_have_one_bit_per_field() {
        let set = Fields::new(&[Field::ATTR, Field::OP, Field::VALUE]);
        assert_eq!(set.mask().count_ones(), 3);
        assert_eq!(set.mask() & Field::OTHER.bit(), 0);
        assert_ne!(set.mask() & Field::OP.bit(), 0);
        assert_eq!(set.mask() & Field::VALUES.bit(), 0);
        assert_eq!(set.names(), ["attr", "op", "value"]);
    }
}
