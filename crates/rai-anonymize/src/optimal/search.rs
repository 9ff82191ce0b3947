//! The optimal search over the generalisation lattice.

use std::sync::Arc;

use rayon::prelude::*;

use rai_core::{Error, Result};

use super::classes::{Classes, Scratch, roll_up};
use super::data::AnonymizationData;
use super::params::OptimalParams;
use crate::metric::{ClassSums, Metric, Score};
use crate::privacy::{PrivacyModel, TDistance};

/// Nodes evaluated per parallel batch (fixed, so results and counts do not depend on
/// the number of threads).
const BATCH: usize = 16;

/// Most `u32`s kept in the class cache.
const CACHE_BUDGET: usize = 24 << 20;

/// The result of evaluating one transformation.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeEvaluation {
    /// Level per quasi-identifier.
    pub levels: Vec<usize>,
    /// Whether the models hold after suppressing failing classes within the budget.
    pub anonymous: bool,
    /// Records in classes that fail a model.
    pub suppressed_records: u64,
    /// Number of equivalence classes (suppressed ones included).
    pub n_classes: usize,
    /// The score (computed for every transformation, anonymous or not).
    pub score: Score,
}

/// The outcome of [`optimal_search`].
#[derive(Debug, Clone, PartialEq)]
pub struct OptimalResult {
    /// The optimum's level per quasi-identifier (hierarchy column index).
    pub levels: Vec<usize>,
    /// `(column, level)` pairs in quasi-identifier order.
    pub generalisation: Vec<(String, usize)>,
    /// The optimum's score.
    pub score: Score,
    /// The metric used.
    pub metric: Metric,
    /// Records suppressed by the optimum.
    pub suppressed_records: usize,
    /// Transformations whose classes were computed.
    pub transformations_checked: usize,
    /// Number of transformations in the lattice.
    pub lattice_size: usize,
    /// Number of equivalence classes of the optimum, suppressed ones included.
    pub n_classes: usize,
    /// Whether each input row is suppressed.
    pub row_suppressed: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Unknown,
    /// Known not to satisfy the models (evaluated, or inferred from a generalisation).
    NotAnonymous,
    Evaluated,
}

fn check_models(data: &AnonymizationData, params: &OptimalParams) -> Result<()> {
    params.validate()?;
    for m in &params.models {
        if m.needs_sensitive() && data.sensitive.is_none() {
            return Err(Error::invalid_parameter(
                "sensitive",
                "none",
                "a sensitive attribute for l-diversity and t-closeness",
            ));
        }
        if let PrivacyModel::TCloseness {
            distance: TDistance::Hierarchical,
            ..
        } = m
        {
            if !data
                .sensitive
                .as_ref()
                .is_some_and(|s| s.context.has_hierarchy())
            {
                return Err(Error::invalid_parameter(
                    "t-distance",
                    "hierarchical",
                    "a hierarchy for the sensitive attribute",
                ));
            }
        }
        if let PrivacyModel::KAnonymity { k } = m {
            if *k > data.n {
                return Err(Error::invalid_parameter(
                    "k",
                    k,
                    format!("at most the number of records ({})", data.n),
                ));
            }
        }
    }
    Ok(())
}

/// Evaluates a node from its classes.
fn evaluate(
    data: &AnonymizationData,
    params: &OptimalParams,
    budget: u64,
    classes: &Classes,
    levels: &[u8],
) -> (NodeEvaluation, ClassSums) {
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    let ctx = data.sensitive.as_ref().map(|c| &c.context);
    let mut sums = ClassSums::default();
    let mut supp: Vec<(u32, u32)> = Vec::new();
    for i in 0..classes.len() {
        let c = classes.count[i];
        let hist: &[u32] = if s > 0 {
            &classes.hist[i * s..(i + 1) * s]
        } else {
            &[]
        };
        let sq = f64::from(c) * f64::from(c);
        sums.sumsq_all += sq;
        if params
            .models
            .iter()
            .all(|m| m.holds(u64::from(c), hist, ctx))
        {
            sums.sumsq_kept += sq;
        } else {
            sums.suppressed += u64::from(c);
            supp.push((c, classes.rep[i]));
        }
    }
    let q = data.qis.len();
    let score = data
        .tables
        .score(params.metric, levels, sums, &supp, |j, rep| {
            data.qis[j].gen_map(levels[j] as usize)
                [data.bottom_codes[rep as usize * q + j] as usize]
        });
    (
        NodeEvaluation {
            levels: levels.iter().map(|&l| l as usize).collect(),
            anonymous: sums.suppressed <= budget,
            suppressed_records: sums.suppressed,
            n_classes: classes.len(),
            score,
        },
        sums,
    )
}

/// Evaluates one transformation directly (for tests and reports).
///
/// # Errors
/// Parameter errors as [`optimal_search`]; [`Error::LengthMismatch`] or
/// [`Error::InvalidParameter`] for a level vector of the wrong length or out of range.
pub fn evaluate_transformation(
    data: &AnonymizationData,
    params: &OptimalParams,
    levels: &[usize],
) -> Result<NodeEvaluation> {
    check_models(data, params)?;
    rai_core::error::ensure_len("levels", data.qis.len(), levels.len())?;
    for (j, &l) in levels.iter().enumerate() {
        if l >= data.qis[j].n_levels() {
            return Err(Error::invalid_parameter(
                format!("level of `{}`", data.qis[j].name()),
                l,
                format!("below {}", data.qis[j].n_levels()),
            ));
        }
    }
    let lv: Vec<u8> = levels.iter().map(|&l| l as u8).collect();
    let mut scratch = Scratch::default();
    let classes = roll_up(data, &Classes::bottom(data), &lv, &mut scratch);
    Ok(evaluate(data, params, params.budget(data.n), &classes, &lv).0)
}

/// Finds the globally optimal transformation.
///
/// # Examples
/// ```
/// use rai_anonymize::encode::StringTable;
/// use rai_anonymize::hierarchy::Hierarchy;
/// use rai_anonymize::optimal::{AnonymizationData, OptimalParams, optimal_search};
/// use rai_anonymize::privacy::PrivacyModel;
/// let t = StringTable::from_csv_bytes(b"age;sex\n21;m\n22;m\n23;f\n24;f\n", "t", None)?;
/// let age = Hierarchy::from_arx_csv_bytes(b"21;20-22;*\n22;20-22;*\n23;23-24;*\n24;23-24;*\n", "a", None)?;
/// let sex = Hierarchy::from_arx_csv_bytes(b"m;*\nf;*\n", "s", None)?;
/// let data = AnonymizationData::new(&t, &[("age".into(), age), ("sex".into(), sex)], None)?;
/// let res = optimal_search(&data, &OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 2 }]))?;
/// assert_eq!(res.levels, vec![1, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for invalid parameters, a model needing a sensitive
/// attribute (or its hierarchy) that is missing, or `k` above the number of records;
/// [`Error::Guarantee`] when no transformation satisfies the models within the
/// suppression limit.
pub fn optimal_search(data: &AnonymizationData, params: &OptimalParams) -> Result<OptimalResult> {
    check_models(data, params)?;
    let lat = &data.lattice;
    let size = lat.size();
    let q = lat.dims();
    let budget = params.budget(data.n);
    let monotone = budget == 0
        || params
            .models
            .iter()
            .all(PrivacyModel::is_monotone_with_suppression);
    let bottom = Arc::new(Classes::bottom(data));
    let mut cache: Vec<Option<Arc<Classes>>> = vec![None; size];
    let mut cache_used = 0usize;
    let mut status = vec![Status::Unknown; size];
    let mut checked = 0usize;
    // (score, height, id)
    let mut best: Option<(f64, usize, usize, NodeEvaluation)> = None;
    let heights: Vec<usize> = (0..size).map(|id| lat.height(id)).collect();

    let pick_source = |cache: &[Option<Arc<Classes>>], id: usize| -> Arc<Classes> {
        let mut bestc: Option<&Arc<Classes>> = None;
        let mut frontier = vec![id];
        for _depth in 0..2 {
            let mut next = Vec::new();
            for &x in &frontier {
                for p in lat.predecessors(x) {
                    if let Some(c) = &cache[p] {
                        if bestc.is_none_or(|b| c.len() < b.len()) {
                            bestc = Some(c);
                        }
                    }
                    next.push(p);
                }
            }
            if bestc.is_some() {
                break;
            }
            next.sort_unstable();
            next.dedup();
            frontier = next;
        }
        bestc.cloned().unwrap_or_else(|| bottom.clone())
    };

    let run_batch = |cache: &[Option<Arc<Classes>>], batch: &[usize]| {
        batch
            .par_iter()
            .map_init(Scratch::default, |scratch, &id| {
                let levels = lat.levels(id);
                let src = pick_source(cache, id);
                let classes = roll_up(data, &src, &levels, scratch);
                let (ev, sums) = evaluate(data, params, budget, &classes, &levels);
                (id, classes, ev, sums)
            })
            .collect::<Vec<_>>()
    };

    let is_better =
        |score: f64, h: usize, id: usize, best: &Option<(f64, usize, usize, NodeEvaluation)>| {
            match best {
                None => true,
                Some((bs, bh, bid, _)) => score < *bs || score == *bs && (h, id) < (*bh, *bid),
            }
        };

    if params.metric.has_level_bound() {
        let lb: Vec<f64> = (0..size)
            .map(|id| {
                data.tables
                    .level_bound(params.metric, &lat.levels(id))
                    .unwrap_or(0.0)
            })
            .collect();
        let mut order: Vec<usize> = (0..size).collect();
        order.sort_by(|&a, &b| {
            lb[a]
                .total_cmp(&lb[b])
                .then(heights[a].cmp(&heights[b]))
                .then(a.cmp(&b))
        });
        let mut idx = 0;
        let mut done = false;
        while !done {
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH && idx < size {
                let id = order[idx];
                if let Some((bs, ..)) = &best {
                    if lb[id] > *bs + 1e-12 * bs.abs() {
                        done = true;
                        break;
                    }
                }
                idx += 1;
                if status[id] == Status::Unknown {
                    batch.push(id);
                }
            }
            if batch.is_empty() {
                break;
            }
            let results = run_batch(&cache, &batch);
            for (id, classes, ev, _sums) in results {
                checked += 1;
                if ev.anonymous {
                    status[id] = Status::Evaluated;
                    if is_better(ev.score.value, heights[id], id, &best) {
                        best = Some((ev.score.value, heights[id], id, ev));
                    }
                } else if monotone {
                    mark_down(lat, &mut status, id);
                } else {
                    status[id] = Status::NotAnonymous;
                }
                if cache_used + classes.footprint() <= CACHE_BUDGET {
                    cache_used += classes.footprint();
                    cache[id] = Some(Arc::new(classes));
                }
            }
        }
    } else {
        // Discernibility: bottom-up by height; DM* of a specialisation bounds both DM
        // and DM* from below.
        let mut dynlb = vec![0f64; size];
        let max_h = heights.iter().copied().max().unwrap_or(0);
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); max_h + 1];
        for id in 0..size {
            layers[heights[id]].push(id);
        }
        for layer in &layers {
            let mut cand = Vec::new();
            for &id in layer {
                let from_preds = lat
                    .predecessors(id)
                    .iter()
                    .map(|&p| dynlb[p])
                    .fold(0.0, f64::max);
                dynlb[id] = dynlb[id].max(from_preds);
                let pruned = best.as_ref().is_some_and(|(bs, ..)| dynlb[id] > *bs);
                if !pruned && status[id] == Status::Unknown {
                    cand.push(id);
                }
            }
            for batch in cand.chunks(BATCH * 4) {
                let results = run_batch(&cache, batch);
                for (id, classes, ev, sums) in results {
                    checked += 1;
                    dynlb[id] = dynlb[id].max(sums.sumsq_all);
                    if ev.anonymous {
                        status[id] = Status::Evaluated;
                        if is_better(ev.score.value, heights[id], id, &best) {
                            best = Some((ev.score.value, heights[id], id, ev));
                        }
                    } else {
                        status[id] = Status::NotAnonymous;
                    }
                    if cache_used + classes.footprint() <= CACHE_BUDGET {
                        cache_used += classes.footprint();
                        cache[id] = Some(Arc::new(classes));
                    }
                }
            }
            // free the cache two layers down
            let _ = &layer;
        }
    }

    let Some((_, _, best_id, best_ev)) = best else {
        return Err(Error::Guarantee {
            what: format!(
                "no transformation satisfies the privacy models with at most {budget} suppressed records ({} of {})",
                params.max_suppression, data.n
            ),
        });
    };
    // Row-level suppression of the optimum.
    let levels = lat.levels(best_id);
    let mut scratch = Scratch::default();
    let row_suppressed = suppressed_rows(data, params, &levels, &mut scratch);
    let generalisation = data
        .qis
        .iter()
        .zip(&levels)
        .map(|(qi, &l)| (qi.name().to_string(), l as usize))
        .collect();
    let _ = q;
    Ok(OptimalResult {
        levels: levels.iter().map(|&l| l as usize).collect(),
        generalisation,
        score: best_ev.score,
        metric: params.metric,
        suppressed_records: best_ev.suppressed_records as usize,
        transformations_checked: checked,
        lattice_size: size,
        n_classes: best_ev.n_classes,
        row_suppressed,
    })
}

/// Marks `id` and all its specialisations not anonymous.
fn mark_down(lat: &crate::lattice::Lattice, status: &mut [Status], id: usize) {
    let mut stack = vec![id];
    status[id] = Status::NotAnonymous;
    while let Some(x) = stack.pop() {
        for p in lat.predecessors(x) {
            if status[p] != Status::NotAnonymous {
                status[p] = Status::NotAnonymous;
                stack.push(p);
            }
        }
    }
}

/// Whether each row is suppressed at `levels`.
fn suppressed_rows(
    data: &AnonymizationData,
    params: &OptimalParams,
    levels: &[u8],
    scratch: &mut Scratch,
) -> Vec<bool> {
    // Roll up with one class per bottom class to learn each bottom class's class.
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    let ctx = data.sensitive.as_ref().map(|c| &c.context);
    let bottom = Classes::bottom(data);
    let classes = roll_up(data, &bottom, levels, scratch);
    // Map each bottom class to its class via the representative's labels.
    let q = data.qis.len();
    let key = |b: u32| -> Vec<u32> {
        (0..q)
            .map(|j| {
                data.qis[j].gen_map(levels[j] as usize)
                    [data.bottom_codes[b as usize * q + j] as usize]
            })
            .collect()
    };
    let mut fails = std::collections::HashMap::with_capacity(classes.len());
    for i in 0..classes.len() {
        let hist: &[u32] = if s > 0 {
            &classes.hist[i * s..(i + 1) * s]
        } else {
            &[]
        };
        let c = u64::from(classes.count[i]);
        let fail = !params.models.iter().all(|m| m.holds(c, hist, ctx));
        fails.insert(key(classes.rep[i]), fail);
    }
    let bottom_fail: Vec<bool> = (0..data.bottom_count.len() as u32)
        .map(|b| fails.get(&key(b)).copied().unwrap_or(true))
        .collect();
    data.row_bottom
        .iter()
        .map(|&b| bottom_fail[b as usize])
        .collect()
}
