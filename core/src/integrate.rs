//! Integrators for dy/dt = f(t, y) on a fixed-size state, kept apart from the models they step
//! (as in Brian2 and the `ode-solvers` crate): a model writes its right-hand side once and the
//! student picks the method.
//!
//! Orders (Hairer, Nørsett & Wanner, *Solving ODEs I*): forward Euler 1, classical Runge–Kutta 4.
//! Exponential Euler (Dayan & Abbott §5.6 and appendix; MacGregor 1987) treats each variable as a
//! linear relaxation x' = (x∞ − x)/τ with x∞, τ frozen over the step: exact for linear systems,
//! first order otherwise, and stable at any dt for such relaxations.

use crate::math::exp;

/// The integrators a model may offer; the choice parameter `method` indexes this list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Euler,
    Rk4,
    ExpEuler,
}

/// Option names for a `ParamSpec::choice("method", ...)`, in `Method` order.
pub const METHOD_NAMES: &[&str] = &["euler", "rk4", "exp_euler"];

impl Method {
    pub fn from_index(i: usize) -> Method {
        match i {
            0 => Method::Euler,
            1 => Method::Rk4,
            _ => Method::ExpEuler,
        }
    }
}

/// One forward-Euler step.
#[inline]
pub fn euler<const N: usize>(
    t: f64,
    y: &mut [f64; N],
    dt: f64,
    f: impl Fn(f64, &[f64; N]) -> [f64; N],
) {
    let k = f(t, y);
    for i in 0..N {
        y[i] += dt * k[i];
    }
}

/// One classical fourth-order Runge–Kutta step.
#[inline]
pub fn rk4<const N: usize>(
    t: f64,
    y: &mut [f64; N],
    dt: f64,
    f: impl Fn(f64, &[f64; N]) -> [f64; N],
) {
    let k1 = f(t, y);
    let mut tmp = *y;
    for i in 0..N {
        tmp[i] = y[i] + 0.5 * dt * k1[i];
    }
    let k2 = f(t + 0.5 * dt, &tmp);
    for i in 0..N {
        tmp[i] = y[i] + 0.5 * dt * k2[i];
    }
    let k3 = f(t + 0.5 * dt, &tmp);
    for i in 0..N {
        tmp[i] = y[i] + dt * k3[i];
    }
    let k4 = f(t + dt, &tmp);
    for i in 0..N {
        y[i] += dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
}

/// Exact step of x' = (x_inf − x)/tau with x_inf and tau constant over the step.
#[inline]
pub fn relax(x: f64, x_inf: f64, tau: f64, dt: f64) -> f64 {
    x_inf + (x - x_inf) * exp(-dt / tau)
}

/// One exponential-Euler step for a system written as relaxations: `f` returns, for every
/// variable, its (x∞, τ) at the current state.
#[inline]
pub fn exp_euler<const N: usize>(
    t: f64,
    y: &mut [f64; N],
    dt: f64,
    f: impl Fn(f64, &[f64; N]) -> [(f64, f64); N],
) {
    let r = f(t, y);
    for i in 0..N {
        y[i] = relax(y[i], r[i].0, r[i].1, dt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test problem: the harmonic oscillator x'' = −x, y = (x, v), y(0) = (1, 0); exact x = cos t.
    fn oscillator_error(method: Method, dt: f64) -> f64 {
        let t_end = 2.0;
        let n = (t_end / dt).round() as usize;
        let mut y = [1.0, 0.0];
        let f = |_t: f64, y: &[f64; 2]| [y[1], -y[0]];
        for i in 0..n {
            let t = i as f64 * dt;
            match method {
                Method::Euler => euler(t, &mut y, dt, f),
                Method::Rk4 => rk4(t, &mut y, dt, f),
                Method::ExpEuler => unreachable!(),
            }
        }
        (y[0] - crate::math::cos(t_end)).abs()
    }

    fn observed_order(errors: (f64, f64)) -> f64 {
        (errors.0 / errors.1).log2()
    }

    #[test]
    fn euler_converges_at_first_order() {
        let p = observed_order((
            oscillator_error(Method::Euler, 0.01),
            oscillator_error(Method::Euler, 0.005),
        ));
        assert!((p - 1.0).abs() < 0.05, "observed order {p}");
    }

    #[test]
    fn rk4_converges_at_fourth_order() {
        let p = observed_order((
            oscillator_error(Method::Rk4, 0.1),
            oscillator_error(Method::Rk4, 0.05),
        ));
        assert!((p - 4.0).abs() < 0.1, "observed order {p}");
    }

    // Exponential Euler on a nonlinear relaxation x' = (x∞(x) − x)/τ with x∞ = 0.5 + 0.4 sin x:
    // first order; the reference is RK4 at a tiny step.
    fn nonlinear_relaxation(dt: f64, exp_method: bool) -> f64 {
        let tau = 1.0;
        let n = (2.0 / dt).round() as usize;
        let mut y = [0.0];
        for i in 0..n {
            let t = i as f64 * dt;
            if exp_method {
                exp_euler(t, &mut y, dt, |_, y| {
                    [(0.5 + 0.4 * crate::math::sin(y[0]), tau)]
                });
            } else {
                rk4(t, &mut y, dt, |_, y| {
                    [(0.5 + 0.4 * crate::math::sin(y[0]) - y[0]) / tau]
                });
            }
        }
        y[0]
    }

    #[test]
    fn exponential_euler_converges_at_first_order_and_is_exact_for_linear_relaxation() {
        let reference = nonlinear_relaxation(1e-4, false);
        let e1 = (nonlinear_relaxation(0.02, true) - reference).abs();
        let e2 = (nonlinear_relaxation(0.01, true) - reference).abs();
        let p = observed_order((e1, e2));
        assert!((p - 1.0).abs() < 0.1, "observed order {p}");

        // Linear: x' = (3 − x)/2 from 0 at t = 1: exact 3(1 − e^{−1/2}), at any step.
        let mut y = [0.0];
        exp_euler(0.0, &mut y, 1.0, |_, _| [(3.0, 2.0)]);
        assert!((y[0] - 3.0 * (1.0 - (-0.5f64).exp())).abs() < 1e-12);
    }
}
