#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Every finding of `rollgate lint` about what evaluation can do is checked against the core
//! itself, on generated rulesets and contexts: a rule reported as never deciding never decides,
//! a variant reported as never served is never served, and a flag reported as constant serves
//! one value (to everybody, or to everybody with a usable unit), at `--now` and later.
//!
//! The generator draws conditions, rollouts, splits, ramps, prerequisites and disabled flags
//! from a small vocabulary, so that rules often overlap (and findings are many), and contexts
//! from the same vocabulary plus the awkward cases: missing attributes, lists, wrong types,
//! unusable units.

mod common;

use common::rollgate;
use rollgate::{Context, Ruleset};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const NOW: i64 = 1_796_342_400_000; // 2026-12-04T00:00:00Z
const DAY: i64 = 86_400_000;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// The attributes conditions test; each flag focuses on one, so that its rules overlap.
const FOCUS: [&str; 4] = ["platform", "age", "email", "groups"];

fn test_condition(rng: &mut Rng, focus: &str) -> Value {
    let attr = if rng.chance(70) {
        focus
    } else {
        rng.pick(&FOCUS)
    };
    match (attr, rng.below(6)) {
        (_, 0) if rng.chance(30) => json!({"segment": rng.pick(&["beta", "mobile"])}),
        (_, 0) => json!({"attr": rng.pick(&["plan", attr]), "op": "exists"}),
        ("platform" | "groups", n) => {
            let words: &[&str] = if attr == "platform" {
                &["ios", "ipados", "android", "web"]
            } else {
                &["beta", "staff"]
            };
            let list = |rng: &mut Rng| {
                let count = rng.below(3);
                Value::from((0..count).map(|_| rng.pick(words)).collect::<Vec<_>>())
            };
            match n {
                1 => {
                    json!({"attr": attr, "op": rng.pick(&["equals", "notEquals"]), "value": rng.pick(words)})
                }
                2 => json!({"attr": attr, "op": rng.pick(&["in", "notIn"]), "values": list(rng)}),
                3 => json!({"attr": attr, "op": rng.pick(&["startsWith", "endsWith", "contains"]),
                            "value": rng.pick(&["i", "io", "ios", "ipa", "s", "d", "a", "be"])}),
                4 => json!({"attr": attr, "op": "matches", "value": rng.pick(&["^i", "s$"])}),
                _ => {
                    json!({"attr": attr, "op": "equals", "value": rng.pick(&[json!(1), json!(true), json!("ios")])})
                }
            }
        }
        ("age", n) => match n {
            1..=3 => json!({"attr": "age", "op": rng.pick(&["gt", "gte", "lt", "lte"]),
                            "value": rng.pick(&[json!(18), json!(21), json!(18.5), json!(21.0)])}),
            4 => json!({"attr": "age", "op": rng.pick(&["equals", "notEquals"]),
                        "value": rng.pick(&[json!(18), json!(21), json!("18")])}),
            _ => {
                json!({"attr": "age", "op": rng.pick(&["in", "notIn"]), "values": rng.pick(&[json!([18]), json!([18, 21])])})
            }
        },
        (_, n) => match n {
            1..=3 => {
                json!({"attr": "email", "op": rng.pick(&["startsWith", "endsWith", "contains", "equals", "notEquals"]),
                            "value": rng.pick(&["kim@acme.com", "@acme.com", "acme", "kim", "KIM", "acme.com"])})
            }
            4 => json!({"attr": "signup", "op": rng.pick(&["before", "after"]),
                        "value": rng.pick(&[json!("2026-01-01"), json!("2026-06-01T00:00:00Z"), json!(1_767_225_600_000_i64)])}),
            _ => {
                json!({"attr": "email", "op": "in", "values": rng.pick(&[json!(["kim@acme.com"]), json!(["kim@acme.com", "lee@acme.co"])])})
            }
        },
    }
}

fn condition(rng: &mut Rng, depth: usize, focus: &str) -> Value {
    if depth >= 2 || rng.chance(55) {
        return test_condition(rng, focus);
    }
    let count = rng.below(3);
    let children: Vec<Value> = (0..count)
        .map(|_| condition(rng, depth + 1, focus))
        .collect();
    match rng.below(3) {
        0 => json!({"all": children}),
        1 => json!({"any": children}),
        _ => json!({"not": condition(rng, depth + 1, focus)}),
    }
}

fn split(rng: &mut Rng, variants: &[&str]) -> Value {
    let a = rng.pick(variants);
    let b = rng.pick(variants);
    let weights = rng.pick(&[(100, 0), (50, 50), (0, 100)]);
    let mut split = json!({"variants": [{"variant": a, "weight": weights.0}, {"variant": b, "weight": weights.1}]});
    if rng.chance(30) {
        split["by"] = json!(rng.pick(&["userId", "deviceId"]));
    }
    split
}

fn rule(rng: &mut Rng, index: usize, variants: &[&str], focus: &str) -> Value {
    let mut rule = json!({"id": format!("r{index}")});
    if rng.chance(70) {
        rule["when"] = condition(rng, 0, focus);
    }
    match rng.below(3) {
        0 => rule["serve"] = json!(rng.pick(variants)),
        1 => rule["split"] = split(rng, variants),
        _ => {
            let mut rollout = json!({});
            if rng.chance(25) {
                let at = |days: i64| NOW + days * DAY;
                rollout["steps"] = rng.pick(&[
                    json!([{"at": at(-10), "percent": 50}, {"at": at(-1), "percent": 100}]),
                    json!([{"at": at(-10), "percent": 100}, {"at": at(5), "percent": 50}]),
                    json!([{"at": at(3), "percent": 100}]),
                ]);
            } else {
                rollout["percent"] = json!(rng.pick(&[0, 30, 50, 100]));
            }
            if rng.chance(25) {
                rollout["by"] = json!("deviceId");
            }
            if rng.chance(15) {
                rollout["salt"] = json!("other");
            }
            if rng.chance(25) {
                rollout["split"] = split(rng, variants);
            } else {
                rollout["serve"] = json!(rng.pick(variants));
            }
            rule["rollout"] = rollout;
        }
    }
    rule
}

fn ruleset(rng: &mut Rng, flags: usize) -> Value {
    let mut all = serde_json::Map::new();
    for f in 0..flags {
        let (variants, names): (Value, Vec<&str>) = if rng.chance(50) {
            (json!({"on": true, "off": false}), vec!["on", "off"])
        } else {
            // b and c share a value: constant flags through equal values.
            (json!({"a": "x", "b": "y", "c": "y"}), vec!["a", "b", "c"])
        };
        let focus = rng.pick(&FOCUS);
        let rules: Vec<Value> = (0..rng.below(5))
            .map(|i| rule(rng, i, &names, focus))
            .collect();
        let mut flag = json!({"type": if names.len() == 2 { "boolean" } else { "string" },
            "variants": variants, "default": rng.pick(&names), "rules": rules,
            "metadata": {"owner": "team"}});
        if rng.chance(30) {
            flag["offVariant"] = json!(rng.pick(&names));
        }
        if rng.chance(10) {
            flag["enabled"] = json!(false);
        }
        if f > 0 && rng.chance(20) {
            let other = rng.below(f);
            let other_variants = all[&format!("f{other}")]["variants"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>();
            flag["prerequisites"] =
                json!([{"flag": format!("f{other}"), "variants": [rng.pick(&other_variants)]}]);
        }
        all.insert(format!("f{f}"), flag);
    }
    json!({"schema": 1, "revision": 1, "flags": all, "segments": {
        "beta": {"attr": "groups", "op": "in", "values": ["beta"]},
        "mobile": {"attr": "platform", "op": "in", "values": ["ios", "android"]},
    }})
}

fn context(rng: &mut Rng) -> Value {
    let mut c = serde_json::Map::new();
    let mut maybe = |rng: &mut Rng, key: &str, values: &[Value]| {
        if rng.chance(70) {
            c.insert(key.to_owned(), rng.pick(values));
        }
    };
    let units: Vec<Value> = (0..40)
        .map(|i| json!(format!("u{i}")))
        .chain([json!(""), json!(42), json!(true), json!(["u1"]), json!(1.5)])
        .collect();
    maybe(rng, "userId", &units);
    maybe(rng, "deviceId", &units);
    maybe(
        rng,
        "platform",
        &[
            json!("ios"),
            json!("ipados"),
            json!("i"),
            json!("android"),
            json!("web"),
            json!(["ios", "web"]),
            json!(["ipados", "android"]),
            json!([]),
            json!(1),
            json!(true),
        ],
    );
    maybe(
        rng,
        "groups",
        &[
            json!(["beta"]),
            json!(["beta", "staff"]),
            json!("staff"),
            json!([]),
            json!("beta"),
            json!(["be"]),
            json!(1),
        ],
    );
    maybe(
        rng,
        "age",
        &[
            json!(17),
            json!(18),
            json!(18.5),
            json!(19),
            json!(21),
            json!(30),
            json!("21"),
            json!([18, 30]),
            json!([17, 21]),
        ],
    );
    maybe(
        rng,
        "email",
        &[
            json!("kim@acme.com"),
            json!("KIM@acme.com"),
            json!("lee@acme.co"),
            json!("kim@example.com"),
            json!("acme.com"),
            json!(""),
            json!(["kim@acme.com", "x"]),
        ],
    );
    maybe(rng, "plan", &[json!("pro"), json!(false), json!("")]);
    maybe(
        rng,
        "signup",
        &[
            json!("2025-12-31"),
            json!("2026-01-01"),
            json!("2026-03-01T00:00:00Z"),
            json!("2026-07-01"),
            json!(1_700_000_000_000_i64),
            json!(1_767_225_600_000_i64),
        ],
    );
    Value::Object(c)
}

/// A usable unit: a non-empty string or an integer of magnitude at most 2^53.
fn usable(context: &Value, unit: &str) -> bool {
    match context.get(unit) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_i64().is_some_and(|i| i.unsigned_abs() <= 1 << 53),
        _ => false,
    }
}

fn lint(dir: &Path, document: &Value) -> Vec<Value> {
    let file = dir.join("flags.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let now = NOW.to_string();
    let run = rollgate(&["lint", file.to_str().unwrap(), "--now", &now, "--json"]);
    assert!(run.code <= 1, "{}", run.stderr);
    run.json()["findings"].as_array().unwrap().clone()
}

#[test]
fn every_finding_about_evaluation_holds_for_generated_rulesets_and_contexts() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-lint-differential");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let contexts: Vec<(Value, Context)> = (0..400)
        .map(|_| {
            let c = context(&mut rng);
            let ctx = Context::from_json_value(&c).unwrap();
            (c, ctx)
        })
        .collect();
    let times = [NOW, NOW + DAY, NOW + 4 * DAY, NOW + 365 * DAY];
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..250 {
        let document = ruleset(&mut rng, 8);
        let Ok(ruleset) = Ruleset::from_value(&document) else {
            continue; // e.g. a prerequisite cycle cannot happen, but stay safe
        };
        // Rules and variants are judged as if every flag were enabled.
        let mut enabled_doc = document.clone();
        for flag in enabled_doc["flags"].as_object_mut().unwrap().values_mut() {
            flag["enabled"] = json!(true);
        }
        let enabled = Ruleset::from_value(&enabled_doc).unwrap();
        for finding in lint(&dir, &document) {
            let kind = finding["kind"].as_str().unwrap();
            let Some(key) = finding["flag"].as_str() else {
                continue;
            };
            let path = finding["path"].as_str().unwrap();
            let flag = &document["flags"][key];
            match kind {
                "unreachable_rule" => {
                    let index: usize = path
                        .rsplit('[')
                        .next()
                        .unwrap()
                        .trim_end_matches(']')
                        .parse()
                        .unwrap();
                    let id = flag["rules"][index]["id"].as_str().unwrap();
                    for (json, context) in &contexts {
                        for &t in &times {
                            let result = enabled.evaluate(key, context, t);
                            assert_ne!(
                                result.rule_id,
                                Some(id),
                                "{path} decided for {json} at {t}:\n{finding}\n{flag:#}"
                            );
                        }
                    }
                }
                "unserved_variant" => {
                    let variant = path.rsplit('.').next().unwrap();
                    for (json, context) in &contexts {
                        for &t in &times {
                            for rs in [&ruleset, &enabled] {
                                let result = rs.evaluate(key, context, t);
                                assert_ne!(
                                    result.variant,
                                    Some(variant),
                                    "{path} served to {json} at {t}:\n{finding}\n{flag:#}"
                                );
                            }
                        }
                    }
                }
                "constant_flag" => {
                    let message = finding["message"].as_str().unwrap();
                    let units: Vec<&str> = ["userId", "deviceId"]
                        .into_iter()
                        .filter(|u| {
                            message.contains(&format!("usable \"{u}\""))
                                || message.contains(&format!("and \"{u}\""))
                        })
                        .collect();
                    let mut seen: Option<Value> = None;
                    for (json, context) in &contexts {
                        if !units.iter().all(|u| usable(json, u)) {
                            continue;
                        }
                        for &t in &times {
                            let value: Value = ruleset
                                .evaluate(key, context, t)
                                .value
                                .unwrap()
                                .to_json()
                                .into();
                            match &seen {
                                None => seen = Some(value),
                                Some(first) => assert_eq!(
                                    first, &value,
                                    "{key} is not constant for {json} at {t}:\n{finding}\n{flag:#}"
                                ),
                            }
                        }
                    }
                }
                _ => continue,
            }
            *checked.entry(kind.to_owned()).or_default() += 1;
        }
    }
    // Enough of each for the test to mean something.
    for (kind, minimum) in [
        ("unreachable_rule", 100),
        ("unserved_variant", 50),
        ("constant_flag", 50),
    ] {
        let count = checked.get(kind).copied().unwrap_or(0);
        assert!(
            count >= minimum,
            "only {count} {kind} findings checked: {checked:?}"
        );
    }
    eprintln!("checked: {checked:?}");
}

/// Tests of one attribute each, for [`every_pair_of_tests_is_judged_right`].
fn atoms() -> Vec<Value> {
    let mut atoms = Vec::new();
    let t = |attr: &str, op: &str, value: Value| json!({"attr": attr, "op": op, "value": value});
    for v in ["ios", "ipados", "web"] {
        atoms.push(t("platform", "equals", json!(v)));
    }
    atoms.push(t("platform", "notEquals", json!("ios")));
    for values in [json!(["ios", "android"]), json!(["ios"]), json!([])] {
        atoms.push(json!({"attr": "platform", "op": "in", "values": values}));
    }
    for values in [json!(["ios"]), json!(["ios", "web"])] {
        atoms.push(json!({"attr": "platform", "op": "notIn", "values": values}));
    }
    for (op, values) in [
        ("startsWith", ["i", "io", "ios"]),
        ("endsWith", ["s", "os", "ios"]),
        ("contains", ["o", "io", "ios"]),
    ] {
        for v in values {
            atoms.push(t("platform", op, json!(v)));
        }
    }
    atoms.push(json!({"attr": "platform", "op": "exists"}));
    atoms.push(t("platform", "matches", json!("^i")));
    for op in ["gt", "gte", "lt", "lte"] {
        for v in [json!(18), json!(21), json!(18.5)] {
            atoms.push(t("age", op, v));
        }
    }
    atoms.push(t("age", "equals", json!(18)));
    atoms.push(t("age", "equals", json!("18")));
    atoms.push(json!({"attr": "age", "op": "in", "values": [18, 21]}));
    atoms.push(json!({"attr": "age", "op": "notIn", "values": [18]}));
    for op in ["before", "after"] {
        for v in [
            json!("2026-01-01"),
            json!("2026-06-01T00:00:00Z"),
            json!(1_767_225_600_000_i64),
        ] {
            atoms.push(t("signup", op, v));
        }
    }
    atoms
}

/// Contexts with one attribute each (and the empty one): every value the atoms tell apart.
fn single_attribute_contexts() -> Vec<Value> {
    let mut contexts = vec![json!({})];
    let values: [(&str, Vec<Value>); 3] = [
        (
            "platform",
            vec![
                json!("ios"),
                json!("ipados"),
                json!("i"),
                json!("io"),
                json!("os"),
                json!("web"),
                json!("android"),
                json!("IOS"),
                json!(["ios", "web"]),
                json!(["ipados"]),
                json!([]),
                json!(1),
                json!(true),
            ],
        ),
        (
            "age",
            vec![
                json!(17),
                json!(18),
                json!(18.5),
                json!(19),
                json!(21),
                json!(22),
                json!("18"),
                json!([18]),
                json!([17, 21]),
                json!([]),
            ],
        ),
        (
            "signup",
            vec![
                json!("2025-12-31"),
                json!("2026-01-01"),
                json!("2026-01-01T00:00:00.001Z"),
                json!("2026-05-31"),
                json!("2026-06-01"),
                json!("2026-07-01"),
                json!(1_767_225_600_000_i64),
                json!(1_767_225_599_999_i64),
                json!("soon"),
            ],
        ),
    ];
    for (attr, values) in values {
        for value in values {
            contexts.push(json!({ attr: value }));
        }
    }
    contexts
}

/// For every ordered pair of tests (and of their negations), a flag whose first rule serves
/// when one holds and whose second serves when the other does: each "never decides" the linter
/// reports must hold for every context, and the linter must find the pairs it should (a test
/// and itself, `in` subsets, ...), so that the check is not vacuous.
#[test]
fn every_pair_of_tests_is_judged_right() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rollgate-lint-pairs");
    std::fs::create_dir_all(&dir).unwrap();
    let mut conditions = atoms();
    let negated: Vec<Value> = conditions.iter().map(|c| json!({"not": c})).collect();
    conditions.extend(negated);
    let contexts: Vec<(Value, Context)> = single_attribute_contexts()
        .into_iter()
        .map(|c| {
            let context = Context::from_json_value(&c).unwrap();
            (c, context)
        })
        .collect();
    let mut reported = 0;
    // Under the 10,000 flags of a ruleset: one ruleset per first condition's half.
    for half in conditions.chunks(conditions.len().div_ceil(2)) {
        let mut flags = serde_json::Map::new();
        for (i, first) in half.iter().enumerate() {
            for (j, second) in conditions.iter().enumerate() {
                flags.insert(
                    format!("p{i}-{j}"),
                    json!({"type": "boolean", "variants": {"on": true, "off": false},
                        "default": "off", "metadata": {"owner": "t"}, "rules": [
                        {"id": "first", "when": first, "serve": "on"},
                        {"id": "second", "when": second, "serve": "off"}]}),
                );
            }
        }
        let document = json!({"schema": 1, "revision": 1, "flags": flags});
        let ruleset = Ruleset::from_value(&document).unwrap();
        for finding in lint(&dir, &document) {
            if finding["kind"] != "unreachable_rule" {
                continue;
            }
            let key = finding["flag"].as_str().unwrap();
            let id = if finding["path"].as_str().unwrap().ends_with("rules[1]") {
                "second"
            } else {
                "first"
            };
            for (json, context) in &contexts {
                assert_ne!(
                    ruleset.evaluate(key, context, NOW).rule_id,
                    Some(id),
                    "{finding} but it decides for {json}:\n{:#}",
                    document["flags"][key]
                );
            }
            reported += 1;
        }
    }
    // At least every condition after itself, plus the true implications.
    assert!(
        reported > 2 * atoms().len() + 40,
        "only {reported} reported"
    );
    eprintln!("pairs reported and checked: {reported}");
}
