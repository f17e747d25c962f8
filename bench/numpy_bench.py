"""NumPy versions of benchmark workloads 1-3 (src/bench.rs has the definitions), timed with the
harness of examples/bench_native.rs and www/bench/harness.js, printed as JSON on stdout.

Written the way a researcher would write them: whole-grid array expressions for the rasters
and the mixture density; for the mixture rule step, NumPy arrays per component, a Python loop
over the K components, np.linalg for the 2x2 Cholesky factors, inverses and solves. At K = 8
and 64 samples per component every array is tiny, so NumPy's per-call overhead (a few
microseconds per call, hundreds of calls per step) dominates the rule step: that is the point
of measuring it.

    python bench/numpy_bench.py [NAME ...]      (BENCH_REPS=15 by default)
"""

import json
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SIDE = 512
K = 8
SAMPLES = 64
CHECK_SAMPLES = 4096
TARGET_MS = 25.0
WARMUP_MS = 250.0
LN_2PI = math.log(2 * math.pi)

DOMAINS = {
    "himmelblau": (-5.0, 5.0, -5.0, 5.0),
    "rastrigin": (-5.12, 5.12, -5.12, 5.12),
    "logistic": (-2.0, 14.0, -3.0, 6.0),
}


def grid(domain, side):
    """Pixel centres of a side x side grid, row-major, row 0 at the top (flattened)."""
    x0, x1, y0, y1 = domain
    c = (np.arange(side) + 0.5) / side
    xs = x0 + c * (x1 - x0)
    ys = y1 - c * (y1 - y0)
    x, y = np.meshgrid(xs, ys)
    return x.ravel(), y.ravel()


def logistic_data():
    rows = []
    lines = (ROOT / "assets/data/logistic.csv").read_text().splitlines()
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")][1:]
    for ln in body:
        rows.append([float(v) for v in ln.split(",")])
    return np.array(rows)


# ----- 1. rasters -----------------------------------------------------------------------------


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def rastrigin(x, y):
    tau = 2 * np.pi
    return (x * x - np.cos(x * tau) * 10 + 10) + (y * y - np.cos(y * tau) * 10 + 10)


def make_logistic(data):
    a, b, label = data[:, 0], data[:, 1], data[:, 2]

    def logistic(x, y):
        # Σ softplus(z), z = −y_i θᵀx_i, as max(z, 0) + log Π (1 + e^(−|z|)) (as in Rust).
        s = (x * x + y * y) * 0.005
        p = np.ones_like(x)
        for ai, bi, li in zip(a, b, label):
            z = (x * ai + y * bi) * -li
            s += np.maximum(z, 0.0)
            p *= np.exp(-np.abs(z)) + 1
        return s + np.log(p)

    return logistic


class Raster:
    def __init__(self, f, domain):
        self.f = f
        self.x, self.y = grid(domain, SIDE)
        self.out = None

    def run(self, iters):
        for _ in range(iters):
            self.out = self.f(self.x, self.y)
        return float(self.out.sum())


# ----- 2. mixture density ------------------------------------------------------------------------


def mixture_q(k):
    """bench::mixture_q: means, precisions (k, 2, 2), logits."""
    i = np.arange(k)
    a = 2 * np.pi * (i + 0.5) / k
    means = np.stack([3 * np.cos(a), 3 * np.sin(a)], axis=1)
    b = 0.2 * ((i % 3) - 1.0)
    precs = np.empty((k, 2, 2))
    precs[:, 0, 0] = 1 + 0.25 * i
    precs[:, 0, 1] = precs[:, 1, 0] = b
    precs[:, 1, 1] = 1.5 - 0.1 * i
    eta = 0.1 * (i - (k - 1.0))
    return means, precs, eta


def log_weights(eta):
    m = eta.max()
    return eta - (m + np.log(np.exp(eta - m).sum()))


def log_sum_exp(t, axis=0):
    top = t.max(axis=axis)
    return top + np.log(np.exp(t - top).sum(axis=axis))


class Density:
    def __init__(self):
        self.x, self.y = grid(DOMAINS["himmelblau"], SIDE)
        self.means, self.precs, self.eta = mixture_q(K)
        self.out = None

    def run(self, iters):
        for _ in range(iters):
            lw = log_weights(self.eta)
            terms = np.empty((K, self.x.size))
            for k in range(K):
                (a, b), (_, c) = self.precs[k]
                dx = self.x - self.means[k, 0]
                dy = self.y - self.means[k, 1]
                quad = dx * (a * dx + b * dy) + dy * (b * dx + c * dy)
                const = lw[k] - LN_2PI + 0.5 * np.log(np.linalg.det(self.precs[k]))
                terms[k] = const - 0.5 * quad
            self.out = log_sum_exp(terms)
        return float(self.out.sum())


# ----- 3. one mixture rule step ------------------------------------------------------------------


def himmelblau_derivs(p):
    """Value (n,), gradient (n, 2) and Hessian (n, 2, 2) of Himmelblau at points p (n, 2)."""
    x, y = p[:, 0], p[:, 1]
    r0 = x * x + y - 11
    r1 = x + y * y - 7
    f = r0 * r0 + r1 * r1
    g = np.stack([4 * x * r0 + 2 * r1, 2 * r0 + 4 * y * r1], axis=1)
    h = np.empty((p.shape[0], 2, 2))
    h[:, 0, 0] = 4 * r0 + 8 * x * x + 2
    h[:, 0, 1] = h[:, 1, 0] = 4 * x + 4 * y
    h[:, 1, 1] = 4 * r1 + 8 * y * y + 2
    return f, g, h


def log_q_derivs(p, means, precs, eta):
    """log q, its gradient and Hessian at points p (n, 2) (family::Q::log_q)."""
    lw = log_weights(eta)
    d = p[None, :, :] - means[:, None, :]  # (K, n, 2)
    sd = np.einsum("kij,knj->kni", precs, d)  # S_k d
    logdet = np.log(np.linalg.det(precs))
    terms = lw[:, None] - LN_2PI + 0.5 * logdet[:, None] - 0.5 * np.einsum("kni,kni->kn", d, sd)
    top = terms.max(axis=0)
    e = np.exp(terms - top)
    z = e.sum(axis=0)
    value = top + np.log(z)
    r = e / z  # responsibilities (K, n)
    g = -sd  # ∇ log N_k
    grad = np.einsum("kn,kni->ni", r, g)
    outer = g[..., :, None] * g[..., None, :] - precs[:, None, :, :]
    second = np.einsum("kn,knij->nij", r, outer)
    hess = second - grad[:, :, None] * grad[:, None, :]
    return value, grad, hess


class MixtureRun:
    """bench::mixture_scene: himmelblau, Monte Carlo with antithetic pairs, exact Hessian,
    tau = 0.1, lr = lr_weights = 0.1, improved rule."""

    def __init__(self, k, samples, seed=1):
        self.k, self.n = k, samples
        self.tau, self.lr, self.lr_w = 0.1, 0.1, 0.1
        a = 2 * np.pi * (np.arange(k) + 0.5) / k
        r = 0.3 * 10.0
        self.means = np.stack([0.5 + np.cos(a) * r, -0.5 + np.sin(a) * r], axis=1)
        self.precs = np.tile(np.eye(2) * 10.0, (k, 1, 1))
        self.eta = np.zeros(k)
        self.rng = np.random.default_rng(seed)
        self.moments = self.estimate()

    def copy(self):
        c = MixtureRun.__new__(MixtureRun)
        c.__dict__.update(self.__dict__)
        c.means, c.precs, c.eta = self.means.copy(), self.precs.copy(), self.eta.copy()
        c.rng = np.random.Generator(np.random.PCG64())
        c.rng.bit_generator.state = self.rng.bit_generator.state
        return c

    def estimate(self):
        """Per component: E[b], E[∇b], E[∇²b] with b = ℓ̄ + τ log q."""
        moments = []
        for m, s in zip(self.means, self.precs):
            chol = np.linalg.cholesky(s)
            a = np.linalg.inv(chol).T  # θ = m + L⁻ᵀ ε
            eps = self.rng.standard_normal((self.n // 2, 2))
            z = eps @ a.T
            p = np.concatenate([m + z, m - z])
            f, g, h = himmelblau_derivs(p)
            lq, lg, lh = log_q_derivs(p, self.means, self.precs, self.eta)
            v = f + self.tau * lq
            gr = g + self.tau * lg
            hs = h + self.tau * lh
            moments.append((v.mean(), gr.mean(axis=0), hs.mean(axis=0)))
        return moments

    def step(self):
        lr = self.lr
        values = np.array([mv for mv, _, _ in self.moments])
        for k, (_, grad, hess) in enumerate(self.moments):
            s = self.precs[k]
            g = -hess
            corr = g @ np.linalg.inv(s) @ g
            s_new = s - lr * g + 0.25 * lr * lr * (corr + corr.T)
            if np.any(np.linalg.eigvalsh(s_new) <= 0):
                raise RuntimeError("precision not positive definite")
            self.means[k] = self.means[k] - lr * np.linalg.solve(s_new, grad)
            self.precs[k] = s_new
        self.eta[:-1] -= self.lr_w * (values[:-1] - values[-1])
        self.moments = self.estimate()

    def checksum(self):
        p = self.precs
        return float(
            self.means.sum() + p[:, 0, 0].sum() + p[:, 0, 1].sum() + p[:, 1, 1].sum()
            + self.eta.sum()
        )


class MixtureStep:
    def __init__(self, samples):
        self.base = MixtureRun(K, samples)
        self.run_state = None

    def run(self, iters):
        for _ in range(iters):
            self.run_state = self.base.copy()
            self.run_state.step()
        return self.run_state.checksum()


# ----- harness -----------------------------------------------------------------------------------


def measure(w, reps):
    start = time.perf_counter()
    iters = 1
    while True:
        t0 = time.perf_counter()
        w.run(iters)
        t = (time.perf_counter() - t0) * 1e3
        if t >= TARGET_MS or iters >= 1 << 24:
            break
        grow = math.ceil(1.2 * TARGET_MS / max(t, 1e-3))
        iters *= min(100, max(2, grow))
    while (time.perf_counter() - start) * 1e3 < WARMUP_MS:
        w.run(iters)
    per_call = []
    checksum = float("nan")
    for _ in range(reps):
        t0 = time.perf_counter()
        checksum = w.run(iters)
        per_call.append((time.perf_counter() - t0) * 1e3 / iters)
    per_call.sort()
    n = len(per_call)
    med = per_call[n // 2] if n % 2 else 0.5 * (per_call[n // 2 - 1] + per_call[n // 2])
    return {
        "median_ms": med,
        "min_ms": per_call[0],
        "max_ms": per_call[-1],
        "iters": iters,
        "reps": reps,
        "checksum": checksum,
    }


def workloads():
    data = logistic_data()
    return {
        "raster-himmelblau": lambda: Raster(himmelblau, DOMAINS["himmelblau"]),
        "raster-rastrigin": lambda: Raster(rastrigin, DOMAINS["rastrigin"]),
        "raster-logistic": lambda: Raster(make_logistic(data), DOMAINS["logistic"]),
        "mixture-density": Density,
        "mixture-step": lambda: MixtureStep(SAMPLES),
    }


def main():
    reps = int(os.environ.get("BENCH_REPS", "15") or 15)
    table = workloads()
    names = sys.argv[1:] or list(table)
    results = {}
    for name in names:
        if name not in table:
            sys.exit(f"numpy_bench: unknown workload {name!r}; known: {list(table)}")
        print(f"numpy_bench: {name}", file=sys.stderr)
        results[name] = measure(table[name](), reps)
    check = MixtureStep(CHECK_SAMPLES).run(1)
    print(
        json.dumps(
            {
                "impl": "numpy",
                "numpy_version": np.__version__,
                "python_version": platform.python_version(),
                "reps": reps,
                "results": results,
                "checks": {"mixture-step-check": check},
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
