//! The compact result record: eight `i32` per evaluation, read by JS through a typed array.
//!
//! Layout (documented for `npm/src/decode.ts`, which must agree):
//! `[0]` packed codes: reason (bits 0–3, 1-based in [`REASONS`] order), error code (bits 4–7,
//! 0 = none, 1-based in [`ERROR_CODES`] order), flag type (bits 8–11, 0 = unknown flag,
//! 1-based in [`TYPES`] order); `[1]` variant id; `[2]` value id; `[3]` rule id;
//! `[4]` failed prerequisite id; `[5]` missing unit attribute id; `[6]` metadata id; `[7]` 0.
//! Ids come from the [`Interner`]; 0 means absent.

use crate::intern::Interner;
use rollgate::{ErrorCode, Evaluation, FlagType, Reason};

/// `i32` slots per record.
pub const STRIDE: usize = 8;

/// Reason order of the packed code (JS decodes with the same table).
pub const REASONS: [Reason; 7] = [
    Reason::Static,
    Reason::TargetingMatch,
    Reason::Split,
    Reason::Default,
    Reason::Disabled,
    Reason::PrerequisiteFailed,
    Reason::Error,
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

/// Writes one evaluation into `slot` (which must hold [`STRIDE`] items; shorter slots are
/// left as they are rather than indexed out of bounds).
pub fn write(slot: &mut [i32], eval: &Evaluation<'_>, interner: &mut Interner) {
    let codes = position(&REASONS, &eval.reason)
        | eval.error_code.map_or(0, |c| position(&ERROR_CODES, &c)) << 4
        | eval.flag_type.map_or(0, |t| position(&TYPES, &t)) << 8;
    let [variant, value, rule, prerequisite, unit, meta] = interner.record_ids(eval);
    let fields = [codes, variant, value, rule, prerequisite, unit, meta, 0];
    for (dst, src) in slot.iter_mut().zip(fields) {
        *dst = src;
    }
}
