//! Character sets as sorted, non-overlapping ranges of `char`s.

/// Inclusive ranges; canonical ones are sorted, and neither overlap nor touch.
pub(super) type Ranges = Vec<(char, char)>;

/// The character after `c` in scalar-value order (skipping the surrogate gap), if any.
fn next_char(c: char) -> Option<char> {
    match c {
        '\u{D7FF}' => Some('\u{E000}'),
        c => char::from_u32(u32::from(c) + 1),
    }
}

/// The character before `c` in scalar-value order, if any.
fn previous_char(c: char) -> Option<char> {
    match c {
        '\u{E000}' => Some('\u{D7FF}'),
        c => u32::from(c).checked_sub(1).and_then(char::from_u32),
    }
}

/// Sorts and merges `ranges` into canonical form (ranges with `start > end` are dropped).
pub(super) fn canonical(ranges: &mut Ranges) {
    ranges.retain(|(start, end)| start <= end);
    crate::sort::sort(ranges);
    let mut merged: Ranges = Vec::with_capacity(ranges.len());
    for &(start, end) in ranges.iter() {
        if let Some(last) = merged.last_mut() {
            // Overlapping or adjacent: extend the previous range.
            if next_char(last.1).map_or(true, |after| start <= after) {
                last.1 = last.1.max(end);
                continue;
            }
        }
        merged.push((start, end));
    }
    *ranges = merged;
}

/// Adds the other case of every ASCII letter in `ranges` (the dialect folds ASCII only).
pub(super) fn ascii_case_fold(ranges: &mut Ranges) {
    let mut added = Vec::new();
    for &(start, end) in ranges.iter() {
        for (from, to, to_lower) in [('a', 'z', false), ('A', 'Z', true)] {
            let (low, high) = (start.max(from), end.min(to));
            if low <= high {
                let other_case = |c: char| {
                    if to_lower {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                };
                added.push((other_case(low), other_case(high)));
            }
        }
    }
    ranges.append(&mut added);
    canonical(ranges);
}

/// Every character not in the canonical `ranges`.
pub(super) fn negate(ranges: &[(char, char)]) -> Ranges {
    let mut negated = Vec::with_capacity(ranges.len() + 1);
    let mut next_start = Some('\0');
    for &(start, end) in ranges {
        if let (Some(from), Some(to)) = (next_start, previous_char(start)) {
            if from <= to {
                negated.push((from, to));
            }
        }
        next_start = next_char(end);
    }
    if let Some(from) = next_start {
        negated.push((from, char::MAX));
    }
    negated
}

/// The ASCII class `[:name:]`, if `name` is one.
pub(super) fn posix_class(name: &str) -> Option<Ranges> {
    let ranges: &[(u8, u8)] = match name {
        "alnum" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')],
        "alpha" => &[(b'A', b'Z'), (b'a', b'z')],
        "ascii" => &[(0, 0x7F)],
        "blank" => &[(b'\t', b'\t'), (b' ', b' ')],
        "cntrl" => &[(0, 0x1F), (0x7F, 0x7F)],
        "digit" => &[(b'0', b'9')],
        "graph" => &[(b'!', b'~')],
        "lower" => &[(b'a', b'z')],
        "print" => &[(b' ', b'~')],
        "punct" => &[(b'!', b'/'), (b':', b'@'), (b'[', b'`'), (b'{', b'~')],
        "space" => &[(b'\t', b'\r'), (b' ', b' ')],
        "upper" => &[(b'A', b'Z')],
        "word" => &[(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')],
        "xdigit" => &[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')],
        _ => return None,
    };
    Some(
        ranges
            .iter()
            .map(|&(start, end)| (char::from(start), char::from(end)))
            .collect(),
    )
}

/// Whether `c` is in the canonical `ranges`.
pub(super) fn contains(ranges: &[(char, char)], c: char) -> bool {
    for &(start, end) in ranges {
        if c < start {
            return false;
        }
        if c <= end {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_merges_overlapping_and_adjacent_ranges() {
        let mut ranges = vec![('d', 'f'), ('a', 'c'), ('x', 'z'), ('e', 'h'), ('z', 'a')];
        canonical(&mut ranges);
        assert_eq!(ranges, vec![('a', 'h'), ('x', 'z')]);
        let mut across_surrogates = vec![('\u{E000}', '\u{E001}'), ('a', '\u{D7FF}')];
        canonical(&mut across_surrogates);
        assert_eq!(across_surrogates, vec![('a', '\u{E001}')]);
    }

    #[test]
    fn negation_covers_everything_else_and_twice_is_identity() {
        let ranges = vec![('\0', 'a'), ('c', 'c'), ('\u{D7FF}', '\u{E000}')];
        let negated = negate(&ranges);
        assert_eq!(
            negated,
            vec![('b', 'b'), ('d', '\u{D7FE}'), ('\u{E001}', char::MAX)]
        );
        assert_eq!(negate(&negated), ranges);
        assert_eq!(negate(&[]), vec![('\0', char::MAX)]);
        assert_eq!(negate(&[('\0', char::MAX)]), vec![]);
    }

    #[test]
    fn case_folding_is_ascii_only() {
        let mut ranges = vec![('X', 'b'), ('é', 'é')];
        ascii_case_fold(&mut ranges);
        assert_eq!(ranges, vec![('A', 'B'), ('X', 'b'), ('x', 'z'), ('é', 'é')]);
        assert!(contains(&ranges, 'y') && contains(&ranges, '_') && !contains(&ranges, 'É'));
    }
}
