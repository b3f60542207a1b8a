//! Records and enums that cross the FFI, and their conversions from the core's types.
//!
//! The core's own types borrow from the ruleset and carry serde derives; these are owned,
//! uniffi-friendly mirrors. Enum names match the core's JSON names (`TARGETING_MATCH`,
//! `FLAG_NOT_FOUND`, `unknown_field`...) once the generated code applies its naming rules.

use rollgate::{AttrValue, Context};
use std::collections::HashMap;

/// One attribute of an evaluation context.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ContextValue {
    /// A string, e.g. `"ios"`, `"2.4.0"` or a user id.
    Text {
        /// The string.
        value: String,
    },
    /// A finite number (NaN and infinities are rejected as an invalid context).
    Number {
        /// The number.
        value: f64,
    },
    /// A boolean.
    Bool {
        /// The boolean.
        value: bool,
    },
    /// A list of scalars (e.g. `groups`): a condition matches when any element matches.
    /// (Named `Values`, not `List`, so the generated Kotlin class does not shadow `List`.)
    Values {
        /// The elements.
        items: Vec<ContextScalar>,
    },
}

/// One element of a [`ContextValue::Values`] list.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ContextScalar {
    /// A string.
    Text {
        /// The string.
        value: String,
    },
    /// A finite number.
    Number {
        /// The number.
        value: f64,
    },
    /// A boolean.
    Bool {
        /// The boolean.
        value: bool,
    },
}

/// Builds a core context from the FFI map. The core checks every value (e.g. NaN is refused)
/// and names the attribute it refuses.
pub fn to_context(
    attributes: &HashMap<String, ContextValue>,
) -> Result<Context, rollgate::ContextError> {
    let mut context = Context::new();
    for (name, value) in attributes {
        let attr = match value {
            ContextValue::Text { value } => AttrValue::string(value.as_str()),
            ContextValue::Number { value } => AttrValue::Number(*value),
            ContextValue::Bool { value } => AttrValue::Bool(*value),
            ContextValue::Values { items } => AttrValue::List(
                items
                    .iter()
                    .map(|item| match item {
                        ContextScalar::Text { value } => AttrValue::string(value.as_str()),
                        ContextScalar::Number { value } => AttrValue::Number(*value),
                        ContextScalar::Bool { value } => AttrValue::Bool(*value),
                    })
                    .collect(),
            ),
        };
        context.set(name, attr)?;
    }
    Ok(context)
}

/// A flag's value, typed.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FlagValue {
    /// A boolean flag's value.
    Bool {
        /// The value.
        value: bool,
    },
    /// A string flag's value.
    Text {
        /// The value.
        value: String,
    },
    /// A number flag's value.
    Number {
        /// The value.
        value: f64,
    },
    /// An object flag's value, as JSON text (parse it with your JSON library).
    Json {
        /// The JSON object text.
        json: String,
    },
}

impl From<&rollgate::FlagValue> for FlagValue {
    fn from(value: &rollgate::FlagValue) -> Self {
        match value {
            rollgate::FlagValue::Bool(value) => FlagValue::Bool { value: *value },
            rollgate::FlagValue::String(value) => FlagValue::Text {
                value: value.clone(),
            },
            rollgate::FlagValue::Number(value) => FlagValue::Number { value: *value },
            rollgate::FlagValue::Object(json) => FlagValue::Json {
                json: json.as_json().to_owned(),
            },
        }
    }
}

/// Why a flag has its value (OpenFeature's reasons plus `PREREQUISITE_FAILED` and `OVERRIDE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Reason {
    /// The flag has no rules: the default variant.
    Static,
    /// A rule's condition matched and served a variant.
    TargetingMatch,
    /// A rollout or weighted split assigned the variant.
    Split,
    /// No rule matched: the default variant.
    Default,
    /// The flag is switched off: its off variant.
    Disabled,
    /// A prerequisite flag did not serve a required variant: the off variant.
    PrerequisiteFailed,
    /// Evaluation failed (see `error_code`); the caller's default applies.
    Error,
    /// A local override on this engine forced the variant (`set_override`).
    Override,
}

impl From<rollgate::Reason> for Reason {
    fn from(reason: rollgate::Reason) -> Self {
        match reason {
            rollgate::Reason::Static => Reason::Static,
            rollgate::Reason::TargetingMatch => Reason::TargetingMatch,
            rollgate::Reason::Split => Reason::Split,
            rollgate::Reason::Default => Reason::Default,
            rollgate::Reason::Disabled => Reason::Disabled,
            rollgate::Reason::PrerequisiteFailed => Reason::PrerequisiteFailed,
            rollgate::Reason::Error => Reason::Error,
            rollgate::Reason::Override => Reason::Override,
        }
    }
}

/// Why an evaluation failed (OpenFeature's error codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ErrorCode {
    /// No flag with that key.
    FlagNotFound,
    /// The flag's type is not the type asked for.
    TypeMismatch,
    /// The context could not be used.
    InvalidContext,
    /// No valid ruleset could be parsed.
    ParseError,
    /// Anything else (a caught internal failure).
    General,
}

impl From<rollgate::ErrorCode> for ErrorCode {
    fn from(code: rollgate::ErrorCode) -> Self {
        match code {
            rollgate::ErrorCode::FlagNotFound => ErrorCode::FlagNotFound,
            rollgate::ErrorCode::TypeMismatch => ErrorCode::TypeMismatch,
            rollgate::ErrorCode::InvalidContext => ErrorCode::InvalidContext,
            rollgate::ErrorCode::ParseError => ErrorCode::ParseError,
            rollgate::ErrorCode::General => ErrorCode::General,
        }
    }
}

/// The value type a flag declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FlagType {
    /// `true` / `false`.
    Boolean,
    /// A string.
    String,
    /// A number.
    Number,
    /// A JSON object.
    Object,
}

impl From<rollgate::FlagType> for FlagType {
    fn from(ty: rollgate::FlagType) -> Self {
        match ty {
            rollgate::FlagType::Boolean => FlagType::Boolean,
            rollgate::FlagType::String => FlagType::String,
            rollgate::FlagType::Number => FlagType::Number,
            rollgate::FlagType::Object => FlagType::Object,
        }
    }
}

impl From<FlagType> for rollgate::FlagType {
    fn from(ty: FlagType) -> Self {
        match ty {
            FlagType::Boolean => rollgate::FlagType::Boolean,
            FlagType::String => rollgate::FlagType::String,
            FlagType::Number => rollgate::FlagType::Number,
            FlagType::Object => rollgate::FlagType::Object,
        }
    }
}

/// The full result of evaluating one flag.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FlagEvaluation {
    /// The value served; absent on error (use your default).
    pub value: Option<FlagValue>,
    /// The variant served; absent on error.
    pub variant: Option<String>,
    /// Why the flag has this value.
    pub reason: Reason,
    /// The id of the deciding rule (TARGETING_MATCH and SPLIT).
    pub rule_id: Option<String>,
    /// Set when `reason` is ERROR.
    pub error_code: Option<ErrorCode>,
    /// A readable explanation of the error, when there is more to say than the code.
    pub error_message: Option<String>,
    /// The prerequisite flag that failed (PREREQUISITE_FAILED).
    pub failed_prerequisite: Option<String>,
    /// The unit attribute (e.g. `userId`) of a rollout or split skipped because the context
    /// lacks a usable value for it.
    pub unit_missing: Option<String>,
    /// The flag's declared type; absent when the flag does not exist.
    pub flag_type: Option<FlagType>,
    /// The flag's metadata as a JSON object text (`{}` when it has none).
    pub metadata_json: String,
}

impl FlagEvaluation {
    /// Converts a borrowed core evaluation into the owned FFI record.
    pub fn from_core(evaluation: &rollgate::Evaluation<'_>) -> FlagEvaluation {
        FlagEvaluation {
            value: evaluation.value.map(FlagValue::from),
            variant: evaluation.variant.map(str::to_owned),
            reason: evaluation.reason.into(),
            rule_id: evaluation.rule_id.map(str::to_owned),
            error_code: evaluation.error_code.map(ErrorCode::from),
            error_message: None,
            failed_prerequisite: evaluation.failed_prerequisite.map(str::to_owned),
            unit_missing: evaluation.unit_missing.map(str::to_owned),
            flag_type: evaluation.flag_type.map(FlagType::from),
            // The loader keeps metadata as compact JSON text: no serialization per result.
            metadata_json: evaluation
                .metadata
                .map_or("{}", |metadata| metadata.as_json())
                .to_owned(),
        }
    }

    /// An ERROR result with a code and a message (bad context, caught panic).
    pub fn error(code: ErrorCode, message: String) -> FlagEvaluation {
        FlagEvaluation {
            value: None,
            variant: None,
            reason: Reason::Error,
            rule_id: None,
            error_code: Some(code),
            error_message: Some(message),
            failed_prerequisite: None,
            unit_missing: None,
            flag_type: None,
            metadata_json: "{}".to_owned(),
        }
    }
}

/// What kind of mistake a [`Problem`] describes (the core's `ProblemKind`; `snake_case` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ProblemKind {
    /// Not valid JSON; the message has line and column.
    Syntax,
    /// A field the format does not define.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value has the wrong JSON type.
    InvalidType,
    /// A value has the right type but is not allowed.
    InvalidValue,
    /// An unknown condition operator.
    UnknownOperator,
    /// A reference to a variant the flag does not declare.
    UnknownVariant,
    /// A reference to a segment that does not exist.
    UnknownSegment,
    /// A prerequisite names a flag that does not exist.
    UnknownFlag,
    /// A variant value does not have the flag's type.
    TypeMismatch,
    /// A version range does not parse.
    InvalidRange,
    /// A regular expression does not compile.
    InvalidRegex,
    /// A date is neither RFC 3339 nor epoch milliseconds.
    InvalidDate,
    /// Split weights do not add up to 100.
    WeightSum,
    /// Two rules of one flag share an id.
    DuplicateId,
    /// Prerequisites form a cycle or a chain that is too deep.
    PrerequisiteCycle,
    /// A documented limit is exceeded.
    LimitExceeded,
    /// A schema version this engine does not support.
    UnsupportedSchema,
    /// A JSON object has the same key twice.
    DuplicateKey,
}

// Exhaustive on purpose (no wildcard): a kind added to the core must be added here too, or
// Kotlin and Swift apps could not see it.
impl From<rollgate::ProblemKind> for ProblemKind {
    fn from(kind: rollgate::ProblemKind) -> Self {
        use rollgate::ProblemKind as K;
        match kind {
            K::Syntax => ProblemKind::Syntax,
            K::UnknownField => ProblemKind::UnknownField,
            K::MissingField => ProblemKind::MissingField,
            K::InvalidType => ProblemKind::InvalidType,
            K::InvalidValue => ProblemKind::InvalidValue,
            K::UnknownOperator => ProblemKind::UnknownOperator,
            K::UnknownVariant => ProblemKind::UnknownVariant,
            K::UnknownSegment => ProblemKind::UnknownSegment,
            K::UnknownFlag => ProblemKind::UnknownFlag,
            K::TypeMismatch => ProblemKind::TypeMismatch,
            K::InvalidRange => ProblemKind::InvalidRange,
            K::InvalidRegex => ProblemKind::InvalidRegex,
            K::InvalidDate => ProblemKind::InvalidDate,
            K::WeightSum => ProblemKind::WeightSum,
            K::DuplicateId => ProblemKind::DuplicateId,
            K::PrerequisiteCycle => ProblemKind::PrerequisiteCycle,
            K::LimitExceeded => ProblemKind::LimitExceeded,
            K::UnsupportedSchema => ProblemKind::UnsupportedSchema,
            K::DuplicateKey => ProblemKind::DuplicateKey,
        }
    }
}

/// One mistake in a ruleset.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Problem {
    /// Path of the offending value, e.g. `flags.checkout.rules[2].when.op` (empty: the document).
    pub path: String,
    /// Machine-readable category.
    pub kind: ProblemKind,
    /// Readable explanation.
    pub message: String,
}

impl From<rollgate::Problem> for Problem {
    fn from(problem: rollgate::Problem) -> Self {
        Problem {
            path: problem.path,
            kind: problem.kind.into(),
            message: problem.message,
        }
    }
}

/// What a successful update did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UpdateResult {
    /// The revision before the update.
    pub previous_revision: u64,
    /// The revision now served.
    pub revision: u64,
    /// Keys of the flags whose results may have changed, sorted (see `FlagChangeListener`).
    pub changed_flags: Vec<String>,
    /// Set when the ruleset is being served but could not be written to the persist path
    /// (the update itself succeeded; the next successful update tries again).
    pub persist_error: Option<String>,
    /// The local overrides the new ruleset could not keep (its flag or variant is gone).
    pub dropped_overrides: Vec<DroppedOverride>,
}

/// A local override that a ruleset update dropped.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DroppedOverride {
    /// The overridden flag.
    pub flag: String,
    /// The variant it was forced to.
    pub variant: String,
    /// `FLAG_REMOVED` or `VARIANT_REMOVED`.
    pub reason: String,
}

impl From<rollgate::DroppedOverride> for DroppedOverride {
    fn from(dropped: rollgate::DroppedOverride) -> Self {
        DroppedOverride {
            flag: dropped.flag,
            variant: dropped.variant,
            reason: dropped.reason.as_str().to_owned(),
        }
    }
}

/// Converts a core context back into the FFI map (for `context_from_json`).
pub fn from_context(
    context: &Context,
) -> Result<HashMap<String, ContextValue>, rollgate::ContextError> {
    let scalar = |name: &str, value: &AttrValue| match value {
        AttrValue::String(s) => Ok(ContextScalar::Text {
            value: s.as_str().to_owned(),
        }),
        AttrValue::Number(n) => Ok(ContextScalar::Number { value: *n }),
        AttrValue::Bool(b) => Ok(ContextScalar::Bool { value: *b }),
        AttrValue::List(_) => Err(rollgate::ContextError {
            path: format!("context.{name}"),
            message: "nested lists are not supported".to_owned(),
        }),
    };
    context
        .iter()
        .map(|(name, value)| {
            let value = match value {
                AttrValue::List(items) => ContextValue::Values {
                    items: items
                        .iter()
                        .map(|item| scalar(name, item))
                        .collect::<Result<_, _>>()?,
                },
                other => match scalar(name, other)? {
                    ContextScalar::Text { value } => ContextValue::Text { value },
                    ContextScalar::Number { value } => ContextValue::Number { value },
                    ContextScalar::Bool { value } => ContextValue::Bool { value },
                },
            };
            Ok((name.to_owned(), value))
        })
        .collect()
}
