//! JSON text → the borrowed tree ([`Json`]), strictly by RFC 8259.
//!
//! A purpose-built parser instead of serde_json's `Deserializer` (ADR 0009): it writes nodes
//! straight into the arena (members and items gather on two reusable stacks and are copied
//! once, when their object or array closes), borrows every string without escapes from the
//! text, and keeps serde's visitor machinery out of the browser build, where every KB counts.
//!
//! Strict means: no comments, no trailing commas, no leading zeros, no `NaN`, no control
//! characters or lone surrogates in strings, nothing after the value. Errors name what was
//! wrong with a 1-based line and column (in characters).
//!
//! Numbers are exact ([`super::number`]). Object keys get a tag from the caller's [`KeyTags`]
//! as they are read: the loader uses it to find the ruleset format's field names with integer
//! compares.

use super::number::{self, Number};
use super::tree::{Json, Member, Object};
use bumpalo::Bump;
use std::fmt;

/// Gives object keys a small number, their tag ([`Member::tag`]), as the parser reads them.
/// Tag 0 means "no particular key". One implementation per kind of document; the parser
/// calls it through a reference, so there is one parser in the binary whatever the tags.
pub(crate) trait KeyTags {
    /// The tag of a key.
    fn key(&self, key: &str) -> u8;
}

/// Tags every key 0: for documents read by key text (contexts, object values).
pub(crate) struct Untagged;

impl KeyTags for Untagged {
    fn key(&self, _key: &str) -> u8 {
        0
    }
}

/// What a parse needs besides the text: the nesting limit and the key tags.
#[derive(Clone, Copy)]
pub(crate) struct Options<'k> {
    /// Deepest nesting of objects and arrays accepted; deeper is a [`SyntaxError`] with
    /// [`SyntaxError::too_deep`] set.
    pub(crate) max_depth: usize,
    pub(crate) tags: &'k dyn KeyTags,
}

impl Options<'static> {
    /// Options for documents read by key text ([`Untagged`]).
    pub(crate) const fn untagged(max_depth: usize) -> Options<'static> {
        Options {
            max_depth,
            tags: &Untagged,
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    /// What is wrong, e.g. "expected `,` or `}`".
    pub(crate) message: &'static str,
    /// 1-based line of the offending character.
    pub(crate) line: usize,
    /// 1-based column (in characters) of the offending character.
    pub(crate) column: usize,
    /// True when the only problem is nesting deeper than [`Options::max_depth`].
    pub(crate) too_deep: bool,
}

impl SyntaxError {
    /// An error at byte offset `pos` of `bytes`, located by line and column.
    pub(crate) fn at_byte(bytes: &[u8], pos: usize, message: &'static str) -> SyntaxError {
        Fault { message, pos }.locate(bytes)
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Parses one JSON value (surrounded by optional whitespace) into `arena`.
pub(crate) fn parse<'a>(
    text: &'a str,
    arena: &'a Bump,
    options: Options<'_>,
) -> Result<Json<'a>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        arena,
        options,
        frames: Vec::with_capacity(16),
        // Room for typical nesting up front: the stacks are new per parse, and each doubling
        // copies them.
        members: Vec::with_capacity(64),
        items: Vec::with_capacity(64),
        unescaped: String::new(),
    };
    let value = parser.document().and_then(|value| {
        parser.skip_whitespace();
        if parser.pos < parser.bytes.len() {
            return Err(parser.error("trailing characters"));
        }
        Ok(value)
    });
    value.map_err(|fault| fault.locate(text.as_bytes()))
}

struct Parser<'a, 'k> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    arena: &'a Bump,
    options: Options<'k>,
    /// The objects and arrays open at the current position, innermost last.
    frames: Vec<Frame>,
    /// Members of the objects being parsed, innermost last; each object copies its own tail
    /// into the arena when it closes, so no object grows (and wastes) arena space.
    members: Vec<Member<'a>>,
    /// The same for array items.
    items: Vec<Json<'a>>,
    /// Scratch for decoding strings that contain escapes.
    unescaped: String,
}

/// Which kind of container a [`Frame`] is.
#[derive(Clone, Copy)]
enum Container {
    Object,
    Array,
}

/// An open object or array: its kind, and where its members (in [`Parser::members`]) or
/// items (in [`Parser::items`]) start.
#[derive(Clone, Copy)]
struct Frame {
    container: Container,
    first: usize,
}

/// What went wrong at which byte offset; the line and column are worked out only once, when
/// the error leaves [`parse`] (a small error type also keeps every `Result` in the hot path
/// small).
#[derive(Debug)]
struct Fault {
    message: &'static str,
    pos: usize,
}

const TOO_DEEP: &str = "JSON nested too deeply";

impl Fault {
    fn locate(self, bytes: &[u8]) -> SyntaxError {
        let before = bytes.get(..self.pos).unwrap_or(bytes);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        // Count characters, not bytes: UTF-8 continuation bytes do not start a character.
        let column = 1 + before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        SyntaxError {
            message: self.message,
            line,
            column,
            too_deep: self.message == TOO_DEEP,
        }
    }
}

type Parsed<T> = Result<T, Fault>;

impl<'a> Parser<'a, '_> {
    // Forced: the size profile (opt-level z) would otherwise leave these one-liners as calls
    // on every byte; inlined they are also smaller than the call sequences.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace. The check for none (the usual case in compact JSON) is inlined at
    /// every call site; runs of whitespace go to [`Self::skip_whitespace_run`].
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        if let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.skip_whitespace_run();
        }
    }

    fn skip_whitespace_run(&mut self) {
        // A local cursor: this runs over every indentation byte of pretty-printed JSON (44% of
        // the bench fixture's bytes), so runs of spaces are skipped eight bytes at a time.
        let mut pos = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(pos) {
            pos += 1;
            // After a newline comes indentation: count its spaces in one step (a loop exit
            // per run of spaces is a mispredicted branch per line).
            while let Some(word) = self.word_at(pos) {
                let spaces = first_match(word ^ SPACES) / 8;
                pos += spaces;
                if spaces < 8 {
                    break;
                }
            }
        }
        self.pos = pos;
    }

    /// The end of the run of plain string bytes starting at `from`: the position of the first
    /// `"`, `\\` or control character, or the end of the text.
    #[inline(always)]
    fn plain_run_end(&self, from: usize) -> usize {
        // The same scan as [`plain_run_len`], on the parser's cursor: written out here because
        // slicing the text first cost 0.5% more instructions per load.
        let mut pos = from;
        while let Some(word) = self.word_at(pos) {
            let special = first_match(special_bytes(word)) / 8;
            pos += special;
            if special < 8 {
                return pos;
            }
        }
        while let Some(&byte) = self.bytes.get(pos) {
            if is_string_special(byte) {
                break;
            }
            pos += 1;
        }
        pos
    }

    /// The `len` bytes of text at `start`, which sit between ASCII quotes (so both ends are
    /// character boundaries; `""` if they were not).
    #[inline(always)]
    fn text_at(&self, start: usize, len: usize) -> &'a str {
        // Two one-sided slices, not `get(start..start + len)`: LLVM inlines these, where the
        // two-sided slice stayed a call in this large function (2.6% of a load).
        self.text
            .get(start..)
            .and_then(|rest| rest.get(..len))
            .unwrap_or_default()
    }

    /// The eight bytes at `pos` as a little-endian word (the first byte lowest), if there
    /// are eight.
    #[inline(always)]
    fn word_at(&self, pos: usize) -> Option<u64> {
        self.bytes
            .get(pos..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|word| u64::from_le_bytes(*word))
    }

    /// An error at the current position.
    fn error(&self, message: &'static str) -> Fault {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, pos: usize, message: &'static str) -> Fault {
        Fault { message, pos }
    }

    /// The document's one value: a loop over the text with the open objects and arrays on
    /// [`Self::frames`], not a recursive descent.
    ///
    /// Why a loop: recursion cost a call per value (registers saved and restored, and a
    /// 32-byte `Result<Json, _>` returned through memory); this loop takes 5.5% off a whole
    /// load of the 187 KB bench fixture (ADR 0024). The explicit stack also bounds nesting
    /// without using the machine's stack.
    #[inline(never)] // one call per document; kept out of line so profiles name it
    fn document(&mut self) -> Parsed<Json<'a>> {
        'value: loop {
            // A value starts here (the document's, an array item or a member's).
            self.skip_whitespace();
            let mut value = match self.peek() {
                Some(b'{') => {
                    self.open(Container::Object)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.frames.pop();
                        Json::Object(Object::default())
                    } else {
                        self.member_key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.open(Container::Array)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.frames.pop();
                        Json::Array(&[])
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => Json::String(self.string()?),
                Some(b'-' | b'0'..=b'9') => Json::Number(self.number()?),
                Some(b't') => self.literal("true", Json::Bool(true))?,
                Some(b'f') => self.literal("false", Json::Bool(false))?,
                Some(b'n') => self.literal("null", Json::Null)?,
                Some(_) => return Err(self.error("expected value")),
                None => return Err(self.error("EOF while parsing a value")),
            };
            // The value is complete: place it in its container, then read what follows it,
            // closing containers until one continues with another value (or the document ends).
            loop {
                let Some(frame) = self.frames.last() else {
                    return Ok(value);
                };
                let frame = *frame;
                self.skip_whitespace();
                match frame.container {
                    Container::Object => {
                        if let Some(member) = self.members.last_mut() {
                            member.value = value;
                        }
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                self.member_key()?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                self.frames.pop();
                                let members = close(self.arena, &mut self.members, frame.first);
                                value = Json::Object(Object { members });
                            }
                            None => return Err(self.error("EOF while parsing an object")),
                            Some(_) => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                    Container::Array => {
                        self.items.push(value);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b']') {
                                    return Err(self.error("trailing comma"));
                                }
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                self.frames.pop();
                                value =
                                    Json::Array(close(self.arena, &mut self.items, frame.first));
                            }
                            None => return Err(self.error("EOF while parsing a list")),
                            Some(_) => return Err(self.error("expected `,` or `]`")),
                        }
                    }
                }
            }
        }
    }

    /// Opens an object or array at its bracket, refusing to nest deeper than the documented
    /// limit.
    #[inline(always)]
    fn open(&mut self, container: Container) -> Parsed<()> {
        if self.frames.len() >= self.options.max_depth {
            return Err(self.error(TOO_DEEP));
        }
        let first = match container {
            Container::Object => self.members.len(),
            Container::Array => self.items.len(),
        };
        self.frames.push(Frame { container, first });
        self.pos += 1; // the bracket
        Ok(())
    }

    /// An object member's key and the `:` after it, at the current position (after `{` or
    /// `,` and whitespace). The member is pushed with a placeholder value, which the value
    /// replaces when it is complete.
    // Inlined natively (a call per member was +3.7% instructions per load); in the size-built
    // WASM it stays a call: 120 B smaller and no slower in the Node bench.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn member_key(&mut self) -> Parsed<()> {
        match self.peek() {
            Some(b'"') => {}
            // After `{` the empty object was handled, so a `}` here follows a comma.
            Some(b'}') => return Err(self.error("trailing comma")),
            None => return Err(self.error("EOF while parsing an object")),
            Some(_) => return Err(self.error("key must be a string")),
        }
        let (key, tag) = self.key()?;
        self.members.push(Member {
            key,
            tag,
            value: Json::Null,
        });
        // Pretty printers write `": "`; take it in one step before the general case.
        if self.bytes.get(self.pos..self.pos + 2) == Some(b": ") {
            self.pos += 2;
            return Ok(());
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.error("EOF while parsing an object")),
            Some(_) => Err(self.error("expected `:`")),
        }
    }

    /// An object key at the current `"`, and its tag. Keys of up to eight plain bytes
    /// (nearly all of them) are read from one word: the word that finds the closing quote.
    #[inline(always)]
    fn key(&mut self) -> Parsed<(&'a str, u8)> {
        let start = self.pos + 1;
        if let Some(word) = self.word_at(start) {
            let len = first_match(special_bytes(word)) / 8;
            if self.bytes.get(start + len) == Some(&b'"') {
                // `len` is at most 8 here (the quote is inside the word or just after it).
                self.pos = start + len + 1;
                let key = self.text_at(start, len);
                return Ok((key, self.options.tags.key(key)));
            }
        }
        let key = self.string()?;
        Ok((key, self.options.tags.key(key)))
    }

    fn literal(&mut self, word: &'static str, value: Json<'a>) -> Parsed<Json<'a>> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    /// A string at the current `"`: borrowed from the text when it has no escapes (the usual
    /// case), decoded into the arena otherwise. The plain case is kept small enough to inline
    /// into every caller; anything else goes to [`Self::string_slow`].
    #[inline(always)]
    fn string(&mut self) -> Parsed<&'a str> {
        let start = self.pos + 1; // after the opening quote
        let end = self.plain_run_end(start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(self.text_at(start, end - start));
        }
        self.pos = end;
        self.string_slow(start)
    }

    /// The rest of a string that has an escape, a control character or no end, at the current
    /// position: decoded into the arena, or the error [`Self::decode_into`] finds.
    #[cold]
    #[inline(never)]
    fn string_slow(&mut self, start: usize) -> Parsed<&'a str> {
        let mut decoded = std::mem::take(&mut self.unescaped);
        decoded.clear();
        decoded.push_str(self.text.get(start..self.pos).unwrap_or_default());
        let result = self.decode_into(&mut decoded);
        let text = result.map(|()| &*self.arena.alloc_str(&decoded));
        self.unescaped = decoded;
        text
    }

    fn decode_into(&mut self, decoded: &mut String) -> Parsed<()> {
        loop {
            let run_start = self.pos;
            self.pos = self.plain_run_end(run_start);
            // The run ends before an ASCII byte (or at the end), so it is whole characters.
            decoded.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.peek();
                    self.pos += 1;
                    let plain = match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        None => return Err(self.error("EOF while parsing a string")),
                        Some(_) => return Err(self.error_at(self.pos - 1, "invalid escape")),
                    };
                    decoded.push(plain);
                }
                Some(_) => return Err(self.control_character()),
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), joining a UTF-16
    /// surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Parsed<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                None => return Err(self.error("EOF while parsing a string")),
                Some(_) => return Err(self.error("invalid escape")),
            };
            code = code * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(code)
    }

    fn control_character(&self) -> Fault {
        self.error("control character (\\u0000-\\u001F) found while parsing a string")
    }

    /// A number by JSON's grammar, exact ([`number::read`]).
    fn number(&mut self) -> Parsed<Number> {
        let (number, end) = number::read(self.text, self.pos)
            .map_err(|(pos, message)| self.error_at(pos, message))?;
        self.pos = end;
        Ok(number)
    }
}

/// Moves the entries of `stack` from `first` on into the arena: the members of the object or
/// the items of the array that just closed.
#[inline(always)]
fn close<'a, T: Copy>(arena: &'a Bump, stack: &mut Vec<T>, first: usize) -> &'a [T] {
    let closed = arena.alloc_slice_copy(stack.get(first..).unwrap_or_default());
    stack.truncate(first);
    closed
}

const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
const QUOTES: u64 = u64::from_le_bytes([b'"'; 8]);
const BACKSLASHES: u64 = u64::from_le_bytes([b'\\'; 8]);
const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// The number of trailing zero bits of `word` (64 when it is zero). Divided by 8 it is the
/// index of the lowest non-zero byte: with little-endian words, the first byte of the text
/// that matched (8 when none did).
#[inline(always)]
fn first_match(word: u64) -> usize {
    word.trailing_zeros() as usize
}

/// The high bit set in (at least) the lowest zero byte of `word`. Bytes above the first
/// zero byte may be flagged falsely (a borrow), which [`first_match`] never looks at.
#[inline(always)]
fn has_zero_byte(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGH_BITS
}

/// The high bit set in (at least) the lowest byte below 0x20, with the same caveat.
#[inline(always)]
fn has_byte_below_space(word: u64) -> u64 {
    word.wrapping_sub(SPACES) & !word & HIGH_BITS
}

/// The high bit set in (at least) the first `"`, `\\` or control byte of `word`, with the
/// caveat of [`has_zero_byte`].
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    has_zero_byte(word ^ QUOTES) | has_zero_byte(word ^ BACKSLASHES) | has_byte_below_space(word)
}

/// The length of the run of plain string bytes at the start of `bytes`: up to the first `"`,
/// `\\` or control character, or all of them.
#[inline(always)]
pub(crate) fn plain_run_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    // Eight bytes at a time while they last: most ruleset strings end in the first word, so
    // the loop exit is predictable (a byte loop mispredicts once per string).
    while let Some(word) = bytes.get(len..).and_then(<[u8]>::first_chunk::<8>) {
        let special = first_match(special_bytes(u64::from_le_bytes(*word))) / 8;
        len += special;
        if special < 8 {
            return len;
        }
    }
    while let Some(&byte) = bytes.get(len) {
        if is_string_special(byte) {
            break;
        }
        len += 1;
    }
    len
}

/// `"`, `\\` and control characters: the bytes that end a run of plain string text.
#[inline(always)]
fn is_string_special(byte: u8) -> bool {
    STRING_SPECIAL
        .get(usize::from(byte))
        .copied()
        .unwrap_or(true)
}

/// [`is_string_special`] as a table: one load per byte instead of three comparisons.
// Indexing in a constant initializer cannot panic at run time: out of range fails the build.
#[allow(clippy::indexing_slicing)]
static STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    const DEPTH: usize = 128;

    fn options(tags: &dyn KeyTags) -> Options<'_> {
        Options {
            max_depth: DEPTH,
            tags,
        }
    }

    fn parse_plain<'a>(text: &'a str, arena: &'a Bump) -> Result<Json<'a>, SyntaxError> {
        parse(text, arena, options(&Untagged))
    }

    /// The tree as a `serde_json::Value`, to compare with serde_json's own reading (exact:
    /// the dev-dependency has `float_roundtrip`).
    fn to_serde(json: &Json<'_>) -> serde_json::Value {
        use serde_json::Value;
        match *json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Number(Number::Unsigned(n)) => Value::from(n),
            Json::Number(Number::Signed(n)) => Value::from(n),
            Json::Number(Number::Float(f)) => Value::from(f),
            Json::String(s) => Value::from(s),
            Json::Array(items) => items.iter().map(to_serde).collect(),
            Json::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.to_owned(), to_serde(v)))
                    .collect(),
            ),
        }
    }

    fn parsed(text: &str) -> Result<serde_json::Value, String> {
        let arena = Bump::new();
        parse_plain(text, &arena)
            .map(|json| to_serde(&json))
            .map_err(|e| e.to_string())
    }

    /// Integers stay exact up to `u64::MAX` (and `i64::MIN`), and become floats past it.
    #[test]
    fn integers_are_exact_up_to_the_u64_boundary() {
        let arena = Bump::new();
        for (text, expected) in [
            (
                "1844674407370955161",
                Number::Unsigned(1_844_674_407_370_955_161),
            ),
            (
                "18446744073709551609",
                Number::Unsigned(18_446_744_073_709_551_609),
            ),
            ("18446744073709551615", Number::Unsigned(u64::MAX)),
            (
                "18446744073709551616",
                Number::Float(18_446_744_073_709_551_616.0),
            ),
            (
                "10000000000000000000",
                Number::Unsigned(10_000_000_000_000_000_000),
            ),
            ("-9223372036854775808", Number::Signed(i64::MIN)),
            (
                "-9223372036854775809",
                Number::Float(-9_223_372_036_854_775_808.0),
            ),
            ("-10000000000000000000", Number::Float(-1e19)),
        ] {
            assert_eq!(
                parse_plain(text, &arena).unwrap(),
                Json::Number(expected),
                "{text}"
            );
        }
    }

    /// The word-at-a-time scans find a string's end, an escape, a control character or the
    /// end of indentation at every offset around the 8-byte boundaries, next to multi-byte
    /// characters whose bytes are close to the ones searched for.
    #[test]
    fn word_scans_stop_at_every_offset() {
        let specials = [
            "\\\"", "\\\\", "\\n", "\\u00e9", "¢", "é", "日本", "🎉", "\u{7f}",
        ];
        for len in 0..20 {
            for special in specials {
                let text = format!("\"{}{special}{}\"", "a".repeat(len), "b".repeat(len % 5));
                let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(parsed(&text), Ok(expected), "{text}");
            }
            // A raw control character is an error, found wherever it sits.
            let text = format!("\"{}\u{1}x\"", "a".repeat(len));
            assert!(
                parsed(&text).unwrap_err().starts_with("control character"),
                "{text}"
            );
            // Indentation of any width, after a newline or not.
            let indent = " ".repeat(len);
            let text = format!(
                "{{\n{indent}\"k\":{indent}[\n{indent}1,{indent}\t2\r\n{indent}]{indent}}}{indent}"
            );
            assert_eq!(
                parsed(&text),
                Ok(serde_json::json!({"k": [1, 2]})),
                "{text:?}"
            );
        }
    }

    /// Everything serde_json accepts, this parser reads to the same value, numbers included.
    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        let documents = [
            r#"{"a": [1, -2, 3.5, 1e3, -0.25E-2, true, false, null], "b": {"c": "d"}}"#,
            r#""esc\"apes \\ \/ \b\f\n\r\t \u00e9 \u65e5\u672c \ud83d\ude00""#,
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "  [ ]  ",
            "{}",
            r#"{"é": "日本 🎉", "": ""}"#,
            "0.1",
            "123456789012345678901234567890",
            "12.5",
            "33.333",
            "0.000123",
            "1.5e3",
            "2.5E-3",
            "1e22",
            "-7.25",
            "1.0",
            "100.000",
            "9007199254740993.0",
            "3.6703193633380836e+22",
            "1.0E25",
            "5e-324",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "0.30000000000000004",
        ];
        for text in documents {
            let expected: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(parsed(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn integers_stay_exact_and_negative_zero_is_a_float() {
        let arena = Bump::new();
        let number = |text| match parse_plain(text, &arena).unwrap() {
            Json::Number(n) => n,
            other => panic!("{other:?}"),
        };
        assert_eq!(number("18446744073709551615"), Number::Unsigned(u64::MAX));
        assert_eq!(number("-9223372036854775808"), Number::Signed(i64::MIN));
        assert_eq!(number("1.0"), Number::Float(1.0));
        assert!(matches!(number("-0"), Number::Float(z) if z == 0.0 && z.is_sign_negative()));
    }

    #[test]
    fn rejects_what_json_forbids_with_a_position() {
        let cases = [
            ("", "EOF while parsing a value at line 1 column 1"),
            ("[1, 2,]", "trailing comma at line 1 column 7"),
            ("{\"a\": 1,}", "trailing comma at line 1 column 9"),
            ("{\n  \"a\" 1}", "expected `:` at line 2 column 7"),
            ("{\"a\": tru}", "expected value at line 1 column 7"),
            ("[01]", "invalid number at line 1 column 3"),
            ("[1.]", "invalid number at line 1 column 4"),
            ("-", "invalid number at line 1 column 2"),
            ("1e999", "number out of range at line 1 column 1"),
            ("NaN", "expected value at line 1 column 1"),
            ("\"a\tb\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"),
            ("\"\\x\"", "invalid escape at line 1 column 3"),
            ("\"\\ud83d\"", "lone leading surrogate in hex escape at line 1 column 8"),
            ("\"\\ude00\"", "lone trailing surrogate in hex escape at line 1 column 8"),
            ("\"abc", "EOF while parsing a string at line 1 column 5"),
            ("{1: 2}", "key must be a string at line 1 column 2"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{} x", "trailing characters at line 1 column 4"),
            ("// c\n{}", "expected value at line 1 column 1"),
            ("\u{feff}{}", "expected value at line 1 column 1"),
            ("[\"日本\", x]", "expected value at line 1 column 8"),
        ];
        for (text, message) in cases {
            assert_eq!(parsed(text).unwrap_err(), message, "{text:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nesting_is_limited_without_recursing_further() {
        let ok = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
        assert!(parsed(&ok).is_ok());
        let arena = Bump::new();
        let deep = "[".repeat(100_000);
        let error = parse_plain(&deep, &arena).unwrap_err();
        assert!(error.too_deep);
        assert_eq!(error.column, DEPTH + 1);
        // The limit is the caller's.
        let shallow = Options {
            max_depth: 2,
            tags: &Untagged,
        };
        assert!(parse("[[1]]", &arena, shallow).is_ok());
        assert!(parse("[[[1]]]", &arena, shallow).unwrap_err().too_deep);
    }

    /// Objects count towards the nesting limit as arrays do, and a document that closes many
    /// levels at once (`]]}]`) comes back whole.
    #[test]
    fn nested_objects_are_limited_and_close_in_order() {
        let nested = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert!(parsed(&nested(DEPTH)).is_ok());
        let arena = Bump::new();
        let error = parse_plain(&nested(DEPTH + 1), &arena).unwrap_err();
        assert!(error.too_deep);
        assert_eq!(error.column, 5 * DEPTH + 1);
        assert_eq!(
            parsed(r#"[{"a": [[{"b": {}}], []], "c": [{}]}, [[]], {}]"#),
            Ok(serde_json::json!([{"a": [[{"b": {}}], []], "c": [{}]}, [[]], {}]))
        );
    }

    /// Tags the keys of a small list with their 1-based position.
    struct ListTags(&'static [&'static str]);

    impl KeyTags for ListTags {
        fn key(&self, key: &str) -> u8 {
            self.0
                .iter()
                .position(|name| *name == key)
                .map_or(0, |i| i as u8 + 1)
        }
    }

    const NAMES: ListTags = ListTags(&[
        "attr",
        "op",
        "id",
        "revision",
        "variants",
        "offVariant",
        "prerequisites",
        "description",
    ]);

    #[test]
    fn keys_get_the_tag_of_their_text() {
        // Every path that reads a key: one word (short keys, with room for eight bytes or
        // not, near the end of the text), eight-byte keys, longer keys and escaped keys.
        let others = ["flag-000", "attrs", "Attr", "a", "", "é", "日本", "x-owner"];
        let keys = NAMES.0.iter().chain(&others);
        for &key in keys {
            let escaped = match key.chars().next() {
                Some(c) if c.is_ascii() => format!("\\u{:04x}{}", c as u32, &key[1..]),
                _ => key.to_owned(),
            };
            for text in [
                format!(r#"{{"{key}":1}}"#),
                format!(r#"{{"{key}": 1, "b": 2}}"#),
                format!(r#"{{"{escaped}":1}}"#),
                format!(r#"{{"b":1,"{key}":1}}"#),
            ] {
                let arena = Bump::new();
                let Json::Object(object) = parse(&text, &arena, options(&NAMES)).unwrap() else {
                    panic!("not an object: {text}");
                };
                for member in object.members {
                    assert_eq!(member.tag, NAMES.key(member.key), "{text}");
                }
                assert!(object.keys().any(|k| k == key), "{text}");
            }
        }
        let arena = Bump::new();
        let Json::Object(object) = parse(
            r#"{"attr":"x","variants":{},"other":1}"#,
            &arena,
            options(&NAMES),
        )
        .unwrap() else {
            panic!("not an object");
        };
        let tags: Vec<u8> = object.members.iter().map(|m| m.tag).collect();
        assert_eq!(tags, [1, 5, 0]);
        assert_eq!(object.get_tagged(5), Some(&Json::Object(Object::default())));
        assert_eq!(object.tag_bits(), 1 << 1 | 1 << 5 | 1);
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_loader_to_report() {
        let arena = Bump::new();
        let Json::Object(object) = parse_plain(r#"{"a": 1, "a": 2}"#, &arena).unwrap() else {
            panic!("not an object");
        };
        assert_eq!(object.len(), 2);
    }

    use proptest::prelude::*;

    /// Any JSON value: integers of every size, any finite double, strings from all of
    /// Unicode.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let number = prop_oneof![
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>()
                .prop_map(f64::from_bits)
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number,
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// serde_json's compact and pretty printings both read back to the same value.
        #[test]
        fn reads_back_what_serde_json_prints(value in json_value()) {
            let compact = serde_json::to_string(&value).unwrap();
            prop_assert_eq!(parsed(&compact).unwrap(), value.clone());
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            prop_assert_eq!(parsed(&pretty).unwrap(), value);
        }

        /// Every key carries the tag of its text, whichever path read it: tagged names,
        /// near misses, and any text (escapes, non-ASCII), compact and pretty-printed.
        #[test]
        fn keys_carry_the_tag_of_their_text(keys in prop::collection::vec(prop_oneof![
            prop::sample::select(NAMES.0.to_vec()).prop_map(str::to_owned),
            prop::sample::select(vec!["attrs", "Op", "x", "variant", "revisions"])
                .prop_map(str::to_owned),
            "[a-zA-Z\"\\\\\u{1}é]{0,10}",
            any::<String>(),
        ], 0..8)) {
            let object: serde_json::Map<String, serde_json::Value> =
                keys.into_iter().map(|k| (k, serde_json::Value::from(1))).collect();
            for text in [
                serde_json::to_string(&object).unwrap(),
                serde_json::to_string_pretty(&object).unwrap(),
            ] {
                let arena = Bump::new();
                let Ok(Json::Object(parsed)) = parse(&text, &arena, options(&NAMES)) else {
                    return Err(TestCaseError::fail(format!("not an object: {text}")));
                };
                prop_assert_eq!(parsed.len(), object.len());
                for member in parsed.members {
                    prop_assert_eq!(member.tag, NAMES.key(member.key), "{}", text);
                }
            }
        }

        /// Any text at all: an error with a position inside the text, or a value; never a panic.
        #[test]
        fn any_text_is_a_value_or_a_located_error(text in "\\PC{0,64}|[\\[\\]{}\",:0-9eE.+\\-tfnul \\\\]{0,64}") {
            let arena = Bump::new();
            if let Err(error) = parse_plain(&text, &arena) {
                prop_assert!(error.line >= 1 && error.column >= 1);
                prop_assert!(error.line <= text.lines().count().max(1) + 1);
            }
        }
    }
}
