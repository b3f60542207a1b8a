//! Parses a small context N times, for instruction counting with callgrind.
#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    for i in 0..n {
        let text = format!(
            r#"{{"userId":"u{i}","appVersion":"2.4.1","platform":"ios","email":"a@b.com"}}"#
        );
        std::hint::black_box(rollgate::Context::from_json(&text).unwrap());
    }
}
