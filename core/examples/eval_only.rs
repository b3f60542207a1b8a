//! Runs one kind of evaluation N times, for instruction counting with callgrind:
//! `valgrind --tool=callgrind target/release/examples/eval_only s1|all N`.
#![allow(missing_docs, clippy::unwrap_used)]
use rollgate::{Context, Ruleset};
use std::hint::black_box;
fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string("tests/bench/ruleset-200.json").unwrap();
    let rs = Ruleset::from_json(&text).unwrap();
    let ctx = Context::new()
        .with("userId", "user-8d1f0c")
        .unwrap()
        .with("appVersion", "2.4.1")
        .unwrap()
        .with("platform", "android")
        .unwrap()
        .with("email", "ada.lovelace@example.com")
        .unwrap()
        .with("country", "FR")
        .unwrap()
        .with("sessions", 12.0)
        .unwrap()
        .with("signupDate", "2025-09-14T10:00:00Z")
        .unwrap();
    for _ in 0..n {
        if what == "s1" {
            black_box(rs.evaluate(black_box("s1"), &ctx, 1_796_860_800_000));
        } else {
            for e in rs.evaluate_all(&ctx, 1_796_860_800_000) {
                black_box(e);
            }
        }
    }
}
