//! A small dense neural network (multi-layer perceptron) with a documented JSON form.
//!
//! JSON form:
//! ```json
//! {"kind": "mlp", "task": "binary_classification", "feature_names": ["a", "b"],
//!  "layers": [
//!    {"weights": [[0.5, -1.0], [1.0, 1.0], [0.0, 2.0]], "bias": [0.0, 0.1, -0.2], "activation": "relu"},
//!    {"weights": [[1.0, -1.0, 0.5]], "bias": [0.0], "activation": "identity"}]}
//! ```
//! `weights` of a layer is `outputs x inputs` (row `k` holds the weights of output unit
//! `k`, as PyTorch's `Linear.weight` and the transpose of scikit-learn's `coefs_[i]`).
//! The first layer has one input per feature; the last layer has exactly one output, the
//! margin (log-odds for `binary_classification`, the prediction for `regression`).
//! Activations: `identity`, `relu`, `tanh`, `sigmoid`. A `NaN` input is an error.

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::model::check_features;
use rai_core::{Error, Model, Result, Task, sigmoid};
use serde::{Deserialize, Serialize};

use super::Differentiable;

/// Activation function of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `f(z) = z`.
    Identity,
    /// `f(z) = max(z, 0)` (derivative 0 at 0).
    Relu,
    /// `f(z) = tanh(z)`.
    Tanh,
    /// `f(z) = 1 / (1 + exp(-z))`.
    Sigmoid,
}

impl Activation {
    fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Relu => z.max(0.0),
            Activation::Tanh => z.tanh(),
            Activation::Sigmoid => sigmoid(z),
        }
    }

    /// Derivative given the pre-activation `z` and the output `a`.
    fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => 1.0 - a * a,
            Activation::Sigmoid => a * (1.0 - a),
        }
    }
}

/// One dense layer: `a = activation(W x + b)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseLayer {
    /// `outputs x inputs` weights.
    pub weights: Vec<Vec<f64>>,
    /// One bias per output.
    pub bias: Vec<f64>,
    /// Activation.
    pub activation: Activation,
}

#[derive(Serialize, Deserialize)]
struct MlpJson {
    kind: String,
    task: Task,
    feature_names: Vec<String>,
    layers: Vec<DenseLayer>,
}

/// A multi-layer perceptron.
///
/// JSON form: `{"kind": "mlp", "task": "binary_classification" | "regression",
/// "feature_names": [..], "layers": [{"weights": [[..], ..], "bias": [..],
/// "activation": "identity" | "relu" | "tanh" | "sigmoid"}, ..]}`, where `weights` is
/// `outputs x inputs` and the last layer has one output (the margin).
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    feature_names: Vec<String>,
    task: Task,
    layers: Vec<DenseLayer>,
    /// weights per layer as matrices (outputs x inputs)
    mats: Vec<Array2<f64>>,
}

impl Mlp {
    /// Builds a network, checking the layer shapes.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for no layers, ragged weights, shapes that do not
    /// chain, or a last layer with more than one output; [`Error::NonFinite`] for a
    /// non-finite weight or bias.
    pub fn new(feature_names: Vec<String>, task: Task, layers: Vec<DenseLayer>) -> Result<Self> {
        if layers.is_empty() {
            return Err(Error::invalid_parameter(
                "layers",
                "[]",
                "at least one layer",
            ));
        }
        let mut inputs = feature_names.len();
        let mut mats = Vec::with_capacity(layers.len());
        for (l, layer) in layers.iter().enumerate() {
            let outputs = layer.weights.len();
            if outputs == 0 || layer.bias.len() != outputs {
                return Err(Error::invalid_parameter(
                    format!("layers[{l}]"),
                    format!("{} weight rows, {} biases", outputs, layer.bias.len()),
                    "one bias per weight row, at least one row",
                ));
            }
            let mut data = Vec::with_capacity(outputs * inputs);
            for (k, row) in layer.weights.iter().enumerate() {
                if row.len() != inputs {
                    return Err(Error::invalid_parameter(
                        format!("layers[{l}].weights[{k}]"),
                        format!("{} values", row.len()),
                        format!("{inputs} values (one per input of the layer)"),
                    ));
                }
                data.extend_from_slice(row);
            }
            if let Some((i, v)) = data
                .iter()
                .chain(&layer.bias)
                .enumerate()
                .find(|(_, v)| !v.is_finite())
            {
                return Err(Error::NonFinite {
                    what: format!("layers[{l}] weights/bias"),
                    index: i,
                    value: *v,
                });
            }
            let m = Array2::from_shape_vec((outputs, inputs), data)
                .map_err(|e| Error::invalid_parameter("layer shape", e, "a valid shape"))?;
            mats.push(m);
            inputs = outputs;
        }
        if inputs != 1 {
            return Err(Error::invalid_parameter(
                "last layer outputs",
                inputs,
                "exactly one output (the margin)",
            ));
        }
        Ok(Self {
            feature_names,
            task,
            layers,
            mats,
        })
    }

    /// Parses the JSON form; `name` is used in messages.
    ///
    /// # Errors
    /// [`Error::ModelFormat`] for malformed JSON or a `kind` other than `"mlp"`; the errors
    /// of [`Mlp::new`].
    pub fn from_json_str(text: &str, name: &str) -> Result<Self> {
        let j: MlpJson = serde_json::from_str(text).map_err(|e| Error::ModelFormat {
            path: name.to_owned(),
            message: format!("not an MLP JSON document: {e}"),
        })?;
        if j.kind != "mlp" {
            return Err(Error::ModelFormat {
                path: name.to_owned(),
                message: format!("`kind` is `{}`, expected `mlp`", j.kind),
            });
        }
        Self::new(j.feature_names, j.task, j.layers)
    }

    /// Serialises to the JSON form.
    pub fn to_json_string(&self) -> String {
        let j = MlpJson {
            kind: "mlp".into(),
            task: self.task,
            feature_names: self.feature_names.clone(),
            layers: self.layers.clone(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// The layers.
    pub fn layers(&self) -> &[DenseLayer] {
        &self.layers
    }

    /// Forward pass of one row, keeping pre-activations and outputs per layer.
    fn forward(&self, row: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut zs = Vec::with_capacity(self.mats.len());
        let mut acts = Vec::with_capacity(self.mats.len() + 1);
        acts.push(row.to_vec());
        for (m, layer) in self.mats.iter().zip(&self.layers) {
            let input = acts.last().map(Vec::as_slice).unwrap_or(&[]);
            let z: Vec<f64> = m
                .rows()
                .into_iter()
                .zip(&layer.bias)
                .map(|(w, b)| w.iter().zip(input).map(|(a, x)| a * x).sum::<f64>() + b)
                .collect();
            let a: Vec<f64> = z.iter().map(|&v| layer.activation.apply(v)).collect();
            zs.push(z);
            acts.push(a);
        }
        (zs, acts)
    }

    fn check_row(&self, i: usize, row: &[f64]) -> Result<()> {
        if let Some(j) = row.iter().position(|v| v.is_nan()) {
            return Err(Error::NonFinite {
                what: format!(
                    "feature `{}` (the MLP needs every value)",
                    self.feature_names[j]
                ),
                index: i,
                value: f64::NAN,
            });
        }
        Ok(())
    }
}

impl Model for Mlp {
    fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    fn task(&self) -> Task {
        self.task
    }

    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        check_features(&x, self.feature_names.len())?;
        let mut out = Array1::zeros(x.nrows());
        for (i, row) in x.rows().into_iter().enumerate() {
            let row = row.to_vec();
            self.check_row(i, &row)?;
            let (_, acts) = self.forward(&row);
            out[i] = acts
                .last()
                .and_then(|a| a.first())
                .copied()
                .unwrap_or(f64::NAN);
        }
        Ok(out)
    }
}

impl Differentiable for Mlp {
    fn margin_gradient(&self, x: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>)> {
        check_features(&x, self.feature_names.len())?;
        let mut margins = Array1::zeros(x.nrows());
        let mut grads = Array2::zeros((x.nrows(), x.ncols()));
        for (i, row) in x.rows().into_iter().enumerate() {
            let row = row.to_vec();
            self.check_row(i, &row)?;
            let (zs, acts) = self.forward(&row);
            margins[i] = acts
                .last()
                .and_then(|a| a.first())
                .copied()
                .unwrap_or(f64::NAN);
            // backward: d margin / d (layer output)
            let mut upstream = vec![1.0];
            for l in (0..self.mats.len()).rev() {
                let act = self.layers[l].activation;
                let delta: Vec<f64> = upstream
                    .iter()
                    .enumerate()
                    .map(|(k, u)| u * act.derivative(zs[l][k], acts[l + 1][k]))
                    .collect();
                let m = &self.mats[l];
                let mut down = vec![0.0; m.ncols()];
                for (k, d) in delta.iter().enumerate() {
                    if *d != 0.0 {
                        for (j, w) in m.row(k).iter().enumerate() {
                            down[j] += d * w;
                        }
                    }
                }
                upstream = down;
            }
            for (j, g) in upstream.into_iter().enumerate() {
                grads[[i, j]] = g;
            }
        }
        Ok((margins, grads))
    }
}
