//! The averaged perceptron shared by the tagger, the parser and the label classifier: a
//! trainer with lazily averaged weights over hashed features, and the compact read-only
//! weights a model ships (pruned, quantized to 16 bits, read into an open-addressing table).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes feature parts into one 64-bit key (never 0, which marks an empty slot).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(26) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ 0x5851_F42D_4C95_7F2D
}

/// A feature key from a template number and up to three values.
#[inline]
pub fn feat(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(template.wrapping_add(0x632B_E59B_D9B4_E019), a), b), c) | 1
}

/// FNV-1a of a string, for words and affixes.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Keys are already hashed: the identity hasher keeps training maps cheap.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Training state: one dense row per feature ever updated, averaged lazily.
pub struct Trainer {
    classes: usize,
    rows: KeyMap<u32>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    time: u32,
}

impl Trainer {
    pub fn new(classes: usize) -> Trainer {
        Trainer { classes, rows: KeyMap::default(), w: Vec::new(), total: Vec::new(), stamp: Vec::new(), time: 0 }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds each feature's current weights into `scores` (length = classes).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.w[r as usize * self.classes..(r as usize + 1) * self.classes];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    /// One training instance has been seen (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Rewards `truth` and penalises `guess` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            let n = self.rows.len() as u32;
            let r = *self.rows.entry(f).or_insert(n) as usize;
            if r == self.w.len() / self.classes {
                self.w.extend(std::iter::repeat_n(0.0, self.classes));
                self.total.extend(std::iter::repeat_n(0.0, self.classes));
                self.stamp.extend(std::iter::repeat_n(0, self.classes));
            }
            for (c, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let i = r * self.classes + c;
                self.total[i] += (self.time - self.stamp[i]) as f64 * self.w[i] as f64;
                self.stamp[i] = self.time;
                self.w[i] += delta;
            }
        }
    }

    /// The averaged weights, pruned (`|w| < prune` of the largest) and quantized.
    pub fn averaged(&self, prune: f32) -> Weights {
        let time = self.time.max(1) as f64;
        let mut avg: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        let mut max = 0f32;
        for (&key, &r) in &self.rows {
            let mut row = Vec::new();
            for c in 0..self.classes {
                let i = r as usize * self.classes + c;
                let tot = self.total[i] + (self.time - self.stamp[i]) as f64 * self.w[i] as f64;
                let a = (tot / time) as f32;
                if a != 0.0 {
                    max = max.max(a.abs());
                    row.push((c as u16, a));
                }
            }
            avg.push((key, row));
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let cut = (prune * max).max(scale);
        let mut sparse: Vec<(u64, Vec<(u16, i16)>)> = avg
            .into_iter()
            .filter_map(|(k, row)| {
                let q: Vec<(u16, i16)> =
                    row.into_iter().filter(|(_, w)| w.abs() >= cut).map(|(c, w)| (c, (w / scale).round() as i16)).collect();
                (!q.is_empty()).then_some((k, q))
            })
            .collect();
        sparse.sort_unstable_by_key(|(k, _)| *k);
        Weights::build(self.classes, scale, sparse)
    }
}

/// Read-only weights: an open-addressing table of feature keys, each pointing at its sparse
/// (class, weight) entries.
#[derive(Clone, Debug)]
pub struct Weights {
    classes: usize,
    scale: f32,
    mask: usize,
    /// (key, first entry, number of entries); key 0 = empty slot.
    slots: Vec<(u64, u32, u32)>,
    class_of: Vec<u16>,
    weight: Vec<f32>,
    /// Kept for saving: features sorted by key with quantized entries.
    sorted: Vec<(u64, Vec<(u16, i16)>)>,
}

impl Weights {
    fn build(classes: usize, scale: f32, sorted: Vec<(u64, Vec<(u16, i16)>)>) -> Weights {
        let cap = (sorted.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u64, 0u32, 0u32); cap];
        let mut class_of = Vec::new();
        let mut weight = Vec::new();
        for (key, row) in &sorted {
            let mut i = slot_of(*key, mask);
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (*key, class_of.len() as u32, row.len() as u32);
            for &(c, q) in row {
                class_of.push(c);
                weight.push(q as f32 * scale);
            }
        }
        Weights { classes, scale, mask, slots, class_of, weight, sorted }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The same weights less every entry smaller than `frac` of the largest, and rows left empty.
    pub fn pruned(&self, frac: f32) -> Weights {
        let max = self.sorted.iter().flat_map(|(_, r)| r.iter().map(|(_, q)| q.unsigned_abs())).max().unwrap_or(0) as f32;
        let cut = (frac * max).max(1.0);
        let sorted = self
            .sorted
            .iter()
            .filter_map(|(k, r)| {
                let r: Vec<(u16, i16)> = r.iter().copied().filter(|(_, q)| q.unsigned_abs() as f32 >= cut).collect();
                (!r.is_empty()).then_some((*k, r))
            })
            .collect();
        Weights::build(self.classes, self.scale, sorted)
    }

    /// Number of features kept.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Adds each feature's weights into `scores` (length = classes; not cleared here).
    #[inline]
    pub fn add(&self, feats: &[u64], scores: &mut [f32]) {
        for &f in feats {
            let mut i = slot_of(f, self.mask);
            loop {
                let (k, start, n) = self.slots[i];
                if k == f {
                    let (s, e) = (start as usize, (start + n) as usize);
                    for (&c, &w) in self.class_of[s..e].iter().zip(&self.weight[s..e]) {
                        scores[c as usize] += w;
                    }
                    break;
                }
                if k == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
    }

    /// Writes the weights: classes, scale, count, then delta-coded keys and entries.
    pub fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, self.classes as u64);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_varint(out, self.sorted.len() as u64);
        let mut prev = 0u64;
        for (key, row) in &self.sorted {
            put_varint(out, key - prev);
            prev = *key;
            put_varint(out, row.len() as u64);
            let mut prev_c = 0u16;
            for &(c, q) in row {
                put_varint(out, (c - prev_c) as u64);
                prev_c = c;
                put_varint(out, zigzag(q as i64));
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Weights, String> {
        let classes = r.varint()? as usize;
        let scale = f32::from_le_bytes(r.bytes(4)?.try_into().unwrap());
        let n = r.varint()? as usize;
        let mut sorted = Vec::with_capacity(n.min(1 << 24));
        let mut prev = 0u64;
        for _ in 0..n {
            let key = prev.checked_add(r.varint()?).ok_or("bad key")?;
            prev = key;
            let len = r.varint()? as usize;
            let mut row = Vec::with_capacity(len.min(classes));
            let mut c = 0u16;
            for _ in 0..len {
                c = c.checked_add(r.varint()? as u16).ok_or("bad class")?;
                if c as usize >= classes {
                    return Err("class out of range".into());
                }
                row.push((c, unzigzag(r.varint()?) as i16));
            }
            sorted.push((key, row));
        }
        Ok(Weights::build(classes, scale, sorted))
    }
}

#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    // murmur3's finalizer: keys come out of the same multiplier as `mix`, so a plain
    // multiplicative hash of them clusters badly
    let mut h = key ^ (key >> 33);
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h as usize & mask
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A cursor over a model file's bytes.
pub struct Reader<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len()).ok_or("truncated model file")?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos).ok_or("truncated model file")?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("bad varint in model file".into())
    }

    pub fn string(&mut self) -> Result<String, String> {
        let n = self.varint()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).map_err(|_| "non-UTF-8 string in model file".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        let mut t = Trainer::new(3);
        let data = [(vec![feat(1, 1, 0, 0)], 0), (vec![feat(1, 2, 0, 0)], 1), (vec![feat(1, 3, 0, 0)], 2)];
        let mut s = [0f32; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.score(f, &mut s);
                let g = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a))).unwrap();
                t.update(f, *y, g);
                t.tick();
            }
        }
        let w = t.averaged(0.0);
        let mut bytes = Vec::new();
        w.write(&mut bytes);
        let w2 = Weights::read(&mut Reader { data: &bytes, pos: 0 }).unwrap();
        for (f, y) in &data {
            let mut s = [0f32; 3];
            w2.add(f, &mut s);
            assert_eq!(crate::syntax::tagger::argmax(&s), *y);
        }
    }
}
