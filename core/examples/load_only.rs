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
