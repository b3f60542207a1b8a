//! Does a [`Program`] match anywhere in a text? A Pike-style NFA simulation: every live
//! thread advances one character at a time, so the time is linear in the text (times the
//! program size) whatever the pattern; no backtracking.

use super::class::contains;
use super::program::{Instruction, Program};

/// Programs up to this many instructions search with buffers on the stack (evaluation
/// allocates nothing, ADR 0006); bigger ones allocate theirs per search.
const STACK_INSTRUCTIONS: usize = 128;

/// The set of instructions reached at one position: membership bits plus their order.
struct Threads<'b> {
    member: &'b mut [u64],
    order: &'b mut [u32],
    len: usize,
}

impl Threads<'_> {
    fn clear(&mut self) {
        for word in self.member.iter_mut() {
            *word = 0;
        }
        self.len = 0;
    }

    /// Adds `pc`; false if it was already there.
    fn insert(&mut self, pc: u32) -> bool {
        let (word, bit) = ((pc / 64) as usize, pc % 64);
        let Some(bits) = self.member.get_mut(word) else {
            return false;
        };
        if *bits & (1 << bit) != 0 {
            return false;
        }
        *bits |= 1 << bit;
        if let Some(slot) = self.order.get_mut(self.len) {
            *slot = pc;
            self.len += 1;
        }
        true
    }
}

/// Whether `program` matches somewhere in `text`.
pub(super) fn is_match(program: &Program, text: &str) -> bool {
    let size = program.instructions.len();
    if size <= STACK_INSTRUCTIONS {
        let mut member = [[0u64; STACK_INSTRUCTIONS / 64]; 2];
        let mut order = [[0u32; STACK_INSTRUCTIONS]; 2];
        let mut stack = [0u32; 2 * STACK_INSTRUCTIONS + 1];
        let [member_a, member_b] = &mut member;
        let [order_a, order_b] = &mut order;
        run(
            program,
            text,
            [member_a, member_b],
            [order_a, order_b],
            &mut stack,
        )
    } else {
        let words = size.div_ceil(64);
        let mut member_a = vec![0u64; words];
        let mut member_b = vec![0u64; words];
        let mut order_a = vec![0u32; size];
        let mut order_b = vec![0u32; size];
        let mut stack = vec![0u32; 2 * size + 1];
        run(
            program,
            text,
            [&mut member_a, &mut member_b],
            [&mut order_a, &mut order_b],
            &mut stack,
        )
    }
}

fn run(
    program: &Program,
    text: &str,
    [member_a, member_b]: [&mut [u64]; 2],
    [order_a, order_b]: [&mut [u32]; 2],
    stack: &mut [u32],
) -> bool {
    let mut current = Threads {
        member: member_a,
        order: order_a,
        len: 0,
    };
    let mut next = Threads {
        member: member_b,
        order: order_b,
        len: 0,
    };
    let mut chars = text.chars();
    let mut before: Option<char> = None;
    let mut after: Option<char> = chars.next();
    let mut at_start = true;
    loop {
        // A match may start at any position (at the first only, when anchored).
        if (at_start || !program.anchored) && follow(program, &mut current, stack, 0, before, after)
        {
            return true;
        }
        at_start = false;
        let Some(c) = after else { return false };
        if current.len == 0 && program.anchored {
            return false;
        }
        let following = chars.next();
        next.clear();
        for &pc in current.order.get(..current.len).unwrap_or_default() {
            let Some(Instruction::Class { start, end }) = program.instructions.get(pc as usize)
            else {
                continue;
            };
            let ranges = program
                .ranges
                .get(*start as usize..*end as usize)
                .unwrap_or_default();
            if contains(ranges, c) && follow(program, &mut next, stack, pc + 1, Some(c), following)
            {
                return true;
            }
        }
        std::mem::swap(&mut current, &mut next);
        before = Some(c);
        after = following;
    }
}

/// Adds `pc` and everything reachable from it without consuming a character (between
/// `before` and `after`) to `threads`; true if that reaches `Match`.
fn follow(
    program: &Program,
    threads: &mut Threads<'_>,
    stack: &mut [u32],
    pc: u32,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    // Each instruction enters the set once and pushes at most two targets, so the stack
    // (2 × instructions + 1) cannot overflow.
    let mut depth = 0;
    let push = |stack: &mut [u32], depth: &mut usize, pc: u32| {
        if let Some(slot) = stack.get_mut(*depth) {
            *slot = pc;
            *depth += 1;
        }
    };
    push(stack, &mut depth, pc);
    while depth > 0 {
        depth -= 1;
        let pc = stack.get(depth).copied().unwrap_or(u32::MAX);
        if !threads.insert(pc) {
            continue;
        }
        match program.instructions.get(pc as usize) {
            Some(Instruction::Match) => return true,
            Some(Instruction::Jump(to)) => push(stack, &mut depth, *to),
            Some(Instruction::Split(first, second)) => {
                push(stack, &mut depth, *second);
                push(stack, &mut depth, *first);
            }
            Some(Instruction::Look(look)) => {
                if look.holds(before, after) {
                    push(stack, &mut depth, pc + 1);
                }
            }
            Some(Instruction::Class { .. }) | None => {}
        }
    }
    false
}
