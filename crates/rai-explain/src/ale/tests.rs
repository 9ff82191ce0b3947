//! Unit tests for ALE: closed form on a linear model, brute force on an interaction model.

use ndarray::{Array1, Array2, ArrayView2, array};
use rai_core::{Model, Result, Task};
use rai_models::{LinearKind, LinearModel};

use super::*;

#[test]
fn linear_model_closed_form() -> Result<()> {
    let b = 2.5;
    let m = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into(), "b".into()],
        vec![b, -1.0],
        3.0,
    )?;
    let x = Array2::from_shape_fn((57, 2), |(i, j)| (((i * 7 + j * 3) % 23) as f64).powf(1.3));
    let r = Ale {
        bins: 6,
        ..Ale::default()
    }
    .compute(&m, x.view(), 0)?;
    let n: usize = r.bin_counts.iter().sum();
    assert_eq!(n, 57);
    let c: f64 = (0..r.bin_counts.len())
        .map(|k| r.bin_counts[k] as f64 * (r.edges[k] + r.edges[k + 1]) / 2.0)
        .sum::<f64>()
        / n as f64;
    for (z, v) in r.edges.iter().zip(&r.values) {
        assert!((v - b * (z - c)).abs() < 1e-10, "{v} vs {}", b * (z - c));
    }
    Ok(())
}

/// `f = x0 * x1`: ALE of x0 in bin k is the mean of x1 over the bin times the bin width.
struct Product(Vec<String>);
impl Model for Product {
    fn feature_names(&self) -> &[String] {
        &self.0
    }
    fn task(&self) -> Task {
        Task::Regression
    }
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        Ok(x.rows().into_iter().map(|r| r[0] * r[1]).collect())
    }
}

#[test]
fn interaction_model_by_hand() -> Result<()> {
    let m = Product(vec!["a".into(), "b".into()]);
    // x0 in {0, 1, 2, 3}; bins (2 bins): quantiles 0, 1.5, 3 -> bins [0, 1.5], (1.5, 3]
    let x = array![[0.0, 1.0], [1.0, 3.0], [2.0, 5.0], [3.0, 7.0]];
    let r = Ale {
        bins: 2,
        ..Ale::default()
    }
    .compute(&m, x.view(), 0)?;
    assert_eq!(r.edges, vec![0.0, 1.5, 3.0]);
    assert_eq!(r.bin_counts, vec![2, 2]);
    // bin 1: mean x1 = 2, width 1.5 -> 3; bin 2: mean x1 = 6 -> 9
    assert_eq!(r.local_effects, vec![3.0, 9.0]);
    // g = [0, 3, 12]; centre = (2 * 1.5 + 2 * 7.5) / 4 = 4.5
    assert_eq!(r.values, vec![-4.5, -1.5, 7.5]);
    Ok(())
}

#[test]
fn missing_rows_are_counted_and_bad_input_errors() -> Result<()> {
    let m = Product(vec!["a".into(), "b".into()]);
    let x = array![[0.0, 1.0], [f64::NAN, 3.0], [2.0, 5.0], [3.0, 7.0]];
    let r = Ale::default().compute(&m, x.view(), 0)?;
    assert_eq!(r.missing_rows, 1);
    assert!(
        Ale {
            bins: 0,
            ..Ale::default()
        }
        .compute(&m, x.view(), 0)
        .is_err()
    );
    assert!(Ale::default().compute(&m, x.view(), 5).is_err());
    let constant = array![[1.0, 1.0], [1.0, 2.0]];
    assert!(Ale::default().compute(&m, constant.view(), 0).is_err());
    let all_nan = array![[f64::NAN, 1.0]];
    assert!(Ale::default().compute(&m, all_nan.view(), 0).is_err());
    Ok(())
}
