//! Loads the bench ruleset N times, for instruction counting with callgrind:
//! `valgrind --tool=callgrind target/release/examples/load_only tests/bench/ruleset-200.json 10`.
#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    for _ in 0..n {
        std::hint::black_box(rollgate::Ruleset::from_json(&text).unwrap());
    }
}
