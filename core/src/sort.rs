//! One small stable sort for the whole core.
//!
//! The standard library's `sort`/`sort_unstable` are fast but large (driftsort / ipnsort with
//! sorting networks), and they are instantiated again for every element type and comparator:
//! about 4 KB of WASM per call site. The core only sorts at load time (flag keys, object keys
//! when checking duplicates, long string lists, ramp instants), so the browser build uses one
//! merge sort over indices, compiled once, behind a comparator passed as `&mut dyn FnMut`.
//! Only the final, trivial reordering is generic.

/// Sorts `items` stably by `less` (a strict "comes before"), in O(n log n).
pub(crate) fn sort_by<T>(items: &mut Vec<T>, mut less: impl FnMut(&T, &T) -> bool) {
    // Already in order is the common case (flag keys written sorted, one rollout's ramp
    // steps): one pass, and no permutation to build.
    let in_order = items.windows(2).all(|pair| match pair {
        [a, b] => !less(b, a),
        _ => true,
    });
    if in_order {
        return;
    }
    let order = {
        let view: &[T] = items;
        sorted_order(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => less(x, y),
            _ => false,
        })
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `items` stably in ascending order.
pub(crate) fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, |a, b| a < b);
}

/// The permutation that sorts `0..len` stably by `less` on indices: a bottom-up merge sort
/// (runs of up to [`RUN`] sorted by insertion first). Not generic, so compiled once.
fn sorted_order(len: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // Insertion sort of each run: short inputs (the common case: a handful of keys) end here.
    for run in order.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 {
                match (run.get(j - 1).copied(), run.get(j).copied()) {
                    (Some(prev), Some(cur)) if less(cur, prev) => run.swap(j - 1, j),
                    _ => break,
                }
                j -= 1;
            }
        }
    }
    let mut width = RUN;
    let mut buffer: Vec<usize> = Vec::with_capacity(len);
    while width < len {
        buffer.clear();
        for pair in order.chunks(2 * width) {
            let (left, right) = pair.split_at(width.min(pair.len()));
            // Halves already in order (nearly sorted input: a ruleset whose keys are sorted
            // but for one flag) are copied, not merged: one comparison instead of a merge.
            let in_order = match (left.last(), right.first()) {
                (Some(&last), Some(&first)) => !less(first, last),
                _ => true,
            };
            if in_order {
                buffer.extend_from_slice(pair);
                continue;
            }
            // Index loops, not iterator adapters: the size-built WASM calls those.
            let (mut l, mut r) = (0, 0);
            loop {
                match (left.get(l), right.get(r)) {
                    // Take from the right only when strictly less: equal items keep their order.
                    (Some(&a), Some(&b)) => {
                        if less(b, a) {
                            buffer.push(b);
                            r += 1;
                        } else {
                            buffer.push(a);
                            l += 1;
                        }
                    }
                    (Some(_), None) => {
                        buffer.extend_from_slice(left.get(l..).unwrap_or_default());
                        break;
                    }
                    (None, _) => {
                        buffer.extend_from_slice(right.get(r..).unwrap_or_default());
                        break;
                    }
                }
            }
        }
        std::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    order
}

/// Length of the runs sorted by insertion before merging.
const RUN: usize = 8;

#[cfg(test)]
mod tests {
    use super::{sort, sort_by};
    use proptest::prelude::*;

    #[test]
    fn sorts_short_and_empty_inputs() {
        let mut empty: Vec<i64> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![3];
        sort(&mut one);
        assert_eq!(one, [3]);
        let mut few = vec!["b", "c", "a"];
        sort(&mut few);
        assert_eq!(few, ["a", "b", "c"]);
    }

    #[test]
    fn keeps_equal_items_in_order() {
        let mut items: Vec<(u8, usize)> = (0..40).map(|i| ((i * 7 % 3) as u8, i)).collect();
        sort_by(&mut items, |a, b| a.0 < b.0);
        for pair in items.windows(2) {
            assert!(pair[0].0 < pair[1].0 || (pair[0].0 == pair[1].0 && pair[0].1 < pair[1].1));
        }
    }

    #[test]
    fn moves_owned_items() {
        let mut items: Vec<Box<str>> = ["x", "a", "m", "a"].iter().map(|s| Box::from(*s)).collect();
        sort(&mut items);
        assert_eq!(items, ["a", "a", "m", "x"].map(Box::from));
    }

    proptest! {
        #[test]
        fn agrees_with_std_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0 < b.0);
            let mut std = items;
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }
    }
}
