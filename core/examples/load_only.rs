//! Loads the bench ruleset N times, for instruction counting with callgrind:
//! `valgrind --tool=callgrind target/release/examples/load_only tests/bench/ruleset-200.json 10`.
//! With a third argument `keep`, the loaded rulesets are kept until the end, so the count
//! leaves out dropping them (as the S3 benchmark does).
#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let keep = args.next().as_deref() == Some("keep");
    let text = std::fs::read_to_string(path).unwrap();
    let mut kept = Vec::new();
    for _ in 0..n {
        let ruleset = std::hint::black_box(rollgate::Ruleset::from_json(&text).unwrap());
        if keep {
            kept.push(ruleset);
        }
    }
    // Never dropped (the process ends here), so with `keep` the count holds the loads only.
    std::mem::forget(kept);
}
