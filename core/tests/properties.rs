#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Property tests of the core: rollout monotonicity, split stability and uniformity,
//! determinism, ramps, and "no input panics" over random and mutated rulesets, contexts,
//! versions, ranges and timestamps.
//!
//! Random cases come from proptest (a fresh seed per run; failures are saved under
//! `proptest-regressions/` and replayed first). The 100,000-unit distribution checks are plain
//! deterministic loops, so they either always pass or always fail.

use proptest::prelude::*;
use proptest::sample::Index;
use rollgate::bucketing::{bucket, BUCKETS};
use rollgate::time::{format_rfc3339_ms, parse_rfc3339_ms};
use rollgate::version::{Version, VersionRange};
use rollgate::{
    AttrValue, Context, Engine, LoadError, ProblemKind, Reason, Ruleset, UpdateError, OPERATORS,
};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Cases per property: enough to find shallow bugs on every run while the whole file stays
/// well under a minute in a debug build on two cores.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // Shrinking a slow JSON case can take minutes; a bounded search still gives a small input.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Shared inputs
// ---------------------------------------------------------------------------------------------

/// Pieces for unit strings that stress UTF-8 handling: multi-byte letters, CJK, emoji (incl. ZWJ
/// sequences), combining marks, and strings that are non-empty but look empty.
const UNIT_PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "9",
    "-",
    "_",
    ":",
    "/",
    ".",
    "@",
    " ",
    "\t",
    "\u{0}",
    "é",
    "e\u{301}",
    "\u{301}",
    "ß",
    "İ",
    "日本",
    "語",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{1f1eb}\u{1f1f7}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{fe0f}",
    "\u{10ffff}",
    "user-",
    "42",
];

/// A non-empty unit string (an empty string is "no unit" by design).
fn unit_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_-]{1,24}",
        prop::collection::vec(prop::sample::select(UNIT_PIECES), 1..8).prop_map(|p| p.concat()),
        prop::collection::vec(any::<char>(), 1..24).prop_map(|c| c.into_iter().collect()),
    ]
}

/// A unit as the context holds it: a string, or an integer that buckets like its decimal text.
#[derive(Clone, Debug)]
enum Unit {
    Text(String),
    Integer(i64),
}

impl Unit {
    /// The text the engine hashes for this unit.
    fn hashed_text(&self) -> String {
        match self {
            Unit::Text(s) => s.clone(),
            Unit::Integer(n) => n.to_string(),
        }
    }

    fn context(&self, attr: &str) -> Context {
        match self {
            Unit::Text(s) => Context::new().with(attr, s.as_str()).unwrap(),
            Unit::Integer(n) => Context::new().with(attr, *n).unwrap(),
        }
    }
}

/// 2^53: the largest integer unit.
const MAX_INT_UNIT: i64 = 1 << 53;

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        4 => unit_string().prop_map(Unit::Text),
        1 => (-MAX_INT_UNIT..=MAX_INT_UNIT).prop_map(Unit::Integer),
    ]
}

/// A salt: any non-empty string (the loader refuses empty salts), including non-ASCII.
fn salt() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z-]{1,16}",
        prop::collection::vec(prop::sample::select(UNIT_PIECES), 1..6).prop_map(|p| p.concat()),
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
    ]
}

/// Two percentages in thousandths (0.001 resolution), ordered.
fn ordered_percents() -> impl Strategy<Value = (u32, u32)> {
    let percent = prop_oneof![
        0..=BUCKETS,
        prop::sample::select(vec![0, 1, 999, 1_000, 50_000, 99_999, BUCKETS]),
    ];
    (percent.clone(), percent).prop_map(|(a, b)| (a.min(b), a.max(b)))
}

/// A percentage in thousandths as the JSON number a ruleset author would write.
fn percent_json(thousandths: u32) -> Value {
    if thousandths % 1000 == 0 {
        json!(thousandths / 1000)
    } else {
        json!(f64::from(thousandths) / 1000.0)
    }
}

fn load(document: &Value) -> Ruleset {
    match Ruleset::from_value(document) {
        Ok(ruleset) => ruleset,
        Err(e) => panic!("test ruleset must load: {e}\n{document:#}"),
    }
}

fn conformance_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// Every valid ruleset of the conformance corpus (plus the briefing's example): seeds for the
/// determinism and mutation properties.
fn corpus_rulesets() -> &'static [Value] {
    static CORPUS: OnceLock<Vec<Value>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut found = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(conformance_dir())
            .expect("conformance corpus directory")
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("corpus file");
            let file: Value = serde_json::from_str(&text).expect("corpus file is JSON");
            if let Some(ruleset) = file.get("ruleset") {
                found.push(ruleset.clone());
            } else if path
                .file_name()
                .is_some_and(|n| n == "example-ruleset.json")
            {
                found.push(file);
            }
        }
        assert!(found.len() >= 10, "conformance corpus not found: {found:?}");
        for document in &found {
            load(document);
        }
        found
    })
}

/// Every invalid document of the corpus (`ruleset` values and `rulesetText` texts).
fn corpus_invalid() -> Vec<(String, Option<Value>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(conformance_dir()).expect("corpus") {
        let path = entry.expect("entry").path();
        if !path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        for case in file
            .get("invalid")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(text) = case.get("rulesetText").and_then(Value::as_str) {
                found.push((text.to_owned(), None));
            } else if let Some(document) = case.get("ruleset") {
                found.push((document.to_string(), Some(document.clone())));
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Rollouts and splits
// ---------------------------------------------------------------------------------------------

/// Two boolean flags with the same salt, rolled out to `p1` and `p2` (thousandths).
fn two_rollouts(salt: &str, p1: u32, p2: u32) -> Value {
    let flag = |p: u32| {
        json!({
            "type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
            "salt": salt,
            "rules": [{"id": "roll", "rollout": {"by": "userId", "percent": percent_json(p), "serve": "on"}}]
        })
    };
    json!({"schema": 1, "revision": 1, "flags": {"a": flag(p1), "b": flag(p2)}})
}

/// Whether the unit is inside the flag's rollout, checking the result's shape on the way.
fn in_rollout(ruleset: &Ruleset, key: &str, context: &Context) -> bool {
    let result = ruleset.evaluate(key, context, 0);
    match result.reason {
        Reason::Split => {
            assert_eq!(result.variant, Some("on"));
            assert_eq!(result.rule_id, Some("roll"));
            true
        }
        Reason::Default => {
            assert_eq!(result.variant, Some("off"));
            assert_eq!(result.unit_missing, None, "a valid unit is never missing");
            false
        }
        other => panic!("unexpected reason {other:?} for {key}"),
    }
}

/// Random split weights in thousandths summing to 100%: 1 to 5 variants, zeros allowed.
fn split_weights() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0..=BUCKETS, 0..4).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(BUCKETS);
        cuts.sort_unstable();
        cuts.windows(2).map(|w| w[1] - w[0]).collect()
    })
}

/// The variant a split over `weights` (variants `V0`, `V1`, ...) gives a bucket, per the spec.
fn split_pick(weights: &[u32], bucket: u32) -> String {
    let mut upper = 0;
    for (i, w) in weights.iter().enumerate() {
        upper += w;
        if bucket < upper {
            return format!("V{i}");
        }
    }
    panic!("weights {weights:?} do not cover bucket {bucket}");
}

/// Two string flags, rollouts at `p1` and `p2` with the same nested split.
fn two_rollouts_with_split(salt: &str, p1: u32, p2: u32, weights: &[u32]) -> Value {
    let mut variants = Map::new();
    variants.insert("OUT".into(), json!("out"));
    let split: Vec<Value> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            variants.insert(format!("V{i}"), json!(format!("v{i}")));
            json!({"variant": format!("V{i}"), "weight": percent_json(*w)})
        })
        .collect();
    let flag = |p: u32| {
        json!({
            "type": "string", "variants": variants, "default": "OUT",
            "rules": [{"id": "roll", "rollout": {
                "salt": salt, "percent": percent_json(p), "split": {"variants": split}
            }}]
        })
    };
    json!({"schema": 1, "revision": 1, "flags": {"a": flag(p1), "b": flag(p2)}})
}

proptest! {
    #![proptest_config(config())]

    /// A unit in a rollout at p1 is in it at every p2 >= p1, through a real ruleset, and the
    /// ruleset agrees with the documented bucket rule (`bucket < percent * 1000`).
    #[test]
    fn rollouts_are_monotonic(
        salt in salt(),
        units in prop::collection::vec(unit(), 1..12),
        (p1, p2) in ordered_percents(),
    ) {
        let ruleset = load(&two_rollouts(&salt, p1, p2));
        for unit in &units {
            let context = unit.context("userId");
            let b = bucket(&salt, &unit.hashed_text());
            prop_assert!(b < BUCKETS);
            let (in1, in2) = (in_rollout(&ruleset, "a", &context), in_rollout(&ruleset, "b", &context));
            prop_assert_eq!(in1, b < p1, "unit {:?} bucket {} at {}", unit, b, p1);
            prop_assert_eq!(in2, b < p2, "unit {:?} bucket {} at {}", unit, b, p2);
            prop_assert!(!in1 || in2, "unit {:?} left the rollout when it grew from {} to {}", unit, p1, p2);
        }
        // The exact edge: a rollout to the unit's own bucket leaves it out, one step more takes it in.
        let edge_unit = &units[0];
        let b = bucket(&salt, &edge_unit.hashed_text());
        let edges = load(&two_rollouts(&salt, b, b + 1));
        let context = edge_unit.context("userId");
        prop_assert!(!in_rollout(&edges, "a", &context), "bucket {} is inside a rollout to {}", b, b);
        prop_assert!(in_rollout(&edges, "b", &context), "bucket {} is outside a rollout to {}", b, b + 1);
    }

    /// The same, straight on `bucketing::bucket`: deterministic, in range, and the "in" set for
    /// p1 is a subset of the one for p2.
    #[test]
    fn bucket_thresholds_are_monotonic(
        salt in salt(),
        units in prop::collection::vec(unit_string(), 1..32),
        (p1, p2) in ordered_percents(),
    ) {
        for unit in &units {
            let b = bucket(&salt, unit);
            prop_assert_eq!(b, bucket(&salt, unit));
            prop_assert!(b < BUCKETS);
            prop_assert!(b >= p1 || b < p2);
        }
    }

    /// Growing a rollout does not reshuffle its nested split: a unit inside at p1 gets the same
    /// variant at p2, and that variant is the one the spec picks from the `{salt}/split` bucket.
    #[test]
    fn nested_splits_do_not_reshuffle_when_a_rollout_grows(
        salt in salt(),
        units in prop::collection::vec(unit(), 1..12),
        (p1, p2) in ordered_percents(),
        weights in split_weights(),
    ) {
        let ruleset = load(&two_rollouts_with_split(&salt, p1, p2, &weights));
        for unit in &units {
            let context = unit.context("userId");
            let first = ruleset.evaluate("a", &context, 0);
            let second = ruleset.evaluate("b", &context, 0);
            let text = unit.hashed_text();
            let in1 = bucket(&salt, &text) < p1;
            prop_assert_eq!(first.reason == Reason::Split, in1);
            if in1 {
                prop_assert_eq!(second.reason, Reason::Split);
                prop_assert_eq!(first.variant, second.variant, "unit {:?} reshuffled", unit);
                let expected = split_pick(&weights, bucket(&format!("{salt}/split"), &text));
                prop_assert_eq!(first.variant, Some(expected.as_str()));
            } else {
                prop_assert_eq!(first.variant, Some("OUT"));
            }
        }
        // The exact edge: a band ending at the unit's split bucket excludes it, one more includes it.
        let text = units[0].hashed_text();
        let b = bucket(&format!("{salt}/split"), &text);
        let context = units[0].context("userId");
        let below = load(&two_rollouts_with_split(&salt, BUCKETS, BUCKETS, &[b, BUCKETS - b]));
        prop_assert_eq!(below.evaluate("a", &context, 0).variant, Some("V1"), "split bucket {}", b);
        let above = load(&two_rollouts_with_split(&salt, BUCKETS, BUCKETS, &[b + 1, BUCKETS - b - 1]));
        prop_assert_eq!(above.evaluate("a", &context, 0).variant, Some("V0"), "split bucket {}", b);
    }
}

/// Share of 100,000 units (`user-0` .. `user-99999`) per variant of one flag.
fn shares(ruleset: &Ruleset, key: &str) -> BTreeMap<String, f64> {
    const UNITS: u32 = 100_000;
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for i in 0..UNITS {
        let context = Context::new().with("userId", format!("user-{i}")).unwrap();
        let result = ruleset.evaluate(key, &context, 0);
        *counts
            .entry(result.variant.expect("a variant").to_owned())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(variant, n)| (variant, f64::from(n) * 100.0 / f64::from(UNITS)))
        .collect()
}

fn assert_shares(actual: &BTreeMap<String, f64>, expected: &[(&str, f64)]) {
    let names: BTreeSet<&str> = actual.keys().map(String::as_str).collect();
    let wanted: BTreeSet<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, wanted, "variants served: {actual:?}");
    for (variant, weight) in expected {
        let share = actual[*variant];
        assert!(
            (share - weight).abs() <= 0.5,
            "{variant}: {share:.3}% of units, expected {weight}% ± 0.5 ({actual:?})"
        );
    }
}

#[test]
fn splits_are_uniform_over_100k_units() {
    let ruleset = load(&json!({
        "schema": 1, "revision": 1,
        "flags": {
            "abc": {"type": "string", "variants": {"A": "a", "B": "b", "C": "c"}, "default": "A",
                "rules": [{"split": {"variants": [
                    {"variant": "A", "weight": 34}, {"variant": "B", "weight": 33}, {"variant": "C", "weight": 33}]}}]},
            "half": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
                "rules": [{"split": {"variants": [{"variant": "on", "weight": 50}, {"variant": "off", "weight": 50}]}}]}
        }
    }));
    assert_shares(
        &shares(&ruleset, "abc"),
        &[("A", 34.0), ("B", 33.0), ("C", 33.0)],
    );
    assert_shares(&shares(&ruleset, "half"), &[("on", 50.0), ("off", 50.0)]);
}

#[test]
fn a_10_percent_rollout_reaches_10_percent_of_100k_units() {
    let ruleset = load(&json!({
        "schema": 1, "revision": 1,
        "flags": {"ten": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off",
            "rules": [{"rollout": {"percent": 10, "serve": "on"}}]}}
    }));
    assert_shares(&shares(&ruleset, "ten"), &[("on", 10.0), ("off", 90.0)]);
}

// ---------------------------------------------------------------------------------------------
// Random contexts and times
// ---------------------------------------------------------------------------------------------

/// Strings that mean something to some operator: versions, dates, emails, numbers as text.
const MEANINGFUL_STRINGS: &[&str] = &[
    "",
    "ios",
    "android",
    "web",
    "2.3.0",
    "2.5.1",
    "v2.4.0",
    "2",
    "2.3",
    "02.03.04",
    "1.2.3.4",
    "1.0.0-beta.2",
    "1.0.0+build",
    "x",
    "*",
    "2026-12-01T00:00:00Z",
    "2026-12-01",
    "1970-01-01T00:00:00.000+23:59",
    "9999-12-31T23:59:59.999Z",
    "x@acme.com",
    "@acme.com",
    "acme",
    "user-1",
    "42",
    "-0",
    "1e3",
    "NaN",
    "true",
    "null",
    "日本",
    "é",
    "😀",
];

/// A scalar context value as JSON: every type, huge and tiny numbers, long strings.
fn scalar_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(MEANINGFUL_STRINGS).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        (0usize..20_000).prop_map(|n| Value::from("é".repeat(n / 2) + &"x".repeat(n % 7))),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        prop::sample::select(vec![
            0.0,
            -0.0,
            1e308,
            -1e308,
            5e-324,
            9_007_199_254_740_992.0,
            9_007_199_254_740_993.0,
            1_796_083_200_000.0,
            0.5,
            100.0,
            100.001,
        ])
        .prop_map(Value::from),
    ]
}

/// Any finite float (the context rejects NaN and infinities).
fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_map(|f| if f.is_finite() { f } else { 0.0 })
}

/// An attribute value: a scalar, a list of scalars, or null (absent).
fn attr_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => scalar_json(),
        2 => prop::collection::vec(scalar_json(), 0..6).prop_map(Value::Array),
        1 => Just(Value::Null),
    ]
}

/// Names of attributes commonly used by rulesets, besides those found in the document.
const COMMON_ATTRS: &[&str] = &[
    "userId",
    "appVersion",
    "platform",
    "email",
    "country",
    "orgId",
    "deviceId",
    "groups",
    "signupDate",
    "age",
    "beta",
    "",
];

/// Random attributes: names are picked from the ruleset's own (so conditions get exercised)
/// at run time through the index.
type RawContext = Vec<(Index, Value)>;

fn raw_context() -> impl Strategy<Value = RawContext> {
    prop::collection::vec((any::<Index>(), attr_json()), 0..8)
}

/// Every attribute and unit name that appears in a document (`attr` and `by` fields).
fn attr_names(document: &Value) -> Vec<String> {
    let mut names: BTreeSet<String> = COMMON_ATTRS.iter().map(|s| (*s).to_owned()).collect();
    fn walk(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if let ("attr" | "by", Value::String(name)) = (key.as_str(), child) {
                        names.insert(name.clone());
                    }
                    walk(child, names);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, names)),
            _ => {}
        }
    }
    walk(document, &mut names);
    names.into_iter().collect()
}

fn build_context(raw: &RawContext, names: &[String]) -> Context {
    let object: Map<String, Value> = raw
        .iter()
        .map(|(index, value)| (names[index.index(names.len())].clone(), value.clone()))
        .collect();
    Context::from_json_value(&Value::Object(object)).expect("scalar and list attributes are valid")
}

fn now_ms() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0),
        any::<i64>(),
        1_700_000_000_000i64..1_900_000_000_000,
        prop::sample::select(vec![
            i64::MIN,
            i64::MAX,
            -1,
            1_796_083_200_000,
            1_796_256_000_000
        ]),
    ]
}

/// Everything a client can ask of a loaded ruleset, for every flag; nothing may panic, and the
/// results must hang together.
fn exercise(ruleset: &Ruleset, context: &Context, now: i64) {
    let all: Vec<_> = ruleset.evaluate_all(context, now).collect();
    assert_eq!(all.len(), ruleset.len());
    for (key, from_all) in &all {
        let single = ruleset.evaluate(key, context, now);
        assert_eq!(
            &single, from_all,
            "evaluate_all differs from evaluate for {key}"
        );
        let result = single.to_result();
        assert_eq!(single.reason == Reason::Error, result.error_code.is_some());
        assert!(single.reason == Reason::Error || result.value.is_some());
        let json = serde_json::to_value(&result).expect("result serializes");
        assert!(json.get("reason").is_some());
        let info = ruleset.flag(key).expect("listed flag exists");
        assert_eq!(Some(info.flag_type()), single.flag_type);
        if let (Some(value), Some(variant)) = (single.value, single.variant) {
            assert_eq!(value.flag_type(), info.flag_type());
            assert!(info
                .variants()
                .any(|(name, v)| name == variant && v == value));
        }
        let explanation = ruleset.explain(key, context, now);
        assert_eq!(
            explanation.result, result,
            "explain disagrees with evaluate for {key}"
        );
        assert!(!explanation.to_string().is_empty());
        serde_json::to_string(&explanation).expect("explanation serializes");
    }
    let missing = ruleset.evaluate("\u{0}no such flag", context, now);
    assert_eq!(missing.reason, Reason::Error);
    let _ = ruleset
        .explain("\u{0}no such flag", context, now)
        .to_string();
    if let Some(next) = ruleset.next_change_after(now) {
        assert!(next > now);
    }
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Same ruleset + context → identical results, evaluated twice and through two separately
    /// loaded instances; evaluate_all (in key order) equals evaluate per flag.
    #[test]
    fn evaluation_is_deterministic(which in any::<Index>(), raw in raw_context(), now in now_ms()) {
        let corpus = corpus_rulesets();
        let document = &corpus[which.index(corpus.len())];
        let names = attr_names(document);
        let context = build_context(&raw, &names);
        let first = load(document);
        let second = Ruleset::from_json(&document.to_string()).expect("reloads from text");
        let keys: Vec<&str> = first.flag_keys().collect();
        prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "flag keys not sorted: {:?}", keys);
        prop_assert_eq!(&keys, &second.flag_keys().collect::<Vec<_>>());
        for (key, from_all) in first.evaluate_all(&context, now) {
            let once = first.evaluate(key, &context, now).to_result();
            let twice = first.evaluate(key, &context, now).to_result();
            let other = second.evaluate(key, &context, now).to_result();
            prop_assert_eq!(&once, &twice);
            prop_assert_eq!(&once, &other);
            prop_assert_eq!(&once, &from_all.to_result());
            // The same context rebuilt from its JSON text gives the same answer too.
            let rebuilt = Context::from_json(&context.to_json().to_string()).expect("context round-trips");
            prop_assert_eq!(&once, &first.evaluate(key, &rebuilt, now).to_result());
        }
        prop_assert_eq!(first.next_change_after(now), second.next_change_after(now));
    }
}

// ---------------------------------------------------------------------------------------------
// Ramps
// ---------------------------------------------------------------------------------------------

/// Ramp step times: wide, clustered and extreme, so queries land before, on, between and after.
fn step_time() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        -1_000i64..1_000,
        1_796_083_200_000i64..1_796_083_300_000,
        prop::sample::select(vec![i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX]),
    ]
}

/// Ramp steps `at → percent (thousandths)`, strictly increasing in time, 1 to 8 steps.
fn ramp_steps() -> impl Strategy<Value = BTreeMap<i64, u32>> {
    prop::collection::btree_map(step_time(), 0..=BUCKETS, 1..8)
}

fn ramp_flag(steps: &BTreeMap<i64, u32>) -> Value {
    let steps: Vec<Value> = steps
        .iter()
        .map(|(at, p)| json!({"at": at, "percent": percent_json(*p)}))
        .collect();
    json!({"type": "boolean", "variants": {"on": true, "off": false}, "default": "off", "salt": "ramp",
           "rules": [{"id": "ramp", "rollout": {"steps": steps, "serve": "on"}}]})
}

/// The documented ramp rule: the last step with `at <= t`, 0 before the first step.
fn ramp_percent(steps: &BTreeMap<i64, u32>, t: i64) -> u32 {
    steps.range(..=t).next_back().map_or(0, |(_, p)| *p)
}

/// Query times: each step's time and its neighbours, plus random instants.
fn query_times(steps: &BTreeMap<i64, u32>, extra: &[i64]) -> Vec<i64> {
    let mut times: Vec<i64> = steps
        .keys()
        .flat_map(|at| [at.saturating_sub(1), *at, at.saturating_add(1)])
        .chain(extra.iter().copied())
        .chain([i64::MIN, i64::MAX, 0])
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}

proptest! {
    #![proptest_config(config())]

    /// The live percent at t is the last step <= t (0 before the first), as shown by explain()
    /// and as applied to units; next_change_after(t) is the first step time > t over all ramps.
    #[test]
    fn ramps_follow_their_steps(
        steps in ramp_steps(),
        other in ramp_steps(),
        extra in prop::collection::vec(step_time(), 0..6),
        units in prop::collection::vec(unit_string(), 1..4),
    ) {
        let ruleset = load(&json!({"schema": 1, "revision": 1,
            "flags": {"ramp": ramp_flag(&steps), "other": ramp_flag(&other)}}));
        let all_steps: BTreeSet<i64> = steps.keys().chain(other.keys()).copied().collect();
        for t in query_times(&steps, &extra).into_iter().chain(other.keys().copied()) {
            let expected = ramp_percent(&steps, t);
            let explanation = ruleset.explain("ramp", &Context::new().with("userId", "u").unwrap(), t);
            let traced = explanation.rules[0].bucketing[0].percent.expect("a rollout has a percent");
            prop_assert!((traced - f64::from(expected) / 1000.0).abs() < 1e-9,
                "at {}: traced {} expected {} (steps {:?})", t, traced, expected, steps);
            for unit in &units {
                let inside = ruleset.evaluate("ramp", &Context::new().with("userId", unit.as_str()).unwrap(), t)
                    .reason == Reason::Split;
                prop_assert_eq!(inside, bucket("ramp", unit) < expected);
            }
            let next = all_steps.range((std::ops::Bound::Excluded(t), std::ops::Bound::Unbounded))
                .next().copied();
            prop_assert_eq!(ruleset.next_change_after(t), next, "after {}", t);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Random and mutated rulesets: no panics, well-formed errors
// ---------------------------------------------------------------------------------------------

/// Keys of the ruleset format, so random objects look like rulesets often enough to get deep.
const FORMAT_KEYS: &[&str] = &[
    "schema",
    "revision",
    "segments",
    "flags",
    "metadata",
    "type",
    "variants",
    "default",
    "offVariant",
    "enabled",
    "salt",
    "prerequisites",
    "flag",
    "rules",
    "id",
    "when",
    "serve",
    "rollout",
    "split",
    "by",
    "percent",
    "steps",
    "at",
    "variant",
    "weight",
    "attr",
    "op",
    "value",
    "values",
    "range",
    "all",
    "any",
    "not",
    "segment",
    "owner",
    "description",
    "tags",
    "$note",
    "x-ui",
    "on",
    "off",
    "A",
    "B",
    "",
];

/// Strings a ruleset uses as values: types, operators, variants, ranges, regexes, dates.
const FORMAT_STRINGS: &[&str] = &[
    "boolean",
    "string",
    "number",
    "object",
    "on",
    "off",
    "A",
    "B",
    "userId",
    "appVersion",
    "<2.3.0 || 2.5.1",
    "^1.2.3",
    "~1",
    "1.x",
    "*",
    "",
    ">=1.0.0 <2.0.0-0",
    "1.2.3 - 2",
    "||",
    "^.*$",
    "(",
    "[a-",
    "a{2,1}",
    "(a+)+$",
    "\\p{L}+",
    "(?i)ÉTÉ",
    "2026-12-01T00:00:00Z",
    "2026-02-30",
    "beta",
    "dark-mode",
    "new-checkout",
];

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FORMAT_STRINGS).prop_map(str::to_owned),
        4 => prop::sample::select(OPERATORS).prop_map(str::to_owned),
        2 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect()),
    ]
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(FORMAT_KEYS).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..120).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        prop::sample::select(vec![
            0.5,
            33.333,
            33.3334,
            100.0001,
            -0.0,
            1e308,
            9.007199254740993e15
        ])
        .prop_map(Value::from),
        json_string().prop_map(Value::from),
    ]
}

/// Arbitrary JSON trees up to depth 6.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// One edit of a valid ruleset; node selectors are reduced modulo the number of candidates.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the n-th node (pre-order) with a random value.
    Replace(Index, Value),
    /// Delete one key of the n-th object.
    DeleteKey(Index, Index),
    /// Duplicate one element of the n-th array (e.g. a rule, a variant of a split).
    Duplicate(Index, Index),
    /// Rename one key of the n-th object (typos, and keys valid elsewhere).
    RenameKey(Index, Index, String),
    /// Replace the n-th scalar with another scalar of the same JSON type taken from the document
    /// (a variant name, an operator, an attribute, a percent): plausible edits that often load.
    Swap(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, k)| Mutation::DeleteKey(at, k)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, k)| Mutation::Duplicate(at, k)),
        1 => (any::<Index>(), any::<Index>(), json_key())
            .prop_map(|(at, k, name)| Mutation::RenameKey(at, k, name)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(at, from)| Mutation::Swap(at, from)),
    ]
}

/// Nodes of a JSON tree in pre-order that satisfy `keep`.
fn count_nodes(value: &Value, keep: &dyn Fn(&Value) -> bool) -> usize {
    let own = usize::from(keep(value));
    own + match value {
        Value::Array(items) => items.iter().map(|v| count_nodes(v, keep)).sum(),
        Value::Object(map) => map.values().map(|v| count_nodes(v, keep)).sum(),
        _ => 0,
    }
}

/// The n-th node (pre-order) among those that satisfy `keep`.
fn nth_node<'a>(
    value: &'a mut Value,
    n: &mut usize,
    keep: &dyn Fn(&Value) -> bool,
) -> Option<&'a mut Value> {
    if keep(value) {
        if *n == 0 {
            return Some(value);
        }
        *n -= 1;
    }
    match value {
        Value::Array(items) => items.iter_mut().find_map(|v| nth_node(v, n, keep)),
        Value::Object(map) => map.values_mut().find_map(|v| nth_node(v, n, keep)),
        _ => None,
    }
}

fn pick<'a>(
    document: &'a mut Value,
    at: &Index,
    keep: &dyn Fn(&Value) -> bool,
) -> Option<&'a mut Value> {
    let count = count_nodes(document, keep);
    if count == 0 {
        return None;
    }
    nth_node(document, &mut at.index(count), keep)
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let non_empty_object = |v: &Value| v.as_object().is_some_and(|m| !m.is_empty());
    match mutation {
        Mutation::Replace(at, replacement) => {
            if let Some(node) = pick(document, at, &|_| true) {
                *node = replacement.clone();
            }
        }
        Mutation::DeleteKey(at, key) => {
            if let Some(Value::Object(map)) = pick(document, at, &non_empty_object) {
                let name = map.keys().nth(key.index(map.len())).cloned();
                if let Some(name) = name {
                    map.remove(&name);
                }
            }
        }
        Mutation::Duplicate(at, item) => {
            let non_empty_array = |v: &Value| v.as_array().is_some_and(|a| !a.is_empty());
            if let Some(Value::Array(items)) = pick(document, at, &non_empty_array) {
                let i = item.index(items.len());
                let mut copy = items[i].clone();
                // A copied rule keeps loading only with an id of its own.
                if let Some(Value::String(id)) = copy.get_mut("id") {
                    id.push_str("~copy");
                }
                items.insert(i + 1, copy);
            }
        }
        Mutation::Swap(at, from) => {
            let scalar = |v: &Value| !v.is_array() && !v.is_object();
            let Some(target) = pick(document, at, &scalar).map(|v| v.clone()) else {
                return;
            };
            let same_type =
                |v: &Value| std::mem::discriminant(v) == std::mem::discriminant(&target);
            let replacement = pick(document, from, &same_type).map(|v| v.clone());
            if let (Some(node), Some(replacement)) = (pick(document, at, &scalar), replacement) {
                *node = replacement;
            }
        }
        Mutation::RenameKey(at, key, new_name) => {
            if let Some(Value::Object(map)) = pick(document, at, &non_empty_object) {
                let name = map.keys().nth(key.index(map.len())).cloned();
                if let Some(value) = name.and_then(|n| map.remove(&n)) {
                    map.insert(new_name.clone(), value);
                }
            }
        }
    }
}

/// Keys a problem path may start with.
const TOP_LEVEL_KEYS: &[&str] = &["schema", "revision", "segments", "flags", "metadata"];

/// Splits a problem path (`flags.x.rules[2]["odd key"].when`) into keys and indexes.
#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('"') {
                // A JSON string literal: let serde_json find where it ends.
                let mut stream = serde_json::Deserializer::from_str(after).into_iter::<String>();
                let key = stream.next()?.ok()?;
                let consumed = stream.byte_offset();
                segments.push(Segment::Key(key));
                rest = after[consumed..].strip_prefix(']')?;
            } else {
                let end = after.find(']')?;
                segments.push(Segment::Index(after[..end].parse().ok()?));
                rest = &after[end + 1..];
            }
        } else {
            let rest_key = if segments.is_empty() {
                rest
            } else {
                rest.strip_prefix('.')?
            };
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            let key = &rest_key[..end];
            if key.is_empty() {
                return None;
            }
            segments.push(Segment::Key(key.to_owned()));
            rest = &rest_key[end..];
        }
    }
    Some(segments)
}

fn resolve<'a>(document: &'a Value, segments: &[Segment]) -> Option<&'a Value> {
    segments
        .iter()
        .try_fold(document, |node, segment| match segment {
            Segment::Key(key) => node.as_object()?.get(key),
            Segment::Index(i) => node.as_array()?.get(*i),
        })
}

/// A load error is never empty, every problem has a message, and every non-syntax problem's
/// path starts at a top-level key and (when the document is known) names a value in it.
fn check_load_error(error: &LoadError, document: Option<&Value>) {
    assert!(!error.problems.is_empty(), "empty LoadError");
    assert!(error.problems.len() <= rollgate::limits::MAX_PROBLEMS);
    assert!(!error.to_string().is_empty());
    for problem in &error.problems {
        assert!(
            !problem.message.trim().is_empty(),
            "empty message: {problem:?}"
        );
        if problem.kind == ProblemKind::Syntax {
            assert_eq!(problem.path, "", "syntax problems are about the whole text");
            continue;
        }
        if problem.path.is_empty() {
            continue;
        }
        let segments = parse_path(&problem.path)
            .unwrap_or_else(|| panic!("unparseable problem path {:?}", problem.path));
        let Some(Segment::Key(first)) = segments.first() else {
            panic!("problem path {:?} does not start with a key", problem.path);
        };
        // An unknown top-level field is reported at its own (unknown) name.
        let top_level_typo = problem.kind == ProblemKind::UnknownField && segments.len() == 1;
        assert!(
            TOP_LEVEL_KEYS.contains(&first.as_str()) || top_level_typo,
            "problem path {:?} does not start with a top-level key: {problem:?}",
            problem.path
        );
        if let Some(document) = document {
            assert!(
                resolve(document, &segments).is_some(),
                "problem path {:?} names no value of the document: {problem:?}\n{document}",
                problem.path
            );
        }
    }
}

/// Loads a document both ways and checks the outcome; on success, exercises it.
fn load_anything(document: &Value, contexts: &[Context], now: i64) {
    let from_value = Ruleset::from_value(document);
    let text = document.to_string();
    let from_text = Ruleset::from_json(&text);
    match (&from_value, &from_text) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.revision(), b.revision());
            assert!(a.flag_keys().eq(b.flag_keys()));
        }
        (Err(a), Err(b)) => {
            let pairs = |e: &LoadError| -> HashSet<(String, ProblemKind)> {
                e.problems
                    .iter()
                    .map(|p| (p.path.clone(), p.kind))
                    .collect()
            };
            assert_eq!(pairs(a), pairs(b), "from_value and from_json disagree");
        }
        _ => panic!("from_value {from_value:?} but from_json {from_text:?}"),
    }
    match from_value {
        Ok(ruleset) => {
            for context in contexts {
                exercise(&ruleset, context, now);
            }
        }
        Err(error) => check_load_error(&error, Some(document)),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        match Ruleset::from_json(&text) {
            Ok(ruleset) => exercise(&ruleset, &Context::new(), 0),
            Err(error) => check_load_error(&error, serde_json::from_str(&text).ok().as_ref()),
        }
    }

    #[test]
    fn random_strings_never_panic_the_loader(text in any::<String>()) {
        match Ruleset::from_json(&text) {
            Ok(ruleset) => exercise(&ruleset, &Context::new(), 0),
            Err(error) => check_load_error(&error, serde_json::from_str(&text).ok().as_ref()),
        }
    }

    /// Random JSON trees, as a whole document and as the `flags` / one flag of a valid shell.
    #[test]
    fn random_json_never_panics_the_loader(
        value in json_value(),
        raw in raw_context(),
        now in now_ms(),
    ) {
        let context = build_context(&raw, &attr_names(&value));
        let contexts = std::slice::from_ref(&context);
        load_anything(&value, contexts, now);
        load_anything(&json!({"schema": 1, "revision": 1, "flags": value}), contexts, now);
        load_anything(&json!({"schema": 1, "revision": 1, "flags": {"f": value}}), contexts, now);
    }

    /// Valid rulesets with random edits: replaced subtrees, deleted and renamed keys,
    /// duplicated rules and list items. Loading returns Ok or Err; an Ok ruleset evaluates.
    #[test]
    fn mutated_rulesets_never_panic(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        raws in prop::collection::vec(raw_context(), 1..4),
        now in now_ms(),
    ) {
        let corpus = corpus_rulesets();
        let original = &corpus[which.index(corpus.len())];
        let mut document = original.clone();
        for m in &mutations {
            apply(&mut document, m);
        }
        let names = attr_names(&document);
        let contexts: Vec<Context> = raws.iter().map(|raw| build_context(raw, &names)).collect();
        load_anything(&document, &contexts, now);

        // An engine offered the edited ruleset swaps it in only if it is valid and not older;
        // otherwise it keeps serving the very same snapshot.
        let engine = Engine::new(load(original));
        let before = engine.snapshot();
        let valid = Ruleset::from_value(&document).ok();
        match engine.update(&document.to_string()) {
            Ok(outcome) => {
                let loaded = valid.expect("update accepted an invalid ruleset");
                prop_assert_eq!(outcome.previous_revision, before.revision());
                prop_assert_eq!(outcome.revision, loaded.revision());
                prop_assert!(outcome.revision >= outcome.previous_revision);
                prop_assert_eq!(engine.revision(), loaded.revision());
            }
            Err(UpdateError::Invalid(error)) => {
                prop_assert!(valid.is_none(), "update refused a valid ruleset: {}", error);
                prop_assert!(Arc::ptr_eq(&before, &engine.snapshot()));
            }
            Err(UpdateError::Stale { current, offered }) => {
                prop_assert!(offered < current);
                prop_assert_eq!(valid.map(|r| r.revision()), Some(offered));
                prop_assert!(Arc::ptr_eq(&before, &engine.snapshot()));
            }
        }
    }

    /// Contexts built through the Rust API, including nested lists that JSON contexts cannot
    /// carry, never panic an evaluation; `set` refuses non-finite numbers, alone or nested.
    #[test]
    fn api_built_contexts_never_panic(
        which in any::<Index>(),
        raw in raw_context(),
        odd in prop::collection::vec((any::<Index>(), prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN_POSITIVE])), 0..3),
        now in now_ms(),
    ) {
        let corpus = corpus_rulesets();
        let document = &corpus[which.index(corpus.len())];
        let names = attr_names(document);
        let mut context = build_context(&raw, &names);
        for (name, n) in &odd {
            let name = &names[name.index(names.len())];
            let nested = AttrValue::List(vec![
                AttrValue::Number(*n),
                AttrValue::List(vec![AttrValue::from("x"), AttrValue::Number(*n)].into_boxed_slice()),
            ].into_boxed_slice());
            let set = context.set(name, if n.is_nan() { AttrValue::Number(*n) } else { nested });
            prop_assert_eq!(set.is_err(), !n.is_finite());
        }
        let ruleset = load(document);
        exercise(&ruleset, &context, now);
    }
}

/// The corpus's invalid documents all fail with well-formed problems.
#[test]
fn corpus_invalid_rulesets_report_well_formed_problems() {
    let invalid = corpus_invalid();
    assert!(invalid.len() >= 50, "invalid corpus not found");
    for (text, document) in &invalid {
        let error = Ruleset::from_json(text).expect_err(text);
        check_load_error(&error, document.as_ref());
        if let Some(document) = document {
            check_load_error(
                &Ruleset::from_value(document).expect_err(text),
                Some(document),
            );
        }
    }
}

#[test]
fn problem_paths_parse() {
    assert_eq!(
        parse_path("flags.x.rules[2][\"a.b\\\"]\"].when").unwrap(),
        vec![
            Segment::Key("flags".into()),
            Segment::Key("x".into()),
            Segment::Key("rules".into()),
            Segment::Index(2),
            Segment::Key("a.b\"]".into()),
            Segment::Key("when".into()),
        ]
    );
    assert_eq!(
        parse_path("flags[\"\"]").unwrap(),
        vec![Segment::Key("flags".into()), Segment::Key(String::new())]
    );
    assert!(parse_path("flags..x").is_none());
}

// ---------------------------------------------------------------------------------------------
// Versions, ranges, timestamps, contexts
// ---------------------------------------------------------------------------------------------

/// Text made of the characters versions and ranges are written with, so parsers get past the
/// first character often.
fn version_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9vV.xX*+ -]{0,20}",
        "[0-9.<>=~^| a-z*+-]{0,30}",
        r"v?[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-[0-9a-z.]{0,8})?(\+[0-9a-z.]{0,6})?",
        r"([<>=~^]{0,2}[0-9x*]{1,2}(\.[0-9x*]{1,2}){0,2}(-[a-z0-9.]{1,5})? ?){1,3}( \|\| [0-9.]{1,6}| - [0-9.]{1,6})?",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Version::parse and VersionRange::parse never panic; what parses prints back to itself.
    #[test]
    fn versions_and_ranges_never_panic(range_text in version_like(), version_text in version_like()) {
        let version = Version::parse(&version_text);
        if let Ok(v) = &version {
            let reparsed = Version::parse(&v.to_string());
            prop_assert_eq!(reparsed.as_ref(), Ok(v), "{}", v);
            prop_assert_eq!(v.cmp(v), std::cmp::Ordering::Equal);
        } else if let Err(e) = &version {
            prop_assert!(!e.to_string().is_empty());
        }
        match VersionRange::parse(&range_text) {
            Ok(range) => {
                let printed = range.to_string();
                let reparsed = VersionRange::parse(&printed);
                prop_assert_eq!(reparsed.as_ref(), Ok(&range), "{:?} printed as {:?}", range_text, printed);
                if let Ok(v) = &version {
                    prop_assert_eq!(range.matches(v), reparsed.unwrap().matches(v));
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// parse_rfc3339_ms never panics on any text, and every instant it can format it parses
    /// back to the same millisecond.
    #[test]
    fn timestamps_never_panic(
        text in prop_oneof![
            any::<String>(),
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,12})?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?",
            "[0-9T:.Z+-]{0,30}",
        ],
        ms in prop_oneof![any::<i64>(), -62_167_219_200_000i64..=253_402_300_799_999],
    ) {
        if let Err(e) = parse_rfc3339_ms(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Some(formatted) = format_rfc3339_ms(ms) {
            prop_assert_eq!(parse_rfc3339_ms(&formatted), Ok(ms), "{}", formatted);
        }
    }

    /// Context::from_json / from_json_value never panic; an accepted context round-trips.
    #[test]
    fn contexts_from_any_json_never_panic(value in json_value(), text in any::<String>()) {
        let _ = Context::from_json(&text);
        let wrapped = json!({"a": value, "userId": value});
        for candidate in [&value, &wrapped] {
            match Context::from_json_value(candidate) {
                Ok(context) => {
                    let again = Context::from_json_value(&context.to_json().into()).expect("round trip");
                    prop_assert_eq!(again.to_json(), context.to_json());
                    // Via text too, number for number: both readers are exact.
                    let from_text = Context::from_json(&candidate.to_string()).expect("same as text");
                    prop_assert_eq!(from_text.to_json(), context.to_json());
                }
                Err(e) => {
                    prop_assert!(e.path.starts_with("context"), "{:?}", e);
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }
}
