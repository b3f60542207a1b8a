//! What an evaluation returns: value, variant, reason, rule and error code.

use crate::json::Value;
use crate::model::FlagMetadata;
use crate::value::{FlagType, FlagValue};
use std::fmt;

/// Why a flag has the value it has (OpenFeature's reasons plus PREREQUISITE_FAILED and
/// OVERRIDE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum Reason {
    /// The flag has no rules: everybody gets the default variant.
    Static,
    /// A rule's condition matched and it served a variant.
    TargetingMatch,
    /// A percentage rollout or a weighted split assigned the variant.
    Split,
    /// No rule matched: the default variant.
    Default,
    /// The flag is switched off (`enabled: false`): the off variant.
    Disabled,
    /// A prerequisite flag did not serve a required variant: the off variant.
    PrerequisiteFailed,
    /// Evaluation failed (see the error code); the caller's default applies.
    Error,
    /// A local override on this engine forced the variant (`Engine::set_override`).
    Override,
}

impl Reason {
    /// The name used in JSON and across bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Static => "STATIC",
            Reason::TargetingMatch => "TARGETING_MATCH",
            Reason::Split => "SPLIT",
            Reason::Default => "DEFAULT",
            Reason::Disabled => "DISABLED",
            Reason::PrerequisiteFailed => "PREREQUISITE_FAILED",
            Reason::Error => "ERROR",
            Reason::Override => "OVERRIDE",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an evaluation failed (OpenFeature's error codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum ErrorCode {
    /// The ruleset has no flag with that key.
    FlagNotFound,
    /// The flag's type differs from the type the caller asked for.
    TypeMismatch,
    /// The context could not be read (bindings report this for malformed contexts).
    InvalidContext,
    /// A ruleset could not be parsed (bindings report this before any ruleset is loaded).
    ParseError,
    /// Anything else; bindings use it for caught internal failures.
    General,
}

impl ErrorCode {
    /// The name used in JSON and across bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::FlagNotFound => "FLAG_NOT_FOUND",
            ErrorCode::TypeMismatch => "TYPE_MISMATCH",
            ErrorCode::InvalidContext => "INVALID_CONTEXT",
            ErrorCode::ParseError => "PARSE_ERROR",
            ErrorCode::General => "GENERAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a result's parts sit in the ruleset, for bindings that keep per-ruleset tables
/// (arrays indexed by position) instead of hashing strings on every evaluation.
///
/// Positions are `u32` (the limits keep every count far below 2^32): this keeps
/// [`Evaluation`] small enough to be moved with a few register stores instead of a `memcpy`
/// call, which is a measurable part of evaluating every flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Positions {
    /// The flag's position in key order (as in `Ruleset::flag_keys`).
    pub flag: u32,
    /// The served variant's position in the flag's variants (as in `FlagInfo::variants`).
    pub variant: u32,
    /// The deciding rule's position in the flag's rules (as in `FlagInfo::rule_ids`).
    pub rule: Option<u32>,
    /// The failed prerequisite's flag position.
    pub failed_prerequisite: Option<u32>,
}

/// The result of evaluating one flag, borrowing from the ruleset (no allocation).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation<'r> {
    /// The value served; `None` on error (the caller's default applies).
    pub value: Option<&'r FlagValue>,
    /// The variant served; `None` on error.
    pub variant: Option<&'r str>,
    /// Why.
    pub reason: Reason,
    /// The id of the rule that decided, for TARGETING_MATCH and SPLIT.
    pub rule_id: Option<&'r str>,
    /// Set when `reason` is ERROR.
    pub error_code: Option<ErrorCode>,
    /// The prerequisite flag that failed, for PREREQUISITE_FAILED.
    pub failed_prerequisite: Option<&'r str>,
    /// The unit attribute (e.g. `userId`) of a rollout or split that was skipped because the
    /// context lacks it or it is not a usable unit; the evaluation went on with the next rule.
    pub unit_missing: Option<&'r str>,
    /// The flag's declared type; `None` when the flag does not exist.
    pub flag_type: Option<FlagType>,
    /// The flag's metadata; `None` when the flag does not exist.
    pub metadata: Option<&'r FlagMetadata>,
    /// Positions of the flag, variant, rule and failed prerequisite; `None` on error.
    pub positions: Option<Positions>,
}

impl<'r> Evaluation<'r> {
    /// An error result.
    pub fn error(code: ErrorCode) -> Evaluation<'r> {
        Evaluation {
            value: None,
            variant: None,
            reason: Reason::Error,
            rule_id: None,
            error_code: Some(code),
            failed_prerequisite: None,
            unit_missing: None,
            flag_type: None,
            metadata: None,
            positions: None,
        }
    }

    /// Checks the flag's type against what the caller expects: a mismatch becomes an
    /// ERROR / TYPE_MISMATCH result, so typed getters fall back to the caller's default.
    pub fn expect_type(self, expected: FlagType) -> Evaluation<'r> {
        match self.flag_type {
            Some(actual) if actual != expected => Evaluation {
                flag_type: self.flag_type,
                metadata: self.metadata,
                ..Evaluation::error(ErrorCode::TypeMismatch)
            },
            _ => self,
        }
    }

    /// An owned copy, for bindings and serialization.
    pub fn to_result(&self) -> EvaluationResult {
        EvaluationResult {
            value: self.value.cloned(),
            variant: self.variant.map(str::to_owned),
            reason: self.reason,
            rule_id: self.rule_id.map(str::to_owned),
            error_code: self.error_code,
            failed_prerequisite: self.failed_prerequisite.map(str::to_owned),
            unit_missing: self.unit_missing.map(str::to_owned),
            flag_type: self.flag_type,
            metadata: self.metadata.cloned().unwrap_or_default(),
        }
    }
}

/// An owned evaluation result; its JSON ([`EvaluationResult::to_json`]) is the shape shared by
/// every binding.
#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationResult {
    /// The value served; absent on error.
    pub value: Option<FlagValue>,
    /// The variant served; absent on error.
    pub variant: Option<String>,
    /// Why.
    pub reason: Reason,
    /// The deciding rule's id.
    pub rule_id: Option<String>,
    /// Set when `reason` is ERROR.
    pub error_code: Option<ErrorCode>,
    /// The prerequisite that failed.
    pub failed_prerequisite: Option<String>,
    /// The missing or unusable unit attribute of a skipped rollout or split.
    pub unit_missing: Option<String>,
    /// The flag's declared type.
    pub flag_type: Option<FlagType>,
    /// The flag's metadata (empty when it has none).
    pub metadata: FlagMetadata,
}

impl EvaluationResult {
    /// The result as a JSON object: `value`, `variant`, `reason`, `ruleId`, `errorCode`,
    /// `failedPrerequisite`, `unitMissing`, `type`, `metadata`, in that order, each left out
    /// when absent (metadata when empty), except `reason`.
    pub fn to_json(&self) -> Value {
        let mut members = Vec::with_capacity(9);
        let mut add = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                members.push((key.to_owned(), value));
            }
        };
        let text = |text: &Option<String>| text.as_deref().map(Value::from);
        add("value", self.value.as_ref().map(FlagValue::to_json));
        add("variant", text(&self.variant));
        add("reason", Some(self.reason.as_str().into()));
        add("ruleId", text(&self.rule_id));
        add("errorCode", self.error_code.map(|c| c.as_str().into()));
        add("failedPrerequisite", text(&self.failed_prerequisite));
        add("unitMissing", text(&self.unit_missing));
        add("type", self.flag_type.map(|t| t.name().into()));
        add(
            "metadata",
            (!self.metadata.is_empty()).then(|| self.metadata.value().clone()),
        );
        Value::Object(members)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for EvaluationResult {
    /// As its JSON ([`EvaluationResult::to_json`]).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::Evaluation;

    /// `evaluate_all` moves one `Evaluation` per flag: at this size (with the key, 128 bytes)
    /// the compiler moves it inline; past it every move becomes a `memcpy` call.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn evaluation_stays_small() {
        assert!(std::mem::size_of::<Evaluation<'_>>() <= 112);
    }
}
