//! Universal part of speech and lemmas. A greedy left-to-right averaged perceptron over the
//! word, its affixes and shape, the two words either side and the two tags before; frequent
//! unambiguous words take their tag from a dictionary. Lemmas come from the training data's
//! (form, tag) pairs, else from suffix rules. A model may add a second stage that picks each
//! word's XPOS among those its UPOS had in training, for the parser to see.

use std::collections::HashMap;

use super::perceptron::{feat, hash_str, WordMap, Trainer, Weights};

/// The 17 universal parts of speech, in the model's class order.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM",
    "VERB", "X",
];

pub fn upos_id(tag: &str) -> usize {
    UPOS.iter().position(|t| *t == tag).unwrap_or(16)
}

pub const START: u64 = 17;

/// One tag of a tagger's tag set: a universal part of speech, refined by the treebank's
/// language-specific tag (XPOS, Penn Treebank tags for English) where the tagger predicts both.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tag {
    /// Index into [`UPOS`].
    pub upos: u8,
    /// The XPOS ("VBN"), or empty in a UPOS-only tag set.
    pub xpos: String,
}

/// The UPOS-only tag set, tag `i` being `UPOS[i]` (models of format versions 2 and 3).
pub fn upos_tagset() -> Vec<Tag> {
    (0..UPOS.len()).map(|i| Tag { upos: i as u8, xpos: String::new() }).collect()
}

/// What the tagger and parser know of a word before tagging: hashes of its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lex {
    pub lower: u64,
    pub exact: u64,
    pub shape: u64,
    pub pre: [u64; 3],
    pub suf: [u64; 4],
    /// The tags the word had in training (a bit set; 0 = rare or unseen).
    pub amb: u64,
    /// The word's Brown cluster from the model's word clusters: 1 + the cluster's bit path
    /// (read from its lowest bit), [`CL_UNKNOWN`] for a word without one, 0 when the model has
    /// no clusters (and so no cluster features).
    pub cl: u64,
}

/// [`Lex::cl`] of a word the clusters do not know.
pub const CL_UNKNOWN: u64 = 1 << 40;
/// [`Lex::cl`] beyond the sentence's ends.
const CL_NONE: u64 = 1 << 41;

const NONE_LEX: Lex = Lex { lower: 1, exact: 1, shape: 1, pre: [1; 3], suf: [1; 4], amb: 1 << 20, cl: CL_NONE };

/// [`Lex::cl`] of a word given a model's clusters: its cluster as written, else lower-cased.
pub fn cluster_of(clusters: &WordMap<u32>, l: &Lex) -> u64 {
    if clusters.is_empty() {
        return 0;
    }
    clusters.get(&(l.exact ^ 0x77)).or_else(|| clusters.get(&l.lower)).map_or(CL_UNKNOWN, |&c| 1 + c as u64)
}

/// The first `bits` steps of a word's cluster path (the whole [`Lex::cl`] for unknown words
/// and sentence ends, which have no path).
#[inline]
pub fn cl_prefix(cl: u64, bits: u32) -> u64 {
    if cl >= CL_UNKNOWN || cl == 0 {
        cl
    } else {
        ((cl - 1) & ((1 << bits) - 1)) | (1 << 30)
    }
}

impl Lex {
    pub fn new(form: &str) -> Lex {
        // the common case without allocating: the same hashes as the general path below
        if form.is_ascii() && form.len() <= 64 {
            let mut buf = [0u8; 64];
            let lower = &mut buf[..form.len()];
            lower.copy_from_slice(form.as_bytes());
            lower.make_ascii_lowercase();
            let n = lower.len();
            let pre = |k: usize| fnv(&lower[..k.min(n)]);
            let suf = |k: usize| fnv(&lower[n - k.min(n)..]) ^ 0x55;
            return Lex {
                lower: fnv(lower),
                exact: hash_str(form) ^ 0x77,
                shape: shape_hash(form),
                pre: [pre(1), pre(2), pre(3)],
                suf: [suf(1), suf(2), suf(3), suf(4)],
                amb: 0,
                cl: 0,
            };
        }
        Lex::general(form)
    }

    fn general(form: &str) -> Lex {
        let lower = form.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        let pre = |k: usize| hash_str(&chars[..k.min(n)].iter().collect::<String>());
        let suf = |k: usize| hash_str(&chars[n - k.min(n)..].iter().collect::<String>()) ^ 0x55;
        Lex {
            lower: hash_str(&lower),
            exact: hash_str(form) ^ 0x77,
            shape: hash_str(&shape(form)),
            pre: [pre(1), pre(2), pre(3)],
            suf: [suf(1), suf(2), suf(3), suf(4)],
            amb: 0,
            cl: 0,
        }
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// `hash_str(&shape(form))` without building the string.
fn shape_hash(form: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    shape_chars(form, |c| {
        let mut b = [0u8; 4];
        for &x in c.encode_utf8(&mut b).as_bytes() {
            h ^= x as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    });
    h
}

/// "Xxxx", "dd", "x.x.": character classes with runs collapsed past two.
pub fn shape(form: &str) -> String {
    let mut out = String::new();
    shape_chars(form, |c| out.push(c));
    out
}

fn shape_chars(form: &str, mut emit: impl FnMut(char)) {
    let mut last = ' ';
    let mut run = 0;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 2 {
            emit(k);
        }
    }
}

/// Features of word `i` given the two tags before it.
pub fn features(lex: &[Lex], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| if k >= 0 && (k as usize) < lex.len() { lex[k as usize] } else { NONE_LEX };
    let i = i as isize;
    let (w, m1, m2, n1, n2) = (at(i), at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    let first = (i == 0) as u64;
    out.extend([
        feat(0, 0, 0, 0),
        feat(1, w.lower, 0, 0),
        feat(2, w.suf[0], 0, 0),
        feat(3, w.suf[1], 0, 0),
        feat(4, w.suf[2], 0, 0),
        feat(5, w.suf[3], 0, 0),
        feat(6, w.pre[0], 0, 0),
        feat(7, w.pre[1], 0, 0),
        feat(8, w.pre[2], 0, 0),
        feat(9, w.shape, 0, 0),
        feat(10, w.exact, first, 0),
        feat(11, p1, 0, 0),
        feat(12, p2, 0, 0),
        feat(13, p1, p2, 0),
        feat(14, p1, w.lower, 0),
        feat(15, m1.lower, 0, 0),
        feat(16, m1.suf[2], 0, 0),
        feat(17, m2.lower, 0, 0),
        feat(18, n1.lower, 0, 0),
        feat(19, n1.suf[2], 0, 0),
        feat(20, n2.lower, 0, 0),
        feat(21, w.lower, n1.lower, 0),
        feat(22, m1.lower, w.lower, 0),
        feat(23, m1.shape, w.shape, n1.shape),
        feat(24, first, w.shape, 0),
        feat(25, n1.shape, 0, 0),
        feat(26, p1, n1.lower, 0),
        feat(27, p1, w.suf[2], 0),
        feat(28, n1.suf[1], n2.suf[1], 0),
        feat(29, m1.shape, 0, 0),
        feat(30, w.amb, 0, 0),
        feat(31, n1.amb, 0, 0),
        feat(32, w.amb, n1.amb, 0),
        feat(33, p1, w.amb, 0),
        feat(34, n2.amb, 0, 0),
        feat(35, p1, w.amb, n1.amb),
        feat(36, w.amb, w.suf[2], 0),
        feat(37, m1.amb, w.amb, 0),
        feat(38, m1.lower, n1.lower, 0),
        feat(39, n1.amb, n2.amb, 0),
        feat(40, p1, n1.amb, 0),
        feat(41, w.lower, n1.amb, 0),
        feat(42, n1.lower, n2.lower, 0),
        feat(43, w.suf[1], n1.amb, 0),
        feat(44, p2, p1, w.suf[1]),
        feat(45, n1.suf[3], 0, 0),
        feat(46, m1.suf[3], w.suf[3], 0),
        feat(47, w.pre[2], w.suf[2], 0),
        feat(48, w.shape, n1.amb, 0),
        feat(49, m2.amb, m1.amb, w.amb),
    ]);
    if w.cl != 0 {
        let (c, n1c) = (w.cl, n1.cl);
        out.extend([
            feat(50, c, 0, 0),
            feat(51, cl_prefix(c, 4), 0, 0),
            feat(52, cl_prefix(c, 6), 0, 0),
            feat(53, cl_prefix(c, 10), 0, 0),
            feat(54, m1.cl, 0, 0),
            feat(55, n1c, 0, 0),
            feat(56, p1, c, 0),
            feat(57, c, cl_prefix(n1c, 6), 0),
            feat(58, c, w.shape, 0),
            feat(59, cl_prefix(at(i + 2).cl, 6), 0, 0),
        ]);
    }
}

/// Trained tagging state: weights, the tag dictionary and the lemma table.
#[derive(Clone, Debug)]
pub struct Tagger {
    /// The tags the parser sees: the UPOS alone ([`upos_tagset`]), or (UPOS, XPOS) pairs.
    pub tagset: Vec<Tag>,
    /// Each tag's index into [`UPOS`] (from `tagset`).
    pub upos_of: Vec<u8>,
    /// UPOS weights (17 classes).
    pub weights: Weights,
    /// With XPOS: the weights choosing a word's tag among those of its UPOS (`tagset` classes).
    pub fine: Option<Weights>,
    /// Each UPOS's first tag in `tagset`, and whether it has others.
    first: [(u8, bool); 17],
    /// Lower-cased word hash → its only tag, for frequent unambiguous words.
    pub dict: HashMap<u64, u8>,
    /// (lower-cased form, UPOS index) → lemma, where the rules would get it wrong.
    pub lemmas: HashMap<(String, u8), String>,
    /// Lower-cased word hash → the tags it had in training (bit set), for words seen 3+ times.
    pub ambig: HashMap<u64, u32>,
    /// Word hash ([`hash_str`] of the form as written) → its Brown cluster path (see
    /// [`Lex::cl`]); empty for models without clusters. The keys are hashes already, so the
    /// map does not hash them again.
    pub clusters: WordMap<u32>,
}

impl Tagger {
    /// A word's features, with the tags it had in training.
    pub fn lex(&self, form: &str) -> Lex {
        let mut l = Lex::new(form);
        l.amb = self.ambig.get(&l.lower).copied().unwrap_or(0) as u64;
        l.cl = cluster_of(&self.clusters, &l);
        l
    }

    /// A tagger of UPOS only, or (with `fine`) of (UPOS, XPOS) pairs.
    pub fn new(
        tagset: Vec<Tag>,
        weights: Weights,
        fine: Option<Weights>,
        dict: HashMap<u64, u8>,
        lemmas: HashMap<(String, u8), String>,
        ambig: HashMap<u64, u32>,
    ) -> Tagger {
        let upos_of: Vec<u8> = tagset.iter().map(|t| t.upos).collect();
        let mut first = [(0u8, false); 17];
        for (u, f) in first.iter_mut().enumerate() {
            let mut of_u = (0..upos_of.len()).filter(|&t| upos_of[t] as usize == u);
            *f = (of_u.next().unwrap_or(0) as u8, of_u.next().is_some());
        }
        Tagger { tagset, upos_of, weights, fine, first, dict, lemmas, ambig, clusters: WordMap::default() }
    }

    /// UPOS of each word (indices into [`UPOS`]).
    pub fn tag(&self, lex: &[Lex]) -> Vec<u8> {
        let mut tags = Vec::with_capacity(lex.len());
        let mut fs = Vec::with_capacity(64);
        let mut scores = [0f32; 17];
        for i in 0..lex.len() {
            if let Some(&t) = self.dict.get(&lex[i].lower) {
                tags.push(t);
                continue;
            }
            let p1 = if i >= 1 { tags[i - 1] as u64 } else { START };
            let p2 = if i >= 2 { tags[i - 2] as u64 } else { START };
            features(lex, i, p1, p2, &mut fs);
            scores.iter_mut().for_each(|s| *s = 0.0);
            self.weights.add(&fs, &mut scores);
            tags.push(argmax(&scores) as u8);
        }
        tags
    }

    /// The tag the parser sees of each word (indices into `tagset`) given its UPOS: the UPOS
    /// itself, or the likeliest (UPOS, XPOS) pair of that UPOS.
    pub fn refine(&self, lex: &[Lex], upos: &[u8]) -> Vec<u8> {
        let Some(fine) = &self.fine else { return upos.to_vec() };
        let mut out = Vec::with_capacity(lex.len());
        let mut fs = Vec::with_capacity(32);
        let mut scores = [0f32; 256];
        let scores = &mut scores[..self.tagset.len()];
        for i in 0..lex.len() {
            let u = upos[i];
            let (first, more) = self.first[u as usize];
            if !more {
                out.push(first);
                continue;
            }
            let p1 = if i >= 1 { out[i - 1] as u64 } else { 255 };
            fine_features(lex, upos, i, p1, &mut fs);
            scores.iter_mut().for_each(|s| *s = 0.0);
            fine.add(&fs, scores);
            out.push(best_of(scores, &self.upos_of, u) as u8);
        }
        out
    }

    /// The lemma of a word with UPOS `tag` (an index into [`UPOS`]).
    pub fn lemma(&self, form: &str, tag: u8) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.lemmas.get(&(lower.clone(), tag)) {
            return l.clone();
        }
        rule_lemma(form, &lower, tag)
    }
}

/// The best-scoring tag whose UPOS is `upos` (the first such on ties).
fn best_of(scores: &[f32], upos_of: &[u8], upos: u8) -> usize {
    let mut best = usize::MAX;
    for (t, &u) in upos_of.iter().enumerate() {
        if u == upos && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    best.min(scores.len().saturating_sub(1))
}

/// Features choosing a word's XPOS given the UPOS of it and its neighbours (`p1`: the tag
/// chosen for the word before).
pub fn fine_features(lex: &[Lex], upos: &[u8], i: usize, p1: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| if k >= 0 && (k as usize) < lex.len() { lex[k as usize] } else { NONE_LEX };
    let u = |k: isize| if k >= 0 && (k as usize) < upos.len() { upos[k as usize] as u64 } else { 99 };
    let i = i as isize;
    let (w, m1, n1) = (at(i), at(i - 1), at(i + 1));
    let t = u(i);
    // the nearest auxiliary within four words before (have, be: VBN; do, modals: VB)
    let last_aux = (1..=4).map(|k| i - k).take_while(|&k| k >= 0).find(|&k| u(k) == 3).map_or(0, |k| at(k).lower);
    out.extend([
        feat(400, t, 0, 0),
        feat(401, t, w.lower, 0),
        feat(402, t, w.suf[0], 0),
        feat(403, t, w.suf[1], 0),
        feat(404, t, w.suf[2], 0),
        feat(405, t, w.shape, 0),
        feat(406, t, u(i - 1), 0),
        feat(407, t, u(i + 1), 0),
        feat(408, t, u(i - 1), u(i + 1)),
        feat(409, t, m1.lower, 0),
        feat(410, t, n1.lower, 0),
        feat(411, t, p1, 0),
        feat(412, t, u(i - 2), u(i - 1)),
        feat(413, t, u(i + 1), u(i + 2)),
        feat(414, t, at(i - 2).lower, 0),
        feat(415, t, w.amb, 0),
        feat(416, t, p1, w.suf[1]),
        feat(417, t, m1.lower, w.suf[2]),
        feat(418, t, w.exact, (i == 0) as u64),
        feat(419, t, at(i + 2).lower, 0),
        feat(420, t, last_aux, w.suf[1]),
        feat(421, t, u(i - 1), w.lower),
        feat(422, t, w.lower, u(i + 1)),
        feat(423, t, m1.lower, at(i - 2).lower),
        feat(424, t, w.suf[3], 0),
        feat(425, t, last_aux, 0),
    ]);
    if w.cl != 0 {
        out.extend([feat(426, t, w.cl, 0), feat(427, t, cl_prefix(w.cl, 6), 0), feat(428, t, n1.cl, 0)]);
    }
}

pub fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..s.len() {
        if s[i] > s[best] {
            best = i;
        }
    }
    best
}

/// The lemma suffix rules would give: proper nouns, numbers and symbols as written; nouns and
/// verbs lose their inflection; everything else lower-cased.
pub fn rule_lemma(form: &str, lower: &str, tag: u8) -> String {
    let t = UPOS[tag as usize];
    match t {
        "PROPN" | "NUM" | "SYM" | "PUNCT" | "X" => form.to_string(),
        "NOUN" => {
            if let Some(s) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
                format!("{s}y")
            } else if ["ches", "shes", "sses", "xes"].iter().any(|x| lower.ends_with(x)) {
                lower[..lower.len() - 2].to_string()
            } else if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|x| lower.ends_with(x)) && lower.len() > 3 {
                lower[..lower.len() - 1].to_string()
            } else {
                lower.to_string()
            }
        }
        "VERB" | "AUX" => {
            let undouble = |s: &str| {
                let b = s.as_bytes();
                if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"lsz".contains(&b[b.len() - 1]) && !b"aeiou".contains(&b[b.len() - 1]) {
                    s[..s.len() - 1].to_string()
                } else if (s.ends_with("ell") || s.ends_with("oll")) && vowel_groups(&s[..s.len() - 2]) >= 2 {
                    // "repelled", "cancelled", "patrolled": a final "l" doubled after an
                    // unstressed or last syllable; one-syllable stems keep theirs ("shelled")
                    s[..s.len() - 1].to_string()
                } else {
                    s.to_string()
                }
            };
            if let Some(s) = lower.strip_suffix("ied") {
                format!("{s}y")
            } else if let Some(s) = lower.strip_suffix("ing").filter(|s| s.len() > 2) {
                undouble(s)
            } else if let Some(s) = lower.strip_suffix("ed").filter(|s| s.len() > 2) {
                undouble(s)
            } else if let Some(s) = lower.strip_suffix("ies") {
                format!("{s}y")
            } else if ["ches", "shes", "sses", "xes"].iter().any(|x| lower.ends_with(x)) {
                lower[..lower.len() - 2].to_string()
            } else if lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3 {
                lower[..lower.len() - 1].to_string()
            } else {
                lower.to_string()
            }
        }
        _ => lower.to_string(),
    }
}

/// How many runs of vowels a word has (its syllables, roughly): "repe" 2, "que" 1.
fn vowel_groups(s: &str) -> usize {
    let vowel = |c: char| "aeiouy".contains(c);
    s.chars().zip(std::iter::once(' ').chain(s.chars())).filter(|&(c, prev)| vowel(c) && !vowel(prev)).count()
}

/// Trains UPOS weights on (words, gold tags) for `epochs`, shuffled by `seed`; `dev`, if given,
/// picks the best epoch. Returns the weights and the dev accuracy per epoch.
pub fn train(
    train: &[(Vec<Lex>, Vec<u8>)],
    dict: &HashMap<u64, u8>,
    dev: Option<&[(Vec<Lex>, Vec<u8>)]>,
    epochs: usize,
    seed: u64,
) -> (Weights, Vec<f64>) {
    let mut t = Trainer::new(17);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = super::Rng(seed);
    let mut fs = Vec::new();
    let mut scores = [0f32; 17];
    let mut best: Option<(f64, Weights)> = None;
    let mut accs = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (lex, gold) = &train[s];
            let mut tags: Vec<u8> = Vec::with_capacity(lex.len());
            for i in 0..lex.len() {
                let p1 = if i >= 1 { tags[i - 1] as u64 } else { START };
                let p2 = if i >= 2 { tags[i - 2] as u64 } else { START };
                if dict.contains_key(&lex[i].lower) {
                    tags.push(gold[i]);
                    continue;
                }
                features(lex, i, p1, p2, &mut fs);
                t.score(&fs, &mut scores);
                let guess = argmax(&scores);
                t.update(&fs, gold[i] as usize, guess);
                t.tick();
                tags.push(guess as u8);
            }
        }
        let w = t.averaged(0.0);
        if let Some(dev) = dev {
            let tagger = Tagger::new(upos_tagset(), w, None, dict.clone(), HashMap::new(), HashMap::new());
            let (mut ok, mut n) = (0usize, 0usize);
            for (lex, gold) in dev {
                let tags = tagger.tag(lex);
                ok += tags.iter().zip(gold).filter(|(a, b)| a == b).count();
                n += gold.len();
            }
            let acc = ok as f64 / n.max(1) as f64;
            accs.push(acc);
            if best.as_ref().is_none_or(|(b, _)| acc > *b) {
                best = Some((acc, tagger.weights));
            }
        } else {
            best = Some((0.0, w));
        }
    }
    let w = best.map(|b| b.1).unwrap_or_else(|| t.averaged(0.0));
    (w, accs)
}

/// Trains the XPOS weights on (words, gold UPOS, gold tags of `tagset`) for `epochs`.
pub fn train_fine(tagset: &[Tag], train: &[(Vec<Lex>, Vec<u8>, Vec<u8>)], epochs: usize, seed: u64) -> Weights {
    let upos_of: Vec<u8> = tagset.iter().map(|t| t.upos).collect();
    let ambiguous: Vec<bool> = (0..UPOS.len()).map(|u| upos_of.iter().filter(|&&v| v as usize == u).count() > 1).collect();
    let mut t = Trainer::new(tagset.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = super::Rng(seed);
    let mut fs = Vec::new();
    let mut scores = vec![0f32; tagset.len()];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (lex, upos, gold) = &train[s];
            let mut prev = 255u64;
            for i in 0..lex.len() {
                if ambiguous[upos[i] as usize] {
                    fine_features(lex, upos, i, prev, &mut fs);
                    t.score(&fs, &mut scores);
                    let guess = best_of(&scores, &upos_of, upos[i]);
                    t.update(&fs, gold[i] as usize, guess);
                    t.tick();
                }
                prev = gold[i] as u64;
            }
        }
    }
    t.averaged(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_word_hashes_equal_the_general_ones() {
        for f in ["The", "U.S.", "don't", "11/28/2019", "a", "", "Tripoli's", "XXL-size", "x".repeat(64).as_str()] {
            assert_eq!(Lex::new(f), Lex::general(f), "{f}");
        }
        assert_eq!(Lex::new("Ünal").lower, hash_str("ünal"));
        assert_eq!(shape("McDonald's 2019"), "XxXxx'x dd");
    }

    /// Verbs the treebank never saw get their lemma from the rules: a doubled final consonant
    /// is undone, and a doubled "l" after a stem of two syllables or more ("repelled") too,
    /// while one-syllable stems keep theirs ("shelled", "killed").
    #[test]
    fn rule_lemmas_undo_doubled_consonants() {
        let verb = upos_id("VERB") as u8;
        for (form, lemma) in [
            ("repelled", "repel"),
            ("expelling", "expel"),
            ("patrolled", "patrol"),
            ("cancelled", "cancel"),
            ("shelled", "shell"),
            ("quelled", "quell"),
            ("killed", "kill"),
            ("rolled", "roll"),
            ("stopped", "stop"),
            ("bombed", "bomb"),
            ("overran", "overran"),
        ] {
            assert_eq!(rule_lemma(form, form, verb), lemma, "{form}");
        }
    }
}
