// Colours (Okabe–Ito, colour-blind safe). The rule's single Gaussian is white; mixture
// components cycle through the palette; the classical path is orange and dashed. Shared by the
// plot, its legend and the charts.

export const COLORS = {
  rule: '#ffffff',
  classic: '#ff9f1c',
  samples: 'rgba(255,255,255,0.75)',
  contour: 'rgba(255,255,255,0.22)',
  density: 'rgba(120,220,255,0.55)',
  target: '#cc79a7',
  // Tracking: the observations (sky blue dots, the newest ringed), the true path (green) and
  // the predicted q⁻'s ellipse (yellow, dashed).
  tracking: { observation: '#56b4e9', truth: '#009e73', predicted: '#f0e442' },
  // Marked minima: of the loss (white cross) and of the dropout objective D (green diamond).
  markers: { 'min-loss': '#ffffff', 'min-dropout': '#009e73' },
  // The data panel's groups of rows (label −1, label +1; ridge rows use the first).
  data: ['#56b4e9', '#e69f00'],
  components: ['#56b4e9', '#f0e442', '#009e73', '#cc79a7', '#ffffff', '#0072b2', '#d55e00', '#999999'],
};

/** The colour of component i of K (white when q is a single Gaussian). */
export function componentColor(i, k) {
  return k === 1 ? COLORS.rule : COLORS.components[i % COLORS.components.length];
}

/** The opacity of a component of weight w among K (opaque for a single Gaussian). */
export function weightAlpha(w, K) {
  if (K <= 1) return 1;
  return Math.min(1, 0.2 + 0.8 * Math.min(1, w * K));
}
