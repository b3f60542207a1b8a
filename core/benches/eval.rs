//! Evaluation benchmarks: the three scenarios that docs/benchmarks/peers.md compares engines on.
//!
//! S1: one evaluation of "appVersion >= 2.3.0 and platform in [ios, android], then 10% by
//! userId". S2: all 200 flags of a mixed generated ruleset for one context. S3: from a 200-flag
//! JSON string to the first evaluation: the goal is checked on the 44 KB ruleset, and the S2
//! fixture (187 KB) is loaded as a stress figure (ADR 0016). Run:
//! `cargo bench -p rollgate --bench eval`.
//! Before timing, it prints the heap allocations per operation (a counting global allocator).

// unsafe: only for the counting global allocator, which must implement GlobalAlloc.
#![allow(missing_docs, unsafe_code, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use rollgate::{Context, Ruleset};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts allocations so the bench can report allocations per evaluation.
struct CountingAllocator;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const RULESET: &str = include_str!("../../tests/bench/ruleset-200.json");
/// The Node bench's 200-flag ruleset (`npm/bench/ruleset-gen.mjs`, 44 KB): the load goal's
/// ruleset (ADR 0016), the same text the browser load is measured on.
const NODE_RULESET: &str = include_str!("../../tests/bench/ruleset-200-node.json");
/// 2026-12-10: inside the ramps of the generated ruleset.
const NOW: i64 = 1_796_860_800_000;

fn context() -> Context {
    Context::new()
        .with("userId", "user-8d1f0c")
        .unwrap()
        .with("appVersion", "2.4.1")
        .unwrap()
        .with("platform", "android")
        .unwrap()
        .with("email", "ada.lovelace@example.com")
        .unwrap()
        .with("country", "FR")
        .unwrap()
        .with("sessions", 12.0)
        .unwrap()
        .with("signupDate", "2025-09-14T10:00:00Z")
        .unwrap()
}

fn allocations_per(iterations: u64, mut f: impl FnMut()) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..iterations {
        f();
    }
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / iterations as f64
}

/// S3's unit of work: load `text`, then evaluate `flag` once. The ruleset is returned so
/// that its drop can be left out of the timing.
fn load_and_evaluate(text: &str, flag: &str, ctx: &Context) -> (Ruleset, bool) {
    let rs = Ruleset::from_json(black_box(text)).unwrap();
    let served = black_box(rs.evaluate(flag, ctx, NOW).value.is_some());
    (rs, served)
}

fn report_allocations(ruleset: &Ruleset, ctx: &Context) {
    // Warm the context's cached version parse first: it happens once per context, not per call.
    black_box(ruleset.evaluate("s1", ctx, NOW));
    let s1 = allocations_per(10_000, || {
        black_box(ruleset.evaluate("s1", ctx, NOW));
    });
    let s2 = allocations_per(1_000, || {
        for item in ruleset.evaluate_all(ctx, NOW) {
            black_box(item);
        }
    });
    let s3 = allocations_per(20, || {
        load_and_evaluate(NODE_RULESET, "reference", ctx);
    });
    let stress = allocations_per(20, || {
        load_and_evaluate(RULESET, "s1", ctx);
    });
    println!(
        "allocations per operation: S1 evaluate = {s1}, S2 evaluate_all(200) = {s2}, \
         S3 load+first = {s3:.0} (44 KB ruleset), {stress:.0} (187 KB stress fixture)"
    );
}

fn benches(c: &mut Criterion) {
    let ruleset = Ruleset::from_json(RULESET).expect("bench ruleset is valid");
    let ctx = context();
    report_allocations(&ruleset, &ctx);

    c.bench_function("S1 evaluate one flag", |b| {
        b.iter(|| black_box(ruleset.evaluate(black_box("s1"), black_box(&ctx), NOW)))
    });
    c.bench_function("S1 evaluate via Engine snapshot", |b| {
        let engine = rollgate::Engine::new(ruleset.clone());
        b.iter(|| {
            let snapshot = engine.snapshot();
            black_box(
                snapshot
                    .evaluate(black_box("s1"), black_box(&ctx), NOW)
                    .value
                    .is_some(),
            )
        })
    });
    c.bench_function("S2 evaluate all 200 flags", |b| {
        b.iter(|| {
            for item in ruleset.evaluate_all(black_box(&ctx), NOW) {
                black_box(item);
            }
        })
    });
    // S3 ends at the first evaluation: the loaded ruleset is returned and dropped outside the
    // timing (an engine drops the old snapshot later, off the update's path). What a drop
    // costs is measured on its own just below.
    c.bench_function(
        "S3 load a 200-flag ruleset (44 KB) + first evaluation",
        |b| b.iter_with_large_drop(|| load_and_evaluate(NODE_RULESET, "reference", &ctx)),
    );
    c.bench_function(
        "S3 stress: load the 187 KB S2 fixture + first evaluation",
        |b| b.iter_with_large_drop(|| load_and_evaluate(RULESET, "s1", &ctx)),
    );
    c.bench_function("drop a loaded 200-flag ruleset", |b| {
        b.iter_batched(
            || Ruleset::from_json(RULESET).unwrap(),
            drop,
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("explain one flag", |b| {
        b.iter(|| black_box(ruleset.explain(black_box("s1"), black_box(&ctx), NOW)))
    });
}

criterion_group! {
    name = eval;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(eval);
