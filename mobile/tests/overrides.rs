//! Persisted local overrides (`FlagEngine.open(..., persist_overrides)`): they come back after
//! a restart, minus those the restored ruleset cannot take; a corrupt file is ignored and
//! reported; without the option nothing is read or written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rollgate_mobile::{DroppedOverride, FlagEngine, Reason};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn ruleset(revision: u64, layout_variants: &str) -> String {
    format!(
        r#"{{"schema": 1, "revision": {revision}, "flags": {{
        "dark-mode": {{"type": "boolean", "variants": {{"on": true, "off": false}}, "default": "off"}},
        "layout": {{"type": "string", "variants": {layout_variants}, "default": "a"}}
    }}}}"#
    )
}

/// A new directory for one test, and the paths of its ruleset and overrides files in it.
fn scratch(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "rollgate-mobile-overrides-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let (ruleset, overrides) = (dir.join("ruleset.json"), dir.join("ruleset.overrides.json"));
    (dir, ruleset, overrides)
}

fn open(path: &Path, persist_overrides: bool) -> std::sync::Arc<FlagEngine> {
    FlagEngine::open(
        path.to_string_lossy().into_owned(),
        Some(ruleset(1, r#"{"a": "A", "b": "B"}"#)),
        persist_overrides,
    )
    .unwrap()
}

fn overrides_of(engine: &FlagEngine) -> Vec<(String, String)> {
    let mut all: Vec<_> = engine.overrides().into_iter().collect();
    all.sort();
    all
}

fn pair(flag: &str, variant: &str) -> (String, String) {
    (flag.to_owned(), variant.to_owned())
}

#[test]
fn overrides_come_back_after_a_restart() {
    let (dir, _, _) = scratch("restart");
    let path = dir.join("rollgate/ruleset.json");
    let file = dir.join("rollgate/ruleset.overrides.json");
    let engine = open(&path, true);
    engine.set_override("layout".into(), "b".into()).unwrap();
    engine
        .set_override("dark-mode".into(), "on".into())
        .unwrap();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        r#"{"v":1,"overrides":{"dark-mode":"on","layout":"b"}}"#
    );
    assert!(engine.set_override("layout".into(), "z".into()).is_err());
    drop(engine);

    let restarted = open(&path, true);
    assert_eq!(
        overrides_of(&restarted),
        [pair("dark-mode", "on"), pair("layout", "b")]
    );
    let layout = restarted.evaluate("layout".into(), HashMap::new(), None);
    assert_eq!(
        (layout.reason, layout.variant.as_deref()),
        (Reason::Override, Some("b"))
    );
    assert_eq!(restarted.overrides_error(), None);
    assert_eq!(restarted.dropped_overrides_at_open(), []);

    // Clearing one rewrites the file; clearing the last removes it.
    assert!(restarted.clear_override("layout".into()));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        r#"{"v":1,"overrides":{"dark-mode":"on"}}"#
    );
    assert!(restarted.clear_overrides());
    assert!(!file.exists());
    drop(restarted);
    assert!(open(&path, true).overrides().is_empty());
    let names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.is_empty(), "no temporary files left: {names:?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_restored_ruleset_drops_what_it_cannot_take_and_the_file_follows() {
    let (dir, path, file) = scratch("drop");
    let engine = open(&path, true);
    let with_beta = ruleset(2, r#"{"a": "A", "b": "B", "c": "C"}"#).replace(
        r#""flags": {"#,
        r#""flags": {"beta": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},"#,
    );
    engine.update(with_beta).unwrap();
    engine.set_override("layout".into(), "c".into()).unwrap();
    engine.set_override("beta".into(), "on".into()).unwrap();
    engine
        .set_override("dark-mode".into(), "on".into())
        .unwrap();
    drop(engine);
    // The persisted ruleset is lost: the bundled one (revision 1) has neither flag "beta" nor
    // variant "c".
    fs::remove_file(&path).unwrap();
    let restarted = open(&path, true);
    assert_eq!(restarted.revision(), 1);
    assert_eq!(overrides_of(&restarted), [pair("dark-mode", "on")]);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        r#"{"v":1,"overrides":{"dark-mode":"on"}}"#
    );
    let dropped = |flag: &str, variant: &str, reason: &str| DroppedOverride {
        flag: flag.to_owned(),
        variant: variant.to_owned(),
        reason: reason.to_owned(),
    };
    let at_open = [
        dropped("beta", "on", "FLAG_REMOVED"),
        dropped("layout", "c", "VARIANT_REMOVED"),
    ];
    assert_eq!(restarted.dropped_overrides_at_open(), at_open);
    assert_eq!(restarted.overrides_error(), None);
    // An update that drops one rewrites the file too, and reports it itself.
    let result = restarted
        .update(ruleset(3, r#"{"a": "A"}"#).replace("dark-mode", "dark-mode-v2"))
        .unwrap();
    assert_eq!(
        result.dropped_overrides,
        [dropped("dark-mode", "on", "FLAG_REMOVED")]
    );
    assert!(!file.exists(), "no override left: the file is removed");
    assert_eq!(
        restarted.dropped_overrides_at_open(),
        at_open,
        "fixed at open"
    );
    drop(restarted);
    assert_eq!(open(&path, true).dropped_overrides_at_open(), []);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_corrupt_file_is_ignored_and_reported_then_replaced() {
    let (dir, path, file) = scratch("corrupt");
    for (text, says) in [
        ("{\"v\": 1, \"overrides\": {", "not JSON"),
        (
            r#"{"v": 1, "overrides": {"layout": 2}}"#,
            "overrides.layout",
        ),
        (r#"["layout", "b"]"#, "\"v\": 1"),
    ] {
        fs::write(&file, text).unwrap();
        let engine = open(&path, true);
        assert!(engine.overrides().is_empty());
        let error = engine.overrides_error().expect("reported");
        assert!(
            error.starts_with("ignored the persisted overrides at ") && error.contains(says),
            "{error}"
        );
        assert!(!engine.bool_value("dark-mode".into(), true, HashMap::new(), None));
        engine.set_override("layout".into(), "b".into()).unwrap();
        assert_eq!(engine.overrides_error(), None, "a good write clears it");
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            r#"{"v":1,"overrides":{"layout":"b"}}"#
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_write_is_reported_and_the_override_still_applies() {
    let (dir, path, file) = scratch("unwritable");
    let engine = open(&path, true);
    // A directory where the file should be: the rename over it fails.
    fs::create_dir_all(file.join("blocker")).unwrap();
    engine.set_override("layout".into(), "b".into()).unwrap();
    let error = engine.overrides_error().expect("reported");
    assert!(
        error.starts_with("could not persist the overrides to "),
        "{error}"
    );
    assert_eq!(overrides_of(&engine), [pair("layout", "b")]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_the_option_nothing_is_read_or_written() {
    let (dir, path, file) = scratch("off");
    fs::write(&file, r#"{"v":1,"overrides":{"layout":"b"}}"#).unwrap();
    let engine = open(&path, false);
    assert!(engine.overrides().is_empty(), "the file is not read");
    engine
        .set_override("dark-mode".into(), "on".into())
        .unwrap();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        r#"{"v":1,"overrides":{"layout":"b"}}"#,
        "nor written"
    );
    assert_eq!(engine.overrides_error(), None);
    assert_eq!(
        engine.dropped_overrides_at_open(),
        [],
        "none dropped: none read"
    );
    // Engines without a path never persist them either.
    let memory = FlagEngine::new(ruleset(1, r#"{"a": "A"}"#)).unwrap();
    memory
        .set_override("dark-mode".into(), "on".into())
        .unwrap();
    assert_eq!(memory.overrides_error(), None);
    fs::remove_dir_all(&dir).unwrap();
}
