//! A typed view of a ruleset document, for the checks to read.
//!
//! The checks read the JSON document (not the compiled [`Ruleset`], whose rules are private to
//! the core) after the core has accepted it, so every shape here is known to be valid. Should
//! a part still not read as expected, its flag is marked unreadable and the checks that need
//! its rules skip it: a linter that guesses could report something false.

use super::path::JsonPath;
use rollgate::{FlagValue, Ruleset};
use serde_json::{Map, Value};

/// The unit attribute rollouts and splits hash when they name none.
pub const DEFAULT_UNIT: &str = "userId";

/// A ruleset document, read.
pub struct Doc<'a> {
    /// The flags, in key order (the order of results).
    pub flags: Vec<Flag<'a>>,
    /// The segments, in key order.
    pub segments: Vec<(&'a str, &'a Value)>,
}

/// One flag.
pub struct Flag<'a> {
    /// Its key.
    pub key: &'a str,
    /// `flags.<key>`.
    pub path: JsonPath,
    /// `enabled` (default true).
    pub enabled: bool,
    /// The `default` variant.
    pub default: &'a str,
    /// `offVariant`, or the default when absent.
    pub off: &'a str,
    /// The variants' names and the values the core serves for them.
    pub variants: Vec<(&'a str, FlagValue)>,
    /// The prerequisites, in order.
    pub prerequisites: Vec<Prerequisite<'a>>,
    /// The rules, or `None` when a part of them did not read as expected.
    pub rules: Option<Vec<Rule<'a>>>,
    /// `metadata`, when present.
    pub metadata: Option<&'a Map<String, Value>>,
}

/// "Flag `flag` must serve one of `variants`."
pub struct Prerequisite<'a> {
    /// The other flag's key.
    pub flag: &'a str,
    /// The variants that satisfy it.
    pub variants: Vec<&'a str>,
}

/// One rule.
pub struct Rule<'a> {
    /// Its position in `rules`.
    pub index: usize,
    /// Its `id`, or `rules[i]` as the core names a rule without one.
    pub id: String,
    /// `when`, when present.
    pub when: Option<&'a Value>,
    /// What it does for the contexts it matches.
    pub action: Action<'a>,
}

/// A rule's `serve`, `rollout` or `split`.
pub enum Action<'a> {
    /// Serve one variant.
    Serve(&'a str),
    /// A percentage of units.
    Rollout(Rollout<'a>),
    /// Everybody divided between variants.
    Split(Split<'a>),
}

/// A rollout, with its defaults applied.
pub struct Rollout<'a> {
    /// The unit attribute.
    pub by: &'a str,
    /// The effective salt (its own, or the flag's, or the flag key).
    pub salt: String,
    /// The share of units inside.
    pub percent: Percent,
    /// What units inside get.
    pub serve: RolloutServe<'a>,
}

/// A fixed percentage or a ramp, in thousandths of a percent (0 to 100,000) as the core
/// compares buckets with them.
pub enum Percent {
    /// `percent`.
    Fixed(u32),
    /// `steps`: (epoch ms, thousandths), increasing in time.
    Steps(Vec<(i64, u32)>),
}

/// What the units inside a rollout get.
pub enum RolloutServe<'a> {
    /// One variant.
    Variant(&'a str),
    /// A nested split.
    Split(Split<'a>),
}

/// A split, with its defaults applied.
pub struct Split<'a> {
    /// The unit attribute.
    pub by: &'a str,
    /// The variants and their weights in thousandths of a percent.
    pub variants: Vec<(&'a str, u32)>,
}

/// The whole share, in thousandths of a percent: every bucket is below it.
pub const ALL_BUCKETS: u32 = 100_000;

impl<'a> Doc<'a> {
    /// Reads a document the core has accepted; `ruleset` is the core's compilation of it
    /// (for the variant values exactly as served).
    pub fn read(document: &'a Value, ruleset: &Ruleset) -> Doc<'a> {
        let flags = object(document, "flags")
            .map(|flags| {
                let mut flags: Vec<_> = flags
                    .iter()
                    .filter_map(|(key, flag)| Some(read_flag(key, flag.as_object()?, ruleset)))
                    .collect();
                flags.sort_by(|a, b| a.key.cmp(b.key));
                flags
            })
            .unwrap_or_default();
        let mut segments: Vec<_> = object(document, "segments")
            .map(|segments| segments.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        segments.sort_by(|a: &(&str, &Value), b| a.0.cmp(b.0));
        Doc { flags, segments }
    }

    /// The flag with this key.
    pub fn flag(&self, key: &str) -> Option<&Flag<'a>> {
        // `flags` is sorted by key.
        let index = self.flags.binary_search_by(|f| f.key.cmp(key)).ok()?;
        self.flags.get(index)
    }

    /// A segment's condition.
    pub fn segment(&self, name: &str) -> Option<&'a Value> {
        self.segments
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }
}

impl Flag<'_> {
    /// The value the core serves for a variant.
    pub fn value(&self, variant: &str) -> Option<&FlagValue> {
        self.variants
            .iter()
            .find(|(name, _)| *name == variant)
            .map(|(_, value)| value)
    }
}

fn object<'a>(value: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    value.get(key)?.as_object()
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)?.as_str()
}

fn read_flag<'a>(key: &'a str, flag: &'a Map<String, Value>, ruleset: &Ruleset) -> Flag<'a> {
    let default = text(flag, "default").unwrap_or_default();
    let salt = text(flag, "salt").unwrap_or(key);
    let variants = ruleset
        .flag(key)
        .map(|info| {
            let names = flag.get("variants").and_then(Value::as_object);
            info.variants()
                .filter_map(|(name, value)| {
                    // Borrow the name from the document, which outlives the ruleset here.
                    let (name, _) = names?.get_key_value(name)?;
                    Some((name.as_str(), value.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let prerequisites = flag
        .get("prerequisites")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| {
                    Some(Prerequisite {
                        flag: p.get("flag")?.as_str()?,
                        variants: p
                            .get("variants")?
                            .as_array()?
                            .iter()
                            .filter_map(Value::as_str)
                            .collect(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let rules = match flag.get("rules") {
        None => Some(Vec::new()),
        Some(rules) => rules.as_array().and_then(|rules| {
            rules
                .iter()
                .enumerate()
                .map(|(index, rule)| read_rule(index, rule.as_object()?, salt))
                .collect()
        }),
    };
    Flag {
        key,
        path: JsonPath::root().key("flags").key(key),
        enabled: flag.get("enabled").and_then(Value::as_bool).unwrap_or(true),
        default,
        off: text(flag, "offVariant").unwrap_or(default),
        variants,
        prerequisites,
        rules,
        metadata: object_of(flag, "metadata"),
    }
}

fn object_of<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    map.get(key)?.as_object()
}

fn read_rule<'a>(index: usize, rule: &'a Map<String, Value>, flag_salt: &str) -> Option<Rule<'a>> {
    let action = if let Some(variant) = rule.get("serve") {
        Action::Serve(variant.as_str()?)
    } else if let Some(rollout) = rule.get("rollout") {
        Action::Rollout(read_rollout(rollout.as_object()?, flag_salt)?)
    } else {
        Action::Split(read_split(rule.get("split")?.as_object()?, DEFAULT_UNIT)?)
    };
    Some(Rule {
        index,
        id: text(rule, "id").map_or_else(|| format!("rules[{index}]"), str::to_owned),
        when: rule.get("when"),
        action,
    })
}

fn read_rollout<'a>(rollout: &'a Map<String, Value>, flag_salt: &str) -> Option<Rollout<'a>> {
    let by = text(rollout, "by").unwrap_or(DEFAULT_UNIT);
    let salt = text(rollout, "salt").unwrap_or(flag_salt).to_owned();
    let percent = match rollout.get("percent") {
        Some(percent) => Percent::Fixed(thousandths(percent)?),
        None => Percent::Steps(
            rollout
                .get("steps")?
                .as_array()?
                .iter()
                .map(|step| Some((time(step.get("at")?)?, thousandths(step.get("percent")?)?)))
                .collect::<Option<_>>()?,
        ),
    };
    let serve = match rollout.get("serve") {
        Some(variant) => RolloutServe::Variant(variant.as_str()?),
        None => RolloutServe::Split(read_split(rollout.get("split")?.as_object()?, by)?),
    };
    Some(Rollout {
        by,
        salt,
        percent,
        serve,
    })
}

/// A split; `default_by` is the unit it hashes when it names none.
fn read_split<'a>(split: &'a Map<String, Value>, default_by: &'a str) -> Option<Split<'a>> {
    Some(Split {
        by: text(split, "by").unwrap_or(default_by),
        variants: split
            .get("variants")?
            .as_array()?
            .iter()
            .map(|entry| {
                Some((
                    entry.get("variant")?.as_str()?,
                    thousandths(entry.get("weight")?)?,
                ))
            })
            .collect::<Option<_>>()?,
    })
}

/// A percentage (at most 3 decimals, checked by the core) in thousandths.
fn thousandths(percent: &Value) -> Option<u32> {
    let scaled = (percent.as_f64()? * 1000.0).round();
    (0.0..=f64::from(ALL_BUCKETS))
        .contains(&scaled)
        .then_some(scaled as u32)
}

/// A time as the format writes one: RFC 3339 text or epoch milliseconds.
pub fn time(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => rollgate::time::parse_rfc3339_ms(text).ok(),
        Value::Number(number) => number.as_i64(),
        _ => None,
    }
}
