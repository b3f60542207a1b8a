//! Compiles flags: variants, rules, rollouts, splits and prerequisites.

use super::condition::{compile_condition, SegmentScope};
use super::field::{Field, Fields, ObjectFields};
use super::reader::Walk;
use crate::bucketing::{SaltedHasher, BUCKETS};
use crate::json::{key_eq, Json, Object};
use crate::limits::{
    MAX_PREREQUISITE_DEPTH, MAX_RAMP_STEPS, MAX_RULES_PER_FLAG, MAX_VARIANTS_PER_FLAG,
};
use crate::model::{
    Action, AttrName, Flag, FlagMetadata, Percent, Prerequisite, Rollout, RolloutServe, Rule,
    Split, Variant, VariantId,
};
use crate::problem::ProblemKind;
use crate::value::{FlagType, FlagValue};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

const FLAG_FIELDS: Fields = Fields::new(&[
    Field::TYPE,
    Field::VARIANTS,
    Field::DEFAULT,
    Field::OFF_VARIANT,
    Field::ENABLED,
    Field::SALT,
    Field::PREREQUISITES,
    Field::RULES,
    Field::METADATA,
]);
const PREREQUISITE_FIELDS: Fields = Fields::new(&[Field::FLAG, Field::VARIANTS]);
const RULE_FIELDS: Fields = Fields::new(&[
    Field::ID,
    Field::WHEN,
    Field::SERVE,
    Field::ROLLOUT,
    Field::SPLIT,
    Field::DESCRIPTION,
]);
const ROLLOUT_FIELDS: Fields = Fields::new(&[
    Field::BY,
    Field::SALT,
    Field::PERCENT,
    Field::STEPS,
    Field::SERVE,
    Field::SPLIT,
]);
/// A rule's actions, exactly one of which it has.
const RULE_ACTIONS: Fields = Fields::new(&[Field::SERVE, Field::ROLLOUT, Field::SPLIT]);
const STEP_FIELDS: Fields = Fields::new(&[Field::AT, Field::PERCENT]);
const SPLIT_FIELDS: Fields = Fields::new(&[Field::BY, Field::SALT, Field::VARIANTS]);
const SPLIT_VARIANT_FIELDS: Fields = Fields::new(&[Field::VARIANT, Field::WEIGHT]);

/// The unit attribute when a rollout or split does not name one.
const DEFAULT_UNIT: &str = "userId";

/// What pass one learns about a flag: enough for other flags' prerequisites to refer to it.
struct Header {
    /// False when the variants map is missing or empty (references are then not checked).
    variants_known: bool,
    flag_type: FlagType,
    variants: Vec<Variant>,
    default: VariantId,
    off: VariantId,
    enabled: bool,
    key: Arc<str>,
    /// The flag's own salt or its key, which every rollout and split of the flag without a
    /// salt of its own shares.
    salt: Salt,
    /// The metadata's text in [`Walk::metadata_text`] (empty: no metadata).
    metadata: Range<usize>,
}

/// The position of the variant named `name`.
fn variant_index(variants: &[Variant], name: &str) -> Option<VariantId> {
    variants.iter().position(|v| key_eq(&v.name, name))
}

/// Compiles every flag; `None` if any has a problem (all problems are recorded).
pub(crate) fn compile_flags<'t>(
    walk: &mut Walk<'t>,
    map: &'t Object<'t>,
    segments: &FxHashMap<&str, usize>,
) -> Option<Vec<Flag>> {
    // Flags are kept sorted by key, so indices and evaluate_all order are deterministic
    // whatever the document order.
    let mut entries: Vec<(&'t str, &'t Json<'t>)> = map.iter().collect();
    crate::sort::sort_by(&mut entries, |a, b| a.0 < b.0);
    let keys: Vec<&'t str> = entries.iter().map(|(k, _)| *k).collect();

    let mut headers: Vec<Option<Header>> = entries
        .iter()
        .map(|(key, body)| walk.at_key(key, |w| compile_header(w, key, body)))
        .collect();

    let mut compiled = Vec::with_capacity(entries.len());
    let mut prerequisite_edges: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for ((key, body), (header, edges)) in entries
        .iter()
        .zip(headers.iter().zip(prerequisite_edges.iter_mut()))
    {
        let (Some(header), Json::Object(body)) = (header, body) else {
            compiled.push(None);
            continue;
        };
        let parts = walk.at_key(key, |w| {
            let prerequisites = compile_prerequisites(w, key, body, &keys, &headers);
            if let Some(list) = &prerequisites {
                edges.extend(list.iter().map(|p| p.flag));
            }
            let rules = compile_rules(w, body, header, segments);
            prerequisites.zip(rules)
        });
        compiled.push(parts);
    }
    // One allocation for every flag's metadata text and object value, shared by them.
    let metadata_text: Arc<str> = walk.metadata_text.as_str().into();
    for variant in headers.iter_mut().flatten().flat_map(|h| &mut h.variants) {
        if let FlagValue::Object(object) = &mut variant.value {
            *object = object.rebased(&metadata_text);
        }
    }
    // Headers are consumed only now: prerequisites above needed every flag's variants.
    // Sized up front: `filter_map(..).collect()` cannot know the count, and growing a vector
    // of 200 flags by doubling copies it several times (in WASM, a `realloc` each).
    let mut flags: Vec<Flag> = Vec::with_capacity(entries.len());
    for (index, ((_, header), parts)) in entries.iter().zip(headers).zip(compiled).enumerate() {
        let (Some(header), Some((prerequisites, rules))) = (header, parts) else {
            continue;
        };
        flags.push(Flag {
            index,
            key: header.key,
            flag_type: header.flag_type,
            variants: header.variants,
            default: header.default,
            off: header.off,
            enabled: header.enabled,
            prerequisites,
            rules,
            metadata: FlagMetadata::in_shared_text(&metadata_text, header.metadata),
        });
    }
    check_prerequisite_graph(walk, &keys, &prerequisite_edges);
    (flags.len() == entries.len()).then_some(flags)
}

fn compile_header<'t>(walk: &mut Walk<'t>, key: &'t str, body: &'t Json<'t>) -> Option<Header> {
    if key.is_empty() {
        walk.problem(ProblemKind::InvalidValue, || "flag key is empty");
    }
    let map = walk.object(body)?;
    walk.check_fields(map, &FLAG_FIELDS);

    let flag_type = match walk.required_str(map, Field::TYPE) {
        Some(name) => match FlagType::parse(name) {
            Some(t) => Some(t),
            None => {
                walk.at_key("type", |w| {
                    w.problem(ProblemKind::InvalidValue, || {
                        format!(
                            "unknown type \"{name}\"; expected boolean, string, number or object"
                        )
                    })
                });
                None
            }
        },
        None => None,
    };

    let variants = walk.required(map, Field::VARIANTS, |w, value| {
        compile_variants(w, value, flag_type)
    });

    let enabled = walk.optional_bool(map, Field::ENABLED).unwrap_or(true);
    let flag_key: Arc<str> = key.into();
    let salt = match salt_field(walk, map) {
        Some(salt) => Salt::named(salt),
        None => Salt {
            name: None,
            hasher: SaltedHasher::new(key),
        },
    };
    let metadata = map
        .get(Field::METADATA)
        .and_then(|m| walk.at_key("metadata", |w| compile_metadata(w, m)))
        .unwrap_or_default();

    // Without a usable variants map every reference would be "unknown": one root cause,
    // already reported, so references are not checked.
    let variants_known = variants.as_ref().is_some_and(|v| !v.is_empty());
    let variants = variants.unwrap_or_default();
    let find = |w: &mut Walk<'t>, field: &'t str, name: &str| {
        resolve_variant(w, field, name, &variants, variants_known)
    };
    let default = walk
        .required_str(map, Field::DEFAULT)
        .and_then(|name| find(walk, "default", name));
    // The kill switch must work with a one-line change, so offVariant may be omitted: the
    // default variant is then what a disabled flag serves.
    let off = match walk.optional_str(map, Field::OFF_VARIANT) {
        Some(name) => find(walk, "offVariant", name),
        None => default,
    };
    // Best effort again: a header with problems still lets the rules be checked.
    Some(Header {
        variants_known,
        flag_type: flag_type.unwrap_or(FlagType::Boolean),
        default: default.unwrap_or(0),
        off: off.or(default).unwrap_or(0),
        enabled,
        key: flag_key,
        salt,
        metadata,
        variants,
    })
}

/// Converts a variant's JSON value, checking it has the flag's type.
fn variant_value(
    walk: &mut Walk<'_>,
    json: &Json<'_>,
    flag_type: FlagType,
) -> Result<FlagValue, String> {
    match (flag_type, json) {
        (FlagType::Boolean, Json::Bool(b)) => Ok(FlagValue::Bool(*b)),
        (FlagType::String, Json::String(s)) => Ok(FlagValue::String(s.to_string())),
        (FlagType::Number, Json::Number(n)) if n.as_f64().is_finite() => {
            Ok(FlagValue::Number(n.as_f64()))
        }
        (FlagType::Object, Json::Object(_)) => Ok(FlagValue::Object(walk.pending_object(json))),
        (_, other) => Err(format!(
            "the flag's type is {flag_type} but this value is {}",
            other.type_name()
        )),
    }
}

fn known_variants(variants: &[Variant]) -> String {
    let names: Vec<&str> = variants.iter().map(|v| &*v.name).collect();
    format!(" (variants: {})", names.join(", "))
}

/// A flag's variants.
fn compile_variants<'t>(
    walk: &mut Walk<'t>,
    value: &'t Json<'t>,
    flag_type: Option<FlagType>,
) -> Option<Vec<Variant>> {
    let map = walk.object(value)?;
    if map.is_empty() {
        walk.problem(ProblemKind::InvalidValue, || {
            "a flag needs at least one variant"
        });
        return None;
    }
    if map.len() > MAX_VARIANTS_PER_FLAG {
        walk.problem(ProblemKind::LimitExceeded, || {
            format!("more than {MAX_VARIANTS_PER_FLAG} variants")
        });
        return None;
    }
    // A variant whose value is wrong (or whose type is unknown) still gets a placeholder
    // value: its name stays known, so rules referring to it are checked too and every problem
    // is reported in one pass. The ruleset is rejected anyway, so the placeholder never serves.
    let mut variants = Vec::with_capacity(map.len());
    for (name, json) in map.iter() {
        walk.at_key(name, |w| {
            if name.is_empty() {
                w.problem(ProblemKind::InvalidValue, || "variant name is empty");
            }
            let value = match flag_type.map(|t| variant_value(w, json, t)) {
                Some(Ok(value)) => value,
                Some(Err(message)) => {
                    w.problem(ProblemKind::TypeMismatch, || message);
                    FlagValue::Bool(false)
                }
                None => FlagValue::Bool(false),
            };
            variants.push(Variant {
                name: name.into(),
                value,
            });
        });
    }
    Some(variants)
}

/// Metadata values are what OpenFeature's flagMetadata can carry, plus string lists for tags.
/// The compact text is appended to [`Walk::metadata_text`]; its range there is returned
/// (empty for an empty object).
fn compile_metadata<'t>(walk: &mut Walk<'t>, value: &'t Json<'t>) -> Option<Range<usize>> {
    let map = walk.object(value)?;
    let mut ok = true;
    for (key, item) in map.iter() {
        let valid = match item {
            Json::String(_) | Json::Bool(_) | Json::Number(_) => true,
            Json::Array(items) => items.iter().all(|i| matches!(i, Json::String(_))),
            _ => false,
        };
        if !valid {
            walk.at_key(key, |w| {
                w.problem(ProblemKind::InvalidType, || {
                    "metadata values must be strings, numbers, booleans or lists of strings"
                })
            });
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let start = walk.metadata_text.len();
    if !map.is_empty() {
        value.write_json(&mut walk.metadata_text);
    }
    Some(start..walk.metadata_text.len())
}

fn compile_prerequisites<'t>(
    walk: &mut Walk<'t>,
    key: &str,
    body: &'t Object<'t>,
    keys: &[&str],
    headers: &[Option<Header>],
) -> Option<Vec<Prerequisite>> {
    let Some(value) = body.get(Field::PREREQUISITES) else {
        return Some(Vec::new());
    };
    walk.at_key("prerequisites", |w| {
        let items = w.array(value)?;
        let mut list = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let compiled = w.at_index(i, |w| {
                let map = w.object(item)?;
                w.check_fields(map, &PREREQUISITE_FIELDS);
                let name = w.required_str(map, Field::FLAG)?;
                if name == key {
                    w.at_key("flag", |w| {
                        w.problem(ProblemKind::PrerequisiteCycle, || {
                            format!("flag \"{key}\" cannot be its own prerequisite")
                        })
                    });
                    return None;
                }
                // `keys` is sorted: a binary search, where a hash map of every key cost 200
                // inserts per load for the few flags that have prerequisites.
                let Ok(target) = keys.binary_search(&name) else {
                    w.at_key("flag", |w| {
                        w.problem(ProblemKind::UnknownFlag, || {
                            format!("unknown flag \"{name}\"")
                        })
                    });
                    return None;
                };
                let names = w.required(map, Field::VARIANTS, |w, v| w.array(v))?;
                if names.is_empty() {
                    w.at_key("variants", |w| {
                        w.problem(ProblemKind::InvalidValue, || "list at least one variant")
                    });
                    return None;
                }
                // The target's own problems are reported at the target.
                let header = headers.get(target).and_then(Option::as_ref)?;
                let mut variants = Vec::with_capacity(names.len());
                let mut ok = true;
                for (j, n) in names.iter().enumerate() {
                    w.at_key("variants", |w| {
                        w.at_index(j, |w| {
                            let Some(n) = w.string(n) else {
                                ok = false;
                                return;
                            };
                            match variant_index(&header.variants, n) {
                                Some(id) => variants.push(id),
                                None => {
                                    ok = false;
                                    w.problem(ProblemKind::UnknownVariant, || {
                                        format!(
                                            "flag \"{name}\" has no variant \"{n}\"{}",
                                            known_variants(&header.variants)
                                        )
                                    });
                                }
                            }
                        })
                    });
                }
                ok.then_some(Prerequisite {
                    flag: target,
                    variants,
                })
            });
            match compiled {
                Some(p) => list.push(p),
                None => ok = false,
            }
        }
        ok.then_some(list)
    })
}

/// Rejects cycles and chains deeper than the limit (evaluation recurses along them).
fn check_prerequisite_graph<'t>(walk: &mut Walk<'t>, keys: &[&'t str], edges: &[Vec<usize>]) {
    // depth[i]: longest chain below flag i; computed by DFS with colors to find cycles.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done(usize),
    }
    let mut state = vec![State::New; keys.len()];
    let mut reported_cycles = vec![false; keys.len()];
    // Iterative DFS: recursion here could itself overflow on a long chain. One stack for every
    // start (a new one per flag was 10% of a load's allocations).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..keys.len() {
        stack.clear();
        stack.push((start, 0));
        while let Some(&(node, next)) = stack.last() {
            if next == 0 {
                match state.get(node) {
                    Some(State::Done(_)) => {
                        stack.pop();
                        continue;
                    }
                    _ => {
                        if let Some(s) = state.get_mut(node) {
                            *s = State::Active;
                        }
                    }
                }
            }
            let children = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&child) = children.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match state.get(child) {
                    Some(State::New) => stack.push((child, 0)),
                    Some(State::Active)
                        if reported_cycles
                            .get_mut(child)
                            .is_some_and(|seen| !std::mem::replace(seen, true)) =>
                    {
                        let mut cycle: Vec<&str> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != child)
                            .filter_map(|(n, _)| keys.get(*n).copied())
                            .collect();
                        if let Some(k) = keys.get(child) {
                            cycle.push(k);
                        }
                        let first = keys.get(child).copied().unwrap_or_default();
                        walk.at_key(first, |w| {
                            w.at_key("prerequisites", |w| {
                                w.problem(ProblemKind::PrerequisiteCycle, || {
                                    format!("prerequisite cycle: {}", cycle.join(" → "))
                                })
                            })
                        });
                    }
                    _ => {}
                }
            } else {
                let depth = children
                    .iter()
                    .filter_map(|c| match state.get(*c) {
                        Some(State::Done(d)) => Some(d + 1),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                if let Some(s) = state.get_mut(node) {
                    *s = State::Done(depth);
                }
                if depth == MAX_PREREQUISITE_DEPTH + 1 {
                    let key = keys.get(node).copied().unwrap_or_default();
                    walk.at_key(key, |w| {
                        w.at_key("prerequisites", |w| {
                            w.problem(ProblemKind::PrerequisiteCycle, || {
                                format!(
                                    "prerequisite chain longer than {MAX_PREREQUISITE_DEPTH} links"
                                )
                            })
                        })
                    });
                }
                stack.pop();
            }
        }
    }
}

fn compile_rules<'t>(
    walk: &mut Walk<'t>,
    body: &'t Object<'t>,
    header: &Header,
    segments: &FxHashMap<&str, usize>,
) -> Option<Vec<Rule>> {
    let Some(value) = body.get(Field::RULES) else {
        return Some(Vec::new());
    };
    walk.at_key("rules", |w| {
        let items = w.array(value)?;
        if items.len() > MAX_RULES_PER_FLAG {
            w.problem(ProblemKind::LimitExceeded, || {
                format!("more than {MAX_RULES_PER_FLAG} rules")
            });
            return None;
        }
        let mut rules: Vec<Rule> = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let rule = w.at_index(i, |w| compile_rule(w, i, item, header, segments));
            match rule {
                Some(rule) => {
                    // Rules per flag are few: a scan beats hashing (and allocates nothing).
                    if rules.iter().any(|r| key_eq(&r.id, &rule.id)) {
                        w.at_index(i, |w| {
                            w.at_key("id", |w| {
                                w.problem(ProblemKind::DuplicateId, || {
                                    format!("duplicate rule id \"{}\"", rule.id)
                                })
                            })
                        });
                        ok = false;
                    }
                    rules.push(rule);
                }
                None => ok = false,
            }
        }
        ok.then_some(rules)
    })
}

fn compile_rule<'t>(
    walk: &mut Walk<'t>,
    index: usize,
    value: &'t Json<'t>,
    header: &Header,
    segments: &FxHashMap<&str, usize>,
) -> Option<Rule> {
    let map = walk.object(value)?;
    walk.check_fields(map, &RULE_FIELDS);
    walk.optional_str(map, Field::DESCRIPTION);
    let id = match walk.optional_str(map, Field::ID) {
        Some("") => {
            walk.at_key("id", |w| {
                w.problem(ProblemKind::InvalidValue, || "rule id is empty")
            });
            return None;
        }
        Some(id) => id.into(),
        // Positional ids keep traces and analytics meaningful even for unnamed rules.
        None => format!("rules[{index}]").into(),
    };
    // A broken condition must not hide problems in the action: compile both, then combine.
    let when = match map.get(Field::WHEN) {
        Some(v) => walk
            .at_key("when", |w| {
                compile_condition(w, v, &SegmentScope::Flags(segments), 0)
            })
            .map(Some),
        None => Some(None),
    };
    const SERVE: u64 = Field::SERVE.bit();
    const ROLLOUT: u64 = Field::ROLLOUT.bit();
    const SPLIT: u64 = Field::SPLIT.bit();
    let actions = map.field_bits() & RULE_ACTIONS.mask();
    let action = match actions {
        SERVE => {
            let name = walk.required_str(map, Field::SERVE)?;
            Action::Serve(variant_ref(walk, "serve", name, header)?)
        }
        ROLLOUT => {
            let v = map.get(Field::ROLLOUT)?;
            Action::Rollout(walk.at_key("rollout", |w| compile_rollout(w, v, header))?)
        }
        SPLIT => {
            let v = map.get(Field::SPLIT)?;
            let salt = header.salt.clone();
            Action::Split(walk.at_key("split", |w| compile_split(w, v, header, None, salt))?)
        }
        0 => {
            walk.problem(ProblemKind::MissingField, || {
                "a rule needs one of \"serve\", \"rollout\" or \"split\""
            });
            return None;
        }
        _ => {
            walk.problem(ProblemKind::InvalidValue, || {
                format!(
                    "a rule has exactly one of \"serve\", \"rollout\", \"split\"; found {}",
                    RULE_ACTIONS.listed(actions)
                )
            });
            return None;
        }
    };
    Some(Rule {
        id,
        when: when?,
        action,
    })
}

fn variant_ref<'t>(
    walk: &mut Walk<'t>,
    field: &'t str,
    name: &str,
    header: &Header,
) -> Option<VariantId> {
    resolve_variant(walk, field, name, &header.variants, header.variants_known)
}

/// The variant named `name`, or an unknown-variant problem at `field`. When the variants map
/// itself was unusable (`known` false) every name resolves to 0 without a problem: the map's
/// own problem is the one root cause.
fn resolve_variant<'t>(
    walk: &mut Walk<'t>,
    field: &'t str,
    name: &str,
    variants: &[Variant],
    known: bool,
) -> Option<VariantId> {
    let found = variant_index(variants, name);
    if found.is_none() && !known {
        return Some(0);
    }
    if found.is_none() {
        walk.at_key(field, |w| {
            w.problem(ProblemKind::UnknownVariant, || {
                format!("unknown variant \"{name}\"{}", known_variants(variants))
            })
        });
    }
    found
}

/// A salt as the model keeps it: its name (`None`: the flag's key) and the hash state after it.
#[derive(Clone)]
struct Salt {
    name: Option<Box<str>>,
    hasher: SaltedHasher,
}

impl Salt {
    /// A salt with its own text (not the flag key).
    fn named(text: &str) -> Salt {
        Salt {
            name: Some(text.into()),
            hasher: SaltedHasher::new(text),
        }
    }

    /// The salt a rollout or split sets for itself, if it sets one.
    fn own<'t>(walk: &mut Walk<'t>, map: &'t Object<'t>) -> Option<Salt> {
        walk.optional_str(map, Field::SALT).map(Salt::named)
    }

    /// The salt's text: its own, or the flag's key.
    fn text<'a>(&'a self, flag_key: &'a str) -> &'a str {
        self.name.as_deref().unwrap_or(flag_key)
    }
}

/// An optional salt; an empty one is refused (it would make every flag using it share buckets
/// with any other empty-salted flag by accident).
fn salt_field<'t>(walk: &mut Walk<'t>, map: &'t Object<'t>) -> Option<&'t str> {
    match walk.optional_str(map, Field::SALT) {
        Some("") => {
            walk.at_key("salt", |w| {
                w.problem(ProblemKind::InvalidValue, || "salt is empty")
            });
            None
        }
        other => other,
    }
}

fn unit_attr<'t>(walk: &mut Walk<'t>, map: &'t Object<'t>) -> Option<AttrName> {
    match walk.optional_str(map, Field::BY) {
        Some("") => {
            walk.at_key("by", |w| {
                w.problem(ProblemKind::InvalidValue, || "attribute name is empty")
            });
            None
        }
        Some(name) => Some(walk.attr_name(name)),
        None if map.contains_key(Field::BY) => None,
        None => Some(walk.attr_name(DEFAULT_UNIT)),
    }
}

fn compile_rollout<'t>(
    walk: &mut Walk<'t>,
    value: &'t Json<'t>,
    header: &Header,
) -> Option<Rollout> {
    let map = walk.object(value)?;
    walk.check_fields(map, &ROLLOUT_FIELDS);
    let by = unit_attr(walk, map);
    let salt = Salt::own(walk, map).unwrap_or_else(|| header.salt.clone());
    let percent = match (map.get(Field::PERCENT), map.get(Field::STEPS)) {
        (Some(p), None) => walk.at_key("percent", |w| w.percent(p)).map(Percent::Fixed),
        (None, Some(s)) => walk
            .at_key("steps", |w| compile_steps(w, s))
            .map(Percent::Ramp),
        (None, None) => {
            walk.problem(ProblemKind::MissingField, || {
                "a rollout needs \"percent\" or \"steps\""
            });
            None
        }
        (Some(_), Some(_)) => {
            walk.problem(ProblemKind::InvalidValue, || {
                "a rollout has \"percent\" or \"steps\", not both"
            });
            None
        }
    };
    let serve = match (map.get(Field::SERVE), map.get(Field::SPLIT)) {
        (Some(v), None) => {
            let name = walk.at_key("serve", |w| w.string(v))?;
            variant_ref(walk, "serve", name, header).map(RolloutServe::Variant)
        }
        (None, Some(v)) => {
            // An independent hash for the split, so that growing the rollout adds users to
            // every variant in proportion instead of reshuffling the ones already in.
            let split_salt = Salt::named(&format!("{}/split", salt.text(&header.key)));
            walk.at_key("split", |w| {
                compile_split(w, v, header, by.as_ref(), split_salt)
            })
            .map(|split| RolloutServe::Split(Box::new(split)))
        }
        (None, None) => {
            walk.problem(ProblemKind::MissingField, || {
                "a rollout needs \"serve\" (a variant) or \"split\""
            });
            None
        }
        (Some(_), Some(_)) => {
            walk.problem(ProblemKind::InvalidValue, || {
                "a rollout has \"serve\" or \"split\", not both"
            });
            None
        }
    };
    Some(Rollout {
        by: by?,
        hasher: salt.hasher,
        salt: salt.name,
        percent: percent?,
        serve: serve?,
    })
}

/// A ramp's steps.
fn compile_steps<'t>(walk: &mut Walk<'t>, value: &'t Json<'t>) -> Option<Vec<(i64, u32)>> {
    let items = walk.array(value)?;
    if items.is_empty() {
        walk.problem(ProblemKind::InvalidValue, || {
            "a ramp needs at least one step"
        });
        return None;
    }
    if items.len() > MAX_RAMP_STEPS {
        walk.problem(ProblemKind::LimitExceeded, || {
            format!("more than {MAX_RAMP_STEPS} steps")
        });
        return None;
    }
    let mut steps: Vec<(i64, u32)> = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let previous = steps.last().copied();
        let step = walk.at_index(i, |w| {
            let map = w.object(item)?;
            w.check_fields(map, &STEP_FIELDS);
            let at = w.required(map, Field::AT, |w, v| w.timestamp(v));
            let percent = w.required(map, Field::PERCENT, |w, v| w.percent(v));
            let at = at?;
            if let Some((previous, _)) = previous {
                if at <= previous {
                    w.at_key("at", |w| {
                        w.problem(ProblemKind::InvalidValue, || {
                            "ramp steps must be in strictly increasing time order"
                        })
                    });
                    return None;
                }
            }
            Some((at, percent?))
        });
        match step {
            Some(s) => steps.push(s),
            None => ok = false,
        }
    }
    ok.then_some(steps)
}

fn compile_split<'t>(
    walk: &mut Walk<'t>,
    value: &'t Json<'t>,
    header: &Header,
    inherited_by: Option<&AttrName>,
    inherited_salt: Salt,
) -> Option<Split> {
    let map = walk.object(value)?;
    walk.check_fields(map, &SPLIT_FIELDS);
    let by = if map.contains_key(Field::BY) || inherited_by.is_none() {
        unit_attr(walk, map)
    } else {
        inherited_by.cloned()
    };
    let salt = Salt::own(walk, map).unwrap_or(inherited_salt);
    let items = walk.required(map, Field::VARIANTS, |w, v| w.array(v))?;
    if items.is_empty() {
        walk.at_key("variants", |w| {
            w.problem(ProblemKind::InvalidValue, || {
                "a split needs at least one variant"
            })
        });
        return None;
    }
    let mut bounds: Vec<(u32, VariantId)> = Vec::with_capacity(items.len());
    let mut total: u32 = 0;
    let mut ok = true;
    walk.at_key("variants", |w| {
        for (i, item) in items.iter().enumerate() {
            let entry = w.at_index(i, |w| {
                let map = w.object(item)?;
                w.check_fields(map, &SPLIT_VARIANT_FIELDS);
                let variant = w
                    .required_str(map, Field::VARIANT)
                    .and_then(|n| variant_ref(w, "variant", n, header));
                let weight = w.required(map, Field::WEIGHT, |w, v| w.percent(v));
                Some((variant?, weight?))
            });
            match entry {
                Some((variant, weight)) => {
                    total = total.saturating_add(weight);
                    bounds.push((total, variant));
                }
                None => ok = false,
            }
        }
        if ok && total != BUCKETS {
            w.problem(ProblemKind::WeightSum, || {
                format!(
                    "weights add up to {}, not 100",
                    crate::value::number_text(f64::from(total) / 1000.0)
                )
            });
            ok = false;
        }
    });
    Some(Split {
        by: by?,
        hasher: salt.hasher,
        salt: salt.name,
        bounds: ok.then_some(bounds)?,
    })
}
