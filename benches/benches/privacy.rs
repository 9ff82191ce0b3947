//! rai-privacy benchmarks: floating-point-safe Laplace noise throughput (exact discrete
//! Laplace on a power-of-two grid) and PLD/RDP accounting of DP-SGD, parameters in the
//! names. Noise uses the seeded test-only source where the bench needs a constant seed
//! is not possible (the bench crate cannot enable `test-rng`), so it uses the secure
//! source, whose cost is what users pay.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rai_privacy::accounting::{DpEvent, PldAccountant, RdpAccountant};
use rai_privacy::{GaussianMechanism, LaplaceMechanism, Mechanism, NoiseSource};

fn noise(c: &mut Criterion) {
    let mut g = c.benchmark_group("noise");
    let n = 100_000u64;
    g.throughput(Throughput::Elements(n));
    let Ok(mut src) = NoiseSource::secure() else {
        return;
    };
    let Ok(lap) = LaplaceMechanism::new(1.0, 1.0) else {
        return;
    };
    g.bench_function(format!("laplace_release/scale=1/n={n}"), |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for i in 0..n {
                acc += lap.release(black_box(&(i as f64)), &mut src).unwrap_or(0.0);
            }
            acc
        })
    });
    let Ok(gauss) = GaussianMechanism::new(1.0, 1.0, 1e-6) else {
        return;
    };
    g.bench_function(format!("gaussian_release/eps=1/delta=1e-6/n={n}"), |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for i in 0..n {
                acc += gauss
                    .release(black_box(&(i as f64)), &mut src)
                    .unwrap_or(0.0);
            }
            acc
        })
    });
    g.bench_function(format!("secure_rng_next_u32/n={n}"), |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for _ in 0..n {
                acc ^= rand::RngCore::next_u32(&mut src);
            }
            acc
        })
    });
    g.finish();
}

fn accounting(c: &mut Criterion) {
    let mut g = c.benchmark_group("accounting");
    g.sample_size(10);
    for (sigma, q, steps) in [(1.1, 0.01, 10_000u64), (0.8, 0.004, 10_000)] {
        let ev = DpEvent::dp_sgd(sigma, q, steps);
        g.bench_function(
            format!("pld/noise={sigma}/rate={q}/steps={steps}/delta=1e-5"),
            |b| {
                b.iter(|| {
                    PldAccountant::default()
                        .epsilon(black_box(&ev), 1e-5)
                        .unwrap_or(f64::NAN)
                })
            },
        );
        g.bench_function(
            format!("rdp/noise={sigma}/rate={q}/steps={steps}/delta=1e-5"),
            |b| {
                b.iter(|| {
                    let mut acc = RdpAccountant::default();
                    match acc.compose(black_box(&ev)) {
                        Ok(a) => a.epsilon(1e-5).unwrap_or(f64::NAN),
                        Err(_) => f64::NAN,
                    }
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, noise, accounting);
criterion_main!(benches);
