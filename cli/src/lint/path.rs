//! JSON paths in the core's notation (`flags.checkout.rules[2]`, `flags["my flag"]`).
//!
//! Every finding names the node it is about with one, like the core's load problems, so that
//! a source map can turn it into `file:line:col` and tools can treat both kinds of report
//! alike. The notation must stay the core's: a test compares it with the paths of real load
//! problems.

use std::fmt;

/// A path from the document root to one node: keys and list indices.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct JsonPath {
    steps: Vec<Step>,
}

/// One step down: a member of an object or an element of a list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// An object member.
    Key(String),
    /// A list element.
    Index(usize),
}

impl JsonPath {
    /// The document root (printed as the empty string).
    pub fn root() -> JsonPath {
        JsonPath::default()
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> JsonPath {
        self.with(Step::Key(key.to_owned()))
    }

    /// This path extended by a list index.
    pub fn index(&self, index: usize) -> JsonPath {
        self.with(Step::Index(index))
    }

    fn with(&self, step: Step) -> JsonPath {
        let mut steps = self.steps.clone();
        steps.push(step);
        JsonPath { steps }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Key(key) if is_plain(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                // A JSON string literal shows any key unambiguously.
                Step::Key(key) => write!(f, "[{}]", serde_json::Value::from(key.as_str()))?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Keys the core writes after a dot; any other key is written as `["key"]`.
fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_the_core() {
        let rule = JsonPath::root()
            .key("flags")
            .key("checkout")
            .key("rules")
            .index(2);
        assert_eq!(rule.to_string(), "flags.checkout.rules[2]");
        let odd = JsonPath::root()
            .key("flags")
            .key("my flag")
            .key("variants")
            .key("on");
        assert_eq!(odd.to_string(), "flags[\"my flag\"].variants.on");
        assert_eq!(JsonPath::root().to_string(), "");
    }

    /// The core's own path for a problem under a key that needs quoting, and ours, agree.
    #[test]
    fn agrees_with_the_core_on_quoted_keys() {
        let text = r#"{"schema": 1, "revision": 1, "flags": {"my flag": {"type": "boolean",
            "variants": {"o n": true}, "default": "o n",
            "rules": [{"serve": "o n", "when": {"attr": "x", "op": "eq", "value": 1}}]}}}"#;
        let error = rollgate::Ruleset::from_json(text).unwrap_err();
        let ours = JsonPath::root()
            .key("flags")
            .key("my flag")
            .key("rules")
            .index(0)
            .key("when")
            .key("op");
        assert_eq!(error.problems[0].path, ours.to_string());
    }
}
