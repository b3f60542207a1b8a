//! [`Ruleset`]: a validated, compiled snapshot of flags, and evaluation over it.

use crate::context::{attr_hash, Context};
use crate::definition::DefinitionHashes;
use crate::eval::{evaluate_flag, evaluate_flag_inline, Memo, NoMemo, NoTrace};
use crate::explain::{ExplainTracer, Explanation};
use crate::json::same_text;
use crate::model::{Action, Flag, FlagMetadata, Leaf, Percent, Segment};
use crate::overrides::Overrides;
use crate::problem::LoadError;
use crate::result::{ErrorCode, Evaluation};
use crate::value::{FlagType, FlagValue};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// A compiled ruleset. Immutable: updates build a new one (see [`Engine`](crate::Engine)).
///
/// Evaluation borrows from it and allocates nothing.
#[derive(Clone, Debug)]
pub struct Ruleset {
    /// The compiled flags. Shared: an engine's local overrides make a new `Ruleset` around the
    /// same compiled flags instead of copying them.
    compiled: Arc<Compiled>,
    /// The engine's local overrides (`overrides.rs`); none in a freshly loaded ruleset.
    pub(crate) overrides: Overrides,
}

/// What a ruleset compiles to; a [`Ruleset`] reads as one (`Deref`). Public only to be the
/// `Deref` target: its module is private, so nothing outside the crate can name it.
#[derive(Debug)]
pub struct Compiled {
    revision: u64,
    pub(crate) flags: Vec<Flag>,
    index: KeyIndex,
    pub(crate) segments: Vec<Segment>,
    /// Every distinct attribute test; conditions refer to them by index.
    pub(crate) leaves: Vec<Leaf>,
    /// Instants (epoch ms) when a ramp step starts, sorted: results may change then.
    change_times: Vec<i64>,
    /// Hashes of the flag and segment definitions, taken on the first `changed_flags`.
    definitions: OnceLock<DefinitionHashes>,
}

impl Deref for Ruleset {
    type Target = Compiled;

    #[inline(always)]
    fn deref(&self) -> &Compiled {
        &self.compiled
    }
}

/// Read-only facts about one flag.
#[derive(Clone, Copy, Debug)]
pub struct FlagInfo<'r> {
    flag: &'r Flag,
}

impl<'r> FlagInfo<'r> {
    /// The flag key.
    pub fn key(&self) -> &'r str {
        &self.flag.key
    }
    /// The declared value type.
    pub fn flag_type(&self) -> FlagType {
        self.flag.flag_type
    }
    /// Whether the flag is enabled (false: kill switch on).
    pub fn enabled(&self) -> bool {
        self.flag.enabled
    }
    /// Variant names and values.
    pub fn variants(&self) -> impl Iterator<Item = (&'r str, &'r FlagValue)> {
        self.flag.variants.iter().map(|v| (&*v.name, &v.value))
    }
    /// The metadata object.
    pub fn metadata(&self) -> &'r FlagMetadata {
        &self.flag.metadata
    }
    /// The flag's position in key order.
    pub fn index(&self) -> usize {
        self.flag.index
    }
    /// Rule ids, in evaluation order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &'r str> {
        self.flag.rules.iter().map(|r| &*r.id)
    }
}

impl Ruleset {
    pub(crate) fn new(
        revision: u64,
        flags: Vec<Flag>,
        segments: Vec<Segment>,
        leaves: Vec<Leaf>,
    ) -> Ruleset {
        let index = KeyIndex::new(&flags);
        let mut change_times: Vec<i64> = flags
            .iter()
            .flat_map(|flag| &flag.rules)
            .filter_map(|rule| match &rule.action {
                Action::Rollout(rollout) => match &rollout.percent {
                    Percent::Ramp(steps) => Some(steps.iter().map(|(at, _)| *at)),
                    Percent::Fixed(_) => None,
                },
                _ => None,
            })
            .flatten()
            .collect();
        crate::sort::sort(&mut change_times);
        change_times.dedup();
        Ruleset {
            compiled: Arc::new(Compiled {
                revision,
                flags,
                index,
                segments,
                leaves,
                change_times,
                definitions: OnceLock::new(),
            }),
            overrides: Overrides::default(),
        }
    }

    /// The definition hashes of every flag and segment (computed once, on first use).
    pub(crate) fn definitions(&self) -> &DefinitionHashes {
        self.definitions.get_or_init(|| DefinitionHashes::of(self))
    }

    /// A ruleset with no flags, revision 0: what an engine holds before its first snapshot.
    pub fn empty() -> Ruleset {
        Ruleset::new(0, Vec::new(), Vec::new(), Vec::new())
    }

    /// Parses, validates and compiles a ruleset from JSON text, reporting every problem.
    pub fn from_json(text: &str) -> Result<Ruleset, LoadError> {
        crate::compile::compile_text(text)
    }

    /// The same from the raw bytes of a JSON document (as fetched or read from a file): invalid
    /// UTF-8 is a syntax problem with its line and column. Bindings whose host holds bytes use
    /// this to skip a transcoding pass.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Ruleset, LoadError> {
        crate::compile::compile_bytes(bytes)
    }

    /// Validates and compiles an already-parsed document (e.g. converted from YAML). Its
    /// numbers are what serde_json read: exact with serde_json's `float_roundtrip` feature.
    #[cfg(feature = "serde")]
    pub fn from_value(document: &serde_json::Value) -> Result<Ruleset, LoadError> {
        crate::compile::compile_value(document)
    }

    /// The snapshot's revision; updates never go backwards.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Number of flags.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// True when there are no flags.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Flag keys in sorted order (the order of `evaluate_all`).
    pub fn flag_keys(&self) -> impl Iterator<Item = &str> {
        self.flags.iter().map(|f| &*f.key)
    }

    /// Facts about one flag.
    pub fn flag(&self, key: &str) -> Option<FlagInfo<'_>> {
        self.find(key).map(|flag| self.info(flag))
    }

    /// Facts about the flag at a position in key order.
    pub fn flag_at(&self, index: usize) -> Option<FlagInfo<'_>> {
        self.flags.get(index).map(|flag| self.info(flag))
    }

    fn info<'r>(&'r self, flag: &'r Flag) -> FlagInfo<'r> {
        FlagInfo { flag }
    }

    pub(crate) fn find(&self, key: &str) -> Option<&Flag> {
        self.index.find(&self.flags, key)
    }

    /// Evaluates one flag for a context at `now_ms` (epoch milliseconds; the core reads no clock).
    pub fn evaluate(&self, key: &str, context: &Context, now_ms: i64) -> Evaluation<'_> {
        match self.find(key) {
            Some(flag) => evaluate_flag(self, flag, context, now_ms, &mut NoTrace, &mut NoMemo, 0),
            None => Evaluation::error(ErrorCode::FlagNotFound),
        }
    }

    /// Evaluates the flag at a position in key order (as in [`flag_keys`](Self::flag_keys)),
    /// without looking its key up: for bindings that address flags by number. An index past
    /// the end gives the same FLAG_NOT_FOUND error as an unknown key.
    pub fn evaluate_index(&self, index: usize, context: &Context, now_ms: i64) -> Evaluation<'_> {
        match self.flags.get(index) {
            Some(flag) => evaluate_flag(self, flag, context, now_ms, &mut NoTrace, &mut NoMemo, 0),
            None => Evaluation::error(ErrorCode::FlagNotFound),
        }
    }

    /// Evaluates every flag, in key order.
    ///
    /// Each distinct condition and segment is tested at most once for the whole pass: flags
    /// share version gates, platform lists and segments, so this is much cheaper than calling
    /// [`evaluate`](Self::evaluate) per flag.
    pub fn evaluate_all<'r>(
        &'r self,
        context: &'r Context,
        now_ms: i64,
    ) -> impl Iterator<Item = (&'r str, Evaluation<'r>)> + 'r {
        let mut memo = Memo::new(self.leaves.len() + self.segments.len());
        self.flags.iter().map(move |flag| {
            (
                &*flag.key,
                evaluate_flag_inline(
                    self,
                    flag,
                    context,
                    now_ms,
                    &mut NoTrace,
                    &mut memo.slots(),
                    0,
                ),
            )
        })
    }

    /// Evaluates one flag and records why: every rule, every check with the compared values,
    /// and every bucketing decision.
    pub fn explain(&self, key: &str, context: &Context, now_ms: i64) -> Explanation {
        let mut tracer = ExplainTracer::default();
        let (result, enabled) = match self.find(key) {
            Some(flag) => (
                evaluate_flag(self, flag, context, now_ms, &mut tracer, &mut NoMemo, 0).to_result(),
                flag.enabled,
            ),
            None => (
                Evaluation::error(ErrorCode::FlagNotFound).to_result(),
                false,
            ),
        };
        Explanation {
            flag: key.to_owned(),
            now: now_ms,
            result,
            enabled,
            prerequisites: tracer.prerequisites,
            rules: tracer.rules,
        }
    }

    /// The next instant after `now_ms` at which a scheduled ramp step starts, if any. Clients
    /// set a timer for it so ramps advance without a new snapshot.
    pub fn next_change_after(&self, now_ms: i64) -> Option<i64> {
        self.change_times.iter().copied().find(|t| *t > now_ms)
    }
}

/// Flag positions by key: an open-addressing table over the key's hash.
///
/// A lookup is the first step of every single evaluation; compared with a `HashMap<Box<str>,
/// usize>` this probes a flat array of `u32` and compares the key inline (`same_text`)
/// instead of through `memcmp`.
#[derive(Clone, Debug)]
struct KeyIndex {
    /// Flag index + 1 per slot; 0 is empty. At most half full, so every probe sequence
    /// reaches an empty slot.
    slots: Box<[u32]>,
    /// 64 - log2(slots.len()): the hash's top bits pick the first slot.
    shift: u32,
}

/// The slot a probe starts at: the top bits of the hash after a Fibonacci multiply.
#[inline(always)]
fn first_slot(hash: u64, shift: u32) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl KeyIndex {
    fn new(flags: &[Flag]) -> KeyIndex {
        let size = (flags.len() * 2).next_power_of_two().max(8);
        let mut index = KeyIndex {
            slots: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for (i, flag) in flags.iter().enumerate() {
            // The loader's flag limit keeps indices far below u32::MAX.
            let Ok(entry) = u32::try_from(i + 1) else {
                break;
            };
            let mut at = index.start(&flag.key);
            while let Some(slot) = index.slots.get_mut(at) {
                let taken = (*slot as usize)
                    .checked_sub(1)
                    .and_then(|j| flags.get(j))
                    .is_some_and(|other| other.key != flag.key);
                if !taken {
                    // Empty, or the same key again: the later flag wins, as a map would.
                    *slot = entry;
                    break;
                }
                at = (at + 1) & (size - 1);
            }
        }
        index
    }

    #[inline(always)]
    fn start(&self, key: &str) -> usize {
        // Fibonacci hashing: the multiply carries every bit of the hash into the top bits
        // that pick the slot. Needed, not cosmetic: FxHash works in `usize`, so on wasm32 the
        // top 32 bits of `attr_hash` are always zero and every key would start at slot 0.
        // The shift is at most 61 (at least 8 slots), so the result is below the slot count.
        first_slot(attr_hash(key), self.shift)
    }

    #[inline]
    fn find<'f>(&self, flags: &'f [Flag], key: &str) -> Option<&'f Flag> {
        let mask = self.slots.len() - 1;
        let mut at = self.start(key);
        loop {
            let entry = *self.slots.get(at)?;
            let flag = flags.get((entry as usize).checked_sub(1)?)?;
            if same_text(&flag.key, key) {
                return Some(flag);
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_slot;

    /// On wasm32 FxHash yields 32-bit hashes (its state is a `usize`): the first slots must
    /// still spread over the whole table, or every probe would start at slot 0.
    #[test]
    fn hashes_with_32_significant_bits_spread_over_the_slots() {
        let shift = 64 - 9; // 512 slots
        let mut used = [false; 512];
        for i in 0u64..256 {
            let hash_32 = (i.wrapping_mul(0x2545_F491) ^ (i << 7)) & 0xFFFF_FFFF;
            if let Some(slot) = used.get_mut(first_slot(hash_32, shift)) {
                *slot = true;
            }
        }
        let distinct = used.iter().filter(|u| **u).count();
        assert!(
            distinct > 150,
            "only {distinct} distinct first slots for 256 keys"
        );
    }
}
