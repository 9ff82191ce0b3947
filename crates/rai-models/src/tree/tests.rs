//! Unit tests for the ensemble structure and predictor.

use super::*;
use ndarray::array;
use rai_core::Model;

/// f0 < 0.5 ? (f1 < 2 ? 1 : 2) : 3, missing f0 goes right.
pub(crate) fn small() -> TreeEnsemble {
    let tree = vec![
        Node::split(0, 0.5, 1, 2, false, 10.0),
        Node::split(1, 2.0, 3, 4, true, 6.0),
        Node::leaf(3.0, 4.0),
        Node::leaf(1.0, 3.0),
        Node::leaf(2.0, 3.0),
    ];
    TreeEnsemble::new(
        vec!["f0".into(), "f1".into()],
        Task::Regression,
        0.5,
        vec![tree, vec![Node::leaf(-0.5, 10.0)]],
        EnsembleSource::Native,
    )
    .unwrap()
}

#[test]
fn predicts_with_missing_values() -> rai_core::Result<()> {
    let m = small();
    let x = array![
        [0.0, 1.0],
        [0.0, 5.0],
        [1.0, 0.0],
        [f64::NAN, 0.0],
        [0.0, f64::NAN]
    ];
    let p = m.predict_margin(x.view())?;
    assert_eq!(p.to_vec(), vec![1.0, 2.0, 3.0, 3.0, 1.0]);
    assert_eq!(m.max_depth(), 2);
    Ok(())
}

#[test]
fn lightgbm_rules() {
    let mut n = Node::split(0, 1.0, 1, 2, true, 1.0);
    n.cmp = SplitCmp::LessEqual;
    assert_eq!(n.next(1.0), 1);
    n.missing = MissingRule::ZeroOrNan;
    n.default_left = false;
    assert_eq!(n.next(0.0), 2);
    n.missing = MissingRule::NanAsZero;
    assert_eq!(n.next(f64::NAN), 1);
}

#[test]
fn invalid_trees_are_rejected() {
    let bad_child = vec![Node::split(0, 0.5, 0, 1, true, 1.0), Node::leaf(1.0, 1.0)];
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![bad_child],
            EnsembleSource::Native
        )
        .is_err()
    );
    let bad_feature = vec![
        Node::split(3, 0.5, 1, 2, true, 1.0),
        Node::leaf(1.0, 1.0),
        Node::leaf(1.0, 1.0),
    ];
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![bad_feature],
            EnsembleSource::Native
        )
        .is_err()
    );
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![vec![]],
            EnsembleSource::Native
        )
        .is_err()
    );
    let m = small();
    assert!(m.predict_margin(array![[1.0]].view()).is_err());
}

/// The documented split semantics, written out plainly.
fn reference_next(n: &Node, x: f64) -> u32 {
    let cmp = |v: f64| match n.cmp {
        SplitCmp::Less => v < n.threshold,
        SplitCmp::LessEqual => v <= n.threshold,
    };
    let left = match n.missing {
        MissingRule::Nan if x.is_nan() => n.default_left,
        MissingRule::Nan => cmp(x),
        MissingRule::ZeroOrNan if x.is_nan() || x.abs() <= 1e-35 => n.default_left,
        MissingRule::ZeroOrNan => cmp(x),
        MissingRule::NanAsZero => cmp(if x.is_nan() { 0.0 } else { x }),
    };
    if left { n.left } else { n.right }
}

fn reference_margin(m: &TreeEnsemble, row: &[f64]) -> f64 {
    let mut s = m.base_score();
    for tree in m.trees() {
        let mut i = 0usize;
        while !tree[i].is_leaf() {
            i = reference_next(&tree[i], row[tree[i].feature as usize]) as usize;
        }
        s += tree[i].value;
    }
    s
}

/// A complete tree of the given depth with splits drawn from `params`.
fn random_tree(depth: u32, params: &[(u32, f64, u8)], leaves: &[f64]) -> Vec<Node> {
    let n_split = (1usize << depth) - 1;
    let mut nodes = Vec::new();
    for i in 0..n_split {
        let (f, t, kind) = params[i % params.len()];
        let mut n = Node::split(f, t, 2 * i as u32 + 1, 2 * i as u32 + 2, kind & 1 == 1, 1.0);
        n.cmp = if kind & 2 == 0 {
            SplitCmp::Less
        } else {
            SplitCmp::LessEqual
        };
        n.missing = match (kind >> 2) % 3 {
            0 => MissingRule::Nan,
            1 => MissingRule::ZeroOrNan,
            _ => MissingRule::NanAsZero,
        };
        nodes.push(n);
    }
    for j in 0..=n_split {
        nodes.push(Node::leaf(leaves[j % leaves.len()], 1.0));
    }
    nodes
}

proptest::proptest! {
    #[test]
    fn batch_prediction_matches_reference_semantics(
        params in proptest::collection::vec((0u32..3, -2i32..3, 0u8..12), 1..8),
        leaves in proptest::collection::vec(-5.0f64..5.0, 1..9),
        cells in proptest::collection::vec(0u8..7, 3 * 20..3 * 20 + 1),
        depth in 1u32..5,
        n_trees in 1usize..4,
    ) {
        let params: Vec<(u32, f64, u8)> =
            params.into_iter().map(|(f, t, k)| (f, f64::from(t) * 0.5, k)).collect();
        let trees = (0..n_trees).map(|_| random_tree(depth, &params, &leaves)).collect();
        let m = TreeEnsemble::new(
            vec!["a".into(), "b".into(), "c".into()], Task::Regression, 0.25, trees,
            EnsembleSource::Native,
        ).unwrap();
        // values on and around thresholds, zero, tiny and NaN
        let pick = [f64::NAN, 0.0, 1e-40, -0.5, 0.5, 1.0, 7.0];
        let data: Vec<f64> = cells.iter().map(|&c| pick[c as usize]).collect();
        let x = ndarray::Array2::from_shape_vec((20, 3), data).unwrap();
        let got = m.predict_margin(x.view()).unwrap();
        // column-major input gives the same result
        let xf = x.t().as_standard_layout().to_owned();
        let got_f = m.predict_margin(xf.t()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            let want = reference_margin(&m, row.as_slice().unwrap());
            proptest::prop_assert_eq!(got[i], want);
            proptest::prop_assert_eq!(got_f[i], want);
            proptest::prop_assert_eq!(m.margin_row(row), want);
        }
    }
}
