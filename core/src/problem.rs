//! Problems found while loading a ruleset, each with the path of the JSON value it concerns.
//!
//! Loading never stops at the first problem: a release manager fixing a ruleset wants the whole
//! list at once, so the compiler collects every [`Problem`] into one [`LoadError`].

use std::fmt;

/// What kind of mistake a [`Problem`] describes; stable, machine-readable (snake_case in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The text is not valid JSON (or YAML, in the CLI); the message has line and column.
    Syntax,
    /// A field that the format does not define (often a typo).
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value has the wrong JSON type (a string where a number belongs, ...).
    InvalidType,
    /// A value has the right type but is not allowed (an empty key, a percent above 100, ...).
    InvalidValue,
    /// A condition names an operator the engine does not know.
    UnknownOperator,
    /// A rule, rollout, split or prerequisite names a variant the flag does not declare.
    UnknownVariant,
    /// A condition names a segment that does not exist.
    UnknownSegment,
    /// A prerequisite names a flag that does not exist.
    UnknownFlag,
    /// A variant value does not have the flag's declared type.
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
    /// An object has the same key twice (JSON parsers disagree on which one wins).
    DuplicateKey,
    /// Prerequisites form a cycle, or a chain deeper than the limit.
    PrerequisiteCycle,
    /// A documented limit (size, depth, count) is exceeded.
    LimitExceeded,
    /// The ruleset declares a schema version this engine does not support.
    UnsupportedSchema,
}

impl ProblemKind {
    /// The machine-readable name (snake_case), as serialized and as the bindings report it.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "syntax",
            ProblemKind::UnknownField => "unknown_field",
            ProblemKind::MissingField => "missing_field",
            ProblemKind::InvalidType => "invalid_type",
            ProblemKind::InvalidValue => "invalid_value",
            ProblemKind::UnknownOperator => "unknown_operator",
            ProblemKind::UnknownVariant => "unknown_variant",
            ProblemKind::UnknownSegment => "unknown_segment",
            ProblemKind::UnknownFlag => "unknown_flag",
            ProblemKind::TypeMismatch => "type_mismatch",
            ProblemKind::InvalidRange => "invalid_range",
            ProblemKind::InvalidRegex => "invalid_regex",
            ProblemKind::InvalidDate => "invalid_date",
            ProblemKind::WeightSum => "weight_sum",
            ProblemKind::DuplicateId => "duplicate_id",
            ProblemKind::DuplicateKey => "duplicate_key",
            ProblemKind::PrerequisiteCycle => "prerequisite_cycle",
            ProblemKind::LimitExceeded => "limit_exceeded",
            ProblemKind::UnsupportedSchema => "unsupported_schema",
        }
    }
}

impl ProblemKind {
    /// The message of a problem of this kind in a build without the `messages` feature (the
    /// browser's default module): what is wrong, without naming the value. The problem's path
    /// says where; the full text comes from a build with the feature (the CLI, the mobile
    /// library, the browser's debug module).
    pub fn summary(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "invalid JSON",
            ProblemKind::UnknownField => "unknown field",
            ProblemKind::MissingField => "missing field",
            ProblemKind::InvalidType => "wrong JSON type",
            ProblemKind::InvalidValue => "invalid value",
            ProblemKind::UnknownOperator => "unknown operator",
            ProblemKind::UnknownVariant => "unknown variant",
            ProblemKind::UnknownSegment => "unknown segment",
            ProblemKind::UnknownFlag => "unknown flag",
            ProblemKind::TypeMismatch => "value of the wrong type for the flag",
            ProblemKind::InvalidRange => "invalid version range",
            ProblemKind::InvalidRegex => "invalid regular expression",
            ProblemKind::InvalidDate => "invalid date",
            ProblemKind::WeightSum => "split weights do not add up to 100",
            ProblemKind::DuplicateId => "duplicate rule id",
            ProblemKind::DuplicateKey => "duplicate key",
            ProblemKind::PrerequisiteCycle => "prerequisite cycle, or a chain too deep",
            ProblemKind::LimitExceeded => "limit exceeded",
            ProblemKind::UnsupportedSchema => "unsupported schema version",
        }
    }
}

/// A problem's message: `full()` in builds with the `messages` feature, else `kind`'s
/// [`summary`](ProblemKind::summary). Every message of a load problem goes through here, as a
/// closure, so that a build without the feature leaves out the messages' text, the code that
/// formats them and the did-you-mean search (about 3 KB of the browser module, gzipped).
#[inline]
pub(crate) fn message<M: Into<String>>(kind: ProblemKind, full: impl FnOnce() -> M) -> String {
    #[cfg(feature = "messages")]
    {
        let _ = kind;
        full().into()
    }
    #[cfg(not(feature = "messages"))]
    {
        let _ = full;
        kind.summary().to_owned()
    }
}

// By hand rather than derived: one table of names ([`ProblemKind::name`]) for serde and for the
// bindings, which read the name directly instead of going through a serializer.
#[cfg(feature = "serde")]
impl serde::Serialize for ProblemKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One mistake in a ruleset: where it is, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Problem {
    /// Path of the offending value, e.g. `flags.checkout.rules[2].when.op`; empty for the whole document.
    pub path: String,
    /// Machine-readable category.
    pub kind: ProblemKind,
    /// Human-readable explanation naming the offending value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A ruleset that could not be loaded, with every problem that was found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoadError {
    /// All problems, in document order. Never empty.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "invalid ruleset ({count} problem{})",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// A load error with a single problem.
    pub fn single(path: impl Into<String>, kind: ProblemKind, message: impl Into<String>) -> Self {
        LoadError {
            problems: vec![Problem {
                path: path.into(),
                kind,
                message: message.into(),
            }],
        }
    }
}

/// Collects problems during a load.
#[derive(Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
}

impl Problems {
    /// Records a problem at an explicit path.
    pub(crate) fn add_at(&mut self, path: &str, kind: ProblemKind, message: String) {
        // A pathological document could produce millions of problems; the first thousand say enough.
        if self.list.len() < crate::limits::MAX_PROBLEMS {
            self.list.push(Problem {
                path: path.to_owned(),
                kind,
                message,
            });
        }
    }

    /// True when nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::ProblemKind;

    const ALL: [ProblemKind; 19] = [
        ProblemKind::Syntax,
        ProblemKind::UnknownField,
        ProblemKind::MissingField,
        ProblemKind::InvalidType,
        ProblemKind::InvalidValue,
        ProblemKind::UnknownOperator,
        ProblemKind::UnknownVariant,
        ProblemKind::UnknownSegment,
        ProblemKind::UnknownFlag,
        ProblemKind::TypeMismatch,
        ProblemKind::InvalidRange,
        ProblemKind::InvalidRegex,
        ProblemKind::InvalidDate,
        ProblemKind::WeightSum,
        ProblemKind::DuplicateId,
        ProblemKind::DuplicateKey,
        ProblemKind::PrerequisiteCycle,
        ProblemKind::LimitExceeded,
        ProblemKind::UnsupportedSchema,
    ];

    #[test]
    fn names_are_the_snake_case_variant_names_and_serialize_as_such() {
        for kind in ALL {
            let mut snake = String::new();
            for (i, c) in format!("{kind:?}").chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            assert_eq!(kind.name(), snake);
            #[cfg(feature = "serde")]
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::from(snake))
            );
        }
    }

    #[test]
    fn summaries_are_distinct_and_name_no_value() {
        let mut seen = std::collections::HashSet::new();
        for kind in ALL {
            let summary = kind.summary();
            assert!(seen.insert(summary), "{summary} twice");
            assert!(!summary.is_empty() && !summary.contains('"'), "{summary}");
        }
    }

    /// The same problems in every build, paths and kinds; the message is the full text with
    /// the `messages` feature and the kind's summary without it.
    #[test]
    fn messages_are_the_full_text_or_the_summary_by_feature() {
        let text = r#"{"schema": 1, "revision": 1, "flags": {"x": {
            "type": "boolean", "variants": {"on": true, "off": false}, "default": "of",
            "rules": [{"id": "r", "when": {"attr": "a", "op": "equal", "value": "x"}, "serve": "on"}]
        }}}"#;
        let problems = match crate::Ruleset::from_json(text) {
            Ok(_) => panic!("the ruleset loaded"),
            Err(e) => e.problems,
        };
        let found: Vec<(&str, ProblemKind)> =
            problems.iter().map(|p| (p.path.as_str(), p.kind)).collect();
        assert_eq!(
            found,
            [
                ("flags.x.default", ProblemKind::UnknownVariant),
                ("flags.x.rules[0].when.op", ProblemKind::UnknownOperator),
            ]
        );
        let operator = &problems[1].message;
        if cfg!(feature = "messages") {
            assert_eq!(
                operator,
                r#"unknown operator "equal" (did you mean "equals"?)"#
            );
        } else {
            assert_eq!(operator, "unknown operator");
            for problem in &problems {
                assert_eq!(problem.message, problem.kind.summary());
            }
        }
    }
}
