//! Which checks run, at which level: the `lint:` section of a project file.
//!
//! The section maps each check, named by the kind code its findings carry, to a level, or to
//! an object with a `level` and the check's options:
//!
//! ```yaml
//! lint:
//!   missing_metadata: { level: error, keys: [owner, expires] }
//!   expired: error
//!   invalid_expires: error
//!   unreachable_rule: warn
//!   unused_segment: warn
//!   unserved_variant: warn
//!   constant_flag: off
//! ```
//!
//! Levels are `off`, `warn` and `error`; a check left out keeps its default (see
//! [`LintConfig::default`]). Unknown checks, levels and options are errors, so a typo cannot
//! silently turn a check off. `rollgate lint --config FILE` reads a YAML or JSON file that
//! holds just this section (without the `lint:` key).

use super::Kind;
use rollgate::is_annotation;
use rollgate::suggest::did_you_mean;
use rollgate::ProblemKind;
use rollgate_project::config::Section;
use rollgate_project::{path, Problem};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::fmt;

/// What is wrong with a `lint:` section, and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The keys from the section down to the value at fault (`["missing_metadata", "keys"]`);
    /// empty for the section itself.
    pub keys: Vec<String>,
    /// Whether the fault is the last key itself (an unknown check or option), not its value.
    pub about_key: bool,
    /// The kind of mistake, as the core names it.
    pub kind: ProblemKind,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    fn new(keys: &[&str], kind: ProblemKind, message: String) -> ConfigError {
        ConfigError {
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            about_key: kind == ProblemKind::UnknownField,
            kind,
            message,
        }
    }

    /// The problem in a project file whose `lint:` section is `section`, located there.
    pub fn locate(&self, section: &Section<'_>) -> Problem {
        let at = self
            .keys
            .iter()
            .fold(section.path.to_owned(), |at, key| path::key(&at, key));
        let location = if self.about_key {
            section.map.locate_key(&at)
        } else {
            section.map.locate(&at)
        };
        Problem::new(location, at, self.kind, self.message.clone())
    }
}

/// `missing_metadata.keys: message`, as `--config` errors read; a message about a key names
/// the key itself (`unknown check "x"`), so it follows only the keys above it.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.about_key {
            self.keys.len().saturating_sub(1)
        } else {
            self.keys.len()
        };
        if let Some(keys) = self.keys.get(..shown).filter(|keys| !keys.is_empty()) {
            write!(f, "{}: ", keys.join("."))?;
        }
        f.write_str(&self.message)
    }
}

/// What a check's findings are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not checked.
    Off,
    /// Reported; the exit code stays 0.
    Warn,
    /// Reported, and `rollgate lint` exits 1.
    Error,
}

impl Level {
    /// The names a config file uses.
    const NAMES: [&'static str; 3] = ["off", "warn", "error"];

    fn parse(name: &str) -> Option<Level> {
        match name {
            "off" => Some(Level::Off),
            "warn" => Some(Level::Warn),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// The level of each check and the checks' options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintConfig {
    /// Levels by check, in [`Kind::ALL`] order.
    levels: [Level; Kind::ALL.len()],
    /// The metadata keys every flag must have a non-empty value for (`missing_metadata`).
    pub required_metadata: Vec<String>,
}

impl Default for LintConfig {
    /// Every check at `warn`, except an unreadable `expires` (`invalid_expires`), which is an
    /// `error`: it is a broken date rather than untidiness, and the check it feeds cannot run.
    /// Required metadata: `owner`.
    fn default() -> LintConfig {
        let mut config = LintConfig {
            levels: [Level::Warn; Kind::ALL.len()],
            required_metadata: vec!["owner".to_owned()],
        };
        config.set(Kind::InvalidExpires, Level::Error);
        config
    }
}

impl LintConfig {
    /// The level of a check.
    pub fn level(&self, kind: Kind) -> Level {
        self.levels
            .get(kind as usize)
            .copied()
            .unwrap_or(Level::Warn)
    }

    /// Sets the level of a check.
    pub fn set(&mut self, kind: Kind, level: Level) {
        if let Some(slot) = self.levels.get_mut(kind as usize) {
            *slot = level;
        }
    }

    /// Reads the section; the error names the check or option that is wrong.
    pub fn from_value(section: &Value) -> Result<LintConfig, ConfigError> {
        let mut config = LintConfig::default();
        let Some(checks) = section.as_object() else {
            return Err(ConfigError::new(
                &[],
                ProblemKind::InvalidType,
                format!(
                    "the lint section must be a mapping of checks to levels, found {}",
                    describe(section)
                ),
            ));
        };
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        for (name, setting) in checks.iter().filter(|(name, _)| !is_annotation(name)) {
            let Some(kind) = Kind::ALL.iter().copied().find(|k| k.name() == name) else {
                return Err(ConfigError::new(
                    &[name],
                    ProblemKind::UnknownField,
                    format!(
                        "unknown check {name:?}{}; checks: {}",
                        did_you_mean(name, &names),
                        names.join(", ")
                    ),
                ));
            };
            let options = config
                .read_setting(kind, setting)
                .map_err(|(at, kind, message)| {
                    let keys: Vec<&str> = std::iter::once(name.as_str()).chain(at).collect();
                    ConfigError::new(&keys, kind, message)
                })?;
            for (option, value) in options {
                config
                    .read_option(kind, option, value)
                    .map_err(|(kind, message)| ConfigError::new(&[name, option], kind, message))?;
            }
        }
        Ok(config)
    }

    /// Reads a project file's `lint:` section; the problem is located in the file.
    pub fn from_section(section: &Section<'_>) -> Result<LintConfig, Problem> {
        LintConfig::from_value(section.value).map_err(|error| error.locate(section))
    }

    /// Reads `check: level` or `check: {level: ..., options}`; returns the options. The error
    /// names the member at fault (none, or `level`), its kind and what is wrong.
    fn read_setting<'v>(
        &mut self,
        kind: Kind,
        setting: &'v Value,
    ) -> Result<Vec<(&'v str, &'v Value)>, SettingError> {
        match setting {
            Value::String(level) => {
                self.set(kind, read_level(level).map_err(|e| (None, e.0, e.1))?);
                Ok(Vec::new())
            }
            Value::Object(map) => {
                if let Some(level) = map.get("level") {
                    let level = level.as_str().ok_or_else(|| {
                        (
                            Some("level"),
                            ProblemKind::InvalidType,
                            format!("level must be text, found {}", describe(level)),
                        )
                    })?;
                    self.set(
                        kind,
                        read_level(level).map_err(|e| (Some("level"), e.0, e.1))?,
                    );
                }
                Ok(options(map))
            }
            // YAML reads a bare `off` as text (YAML 1.2), but `false` is a boolean.
            other => Err((
                None,
                ProblemKind::InvalidType,
                format!(
                    "expected a level ({}) or a mapping with a level, found {}",
                    Level::NAMES.join(", "),
                    describe(other)
                ),
            )),
        }
    }

    fn read_option(
        &mut self,
        kind: Kind,
        option: &str,
        value: &Value,
    ) -> Result<(), (ProblemKind, String)> {
        match (kind, option) {
            (Kind::MissingMetadata, "keys") => {
                let keys = value.as_array().ok_or_else(|| {
                    (
                        ProblemKind::InvalidType,
                        format!(
                            "expected a list of metadata keys, found {}",
                            describe(value)
                        ),
                    )
                })?;
                self.required_metadata = keys
                    .iter()
                    .map(|key| {
                        key.as_str().map(str::to_owned).ok_or_else(|| {
                            (
                                ProblemKind::InvalidType,
                                format!("expected a metadata key (text), found {}", describe(key)),
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok(())
            }
            _ => {
                let known: &[&str] = match kind {
                    Kind::MissingMetadata => &["level", "keys"],
                    _ => &["level"],
                };
                Err((
                    ProblemKind::UnknownField,
                    format!(
                        "unknown option {option:?}{}; options: {}",
                        did_you_mean(option, known),
                        known.join(", ")
                    ),
                ))
            }
        }
    }
}

/// What is wrong with a check's setting: the member at fault (none, or `level`), the kind of
/// mistake and the message.
type SettingError = (Option<&'static str>, ProblemKind, String);

/// The members of a check's mapping other than `level` and annotations.
fn options(map: &Map<String, Value>) -> Vec<(&str, &Value)> {
    map.iter()
        .filter(|(key, _)| key.as_str() != "level" && !is_annotation(key))
        .map(|(key, value)| (key.as_str(), value))
        .collect()
}

fn read_level(name: &str) -> Result<Level, (ProblemKind, String)> {
    Level::parse(name).ok_or_else(|| {
        (
            ProblemKind::InvalidValue,
            format!(
                "unknown level {name:?}{}; levels: {}",
                did_you_mean(name, &Level::NAMES),
                Level::NAMES.join(", ")
            ),
        )
    })
}

/// "a number", "a list", ... for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// So that a project file's parser can read the section with serde (`lint: LintConfig`);
/// the error is [`LintConfig::from_value`]'s message.
impl<'de> Deserialize<'de> for LintConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LintConfig, D::Error> {
        let section = Value::deserialize(deserializer)?;
        LintConfig::from_value(&section).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_warn_except_invalid_expires() {
        let config = LintConfig::default();
        for kind in Kind::ALL {
            let expected = if kind == Kind::InvalidExpires {
                Level::Error
            } else {
                Level::Warn
            };
            assert_eq!(config.level(kind), expected, "{kind:?}");
        }
        assert_eq!(config.required_metadata, ["owner"]);
    }

    #[test]
    fn levels_and_options() {
        let config = LintConfig::from_value(&json!({
            "expired": "error",
            "constant_flag": {"level": "off"},
            "missing_metadata": {"level": "error", "keys": ["owner", "expires"]},
        }))
        .unwrap();
        assert_eq!(config.level(Kind::Expired), Level::Error);
        assert_eq!(config.level(Kind::ConstantFlag), Level::Off);
        assert_eq!(config.level(Kind::MissingMetadata), Level::Error);
        assert_eq!(config.level(Kind::UnusedSegment), Level::Warn);
        assert_eq!(config.required_metadata, ["owner", "expires"]);
        // Options alone keep the default level.
        let config = LintConfig::from_value(&json!({"missing_metadata": {"keys": []}})).unwrap();
        assert_eq!(config.level(Kind::MissingMetadata), Level::Warn);
        assert!(config.required_metadata.is_empty());
    }

    #[test]
    fn mistakes_are_named() {
        let error = |v: Value| LintConfig::from_value(&v).unwrap_err().to_string();
        assert_eq!(
            error(json!({"unreachable_rules": "warn"})),
            "unknown check \"unreachable_rules\" (did you mean \"unreachable_rule\"?); checks: \
             missing_metadata, expired, invalid_expires, unreachable_rule, unused_segment, \
             unserved_variant, constant_flag"
        );
        assert_eq!(
            error(json!({"expired": "warning"})),
            "expired: unknown level \"warning\" (did you mean \"warn\"?); levels: off, warn, error"
        );
        assert_eq!(
            error(json!({"expired": {"level": "warning"}})),
            "expired.level: unknown level \"warning\" (did you mean \"warn\"?); levels: off, \
             warn, error"
        );
        assert_eq!(
            error(json!({"expired": {"level": "warn", "days": 3}})),
            "expired: unknown option \"days\"; options: level"
        );
        assert_eq!(
            error(json!({"missing_metadata": {"keys": "owner"}})),
            "missing_metadata.keys: expected a list of metadata keys, found text"
        );
        assert_eq!(
            error(json!({"expired": false})),
            "expired: expected a level (off, warn, error) or a mapping with a level, found a \
             boolean"
        );
        assert!(error(json!(["expired"])).starts_with("the lint section must be a mapping"));
    }

    #[test]
    fn a_project_file_mistake_is_located_at_its_key_or_value() {
        let parsed = rollgate_project::source::parse(
            "schema: 1\nlint:\n  expired: error\n  unreachable_rules: warn\n",
            rollgate_project::source::Format::Yaml,
            "rollgate.yaml",
        )
        .unwrap();
        let section = |value| Section {
            value,
            path: "lint",
            map: &parsed.map,
        };
        let problem = LintConfig::from_section(&section(&parsed.value["lint"])).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "rollgate.yaml:4:3: lint.unreachable_rules: unknown check \"unreachable_rules\" (did \
             you mean \"unreachable_rule\"?); checks: missing_metadata, expired, \
             invalid_expires, unreachable_rule, unused_segment, unserved_variant, constant_flag \
             [unknown_field]"
        );
        let parsed = rollgate_project::source::parse(
            "lint:\n  missing_metadata:\n    level: eror\n",
            rollgate_project::source::Format::Yaml,
            "rollgate.yaml",
        )
        .unwrap();
        let problem = LintConfig::from_section(&Section {
            value: &parsed.value["lint"],
            path: "lint",
            map: &parsed.map,
        })
        .unwrap_err();
        assert!(
            problem
                .to_string()
                .starts_with("rollgate.yaml:3:12: lint.missing_metadata.level: unknown level"),
            "{problem}"
        );
    }

    #[test]
    fn annotations_are_ignored() {
        let config = LintConfig::from_value(&json!({
            "$comment": "strict",
            "x-team": 1,
            "expired": {"level": "error", "$comment": "past dates fail CI"},
        }))
        .unwrap();
        assert_eq!(config.level(Kind::Expired), Level::Error);
    }

    /// docs/project.schema.json describes the section editors check: the same checks, and
    /// the same options.
    #[test]
    fn the_project_schema_lists_every_check_and_option() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/project.schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let lint = &schema["properties"]["lint"];
        assert_eq!(lint["additionalProperties"], false);
        let checks: Vec<&str> = lint["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        kinds.sort_unstable();
        assert_eq!(checks, kinds);
        let options = &lint["properties"]["missing_metadata"]["anyOf"][1]["properties"];
        let options: Vec<&str> = options
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(options, ["keys", "level"]);
        assert_eq!(
            schema["$defs"]["lintLevel"]["enum"],
            json!(Level::NAMES),
            "levels"
        );
    }

    #[test]
    fn deserializes_from_a_project_file_section() {
        #[derive(Deserialize)]
        struct Project {
            lint: LintConfig,
        }
        let yaml = |text: &str| {
            let parsed =
                rollgate_project::source::parse(text, rollgate_project::source::Format::Yaml, "p")
                    .unwrap();
            serde_json::from_value::<Project>(parsed.value)
        };
        let project = yaml("lint:\n  expired: error\n  unused_segment: off\n").unwrap();
        assert_eq!(project.lint.level(Kind::Expired), Level::Error);
        assert_eq!(project.lint.level(Kind::UnusedSegment), Level::Off);
        let error = yaml("lint:\n  expird: error\n").err().unwrap().to_string();
        assert!(error.contains("unknown check \"expird\""), "{error}");
    }
}
