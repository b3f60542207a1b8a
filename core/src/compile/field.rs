//! The field names of the ruleset format as small numbers.
//!
//! The parser tags every object key with its [`Field`] (a `match` on the key's text), so the
//! compiler finds fields, rejects unknown ones and spots duplicate keys with integer compares
//! and bit masks instead of string compares: those checks run on every object of every load.
//! Adding a field name is one line in the `field_names!` list below.
//!
//! Keys that are not field names (flag keys, segment and variant names, metadata keys) get
//! [`Field::OTHER`]; code that reads them uses their text.
//!
//! The JSON parser knows nothing of fields: it takes [`FieldTags`] as its key tagger, and
//! [`ObjectFields`] and [`MemberField`] read the tags back as fields.

use crate::json::{Json, KeyTags, Member, Object};

/// A key's field name: a small number, one per name of the format. Equal fields mean equal
/// key texts, except that every non-field key is [`Field::OTHER`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Field(u8);

/// Declares the format's field names once: each becomes a [`Field`] constant, an entry of
/// [`NAMES`] (for [`Field::name`]) and an arm of the `match` in [`Field::of`].
macro_rules! field_names {
    ($($field:ident = $name:literal,)*) => {
        /// The numbers of the fields, in the order declared; 0 is [`Field::OTHER`].
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        enum Number {
            OTHER,
            $($field,)*
        }

        /// Every field name of the format, indexed by [`Field`] number; 0 is [`Field::OTHER`].
        const NAMES: &[&str] = &["", $($name,)*];

        impl Field {
            /// Any key that is not a field name of the format.
            pub(crate) const OTHER: Field = Field(Number::OTHER as u8);
            $(pub(crate) const $field: Field = Field(Number::$field as u8);)*

            /// The field of a key text; [`Field::OTHER`] when it is not a field name.
            pub(crate) fn of(key: &str) -> Field {
                match key {
                    $($name => Field::$field,)*
                    _ => Field::OTHER,
                }
            }
        }
    };
}

field_names! {
    SCHEMA = "schema",
    REVISION = "revision",
    SEGMENTS = "segments",
    FLAGS = "flags",
    METADATA = "metadata",
    TYPE = "type",
    VARIANTS = "variants",
    DEFAULT = "default",
    OFF_VARIANT = "offVariant",
    ENABLED = "enabled",
    SALT = "salt",
    PREREQUISITES = "prerequisites",
    RULES = "rules",
    ID = "id",
    DESCRIPTION = "description",
    WHEN = "when",
    SERVE = "serve",
    ROLLOUT = "rollout",
    SPLIT = "split",
    ALL = "all",
    ANY = "any",
    NOT = "not",
    SEGMENT = "segment",
    ATTR = "attr",
    OP = "op",
    VALUE = "value",
    VALUES = "values",
    RANGE = "range",
    BY = "by",
    PERCENT = "percent",
    STEPS = "steps",
    AT = "at",
    VARIANT = "variant",
    WEIGHT = "weight",
    FLAG = "flag",
}

// A set of fields is one bit per field number in a `u64` ([`Field::bit`]): room for 63 names
// besides `Field::OTHER`. Past that, the sets need a wider integer.
const _: () = assert!(
    NAMES.len() <= 64,
    "more field names than bits in a field set"
);

impl Field {
    /// The field name, as written in rulesets (empty for [`Field::OTHER`]).
    pub(crate) fn name(self) -> &'static str {
        NAMES.get(usize::from(self.0)).copied().unwrap_or_default()
    }

    /// This field's bit in a [`Fields`] mask (bit 0 is [`Field::OTHER`]).
    #[inline(always)]
    pub(crate) const fn bit(self) -> u64 {
        1u64 << (self.0 % 64)
    }
}

/// Tags every key of a ruleset with its [`Field`] number as the parser reads it.
pub(crate) struct FieldTags;

impl KeyTags for FieldTags {
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
