//! Rollgate's side of the differential test against node-semver (`tests/semver/differential.mjs`).
//!
//! Reads queries on stdin, one a line, and answers each on one line of stdout, in order. Texts
//! travel as lowercase hex of their UTF-8 bytes, so any character (odd whitespace, newlines)
//! survives the trip:
//!
//! - `r HEX`: parse a range: `ok HEX` (its normalized form) or `err HEX` (the message);
//! - `v HEX`: parse an attribute value: `ok HEX` (the version) or `err HEX` (the message);
//! - `m R V`: whether the R-th `r` line's range matches the V-th `v` line's version, both
//!   counted from 0 and both parsed: `1` or `0` (`bad` if either did not parse).
#![allow(missing_docs)]

use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

use rollgate::version::{Version, VersionRange};

fn main() -> io::Result<()> {
    let mut ranges: Vec<Option<VersionRange>> = Vec::new();
    let mut versions: Vec<Option<Version>> = Vec::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let mut words = line.split(' ');
        let answer = match (words.next(), words.next(), words.next()) {
            (Some("r"), Some(hex), None) => {
                let parsed = VersionRange::parse(&unhex(hex));
                let answer = outcome(&parsed);
                ranges.push(parsed.ok());
                answer
            }
            (Some("v"), Some(hex), None) => {
                let parsed = Version::parse(&unhex(hex));
                let answer = outcome(&parsed);
                versions.push(parsed.ok());
                answer
            }
            (Some("m"), Some(range), Some(version)) => {
                let range = index(range)
                    .and_then(|i| ranges.get(i))
                    .and_then(Option::as_ref);
                let version = index(version)
                    .and_then(|i| versions.get(i))
                    .and_then(Option::as_ref);
                match (range, version) {
                    (Some(range), Some(version)) => {
                        String::from(if range.matches(version) { "1" } else { "0" })
                    }
                    _ => "bad".into(),
                }
            }
            _ => format!("err {}", hex(&format!("unreadable query {line:?}"))),
        };
        writeln!(out, "{answer}")?;
    }
    out.flush()
}

fn outcome<T: std::fmt::Display, E: std::fmt::Display>(parsed: &Result<T, E>) -> String {
    match parsed {
        Ok(value) => format!("ok {}", hex(&value.to_string())),
        Err(error) => format!("err {}", hex(&error.to_string())),
    }
}

fn index(text: &str) -> Option<usize> {
    text.parse().ok()
}

fn hex(text: &str) -> String {
    text.bytes().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// The text whose UTF-8 bytes `hex` spells; a malformed query becomes text no parser accepts.
fn unhex(hex: &str) -> String {
    let bytes: Option<Vec<u8>> = hex
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        })
        .collect();
    bytes
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| "\u{0}malformed query".into())
}
