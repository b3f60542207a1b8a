#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Property test of local overrides: over random rulesets whose flags depend on each other
//! through prerequisites, overriding one flag changes the results of that flag and of the flags
//! that depend on it (transitively), and of no other, which is what `Ruleset::affected_by`
//! reports; clearing it restores every result.

use proptest::prelude::*;
use rollgate::{Context, Engine, EvaluationResult, Reason};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// One generated flag: its variant count, default, rules and prerequisites on earlier flags.
#[derive(Clone, Debug)]
struct FlagSpec {
    variants: usize,
    default: usize,
    enabled: bool,
    /// (tier values that match, variant served or rollout percent with its variant)
    rules: Vec<(Vec<&'static str>, usize, Option<u32>)>,
    /// (earlier flag, required variants)
    prerequisites: Vec<(usize, Vec<usize>)>,
}

const TIERS: [&str; 3] = ["free", "pro", "team"];

fn flag_spec(position: usize) -> impl Strategy<Value = FlagSpec> {
    (2usize..=4).prop_flat_map(move |variants| {
        let rule = (
            proptest::sample::subsequence(TIERS.to_vec(), 1..=2),
            0..variants,
            proptest::option::of(0u32..=100),
        );
        let prerequisite = (
            0..position.max(1),
            proptest::collection::vec(0usize..4, 1..=2),
        );
        (
            0..variants,
            proptest::bool::weighted(0.85),
            proptest::collection::vec(rule, 0..=2),
            proptest::collection::vec(prerequisite, 0..=if position == 0 { 0 } else { 2 }),
        )
            .prop_map(move |(default, enabled, rules, prerequisites)| FlagSpec {
                variants,
                default,
                enabled,
                rules,
                prerequisites,
            })
    })
}

fn specs() -> impl Strategy<Value = Vec<FlagSpec>> {
    (2usize..=7).prop_flat_map(|n| (0..n).map(flag_spec).collect::<Vec<_>>())
}

fn key(i: usize) -> String {
    format!("f{i}")
}

fn variant(i: usize) -> String {
    format!("v{i}")
}

/// The ruleset JSON; prerequisites name variants the required flag has (others are left out).
fn ruleset(specs: &[FlagSpec]) -> String {
    let mut flags = Map::new();
    for (i, spec) in specs.iter().enumerate() {
        let variants: Map<String, Value> = (0..spec.variants)
            .map(|v| (variant(v), json!(format!("value-{v}"))))
            .collect();
        let rules: Vec<Value> = spec
            .rules
            .iter()
            .enumerate()
            .map(|(r, (tiers, serve, percent))| {
                let when = json!({"attr": "tier", "op": "in", "values": tiers});
                match percent {
                    Some(p) => json!({"id": format!("r{r}"), "when": when,
                        "rollout": {"by": "userId", "percent": p, "serve": variant(*serve)}}),
                    None => json!({"id": format!("r{r}"), "when": when, "serve": variant(*serve)}),
                }
            })
            .collect();
        let mut prerequisites = Vec::new();
        let mut seen = BTreeSet::new();
        for (flag, required) in &spec.prerequisites {
            let available = specs[*flag].variants;
            let names: BTreeSet<String> = required.iter().map(|v| variant(v % available)).collect();
            if seen.insert(*flag) {
                prerequisites.push(json!({"flag": key(*flag), "variants": names}));
            }
        }
        flags.insert(
            key(i),
            json!({"type": "string", "variants": variants, "default": variant(spec.default),
                "enabled": spec.enabled, "rules": rules, "prerequisites": prerequisites}),
        );
    }
    json!({"schema": 1, "revision": 1, "flags": flags}).to_string()
}

/// `flag` and every flag that depends on it through prerequisites, transitively.
fn affected(specs: &[FlagSpec], flag: usize) -> BTreeSet<usize> {
    let mut out = BTreeSet::from([flag]);
    loop {
        let before = out.len();
        for (i, spec) in specs.iter().enumerate() {
            if spec.prerequisites.iter().any(|(p, _)| out.contains(p)) {
                out.insert(i);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

fn results(engine: &Engine, context: &Context) -> Vec<EvaluationResult> {
    let snapshot = engine.snapshot();
    let all: Vec<EvaluationResult> = snapshot
        .evaluate_all(context, 0)
        .map(|(_, e)| e.to_result())
        .collect();
    // Single evaluations agree with the batch, overrides included.
    for (i, result) in all.iter().enumerate() {
        assert_eq!(&snapshot.evaluate(&key(i), context, 0).to_result(), result);
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_override_changes_only_its_flag_and_its_dependents(
        specs in specs(),
        pick in any::<proptest::sample::Index>(),
        pick_variant in any::<proptest::sample::Index>(),
        user in "[a-z0-9]{1,8}",
        tier in proptest::sample::select(TIERS.to_vec()),
    ) {
        let engine = Engine::from_json(&ruleset(&specs)).unwrap();
        let context = Context::new().with("userId", user.as_str()).unwrap().with("tier", tier).unwrap();
        let before = results(&engine, &context);

        let flag = pick.index(specs.len());
        let forced = variant(pick_variant.index(specs[flag].variants));
        engine.set_override(&key(flag), &forced).unwrap();
        let after = results(&engine, &context);

        let may_change = affected(&specs, flag);
        let mut expected: Vec<String> = may_change.iter().map(|i| key(*i)).collect();
        expected.sort();
        prop_assert_eq!(engine.snapshot().affected_by(&[key(flag).as_str()]), expected);
        for (i, (old, new)) in before.iter().zip(&after).enumerate() {
            if !may_change.contains(&i) {
                prop_assert_eq!(old, new, "flag {} changed, but does not depend on f{}", key(i), flag);
            }
        }
        prop_assert_eq!(after[flag].variant.as_deref(), Some(forced.as_str()));
        prop_assert_eq!(after[flag].reason, Reason::Override);
        prop_assert_eq!(after[flag].rule_id.as_deref(), None);
        prop_assert_eq!(after.iter().filter(|r| r.reason == Reason::Override).count(), 1);

        engine.clear_override(&key(flag));
        prop_assert_eq!(results(&engine, &context), before);
    }
}
