//! The animated GIF writer (`animation::Gif`, the page's GIF export), decoded again by the
//! `gif` crate's decoder: the frame count, the delays, the size, and every composited frame
//! close to the RGBA it was given (a 255-colour palette, so within a quantisation error).

use blr_playground::animation::Gif;

/// The classical path's orange: a colour of few pixels, far from the gradient's.
const ORANGE: [u8; 3] = [255, 159, 28];

/// A w × h picture: a smooth two-colour gradient (a heatmap's kind of picture) with a white
/// disc at (cx, cy) (a moving mean) and a thin orange line on row 5 (a classical path).
fn picture(w: usize, h: usize, cx: f64, cy: f64) -> Vec<u8> {
    let mut out = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        for x in 0..w {
            let inside = (x as f64 - cx).powi(2) + (y as f64 - cy).powi(2) < 36.0;
            let (r, g, b) = if y == 5 && (10..60).contains(&x) {
                (ORANGE[0], ORANGE[1], ORANGE[2])
            } else if inside {
                (255, 255, 255)
            } else {
                ((x * 255 / w) as u8, (y * 255 / h) as u8, 90)
            };
            out.extend_from_slice(&[r, g, b, 255]);
        }
    }
    out
}

/// Decodes a GIF into its composited RGBA frames and their delays (disposal: keep).
fn decode(bytes: &[u8]) -> (u16, u16, Vec<(u16, Vec<u8>)>) {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut d = opts.read_info(bytes).expect("a GIF header");
    let (w, h) = (d.width(), d.height());
    let mut screen = vec![0u8; w as usize * h as usize * 4];
    let mut frames = Vec::new();
    while let Some(f) = d.read_next_frame().expect("a frame") {
        for y in 0..f.height as usize {
            for x in 0..f.width as usize {
                let src = &f.buffer[(y * f.width as usize + x) * 4..][..4];
                if src[3] == 0 {
                    continue; // transparent: what is on screen stays
                }
                let at = ((f.top as usize + y) * w as usize + f.left as usize + x) * 4;
                screen[at..at + 4].copy_from_slice(src);
            }
        }
        frames.push((f.delay, screen.clone()));
    }
    (w, h, frames)
}

#[test]
fn frames_decode_to_what_was_drawn() {
    let (w, h) = (120, 90);
    let mut gif = Gif::new(w as u32, h as u32, 4).unwrap();
    let pictures: Vec<Vec<u8>> = (0..12)
        .map(|i| picture(w, h, 20.0 + 7.0 * i as f64, 30.0 + 3.0 * i as f64))
        .collect();
    for p in &pictures {
        gif.push(p).unwrap();
    }
    // One frame that changes nothing still takes its time.
    gif.push(pictures.last().unwrap()).unwrap();
    assert_eq!(gif.frames(), 13);
    let bytes = gif.finish().unwrap();
    let (dw, dh, frames) = decode(&bytes);
    assert_eq!((dw as usize, dh as usize), (w, h));
    assert_eq!(frames.len(), 13);
    let expected = pictures.iter().chain(pictures.last());
    for (i, ((delay, got), want)) in frames.iter().zip(expected).enumerate() {
        assert_eq!(*delay, 4, "frame {i}: 4/100 s");
        // Mean absolute error per colour channel within a 255-colour palette's quantisation
        // error: the gradient spans a 256 × 256 square of (r, g), which 255 cells of side ≈ 16
        // cover with a mean error of 16/4 = 4 per channel at best; NeuQuant is allowed 1.5×.
        // The white disc comes out exactly white.
        let err: f64 = got
            .chunks_exact(4)
            .zip(want.chunks_exact(4))
            .map(|(a, b)| {
                (0..3)
                    .map(|c| (a[c] as f64 - b[c] as f64).abs())
                    .sum::<f64>()
            })
            .sum::<f64>()
            / (3 * w * h) as f64;
        assert!(err < 6.0, "frame {i}: mean error {err}");
        if i == 0 {
            eprintln!(
                "GIF frame 0: mean error {err:.2} per channel; 13 frames in {} bytes",
                bytes.len()
            );
        }
        let cx = 20 + 7 * (i.min(11));
        let cy = 30 + 3 * (i.min(11));
        let at = (cy * w + cx) * 4;
        // The white disc and the orange line (50 of 10,800 pixels) keep their colours within
        // 12 of 255 per channel: the palette is learnt from the colours used, not only from
        // how many pixels use them.
        let line = &got[(5 * w + 30) * 4..][..3];
        for c in 0..3 {
            assert!(
                got[at + c] >= 255 - 12,
                "frame {i}: the disc {:?}",
                &got[at..at + 3]
            );
            assert!(
                line[c].abs_diff(ORANGE[c]) <= 12,
                "frame {i}: orange line {line:?}"
            );
        }
    }
    // A static background costs its bytes once: 13 frames cost under twice the first.
    let mut first = Gif::new(w as u32, h as u32, 4).unwrap();
    first.push(&pictures[0]).unwrap();
    let one = first.finish().unwrap().len();
    assert!(
        bytes.len() < 2 * one,
        "{} bytes for 13 frames, {one} for one",
        bytes.len()
    );
}

#[test]
fn bad_sizes_and_frames_are_refused_with_a_reason() {
    let err = |r: Result<Gif, String>| r.err().expect("refused");
    assert!(err(Gif::new(0, 10, 4)).contains("size"));
    assert!(err(Gif::new(10, 5000, 4)).contains("size"));
    assert!(err(Gif::new(10, 10, 0)).contains("delay"));
    let mut g = Gif::new(10, 10, 4).unwrap();
    assert!(g.push(&[0; 12]).unwrap_err().contains("400 expected"));
    assert_eq!(g.frames(), 0);
    assert!(g.finish().unwrap_err().contains("no frame"));
}

/// One EBML element read back: (id, data), and the rest. The size is a vint of any length.
fn ebml(b: &[u8]) -> ((u32, &[u8]), &[u8]) {
    let id_len = b[0].leading_zeros() as usize + 1;
    let id = b[..id_len].iter().fold(0u32, |a, &x| a << 8 | x as u32);
    let s = &b[id_len..];
    let n = s[0].leading_zeros() as usize + 1;
    let mut size = s[0] as u64 & ((1u64 << (8 - n)) - 1);
    for &x in &s[1..n] {
        size = size << 8 | x as u64;
    }
    let data = &s[n..n + size as usize];
    ((id, data), &s[n + size as usize..])
}

fn children(mut b: &[u8]) -> Vec<(u32, &[u8])> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (e, rest) = ebml(b);
        out.push(e);
        b = rest;
    }
    out
}

fn find<'a>(els: &[(u32, &'a [u8])], id: u32) -> &'a [u8] {
    els.iter()
        .find(|e| e.0 == id)
        .unwrap_or_else(|| panic!("no {id:X}"))
        .1
}

fn be(b: &[u8]) -> u64 {
    b.iter().fold(0, |a, &x| a << 8 | x as u64)
}

#[test]
fn webm_frames_keep_their_timestamps() {
    use blr_playground::animation::Webm;
    // 80 frames of 40 ms (25 fps), a key frame every 50 (2 s): two clusters.
    let mut w = Webm::new(720, 594, "vp9", 40).unwrap();
    for i in 0..80u64 {
        let data = vec![i as u8; 10 + i as usize];
        w.push(&data, i * 40, i % 50 == 0).unwrap();
    }
    assert_eq!(w.frames(), 80);
    let bytes = w.finish().unwrap();
    let top = children(&bytes);
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].0, 0x1A45_DFA3);
    assert_eq!(find(&children(top[0].1), 0x4282), b"webm");
    assert_eq!(top[1].0, 0x1853_8067, "a Segment");
    let seg = children(top[1].1);
    let info = children(find(&seg, 0x1549_A966));
    assert_eq!(be(find(&info, 0x2A_D7B1)), 1_000_000, "1 ms timecodes");
    let d = f64::from_be_bytes(find(&info, 0x4489).try_into().unwrap());
    assert_eq!(d, 80.0 * 40.0, "duration: 80 frames of 40 ms");
    let track = children(find(&children(find(&seg, 0x1654_AE6B)), 0xAE));
    assert_eq!(find(&track, 0x86), b"V_VP9");
    let video = children(find(&track, 0xE0));
    assert_eq!((be(find(&video, 0xB0)), be(find(&video, 0xBA))), (720, 594));
    // Every frame, in order, at i·40 ms, its bytes intact, key frames flagged.
    let mut t = Vec::new();
    for (id, c) in seg.iter().filter(|e| e.0 == 0x1F43_B675) {
        assert_eq!(*id, 0x1F43_B675);
        let els = children(c);
        let start = be(find(&els, 0xE7));
        for (_, b) in els.iter().filter(|e| e.0 == 0xA3) {
            assert_eq!(b[0], 0x81, "track 1");
            let ms = start as i64 + i16::from_be_bytes([b[1], b[2]]) as i64;
            let i = t.len();
            assert_eq!(b[3] == 0x80, i % 50 == 0, "frame {i}: key flag");
            assert_eq!(&b[4..], vec![i as u8; 10 + i].as_slice());
            t.push(ms);
        }
    }
    assert_eq!(t, (0..80).map(|i| i * 40).collect::<Vec<i64>>());
}

#[test]
fn webm_refuses_what_it_cannot_write() {
    use blr_playground::animation::Webm;
    let err = |r: Result<Webm, String>| r.err().expect("refused");
    assert!(err(Webm::new(10, 10, "h264", 40)).contains("accepted: vp8, vp9"));
    assert!(err(Webm::new(0, 10, "vp8", 40)).contains("size"));
    assert!(err(Webm::new(10, 10, "vp8", 0)).contains("1 ms"));
    let mut w = Webm::new(10, 10, "vp8", 40).unwrap();
    assert!(w.push(b"x", 0, false).unwrap_err().contains("key frame"));
    w.push(b"x", 0, true).unwrap();
    assert!(
        w.push(b"y", 0, false)
            .unwrap_err()
            .contains("after one at 0 ms")
    );
    assert_eq!(w.frames(), 1);
    assert!(
        Webm::new(10, 10, "vp8", 40)
            .unwrap()
            .finish()
            .unwrap_err()
            .contains("no frame")
    );
}
