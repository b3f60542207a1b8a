//! Live-heap accounting: the bytes currently allocated inside the WASM instance.
//!
//! `WebAssembly.Memory` only ever grows, and how far it grows depends on fragmentation, so a
//! memory size cannot tell a leak from a late high-water mark. Counting what the allocator
//! hands out and takes back can: after the same work, the same count. The soak test relies on
//! it, and apps can watch it too. The cost is one add per allocation and per free.
//!
//! The allocator underneath is [`crate::size_classes`] in the browser build (ADR 0029).

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// An allocator, counted. Installed only in the WASM build, over `Classes`; native builds
/// of this crate (its unit tests, docs) keep the host's allocator.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct CountingAllocator<A>(A);

// SAFETY: every method forwards to `A` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract is `A`'s; the counter only observes sizes.
#[allow(unsafe_code)]
unsafe impl<A: GlobalAlloc> GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let ptr = unsafe { self.0.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let ptr = unsafe { self.0.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { self.0.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl).
        let moved = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
        }
        moved
    }
}

/// The browser build's allocator: [`SizeClasses`](crate::size_classes::SizeClasses) over the
/// instance's memory.
#[cfg(target_arch = "wasm32")]
struct Classes(std::cell::UnsafeCell<crate::size_classes::SizeClasses<InstancePages>>);

/// The instance's memory, grown by `memory.grow`.
#[cfg(target_arch = "wasm32")]
struct InstancePages;

#[cfg(target_arch = "wasm32")]
impl crate::size_classes::Pages for InstancePages {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        let old = core::arch::wasm32::memory_grow(0, pages);
        (old != usize::MAX).then(|| old * crate::size_classes::PAGE)
    }
}

// SAFETY: the browser build has a single thread (wasm32-unknown-unknown without the `atomics`
// feature: no shared memory, no workers in this instance), so the cell is never accessed from
// two threads.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
unsafe impl Sync for Classes {}

// SAFETY: one thread (see `Sync`), and an allocator call never re-enters another (the size
// classes allocate nothing themselves), so each `&mut` below is the only reference while it
// lives. The blocks' contract is `SizeClasses`'s: aligned, disjoint, live until freed.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { (*self.0.get()).alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl; a reused block holds old bytes, so it is cleared.
        unsafe {
            let ptr = (*self.0.get()).alloc(layout);
            if !ptr.is_null() {
                std::ptr::write_bytes(ptr, 0, layout.size());
            }
            ptr
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: see the impl; the caller's contract is `dealloc`'s.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl; the caller's contract is `realloc`'s.
        unsafe { (*self.0.get()).realloc(ptr, layout, new_size) }
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static GLOBAL: CountingAllocator<Classes> = CountingAllocator(Classes(std::cell::UnsafeCell::new(
    crate::size_classes::SizeClasses::new(InstancePages),
)));

/// Bytes currently allocated on the WASM heap (by the engine, its rulesets, contexts and
/// interned results). Equal after equal work: a steady rise means a leak.
#[wasm_bindgen(js_name = heapBytes)]
pub fn heap_bytes() -> f64 {
    LIVE_BYTES.load(Ordering::Relaxed) as f64
}
