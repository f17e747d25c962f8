//! The run as an animation (the page's "GIF" and "WebM" exports): the page draws each frame
//! of the figure on a canvas and hands it here; this writes the file. [`Gif`] encodes RGBA
//! frames; [`Webm`] muxes frames the browser's VideoEncoder compressed.
//!
//! A GIF frame holds at most 256 colours. The palette is learnt once, by NeuQuant (the
//! `color_quant` crate, the quantiser the `gif` crate itself uses), from the first frame: it
//! already holds the heatmap, the legend and every overlay colour, and one palette shared by
//! all frames makes a static heatmap cost its bytes once. NeuQuant follows pixel counts, so a
//! colour of few pixels (a thin orange path, a legend swatch) can fall between its entries:
//! up to 16 such colours, the most used first, get entries of their own. Index 255 is kept for "transparent".
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
/// Palette entries learnt by NeuQuant from the first frame's pixels; then up to `RESERVED`
/// colours it misses; index 255 is the transparent one.
const LEARNT: usize = 239;
const RESERVED: usize = 16;
const TRANSPARENT: u8 = 255;
/// A colour whose largest channel differs by more than this from its learnt entry is missed.
const FAR: u8 = 24;
/// Largest side, as for the canvas and the figure.
const MAX_SIDE: u32 = 4096;

/// An animated GIF being written, one frame at a time.
pub struct Gif {
    width: u16,
    height: u16,
    /// Each frame's display time in hundredths of a second (the GIF unit).
    delay: u16,
    /// The palette and the encoder, from the first frame on.
    coder: Option<(Palette, Encoder<Vec<u8>>)>,
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
                let palette = Palette::learn(&opaque);
                let mut encoder = Encoder::new(Vec::new(), self.width, self.height, &palette.rgb())
                    .map_err(|e| format!("gif: {e}"))?;
                encoder
                    .set_repeat(Repeat::Infinite)
                    .map_err(|e| format!("gif: {e}"))?;
                self.shown = opaque.chunks_exact(4).map(|p| palette.index(p)).collect();
                self.coder = Some((palette, encoder));
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

/// The shared palette: NeuQuant's entries, then the colours it misses (`FAR` from every
/// entry), then the transparent entry.
struct Palette {
    quant: NeuQuant,
    learnt: Vec<[u8; 3]>,
    extra: Vec<[u8; 3]>,
}

/// The largest channel difference between two colours.
fn far(a: [u8; 3], b: [u8; 3]) -> u8 {
    (0..3).map(|c| a[c].abs_diff(b[c])).max().unwrap_or(0)
}

/// The squared distance between two colours.
fn dist2(a: [u8; 3], b: [u8; 3]) -> u32 {
    (0..3).map(|c| (a[c].abs_diff(b[c]) as u32).pow(2)).sum()
}

impl Palette {
    /// Learns the palette of a frame (opaque RGBA bytes).
    fn learn(rgba: &[u8]) -> Palette {
        let quant = NeuQuant::new(SAMPLE_FACTOR, LEARNT, rgba);
        let learnt: Vec<[u8; 3]> = quant
            .color_map_rgb()
            .chunks_exact(3)
            .map(|c| [c[0], c[1], c[2]])
            .collect();
        // Pixel counts of the colours NeuQuant misses, counted by sorting packed colours.
        let mut missed: Vec<u32> = rgba
            .chunks_exact(4)
            .filter(|p| far([p[0], p[1], p[2]], learnt[quant.index_of(p)]) > FAR)
            .map(|p| u32::from_be_bytes([0, p[0], p[1], p[2]]))
            .collect();
        missed.sort_unstable();
        let mut counted: Vec<(usize, u32)> = missed
            .chunk_by(|a, b| a == b)
            .map(|run| (run.len(), run[0]))
            .collect();
        // The most used first, each unless a colour taken is within FAR of it (picked by
        // repeated maxima, at most 256 looks: one sort less in the wasm, and bounded time).
        let mut extra: Vec<[u8; 3]> = Vec::new();
        for _ in 0..256 {
            if extra.len() == RESERVED {
                break;
            }
            let Some(i) = (0..counted.len()).max_by_key(|&i| counted[i]) else {
                break;
            };
            let [_, r, g, b] = counted.swap_remove(i).1.to_be_bytes();
            if extra.iter().all(|&e| far(e, [r, g, b]) > FAR) {
                extra.push([r, g, b]);
            }
        }
        Palette {
            quant,
            learnt,
            extra,
        }
    }

    /// The 256 entries as [r, g, b, …] (unused ones and the transparent one black).
    fn rgb(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self
            .learnt
            .iter()
            .chain(&self.extra)
            .flatten()
            .copied()
            .collect();
        out.resize(256 * 3, 0);
        out
    }

    /// The index of the entry nearest to an RGBA pixel: NeuQuant's, or a reserved colour when
    /// one is nearer.
    fn index(&self, p: &[u8]) -> u8 {
        let c = [p[0], p[1], p[2]];
        let i = self.quant.index_of(p);
        let mut best = (dist2(c, self.learnt[i]), i);
        for (k, &e) in self.extra.iter().enumerate() {
            let d = dist2(c, e);
            if d < best.0 {
                best = (d, LEARNT + k);
            }
        }
        best.1 as u8
    }
}

/// The frame that turns the picture on screen (`shown`, palette indices) into `now`: the box
/// around the pixels whose index changes, transparent where it does not (`shown` is updated).
/// Nothing changed: one transparent pixel, so the frame still takes its time.
fn changed_frame(
    palette: &Palette,
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
        let idx = palette.index(p);
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

/// A WebM file (the page's "WebM" export) from frames the browser's VideoEncoder compressed
/// (VP8 or VP9): the muxing only, so every frame gets exactly the timestamp it was given
/// (MediaRecorder stamps frames by the wall clock, and drops some on a busy machine).
///
/// Layout (Matroska's WebM subset): the EBML header, then one Segment holding Info (timecode
/// scale 1 ms, the duration), Tracks (one video track) and Clusters, each starting at a key
/// frame and holding SimpleBlocks whose 16-bit timecodes are relative to the cluster's.
pub struct Webm {
    width: u32,
    height: u32,
    codec: &'static str,
    /// Each frame's display time in milliseconds.
    frame_ms: u64,
    clusters: Vec<u8>,
    /// The open cluster: its timecode (ms) and SimpleBlocks so far.
    cluster: Option<(u64, Vec<u8>)>,
    /// The last frame's timecode (ms): frames must come in order.
    last: Option<u64>,
    frames: usize,
}

/// The longest cluster: a SimpleBlock's timecode is a signed 16-bit offset (ms) from it.
const CLUSTER_MS: u64 = 30_000;

impl Webm {
    /// A WebM of `width` × `height` pixels, codec "vp8" or "vp9", frames `frame_ms` long.
    pub fn new(width: u32, height: u32, codec: &str, frame_ms: u32) -> Result<Webm, String> {
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(format!(
                "webm: size {width}×{height} outside 1…{MAX_SIDE} pixels a side"
            ));
        }
        let codec = match codec {
            "vp8" => "V_VP8",
            "vp9" => "V_VP9",
            _ => return Err(format!("webm: codec '{codec}'; accepted: vp8, vp9")),
        };
        if frame_ms == 0 {
            return Err("webm: a frame must last at least 1 ms".into());
        }
        Ok(Webm {
            width,
            height,
            codec,
            frame_ms: frame_ms.into(),
            clusters: Vec::new(),
            cluster: None,
            last: None,
            frames: 0,
        })
    }

    /// Frames added so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Adds one compressed frame shown from `ms` milliseconds on; `key` for a key frame (the
    /// first frame must be one). Timecodes must increase.
    pub fn push(&mut self, data: &[u8], ms: u64, key: bool) -> Result<(), String> {
        if let Some(t) = self.last.filter(|&t| ms <= t) {
            return Err(format!("webm: a frame at {ms} ms after one at {t} ms"));
        }
        let start = match &self.cluster {
            None if !key => return Err("webm: the first frame must be a key frame".into()),
            Some((start, _)) if !key && ms - start < CLUSTER_MS => *start,
            _ => {
                self.close_cluster();
                self.cluster = Some((ms, Vec::new()));
                ms
            }
        };
        let (_, blocks) = self.cluster.as_mut().expect("opened above");
        let mut block = vec![0x81]; // track number 1 as an EBML vint
        block.extend_from_slice(&((ms - start) as i16).to_be_bytes());
        block.push(if key { 0x80 } else { 0x00 });
        block.extend_from_slice(data);
        element(blocks, &[0xA3], &block);
        self.last = Some(ms);
        self.frames += 1;
        Ok(())
    }

    /// The WebM file (an error when no frame was added).
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        let Some(last) = self.last else {
            return Err("webm: no frame was added".into());
        };
        self.close_cluster();
        let mut out = Vec::new();
        let mut ebml = Vec::new();
        uint(&mut ebml, &[0x42, 0x86], 1); // EBMLVersion
        uint(&mut ebml, &[0x42, 0xF7], 1); // EBMLReadVersion
        uint(&mut ebml, &[0x42, 0xF2], 4); // EBMLMaxIDLength
        uint(&mut ebml, &[0x42, 0xF3], 8); // EBMLMaxSizeLength
        element(&mut ebml, &[0x42, 0x82], b"webm"); // DocType
        uint(&mut ebml, &[0x42, 0x87], 4); // DocTypeVersion
        uint(&mut ebml, &[0x42, 0x85], 2); // DocTypeReadVersion
        element(&mut out, &[0x1A, 0x45, 0xDF, 0xA3], &ebml);

        let mut info = Vec::new();
        uint(&mut info, &[0x2A, 0xD7, 0xB1], 1_000_000); // TimecodeScale: 1 ms
        element(&mut info, &[0x4D, 0x80], b"blr"); // MuxingApp
        element(&mut info, &[0x57, 0x41], b"blr"); // WritingApp
        let duration = (last + self.frame_ms) as f64;
        element(&mut info, &[0x44, 0x89], &duration.to_be_bytes()); // Duration (ms)
        let mut video = Vec::new();
        uint(&mut video, &[0xB0], self.width.into()); // PixelWidth
        uint(&mut video, &[0xBA], self.height.into()); // PixelHeight
        let mut track = Vec::new();
        uint(&mut track, &[0xD7], 1); // TrackNumber
        uint(&mut track, &[0x73, 0xC5], 1); // TrackUID
        uint(&mut track, &[0x83], 1); // TrackType: video
        uint(&mut track, &[0x9C], 0); // FlagLacing
        element(&mut track, &[0x86], self.codec.as_bytes()); // CodecID
        uint(&mut track, &[0x23, 0xE3, 0x83], self.frame_ms * 1_000_000); // DefaultDuration (ns)
        element(&mut track, &[0xE0], &video);
        let mut tracks = Vec::new();
        element(&mut tracks, &[0xAE], &track); // TrackEntry

        let mut segment = Vec::new();
        element(&mut segment, &[0x15, 0x49, 0xA9, 0x66], &info);
        element(&mut segment, &[0x16, 0x54, 0xAE, 0x6B], &tracks);
        segment.extend_from_slice(&self.clusters);
        element(&mut out, &[0x18, 0x53, 0x80, 0x67], &segment);
        Ok(out)
    }

    fn close_cluster(&mut self) {
        if let Some((start, blocks)) = self.cluster.take() {
            let mut c = Vec::new();
            uint(&mut c, &[0xE7], start); // Timecode
            c.extend_from_slice(&blocks);
            element(&mut self.clusters, &[0x1F, 0x43, 0xB6, 0x75], &c);
        }
    }
}

/// Appends an EBML element: its id, its size as an 8-byte vint (0x01 then 7 bytes), its data.
fn element(out: &mut Vec<u8>, id: &[u8], data: &[u8]) {
    out.extend_from_slice(id);
    out.push(0x01);
    out.extend_from_slice(&(data.len() as u64).to_be_bytes()[1..]);
    out.extend_from_slice(data);
}

/// Appends an unsigned-integer element (8 bytes, big-endian).
fn uint(out: &mut Vec<u8>, id: &[u8], v: u64) {
    element(out, id, &v.to_be_bytes());
}
