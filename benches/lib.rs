//! Shared data builders for the criterion benchmarks in `benches/benches/`.
//!
//! Benchmarks are named with their parameters (`csv_load/rows=1000000/cols=20`), build
//! their data outside the timed closure and use constant seeds.

use rand::Rng;

#[allow(clippy::same_item_push)] // reason: the comma is followed by a cell in the same iteration
/// A synthetic CSV text: `rows` rows, `numeric` numeric columns and `categorical`
/// categorical columns, with about 1% missing cells, from a fixed seed.
pub fn synthetic_csv(rows: usize, numeric: usize, categorical: usize, seed: u64) -> Vec<u8> {
    let mut rng = rai_core::rng::seeded(seed);
    let mut out = Vec::with_capacity(rows * (numeric * 10 + categorical * 8));
    let header: Vec<String> = (0..numeric)
        .map(|j| format!("x{j}"))
        .chain((0..categorical).map(|j| format!("c{j}")))
        .collect();
    out.extend_from_slice(header.join(",").as_bytes());
    out.push(b'\n');
    let levels = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    ];
    for _ in 0..rows {
        for j in 0..numeric {
            if j > 0 {
                out.push(b',');
            }
            if rng.random::<f64>() >= 0.01 {
                let v: f64 = rng.random_range(-1000.0..1000.0);
                out.extend_from_slice(format!("{v:.3}").as_bytes());
            }
        }
        for _ in 0..categorical {
            out.push(b',');
            if rng.random::<f64>() >= 0.01 {
                out.extend_from_slice(levels[rng.random_range(0..levels.len())].as_bytes());
            }
        }
        out.push(b'\n');
    }
    out
}

/// A random tree ensemble of `trees` full trees of the given `depth` over `features`
/// features, from a fixed seed.
pub fn random_ensemble(
    trees: usize,
    depth: u32,
    features: usize,
    seed: u64,
) -> rai_models::TreeEnsemble {
    use rai_models::{EnsembleSource, Node};
    let mut rng = rai_core::rng::seeded(seed);
    let mut all = Vec::with_capacity(trees);
    for _ in 0..trees {
        let n_internal = (1usize << depth) - 1;
        let n = (1usize << (depth + 1)) - 1;
        let mut nodes = Vec::with_capacity(n);
        for i in 0..n {
            if i < n_internal {
                let f = rng.random_range(0..features) as u32;
                let t: f64 = rng.random_range(-1.0..1.0);
                let cover = 1000.0 / f64::from(1u32 << (i + 1).ilog2());
                nodes.push(Node::split(
                    f,
                    t,
                    (2 * i + 1) as u32,
                    (2 * i + 2) as u32,
                    rng.random(),
                    cover,
                ));
            } else {
                let cover = 1000.0 / f64::from(1u32 << depth);
                nodes.push(Node::leaf(rng.random_range(-0.1..0.1), cover));
            }
        }
        all.push(nodes);
    }
    let names = (0..features).map(|j| format!("f{j}")).collect();
    match rai_models::TreeEnsemble::new(
        names,
        rai_core::Task::BinaryClassification,
        0.0,
        all,
        EnsembleSource::Native,
    ) {
        Ok(m) => m,
        Err(e) => unreachable!("random ensemble is valid by construction: {e}"),
    }
}

/// A standard-normal-ish feature matrix from a fixed seed.
pub fn random_matrix(rows: usize, cols: usize, seed: u64) -> ndarray::Array2<f64> {
    let mut rng = rai_core::rng::seeded(seed);
    ndarray::Array2::from_shape_fn((rows, cols), |_| rng.random_range(-1.0..1.0))
}
