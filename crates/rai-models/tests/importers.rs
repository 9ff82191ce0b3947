//! Importer edge cases: every base_score form, integers as strings, renumbering, and
//! clear errors (naming the file) for malformed or unsupported models.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use ndarray::array;
use proptest::prelude::*;
use rai_core::{Error, Model};
use rai_models::tree::{lightgbm, xgboost};
use serde_json::{Value, json};

/// x0 < 0.5 ? -1 : 1 (missing left), one tree; edits via the closure.
fn xgb(edit: impl FnOnce(&mut Value)) -> String {
    let mut doc = json!({"learner": {
        "feature_names": ["a", "b"],
        "feature_types": ["float", "float"],
        "learner_model_param": {"base_score": "[5E-1]", "num_class": "0", "num_feature": "2", "num_target": "1"},
        "objective": {"name": "binary:logistic"},
        "gradient_booster": {"name": "gbtree", "model": {"trees": [{
            "left_children": [1, -1, -1], "right_children": [2, -1, -1],
            "split_indices": [0, 0, 0], "split_conditions": [0.5, -1.0, 1.0],
            "split_type": [0, 0, 0],
            "default_left": [1, 0, 0], "base_weights": [0.1, -1.0, 1.0],
            "sum_hessian": [10.0, 4.0, 6.0],
            "tree_param": {"num_nodes": "3", "size_leaf_vector": "1"}}]}}},
        "version": [3, 2, 0]});
    edit(&mut doc);
    doc.to_string()
}

fn tree0(doc: &mut Value) -> &mut Value {
    &mut doc["learner"]["gradient_booster"]["model"]["trees"][0]
}

fn margins(text: &str) -> Vec<f64> {
    let m = xgboost::from_json_str(text, "m.json").unwrap();
    m.predict_margin(array![[0.0, 0.0], [1.0, 0.0], [f64::NAN, 0.0]].view())
        .unwrap()
        .to_vec()
}

#[test]
fn xgboost_base_score_forms_agree() {
    let expect = margins(&xgb(|_| {}));
    assert_eq!(expect, vec![-1.0, 1.0, -1.0]); // logit(0.5) = 0
    for form in [json!("5E-1"), json!("0.5"), json!(0.5), json!("[ 5E-1 ]")] {
        let text = xgb(|d| d["learner"]["learner_model_param"]["base_score"] = form.clone());
        assert_eq!(margins(&text), expect, "{form}");
    }
    let text = xgb(|d| d["learner"]["learner_model_param"]["base_score"] = json!("[7.310586E-1]"));
    assert!((margins(&text)[0] - 0.0).abs() < 1e-6); // logit(0.731) = 1, minus 1
}

#[test]
fn xgboost_bad_base_scores() {
    for (form, unsupported) in [
        (json!("[5E-1,5E-1]"), true),
        (json!("[abc]"), false),
        (json!("[5E-1"), false),
        (json!("1.5"), false), // not a probability for a logistic objective
        (json!(true), false),
    ] {
        let text = xgb(|d| d["learner"]["learner_model_param"]["base_score"] = form.clone());
        let e = xgboost::from_json_str(&text, "bad.json").unwrap_err();
        assert!(e.to_string().contains("bad.json"), "{e}");
        assert_eq!(
            matches!(e, Error::Unsupported { .. }),
            unsupported,
            "{form}: {e}"
        );
    }
}

#[test]
fn xgboost_integers_as_strings_and_bool_default_left() {
    let text = xgb(|d| {
        let t = tree0(d);
        t["left_children"] = json!(["1", "-1", "-1"]);
        t["split_indices"] = json!(["0", "0", "0"]);
        t["default_left"] = json!([true, false, false]);
        t["tree_param"]["num_nodes"] = json!(3);
    });
    assert_eq!(margins(&text), vec![-1.0, 1.0, -1.0]);
}

#[test]
fn xgboost_squared_error_base_score_is_identity() {
    let text = xgb(|d| {
        d["learner"]["objective"]["name"] = json!("reg:squarederror");
        d["learner"]["learner_model_param"]["base_score"] = json!("[3E1]");
    });
    let m = xgboost::from_json_str(&text, "m.json").unwrap();
    assert_eq!(m.base_score(), 30.0);
    assert_eq!(m.task(), rai_core::Task::Regression);
}

#[test]
fn xgboost_missing_feature_names_fall_back_to_f_index() {
    let text = xgb(|d| {
        d["learner"]
            .as_object_mut()
            .unwrap()
            .remove("feature_names");
    });
    let m = xgboost::from_json_str(&text, "m.json").unwrap();
    assert_eq!(m.feature_names(), ["f0", "f1"]);
    let text = xgb(|d| d["learner"]["feature_names"] = json!([]));
    let m = xgboost::from_json_str(&text, "m.json").unwrap();
    assert_eq!(m.feature_names(), ["f0", "f1"]);
}

#[test]
fn xgboost_nodes_are_renumbered_and_deleted_nodes_dropped() {
    // root 0 -> (3, 1); node 2 unreachable (deleted); node 1 is a split on b
    let text = xgb(|d| {
        *tree0(d) = json!({
            "left_children": [3, 4, -1, -1, -1, -1], "right_children": [1, 5, -1, -1, -1, -1],
            "split_indices": [0, 1, 0, 0, 0, 0], "split_conditions": [0.5, 2.0, 9.0, -1.0, 2.0, 3.0],
            "default_left": [0, 1, 0, 0, 0, 0], "base_weights": [0.0, 0.0, 9.0, -1.0, 2.0, 3.0],
            "sum_hessian": [10.0, 6.0, 0.0, 4.0, 3.0, 3.0],
            "tree_param": {"num_nodes": "6", "num_deleted": "1"}});
    });
    let m = xgboost::from_json_str(&text, "m.json").unwrap();
    assert_eq!(m.tree(0).len(), 5);
    let x = array![
        [0.0, 0.0],
        [1.0, 0.0],
        [1.0, 5.0],
        [f64::NAN, f64::NAN],
        [1.0, f64::NAN]
    ];
    assert_eq!(
        m.predict_margin(x.view()).unwrap().to_vec(),
        vec![-1.0, 2.0, 3.0, 2.0, 2.0]
    );
}

#[test]
fn xgboost_unsupported_models_name_the_file() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "multi-class",
            Box::new(|d| d["learner"]["learner_model_param"]["num_class"] = json!("3")),
        ),
        (
            "multi-target",
            Box::new(|d| d["learner"]["learner_model_param"]["num_target"] = json!("2")),
        ),
        (
            "objective `count:poisson`",
            Box::new(|d| d["learner"]["objective"]["name"] = json!("count:poisson")),
        ),
        (
            "booster `gblinear`",
            Box::new(|d| d["learner"]["gradient_booster"]["name"] = json!("gblinear")),
        ),
        (
            "categorical split",
            Box::new(|d| tree0(d)["split_type"] = json!([1, 0, 0])),
        ),
        (
            "categorical feature `a`",
            Box::new(|d| d["learner"]["feature_types"] = json!(["c", "float"])),
        ),
        (
            "vector leaves",
            Box::new(|d| tree0(d)["tree_param"]["size_leaf_vector"] = json!("2")),
        ),
    ];
    for (what, edit) in cases {
        let e = xgboost::from_json_str(&xgb(|d| edit(d)), "dir/model.json").unwrap_err();
        assert!(matches!(e, Error::Unsupported { .. }), "{what}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains("dir/model.json") && msg.contains(what),
            "{msg}"
        );
    }
}

#[test]
fn xgboost_malformed_models_name_the_file() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<Edit> = vec![
        Box::new(|d| d["learner"].as_object_mut().unwrap().clear()),
        Box::new(|d| tree0(d)["left_children"] = json!([1, -1])),
        Box::new(|d| tree0(d)["left_children"] = json!([7, -1, -1])),
        Box::new(|d| tree0(d)["left_children"] = json!([1, 1, -1])),
        Box::new(|d| tree0(d)["split_indices"] = json!([5, 0, 0])),
        Box::new(|d| tree0(d)["default_left"] = json!([2, 0, 0])),
        Box::new(|d| tree0(d)["tree_param"]["num_nodes"] = json!("4")),
        Box::new(|d| d["learner"]["feature_names"] = json!(["a"])),
        Box::new(
            |d| d["learner"]["gradient_booster"] = json!({"name": "dart", "gbtree": d["learner"]["gradient_booster"].clone(), "weight_drop": [1.0, 1.0]}),
        ),
    ];
    for (i, edit) in cases.into_iter().enumerate() {
        let e = xgboost::from_json_str(&xgb(|d| edit(d)), "m7.json").unwrap_err();
        assert!(matches!(e, Error::ModelFormat { .. }), "case {i}: {e}");
        assert!(e.to_string().contains("m7.json"), "case {i}: {e}");
    }
    let e = xgboost::from_json_str("{\"learner\": ", "trunc.json").unwrap_err();
    assert!(e.to_string().contains("trunc.json"));
}

#[test]
fn xgboost_dart_weights_scale_leaves() {
    let text = xgb(|d| {
        let gb = d["learner"]["gradient_booster"].clone();
        d["learner"]["gradient_booster"] =
            json!({"name": "dart", "gbtree": gb, "weight_drop": [0.5]});
    });
    assert_eq!(margins(&text), vec![-0.5, 0.5, -0.5]);
}

#[test]
fn xgboost_compares_in_float32() {
    // 0.1f64 rounds to the float32 threshold 0.1f32, so XGBoost sends it right
    let text = xgb(|d| tree0(d)["split_conditions"] = json!([0.1, -1.0, 1.0]));
    let m = xgboost::from_json_str(&text, "m.json").unwrap();
    let below = f64::from(0.1f32) - 1e-12; // also rounds to 0.1f32
    let x = array![[0.1, 0.0], [below, 0.0], [0.0999999, 0.0]];
    assert_eq!(
        m.predict_margin(x.view()).unwrap().to_vec(),
        vec![1.0, 1.0, -1.0]
    );
}

proptest! {
    #[test]
    fn f32_boundary_matches_float_comparison(t in any::<f32>(), k in -4i64..4, frac in -1.0f64..1.0) {
        prop_assume!(t.is_finite());
        let m = xgboost::f32_less_boundary(t);
        // probe values around t and around the boundary itself
        let ulp = f64::from(t).abs().max(1e-40) * f64::EPSILON;
        let probes = [
            f64::from(t),
            m,
            f64::from_bits((m.to_bits() as i64 + k) as u64),
            f64::from(t) + frac * f64::from(t).abs() * 1e-7,
            f64::from(t) + k as f64 * ulp,
        ];
        for x in probes {
            if x.is_finite() {
                prop_assert_eq!(x < m, (x as f32) < t, "t={} x={} m={}", t, x, m);
            }
        }
    }
}

// ---- LightGBM ----

fn lgb(objective: &str, decision_type: u8, tree_extra: &str) -> String {
    format!(
        "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=1\n\
         objective={objective}\nfeature_names=a b\nfeature_infos=none none\ntree_sizes=1\n\n\
         Tree=0\nnum_leaves=3\nnum_cat=0\nsplit_feature=1 0\nsplit_gain=1 1\n\
         threshold=0.5 1.0000000180025095e-35\ndecision_type=2 {decision_type}\n\
         left_child=1 -1\nright_child=-3 -2\nleaf_value=-1 1 3\nleaf_weight=1 1 1\n\
         leaf_count=2 3 5\ninternal_value=0 0.5\ninternal_weight=1 1\ninternal_count=10 5\n\
         {tree_extra}is_linear=0\nshrinkage=1\n\n\nend of trees\n\nfeature_importances:\n"
    )
}

fn lgb_margins(text: &str, x: ndarray::ArrayView2<'_, f64>) -> Vec<f64> {
    lightgbm::from_text(text, "m.txt")
        .unwrap()
        .predict_margin(x)
        .unwrap()
        .to_vec()
}

#[test]
fn lightgbm_missing_types() {
    // root: b <= 0.5 ? (a <= 1e-35 ? -1 : 1) : 3
    let x = array![
        [0.0, 0.0],
        [f64::NAN, 0.0],
        [-1.0, 0.0],
        [2.0, 0.0],
        [0.0, f64::NAN],
        [0.0, 1.0]
    ];
    // decision_type 0: missing None, NaN -> 0, default right irrelevant
    assert_eq!(
        lgb_margins(&lgb("binary sigmoid:1", 0, ""), x.view()),
        vec![-1.0, -1.0, -1.0, 1.0, -1.0, 3.0]
    );
    // 4: missing Zero, default right: 0 and NaN go right
    assert_eq!(
        lgb_margins(&lgb("binary sigmoid:1", 4, ""), x.view()),
        vec![1.0, 1.0, -1.0, 1.0, 1.0, 3.0]
    );
    // 6: missing Zero, default left
    assert_eq!(
        lgb_margins(&lgb("binary sigmoid:1", 6, ""), x.view()),
        vec![-1.0, -1.0, -1.0, 1.0, -1.0, 3.0]
    );
    // 8: missing NaN, default right: NaN right, 0 compared
    assert_eq!(
        lgb_margins(&lgb("binary sigmoid:1", 8, ""), x.view()),
        vec![-1.0, 1.0, -1.0, 1.0, -1.0, 3.0]
    );
    let m = lightgbm::from_text(&lgb("regression", 8, ""), "m.txt").unwrap();
    assert_eq!(m.task(), rai_core::Task::Regression);
    assert_eq!(m.tree(0)[0].cover, 10.0);
    assert_eq!(m.tree(0)[1].value, 0.5);
}

#[test]
fn lightgbm_unsupported_models_name_the_file() {
    let cases = [
        (lgb("binary sigmoid:1", 1, ""), "categorical split"),
        (
            lgb("binary sigmoid:1", 8, "").replace("num_cat=0", "num_cat=1"),
            "num_cat=1",
        ),
        (lgb("binary sigmoid:-1", 8, ""), "sigmoid:-1"),
        (lgb("poisson", 8, ""), "objective `poisson`"),
        (lgb("regression sqrt", 8, ""), "sqrt"),
        (
            lgb("binary sigmoid:1", 8, "").replace("num_class=1", "num_class=3"),
            "num_class=3",
        ),
        (
            lgb("binary sigmoid:1", 8, "").replace("is_linear=0", "is_linear=1"),
            "linear trees",
        ),
    ];
    for (text, what) in cases {
        let e = lightgbm::from_text(&text, "dir/m.txt").unwrap_err();
        assert!(matches!(e, Error::Unsupported { .. }), "{what}: {e}");
        let msg = e.to_string();
        assert!(msg.contains("dir/m.txt") && msg.contains(what), "{msg}");
    }
}

#[test]
fn lightgbm_malformed_models_name_file_and_line() {
    let good = lgb("binary sigmoid:1", 8, "");
    let cases = [
        good.replace("end of trees", ""),
        good.replace("leaf_value=-1 1 3", "leaf_value=-1 1"),
        good.replace("leaf_value=-1 1 3", "leaf_value=-1 x 3"),
        good.replace("left_child=1 -1", "left_child=1 -9"),
        good.replace("left_child=1 -1", "left_child=1 -3"),
        good.replace("split_feature=1 0", "split_feature=1 7"),
        good.replace("max_feature_idx=1", "max_feature_idx=4"),
        good.replace("objective=binary sigmoid:1\n", ""),
        good.replace("tree\nversion", "version"),
        good.replace("threshold=0.5 ", "threshold=nan "),
    ];
    for (i, text) in cases.iter().enumerate() {
        let e = lightgbm::from_text(text, "bad.txt").unwrap_err();
        assert!(matches!(e, Error::ModelFormat { .. }), "case {i}: {e}");
        assert!(e.to_string().contains("bad.txt"), "case {i}: {e}");
    }
    let e = lightgbm::from_text(
        &good.replace("leaf_value=-1 1 3", "leaf_value=-1 x 3"),
        "bad.txt",
    )
    .unwrap_err();
    assert!(e.to_string().contains("line 21"), "{e}");
}

#[test]
fn lightgbm_sigmoid_scales_the_margin() {
    let x = array![[0.0, 0.0], [0.0, 1.0]];
    assert_eq!(
        lgb_margins(&lgb("binary sigmoid:2", 8, ""), x.view()),
        vec![-2.0, 6.0]
    );
}

#[test]
fn lightgbm_average_output_divides_by_tree_count() {
    let one = lgb("binary sigmoid:1", 8, "");
    let tree = one[one.find("Tree=0").unwrap()..one.find("end of trees").unwrap()].to_owned();
    let two = one
        .replace("feature_names=", "average_output\nfeature_names=")
        .replace(
            "end of trees",
            &format!("{}end of trees", tree.replace("Tree=0", "Tree=1")),
        );
    let x = array![[0.0, 0.0], [0.0, 1.0]];
    assert_eq!(lgb_margins(&two, x.view()), vec![-1.0, 3.0]);
    let no_avg = two.replace("average_output\n", "");
    assert_eq!(lgb_margins(&no_avg, x.view()), vec![-2.0, 6.0]);
}

#[test]
fn xgboost_ubjson_is_unsupported_with_a_hint() {
    let mut bytes = b"{L\x00\x00\x00\x00\x00\x00\x00\x07learner{".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'}', b'}']);
    let e = rai_models::AnyModel::from_bytes(&bytes, "m.ubj").unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    assert!(
        e.to_string().contains("m.ubj") && e.to_string().contains("JSON"),
        "{e}"
    );
}
