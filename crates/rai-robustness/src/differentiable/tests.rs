//! Unit tests for input gradients.

use super::*;
use ndarray::array;
use rai_models::LinearKind;

fn mlp() -> Mlp {
    let json = r#"{"kind": "mlp", "task": "binary_classification", "feature_names": ["a", "b"],
      "layers": [
        {"weights": [[0.5, -1.0], [1.0, 1.0], [0.3, 2.0]], "bias": [0.0, 0.1, -0.2], "activation": "tanh"},
        {"weights": [[1.0, -0.7], [0.2, 0.4]], "bias": [0.05, 0.0], "activation": "relu"},
        {"weights": [[1.0, -1.0]], "bias": [0.1], "activation": "identity"}]}"#;
    let layers: serde_json::Value = serde_json::from_str(json).unwrap();
    let _ = layers;
    // the three-unit first layer feeds a two-input second layer: fix the JSON shape
    let json = json.replace(
        "[[1.0, -0.7], [0.2, 0.4]]",
        "[[1.0, -0.7, 0.3], [0.2, 0.4, -0.5]]",
    );
    Mlp::from_json_str(&json, "mlp.json").unwrap()
}

#[test]
fn mlp_gradient_matches_finite_differences() -> Result<()> {
    let m = mlp();
    let x = array![[0.3, -0.2], [1.2, 0.7], [-0.5, 0.1]];
    let (margin, g) = m.margin_gradient(x.view())?;
    assert_eq!(margin, m.predict_margin(x.view())?);
    let h = 1e-6;
    for i in 0..x.nrows() {
        for j in 0..2 {
            let mut xp = x.clone();
            xp[[i, j]] += h;
            let mut xm = x.clone();
            xm[[i, j]] -= h;
            let fd =
                (m.predict_margin(xp.view())?[i] - m.predict_margin(xm.view())?[i]) / (2.0 * h);
            assert!(
                (fd - g[[i, j]]).abs() < 1e-6,
                "row {i} feature {j}: {fd} vs {}",
                g[[i, j]]
            );
        }
    }
    // round trip
    let back = Mlp::from_json_str(&m.to_json_string(), "back")?;
    assert_eq!(back, m);
    Ok(())
}

#[test]
fn loss_gradient_is_cross_entropy_gradient() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![0.5, -2.0],
        0.3,
    )?;
    let x = array![[1.0, 0.5]];
    let g = m.loss_gradient(x.view(), array![0.0].view())?;
    let p = sigmoid(0.3 + 0.5 - 1.0);
    assert!((g[[0, 0]] - p * 0.5).abs() < 1e-15);
    assert!((g[[0, 1]] - p * -2.0).abs() < 1e-15);
    let r = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into()],
        vec![2.0],
        0.0,
    )?;
    let g = r.loss_gradient(array![[1.0]].view(), array![0.5].view())?;
    assert_eq!(g[[0, 0]], 3.0);
    assert!(m.loss_gradient(x.view(), array![0.0, 1.0].view()).is_err());
    Ok(())
}

#[test]
fn malformed_mlp_is_an_error() {
    let bad_shape = r#"{"kind": "mlp", "task": "regression", "feature_names": ["a"],
      "layers": [{"weights": [[1.0, 2.0]], "bias": [0.0], "activation": "relu"}]}"#;
    assert!(Mlp::from_json_str(bad_shape, "m").is_err());
    let two_outputs = r#"{"kind": "mlp", "task": "regression", "feature_names": ["a"],
      "layers": [{"weights": [[1.0], [2.0]], "bias": [0.0, 0.0], "activation": "relu"}]}"#;
    assert!(Mlp::from_json_str(two_outputs, "m").is_err());
    assert!(Mlp::from_json_str("{}", "m").is_err());
    let m = mlp();
    assert!(m.predict_margin(array![[f64::NAN, 0.0]].view()).is_err());
}
