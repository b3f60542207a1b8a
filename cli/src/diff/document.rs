//! Read-only views of a ruleset document (the JSON model), with the format's defaults applied.
//!
//! The diff compares what authors wrote, so it reads the JSON model rather than the core's
//! compiled form (which is private and drops names the diff needs to show). Every document
//! has loaded without problems before it gets here, so a field that is missing or of another
//! type can only be an absent optional field: the views return the format's default for it
//! instead of failing. Annotation keys (`$…`, `x-…`) are not read.

use rollgate::is_annotation;
use rollgate::time::parse_rfc3339_ms;
use serde_json::{Map, Value};

/// The entries of an object member (`flags`, `segments`, `variants`, `metadata`), in the
/// document's order; empty when absent.
pub fn entries<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = (&'a str, &'a Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::iter)
        .map(|(k, v)| (k.as_str(), v))
}

/// The document's revision (0 when absent, which a loaded document never is).
pub fn revision(document: &Value) -> u64 {
    document
        .get("revision")
        .and_then(Value::as_f64)
        .map_or(0, |r| r as u64)
}

/// A flag definition.
#[derive(Clone, Copy, Debug)]
pub struct Flag<'a> {
    /// The flag key.
    pub key: &'a str,
    /// The definition.
    pub value: &'a Value,
}

impl<'a> Flag<'a> {
    /// The flags of a document, in the document's order.
    pub fn all(document: &'a Value) -> impl Iterator<Item = Flag<'a>> {
        entries(document, "flags").map(|(key, value)| Flag { key, value })
    }

    /// The flag named `key`, if the document has it.
    pub fn find(document: &'a Value, key: &str) -> Option<Flag<'a>> {
        let (key, value) = document.get("flags")?.as_object()?.get_key_value(key)?;
        Some(Flag { key, value })
    }

    fn str(&self, field: &str) -> Option<&'a str> {
        self.value.get(field).and_then(Value::as_str)
    }

    /// `boolean`, `string`, `number` or `object`.
    pub fn flag_type(&self) -> &'a str {
        self.str("type").unwrap_or("")
    }

    /// Variant names and values, in the document's order.
    pub fn variants(&self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        entries(self.value, "variants")
    }

    /// The value of a variant.
    pub fn variant(&self, name: &str) -> Option<&'a Value> {
        self.value.get("variants")?.get(name)
    }

    /// The default variant.
    pub fn default_variant(&self) -> &'a str {
        self.str("default").unwrap_or("")
    }

    /// The explicit `offVariant`, if set.
    pub fn explicit_off_variant(&self) -> Option<&'a str> {
        self.str("offVariant")
    }

    /// The variant served while disabled or when a prerequisite fails: `offVariant`, which
    /// defaults to `default`.
    pub fn off_variant(&self) -> &'a str {
        self.explicit_off_variant()
            .unwrap_or_else(|| self.default_variant())
    }

    /// `enabled`, default true.
    pub fn enabled(&self) -> bool {
        self.value
            .get("enabled")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// The hash salt of the flag's rollouts and splits: `salt`, default the flag key.
    pub fn salt(&self) -> &'a str {
        self.str("salt").unwrap_or(self.key)
    }

    /// The prerequisites, in order.
    pub fn prerequisites(&self) -> Vec<Prerequisite<'a>> {
        self.value
            .get("prerequisites")
            .and_then(Value::as_array)
            .map(|list| list.iter().map(Prerequisite::of).collect())
            .unwrap_or_default()
    }

    /// The rules, in evaluation order.
    pub fn rules(&self) -> Vec<Rule<'a>> {
        self.value
            .get("rules")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(index, value)| Rule { index, value })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The metadata object, if any.
    pub fn metadata(&self) -> Option<&'a Value> {
        self.value.get("metadata")
    }

    /// The segments named by the flag's rule conditions.
    pub fn segments_used(&self) -> Vec<&'a str> {
        let mut names = Vec::new();
        for rule in self.rules() {
            if let Some(condition) = rule.condition() {
                segments_in(condition, &mut names);
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Collects the `{"segment": name}` references of a condition.
fn segments_in<'a>(condition: &'a Value, names: &mut Vec<&'a str>) {
    if let Some(name) = condition.get("segment").and_then(Value::as_str) {
        names.push(name);
    }
    for key in ["all", "any"] {
        if let Some(list) = condition.get(key).and_then(Value::as_array) {
            for c in list {
                segments_in(c, names);
            }
        }
    }
    if let Some(inner) = condition.get("not") {
        segments_in(inner, names);
    }
}

/// A prerequisite: another flag must serve one of `variants`.
#[derive(Clone, Debug)]
pub struct Prerequisite<'a> {
    /// The prerequisite flag.
    pub flag: &'a str,
    /// The variants it must serve.
    pub variants: Vec<&'a str>,
}

impl<'a> Prerequisite<'a> {
    fn of(value: &'a Value) -> Prerequisite<'a> {
        Prerequisite {
            flag: value.get("flag").and_then(Value::as_str).unwrap_or(""),
            variants: value
                .get("variants")
                .and_then(Value::as_array)
                .map(|v| v.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        }
    }
}

/// A rule of a flag.
#[derive(Clone, Copy, Debug)]
pub struct Rule<'a> {
    /// Its position in the flag's rules.
    pub index: usize,
    /// The definition.
    pub value: &'a Value,
}

impl<'a> Rule<'a> {
    /// The explicit `id`, if set.
    pub fn id(&self) -> Option<&'a str> {
        self.value.get("id").and_then(Value::as_str)
    }

    /// The id results report: `id`, or `rules[i]` (the core's default) without one.
    pub fn label(&self) -> String {
        self.id()
            .map_or_else(|| format!("rules[{}]", self.index), str::to_owned)
    }

    /// The `when` condition; `None` means the rule applies to everybody.
    pub fn condition(&self) -> Option<&'a Value> {
        self.value.get("when")
    }

    /// What the rule does with the contexts it matches.
    pub fn action(&self) -> Action<'a> {
        if let Some(rollout) = self.value.get("rollout") {
            Action::Rollout(Rollout::of(rollout))
        } else if let Some(split) = self.value.get("split") {
            Action::Split(Split::of(split))
        } else {
            Action::Serve(
                self.value
                    .get("serve")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            )
        }
    }
}

/// A rule's `serve`, `rollout` or `split`.
#[derive(Clone, Debug)]
pub enum Action<'a> {
    /// Everybody matched gets this variant.
    Serve(&'a str),
    /// A percentage of the matched units.
    Rollout(Rollout<'a>),
    /// Everybody matched, divided by weight.
    Split(Split<'a>),
}

/// The default unit attribute of rollouts and splits.
pub const DEFAULT_BY: &str = "userId";

/// A rollout: who is in (percent or ramp), and what they get.
#[derive(Clone, Debug)]
pub struct Rollout<'a> {
    /// The unit attribute (`by`, default `userId`).
    pub by: &'a str,
    /// The explicit `salt`, if set (default: the flag's salt).
    pub salt: Option<&'a str>,
    /// The fixed percent or the ramp.
    pub schedule: Schedule,
    /// What units inside get.
    pub serve: RolloutServe<'a>,
}

/// What the units inside a rollout get.
#[derive(Clone, Debug)]
pub enum RolloutServe<'a> {
    /// One variant.
    Variant(&'a str),
    /// A split of the units inside.
    Split(Split<'a>),
}

impl<'a> Rollout<'a> {
    fn of(value: &'a Value) -> Rollout<'a> {
        let serve = match value.get("split") {
            Some(split) => RolloutServe::Split(Split::of(split)),
            None => RolloutServe::Variant(value.get("serve").and_then(Value::as_str).unwrap_or("")),
        };
        Rollout {
            by: value
                .get("by")
                .and_then(Value::as_str)
                .unwrap_or(DEFAULT_BY),
            salt: value.get("salt").and_then(Value::as_str),
            schedule: Schedule::of(value),
            serve,
        }
    }
}

/// How many are in a rollout over time: a fixed percent, or a ramp of steps.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// `percent`.
    Fixed(f64),
    /// `steps`: (start in epoch ms, percent), in time order.
    Ramp(Vec<(i64, f64)>),
}

impl Schedule {
    fn of(rollout: &Value) -> Schedule {
        match rollout.get("steps").and_then(Value::as_array) {
            Some(steps) => Schedule::Ramp(
                steps
                    .iter()
                    .map(|step| {
                        let at = match step.get("at") {
                            Some(Value::String(text)) => parse_rfc3339_ms(text).unwrap_or(0),
                            Some(number) => number.as_f64().map_or(0, |ms| ms as i64),
                            None => 0,
                        };
                        let percent = step.get("percent").and_then(Value::as_f64).unwrap_or(0.0);
                        (at, percent)
                    })
                    .collect(),
            ),
            None => Schedule::Fixed(
                rollout
                    .get("percent")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0),
            ),
        }
    }

    /// The percent in force at `now`: a ramp's last step at or before it, 0 before the first.
    pub fn percent_at(&self, now: i64) -> f64 {
        match self {
            Schedule::Fixed(percent) => *percent,
            Schedule::Ramp(steps) => steps
                .iter()
                .take_while(|(at, _)| *at <= now)
                .last()
                .map_or(0.0, |(_, percent)| *percent),
        }
    }

    /// The instants after `now` when the percent may change.
    pub fn changes_after(&self, now: i64) -> Vec<i64> {
        match self {
            Schedule::Fixed(_) => Vec::new(),
            Schedule::Ramp(steps) => steps
                .iter()
                .map(|(at, _)| *at)
                .filter(|at| *at > now)
                .collect(),
        }
    }

    /// The JSON the document would hold: the percent, or the steps with their times.
    pub fn to_json(&self) -> Value {
        match self {
            Schedule::Fixed(percent) => number(*percent),
            Schedule::Ramp(steps) => Value::Array(
                steps
                    .iter()
                    .map(|(at, percent)| {
                        serde_json::json!({"at": short_time(*at), "percent": number(*percent)})
                    })
                    .collect(),
            ),
        }
    }
}

/// A split: each variant takes the next `weight` percent of the buckets, in list order.
#[derive(Clone, Debug)]
pub struct Split<'a> {
    /// The explicit unit attribute, if set.
    pub by: Option<&'a str>,
    /// The explicit salt, if set.
    pub salt: Option<&'a str>,
    /// (variant, weight in percent), in order.
    pub variants: Vec<(&'a str, f64)>,
}

impl<'a> Split<'a> {
    fn of(value: &'a Value) -> Split<'a> {
        Split {
            by: value.get("by").and_then(Value::as_str),
            salt: value.get("salt").and_then(Value::as_str),
            variants: value
                .get("variants")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|entry| {
                            (
                                entry.get("variant").and_then(Value::as_str).unwrap_or(""),
                                entry.get("weight").and_then(Value::as_f64).unwrap_or(0.0),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The weights as JSON: `[{"variant": "A", "weight": 34}, …]`.
    pub fn weights_json(&self) -> Value {
        Value::Array(
            self.variants
                .iter()
                .map(|(variant, weight)| {
                    serde_json::json!({"variant": variant, "weight": number(*weight)})
                })
                .collect(),
        )
    }
}

/// A JSON number that prints as people write it: `10`, not `10.0`.
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// A percentage as people write it: `10`, `12.5`, `0.125` (the format allows 3 decimals).
pub fn percent_text(percent: f64) -> String {
    let text = format!("{percent:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// An instant, shortest form: `2026-12-15` at midnight UTC, else RFC 3339 without zero
/// milliseconds (`2026-12-15T09:30:00Z`).
pub fn short_time(ms: i64) -> String {
    let Some(full) = rollgate::time::format_rfc3339_ms(ms) else {
        return format!("{ms} ms");
    };
    if let Some(date) = full.strip_suffix("T00:00:00.000Z") {
        return date.to_owned();
    }
    match full.strip_suffix(".000Z") {
        Some(seconds) => format!("{seconds}Z"),
        None => full,
    }
}

/// Whether two values are the same for evaluation: numbers compare by value (`10` and
/// `10.0`), objects by their members whatever the order.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// [`same_value`] for fixed-field objects (conditions, rules): annotation keys are skipped
/// at every level.
pub fn same_definition(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_definition(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            let defining = |m: &'_ Map<String, Value>| {
                m.iter()
                    .filter(|(k, _)| !is_annotation(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Map<String, Value>>()
            };
            let (x, y) = (defining(x), defining(y));
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_definition(v, w)))
        }
        _ => same_value(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_apply() {
        let doc = json!({"flags": {"f": {"type": "boolean", "default": "off",
            "variants": {"on": true, "off": false},
            "rules": [{"rollout": {"percent": 10, "serve": "on"}}, {"id": "x", "serve": "on"}]}}});
        let flag = Flag::find(&doc, "f").unwrap();
        assert!(flag.enabled());
        assert_eq!(flag.salt(), "f");
        assert_eq!(flag.off_variant(), "off");
        let rules = flag.rules();
        assert_eq!(rules[0].label(), "rules[0]");
        assert_eq!(rules[1].label(), "x");
        let Action::Rollout(rollout) = rules[0].action() else {
            panic!("a rollout")
        };
        assert_eq!(rollout.by, "userId");
        assert_eq!(rollout.schedule, Schedule::Fixed(10.0));
    }

    #[test]
    fn ramps_follow_their_steps() {
        let rollout = json!({"steps": [{"at": "2026-12-01T00:00:00Z", "percent": 1},
            {"at": 1796256000000_i64, "percent": 5}], "serve": "on"});
        let schedule = Schedule::of(&rollout);
        let dec1 = 1_796_083_200_000;
        assert_eq!(schedule.percent_at(dec1 - 1), 0.0);
        assert_eq!(schedule.percent_at(dec1), 1.0);
        assert_eq!(schedule.percent_at(1_796_256_000_000), 5.0);
        assert_eq!(schedule.changes_after(dec1), vec![1_796_256_000_000]);
        assert_eq!(
            schedule.to_json(),
            json!([{"at": "2026-12-01", "percent": 1}, {"at": "2026-12-03", "percent": 5}])
        );
    }

    #[test]
    fn numbers_and_times_print_as_written() {
        assert_eq!(percent_text(10.0), "10%");
        assert_eq!(percent_text(12.5), "12.5%");
        assert_eq!(percent_text(0.125), "0.125%");
        assert_eq!(number(10.0), json!(10));
        assert_eq!(short_time(1_796_083_200_000), "2026-12-01");
        assert_eq!(
            short_time(1_796_083_200_000 + 9_000),
            "2026-12-01T00:00:09Z"
        );
        assert_eq!(short_time(1_796_083_200_001), "2026-12-01T00:00:00.001Z");
    }

    #[test]
    fn sameness_ignores_number_form_order_and_annotations() {
        assert!(same_value(
            &json!({"a": 10, "b": [1.0]}),
            &json!({"b": [1], "a": 10.0})
        ));
        assert!(!same_value(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(same_definition(
            &json!({"attr": "x", "op": "exists", "$comment": "why"}),
            &json!({"attr": "x", "op": "exists"})
        ));
        assert!(!same_definition(
            &json!({"attr": "x", "op": "exists"}),
            &json!({"attr": "y", "op": "exists"})
        ));
    }

    #[test]
    fn segments_used_are_found_at_any_depth() {
        let doc = json!({"flags": {"f": {"rules": [
            {"when": {"all": [{"segment": "b"}, {"not": {"any": [{"segment": "a"}]}}]}, "serve": "on"},
            {"when": {"segment": "b"}, "serve": "on"}]}}});
        assert_eq!(
            Flag::find(&doc, "f").unwrap().segments_used(),
            vec!["a", "b"]
        );
    }
}
