//! Fitting the idea model to labelled candidates: an L2-regularised logistic regression (the
//! intercept not penalised), minimised with argmin's L-BFGS and More-Thuente line search, as
//! linfa-logistic does. The loss is written here rather than taken from linfa-logistic because
//! linfa multiplies the candidate matrix by the weights as a matrix product, which copies the
//! whole matrix at every step: that copy was 40% of `eval`, which fits one model per labelled post.

use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2, ArrayView1, s};
use std::cell::RefCell;
use std::rc::Rc;

/// How many past steps L-BFGS remembers (linfa-logistic's choice).
const MEMORY: usize = 10;

/// The gradient norm at which the solver stops. The loss is a sum over the candidates, so this
/// is far finer than the four decimals the weights are written with.
const GRADIENT_TOLERANCE: f64 = 1e-4;

/// The solver's step limit, well above the about 600 steps it takes from zero to the optimum
/// on the labelled sets: a model stopped short depends on where it stopped and on the
/// rounding of the solver's products.
const MAX_ITERATIONS: u64 = 2000;

/// Fitted weights, one per feature column, and the intercept, pointing toward the positive class.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// One weight per column.
    pub weights: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
}

/// Fit weights to `rows` (feature values, positive or not) with L2 penalty `alpha`, starting
/// from `start` (a fit on nearly the same rows reaches the optimum in a fraction of the steps
/// it takes from zero).
pub fn logistic<'a>(
    rows: impl IntoIterator<Item = (&'a [f64], bool)>,
    alpha: f64,
    start: Option<&Fitted>,
) -> Result<Fitted, String> {
    let rows: Vec<(&[f64], bool)> = rows.into_iter().collect();
    let width = rows.first().map_or(0, |(features, _)| features.len());
    if !(rows.iter().any(|(_, positive)| *positive) && rows.iter().any(|(_, positive)| !positive)) {
        return Err("training needs both ideas and non-ideas among the labelled candidates".into());
    }
    let mut x = Array2::<f64>::zeros((rows.len(), width));
    for (r, (features, _)) in rows.iter().enumerate() {
        if features.len() != width || features.iter().any(|v| !v.is_finite()) {
            return Err(format!("candidate {r} has {} features or a value that is not finite", features.len()));
        }
        x.row_mut(r).assign(&ArrayView1::from(*features));
    }
    let y: Array1<f64> = rows.iter().map(|(_, positive)| if *positive { 1.0 } else { -1.0 }).collect();
    let init: Array1<f64> = match start {
        Some(f) if f.weights.len() == width => f.weights.iter().chain([&f.intercept]).copied().collect(),
        _ => Array1::zeros(width + 1),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), MEMORY)
        .with_tolerance_grad(GRADIENT_TOLERANCE)
        .map_err(|e| e.to_string())?;
    let result = Executor::new(Loss::new(x, y, alpha), solver)
        .configure(|state| state.param(init).max_iters(MAX_ITERATIONS))
        .run()
        .map_err(|e| format!("the fit failed: {e}"))?;
    let best = result.state.best_param.ok_or("the fit found no weights")?;
    Ok(Fitted { weights: best.slice(s![..width]).to_vec(), intercept: best[width] })
}

/// The penalised logistic loss of labels `y` (±1) on rows `x`; parameters are the weights
/// followed by the intercept.
struct Loss {
    x: Array2<f64>,
    /// `x` transposed, row-major too: both products of a step are then dot products of
    /// contiguous rows, which ndarray vectorises (a column-major product was 60% of `eval`).
    xt: Array2<f64>,
    y: Array1<f64>,
    alpha: f64,
    /// The last parameters asked for, their margins and, once asked, their gradient: the
    /// line search asks for the cost and then the gradient at each point it tries, and L-BFGS
    /// asks again for the gradient at the point the search accepted.
    last: RefCell<Option<Evaluated>>,
}

struct Evaluated {
    at: Array1<f64>,
    margins: Rc<Array1<f64>>,
    gradient: Option<Array1<f64>>,
}

impl Loss {
    fn new(x: Array2<f64>, y: Array1<f64>, alpha: f64) -> Loss {
        let xt = x.t().as_standard_layout().into_owned();
        Loss { x, xt, y, alpha, last: RefCell::new(None) }
    }

    /// Each row's label times its score.
    fn margins(&self, p: &Array1<f64>) -> Rc<Array1<f64>> {
        let mut last = self.last.borrow_mut();
        match last.as_ref() {
            Some(e) if e.at == *p => Rc::clone(&e.margins),
            _ => {
                let width = self.x.ncols();
                let margins = Rc::new((self.x.dot(&p.slice(s![..width])) + p[width]) * &self.y);
                *last = Some(Evaluated { at: p.clone(), margins: Rc::clone(&margins), gradient: None });
                margins
            }
        }
    }
}

impl CostFunction for Loss {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, argmin::core::Error> {
        let w = p.slice(s![..self.x.ncols()]);
        let loss: f64 = self.margins(p).iter().map(|&m| -log_logistic(m)).sum();
        Ok(loss + 0.5 * self.alpha * w.dot(&w))
    }
}

impl Gradient for Loss {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> Result<Array1<f64>, argmin::core::Error> {
        let width = self.x.ncols();
        let margins = self.margins(p);
        if let Some(g) = self.last.borrow().as_ref().and_then(|e| e.gradient.clone()) {
            return Ok(g);
        }
        // d/dz of -log σ(y z) is (σ(y z) − 1) y.
        let residual = margins.mapv(|m| 1.0 / (1.0 + (-m).exp()) - 1.0) * &self.y;
        let mut g = Array1::zeros(width + 1);
        g.slice_mut(s![..width]).assign(&(self.xt.dot(&residual) + &p.slice(s![..width]) * self.alpha));
        g[width] = residual.sum();
        if let Some(e) = self.last.borrow_mut().as_mut() {
            e.gradient = Some(g.clone());
        }
        Ok(g)
    }
}

/// log σ(m), without overflow for large |m|.
fn log_logistic(m: f64) -> f64 {
    if m > 0.0 { -(-m).exp().ln_1p() } else { m - m.exp().ln_1p() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[(f64, bool)]) -> Vec<([f64; 1], bool)> {
        data.iter().map(|&(v, p)| ([v], p)).collect()
    }

    fn fit(data: &[([f64; 1], bool)], alpha: f64, start: Option<&Fitted>) -> Fitted {
        logistic(data.iter().map(|(f, p)| (&f[..], *p)), alpha, start).unwrap()
    }

    #[test]
    fn the_weight_points_toward_the_positive_rows_and_the_penalty_shrinks_it() {
        let data = rows(&[(-2.0, false), (-1.0, false), (0.5, false), (-0.5, true), (1.0, true), (2.0, true)]);
        let loose = fit(&data, 0.01, None);
        let tight = fit(&data, 10.0, None);
        assert!(loose.weights[0] > tight.weights[0] && tight.weights[0] > 0.0, "{loose:?} {tight:?}");
    }

    #[test]
    fn the_optimum_is_where_the_gradient_vanishes_and_a_warm_start_reaches_it() {
        let data = rows(&[(-2.0, false), (-1.0, true), (0.0, false), (1.0, true), (3.0, true), (0.5, false)]);
        let cold = fit(&data, 1.0, None);
        let loss = Loss::new(
            Array2::from_shape_vec((6, 1), data.iter().map(|(f, _)| f[0]).collect()).unwrap(),
            data.iter().map(|(_, p)| if *p { 1.0 } else { -1.0 }).collect(),
            1.0,
        );
        let at = Array1::from(vec![cold.weights[0], cold.intercept]);
        let g = loss.gradient(&at).unwrap();
        assert!(g.iter().all(|v| v.abs() < 1e-3), "{g}");
        let warm = fit(&data, 1.0, Some(&Fitted { weights: vec![0.3], intercept: -0.2 }));
        assert!((warm.weights[0] - cold.weights[0]).abs() < 1e-4 && (warm.intercept - cold.intercept).abs() < 1e-4);
    }

    #[test]
    fn rows_of_one_class_or_with_bad_values_are_refused() {
        assert!(logistic(rows(&[(1.0, true)]).iter().map(|(f, p)| (&f[..], *p)), 1.0, None).is_err());
        let bad = rows(&[(f64::NAN, true), (1.0, false)]);
        assert!(logistic(bad.iter().map(|(f, p)| (&f[..], *p)), 1.0, None).unwrap_err().contains("not finite"));
    }
}
