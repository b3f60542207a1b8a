//! Local overrides: flags forced to a variant on one engine, for QA and development.
//!
//! An override is a flag key and a variant name. The engine keeps them next to its ruleset: each
//! snapshot carries a table of forced variants by flag position, which the evaluator checks
//! before anything else, so an overridden flag serves its variant with reason `OVERRIDE`
//! wherever it is evaluated: on its own, in `evaluate_all`, in `explain`, and as another flag's
//! prerequisite. They belong to the engine that set them, never to a ruleset's JSON.
//!
//! A new ruleset keeps every override whose flag and variant it still has; the others are
//! dropped and reported in [`UpdateOutcome::dropped_overrides`](crate::UpdateOutcome), so that
//! bindings can tell the app.

use crate::engine::Engine;
use crate::model::{Flag, VariantId};
use crate::quote::Quoted;
use crate::ruleset::Ruleset;
use crate::suggest::did_you_mean;
use std::collections::BTreeSet;
use std::fmt;

/// The overrides of one snapshot: what was asked for, and the forced variant of each flag.
#[derive(Clone, Debug, Default)]
pub(crate) struct Overrides {
    /// (flag key, variant name) as the app set them, sorted by key, one per key. A sorted list
    /// rather than a map: there are a handful, and a map's code is kilobytes of `.wasm`.
    chosen: Chosen,
    /// Per flag position, the forced variant + 1 (0: not overridden). Empty without overrides,
    /// so the evaluator's check is one length test.
    forced: Box<[u32]>,
}

impl Overrides {
    /// The variant forced on the flag at `flag` (its position), if any.
    #[inline(always)]
    pub(crate) fn forced(&self, flag: usize) -> Option<VariantId> {
        match self.forced.get(flag) {
            Some(&v) if v != 0 => Some(v as usize - 1),
            _ => None,
        }
    }

    /// The overrides `chosen` resolved against `ruleset`, and those it cannot have (sorted by
    /// flag key).
    fn resolve(chosen: Chosen, ruleset: &Ruleset) -> (Overrides, Vec<DroppedOverride>) {
        let mut kept = Vec::new();
        let mut dropped = Vec::new();
        let mut forced = vec![0u32; if chosen.is_empty() { 0 } else { ruleset.len() }];
        for (flag, variant) in chosen {
            let reason = match ruleset.find(&flag) {
                None => DropReason::FlagRemoved,
                Some(found) => match variant_position(found, &variant) {
                    Some(v) => {
                        if let Some(slot) = forced.get_mut(found.index) {
                            *slot = u32::try_from(v + 1).unwrap_or(0);
                        }
                        kept.push((flag, variant));
                        continue;
                    }
                    None => DropReason::VariantRemoved,
                },
            };
            dropped.push(DroppedOverride {
                flag,
                variant,
                reason,
            });
        }
        if kept.is_empty() {
            forced.clear();
        }
        let overrides = Overrides {
            chosen: kept,
            forced: forced.into_boxed_slice(),
        };
        (overrides, dropped)
    }
}

/// Overrides as (flag key, variant name), sorted by key.
type Chosen = Vec<(String, String)>;

/// What an edit of the overrides gives: whether they changed, or why not (boxed, see
/// [`Engine::edit_overrides`]).
type Edited = Result<bool, Box<OverrideError>>;

/// The position of the variant named `name` among `flag`'s variants.
fn variant_position(flag: &Flag, name: &str) -> Option<VariantId> {
    flag.variants.iter().position(|v| &*v.name == name)
}

/// Why an override was dropped when a new ruleset arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum DropReason {
    /// The new ruleset has no flag with that key: the override is cleared with it.
    FlagRemoved,
    /// The flag is still there, without the overridden variant.
    VariantRemoved,
}

impl DropReason {
    /// The name used across bindings (`FLAG_REMOVED`, `VARIANT_REMOVED`).
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::FlagRemoved => "FLAG_REMOVED",
            DropReason::VariantRemoved => "VARIANT_REMOVED",
        }
    }
}

/// An override that a ruleset update removed, so that bindings can tell the app which forced
/// values are gone.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DroppedOverride {
    /// The overridden flag's key.
    pub flag: String,
    /// The variant it was forced to.
    pub variant: String,
    /// Why the new ruleset could not keep it.
    pub reason: DropReason,
}

/// Why an override could not be set. Nothing changes: the engine keeps its overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum OverrideError {
    /// The ruleset has no flag with that key.
    UnknownFlag {
        /// The key given.
        flag: String,
        /// ` (did you mean "x"?)` when a flag key is close, else empty.
        hint: String,
    },
    /// The flag has no variant with that name.
    UnknownVariant {
        /// The flag's key.
        flag: String,
        /// The variant name given.
        variant: String,
        /// The flag's variant names, in declaration order.
        variants: Vec<String>,
        /// ` (did you mean "x"?)` when a variant name is close, else empty.
        hint: String,
    },
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverrideError::UnknownFlag { flag, hint } => {
                write!(
                    f,
                    "cannot override flag {}: no such flag{hint}",
                    Quoted(flag)
                )
            }
            OverrideError::UnknownVariant {
                flag,
                variant,
                variants,
                hint,
            } => {
                write!(
                    f,
                    "cannot override flag {} with variant {}: no such variant{hint}; its variants: ",
                    Quoted(flag),
                    Quoted(variant)
                )?;
                for (i, name) in variants.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{}", Quoted(name))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for OverrideError {}

/// The error for overriding `flag` with `variant` in `ruleset`, or `None` when both exist.
fn check(ruleset: &Ruleset, flag: &str, variant: &str) -> Option<OverrideError> {
    let Some(found) = ruleset.find(flag) else {
        let keys: Vec<&str> = ruleset.flag_keys().collect();
        return Some(OverrideError::UnknownFlag {
            flag: flag.to_owned(),
            hint: did_you_mean(flag, &keys),
        });
    };
    if variant_position(found, variant).is_some() {
        return None;
    }
    let names: Vec<&str> = found.variants.iter().map(|v| &*v.name).collect();
    Some(OverrideError::UnknownVariant {
        flag: flag.to_owned(),
        variant: variant.to_owned(),
        variants: names.iter().map(|n| (*n).to_owned()).collect(),
        hint: did_you_mean(variant, &names),
    })
}

impl Ruleset {
    /// This ruleset with the overrides `chosen` (those it cannot have are returned, not kept):
    /// the same compiled flags, shared, with another override table.
    fn with_overrides(&self, chosen: Chosen) -> (Ruleset, Vec<DroppedOverride>) {
        let (overrides, dropped) = Overrides::resolve(chosen, self);
        let mut ruleset = self.clone();
        ruleset.overrides = overrides;
        (ruleset, dropped)
    }

    /// Takes over `previous`'s overrides (an update): returns those this ruleset cannot keep.
    pub(crate) fn inherit_overrides(&mut self, previous: &Ruleset) -> Vec<DroppedOverride> {
        let (overrides, dropped) = Overrides::resolve(previous.overrides.chosen.clone(), self);
        self.overrides = overrides;
        dropped
    }

    /// The sorted keys of `keys` and of every flag that depends on one of them through
    /// prerequisites (transitively): the flags whose results an override of `keys` can change,
    /// for hosts that notify the app. Keys this ruleset does not have are kept as given.
    pub fn affected_by(&self, keys: &[&str]) -> Vec<String> {
        let mut affected: BTreeSet<&str> = keys.iter().copied().collect();
        self.add_dependents(&mut affected);
        affected.into_iter().map(str::to_owned).collect()
    }

    /// The overrides in force on this snapshot: `(flag, variant)` in key order.
    pub fn overrides(&self) -> impl Iterator<Item = (&str, &str)> {
        self.overrides
            .chosen
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl Engine {
    /// Forces `flag` to serve `variant` on this engine (reason `OVERRIDE`), also where other
    /// flags check it as a prerequisite, until cleared or until a ruleset without that flag or
    /// variant arrives. An unknown flag or variant is an error naming it; nothing changes then.
    pub fn set_override(&self, flag: &str, variant: &str) -> Result<(), OverrideError> {
        self.edit_overrides(&mut |current, chosen| {
            if let Some(error) = check(current, flag, variant) {
                return Err(Box::new(error));
            }
            let entry = (flag.to_owned(), variant.to_owned());
            match chosen.binary_search_by(|(k, _)| k.as_str().cmp(flag)) {
                Ok(at) => {
                    if let Some(slot) = chosen.get_mut(at) {
                        *slot = entry;
                    }
                }
                Err(at) => chosen.insert(at, entry),
            }
            Ok(true)
        })
        .map(|_| ())
        .map_err(|error| *error)
    }

    /// Removes the override of `flag`; returns whether there was one.
    pub fn clear_override(&self, flag: &str) -> bool {
        let cleared = self.edit_overrides(&mut |_, chosen| {
            let found = chosen.binary_search_by(|(k, _)| k.as_str().cmp(flag));
            Ok(found.map(|at| chosen.remove(at)).is_ok())
        });
        cleared.unwrap_or(false)
    }

    /// Removes every override; returns whether there were any.
    pub fn clear_overrides(&self) -> bool {
        let cleared = self.edit_overrides(&mut |_, chosen| {
            let any = !chosen.is_empty();
            chosen.clear();
            Ok(any)
        });
        cleared.unwrap_or(false)
    }

    /// Replaces every override with `overrides` (flag, variant), keeping those the current
    /// ruleset can take: for a host that persisted them and restores them at start. Returns the
    /// others, by flag key, with the reasons an update gives (`FLAG_REMOVED`,
    /// `VARIANT_REMOVED`). A flag given twice keeps its last variant.
    #[cfg(feature = "native")]
    pub fn replace_overrides(
        &self,
        overrides: impl IntoIterator<Item = (String, String)>,
    ) -> Vec<DroppedOverride> {
        let mut chosen: Chosen = Vec::new();
        for (flag, variant) in overrides {
            match chosen.binary_search_by(|(k, _)| k.as_str().cmp(&flag)) {
                Ok(at) => {
                    if let Some(slot) = chosen.get_mut(at) {
                        slot.1 = variant;
                    }
                }
                Err(at) => chosen.insert(at, (flag, variant)),
            }
        }
        let mut dropped = Vec::new();
        let Ok(()) = self.swap(|current| {
            let (next, cannot) = current.with_overrides(chosen);
            dropped = cannot;
            Ok::<_, std::convert::Infallible>(Some(next))
        });
        dropped
    }

    /// The overrides in force: `(flag, variant)` in key order.
    pub fn overrides(&self) -> Vec<(String, String)> {
        self.snapshot()
            .overrides()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// Applies `edit` to a copy of the current overrides; when it reports a change, serves the
    /// current ruleset with the edited overrides. One function behind every change (a `dyn`
    /// edit: one copy of this code in the `.wasm`, not one per caller). The error is boxed while
    /// it passes through here: a pointer to move and test instead of the whole enum (less code).
    fn edit_overrides(&self, edit: &mut dyn FnMut(&Ruleset, &mut Chosen) -> Edited) -> Edited {
        let mut changed = false;
        self.swap(|current| {
            let mut chosen = current.overrides.chosen.clone();
            changed = edit(current, &mut chosen)?;
            Ok::<_, Box<OverrideError>>(changed.then(|| current.with_overrides(chosen).0))
        })?;
        Ok(changed)
    }
}

/// The overrides of `ruleset`, as a shared snapshot would be checked: for tests.
#[cfg(test)]
fn forced_of(ruleset: &Ruleset, key: &str) -> Option<VariantId> {
    ruleset
        .find(key)
        .and_then(|f| ruleset.overrides.forced(f.index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Reason};

    const RULESET: &str = r#"{"schema": 1, "revision": 1, "flags": {
        "dark-mode": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},
        "layout": {"type": "string", "variants": {"a": "A", "b": "B", "c": "C"}, "default": "a",
            "rules": [{"id": "everyone", "rollout": {"by": "userId", "percent": 100, "serve": "b"}}]},
        "needs-dark": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on",
            "prerequisites": [{"flag": "dark-mode", "variants": ["on"]}]},
        "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on",
            "enabled": false}
    }}"#;

    fn engine() -> Engine {
        Engine::from_json(RULESET).unwrap()
    }

    fn user() -> Context {
        Context::new().with("userId", "u-1").unwrap()
    }

    #[test]
    fn an_override_serves_its_variant_with_reason_override() {
        let engine = engine();
        engine.set_override("layout", "c").unwrap();
        let snapshot = engine.snapshot();
        let r = snapshot.evaluate("layout", &user(), 0);
        assert_eq!(
            (r.variant, r.reason, r.rule_id),
            (Some("c"), Reason::Override, None)
        );
        assert_eq!(r.value.and_then(|v| v.as_str()), Some("C"));
        assert_eq!(r.positions.map(|p| p.variant), Some(2));
        assert_eq!(forced_of(&snapshot, "layout"), Some(2));
        assert_eq!(forced_of(&snapshot, "dark-mode"), None);
    }

    #[test]
    fn an_override_beats_the_kill_switch() {
        let engine = engine();
        engine.set_override("killed", "on").unwrap();
        let r = engine.snapshot().evaluate("killed", &user(), 0).to_result();
        assert_eq!(
            (r.variant.as_deref(), r.reason),
            (Some("on"), Reason::Override)
        );
    }

    #[test]
    fn prerequisites_see_the_overridden_variant() {
        let engine = engine();
        let before = engine
            .snapshot()
            .evaluate("needs-dark", &user(), 0)
            .to_result();
        assert_eq!(before.reason, Reason::PrerequisiteFailed);
        engine.set_override("dark-mode", "on").unwrap();
        let snapshot = engine.snapshot();
        let after = snapshot.evaluate("needs-dark", &user(), 0);
        assert_eq!((after.variant, after.reason), (Some("on"), Reason::Static));
        let user = user();
        let all: Vec<_> = snapshot
            .evaluate_all(&user, 0)
            .map(|(k, e)| (k, e.reason))
            .collect();
        assert!(all.contains(&("dark-mode", Reason::Override)));
        assert!(all.contains(&("needs-dark", Reason::Static)));
    }

    #[test]
    fn explain_reports_the_override() {
        let engine = engine();
        engine.set_override("layout", "a").unwrap();
        let explanation = engine.snapshot().explain("layout", &user(), 0);
        assert_eq!(explanation.result.reason, Reason::Override);
        assert!(explanation.rules.is_empty());
    }

    #[test]
    fn unknown_flags_and_variants_are_errors_naming_them() {
        let engine = engine();
        let error = engine.set_override("dark-mod", "on").unwrap_err();
        // The hint is part of the full messages (the `messages` feature).
        let hint = if cfg!(feature = "messages") {
            r#" (did you mean "dark-mode"?)"#
        } else {
            ""
        };
        assert_eq!(
            error.to_string(),
            format!(r#"cannot override flag "dark-mod": no such flag{hint}"#)
        );
        let error = engine.set_override("layout", "d").unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"cannot override flag "layout" with variant "d": no such variant; its variants: "a", "b", "c""#
        );
        let error = engine.set_override("dark-mode", "onn").unwrap_err();
        assert_eq!(
            error.to_string().contains(r#"(did you mean "on"?)"#),
            cfg!(feature = "messages"),
            "{error}"
        );
        assert!(engine.overrides().is_empty());
    }

    #[test]
    fn an_override_affects_its_flag_and_its_dependents() {
        let ruleset = engine().snapshot();
        assert_eq!(
            ruleset.affected_by(&["dark-mode"]),
            ["dark-mode", "needs-dark"]
        );
        assert_eq!(ruleset.affected_by(&["layout", "gone"]), ["gone", "layout"]);
        assert!(ruleset.affected_by(&[]).is_empty());
    }

    #[test]
    fn clearing_restores_the_evaluation() {
        let engine = engine();
        assert!(!engine.clear_override("layout"));
        assert!(!engine.clear_overrides());
        engine.set_override("layout", "c").unwrap();
        engine.set_override("dark-mode", "on").unwrap();
        assert_eq!(
            engine.overrides(),
            [
                ("dark-mode".into(), "on".into()),
                ("layout".into(), "c".into())
            ]
        );
        assert!(engine.clear_override("layout"));
        let r = engine.snapshot().evaluate("layout", &user(), 0).to_result();
        assert_eq!((r.variant.as_deref(), r.reason), (Some("b"), Reason::Split));
        assert!(engine.clear_overrides());
        assert!(engine.overrides().is_empty());
        assert!(engine.snapshot().overrides.forced.is_empty());
    }

    #[test]
    fn updates_keep_what_they_can_and_report_the_rest() {
        let engine = engine();
        engine.set_override("layout", "c").unwrap();
        engine.set_override("dark-mode", "on").unwrap();
        engine.set_override("killed", "off").unwrap();
        // Revision 2: "layout" loses variant c, "dark-mode" is gone, "killed" moves position.
        let next = r#"{"schema": 1, "revision": 2, "flags": {
            "aaa": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on"},
            "killed": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on"},
            "layout": {"type": "string", "variants": {"a": "A", "b": "B"}, "default": "a"}
        }}"#;
        let outcome = engine.update(next).unwrap();
        assert_eq!(
            outcome.dropped_overrides,
            [
                DroppedOverride {
                    flag: "dark-mode".into(),
                    variant: "on".into(),
                    reason: DropReason::FlagRemoved
                },
                DroppedOverride {
                    flag: "layout".into(),
                    variant: "c".into(),
                    reason: DropReason::VariantRemoved
                },
            ]
        );
        assert_eq!(engine.overrides(), [("killed".into(), "off".into())]);
        let snapshot = engine.snapshot();
        let r = snapshot.evaluate("killed", &user(), 0);
        assert_eq!((r.variant, r.reason), (Some("off"), Reason::Override));
        assert_eq!(snapshot.evaluate("aaa", &user(), 0).reason, Reason::Static);
        assert_eq!(
            snapshot.evaluate("layout", &user(), 0).reason,
            Reason::Static
        );
    }

    #[test]
    #[cfg(feature = "native")]
    fn replacing_keeps_what_the_ruleset_can_take_and_reports_the_rest() {
        let engine = engine();
        engine.set_override("killed", "off").unwrap();
        let dropped = engine.replace_overrides([
            ("layout".to_owned(), "a".to_owned()),
            ("gone".to_owned(), "on".to_owned()),
            ("dark-mode".to_owned(), "maybe".to_owned()),
            ("layout".to_owned(), "c".to_owned()),
        ]);
        assert_eq!(
            dropped,
            [
                DroppedOverride {
                    flag: "dark-mode".into(),
                    variant: "maybe".into(),
                    reason: DropReason::VariantRemoved
                },
                DroppedOverride {
                    flag: "gone".into(),
                    variant: "on".into(),
                    reason: DropReason::FlagRemoved
                },
            ]
        );
        assert_eq!(
            engine.overrides(),
            [("layout".into(), "c".into())],
            "the last variant given wins; the earlier override is replaced"
        );
        let snapshot = engine.snapshot();
        let r = snapshot.evaluate("layout", &user(), 0);
        assert_eq!((r.variant, r.reason), (Some("c"), Reason::Override));
        assert!(engine.replace_overrides([]).is_empty());
        assert!(engine.overrides().is_empty());
        assert!(engine.snapshot().overrides.forced.is_empty());
    }

    #[test]
    fn a_refused_update_keeps_the_overrides() {
        let engine = engine();
        engine.set_override("layout", "c").unwrap();
        assert!(engine
            .update(r#"{"schema": 1, "revision": 0, "flags": {}}"#)
            .is_err());
        assert!(engine.update("{").is_err());
        assert_eq!(engine.overrides(), [("layout".into(), "c".into())]);
    }
}
