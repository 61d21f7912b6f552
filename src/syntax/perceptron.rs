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

/// Words' FNV hashes as keys: their low bits are poorly mixed (FNV's multiplication carries
/// only upwards), so one folded multiplication spreads every bit before the map takes the low
/// ones for a bucket.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        let m = self.0 as u128 * 0x9E37_79B9_7F4A_7C15u128;
        m as u64 ^ (m >> 64) as u64
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by words' hashes ([`hash_str`]).
pub type WordMap<V> = HashMap<u64, V, BuildHasherDefault<WordHasher>>;

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
        self.add(feats, truth, 1.0);
        self.add(feats, guess, -1.0);
    }

    /// Adds `delta` to `class`'s weight of every feature (a structured update's half).
    pub fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        for &f in feats {
            let n = self.rows.len() as u32;
            let r = *self.rows.entry(f).or_insert(n) as usize;
            if r == self.w.len() / self.classes {
                self.w.extend(std::iter::repeat_n(0.0, self.classes));
                self.total.extend(std::iter::repeat_n(0.0, self.classes));
                self.stamp.extend(std::iter::repeat_n(0, self.classes));
            }
            let i = r * self.classes + class;
            self.total[i] += (self.time - self.stamp[i]) as f64 * self.w[i] as f64;
            self.stamp[i] = self.time;
            self.w[i] += delta;
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

/// Read-only weights: an open-addressing table of feature keys. With up to four classes (the
/// transitions) a slot holds its quantized weights inline, so a feature costs one probe; with
/// more (tags, labels) it points at its sparse (class, weight) entries in one flat array.
#[derive(Clone, Debug)]
pub struct Weights {
    classes: usize,
    scale: f32,
    mask: usize,
    len: usize,
    slots: Vec<Slot>,
    /// Sparse rows: `class << 16 | weight as u16`.
    entries: Vec<u32>,
}

/// A feature key (0 = empty slot) and either four inline i16 weights (dense), or the first
/// entry and the number of entries of its sparse row, or (`INLINE`) a short row itself.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    a: u32,
    b: u32,
}

pub const DENSE: usize = 4;
/// A sparse slot whose `a` has this bit holds its row's one or two entries itself (`a` less
/// the bit, and `b` unless it is `NO_ENTRY`); entries have it clear while classes stay under
/// `MAX_INLINE_CLASSES`.
const INLINE: u32 = 1 << 31;
const NO_ENTRY: u32 = u32::MAX;
const MAX_INLINE_CLASSES: usize = 1 << 15;

/// A sparse row's entries, wherever they live.
enum RowEntries<'a> {
    Inline([u32; 2], usize),
    Shared(&'a [u32]),
}

impl RowEntries<'_> {
    #[inline]
    fn as_slice(&self) -> &[u32] {
        match self {
            RowEntries::Inline(e, n) => &e[..*n],
            RowEntries::Shared(s) => s,
        }
    }
}

impl Weights {
    fn with_capacity(classes: usize, scale: f32, n: usize) -> Weights {
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = Vec::with_capacity(cap);
        advise_huge_pages(slots.as_ptr() as usize, cap * std::mem::size_of::<Slot>());
        slots.resize(cap, Slot::default());
        Weights { classes, scale, mask: cap - 1, len: 0, slots, entries: Vec::new() }
    }

    /// Adds one feature (keys are unique; rows sorted by class, non-empty).
    fn insert(&mut self, key: u64, row: &[(u16, i16)]) {
        let slot = self.make_slot(key, row);
        self.place(slot);
    }

    /// Puts a slot made by [`Self::make_slot`] into the table.
    #[inline]
    fn place(&mut self, slot: Slot) {
        let mut i = slot_of(slot.key, self.mask);
        while self.slots[i].key != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = slot;
        self.len += 1;
    }

    /// A feature's slot, its sparse row (if any) appended to the entries.
    #[inline]
    fn make_slot(&mut self, key: u64, row: &[(u16, i16)]) -> Slot {
        if self.classes <= DENSE {
            let mut q = [0u16; DENSE];
            for &(c, w) in row {
                q[c as usize] = w as u16;
            }
            Slot { key, a: q[0] as u32 | (q[1] as u32) << 16, b: q[2] as u32 | (q[3] as u32) << 16 }
        } else if row.len() <= 2 && self.classes <= MAX_INLINE_CLASSES {
            // a short row lives in the slot itself: one miss less
            let entry = |&(c, w): &(u16, i16)| (c as u32) << 16 | w as u16 as u32;
            Slot { key, a: INLINE | entry(&row[0]), b: row.get(1).map_or(NO_ENTRY, entry) }
        } else {
            let start = self.entries.len() as u32;
            self.entries.extend(row.iter().map(|&(c, w)| (c as u32) << 16 | w as u16 as u32));
            Slot { key, a: start, b: row.len() as u32 }
        }
    }

    /// A sparse row's entries: inline in its slot, or in the entries array.
    #[inline]
    fn entries_of(&self, a: u32, b: u32) -> RowEntries<'_> {
        if a & INLINE != 0 {
            RowEntries::Inline([a & !INLINE, b], if b == NO_ENTRY { 1 } else { 2 })
        } else {
            RowEntries::Shared(&self.entries[a as usize..(a + b) as usize])
        }
    }

    fn build(classes: usize, scale: f32, sorted: Vec<(u64, Vec<(u16, i16)>)>) -> Weights {
        let mut w = Weights::with_capacity(classes, scale, sorted.len());
        for (key, row) in &sorted {
            w.insert(*key, row);
        }
        w
    }

    /// Every feature with its quantized row, sorted by key (for saving and pruning).
    fn sorted(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut out: Vec<(u64, Vec<(u16, i16)>)> =
            self.slots.iter().filter(|s| s.key != 0).map(|s| (s.key, self.row(s))).collect();
        out.sort_unstable_by_key(|(k, _)| *k);
        out
    }

    fn row(&self, s: &Slot) -> Vec<(u16, i16)> {
        if self.classes <= DENSE {
            let q = [s.a as i16, (s.a >> 16) as i16, s.b as i16, (s.b >> 16) as i16];
            (0..self.classes).filter(|&c| q[c] != 0).map(|c| (c as u16, q[c])).collect()
        } else {
            self.entries_of(s.a, s.b).as_slice().iter().map(|&e| ((e >> 16) as u16, e as u16 as i16)).collect()
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The same weights less every entry smaller than `frac` of the largest, and rows left empty.
    pub fn pruned(&self, frac: f32) -> Weights {
        let sorted = self.sorted();
        let max = sorted.iter().flat_map(|(_, r)| r.iter().map(|(_, q)| q.unsigned_abs())).max().unwrap_or(0) as f32;
        let cut = (frac * max).max(1.0);
        let sorted = sorted
            .into_iter()
            .filter_map(|(k, r)| {
                let r: Vec<(u16, i16)> = r.into_iter().filter(|(_, q)| q.unsigned_abs() as f32 >= cut).collect();
                (!r.is_empty()).then_some((k, r))
            })
            .collect();
        Weights::build(self.classes, self.scale, sorted)
    }

    /// The mean of some tables' weights (a linear model's scores averaged: an ensemble of
    /// the models at the cost of one), quantized anew; all have the same classes.
    pub fn mean(tables: &[&Weights]) -> Weights {
        let classes = tables[0].classes;
        assert!(tables.iter().all(|w| w.classes == classes), "the same classes");
        let n = tables.len() as f32;
        let mut rows: HashMap<u64, Vec<f32>> = HashMap::new();
        for w in tables {
            for (key, row) in w.sorted() {
                let r = rows.entry(key).or_insert_with(|| vec![0.0; classes]);
                for (c, q) in row {
                    r[c as usize] += q as f32 * w.scale / n;
                }
            }
        }
        let max = rows.values().flatten().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut sorted: Vec<(u64, Vec<(u16, i16)>)> = rows
            .into_iter()
            .filter_map(|(k, r)| {
                let q: Vec<(u16, i16)> =
                    r.iter().enumerate().map(|(c, w)| (c as u16, (w / scale).round() as i16)).filter(|&(_, q)| q != 0).collect();
                (!q.is_empty()).then_some((k, q))
            })
            .collect();
        sorted.sort_unstable_by_key(|(k, _)| *k);
        Weights::build(classes, scale, sorted)
    }

    /// Number of features kept.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Asks the memory for the slots of these features (a hint, see [`Self::add`]).
    #[inline]
    pub fn prefetch(&self, feats: &[u64]) {
        for &f in feats {
            prefetch(&self.slots[slot_of(f, self.mask)]);
        }
    }

    /// Adds each feature's weights into `scores` (length = classes; not cleared here).
    #[inline]
    pub fn add(&self, feats: &[u64], scores: &mut [f32]) {
        // the table is far larger than the caches: ask for every slot before probing any, so
        // the misses overlap instead of queueing behind each probe's branches
        self.prefetch(feats);
        self.add_fetched(feats, scores);
    }

    /// [`Self::add`] for features whose slots were already prefetched.
    #[inline]
    pub fn add_fetched(&self, feats: &[u64], scores: &mut [f32]) {
        if self.classes <= DENSE {
            // integer sums are exact, and one multiplication per class at the end
            let acc = self.sum_fetched(feats);
            for (s, a) in scores.iter_mut().zip(acc) {
                *s += a as f32 * self.scale;
            }
            return;
        }
        // sparse rows: find every row, ask for its entries, then add them up
        let mut rows = [(0u32, 0u32); 128];
        let mut n = 0;
        for &f in feats {
            if let Some(s) = self.find(f) {
                if s.a & INLINE == 0 {
                    prefetch(&self.entries[s.a as usize]);
                }
                if n == rows.len() {
                    self.add_rows(&rows, scores);
                    n = 0;
                }
                rows[n] = (s.a, s.b);
                n += 1;
            }
        }
        self.add_rows(&rows[..n], scores);
    }

    /// The exact integer sums of each class's quantized weights over these features, whose
    /// slots were already prefetched (tables of up to four classes only): sums of parts of a
    /// feature list add up to the sum of the whole, and [`Self::scale`] times it is what
    /// [`Self::add`] adds.
    #[inline]
    pub fn sum_fetched(&self, feats: &[u64]) -> [i32; DENSE] {
        debug_assert!(self.classes <= DENSE);
        let mut acc = [0i32; DENSE];
        for &f in feats {
            if let Some(s) = self.find(f) {
                acc[0] += s.a as i16 as i32;
                acc[1] += (s.a >> 16) as i16 as i32;
                acc[2] += s.b as i16 as i32;
                acc[3] += (s.b >> 16) as i16 as i32;
            }
        }
        acc
    }

    /// What one unit of a quantized weight is worth.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The sparse rows (first entry, length) of these features, whose slots were already
    /// prefetched, appended to `rows`, each row's entries asked for: several feature lists'
    /// rows can be found before any is added ([`Self::add_rows`]), so that their misses overlap.
    #[inline]
    pub fn find_rows(&self, feats: &[u64], rows: &mut Vec<(u32, u32)>) {
        debug_assert!(self.classes > DENSE);
        for &f in feats {
            if let Some(s) = self.find(f) {
                if s.a & INLINE == 0 {
                    prefetch(&self.entries[s.a as usize]);
                }
                rows.push((s.a, s.b));
            }
        }
    }

    /// Adds the quantized entries of rows found by [`Self::find_rows`] into `acc` (one
    /// integer per class: exact, in any order; [`Self::scale`] times it is the score).
    #[inline]
    pub fn sum_rows(&self, rows: &[(u32, u32)], acc: &mut [i32]) {
        for &(a, b) in rows {
            for &e in self.entries_of(a, b).as_slice() {
                acc[(e >> 16) as usize] += e as u16 as i16 as i32;
            }
        }
    }

    /// Adds the entries of rows found by [`Self::find_rows`] into `scores` (in the same order
    /// as [`Self::add`], so the same sums).
    #[inline]
    pub fn add_rows(&self, rows: &[(u32, u32)], scores: &mut [f32]) {
        for &(a, b) in rows {
            for &e in self.entries_of(a, b).as_slice() {
                scores[(e >> 16) as usize] += e as u16 as i16 as f32 * self.scale;
            }
        }
    }

    #[inline]
    fn find(&self, f: u64) -> Option<&Slot> {
        let mut i = slot_of(f, self.mask);
        loop {
            let s = &self.slots[i];
            if s.key == f {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Writes the weights: classes, scale, count, then delta-coded keys and entries.
    pub fn write(&self, out: &mut Vec<u8>) {
        let sorted = self.sorted();
        put_varint(out, self.classes as u64);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_varint(out, sorted.len() as u64);
        let mut prev = 0u64;
        for (key, row) in &sorted {
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
        if classes == 0 || classes > u16::MAX as usize {
            return Err("bad class count".into());
        }
        let scale = f32::from_le_bytes(r.bytes(4)?.try_into().unwrap());
        let n = r.varint()? as usize;
        // every feature takes at least two bytes: a count beyond that is a corrupt file
        if n > r.data.len().saturating_sub(r.pos) / 2 {
            return Err("truncated model file".into());
        }
        let mut w = Weights::with_capacity(classes, scale, n);
        let mut prev = 0u64;
        let mut row = Vec::with_capacity(classes);
        // the table is written at random: each slot is asked for `LAG` features before it is
        // filled, so that the misses overlap (the same order of insertion, the same table)
        const LAG: usize = 16;
        let mut pending = [Slot::default(); LAG];
        for i in 0..n {
            let key = prev.checked_add(r.varint()?).ok_or("bad key")?;
            if key == 0 || (i > 0 && key == prev) {
                return Err("bad key".into());
            }
            prev = key;
            let len = r.varint()? as usize;
            if len > classes {
                return Err("bad row".into());
            }
            row.clear();
            let mut c = 0u16;
            for j in 0..len {
                c = c.checked_add(r.varint()? as u16).ok_or("bad class")?;
                if c as usize >= classes || (j > 0 && row.last().is_some_and(|&(p, _)| p == c)) {
                    return Err("class out of range".into());
                }
                row.push((c, unzigzag(r.varint()?) as i16));
            }
            let slot = w.make_slot(key, &row);
            prefetch(&w.slots[slot_of(key, w.mask)]);
            if i >= LAG {
                w.place(pending[i % LAG]);
            }
            pending[i % LAG] = slot;
        }
        for i in n.saturating_sub(LAG)..n {
            w.place(pending[i % LAG]);
        }
        Ok(w)
    }
}

/// The tables are read at random and far larger than what the TLB maps with small pages, so
/// that a lookup would also wait for a page walk: on Linux, ask for huge pages (a hint, given
/// before the pages are first written; it changes no value).
fn advise_huge_pages(start: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let end = start + bytes;
        let from = (start + HUGE - 1) & !(HUGE - 1);
        if end >= from + HUGE {
            let len = (end - from) & !(HUGE - 1);
            // SAFETY: the range lies inside one allocation of ours; madvise only advises
            unsafe {
                libc::madvise(from as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, bytes);
}

#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, and SSE is part of every x86_64 target
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(x as *const T as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    // the top bits of one multiplication (by another constant than `mix`'s)
    (key.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - mask.count_ones())) as usize
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

    /// Three classes keep their weights inside the table's slots, six in a separate array:
    /// both layouts learn, save, load and prune alike.
    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        for classes in [3usize, 6] {
            let mut t = Trainer::new(classes);
            let data: Vec<(Vec<u64>, usize)> =
                (0..classes).map(|y| (vec![feat(1, y as u64 + 1, 0, 0), feat(2, 0, 0, 0)], y)).collect();
            let mut s = vec![0f32; classes];
            for _ in 0..5 {
                for (f, y) in &data {
                    t.score(f, &mut s);
                    let g = (0..classes).max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a))).unwrap();
                    t.update(f, *y, g);
                    t.tick();
                }
            }
            let w = t.averaged(0.0);
            let mut bytes = Vec::new();
            w.write(&mut bytes);
            let w2 = Weights::read(&mut Reader { data: &bytes, pos: 0 }).unwrap();
            assert_eq!(w2.len(), w.len());
            let mut again = Vec::new();
            w2.write(&mut again);
            assert_eq!(again, bytes, "{classes} classes: the same bytes after a round trip");
            for (f, y) in &data {
                let mut s = vec![0f32; classes];
                w2.add(f, &mut s);
                assert_eq!(crate::syntax::tagger::argmax(&s), *y, "{classes} classes");
                // more features than one batch of rows: the sums are 150 times one pass's
                let many: Vec<u64> = f.iter().copied().cycle().take(f.len() * 150).collect();
                let mut m = vec![0f32; classes];
                w2.add(&many, &mut m);
                for (a, b) in m.iter().zip(&s) {
                    assert!((a - 150.0 * b).abs() <= 1e-3 * b.abs().max(1.0), "{classes} classes: {m:?} vs {s:?}");
                }
            }
            assert!(w2.pruned(0.99).len() < w2.len(), "pruning drops the small weights");
            // the mean of a table and itself is the table; with another, the mean of the scores
            let mut same = Vec::new();
            Weights::mean(&[&w2, &w2]).write(&mut same);
            assert_eq!(same, bytes, "{classes} classes: the mean of a table and itself");
            let mut other = Trainer::new(classes);
            other.add(&[feat(3, 1, 0, 0), data[0].0[0]], 0, 2.0);
            other.tick();
            let o = other.averaged(0.0);
            let m = Weights::mean(&[&w2, &o]);
            for f in [data[0].0[0], feat(3, 1, 0, 0), data[1].0[0]] {
                let (mut a, mut b, mut c) = (vec![0f32; classes], vec![0f32; classes], vec![0f32; classes]);
                w2.add(&[f], &mut a);
                o.add(&[f], &mut b);
                m.add(&[f], &mut c);
                for k in 0..classes {
                    assert!((c[k] - (a[k] + b[k]) / 2.0).abs() <= 1e-3 * (a[k].abs() + b[k].abs()).max(1.0), "{classes} classes: {c:?}");
                }
            }
            assert!(Weights::read(&mut Reader { data: &bytes[..bytes.len() - 1], pos: 0 }).is_err());
        }
    }
}
