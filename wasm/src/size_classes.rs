//! The browser build's allocator: free lists by power-of-two size class, over memory taken from
//! the instance page by page (ADR 0029).
//!
//! Every block is a power of two bytes, from 8 up. A freed block goes on its class's list, and
//! the next allocation of that class takes it back: O(1) both ways, with no headers, no
//! splitting and no coalescing. That is a few hundred bytes of code where dlmalloc, the
//! standard library's allocator for wasm32, was about 2.5 KB of the gzipped module, and the
//! engine's allocations (a ruleset's nodes, a context's strings, results) repeat the same few
//! sizes, so the lists serve them again and again.
//!
//! The price is memory: a request takes up to twice its size (a 44 KB ruleset text takes a
//! 64 KB block), and a freed block serves only its own class. WASM memory never shrinks
//! anyway, and the soak test (npm/test/soak.node.test.mjs) checks that repeated updates and
//! evaluations reuse what they freed.
//!
//! [`SizeClasses`] takes its pages from a [`Pages`] source: the instance's `memory.grow` in the
//! browser build, a buffer in the tests.

use std::alloc::Layout;

/// Classes `0..CLASSES`: class `c` holds blocks of `2^c` bytes. Classes below 3 are unused
/// (every block holds at least a free-list link); the last is 2 GiB, a wasm32 memory's half.
const CLASSES: usize = 32;

/// The smallest block: room for the free-list link a freed block stores.
const MIN_BLOCK: usize = 8;

/// Blocks are aligned to their size up to this, which every Rust type's alignment in this
/// build is below: a block serves any request of its class, whatever its alignment.
const MAX_ALIGN: usize = 4096;

/// A WASM page, the unit `memory.grow` counts in.
pub const PAGE: usize = 65_536;

/// Where [`SizeClasses`] gets memory: `pages` new pages, returning the address of the first
/// byte, or `None` when there is no more.
pub trait Pages {
    /// Adds `pages` pages of zeroed memory and returns their start address.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// Free lists by size class over memory from `P`. Not thread-safe: the browser build has one
/// thread, and the global allocator in `heap.rs` owns the only instance.
pub struct SizeClasses<P> {
    /// The first free block of each class (0: none); each free block stores the next.
    free: [usize; CLASSES],
    /// Memory not yet carved into blocks: `next..end`.
    next: usize,
    end: usize,
    pages: P,
}

impl<P: Pages> SizeClasses<P> {
    /// An allocator with no memory yet.
    pub const fn new(pages: P) -> Self {
        SizeClasses {
            free: [0; CLASSES],
            next: 0,
            end: 0,
            pages,
        }
    }

    /// A block for `layout`, or null when memory runs out or the layout is beyond what this
    /// allocator serves (alignment above 4 KiB, size above 2 GiB).
    pub fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return std::ptr::null_mut();
        };
        let Some(head) = self.free.get_mut(class) else {
            return std::ptr::null_mut();
        };
        if *head != 0 {
            let block = *head;
            // SAFETY: `block` is on this class's list, so it is a free block of at least
            // MIN_BLOCK bytes, aligned to 8, whose first word `dealloc` wrote.
            #[allow(unsafe_code)]
            let next = unsafe { *(block as *const usize) };
            *head = next;
            return block as *mut u8;
        }
        self.carve(1 << class)
    }

    /// A new block of `size` bytes (a power of two) from the memory not yet carved, growing it
    /// when needed.
    fn carve(&mut self, size: usize) -> *mut u8 {
        let align = size.min(MAX_ALIGN);
        let mut start = align_up(self.next, align);
        let fits = matches!(start.checked_add(size), Some(end) if end <= self.end);
        // Also true before the first page (`end` is 0).
        if !fits {
            // Enough pages for the block wherever they start, at least 1 MiB at a time.
            let pages = (size + align).div_ceil(PAGE).max(16);
            let Some(first) = self.pages.grow(pages) else {
                return std::ptr::null_mut();
            };
            // Contiguous with what is left (the usual case): keep it; else start over there.
            if first != self.end {
                self.next = first;
            }
            self.end = first + pages * PAGE;
            start = align_up(self.next, align);
        }
        self.next = start + size;
        start as *mut u8
    }

    /// Gives `ptr`, allocated for `layout`, back to its class.
    ///
    /// # Safety
    /// `ptr` came from this allocator's `alloc` or `realloc` with this `layout` (or one of the
    /// same class) and is not used again.
    #[allow(unsafe_code)]
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        let Some(head) = class_of(layout).and_then(|class| self.free.get_mut(class)) else {
            return;
        };
        // SAFETY: the caller gives back a block of this class: at least MIN_BLOCK bytes,
        // aligned to 8, no longer in use, so its first word can hold the link.
        unsafe { *(ptr as *mut usize) = *head };
        *head = ptr as usize;
    }

    /// `ptr` resized to `new_size`: the same block when the class stays the same, else a new
    /// block with the contents copied and the old one freed. Null (and `ptr` untouched) when
    /// no memory is left.
    ///
    /// # Safety
    /// As for [`dealloc`](Self::dealloc).
    #[allow(unsafe_code)]
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        if class_of(new_layout) == class_of(layout) {
            return ptr;
        }
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            // SAFETY: both blocks are live, distinct, and at least this long.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        moved
    }
}

/// The class of the blocks that serve `layout`: the smallest power of two that holds its size
/// and its alignment, at least MIN_BLOCK; `None` beyond the largest class or MAX_ALIGN.
fn class_of(layout: Layout) -> Option<usize> {
    if layout.align() > MAX_ALIGN {
        return None;
    }
    let size = layout.size().max(layout.align()).max(MIN_BLOCK);
    let class = size.checked_next_power_of_two()?.trailing_zeros() as usize;
    (class < CLASSES).then_some(class)
}

/// `at` rounded up to a multiple of `align` (a power of two); saturates at the top of memory,
/// which the caller then finds too small.
fn align_up(at: usize, align: usize) -> usize {
    at.checked_add(align - 1)
        .map_or(usize::MAX & !(align - 1), |n| n & !(align - 1))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, unsafe_code)]
    use super::{class_of, Pages, SizeClasses, PAGE};
    use std::alloc::Layout;
    use std::collections::BTreeMap;

    /// Pages handed out from one buffer, as `memory.grow` hands out the instance's: contiguous,
    /// zeroed, up to a limit.
    struct Buffer {
        memory: Vec<u8>,
        used: usize,
    }

    impl Buffer {
        fn new(pages: usize) -> Self {
            Buffer {
                memory: vec![0; (pages + 1) * PAGE],
                used: 0,
            }
        }
    }

    impl Pages for Buffer {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            // The first page boundary in the buffer, as in WASM memory.
            let base = (self.memory.as_ptr() as usize).next_multiple_of(PAGE);
            let limit = (self.memory.as_ptr() as usize + self.memory.len() - base) / PAGE;
            if self.used + pages > limit {
                return None;
            }
            let first = base + self.used * PAGE;
            self.used += pages;
            Some(first)
        }
    }

    #[test]
    fn classes_hold_size_and_alignment() {
        let class = |size, align| class_of(Layout::from_size_align(size, align).unwrap());
        assert_eq!(class(0, 1), Some(3));
        assert_eq!(class(8, 8), Some(3));
        assert_eq!(class(9, 1), Some(4));
        assert_eq!(class(1, 64), Some(6));
        assert_eq!(class(44_000, 8), Some(16));
        assert_eq!(class(1 << 31, 8), Some(31));
        assert_eq!(class((1 << 31) + 1, 8), None);
        assert_eq!(class(8, 8192), None);
    }

    /// Thousands of allocations, reallocations and frees in a generated order: every live
    /// block is aligned, within the pages handed out, disjoint from every other, keeps its
    /// contents, and a freed block is what the next request of its class gets.
    #[test]
    fn blocks_are_aligned_disjoint_and_keep_their_contents() {
        let mut heap = SizeClasses::new(Buffer::new(512));
        let mut live: BTreeMap<usize, (Layout, u8)> = BTreeMap::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for step in 0..20_000u32 {
            let roll = next();
            if live.is_empty() || roll % 3 != 0 {
                let size = match roll % 50 {
                    0 => (next() % 70_000) as usize,
                    _ => (next() % 300) as usize,
                };
                let align = 1 << (next() % 5);
                let layout = Layout::from_size_align(size, align).unwrap();
                let zeroed = next() % 4 == 0;
                let ptr = heap.alloc(layout);
                assert!(!ptr.is_null(), "step {step}: out of memory");
                assert_eq!(ptr as usize % align, 0);
                if zeroed {
                    // What `alloc_zeroed` in heap.rs does on top of `alloc`.
                    unsafe { std::ptr::write_bytes(ptr, 0, size) };
                }
                let fill = (step % 251) as u8;
                unsafe { std::ptr::write_bytes(ptr, fill, size) };
                live.insert(ptr as usize, (layout, fill));
            } else {
                let index = (next() as usize) % live.len();
                let (&at, &(layout, fill)) = live.iter().nth(index).unwrap();
                let bytes = unsafe { std::slice::from_raw_parts(at as *const u8, layout.size()) };
                assert!(
                    bytes.iter().all(|&b| b == fill),
                    "step {step}: contents changed"
                );
                live.remove(&at);
                if roll % 2 == 0 {
                    let new_size = (next() % 400) as usize;
                    let moved = unsafe { heap.realloc(at as *mut u8, layout, new_size) };
                    assert!(!moved.is_null());
                    let kept = layout.size().min(new_size);
                    let bytes = unsafe { std::slice::from_raw_parts(moved, kept) };
                    assert!(
                        bytes.iter().all(|&b| b == fill),
                        "step {step}: realloc lost data"
                    );
                    let new_layout = Layout::from_size_align(new_size, layout.align()).unwrap();
                    unsafe { std::ptr::write_bytes(moved, fill, new_size) };
                    live.insert(moved as usize, (new_layout, fill));
                } else {
                    unsafe { heap.dealloc(at as *mut u8, layout) };
                    let again = heap.alloc(layout);
                    assert_eq!(again as usize, at, "a freed block serves its class next");
                    unsafe { heap.dealloc(again, layout) };
                }
            }
            // Disjoint: each block ends before the next one starts (blocks are their class's
            // size, which covers the request).
            if step % 1_000 == 0 {
                let mut end = 0;
                for (&at, &(layout, _)) in &live {
                    assert!(at >= end, "step {step}: blocks overlap");
                    end = at + (1usize << class_of(layout).unwrap());
                }
            }
        }
    }

    /// Freed memory is reused: the same work again takes no new pages.
    #[test]
    fn repeating_the_same_work_takes_no_new_pages() {
        let mut heap = SizeClasses::new(Buffer::new(64));
        let sizes = [24usize, 24, 100, 4_096, 44_000, 7, 300, 300, 65_536];
        let round = |heap: &mut SizeClasses<Buffer>| {
            let blocks: Vec<_> = sizes
                .iter()
                .map(|&size| {
                    let layout = Layout::from_size_align(size, 8).unwrap();
                    (heap.alloc(layout), layout)
                })
                .collect();
            for (ptr, layout) in blocks {
                assert!(!ptr.is_null());
                unsafe { heap.dealloc(ptr, layout) };
            }
        };
        round(&mut heap);
        let pages = heap.pages.used;
        for _ in 0..100 {
            round(&mut heap);
        }
        assert_eq!(heap.pages.used, pages);
    }

    #[test]
    fn running_out_of_pages_is_null_not_a_panic() {
        let mut heap = SizeClasses::new(Buffer::new(16));
        let big = Layout::from_size_align(2 * 1024 * 1024, 8).unwrap();
        assert!(heap.alloc(big).is_null());
        let small = Layout::from_size_align(64, 8).unwrap();
        assert!(
            !heap.alloc(small).is_null(),
            "a failed grow leaves the allocator usable"
        );
        let beyond = Layout::from_size_align(16, 8192).unwrap();
        assert!(heap.alloc(beyond).is_null());
    }
}
