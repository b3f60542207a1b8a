//! The compact result record: eight `i32` per evaluation, read by JS through a typed array.
//!
//! This module is the one definition of the layout. The JS reader (`npm/src/decode.ts`) takes
//! every slot, bit offset and table from `npm/src/layout.ts`, which is generated from the
//! constants below; a unit test at the end of this file fails while the two differ, and says
//! how to regenerate it.
//!
//! Slot [`slot::CODES`] packs three 1-based codes, 0 meaning none: the reason (in [`REASONS`]
//! order), the error code (in [`ERROR_CODES`] order) and the flag type (in [`TYPES`] order; 0 =
//! unknown flag), each [`CODE_BITS`] wide at its own shift. The other slots hold ids from the
//! [`Interner`], 0 meaning absent. The last slot is unused and always 0.

use crate::intern::Interner;
use rollgate::{ErrorCode, Evaluation, FlagType, Reason};

/// `i32` slots per record.
pub const STRIDE: usize = 8;

/// Where each field sits in a record.
pub mod slot {
    /// The packed reason, error code and flag type.
    pub const CODES: usize = 0;
    /// The interned variant name.
    pub const VARIANT: usize = 1;
    /// The interned value.
    pub const VALUE: usize = 2;
    /// The interned id of the deciding rule.
    pub const RULE: usize = 3;
    /// The interned key of the prerequisite flag that failed.
    pub const PREREQUISITE: usize = 4;
    /// The interned name of the missing unit attribute.
    pub const UNIT: usize = 5;
    /// The interned flag metadata.
    pub const METADATA: usize = 6;
}

/// Bits per code in [`slot::CODES`].
pub const CODE_BITS: u32 = 4;
/// Where the reason code starts in [`slot::CODES`].
pub const REASON_SHIFT: u32 = 0;
/// Where the error code starts in [`slot::CODES`].
pub const ERROR_SHIFT: u32 = REASON_SHIFT + CODE_BITS;
/// Where the flag type code starts in [`slot::CODES`].
pub const TYPE_SHIFT: u32 = ERROR_SHIFT + CODE_BITS;

/// Reason order of the packed code.
pub const REASONS: [Reason; 8] = [
    Reason::Static,
    Reason::TargetingMatch,
    Reason::Split,
    Reason::Default,
    Reason::Disabled,
    Reason::PrerequisiteFailed,
    Reason::Error,
    Reason::Override,
];

/// Error code order of the packed code.
pub const ERROR_CODES: [ErrorCode; 5] = [
    ErrorCode::FlagNotFound,
    ErrorCode::TypeMismatch,
    ErrorCode::InvalidContext,
    ErrorCode::ParseError,
    ErrorCode::General,
];

/// Flag type order of the packed code (also the `expected` argument of evaluations).
pub const TYPES: [FlagType; 4] = [
    FlagType::Boolean,
    FlagType::String,
    FlagType::Number,
    FlagType::Object,
];

// Every code fits its bits, and the packed slot stays a positive `i32`.
const _: () = assert!(
    REASONS.len() < 1 << CODE_BITS
        && ERROR_CODES.len() < 1 << CODE_BITS
        && TYPES.len() < 1 << CODE_BITS
        && TYPE_SHIFT + CODE_BITS <= 31
);

fn position<T: PartialEq>(table: &[T], item: &T) -> i32 {
    table
        .iter()
        .position(|x| x == item)
        .map_or(0, |i| i as i32 + 1)
}

/// The type a caller expects, from the 1-based code JS passes (0 or unknown: any).
pub fn expected_type(code: u32) -> Option<FlagType> {
    (code as usize)
        .checked_sub(1)
        .and_then(|i| TYPES.get(i))
        .copied()
}

/// Writes one evaluation into `out` (which must hold [`STRIDE`] items; a shorter `out` is
/// filled as far as it goes rather than indexed out of bounds).
pub fn write(out: &mut [i32], eval: &Evaluation<'_>, interner: &mut Interner) {
    let codes = position(&REASONS, &eval.reason) << REASON_SHIFT
        | eval.error_code.map_or(0, |c| position(&ERROR_CODES, &c)) << ERROR_SHIFT
        | eval.flag_type.map_or(0, |t| position(&TYPES, &t)) << TYPE_SHIFT;
    let [variant, value, rule, prerequisite, unit, metadata] = interner.record_ids(eval);
    let mut record = [0; STRIDE];
    record[slot::CODES] = codes;
    record[slot::VARIANT] = variant;
    record[slot::VALUE] = value;
    record[slot::RULE] = rule;
    record[slot::PREREQUISITE] = prerequisite;
    record[slot::UNIT] = unit;
    record[slot::METADATA] = metadata;
    for (dst, src) in out.iter_mut().zip(record) {
        *dst = src;
    }
}

/// `npm/src/layout.ts` is this module's layout, written out for the JS reader.
///
/// After changing the layout, regenerate the file with
/// `ROLLGATE_WRITE_LAYOUT=1 cargo test -p rollgate-wasm record` and rebuild the package.
#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT_TS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../npm/src/layout.ts");

    /// Every slot, with its name in `layout.ts` (after `SLOT_`).
    const SLOTS: [(&str, usize); 7] = [
        ("CODES", slot::CODES),
        ("VARIANT", slot::VARIANT),
        ("VALUE", slot::VALUE),
        ("RULE", slot::RULE),
        ("PREREQUISITE", slot::PREREQUISITE),
        ("UNIT", slot::UNIT),
        ("METADATA", slot::METADATA),
    ];

    /// A TypeScript array literal: `undefined` for code 0, then the names in code order.
    fn table(names: impl IntoIterator<Item = &'static str>) -> String {
        let quoted: Vec<String> = names.into_iter().map(|n| format!("{n:?}")).collect();
        format!("[undefined, {}]", quoted.join(", "))
    }

    /// The text `npm/src/layout.ts` must have.
    fn layout_ts() -> String {
        let slots: String = SLOTS
            .iter()
            .map(|(name, i)| format!("export const SLOT_{name} = {i};\n"))
            .collect();
        format!(
            r#"// Generated from wasm/src/record.rs (the WASM side's result-record layout) by its unit test;
// do not edit. After changing the layout there:
// `ROLLGATE_WRITE_LAYOUT=1 cargo test -p rollgate-wasm record`.

import type {{ EvaluationErrorCode, FlagType, Reason }} from "./types.js";

/** `i32` slots per record. */
export const STRIDE = {STRIDE};

// The slot of each field.
{slots}
/** Mask of one code in slot `SLOT_CODES`, at the shifts below. */
export const CODE_MASK = {mask};
export const REASON_SHIFT = {REASON_SHIFT};
export const ERROR_SHIFT = {ERROR_SHIFT};
export const TYPE_SHIFT = {TYPE_SHIFT};

// Code tables: index = code, 0 = none.
export const REASONS: readonly (Reason | undefined)[] = {reasons};
export const ERROR_CODES: readonly (EvaluationErrorCode | undefined)[] = {errors};
export const TYPES: readonly (FlagType | undefined)[] = {types};
"#,
            mask = (1 << CODE_BITS) - 1,
            reasons = table(REASONS.map(Reason::as_str)),
            errors = table(ERROR_CODES.map(ErrorCode::as_str)),
            types = table(TYPES.map(FlagType::name)),
        )
    }

    #[test]
    fn npm_layout_ts_is_generated_from_this_module() {
        let expected = layout_ts();
        if std::env::var_os("ROLLGATE_WRITE_LAYOUT").is_some() {
            std::fs::write(LAYOUT_TS, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(LAYOUT_TS).unwrap_or_default();
        assert!(
            actual == expected,
            "npm/src/layout.ts disagrees with wasm/src/record.rs; regenerate it with \
             `ROLLGATE_WRITE_LAYOUT=1 cargo test -p rollgate-wasm record`. Expected:\n{expected}"
        );
    }

    #[test]
    fn every_field_has_its_own_slot() {
        let mut slots = SLOTS.map(|(_, i)| i);
        slots.sort_unstable();
        assert!(slots.windows(2).all(|w| w[0] != w[1]));
        assert!(slots.iter().all(|&s| s < STRIDE));
    }
}
