use rollgate::{Context, Engine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A ruleset as published: bundled with the app, or fetched from any URL.
    let engine = Engine::from_json(&std::fs::read_to_string("examples/flags.json")?)?;

    let user = Context::new()
        .with("userId", "u-42")?
        .with("appVersion", "2.4.0")?
        .with("email", "ada@acme.com")?; // a NaN or infinite number is refused
    let now_ms = 1_796_342_400_000; // the core never reads a clock: pass the time in
    let snapshot = engine.snapshot();

    let result = snapshot.evaluate("new-checkout", &user, now_ms);
    assert_eq!(result.value.and_then(|v| v.as_bool()), Some(true));
    assert_eq!(result.rule_id, Some("beta")); // also: variant, reason, error code, metadata
    println!("{}", snapshot.explain("new-checkout", &user, now_ms)); // every rule, check, bucket

    // A new ruleset replaces the served one only if it is valid and not older.
    let older = r#"{ "schema": 1, "revision": 41, "flags": {} }"#;
    assert!(engine.update(older).is_err());
    assert_eq!(engine.revision(), 42);
    Ok(())
}
