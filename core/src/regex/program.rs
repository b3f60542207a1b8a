//! [`Node`] tree → a Thompson NFA as a flat list of instructions.

use super::class::Ranges;
use super::parse::Node;
use super::Look;

/// The most instructions a pattern may compile to. A counted repetition copies its operand
/// (`x{100}` is 100 copies of `x`), and matching costs time per instruction and input
/// character, so this bounds the work any pattern can make a client do.
pub(super) const MAX_INSTRUCTIONS: usize = 10_000;

/// One NFA instruction; jump targets are indices into [`Program::instructions`].
#[derive(Debug)]
pub(super) enum Instruction {
    /// Consume one character in the ranges `Program::ranges[start..end]`.
    Class { start: u32, end: u32 },
    /// Continue only if the assertion holds here.
    Look(Look),
    /// Continue at both targets.
    Split(u32, u32),
    /// Continue at the target.
    Jump(u32),
    /// The pattern has matched.
    Match,
}

/// A compiled pattern: instructions, and the character ranges their classes refer to.
#[derive(Debug)]
pub(super) struct Program {
    pub(super) instructions: Vec<Instruction>,
    pub(super) ranges: Ranges,
    /// True when every match must start at the beginning of the text (`^`/`\A` first).
    pub(super) anchored: bool,
}

/// Compiles `node`, or fails when it would exceed [`MAX_INSTRUCTIONS`].
pub(super) fn compile(node: &Node) -> Result<Program, &'static str> {
    let mut program = Program {
        instructions: Vec::new(),
        ranges: Vec::new(),
        anchored: starts_anchored(node),
    };
    program.emit_node(node)?;
    program.push(Instruction::Match)?;
    Ok(program)
}

/// Whether every match of `node` starts with `\A` (so a search need not start later).
fn starts_anchored(node: &Node) -> bool {
    match node {
        Node::Look(Look::Start) => true,
        Node::Concat(items) => items.first().is_some_and(starts_anchored),
        Node::Group(sub) => starts_anchored(sub),
        Node::Repeat { sub, min, .. } => *min > 0 && starts_anchored(sub),
        Node::Alternation(branches) => branches.iter().all(starts_anchored),
        _ => false,
    }
}

/// Whether `node` compiles to no instructions at all (it can only match the empty string
/// without asserting anything).
fn emits_nothing(node: &Node) -> bool {
    match node {
        Node::Empty => true,
        Node::Group(sub) | Node::Repeat { sub, .. } => emits_nothing(sub),
        Node::Concat(items) => items.iter().all(emits_nothing),
        _ => false,
    }
}

const TOO_BIG: &str =
    "the pattern is too big (at most 10000 instructions once repetitions are expanded)";

impl Program {
    /// Appends an instruction and returns its index.
    fn push(&mut self, instruction: Instruction) -> Result<u32, &'static str> {
        if self.instructions.len() >= MAX_INSTRUCTIONS {
            return Err(TOO_BIG);
        }
        let index = u32::try_from(self.instructions.len()).map_err(|_| TOO_BIG)?;
        self.instructions.push(instruction);
        Ok(index)
    }

    /// The index the next instruction will get.
    fn next(&self) -> u32 {
        u32::try_from(self.instructions.len()).unwrap_or(u32::MAX)
    }

    /// Points the jump or split at `at` to `target` (its second branch, for a split).
    fn patch(&mut self, at: u32, target: u32) {
        match self.instructions.get_mut(at as usize) {
            Some(Instruction::Jump(to)) | Some(Instruction::Split(_, to)) => *to = target,
            _ => {}
        }
    }

    fn emit_class(&mut self, ranges: &[(char, char)]) -> Result<(), &'static str> {
        let start = u32::try_from(self.ranges.len()).map_err(|_| TOO_BIG)?;
        self.ranges.extend_from_slice(ranges);
        let end = u32::try_from(self.ranges.len()).map_err(|_| TOO_BIG)?;
        self.push(Instruction::Class { start, end }).map(|_| ())
    }

    fn emit_node(&mut self, node: &Node) -> Result<(), &'static str> {
        match node {
            Node::Empty => Ok(()),
            Node::Char(c) => self.emit_class(&[(*c, *c)]),
            Node::Class(ranges) => self.emit_class(ranges),
            Node::Look(look) => self.push(Instruction::Look(*look)).map(|_| ()),
            Node::Group(sub) => self.emit_node(sub),
            Node::Concat(items) => {
                for item in items {
                    self.emit_node(item)?;
                }
                Ok(())
            }
            Node::Alternation(branches) => {
                // split(b1, next split) b1 jump(end) split(b2, ...) b2 jump(end) ... bn
                let mut jumps_to_end = Vec::new();
                let mut previous_split: Option<u32> = None;
                let count = branches.len();
                for (i, branch) in branches.iter().enumerate() {
                    let here = self.next();
                    if let Some(split) = previous_split.take() {
                        self.patch(split, here);
                    }
                    if i + 1 < count {
                        let split = self.push(Instruction::Split(here + 1, 0))?;
                        previous_split = Some(split);
                    }
                    self.emit_node(branch)?;
                    if i + 1 < count {
                        jumps_to_end.push(self.push(Instruction::Jump(0))?);
                    }
                }
                let end = self.next();
                for jump in jumps_to_end {
                    self.patch(jump, end);
                }
                Ok(())
            }
            // Repeating what emits nothing emits nothing (and must not loop `min` times).
            Node::Repeat { sub, .. } if emits_nothing(sub) => Ok(()),
            Node::Repeat { sub, min, max } => {
                for _ in 0..*min {
                    self.emit_node(sub)?;
                }
                match max {
                    None => {
                        // loop: split(body, exit) body jump(loop)
                        let split = self.next();
                        self.push(Instruction::Split(split + 1, 0))?;
                        self.emit_node(sub)?;
                        self.push(Instruction::Jump(split))?;
                        let exit = self.next();
                        self.patch(split, exit);
                    }
                    Some(max) => {
                        // Each optional copy: split(body, end) body.
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            let split = self.next();
                            self.push(Instruction::Split(split + 1, 0))?;
                            splits.push(split);
                            self.emit_node(sub)?;
                        }
                        let end = self.next();
                        for split in splits {
                            self.patch(split, end);
                        }
                    }
                }
                Ok(())
            }
        }
    }
}
