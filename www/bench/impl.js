// Plain JavaScript versions of the benchmark workloads of src/bench.rs (read its module docs
// for the definitions), written as a competent JS developer would: Float64Array buffers
// allocated once, no allocation in the inner loops, Math.exp/cos/log, constants hoisted.
// Each follows the Rust code's formula and order of operations (the mixture density: the
// largest term factored out, then one exp per component and one log per point, as
// raster::log_q, which uses a fast polynomial exp where this uses Math.exp), so the checksums
// agree: bit for bit on the polynomial landscape, to rounding elsewhere, and within Monte
// Carlo error for the rule step (the random streams differ: a seeded xoshiro128** with
// Box–Muller here, xoshiro256++ with a ziggurat in Rust; the amount of work is the same).

export const SIDE = 512;
export const K = 8;
export const SAMPLES = 64;
export const CHECK_SAMPLES = 4096;
export const BASINS_SIDE = 128;
export const BASINS_STEPS = 100;

const TAU = 2 * Math.PI;
const LN_2PI = Math.log(2 * Math.PI);

/** Pixel centres of a side×side grid over [x0, x1] × [y0, y1], row-major, row 0 at the top. */
export function grid([x0, x1, y0, y1], side) {
  const xs = new Float64Array(side * side);
  const ys = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    const y = y1 - (j + 0.5) / side * (y1 - y0);
    for (let i = 0; i < side; i++) {
      xs[j * side + i] = x0 + (i + 0.5) / side * (x1 - x0);
      ys[j * side + i] = y;
    }
  }
  return { xs, ys };
}

const DOMAINS = {
  himmelblau: [-5, 5, -5, 5],
  rastrigin: [-5.12, 5.12, -5.12, 5.12],
  logistic: [-2, 14, -3, 6],
};

function sum(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

// ----- 1. rasters ---------------------------------------------------------------------------------

function himmelblauGrid(xs, ys, out) {
  for (let i = 0; i < out.length; i++) {
    const x = xs[i];
    const y = ys[i];
    const r0 = x * x + y - 11;
    const r1 = x + y * y - 7;
    out[i] = r0 * r0 + r1 * r1;
  }
}

function rastriginGrid(xs, ys, out) {
  for (let i = 0; i < out.length; i++) {
    const x = xs[i];
    const y = ys[i];
    out[i] = (x * x - Math.cos(x * TAU) * 10 + 10) + (y * y - Math.cos(y * TAU) * 10 + 10);
  }
}

/** Σ softplus(−yᵢθᵀxᵢ) + ½·0.01‖θ‖², one exp per datum and one log per point (as in Rust). */
function logisticGrid(xs, ys, out, data) {
  const n = data.length / 3;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const l = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    a[d] = data[3 * d];
    b[d] = data[3 * d + 1];
    l[d] = -data[3 * d + 2];
  }
  return () => {
    for (let i = 0; i < out.length; i++) {
      const x = xs[i];
      const y = ys[i];
      let s = (x * x + y * y) * 0.005;
      let p = 1;
      for (let d = 0; d < n; d++) {
        const z = (x * a[d] + y * b[d]) * l[d];
        if (z > 0) {
          s += z;
          p *= Math.exp(-z) + 1;
        } else {
          p *= Math.exp(z) + 1;
        }
      }
      out[i] = s + Math.log(p);
    }
  };
}

function raster(kind, data) {
  const { xs, ys } = grid(DOMAINS[kind], SIDE);
  const out = new Float64Array(xs.length);
  const fill = kind === 'himmelblau' ? () => himmelblauGrid(xs, ys, out)
    : kind === 'rastrigin' ? () => rastriginGrid(xs, ys, out)
      : logisticGrid(xs, ys, out, data);
  return {
    run(iters) {
      for (let t = 0; t < iters; t++) fill();
      return sum(out);
    },
  };
}

// ----- 2. mixture density -------------------------------------------------------------------------

/** The density workload's mixture (bench::mixture_q): means, precisions, logits. */
export function mixtureQ(k) {
  const q = {
    mx: new Float64Array(k), my: new Float64Array(k),
    sxx: new Float64Array(k), sxy: new Float64Array(k), syy: new Float64Array(k),
    eta: new Float64Array(k),
  };
  for (let i = 0; i < k; i++) {
    const a = TAU * (i + 0.5) / k;
    q.mx[i] = 3 * Math.cos(a);
    q.my[i] = 3 * Math.sin(a);
    q.sxx[i] = 1 + 0.25 * i;
    q.sxy[i] = 0.2 * ((i % 3) - 1);
    q.syy[i] = 1.5 - 0.1 * i;
    q.eta[i] = 0.1 * (i - (k - 1));
  }
  return q;
}

/** log π = η − log Σ e^η, stably (Q::log_weights). */
function logWeights(eta, out) {
  let mx = -Infinity;
  for (let i = 0; i < eta.length; i++) mx = Math.max(mx, eta[i]);
  let z = 0;
  for (let i = 0; i < eta.length; i++) z += Math.exp(eta[i] - mx);
  const lz = mx + Math.log(z);
  for (let i = 0; i < eta.length; i++) out[i] = eta[i] - lz;
}

/**
 * raster::log_q: log Σ_k exp(t_k) = max t + log Σ_k exp(t_k − max t) per point, with
 * t_k = log π_k − log 2π + ½ log det S_k − ½ dᵀS_k d (constants hoisted out of the loop).
 */
function logQGrid(q, lw, xs, ys, out, t) {
  const k = lw.length;
  const c = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    c[j] = lw[j] - LN_2PI + 0.5 * Math.log(q.sxx[j] * q.syy[j] - q.sxy[j] * q.sxy[j]);
  }
  const { mx, my, sxx, sxy, syy } = q;
  for (let i = 0; i < out.length; i++) {
    const x = xs[i];
    const y = ys[i];
    let top = -Infinity;
    for (let j = 0; j < k; j++) {
      const dx = x - mx[j];
      const dy = y - my[j];
      const v = c[j] - 0.5 * (dx * (sxx[j] * dx + sxy[j] * dy) + dy * (sxy[j] * dx + syy[j] * dy));
      t[j] = v;
      if (v > top) top = v;
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(t[j] - top);
    out[i] = top + Math.log(s);
  }
}

function density() {
  const { xs, ys } = grid([-5, 5, -5, 5], SIDE);
  const out = new Float64Array(xs.length);
  const q = mixtureQ(K);
  const lw = new Float64Array(K);
  const scratch = new Float64Array(K);
  return {
    run(iters) {
      for (let t = 0; t < iters; t++) {
        logWeights(q.eta, lw);
        logQGrid(q, lw, xs, ys, out, scratch);
      }
      return sum(out);
    },
  };
}

// ----- 3. one mixture rule step -------------------------------------------------------------------

/** xoshiro128** (32-bit state words) with Box–Muller normals; seeded by splitmix32. */
class Rng {
  constructor(seed) {
    this.s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    this.spare = 0;
    this.hasSpare = false;
  }

  copyFrom(o) {
    this.s.set(o.s);
    this.spare = o.spare;
    this.hasSpare = o.hasSpare;
  }

  nextU32() {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** Uniform on (0, 1). */
  uniform() {
    return (this.nextU32() + 0.5) / 4294967296;
  }

  normal() {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const a = TAU * this.uniform();
    this.spare = r * Math.sin(a);
    this.hasSpare = true;
    return r * Math.cos(a);
  }
}

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The mixture run of bench::mixture_scene: himmelblau, K components, Monte Carlo with
 * antithetic pairs, exact Hessian, τ = 0.1, ρ = ρ_π = 0.1, improved rule, initial means on a
 * circle of radius 3 about (0.5, −0.5) with precision 10·I and equal weights.
 */
class MixtureRun {
  constructor(k, samples, seed) {
    this.k = k;
    this.n = samples;
    this.tau = 0.1;
    this.lr = 0.1;
    this.lrW = 0.1;
    // q: means, precisions, logits.
    this.mx = new Float64Array(k); this.my = new Float64Array(k);
    this.sxx = new Float64Array(k); this.sxy = new Float64Array(k); this.syy = new Float64Array(k);
    this.eta = new Float64Array(k);
    // Moments E_k[b], E_k[∇b], E_k[∇²b] at q.
    this.mv = new Float64Array(k);
    this.mgx = new Float64Array(k); this.mgy = new Float64Array(k);
    this.mhxx = new Float64Array(k); this.mhxy = new Float64Array(k); this.mhyy = new Float64Array(k);
    // Workspace.
    this.px = new Float64Array(k * samples);
    this.py = new Float64Array(k * samples);
    this.lw = new Float64Array(k);
    this.lc = new Float64Array(k);
    this.terms = new Float64Array(k);
    this.rng = new Rng(seed);
    const r = 0.3 * 10; // 30 % of the smaller side of himmelblau's domain [−5, 5]²
    for (let i = 0; i < k; i++) {
      const a = TAU * (i + 0.5) / k;
      this.mx[i] = 0.5 + Math.cos(a) * r;
      this.my[i] = -0.5 + Math.sin(a) * r;
      this.sxx[i] = 10; this.sxy[i] = 0; this.syy[i] = 10;
    }
    this.ok = this.estimate();
  }

  copyFrom(o) {
    for (const f of ['mx', 'my', 'sxx', 'sxy', 'syy', 'eta', 'mv', 'mgx', 'mgy', 'mhxx', 'mhxy', 'mhyy']) {
      this[f].set(o[f]);
    }
    this.rng.copyFrom(o.rng);
    this.ok = o.ok;
  }

  /** Moments of b = ℓ̄ + τ log q under each component at the current q (estimate::expectations). */
  estimate() {
    const { k, n, px, py, rng } = this;
    // Points θ = m ± L⁻ᵀε (S = LLᵀ), antithetic pairs.
    for (let c = 0; c < k; c++) {
      const a11 = this.sxx[c];
      const a21 = this.sxy[c];
      const a22 = this.syy[c];
      if (!(a11 > 0)) return false;
      const la = Math.sqrt(a11);
      const lb = a21 / la;
      const d = a22 - lb * lb;
      if (!(d > 0)) return false;
      const lc = Math.sqrt(d);
      // A = L⁻ᵀ = [[1/a, −b/(ac)], [0, 1/c]].
      const A00 = 1 / la;
      const A01 = -lb / (la * lc);
      const A11 = 1 / lc;
      const m0 = this.mx[c];
      const m1 = this.my[c];
      const first = c * n;
      for (let i = 0; i < (n + 1) >> 1; i++) {
        const e0 = rng.normal();
        const e1 = rng.normal();
        const u = A00 * e0 + A01 * e1;
        const v = A11 * e1;
        px[first + 2 * i] = m0 + u;
        py[first + 2 * i] = m1 + v;
        if (2 * i + 1 < n) {
          px[first + 2 * i + 1] = m0 - u;
          py[first + 2 * i + 1] = m1 - v;
        }
      }
    }
    logWeights(this.eta, this.lw);
    for (let j = 0; j < k; j++) {
      this.lc[j] = this.lw[j] - LN_2PI
        + 0.5 * Math.log(this.sxx[j] * this.syy[j] - this.sxy[j] * this.sxy[j]);
    }
    const { tau, terms, lc } = this;
    const w = 1 / n;
    for (let c = 0; c < k; c++) {
      let v = 0; let gx = 0; let gy = 0; let hxx = 0; let hxy = 0; let hyy = 0;
      for (let i = c * n; i < (c + 1) * n; i++) {
        const x = px[i];
        const y = py[i];
        // Himmelblau: value, gradient, Hessian.
        const r0 = x * x + y - 11;
        const r1 = x + y * y - 7;
        let fv = r0 * r0 + r1 * r1;
        let fgx = 4 * x * r0 + 2 * r1;
        let fgy = 2 * r0 + 4 * y * r1;
        let fxx = 4 * r0 + 8 * x * x + 2;
        let fxy = 4 * x + 4 * y;
        let fyy = 4 * r1 + 8 * y * y + 2;
        // log q with its gradient and Hessian (Q::log_q).
        let mxT = -Infinity;
        for (let j = 0; j < k; j++) {
          const dx = x - this.mx[j];
          const dy = y - this.my[j];
          const a = this.sxx[j]; const b = this.sxy[j]; const cc = this.syy[j];
          const t = lc[j] - 0.5 * (dx * (a * dx + b * dy) + dy * (b * dx + cc * dy));
          terms[j] = t;
          if (t > mxT) mxT = t;
        }
        let z = 0;
        for (let j = 0; j < k; j++) {
          const e = Math.exp(terms[j] - mxT);
          terms[j] = e;
          z += e;
        }
        const lq = mxT + Math.log(z);
        let qgx = 0; let qgy = 0; let sxx = 0; let sxy = 0; let syy = 0;
        for (let j = 0; j < k; j++) {
          const r = terms[j] / z;
          const dx = x - this.mx[j];
          const dy = y - this.my[j];
          const a = this.sxx[j]; const b = this.sxy[j]; const cc = this.syy[j];
          const g0 = -(a * dx + b * dy);
          const g1 = -(b * dx + cc * dy);
          qgx += g0 * r;
          qgy += g1 * r;
          sxx += (g0 * g0 - a) * r;
          sxy += (g0 * g1 - b) * r;
          syy += (g1 * g1 - cc) * r;
        }
        fv += tau * lq;
        fgx += qgx * tau;
        fgy += qgy * tau;
        fxx += (sxx - qgx * qgx) * tau;
        fxy += (sxy - qgx * qgy) * tau;
        fyy += (syy - qgy * qgy) * tau;
        v += w * fv; gx += fgx * w; gy += fgy * w;
        hxx += fxx * w; hxy += fxy * w; hyy += fyy * w;
      }
      if (!(Number.isFinite(v) && Number.isFinite(gx) && Number.isFinite(gy)
        && Number.isFinite(hxx) && Number.isFinite(hxy) && Number.isFinite(hyy))) return false;
      this.mv[c] = v; this.mgx[c] = gx; this.mgy[c] = gy;
      this.mhxx[c] = hxx; this.mhxy[c] = hxy; this.mhyy[c] = hyy;
    }
    return true;
  }

  /** rule::step for the mixture with the improved rule, then the moments at the new q. */
  step() {
    if (!this.ok) return false;
    const { k, lr } = this;
    for (let c = 0; c < k; c++) {
      const sa = this.sxx[c]; const sb = this.sxy[c]; const sc = this.syy[c];
      // G = −E[∇²b]; S' = S − ρG + (ρ²/4)(GS⁻¹G + (GS⁻¹G)ᵀ).
      const ga = -this.mhxx[c]; const gb = -this.mhxy[c]; const gc = -this.mhyy[c];
      const det = sa * sc - sb * sb;
      const ia = sc / det; const ib = -sb / det; const ic = sa / det;
      // T = G S⁻¹ (not symmetric), corr = T G.
      const t00 = ga * ia + gb * ib; const t01 = ga * ib + gb * ic;
      const t10 = gb * ia + gc * ib; const t11 = gb * ib + gc * ic;
      const c00 = t00 * ga + t01 * gb; const c01 = t00 * gb + t01 * gc;
      const c10 = t10 * ga + t11 * gb; const c11 = t10 * gb + t11 * gc;
      const f = 0.25 * lr * lr;
      const na = sa - ga * lr + (c00 + c00) * f;
      const nb = sb - gb * lr + (c01 + c10) * f;
      const nc = sc - gc * lr + (c11 + c11) * f;
      const nd = na * nc - nb * nb;
      if (!(na > 0 && nd > 0 && Number.isFinite(nd))) { this.ok = false; return false; }
      const gx = this.mgx[c]; const gy = this.mgy[c];
      const dx = (nc * gx - nb * gy) / nd;
      const dy = (na * gy - nb * gx) / nd;
      this.mx[c] -= dx * lr;
      this.my[c] -= dy * lr;
      this.sxx[c] = na; this.sxy[c] = nb; this.syy[c] = nc;
    }
    const last = this.mv[k - 1];
    for (let c = 0; c < k - 1; c++) this.eta[c] -= this.lrW * (this.mv[c] - last);
    this.ok = this.estimate();
    return this.ok;
  }

  checksum() {
    let s = 0;
    for (let c = 0; c < this.k; c++) {
      s += this.mx[c] + this.my[c] + this.sxx[c] + this.sxy[c] + this.syy[c] + this.eta[c];
    }
    return s;
  }
}

function mixtureStep(samples) {
  const base = new MixtureRun(K, samples, 1);
  const run = new MixtureRun(K, samples, 1);
  return {
    run(iters) {
      let s = NaN;
      for (let t = 0; t < iters; t++) {
        run.copyFrom(base);
        s = run.step() ? run.checksum() : NaN;
      }
      return s;
    },
  };
}

// ----- 4. Newton's basins of attraction -----------------------------------------------------------

const HIMMELBLAU_MINIMA = [
  [3.0, 2.0],
  [-2.805118086952745, 3.131312518250573],
  [-3.779310253377747, -3.2831859912861696],
  [3.5844283403304917, -1.8481265269644034],
];

function basins() {
  const n = BASINS_SIDE;
  const N = n * n;
  const { xs: sx, ys: sy } = grid([-5, 5, -5, 5], n);
  const mx = new Float64Array(N);
  const my = new Float64Array(N);
  const fate = new Uint8Array(N); // 0 running, 1 frozen, 2 stopped
  const counts = new Int32Array(HIMMELBLAU_MINIMA.length);
  let none = 0;
  const reach = 0.01 * Math.hypot(10, 10);
  return {
    run(iters) {
      let s = NaN;
      for (let it = 0; it < iters; it++) {
        mx.set(sx);
        my.set(sy);
        fate.fill(0);
        for (let step = 0; step < BASINS_STEPS; step++) {
          let live = 0;
          for (let i = 0; i < N; i++) {
            if (fate[i] !== 0) continue;
            live++;
            const x = mx[i];
            const y = my[i];
            const r0 = x * x + y - 11;
            const r1 = x + y * y - 7;
            const f = r0 * r0 + r1 * r1;
            const gx = 4 * x * r0 + 2 * r1;
            const gy = 2 * r0 + 4 * y * r1;
            if (!(Number.isFinite(f) && Number.isFinite(gx) && Number.isFinite(gy))) {
              fate[i] = 2;
              continue;
            }
            const hxx = 4 * r0 + 8 * x * x + 2;
            const hxy = 4 * x + 4 * y;
            const hyy = 4 * r1 + 8 * y * y + 2;
            let dx; let dy;
            if (hxy === 0) {
              if (hxx === 0 || hyy === 0) { fate[i] = 2; continue; }
              dx = gx / hxx;
              dy = gy / hyy;
            } else {
              const det = hxx * hyy - hxy * hxy;
              if (det === 0 || !Number.isFinite(det)) { fate[i] = 2; continue; }
              dx = (hyy * gx - hxy * gy) / det;
              dy = (hxx * gy - hxy * gx) / det;
            }
            const nx = x - dx;
            const ny = y - dy;
            if (!(Number.isFinite(nx) && Number.isFinite(ny)) || Math.max(Math.abs(nx), Math.abs(ny)) > 1e6) {
              fate[i] = 2;
              continue;
            }
            if (Math.hypot(nx - x, ny - y) <= 1e-13 * Math.max(Math.hypot(nx, ny), 1)) fate[i] = 1;
            mx[i] = nx;
            my[i] = ny;
          }
          if (live === 0) break;
        }
        counts.fill(0);
        none = 0;
        for (let i = 0; i < N; i++) {
          let best = -1;
          let bd = Infinity;
          if (fate[i] !== 2) {
            for (let m = 0; m < HIMMELBLAU_MINIMA.length; m++) {
              const d = Math.hypot(HIMMELBLAU_MINIMA[m][0] - mx[i], HIMMELBLAU_MINIMA[m][1] - my[i]);
              if (d < bd) { bd = d; best = m; }
            }
          }
          if (best >= 0 && bd <= reach) counts[best]++;
          else none++;
        }
        s = 0;
        for (let m = 0; m < counts.length; m++) s += (m + 1) * counts[m];
      }
      return s;
    },
    detail() {
      return { counts: Array.from(counts), none };
    },
  };
}

/**
 * The timed workloads written here (src/bench.rs's paper-row steps, bernoulli-step and the
 * others, are Rust only).
 */
export const JS_WORKLOADS = [
  'raster-himmelblau', 'raster-rastrigin', 'raster-logistic', 'mixture-density', 'mixture-step',
  'basins-newton',
];

/** A workload by name (src/bench.rs's names); `data` is the logistic data [x1, x2, label, …]. */
export function makeWorkload(name, data) {
  switch (name) {
    case 'raster-himmelblau': return raster('himmelblau');
    case 'raster-rastrigin': return raster('rastrigin');
    case 'raster-logistic': return raster('logistic', data);
    case 'mixture-density': return density();
    case 'mixture-step': return mixtureStep(SAMPLES);
    case 'mixture-step-check': return mixtureStep(CHECK_SAMPLES);
    case 'basins-newton': return basins();
    default: throw new Error(`unknown workload ${name}`);
  }
}
