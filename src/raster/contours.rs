//! Marching squares: a [`Field`] holds values on a rectangular grid of canvas points, and
//! [`contour`] appends the segments where its piecewise-linear interpolant crosses a level.
//! The loss contours (on the heatmap's grid) and q's density contours (on a grid that follows
//! q) both go through it.

/// Values on a rectangular grid of canvas points: node (i, j) sits at pixel
/// (`px[i]`, `py[j]`) and holds `v[j·px.len() + i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub px: Vec<f64>,
    pub py: Vec<f64>,
    pub v: Vec<f64>,
}

/// Marching squares: appends the segments [x0, y0, x1, y1] (pixels) where the piecewise-linear
/// interpolant of `field` crosses `level`. Each crossing lies on a cell edge at
/// t = (level − v₀)/(v₁ − v₀) between the edge's corners. Saddle cells (opposite corners on the
/// same side) are split by the cell's mean value; cells with a non-finite corner are skipped.
///
/// Corners go around the cell (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left in
/// grid order) and edge k joins corner k to corner k + 1. Each node is compared with the
/// level once (the right column's results carry over to the next cell), the four results
/// make a 4-bit case, and the cells every corner of which is on one side (almost all of them)
/// cost nothing more; the crossed edges are the set bits of case ⊕ (case rotated by one),
/// taken in edge order.
#[inline(never)]
pub fn contour(field: &Field, level: f64, out: &mut Vec<f32>) {
    let (nx, ny) = (field.px.len(), field.py.len());
    if nx < 2 || ny < 2 {
        return;
    }
    let px = &field.px[..nx];
    for j in 1..ny {
        let top = &field.v[(j - 1) * nx..j * nx];
        let bottom = &field.v[j * nx..(j + 1) * nx];
        let (y0, y1) = (field.py[j - 1], field.py[j]);
        // Corner 0 and corner 3 of the first cell; corners 1 and 2 become them for the next.
        let (mut a0, mut a3) = ((top[0] >= level) as u8, (bottom[0] >= level) as u8);
        for i in 1..nx {
            let (a1, a2) = ((top[i] >= level) as u8, (bottom[i] >= level) as u8);
            let case = a0 | a1 << 1 | a2 << 2 | a3 << 3;
            (a0, a3) = (a1, a2);
            if case == 0 || case == 15 {
                continue;
            }
            let v = [top[i - 1], top[i], bottom[i], bottom[i - 1]];
            if !(v[0].is_finite() && v[1].is_finite() && v[2].is_finite() && v[3].is_finite()) {
                continue;
            }
            let cx = [px[i - 1], px[i], px[i], px[i - 1]];
            let cy = [y0, y0, y1, y1];
            let cross = |k: usize| -> [f32; 2] {
                let k1 = (k + 1) & 3;
                let t = (level - v[k]) / (v[k1] - v[k]);
                let x = cx[k] + t * (cx[k1] - cx[k]);
                let y = cy[k] + t * (cy[k1] - cy[k]);
                [x as f32, y as f32]
            };
            let mut seg =
                |a: [f32; 2], b: [f32; 2]| out.extend_from_slice(&[a[0], a[1], b[0], b[1]]);
            let edges = case ^ (case >> 1 | (case & 1) << 3);
            if edges == 15 {
                // All four edges cross; when the centre is on corner 0's side, corners 1 and 3
                // are cut off; otherwise corners 0 and 2 are.
                let centre_above = 0.25 * (((v[0] + v[1]) + v[2]) + v[3]) >= level;
                if centre_above == (case & 1 != 0) {
                    seg(cross(0), cross(1));
                    seg(cross(2), cross(3));
                } else {
                    seg(cross(3), cross(0));
                    seg(cross(1), cross(2));
                }
            } else {
                let first = edges.trailing_zeros() as usize;
                let second = (edges & (edges - 1)).trailing_zeros() as usize;
                seg(cross(first), cross(second));
            }
        }
    }
}
