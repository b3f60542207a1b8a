//! The context inbox: a byte buffer in WASM memory that JS writes a context's attributes into,
//! read here into a core [`Context`].
//!
//! On a server every request brings a new user, so a plain-object context is converted on
//! every call. Through JSON that meant `JSON.stringify`, a per-character copy into a fresh
//! allocation, a JSON parse and an allocation per name and string: several µs. Through the
//! inbox, JS writes the attributes straight into memory the instance already owns
//! (`npm/src/inbox.ts`), and this module reads them, with no parsing beyond UTF-8 validation,
//! into one scratch context refilled in place ([`Context::refill`]): no allocation either.
//!
//! This module and `npm/src/inbox.ts` are the one definition of the format. Little-endian, one
//! attribute after another, each a tag byte, the name, then the value by tag:
//!
//! | tag | value |
//! |---|---|
//! | [`tag::STRING`] | a string |
//! | [`tag::NUMBER`] | an `f64` (8 bytes) |
//! | [`tag::TRUE`], [`tag::FALSE`] | nothing |
//!
//! A string (name or value) is a `u32` byte length and that many bytes of UTF-8.
//!
//! A tag with [`tag::SAME_NAME`] added has no name: the attribute takes the name the scratch
//! context has at its position. JS sends it while the attributes come back under the names of
//! the context read last, in the same order (a server's requests share their keys), so names
//! cross only when they change. JS knows what the scratch context holds because it reads it
//! only through this module: `npm/src/inbox.ts` forgets the names whenever a read may not have
//! completed.
//!
//! The binding only translates: every attribute goes through [`Context::set`], so the core's
//! rules (finite numbers, names) apply as on every other route. JS writes only what this format
//! can say; anything else (lists, nested objects, BigInt, lone surrogates, ...) takes the JSON route
//! ([`Context::from_json`]), whose answers and error messages are the core's.

use rollgate::{AttrValue, Context, ContextError};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

/// The tag bytes (mirrored in `npm/src/inbox.ts`).
pub mod tag {
    /// A string value.
    pub const STRING: u8 = 1;
    /// A number value.
    pub const NUMBER: u8 = 2;
    /// `true`.
    pub const TRUE: u8 = 3;
    /// `false`.
    pub const FALSE: u8 = 4;
    /// Added to a tag: the name is left out (see the module's doc).
    pub const SAME_NAME: u8 = 16;
}

thread_local! {
    // One inbox per instance: JS is single-threaded and writes one context at a time. A `Cell`
    // (taken and put back) rather than a `RefCell`: no borrow flag that could ever fail.
    static INBOX: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    // The context of one-shot evaluations, refilled for each ([`Context::refill`]): after the
    // first calls, a new context costs no allocation.
    static SCRATCH: Cell<Context> = const { Cell::new(Context::new()) };
}

/// Makes the inbox at least `size` bytes long, keeping what it holds, and returns its address
/// (which JS caches: it changes only when the inbox grows).
#[wasm_bindgen(js_name = contextInbox)]
pub fn context_inbox(size: usize) -> usize {
    let mut inbox = INBOX.take();
    if inbox.len() < size {
        inbox.resize(size, 0);
    }
    let address = inbox.as_ptr() as usize;
    INBOX.set(inbox);
    address
}

/// Calls `use_context` with the context JS wrote into the first `len` bytes of the inbox, read
/// into the scratch context.
pub fn with_context<T>(
    len: usize,
    use_context: impl FnOnce(&Context) -> T,
) -> Result<T, ContextError> {
    let mut scratch = SCRATCH.take();
    let inbox = INBOX.take();
    let read = inbox
        .get(..len)
        .ok_or_else(malformed)
        .and_then(|bytes| decode(bytes, &mut scratch));
    INBOX.set(inbox);
    let result = read.map(|()| use_context(&scratch));
    SCRATCH.set(scratch);
    result
}

/// Reads a context from bytes in the inbox format into `context`, replacing its attributes.
pub fn decode(bytes: &[u8], context: &mut Context) -> Result<(), ContextError> {
    let mut reader = Reader { bytes, at: 0 };
    let mut refill = context.refill();
    while reader.at < bytes.len() {
        let tag = reader.tag().ok_or_else(malformed)?;
        // `None`: the name the scratch context has at this position.
        let name = match tag & tag::SAME_NAME {
            0 => Some(reader.str().ok_or_else(malformed)?),
            _ => None,
        };
        match tag & !tag::SAME_NAME {
            tag::STRING => {
                let text = reader.str().ok_or_else(malformed)?;
                match name {
                    Some(name) => refill.set_str(name, text),
                    None => refill.set_str_same_name(text).ok_or_else(malformed)?,
                }
            }
            tag => {
                let value = reader.scalar(tag).ok_or_else(malformed)?;
                match name {
                    Some(name) => refill.set(name, value)?,
                    None => refill.set_same_name(value).ok_or_else(malformed)??,
                }
            }
        }
    }
    Ok(())
}

/// The error for bytes that do not follow the format: only a defect of the JS writer can
/// produce one, but it must not pass unnoticed or trap.
#[cold]
fn malformed() -> ContextError {
    ContextError {
        path: "context".into(),
        message: "malformed context encoding".into(),
    }
}

/// A cursor over inbox bytes; every read is `None` past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    #[inline(always)]
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let bytes = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    #[inline(always)]
    fn tag(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    #[inline(always)]
    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }

    #[inline(always)]
    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// The value of a scalar tag.
    fn scalar(&mut self, tag: u8) -> Option<AttrValue> {
        Some(match tag {
            tag::STRING => AttrValue::string(self.str()?),
            tag::NUMBER => AttrValue::Number(f64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            tag::TRUE => AttrValue::Bool(true),
            tag::FALSE => AttrValue::Bool(false),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, tag};
    use rollgate::{AttrValue, Context};

    /// A string in the format: its `u32` byte length and its bytes.
    fn string(out: &mut Vec<u8>, text: &str) {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }

    /// `{"userId": "u1", "名前": "é😀", "score": -2.5, "beta": true, "off": false}`
    /// in the format, and where each attribute ends.
    fn sample() -> (Vec<u8>, Vec<usize>) {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        out.push(tag::STRING);
        string(&mut out, "userId");
        string(&mut out, "u1");
        ends.push(out.len());
        out.push(tag::STRING);
        string(&mut out, "名前");
        string(&mut out, "é😀");
        ends.push(out.len());
        out.push(tag::NUMBER);
        string(&mut out, "score");
        out.extend_from_slice(&(-2.5f64).to_le_bytes());
        ends.push(out.len());
        out.push(tag::TRUE);
        string(&mut out, "beta");
        ends.push(out.len());
        out.push(tag::FALSE);
        string(&mut out, "off");
        ends.push(out.len());
        (out, ends)
    }

    #[test]
    fn reads_what_the_json_route_reads() {
        let json = r#"{"userId":"u1","名前":"é😀","score":-2.5,"beta":true,"off":false}"#;
        let expected = Context::from_json(json).unwrap();
        // Into a context that held other attributes: none of them is left.
        let mut actual = Context::from_json(r#"{"a":"b","userId":7,"x":[1]}"#).unwrap();
        decode(&sample().0, &mut actual).unwrap();
        let pairs = |c: &Context| -> Vec<(String, AttrValue)> {
            c.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect()
        };
        assert_eq!(pairs(&actual), pairs(&expected));
        decode(&[], &mut actual).unwrap();
        assert_eq!(actual.len(), 0);
    }

    #[test]
    fn malformed_bytes_are_an_error_never_a_panic() {
        let (whole, ends) = sample();
        // Every truncation: an error, but where it ends exactly after an attribute.
        for cut in 1..whole.len() {
            let result = decode(&whole[..cut], &mut Context::new());
            if ends.contains(&cut) {
                assert!(result.is_ok(), "cut at {cut}");
            } else {
                let error = result.unwrap_err();
                assert_eq!(error.path, "context");
                assert_eq!(error.message, "malformed context encoding");
            }
        }
        // An unknown tag (5 was a list's), invalid UTF-8, a length past the end.
        let mut bad_tag = vec![5];
        string(&mut bad_tag, "a");
        let mut utf8 = vec![tag::STRING];
        string(&mut utf8, "a");
        utf8.extend_from_slice(&[1, 0, 0, 0, 0xff]);
        let mut length = vec![tag::STRING];
        length.extend_from_slice(&u32::MAX.to_le_bytes());
        for bytes in [bad_tag, utf8, length] {
            assert!(decode(&bytes, &mut Context::new()).is_err());
        }
    }

    #[test]
    fn names_left_out_are_those_the_scratch_context_has_at_their_position() {
        let mut context = Context::new();
        decode(&sample().0, &mut context).unwrap();
        // userId and 名前 again without their names, then a new name, then one left out
        // after it (which no longer has a position to take its name from).
        let mut out = vec![tag::STRING | tag::SAME_NAME];
        string(&mut out, "u2");
        out.push(tag::NUMBER | tag::SAME_NAME);
        out.extend_from_slice(&7f64.to_le_bytes());
        decode(&out, &mut context).unwrap();
        let pairs: Vec<(String, AttrValue)> = context
            .iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("userId".to_owned(), AttrValue::string("u2")),
                ("名前".to_owned(), AttrValue::Number(7.0)),
            ]
        );
        out.push(tag::TRUE);
        string(&mut out, "beta");
        out.push(tag::FALSE | tag::SAME_NAME);
        let error = decode(&out, &mut context).unwrap_err();
        assert_eq!(error.message, "malformed context encoding");
        // Past the scratch context's last attribute, and in an empty one: malformed too.
        let mut past = Vec::new();
        for _ in 0..3 {
            past.push(tag::TRUE | tag::SAME_NAME);
        }
        decode(&sample().0, &mut context).unwrap();
        assert!(decode(&past, &mut context).is_ok());
        assert!(decode(&[tag::TRUE | tag::SAME_NAME], &mut Context::new()).is_err());
        let mut long = Vec::new();
        for _ in 0..6 {
            long.push(tag::TRUE | tag::SAME_NAME);
        }
        decode(&sample().0, &mut context).unwrap();
        assert!(decode(&long, &mut context).is_err());
        // The core's number rule holds without the name too, naming the attribute.
        decode(&sample().0, &mut context).unwrap();
        let mut nan = vec![tag::NUMBER | tag::SAME_NAME];
        nan.extend_from_slice(&f64::NAN.to_le_bytes());
        assert_eq!(
            decode(&nan, &mut context).unwrap_err().to_string(),
            "context.userId: numbers must be finite, found NaN"
        );
    }

    #[test]
    fn numbers_keep_the_cores_rule() {
        let mut out = vec![tag::NUMBER];
        string(&mut out, "score");
        out.extend_from_slice(&f64::NAN.to_le_bytes());
        let error = decode(&out, &mut Context::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "context.score: numbers must be finite, found NaN"
        );
    }

    #[test]
    fn npm_inbox_ts_has_the_same_tags() {
        let ts = include_str!("../../npm/src/inbox.ts");
        for (name, value) in [
            ("STRING", tag::STRING),
            ("NUMBER", tag::NUMBER),
            ("TRUE", tag::TRUE),
            ("FALSE", tag::FALSE),
            ("SAME_NAME", tag::SAME_NAME),
        ] {
            let line = format!("const {name} = {value};");
            assert!(ts.contains(&line), "npm/src/inbox.ts lacks `{line}`");
        }
    }
}
