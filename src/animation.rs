//! The animated GIF of a run (the page's "GIF" export): the page draws each frame of the
//! figure on a canvas and hands its RGBA bytes here; this writes the GIF file.
//!
//! A GIF frame holds at most 256 colours. The palette is learnt once, by NeuQuant (the
//! `color_quant` crate, the quantiser the `gif` crate itself uses), from the first frame: it
//! already holds the heatmap, the legend and every overlay colour, and one palette shared by
//! all frames makes a static heatmap cost its bytes once. Index 255 is kept for "transparent".
//! Every later frame maps only the pixels that changed since the previous frame to their
//! nearest palette colour; a pixel whose index is already on screen stays transparent, and the
//! frame is cropped to the box of pixels that did change (disposal "keep": what is on screen
//! stays under the transparent pixels). The LZW compression is the `gif` crate's.

use color_quant::NeuQuant;
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use std::borrow::Cow;

/// NeuQuant's sampling factor: 1 learns from every pixel, 30 from one in 30; 10 is its
/// authors' recommended balance of quality and speed.
const SAMPLE_FACTOR: i32 = 10;
/// Palette entries learnt from the first frame; the next index is the transparent one.
const LEARNT: usize = 255;
const TRANSPARENT: u8 = 255;
/// Largest side, as for the canvas and the figure.
const MAX_SIDE: u32 = 4096;

/// An animated GIF being written, one frame at a time.
pub struct Gif {
    width: u16,
    height: u16,
    /// Each frame's display time in hundredths of a second (the GIF unit).
    delay: u16,
    /// The palette and the encoder, from the first frame on.
    coder: Option<(NeuQuant, Encoder<Vec<u8>>)>,
    /// The last frame's RGBA bytes (unchanged pixels are skipped without a palette search).
    last: Vec<u8>,
    /// The palette index of every pixel on screen after the frames so far.
    shown: Vec<u8>,
    frames: usize,
}

impl Gif {
    /// A GIF of `width` × `height` pixels (each side 1…4096), each frame shown for `delay_cs`
    /// hundredths of a second (1…65535), looping forever.
    pub fn new(width: u32, height: u32, delay_cs: u32) -> Result<Gif, String> {
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(format!(
                "gif: size {width}×{height} outside 1…{MAX_SIDE} pixels a side"
            ));
        }
        let delay = u16::try_from(delay_cs)
            .ok()
            .filter(|&d| d > 0)
            .ok_or_else(|| format!("gif: frame delay {delay_cs} outside 1…65535 (1/100 s)"))?;
        Ok(Gif {
            width: width as u16,
            height: height as u16,
            delay,
            coder: None,
            last: Vec::new(),
            shown: Vec::new(),
            frames: 0,
        })
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Adds one frame: `rgba` holds width·height·4 bytes, row by row (alpha is ignored: the
    /// figure is opaque).
    pub fn push(&mut self, rgba: &[u8]) -> Result<(), String> {
        let (w, h) = (self.width as usize, self.height as usize);
        if rgba.len() != w * h * 4 {
            return Err(format!(
                "gif: a frame of {} bytes; {w}×{h}×4 = {} expected",
                rgba.len(),
                w * h * 4
            ));
        }
        let opaque: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let frame = match &mut self.coder {
            None => {
                let quant = NeuQuant::new(SAMPLE_FACTOR, LEARNT, &opaque);
                let mut palette = quant.color_map_rgb();
                palette.extend_from_slice(&[0, 0, 0]); // the transparent entry
                let mut encoder = Encoder::new(Vec::new(), self.width, self.height, &palette)
                    .map_err(|e| format!("gif: {e}"))?;
                encoder
                    .set_repeat(Repeat::Infinite)
                    .map_err(|e| format!("gif: {e}"))?;
                self.shown = opaque
                    .chunks_exact(4)
                    .map(|p| quant.index_of(p) as u8)
                    .collect();
                self.coder = Some((quant, encoder));
                Frame {
                    width: self.width,
                    height: self.height,
                    buffer: Cow::Borrowed(&self.shown),
                    ..Frame::default()
                }
            }
            Some((quant, _)) => changed_frame(quant, &self.last, &opaque, &mut self.shown, w, h),
        };
        let frame = Frame {
            delay: self.delay,
            dispose: DisposalMethod::Keep,
            ..frame
        };
        let (_, encoder) = self.coder.as_mut().expect("set above");
        encoder
            .write_frame(&frame)
            .map_err(|e| format!("gif: {e}"))?;
        self.last = opaque;
        self.frames += 1;
        Ok(())
    }

    /// The GIF file (an error when no frame was added).
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let (_, encoder) = self.coder.ok_or("gif: no frame was added")?;
        encoder.into_inner().map_err(|e| format!("gif: {e}"))
    }
}

/// The frame that turns the picture on screen (`shown`, palette indices) into `now`: the box
/// around the pixels whose index changes, transparent where it does not (`shown` is updated).
/// Nothing changed: one transparent pixel, so the frame still takes its time.
fn changed_frame(
    quant: &NeuQuant,
    last: &[u8],
    now: &[u8],
    shown: &mut [u8],
    w: usize,
    h: usize,
) -> Frame<'static> {
    // The new index of every changed pixel (TRANSPARENT where it stays as shown).
    let mut next = vec![TRANSPARENT; w * h];
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (i, (p, q)) in now.chunks_exact(4).zip(last.chunks_exact(4)).enumerate() {
        if p == q {
            continue;
        }
        let idx = quant.index_of(p) as u8;
        if idx == shown[i] {
            continue;
        }
        shown[i] = idx;
        next[i] = idx;
        let (x, y) = (i % w, i / w);
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
    }
    if x0 >= x1 {
        (x0, y0, x1, y1) = (0, 0, 1, 1);
    }
    let buffer: Vec<u8> = (y0..y1)
        .flat_map(|y| next[y * w + x0..y * w + x1].iter().copied())
        .collect();
    Frame {
        left: x0 as u16,
        top: y0 as u16,
        width: (x1 - x0) as u16,
        height: (y1 - y0) as u16,
        transparent: Some(TRANSPARENT),
        buffer: Cow::Owned(buffer),
        ..Frame::default()
    }
}
