//! The optimal search over the generalisation lattice.

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;

use rai_core::{Error, Result};

use super::classes::{Classes, Scratch, roll_up};
use super::data::AnonymizationData;
use super::params::OptimalParams;
use crate::lattice::Lattice;
use crate::metric::{ClassSums, Metric, Score};
use crate::privacy::{PrivacyModel, TDistance};

/// Nodes evaluated per parallel batch where anonymity cannot be inferred (fixed, so
/// results and counts do not depend on the number of threads).
const BATCH: usize = 16;

/// Most `u32`s kept in the class cache.
const CACHE_BUDGET: usize = 24 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

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
    /// The score (as if the failing classes were suppressed, also when over budget).
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
    /// Transformations whose equivalence classes were computed.
    pub transformations_checked: usize,
    /// Number of transformations in the lattice.
    pub lattice_size: usize,
    /// Number of equivalence classes of the optimum, suppressed ones included.
    pub n_classes: usize,
    /// Whether each input row is suppressed.
    pub row_suppressed: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Unknown,
    /// Known not to satisfy the models (evaluated, or inferred from a generalisation).
    NotAnonymous,
    /// Known to satisfy them (inferred from a specialisation), not evaluated.
    AnonymousKnown,
    /// Evaluated and satisfying them.
    Evaluated,
}

/// Internal evaluation of one node.
struct Eval {
    anonymous: bool,
    /// Records in classes failing a model that is monotone with suppression
    /// (k-anonymity, distinct l-diversity).
    mono_suppressed: u64,
    sums: ClassSums,
    n_classes: usize,
    score: Option<Score>,
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

/// Evaluates a node from its classes; the score is computed when the node is
/// anonymous or `force_score`.
fn evaluate(
    data: &AnonymizationData,
    params: &OptimalParams,
    budget: u64,
    classes: &Classes,
    levels: &[u8],
    force_score: bool,
) -> Eval {
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    let ctx = data.sensitive.as_ref().map(|c| &c.context);
    let mut sums = ClassSums::default();
    let mut supp: Vec<(u32, u32)> = Vec::new();
    let mut mono_suppressed = 0u64;
    for i in 0..classes.len() {
        let c = classes.count[i];
        let hist: &[u32] = if s > 0 {
            &classes.hist[i * s..(i + 1) * s]
        } else {
            &[]
        };
        let sq = f64::from(c) * f64::from(c);
        sums.sumsq_all += sq;
        let mut mono_ok = true;
        let mut ok = true;
        for m in &params.models {
            if !m.holds(u64::from(c), hist, ctx) {
                ok = false;
                if m.is_monotone_with_suppression() {
                    mono_ok = false;
                    break;
                }
            }
        }
        if ok {
            sums.sumsq_kept += sq;
        } else {
            sums.suppressed += u64::from(c);
            supp.push((c, classes.rep[i]));
            if !mono_ok {
                mono_suppressed += u64::from(c);
            }
        }
    }
    let anonymous = sums.suppressed <= budget;
    let q = data.qis.len();
    let score = (anonymous || force_score).then(|| {
        data.tables
            .score(params.metric, levels, sums, &supp, |j, rep| {
                data.qis[j].gen_map(levels[j] as usize)
                    [data.bottom_codes[rep as usize * q + j] as usize]
            })
    });
    Eval {
        anonymous,
        mono_suppressed,
        sums,
        n_classes: classes.len(),
        score,
    }
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
    let ev = evaluate(data, params, params.budget(data.n), &classes, &lv, true);
    Ok(NodeEvaluation {
        levels: levels.to_vec(),
        anonymous: ev.anonymous,
        suppressed_records: ev.sums.suppressed,
        n_classes: ev.n_classes,
        score: ev.score.unwrap_or(Score {
            value: f64::NAN,
            per_attribute: None,
        }),
    })
}

/// The search state.
struct Engine<'a> {
    data: &'a AnonymizationData,
    params: &'a OptimalParams,
    lat: &'a Lattice,
    budget: u64,
    monotone: bool,
    /// Whether some model is monotone with suppression.
    has_mono_models: bool,
    bottom: Arc<Classes>,
    cache: Vec<Option<Arc<Classes>>>,
    cache_used: usize,
    /// `(node, classes)` of the cached nodes, and their level vectors (flattened).
    cached: Vec<(usize, usize)>,
    cached_levels: Vec<u8>,
    status: Vec<Status>,
    /// Whether the models that are monotone with suppression fail within the budget:
    /// 0 unknown, 1 fail (so every model combination fails), 2 pass.
    mono: Vec<u8>,
    heights: Vec<usize>,
    /// Lower bound of DM* (and so of DM) from evaluated specialisations.
    dm_bound: Vec<f64>,
    checked: usize,
    /// (score, height, id)
    best: Option<(f64, usize, usize)>,
}

impl<'a> Engine<'a> {
    fn new(data: &'a AnonymizationData, params: &'a OptimalParams) -> Self {
        let lat = &data.lattice;
        let size = lat.size();
        let budget = params.budget(data.n);
        let monotone = budget == 0
            || params
                .models
                .iter()
                .all(PrivacyModel::is_monotone_with_suppression);
        Self {
            data,
            params,
            lat,
            budget,
            monotone,
            has_mono_models: params
                .models
                .iter()
                .any(PrivacyModel::is_monotone_with_suppression),
            bottom: Arc::new(Classes::bottom(data)),
            cache: vec![None; size],
            cache_used: 0,
            cached: Vec::new(),
            cached_levels: Vec::new(),
            status: vec![Status::Unknown; size],
            mono: vec![0; size],
            heights: (0..size).map(|id| lat.height(id)).collect(),
            dm_bound: vec![0.0; size],
            checked: 0,
            best: None,
        }
    }

    /// The cached specialisation (any node below `id`) with the fewest classes, else
    /// the bottom classes.
    fn source(&self, id: usize) -> Arc<Classes> {
        let q = self.lat.dims();
        let lv = self.lat.levels(id);
        let mut best: Option<(usize, usize)> = None;
        for (i, &(node, n)) in self.cached.iter().enumerate() {
            if best.is_some_and(|(_, bn)| n >= bn) {
                continue;
            }
            let cl = &self.cached_levels[i * q..(i + 1) * q];
            if cl.iter().zip(&lv).all(|(a, b)| a <= b) {
                best = Some((node, n));
            }
        }
        best.and_then(|(node, _)| self.cache[node].clone())
            .unwrap_or_else(|| self.bottom.clone())
    }

    fn compute(&self, id: usize, src: &Classes) -> (Classes, Eval) {
        let levels = self.lat.levels(id);
        let classes = SCRATCH.with(|s| roll_up(self.data, src, &levels, &mut s.borrow_mut()));
        let ev = evaluate(
            self.data,
            self.params,
            self.budget,
            &classes,
            &levels,
            false,
        );
        (classes, ev)
    }

    fn is_better(&self, score: f64, id: usize) -> bool {
        match self.best {
            None => true,
            Some((bs, bh, bid)) => score < bs || score == bs && (self.heights[id], id) < (bh, bid),
        }
    }

    fn offer(&mut self, score: f64, id: usize) {
        if self.is_better(score, id) {
            self.best = Some((score, self.heights[id], id));
        }
    }

    /// Records an evaluation.
    fn record(&mut self, id: usize, classes: Classes, ev: Eval) {
        self.checked += 1;
        self.dm_bound[id] = self.dm_bound[id].max(ev.sums.sumsq_all);
        if ev.anonymous {
            self.status[id] = Status::Evaluated;
            if let Some(s) = &ev.score {
                self.offer(s.value, id);
            }
            if self.monotone {
                self.mark_up(id);
            }
        } else if self.monotone {
            self.mark_down(id);
        } else {
            self.status[id] = Status::NotAnonymous;
        }
        if !self.monotone {
            if ev.mono_suppressed > self.budget {
                self.mark_down_mono(id);
            } else {
                self.mark_up_mono(id);
            }
        }
        let f = classes.footprint();
        if self.cache_used + f <= CACHE_BUDGET && classes.len() < self.bottom.len() {
            self.cache_used += f;
            self.cached.push((id, classes.len()));
            self.cached_levels.extend(self.lat.levels(id));
            self.cache[id] = Some(Arc::new(classes));
        }
    }

    fn eval(&mut self, id: usize) {
        let src = self.source(id);
        let (classes, ev) = self.compute(id, &src);
        self.record(id, classes, ev);
    }

    fn eval_batch(&mut self, ids: &[usize]) {
        let srcs: Vec<Arc<Classes>> = ids.iter().map(|&id| self.source(id)).collect();
        let this = &*self;
        let results: Vec<(Classes, Eval)> = ids
            .par_iter()
            .zip(srcs.par_iter())
            .map(|(&id, src)| this.compute(id, src))
            .collect();
        for (&id, (classes, ev)) in ids.iter().zip(results) {
            self.record(id, classes, ev);
        }
    }

    fn mark_down(&mut self, id: usize) {
        self.status[id] = Status::NotAnonymous;
        let mut stack = vec![id];
        while let Some(x) = stack.pop() {
            for p in self.lat.predecessors(x) {
                if self.status[p] == Status::Unknown {
                    self.status[p] = Status::NotAnonymous;
                    stack.push(p);
                }
            }
        }
    }

    fn mark_up(&mut self, id: usize) {
        let mut stack = vec![id];
        while let Some(x) = stack.pop() {
            for p in self.lat.successors(x) {
                if self.status[p] == Status::Unknown {
                    self.status[p] = Status::AnonymousKnown;
                    stack.push(p);
                }
            }
        }
    }

    /// `id` and its specialisations fail the monotone models, hence every model set.
    fn mark_down_mono(&mut self, id: usize) {
        let mut stack = vec![id];
        self.mono[id] = 1;
        if self.status[id] == Status::Unknown {
            self.status[id] = Status::NotAnonymous;
        }
        while let Some(x) = stack.pop() {
            for p in self.lat.predecessors(x) {
                if self.mono[p] != 1 {
                    self.mono[p] = 1;
                    if self.status[p] == Status::Unknown {
                        self.status[p] = Status::NotAnonymous;
                    }
                    stack.push(p);
                }
            }
        }
    }

    /// `id` and its generalisations pass the monotone models.
    fn mark_up_mono(&mut self, id: usize) {
        let mut stack = vec![id];
        self.mono[id] = 2;
        while let Some(x) = stack.pop() {
            for p in self.lat.successors(x) {
                if self.mono[p] == 0 {
                    self.mono[p] = 2;
                    stack.push(p);
                }
            }
        }
    }

    /// The chain from `id` to the top raising the relatively least generalised
    /// attribute first.
    fn chain(&self, id: usize) -> Vec<usize> {
        let max = self.lat.max_levels().to_vec();
        let mut lv = self.lat.levels(id);
        let mut chain = vec![id];
        loop {
            let mut pick: Option<usize> = None;
            for j in 0..lv.len() {
                if lv[j] < max[j] {
                    let r = f64::from(lv[j]) / f64::from(max[j]);
                    if pick.is_none_or(|p| r < f64::from(lv[p]) / f64::from(max[p])) {
                        pick = Some(j);
                    }
                }
            }
            let Some(j) = pick else { break };
            lv[j] += 1;
            chain.push(self.lat.id(&lv));
        }
        chain
    }

    /// Non-monotone model sets: binary search on a chain for the highest node failing
    /// the monotone subset of the models (k-anonymity, distinct l-diversity), which
    /// settles a down-set as failing everything.
    fn probe_mono(&mut self, id: usize) {
        let chain = self.chain(id);
        let (mut lo, mut hi) = (0usize, chain.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let node = chain[mid];
            if self.mono[node] == 0 {
                self.eval(node);
            }
            if self.mono[node] == 1 {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
    }

    /// Resolves the anonymity of `id` (monotone models): binary search on a chain from
    /// `id` to the top for the highest node that is not anonymous, so that one
    /// evaluation settles a whole down-set.
    fn probe(&mut self, id: usize) {
        let max = self.lat.max_levels().to_vec();
        let mut lv = self.lat.levels(id);
        let mut chain = vec![id];
        loop {
            // raise the attribute with the smallest relative level
            let mut pick: Option<usize> = None;
            for j in 0..lv.len() {
                if lv[j] < max[j] {
                    let r = f64::from(lv[j]) / f64::from(max[j]);
                    if pick.is_none_or(|p| r < f64::from(lv[p]) / f64::from(max[p])) {
                        pick = Some(j);
                    }
                }
            }
            let Some(j) = pick else { break };
            lv[j] += 1;
            chain.push(self.lat.id(&lv));
        }
        // invariant: chain[..lo] not anonymous, chain[hi..] anonymous
        let (mut lo, mut hi) = (0usize, chain.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let node = chain[mid];
            if self.status[node] == Status::Unknown {
                self.eval(node);
            }
            match self.status[node] {
                Status::NotAnonymous => lo = mid + 1,
                _ => hi = mid,
            }
        }
    }

    /// Visits nodes in increasing lower-bound order (loss, precision, entropy).
    fn run_bounded(&mut self) {
        let size = self.lat.size();
        let metric = self.params.metric;
        let lb: Vec<f64> = (0..size)
            .map(|id| {
                self.data
                    .tables
                    .level_bound(metric, &self.lat.levels(id))
                    .unwrap_or(0.0)
            })
            .collect();
        let mut order: Vec<usize> = (0..size).collect();
        order.sort_by(|&a, &b| {
            lb[a]
                .total_cmp(&lb[b])
                .then(self.heights[a].cmp(&self.heights[b]))
                .then(a.cmp(&b))
        });
        let stop = |best: &Option<(f64, usize, usize)>, x: f64| {
            best.is_some_and(|(bs, ..)| x > bs + 1e-12 * bs.abs())
        };
        let mut idx = 0;
        'outer: while idx < size {
            if self.monotone {
                let id = order[idx];
                if stop(&self.best, lb[id]) {
                    break;
                }
                idx += 1;
                if self.status[id] == Status::Unknown {
                    self.probe(id);
                }
                if self.status[id] == Status::AnonymousKnown {
                    if self.budget == 0 {
                        // nothing is suppressed: the score is the bound itself
                        self.offer(lb[id], id);
                    } else {
                        self.eval(id);
                    }
                }
            } else {
                let mut batch = Vec::with_capacity(BATCH);
                while batch.len() < BATCH && idx < size {
                    let id = order[idx];
                    if stop(&self.best, lb[id]) {
                        if batch.is_empty() {
                            break 'outer;
                        }
                        break;
                    }
                    idx += 1;
                    if self.has_mono_models && self.mono[id] == 0 {
                        self.probe_mono(id);
                    }
                    if self.status[id] == Status::Unknown {
                        batch.push(id);
                    }
                }
                if batch.is_empty() {
                    break;
                }
                self.eval_batch(&batch);
            }
        }
    }

    /// Discernibility: bottom-up by height; DM* of a specialisation bounds DM and DM*
    /// from below.
    fn run_layers(&mut self) {
        let size = self.lat.size();
        let max_h = self.heights.iter().copied().max().unwrap_or(0);
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); max_h + 1];
        for id in 0..size {
            layers[self.heights[id]].push(id);
        }
        for layer in &layers {
            let mut cand = Vec::new();
            for &id in layer {
                let from_preds = self
                    .lat
                    .predecessors(id)
                    .iter()
                    .map(|&p| self.dm_bound[p])
                    .fold(0.0, f64::max);
                self.dm_bound[id] = self.dm_bound[id].max(from_preds);
                let pruned = self.best.is_some_and(|(bs, ..)| self.dm_bound[id] > bs);
                if pruned {
                    continue;
                }
                if self.monotone && self.status[id] == Status::Unknown {
                    self.probe(id);
                }
                let mut pruned = self.best.is_some_and(|(bs, ..)| self.dm_bound[id] > bs);
                // DM* is monotone: with monotone models, a node above an anonymous node
                // scores at least as high and loses the tie-break, so only minimal
                // anonymous nodes are candidates.
                if self.monotone && self.params.metric == Metric::DiscernibilityMonotonic {
                    pruned |= self.lat.predecessors(id).iter().any(|&p| {
                        matches!(self.status[p], Status::Evaluated | Status::AnonymousKnown)
                    });
                }
                match self.status[id] {
                    Status::Unknown | Status::AnonymousKnown if !pruned => cand.push(id),
                    _ => {}
                }
            }
            for batch in cand.chunks(BATCH) {
                self.eval_batch(batch);
            }
        }
    }
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
    let mut engine = Engine::new(data, params);
    if params.metric.has_level_bound() {
        engine.run_bounded();
    } else {
        engine.run_layers();
    }
    let budget = engine.budget;
    let Some((_, _, best_id)) = engine.best else {
        return Err(Error::Guarantee {
            what: format!(
                "no transformation satisfies the privacy models with at most {budget} suppressed records ({} of {})",
                params.max_suppression, data.n
            ),
        });
    };
    let checked = engine.checked;
    let size = engine.lat.size();
    let levels = data.lattice.levels(best_id);
    // Final evaluation of the optimum, with row-level suppression.
    let mut scratch = Scratch::default();
    let (row_suppressed, ev) = final_evaluation(data, params, &levels, &mut scratch);
    let generalisation = data
        .qis
        .iter()
        .zip(&levels)
        .map(|(qi, &l)| (qi.name().to_string(), l as usize))
        .collect();
    Ok(OptimalResult {
        levels: levels.iter().map(|&l| l as usize).collect(),
        generalisation,
        score: ev.score.unwrap_or(Score {
            value: f64::NAN,
            per_attribute: None,
        }),
        metric: params.metric,
        suppressed_records: ev.sums.suppressed as usize,
        transformations_checked: checked,
        lattice_size: size,
        n_classes: ev.n_classes,
        row_suppressed,
    })
}

/// Evaluates `levels` from the bottom classes and marks each row suppressed or not.
fn final_evaluation(
    data: &AnonymizationData,
    params: &OptimalParams,
    levels: &[u8],
    scratch: &mut Scratch,
) -> (Vec<bool>, Eval) {
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    let ctx = data.sensitive.as_ref().map(|c| &c.context);
    let bottom = Classes::bottom(data);
    let classes = roll_up(data, &bottom, levels, scratch);
    let ev = evaluate(data, params, params.budget(data.n), &classes, levels, true);
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
    let rows = data
        .row_bottom
        .iter()
        .map(|&b| bottom_fail[b as usize])
        .collect();
    (rows, ev)
}
