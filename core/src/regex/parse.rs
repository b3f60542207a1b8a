//! Pattern text → [`Node`] tree, by the dialect documented in docs/format.md: the syntax of
//! the `regex-lite` crate, which stays the dialect's reference (ADR 0013). Every decision here
//! (what is accepted, what is an error, how flags, verbose mode and case folding work, how deep
//! a pattern may nest) follows that crate's behaviour, and `differential_tests.rs` checks the
//! two agree on generated patterns.

use super::class::{ascii_case_fold, canonical, negate, posix_class, Ranges};
use super::Look;

/// How deep groups and repetitions may nest (the dialect's limit).
const NEST_LIMIT: u32 = 50;

/// A parsed pattern. Nodes mirror the dialect's own simplifications (a repetition `{1}` is its
/// operand, a concatenation of one item is that item), because its nesting limit counts them.
#[derive(Debug)]
pub(super) enum Node {
    /// Matches the empty string.
    Empty,
    /// One character.
    Char(char),
    /// One character in any of the ranges (none: matches nothing).
    Class(Ranges),
    /// An empty-width assertion.
    Look(Look),
    /// `sub` at least `min` and at most `max` (`None`: unbounded) times.
    Repeat {
        sub: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    /// A capturing group (only its nesting matters: matching never reports captures).
    Group(Box<Node>),
    /// Items in sequence.
    Concat(Vec<Node>),
    /// Any one of the branches.
    Alternation(Vec<Node>),
}

impl Node {
    fn concat(mut items: Vec<Node>) -> Node {
        match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        }
    }

    fn alternation(mut branches: Vec<Node>) -> Node {
        match branches.len() {
            0 => Node::Class(Vec::new()),
            1 => branches.pop().unwrap_or(Node::Empty),
            _ => Node::Alternation(branches),
        }
    }

    fn repeat(sub: Node, min: u32, max: Option<u32>) -> Node {
        match (min, max) {
            (0, Some(0)) => Node::Empty,
            (1, Some(1)) => sub,
            _ => Node::Repeat {
                sub: Box::new(sub),
                min,
                max,
            },
        }
    }

    fn class(mut ranges: Ranges, fold: bool, negated: bool) -> Node {
        canonical(&mut ranges);
        if fold {
            ascii_case_fold(&mut ranges);
        }
        if negated {
            ranges = negate(&ranges);
        }
        Node::Class(ranges)
    }
}

/// The inline flags in force.
#[derive(Clone, Copy, Default)]
struct Flags {
    case_insensitive: bool,
    multi_line: bool,
    dot_all: bool,
    crlf: bool,
    verbose: bool,
}

/// Parses `pattern`, or says what is wrong with it.
pub(super) fn parse(pattern: &str) -> Result<Node, &'static str> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        depth: 0,
        flags: Flags::default(),
        group_names: Vec::new(),
    };
    let node = parser.alternation()?;
    check_nesting(&node, 0)?;
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: u32,
    flags: Flags,
    group_names: Vec<String>,
}

impl Parser {
    fn current(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn is_done(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Moves past the current character; false when that leaves nothing to read.
    fn bump(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        self.pos += 1;
        !self.is_done()
    }

    /// In verbose mode, skips whitespace and `#` comments (up to and including a newline).
    fn skip_space(&mut self) {
        if !self.flags.verbose {
            return;
        }
        while let Some(c) = self.current() {
            if c.is_whitespace() {
                self.pos += 1;
            } else if c == '#' {
                self.pos += 1;
                while let Some(c) = self.current() {
                    self.pos += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn bump_and_skip_space(&mut self) -> bool {
        if !self.bump() {
            return false;
        }
        self.skip_space();
        !self.is_done()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos + 1).copied()
    }

    /// The next character after the current one, past whitespace in verbose mode. This is how
    /// the dialect decides whether `-` in a class starts a range, quirks included: a `#` is
    /// skipped but the comment's first other character is returned, and with nothing else
    /// left the very next character is.
    fn peek_past_space(&self) -> Option<char> {
        if !self.flags.verbose {
            return self.peek();
        }
        let mut in_comment = false;
        for &c in self.chars.get(self.pos + 1..).unwrap_or_default() {
            if c.is_whitespace() {
                continue;
            }
            if !in_comment && c == '#' {
                in_comment = true;
                continue;
            }
            return Some(c);
        }
        self.peek()
    }

    /// The pattern text from `start` up to the current position.
    fn text_from(&self, start: usize) -> String {
        self.chars
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// Moves past `prefix` if the text continues with it.
    fn bump_if(&mut self, prefix: &str) -> bool {
        let mut at = self.pos;
        for expected in prefix.chars() {
            if self.chars.get(at) != Some(&expected) {
                return false;
            }
            at += 1;
        }
        self.pos = at;
        true
    }

    /// Branches separated by `|`, up to the end of the pattern or the `)` of the group.
    fn alternation(&mut self) -> Result<Node, &'static str> {
        let depth = self.depth;
        if depth > NEST_LIMIT {
            return Err(TOO_DEEP);
        }
        self.depth += 1;
        let mut branches = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        loop {
            self.skip_space();
            let Some(c) = self.current() else { break };
            match c {
                '(' => {
                    let outer_flags = self.flags;
                    if let Some(group) = self.group()? {
                        items.push(group);
                        // A flag directive `(?i)` stays in force to the end of the enclosing
                        // group; a group's own flags end with it.
                        self.flags = outer_flags;
                    }
                    if self.current() != Some(')') {
                        return Err("a group is not closed with `)`");
                    }
                    self.bump();
                }
                ')' => {
                    if depth == 0 {
                        return Err("`)` without a matching `(`");
                    }
                    break;
                }
                '|' => {
                    branches.push(Node::concat(std::mem::take(&mut items)));
                    self.bump();
                }
                '[' => items.push(self.class()?),
                '?' | '*' | '+' => {
                    let sub = items.pop().ok_or(NOTHING_TO_REPEAT)?;
                    let (min, max) = match c {
                        '?' => (0, Some(1)),
                        '*' => (0, None),
                        _ => (1, None),
                    };
                    // A lazy `?` suffix changes which match is found, never whether one is.
                    if self.bump() && self.current() == Some('?') {
                        self.bump();
                    }
                    items.push(Node::repeat(sub, min, max));
                }
                '{' => {
                    let sub = items.pop().ok_or(NOTHING_TO_REPEAT)?;
                    let (min, max) = self.counted_repetition()?;
                    items.push(Node::repeat(sub, min, max));
                }
                _ => items.push(self.primitive()?),
            }
        }
        self.depth -= 1;
        branches.push(Node::concat(items));
        Ok(Node::alternation(branches))
    }

    /// `{n}`, `{n,}` or `{n,m}` (and a lazy `?`), at the `{`.
    fn counted_repetition(&mut self) -> Result<(u32, Option<u32>), &'static str> {
        if !self.bump_and_skip_space() {
            return Err(UNCLOSED_REPETITION);
        }
        let min = self.decimal()?;
        let mut max = Some(min);
        if self.is_done() {
            return Err(UNCLOSED_REPETITION);
        }
        if self.current() == Some(',') {
            if !self.bump_and_skip_space() {
                return Err(UNCLOSED_REPETITION);
            }
            max = if self.current() == Some('}') {
                None
            } else {
                Some(self.decimal()?)
            };
            if self.is_done() {
                return Err(UNCLOSED_REPETITION);
            }
        }
        if self.current() != Some('}') {
            return Err("a counted repetition must look like {n}, {n,} or {n,m}");
        }
        if self.bump_and_skip_space() && self.current() == Some('?') {
            self.bump();
        }
        if max.is_some_and(|max| min > max) {
            return Err("a counted repetition {n,m} needs n <= m");
        }
        Ok((min, max))
    }

    /// A decimal number in a counted repetition; whitespace around it is allowed in any mode.
    fn decimal(&mut self) -> Result<u32, &'static str> {
        while self.current().is_some_and(char::is_whitespace) {
            self.bump();
        }
        let mut value: Option<u32> = Some(0);
        let mut digits = 0;
        while let Some(digit) = self.current().and_then(|c| c.to_digit(10)) {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(digit));
            digits += 1;
            self.bump_and_skip_space();
        }
        while self.current().is_some_and(char::is_whitespace) {
            self.bump_and_skip_space();
        }
        if digits == 0 {
            return Err("a counted repetition needs a number");
        }
        value.ok_or("a repetition count is too large")
    }

    /// A group at its `(`: `None` for a flag directive such as `(?i)`.
    fn group(&mut self) -> Result<Option<Node>, &'static str> {
        self.bump_and_skip_space();
        if self.bump_if("?=") || self.bump_if("?!") || self.bump_if("?<=") || self.bump_if("?<!") {
            return Err("look-ahead and look-behind are not supported");
        }
        if self.bump_if("?P<") || self.bump_if("?<") {
            self.group_name()?;
            return Ok(Some(Node::Group(Box::new(self.alternation()?))));
        }
        if self.bump_if("?") {
            if self.is_done() {
                return Err("a group is not closed with `)`");
            }
            let start = self.pos;
            self.flags = self.flag_directive()?;
            if self.current() == Some(')') {
                if self.pos == start {
                    return Err("an empty flag group `(?)` is not allowed");
                }
                return Ok(None);
            }
            // flag_directive stops only at `:` or `)`.
            self.bump();
            return self.alternation().map(Some);
        }
        Ok(Some(Node::Group(Box::new(self.alternation()?))))
    }

    /// The name of a named group, after its `<`, through its `>`.
    fn group_name(&mut self) -> Result<(), &'static str> {
        if self.is_done() {
            return Err("a group name is missing");
        }
        let start = self.pos;
        while let Some(c) = self.current() {
            if c == '>' {
                break;
            }
            let first = self.pos == start;
            let allowed = if first {
                c == '_' || c.is_alphabetic()
            } else {
                c == '_' || c == '.' || c == '[' || c == ']' || c.is_alphanumeric()
            };
            if !allowed {
                return Err("a group name may only have letters, digits, `_`, `.`, `[` and `]`, and must start with a letter or `_`");
            }
            self.pos += 1;
        }
        if self.is_done() {
            return Err("a group name is not closed with `>`");
        }
        let name = self.text_from(start);
        self.bump();
        if name.is_empty() {
            return Err("a group name is empty");
        }
        if self.group_names.contains(&name) {
            return Err("two groups have the same name");
        }
        self.group_names.push(name);
        Ok(())
    }

    /// Flags such as `i-s` after `(?`, up to `:` or `)`.
    fn flag_directive(&mut self) -> Result<Flags, &'static str> {
        let mut flags = self.flags;
        let mut negate = false;
        let mut last_was_negation = false;
        let mut seen: Vec<char> = Vec::new();
        loop {
            let c = self.current().ok_or(UNCLOSED_FLAGS)?;
            if c == ':' || c == ')' {
                break;
            }
            if c == '-' {
                if negate {
                    return Err("a flag group may negate only once");
                }
                negate = true;
                last_was_negation = true;
            } else {
                last_was_negation = false;
                let on = !negate;
                match c {
                    'i' => flags.case_insensitive = on,
                    'm' => flags.multi_line = on,
                    's' => flags.dot_all = on,
                    'R' => flags.crlf = on,
                    'x' => flags.verbose = on,
                    // Greediness does not change whether a pattern matches; `u` is a no-op.
                    'U' | 'u' => {}
                    _ => return Err("unknown flag (known: i, m, s, R, U, x)"),
                }
                if seen.contains(&c) {
                    return Err("a flag appears twice in one group");
                }
                seen.push(c);
            }
            if !self.bump() {
                return Err(UNCLOSED_FLAGS);
            }
        }
        if last_was_negation {
            return Err("`-` in a flag group must be followed by a flag");
        }
        Ok(flags)
    }

    /// A single-character item: a literal, `.`, `^`, `$` or an escape.
    fn primitive(&mut self) -> Result<Node, &'static str> {
        let c = self.current().ok_or(UNEXPECTED_END)?;
        self.bump();
        Ok(match c {
            '\\' => self.escape()?,
            '.' => {
                let ranges = if self.flags.dot_all {
                    vec![('\0', char::MAX)]
                } else if self.flags.crlf {
                    vec![('\0', '\x09'), ('\x0B', '\x0C'), ('\x0E', char::MAX)]
                } else {
                    vec![('\0', '\x09'), ('\x0B', char::MAX)]
                };
                Node::Class(ranges)
            }
            '^' => Node::Look(match (self.flags.multi_line, self.flags.crlf) {
                (false, _) => Look::Start,
                (true, false) => Look::StartLine,
                (true, true) => Look::StartLineCrlf,
            }),
            '$' => Node::Look(match (self.flags.multi_line, self.flags.crlf) {
                (false, _) => Look::End,
                (true, false) => Look::EndLine,
                (true, true) => Look::EndLineCrlf,
            }),
            c => self.literal(c),
        })
    }

    /// A literal character, both cases of an ASCII letter when case-insensitive.
    fn literal(&self, c: char) -> Node {
        if self.flags.case_insensitive && c.is_ascii_alphabetic() {
            Node::class(vec![(c, c)], true, false)
        } else {
            Node::Char(c)
        }
    }

    /// An escape sequence, just after its `\`.
    fn escape(&mut self) -> Result<Node, &'static str> {
        let c = self.current().ok_or("a pattern cannot end with `\\`")?;
        match c {
            '0'..='9' => return Err("backreferences are not supported"),
            'p' | 'P' => return Err("Unicode classes (\\p, \\P) are not supported"),
            'x' | 'u' | 'U' => return self.hex(),
            'd' | 's' | 'w' | 'D' | 'S' | 'W' => {
                self.bump();
                let name = match c.to_ascii_lowercase() {
                    'd' => "digit",
                    's' => "space",
                    _ => "word",
                };
                let ranges = posix_class(name).unwrap_or_default();
                return Ok(Node::class(ranges, false, c.is_ascii_uppercase()));
            }
            _ => {}
        }
        self.bump();
        if is_escapable(c) {
            return Ok(self.literal(c));
        }
        Ok(match c {
            'a' => self.literal('\x07'),
            'f' => self.literal('\x0C'),
            't' => self.literal('\t'),
            'n' => self.literal('\n'),
            'r' => self.literal('\r'),
            'v' => self.literal('\x0B'),
            'A' => Node::Look(Look::Start),
            'z' => Node::Look(Look::End),
            'b' => {
                if self.current() == Some('{') {
                    if let Some(look) = self.special_word_boundary()? {
                        return Ok(Node::Look(look));
                    }
                }
                Node::Look(Look::WordBoundary)
            }
            'B' => Node::Look(Look::NotWordBoundary),
            '<' => Node::Look(Look::WordStart),
            '>' => Node::Look(Look::WordEnd),
            _ => return Err("unknown escape sequence"),
        })
    }

    /// `{start}`, `{end}`, `{start-half}` or `{end-half}` after `\b`; `None` (and back at the
    /// `{`) when it is a counted repetition of `\b` instead, such as `\b{2}`.
    fn special_word_boundary(&mut self) -> Result<Option<Look>, &'static str> {
        let is_name_char = |c: char| c.is_ascii_alphabetic() || c == '-';
        let start = self.pos;
        if !self.bump_and_skip_space() {
            return Err("`\\b{` is not closed");
        }
        if !self.current().is_some_and(is_name_char) {
            self.pos = start;
            return Ok(None);
        }
        let mut name = String::new();
        while let Some(c) = self.current().filter(|&c| is_name_char(c)) {
            name.push(c);
            self.bump_and_skip_space();
        }
        if self.current() != Some('}') {
            return Err("`\\b{` is not closed");
        }
        self.bump();
        Ok(Some(match name.as_str() {
            "start" => Look::WordStart,
            "end" => Look::WordEnd,
            "start-half" => Look::WordStartHalf,
            "end-half" => Look::WordEndHalf,
            _ => return Err("unknown word boundary (known: start, end, start-half, end-half)"),
        }))
    }

    /// `\x7F`, `\u007F`, `\U0000007F` or the braced `\x{...}` forms, at the `x`/`u`/`U`.
    fn hex(&mut self) -> Result<Node, &'static str> {
        let digits = match self.current() {
            Some('x') => 2,
            Some('u') => 4,
            _ => 8,
        };
        if !self.bump_and_skip_space() {
            return Err(INCOMPLETE_HEX);
        }
        let mut value: u32 = 0;
        if self.current() == Some('{') {
            let mut count = 0;
            loop {
                if !self.bump_and_skip_space() {
                    return Err(INCOMPLETE_HEX);
                }
                let c = self.current().ok_or(INCOMPLETE_HEX)?;
                if c == '}' {
                    break;
                }
                let digit = c.to_digit(16).ok_or(INVALID_HEX)?;
                // Eight digits already exceed every code point; stop growing the value.
                value = value.saturating_mul(16).saturating_add(digit);
                count += 1;
            }
            self.bump_and_skip_space();
            if count == 0 {
                return Err("`{}` needs at least one hexadecimal digit");
            }
        } else {
            for i in 0..digits {
                if i > 0 && !self.bump_and_skip_space() {
                    return Err(INCOMPLETE_HEX);
                }
                let digit = self
                    .current()
                    .and_then(|c| c.to_digit(16))
                    .ok_or(INVALID_HEX)?;
                value = value.saturating_mul(16).saturating_add(digit);
            }
            self.bump_and_skip_space();
        }
        let c =
            char::from_u32(value).ok_or("a hexadecimal escape must name a Unicode scalar value")?;
        Ok(self.literal(c))
    }

    /// A bracketed class at its `[`.
    fn class(&mut self) -> Result<Node, &'static str> {
        let mut ranges: Ranges = Vec::new();
        if !self.bump_and_skip_space() {
            return Err(UNCLOSED_CLASS);
        }
        let negated = self.current() == Some('^');
        if negated && !self.bump_and_skip_space() {
            return Err(UNCLOSED_CLASS);
        }
        while self.current() == Some('-') {
            ranges.push(('-', '-'));
            if !self.bump_and_skip_space() {
                return Err(UNCLOSED_CLASS);
            }
        }
        if ranges.is_empty() && self.current() == Some(']') {
            ranges.push((']', ']'));
            if !self.bump_and_skip_space() {
                return Err(UNCLOSED_CLASS);
            }
        }
        loop {
            self.skip_space();
            let c = self.current().ok_or(UNCLOSED_CLASS)?;
            match (c, self.peek()) {
                ('[', _) => match self.posix_class_item() {
                    Some(mut class) => ranges.append(&mut class),
                    None => return Err("nested classes are not supported"),
                },
                (']', _) => {
                    self.bump();
                    return Ok(Node::class(ranges, self.flags.case_insensitive, negated));
                }
                ('&', Some('&')) | ('-', Some('-')) | ('~', Some('~')) => {
                    return Err("class set operations (&&, --, ~~) are not supported")
                }
                _ => self.class_range(&mut ranges)?,
            }
        }
    }

    /// One item of a class, or a range `a-z` of two.
    fn class_range(&mut self, ranges: &mut Ranges) -> Result<(), &'static str> {
        let first = self.class_item()?;
        self.skip_space();
        if self.is_done() {
            return Err(UNCLOSED_CLASS);
        }
        let next = self.peek_past_space();
        if self.current() != Some('-') || next == Some(']') || next == Some('-') {
            match first {
                Node::Char(c) => ranges.push((c, c)),
                Node::Class(mut class) => ranges.append(&mut class),
                _ => return Err(CLASS_ITEM),
            }
            return Ok(());
        }
        if !self.bump_and_skip_space() {
            return Err(UNCLOSED_CLASS);
        }
        let last = self.class_item()?;
        let (Node::Char(start), Node::Char(end)) = (first, last) else {
            return Err("a class range must be between two single characters");
        };
        if start > end {
            return Err("a class range must go from the lower to the higher character");
        }
        ranges.push((start, end));
        Ok(())
    }

    fn class_item(&mut self) -> Result<Node, &'static str> {
        let c = self.current().ok_or(UNCLOSED_CLASS)?;
        self.bump();
        if c == '\\' {
            self.escape()
        } else {
            Ok(Node::Char(c))
        }
    }

    /// `[:alpha:]` or `[:^alpha:]` at its `[`; `None` (and back at the `[`) otherwise.
    fn posix_class_item(&mut self) -> Option<Ranges> {
        let start = self.pos;
        let class = self.posix_class_item_inner();
        if class.is_none() {
            self.pos = start;
        }
        class
    }

    fn posix_class_item_inner(&mut self) -> Option<Ranges> {
        if !self.bump() || self.current() != Some(':') || !self.bump() {
            return None;
        }
        let negated = self.current() == Some('^');
        if negated && !self.bump() {
            return None;
        }
        let name_start = self.pos;
        while self.current() != Some(':') && self.bump() {}
        if self.is_done() {
            return None;
        }
        let name = self.text_from(name_start);
        if !self.bump_if(":]") {
            return None;
        }
        let mut ranges = posix_class(&name)?;
        canonical(&mut ranges);
        Some(if negated { negate(&ranges) } else { ranges })
    }
}

/// ASCII characters other than letters, digits, `<` and `>` may be escaped to mean themselves
/// (letters and digits are reserved for escape sequences).
fn is_escapable(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric() && c != '<' && c != '>'
}

/// Rejects trees nested deeper than [`NEST_LIMIT`] (the parser's own check cannot see
/// stacked repetitions such as `a**`).
fn check_nesting(node: &Node, depth: u32) -> Result<(), &'static str> {
    if depth > NEST_LIMIT {
        return Err(TOO_DEEP);
    }
    match node {
        Node::Empty | Node::Char(_) | Node::Class(_) | Node::Look(_) => Ok(()),
        Node::Repeat { sub, .. } | Node::Group(sub) => check_nesting(sub, depth + 1),
        Node::Concat(items) | Node::Alternation(items) => {
            for item in items {
                check_nesting(item, depth + 1)?;
            }
            Ok(())
        }
    }
}

const TOO_DEEP: &str = "the pattern nests groups or repetitions more than 50 deep";
const NOTHING_TO_REPEAT: &str = "a repetition operator has nothing to repeat";
const UNCLOSED_REPETITION: &str = "a counted repetition is not closed with `}`";
const UNCLOSED_FLAGS: &str = "a flag group is not closed with `)`";
const UNEXPECTED_END: &str = "unexpected end of the pattern";
const INCOMPLETE_HEX: &str = "a hexadecimal escape is incomplete";
const INVALID_HEX: &str = "a hexadecimal escape has a character that is not a hexadecimal digit";
const UNCLOSED_CLASS: &str = "a character class is not closed with `]`";
const CLASS_ITEM: &str = "only characters and character classes can appear in `[...]`";
