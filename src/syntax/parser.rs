//! Labelled dependency parsing: a greedy arc-hybrid transition system (root at the bottom of
//! the stack, one root per sentence) whose three transitions are scored by an averaged
//! perceptron over Zhang & Nivre style features, plus a second perceptron that labels each
//! arc when it is made (the dependent's subtree is complete by then). Training follows a
//! dynamic oracle with exploration, so the parser learns to recover from its own mistakes.

use super::perceptron::{feat, Trainer, Weights, DENSE};
use super::tagger::{argmax, cl_prefix, Lex};

pub const SHIFT: usize = 0;
pub const LEFT: usize = 1;
pub const RIGHT: usize = 2;
const NONE: usize = usize::MAX;
/// Tag values for the root and an empty position (tags 0..17 are UPOS).
const ROOT_TAG: u64 = 17;
const NONE_TAG: u64 = 18;
/// The same for the (UPOS, XPOS) tags (at most 254 of them).
const ROOT_FINE: u64 = 254;
const NONE_FINE: u64 = 255;
const NONE_LABEL: u64 = 255;

/// A parser configuration over words 1..=n (0 is the root).
#[derive(Clone, Debug)]
pub struct State {
    pub stack: Vec<usize>,
    /// First word of the buffer; the buffer is `b..=n`.
    pub b: usize,
    pub n: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
    /// The two leftmost and two rightmost children so far.
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    /// Bit sets of the labels on each side (hashed into features).
    ll: Vec<u64>,
    rl: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> State {
        State {
            stack: vec![0],
            b: 1,
            n,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            ll: vec![0; n + 1],
            rl: vec![0; n + 1],
        }
    }

    /// Becomes a copy of `o`, reusing this state's buffers (no allocation once warmed up).
    pub fn copy_from(&mut self, o: &State) {
        self.stack.clone_from(&o.stack);
        self.b = o.b;
        self.n = o.n;
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.lc.clone_from(&o.lc);
        self.rc.clone_from(&o.rc);
        self.nl.clone_from(&o.nl);
        self.nr.clone_from(&o.nr);
        self.ll.clone_from(&o.ll);
        self.rl.clone_from(&o.rl);
    }

    /// Back to the start state over `n` words, keeping the buffers.
    pub fn reset(&mut self, n: usize) {
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.n = n;
        let fill = |v: &mut Vec<_>, x| {
            v.clear();
            v.resize(n + 1, x);
        };
        fill(&mut self.heads, NONE);
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        self.lc.clear();
        self.lc.resize(n + 1, [NONE; 2]);
        self.rc.clear();
        self.rc.resize(n + 1, [NONE; 2]);
        self.nl.clear();
        self.nl.resize(n + 1, 0);
        self.nr.clear();
        self.nr.resize(n + 1, 0);
        self.ll.clear();
        self.ll.resize(n + 1, 0);
        self.rl.clear();
        self.rl.resize(n + 1, 0);
    }

    pub fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> usize {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn buf(&self, k: usize) -> usize {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NONE
        }
    }

    pub fn valid(&self, a: usize) -> bool {
        let len = self.stack.len();
        match a {
            SHIFT => self.b <= self.n,
            LEFT => len >= 2 && self.b <= self.n,
            _ => len >= 3 || (len == 2 && self.b > self.n),
        }
    }

    /// The (head, dependent) an arc transition would add.
    pub fn arc(&self, a: usize) -> (usize, usize) {
        match a {
            LEFT => (self.b, self.s(0)),
            _ => (self.s(1), self.s(0)),
        }
    }

    pub fn apply(&mut self, a: usize, label: u8) {
        if a == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(a);
        self.stack.pop();
        self.heads[d] = h;
        self.labels[d] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.lc[h] = [d, self.lc[h][0]];
            self.nl[h] = self.nl[h].saturating_add(1);
            self.ll[h] |= bit;
        } else {
            self.rc[h] = [d, self.rc[h][0]];
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rl[h] |= bit;
        }
    }

    /// Gold arcs lost by each transition (dynamic oracle for arc-hybrid, Goldberg & Nivre
    /// 2013); `gold[d]` is the head of word d.
    pub fn cost(&self, a: usize, gold: &[usize]) -> usize {
        let s0 = self.s(0);
        let deps_in_buffer = |x: usize| (self.b..=self.n).filter(|&d| gold[d] == x).count();
        match a {
            SHIFT => {
                let b0 = self.b;
                let top = self.stack.len() - 1;
                self.stack.iter().enumerate().filter(|&(i, &x)| gold[x] == b0 || (gold[b0] == x && i != top)).count()
            }
            LEFT => {
                let h = gold[s0];
                deps_in_buffer(s0) + (h != self.b && (h == self.s(1) || (h > self.b && h <= self.n))) as usize
            }
            _ => {
                let h = gold[s0];
                deps_in_buffer(s0) + (h >= self.b && h <= self.n) as usize
            }
        }
    }
}

/// Per-sentence word values the features read: index 0 is the root.
pub struct Words<'a> {
    pub lex: &'a [Lex],
    /// Each word's UPOS.
    pub tags: &'a [u8],
    /// Each word's (UPOS, XPOS) tag, if the tagger gives them (else empty: no XPOS features).
    pub fine: &'a [u8],
}

impl Words<'_> {
    #[inline]
    fn w(&self, i: usize) -> u64 {
        match i {
            NONE => 1,
            0 => 2,
            i => self.lex[i - 1].lower,
        }
    }
    /// The tags the word had in training (its ambiguity class), robust to a wrong tag.
    #[inline]
    fn a(&self, i: usize) -> u64 {
        match i {
            NONE => 1 << 20,
            0 => 1 << 21,
            i => self.lex[i - 1].amb,
        }
    }
    /// The word's last three letters, for words the training data hardly knew.
    #[inline]
    fn suf(&self, i: usize) -> u64 {
        match i {
            NONE => 1,
            0 => 2,
            i => self.lex[i - 1].suf[2],
        }
    }
    /// The word's cluster ([`Lex::cl`]).
    #[inline]
    fn c(&self, i: usize) -> u64 {
        match i {
            NONE => 1 << 42,
            0 => 1 << 43,
            i => self.lex[i - 1].cl,
        }
    }
    /// Whether the model has word clusters (else no cluster features).
    #[inline]
    fn clustered(&self) -> bool {
        self.lex.first().is_some_and(|l| l.cl != 0)
    }
    #[inline]
    fn t(&self, i: usize) -> u64 {
        match i {
            NONE => NONE_TAG,
            0 => ROOT_TAG,
            i => self.tags[i - 1] as u64,
        }
    }
    #[inline]
    fn f(&self, i: usize) -> u64 {
        match i {
            NONE => NONE_FINE,
            0 => ROOT_FINE,
            i => self.fine[i - 1] as u64,
        }
    }
}

/// Transition features of a configuration.
pub fn features(st: &State, x: &Words, out: &mut Vec<u64>) {
    out.clear();
    features_into(st, x, out);
}

/// [`features`] appended to `out`.
pub fn features_into(st: &State, x: &Words, out: &mut Vec<u64>) {
    // the three groups a beam sums once per sentence, then the rest
    features_s0b(st.s(0), st.b, st.n, x, out);
    features_s1s0b(st.s(1), st.s(0), st.b, st.n, x, out);
    features_children(st, x, out);
    features_rest(st, x, out);
}

/// Which of a configuration's words the [`features`] of a group read: the group of s0 and
/// the buffer (words and tags of s0, b0, b1, b2, b3 and their distance), of s1 with them, of
/// the children of s0 and b0, and the rest (s1's children, s2). The first three are the same
/// for every configuration with the same (s0, b), (s1, s0, b) or children of s0 and b0: a
/// beam sums their weights once per sentence ([`Beam::step`]). Together the four give the
/// features of [`features`].
const GROUP_S0B: u64 = 1;
const GROUP_S1S0B: u64 = 2;
const GROUP_CHILDREN: u64 = 3;
/// Word positions in group keys take 20 bits (longer sentences are scored without groups).
const GROUP_WORDS: u64 = 1 << 20;

/// The features of group `GROUP_S0B` for these s0 and first buffer word `b` (n words).
fn features_s0b(s0: usize, b: usize, n: usize, x: &Words, out: &mut Vec<u64>) {
    let buf = |k: usize| if b + k <= n { b + k } else { NONE };
    let (b0, b1, b2) = (buf(0), buf(1), buf(2));
    let (s0w, s0t, b0w, b0t) = (x.w(s0), x.t(s0), x.w(b0), x.t(b0));
    let (b1w, b1t, b2w, b2t) = (x.w(b1), x.t(b1), x.w(b2), x.t(b2));
    let d = if s0 == NONE || b0 == NONE { 0 } else { (b0.abs_diff(s0)).min(6) as u64 };
    out.extend([
        feat(100, 0, 0, 0),
        feat(101, s0w, 0, 0),
        feat(102, s0t, 0, 0),
        feat(103, s0w, s0t, 0),
        feat(107, b0w, 0, 0),
        feat(108, b0t, 0, 0),
        feat(109, b0w, b0t, 0),
        feat(110, b1w, 0, 0),
        feat(111, b1t, 0, 0),
        feat(112, b1w, b1t, 0),
        feat(113, b2w, b2t, 0),
        feat(114, b2t, 0, 0),
        feat(120, s0w, s0t, feat(0, b0w, b0t, 0)),
        feat(121, s0w, s0t, b0w),
        feat(122, s0w, b0w, b0t),
        feat(123, s0w, s0t, b0t),
        feat(124, s0t, b0w, b0t),
        feat(125, s0w, b0w, 0),
        feat(126, s0t, b0t, 0),
        feat(127, b0t, b1t, 0),
        feat(134, b0w, b1w, 0),
        feat(135, b0w, b0t, b1t),
        feat(140, b0t, b1t, b2t),
        feat(141, s0t, b0t, b1t),
        feat(151, s0w, b0t, b1t),
        feat(160, s0w, d, 0),
        feat(161, s0t, d, 0),
        feat(162, b0w, d, 0),
        feat(163, b0t, d, 0),
        feat(164, s0w, b0w, d),
        feat(165, s0t, b0t, d),
        feat(230, x.a(s0), x.a(b0), 0),
        feat(231, x.a(b0), 0, 0),
        feat(232, x.a(s0), b0t, 0),
        feat(233, s0t, x.a(b0), 0),
        feat(234, b1t, b2t, x.t(buf(3))),
        feat(235, x.suf(b0), b0t, 0),
        feat(236, x.suf(s0), s0t, 0),
    ]);
    if !x.fine.is_empty() {
        let (s0f, b0f, b1f) = (x.f(s0), x.f(b0), x.f(b1));
        out.extend([
            feat(240, s0f, 0, 0),
            feat(241, b0f, 0, 0),
            feat(243, b1f, 0, 0),
            feat(244, s0f, b0f, 0),
            feat(246, s0f, b0f, b1f),
            feat(247, s0w, b0f, 0),
            feat(248, s0f, b0w, 0),
            feat(252, b0f, b1f, x.f(b2)),
            feat(255, s0f, b0f, d),
        ]);
    }
    if x.clustered() {
        let (s0c, b0c) = (x.c(s0), x.c(b0));
        let (s0c6, b0c6) = (cl_prefix(s0c, 6), cl_prefix(b0c, 6));
        out.extend([
            feat(260, s0c, 0, 0),
            feat(261, b0c, 0, 0),
            feat(262, x.c(b1), 0, 0),
            feat(263, s0c, b0c, 0),
            feat(264, s0c, b0t, 0),
            feat(265, s0t, b0c, 0),
            feat(266, s0c6, b0c6, 0),
            feat(267, s0c6, b0c6, d),
            feat(270, b0c6, cl_prefix(x.c(b1), 6), 0),
            feat(271, s0c, b0w, 0),
            feat(272, s0w, b0c, 0),
            feat(273, s0c6, b0t, b1t),
        ]);
    }
}

/// The features of group `GROUP_S1S0B` for these s1, s0 and first buffer word `b`.
fn features_s1s0b(s1: usize, s0: usize, b: usize, n: usize, x: &Words, out: &mut Vec<u64>) {
    let buf = |k: usize| if b + k <= n { b + k } else { NONE };
    let (b0, b1) = (buf(0), buf(1));
    let (s0w, s0t, s1w, s1t, b0w, b0t, b1t) = (x.w(s0), x.t(s0), x.w(s1), x.t(s1), x.w(b0), x.t(b0), x.t(b1));
    let d1 = if s1 == NONE || s0 == NONE { 0 } else { (s0.abs_diff(s1)).min(6) as u64 };
    out.extend([
        feat(104, s1w, 0, 0),
        feat(105, s1t, 0, 0),
        feat(106, s1w, s1t, 0),
        feat(128, s1w, s1t, feat(0, s0w, s0t, 0)),
        feat(129, s1t, s0t, 0),
        feat(130, s1w, s0w, 0),
        feat(131, s1t, s0w, s0t),
        feat(132, s1w, s1t, s0t),
        feat(133, s1t, b0t, 0),
        feat(142, s1t, s0t, b0t),
        feat(152, s1t, s0w, b0t),
        feat(166, s1t, s0t, d1),
        feat(167, s1w, s0w, d1),
        feat(218, s1w, b0w, 0),
        feat(219, s1t, s0t, feat(0, b0t, b1t, 0)),
    ]);
    if !x.fine.is_empty() {
        let (s0f, s1f, b0f) = (x.f(s0), x.f(s1), x.f(b0));
        out.extend([feat(242, s1f, 0, 0), feat(245, s1f, s0f, 0), feat(249, s1f, s0f, b0f)]);
    }
    if x.clustered() {
        out.extend([feat(268, x.c(s1), 0, 0), feat(269, cl_prefix(x.c(s1), 6), cl_prefix(x.c(s0), 6), 0)]);
    }
}

/// The features of group `GROUP_CHILDREN`: those of s0, b0 and the children built so far
/// of the two (their words, tags, labels, counts and label sets).
fn features_children(st: &State, x: &Words, out: &mut Vec<u64>) {
    let (s0, b0) = (st.s(0), st.buf(0));
    let lc = |i: usize, k: usize| if i == NONE { NONE } else { st.lc[i][k] };
    let rc = |i: usize, k: usize| if i == NONE { NONE } else { st.rc[i][k] };
    let l = |i: usize| if i == NONE { NONE_LABEL } else { st.labels[i] as u64 };
    let (s0l, s0l2, s0r, s0r2) = (lc(s0, 0), lc(s0, 1), rc(s0, 0), rc(s0, 1));
    let (b0l, b0l2) = (lc(b0, 0), lc(b0, 1));
    let (s0w, s0t, b0w, b0t) = (x.w(s0), x.t(s0), x.w(b0), x.t(b0));
    let val = |i: usize, left: bool| if i == NONE { 99 } else if left { st.nl[i] as u64 } else { st.nr[i] as u64 };
    let set = |i: usize, left: bool| if i == NONE { 0 } else if left { st.ll[i] } else { st.rl[i] };
    out.extend([
        feat(144, s0t, x.t(s0l), b0t),
        feat(145, s0t, x.t(s0r), b0t),
        feat(146, s0t, b0t, x.t(b0l)),
        feat(170, s0w, val(s0, false), 0),
        feat(171, s0t, val(s0, false), 0),
        feat(172, s0w, val(s0, true), 0),
        feat(173, s0t, val(s0, true), 0),
        feat(174, b0w, val(b0, true), 0),
        feat(175, b0t, val(b0, true), 0),
        feat(180, x.w(s0l), 0, 0),
        feat(181, x.t(s0l), 0, 0),
        feat(182, l(s0l), 0, 0),
        feat(183, x.w(s0r), 0, 0),
        feat(184, x.t(s0r), 0, 0),
        feat(185, l(s0r), 0, 0),
        feat(186, x.w(b0l), 0, 0),
        feat(187, x.t(b0l), 0, 0),
        feat(188, l(b0l), 0, 0),
        feat(200, x.w(s0l2), 0, 0),
        feat(201, x.t(s0l2), l(s0l2), 0),
        feat(202, x.w(s0r2), 0, 0),
        feat(203, x.t(s0r2), l(s0r2), 0),
        feat(204, x.w(b0l2), 0, 0),
        feat(205, x.t(b0l2), l(b0l2), 0),
        feat(206, s0t, x.t(s0l), x.t(s0l2)),
        feat(207, s0t, x.t(s0r), x.t(s0r2)),
        feat(208, b0t, x.t(b0l), x.t(b0l2)),
        feat(210, s0w, set(s0, false), 0),
        feat(211, s0t, set(s0, false), 0),
        feat(212, s0w, set(s0, true), 0),
        feat(213, s0t, set(s0, true), 0),
        feat(214, b0w, set(b0, true), 0),
        feat(215, b0t, set(b0, true), 0),
        feat(216, s0t, l(s0l), l(s0r)),
        feat(220, s0w, x.w(s0l), 0),
        feat(221, b0w, x.w(b0l), 0),
        feat(222, s0w, x.w(s0r), b0t),
    ]);
    if !x.fine.is_empty() {
        let (s0f, b0f) = (x.f(s0), x.f(b0));
        out.extend([feat(250, s0f, x.f(s0l), b0f), feat(251, s0f, x.f(s0r), b0f)]);
    }
}

/// A digest of what [`features_children`] reads besides the sentence's words: s0, b and the
/// children of s0 and b0 with their labels, counts and label sets.
fn children_key(st: &State) -> u64 {
    let (s0, b0) = (st.s(0), st.buf(0));
    let id = |i: usize| if i == NONE { u64::MAX } else { i as u64 };
    let child = |i: usize| if i == NONE { u64::MAX } else { (i as u64) << 8 | st.labels[i] as u64 };
    let mut h = super::perceptron::mix(GROUP_CHILDREN, id(s0));
    h = super::perceptron::mix(h, st.b as u64);
    for i in [s0, b0] {
        if i == NONE {
            h = super::perceptron::mix(h, u64::MAX);
            continue;
        }
        for c in [st.lc[i][0], st.lc[i][1], st.rc[i][0], st.rc[i][1]] {
            h = super::perceptron::mix(h, child(c));
        }
        h = super::perceptron::mix(h, (st.nl[i] as u64) << 8 | st.nr[i] as u64);
        h = super::perceptron::mix(super::perceptron::mix(h, st.ll[i]), st.rl[i]);
    }
    h | 1
}

/// The features of a configuration in no group: [`features`] less those of
/// [`features_s0b`], [`features_s1s0b`] and [`features_children`].
fn features_rest(st: &State, x: &Words, out: &mut Vec<u64>) {
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let lc = |i: usize, k: usize| if i == NONE { NONE } else { st.lc[i][k] };
    let rc = |i: usize, k: usize| if i == NONE { NONE } else { st.rc[i][k] };
    let l = |i: usize| if i == NONE { NONE_LABEL } else { st.labels[i] as u64 };
    let (s0l, s0r, s1l, s1r) = (lc(s0, 0), rc(s0, 0), lc(s1, 0), rc(s1, 0));
    let (s0t, s1t, s2t) = (x.t(s0), x.t(s1), x.t(s2));
    let val = |i: usize, left: bool| if i == NONE { 99 } else if left { st.nl[i] as u64 } else { st.nr[i] as u64 };
    let set = |i: usize, left: bool| if i == NONE { 0 } else if left { st.ll[i] } else { st.rl[i] };
    out.extend([
        feat(115, s2t, 0, 0),
        feat(116, x.w(s2), s2t, 0),
        feat(143, s2t, s1t, s0t),
        feat(147, s1t, s0t, x.t(s0l)),
        feat(148, s1t, s0t, x.t(s0r)),
        feat(149, s1t, x.t(s1r), s0t),
        feat(150, s1t, x.t(s1l), s0t),
        feat(176, s1t, val(s1, false), val(s1, true)),
        feat(189, x.w(s1l), x.t(s1l), l(s1l)),
        feat(190, x.w(s1r), x.t(s1r), l(s1r)),
        feat(217, s1t, set(s1, false), s0t),
    ]);
    if !x.fine.is_empty() {
        let (s0f, s1f) = (x.f(s0), x.f(s1));
        out.extend([feat(253, s1f, x.f(s1r), s0f), feat(254, x.f(s2), s1f, s0f)]);
    }
}

/// Label features of the arc head → dep about to be made.
pub fn label_features(st: &State, x: &Words, head: usize, dep: usize, out: &mut Vec<u64>) {
    out.clear();
    label_features_into(st, x, head, dep, out);
}

/// [`label_features`] appended to `out`.
pub fn label_features_into(st: &State, x: &Words, head: usize, dep: usize, out: &mut Vec<u64>) {
    // the arc's word features (a beam sums them once per sentence), then the rest
    label_features_static(x, st.n, head, dep, out);
    label_features_rest(st, x, head, dep, out);
}

/// The label features of [`label_features`] that read only the words of the head and the
/// dependent (and the dependent's neighbours): the same for the arc in every configuration,
/// so a beam sums their weights once per sentence ([`Beam::label_batch`]).
fn label_features_static(x: &Words, n: usize, head: usize, dep: usize, out: &mut Vec<u64>) {
    let (hw, ht, dw, dt) = (x.w(head), x.t(head), x.w(dep), x.t(dep));
    let dir = (head < dep) as u64 + if head == 0 { 2 } else { 0 };
    let dist = head.abs_diff(dep).min(8) as u64;
    let prev = if dep > 1 { dep - 1 } else { NONE };
    let next = if dep < n { dep + 1 } else { NONE };
    out.extend([
        feat(300, 0, 0, 0),
        feat(301, dw, 0, 0),
        feat(302, dt, 0, 0),
        feat(303, dw, dt, 0),
        feat(304, hw, 0, 0),
        feat(305, ht, 0, 0),
        feat(306, hw, ht, 0),
        feat(307, dt, ht, 0),
        feat(308, dw, ht, 0),
        feat(309, dt, hw, 0),
        feat(310, dw, hw, 0),
        feat(311, dir, 0, 0),
        feat(312, dir, dt, ht),
        feat(313, dist, dt, ht),
        feat(314, dir, dw, ht),
        feat(325, x.t(prev), dt, 0),
        feat(326, x.t(next), dt, 0),
        feat(327, x.w(prev), dt, 0),
        feat(333, x.w(next), dt, 0),
        feat(334, x.suf(dep), dt, ht),
        feat(335, x.a(dep), ht, dir),
    ]);
    if !x.fine.is_empty() {
        out.extend([
            feat(336, x.f(dep), x.f(head), dir),
            feat(337, x.f(dep), hw, 0),
            feat(338, dw, x.f(head), 0),
            feat(339, x.f(dep), x.f(head), dist),
            feat(342, x.f(prev), x.f(dep), x.f(head)),
        ]);
    }
    if x.clustered() {
        let (dc, hc) = (x.c(dep), x.c(head));
        out.extend([
            feat(343, dc, 0, 0),
            feat(344, hc, 0, 0),
            feat(345, dc, hc, 0),
            feat(346, dc, ht, dir),
            feat(347, dt, hc, dir),
            feat(348, cl_prefix(dc, 6), cl_prefix(hc, 6), dir),
            feat(349, dc, dist, dir),
            feat(350, cl_prefix(dc, 6), hw, 0),
            feat(351, dw, cl_prefix(hc, 6), 0),
        ]);
    }
}

/// The label features of [`label_features`] not in [`label_features_static`]: those of the
/// children and labels built so far.
fn label_features_rest(st: &State, x: &Words, head: usize, dep: usize, out: &mut Vec<u64>) {
    let (ht, dt) = (x.t(head), x.t(dep));
    let dir = (head < dep) as u64 + if head == 0 { 2 } else { 0 };
    let (dl, dr, hl, hr) = (st.lc[dep][0], st.rc[dep][0], st.lc[head][0], st.rc[head][0]);
    let l = |i: usize| if i == NONE { NONE_LABEL } else { st.labels[i] as u64 };
    out.extend([
        feat(315, l(dl), dt, 0),
        feat(316, l(dr), dt, 0),
        feat(317, x.w(dl), dt, 0),
        feat(318, x.t(dl), dt, ht),
        feat(319, x.w(dr), dt, 0),
        feat(320, x.t(dr), dt, 0),
        feat(321, st.ll[dep], dt, 0),
        feat(322, st.rl[dep], dt, 0),
        feat(323, l(hl), ht, dir),
        feat(324, l(hr), ht, dir),
        feat(328, x.w(dl), x.w(st.lc[dep][1]), dt),
        feat(329, st.ll[head], ht, dir),
        feat(330, x.w(dl), dt, ht),
        feat(331, st.ll[dep], st.rl[dep], dt),
        feat(332, dir, dt, feat(0, ht, x.w(dl), 0)),
    ]);
    if !x.fine.is_empty() {
        out.extend([feat(340, x.f(dep), x.w(dl), x.f(head)), feat(341, x.f(dep), st.ll[dep], st.rl[dep])]);
    }
}

/// Heads (0 = root, else 1-based) and label indices of a tagged sentence.
pub fn parse(trans: &Weights, labels: &Weights, x: &Words) -> (Vec<usize>, Vec<u8>) {
    let n = x.lex.len();
    let mut st = State::new(n);
    let mut fs = Vec::with_capacity(100);
    let mut lf = Vec::with_capacity(40);
    let mut lscores = vec![0f32; labels.classes()];
    while !st.terminal() {
        features(&st, x, &mut fs);
        let mut scores = [0f32; 3];
        trans.add(&fs, &mut scores);
        let a = best_valid(&st, &scores);
        let mut label = 0;
        if a != SHIFT {
            let (h, d) = st.arc(a);
            label_features(&st, x, h, d, &mut lf);
            lscores.iter_mut().for_each(|s| *s = 0.0);
            labels.add(&lf, &mut lscores);
            label = argmax(&lscores) as u8;
        }
        st.apply(a, label);
    }
    (st.heads[1..].to_vec(), st.labels[1..].to_vec())
}

/// What scores transitions: the shipped weights, or a trainer's current ones.
pub trait Scorer {
    /// A hint that these features will be scored soon.
    fn prefetch(&self, _feats: &[u64]) {}
    /// Sets `out` (one score per transition) for a configuration's features.
    fn scores(&self, feats: &[u64], out: &mut [f32; 3]);
    /// The shipped weights, if these are (fixed for a whole sentence, integer sums).
    fn table(&self) -> Option<&Weights> {
        None
    }
}

impl Scorer for Weights {
    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        Weights::prefetch(self, feats);
    }
    #[inline]
    fn scores(&self, feats: &[u64], out: &mut [f32; 3]) {
        *out = [0.0; 3];
        self.add_fetched(feats, out);
    }
    fn table(&self) -> Option<&Weights> {
        Some(self)
    }
}

impl Scorer for Trainer {
    #[inline]
    fn scores(&self, feats: &[u64], out: &mut [f32; 3]) {
        self.score(feats, out);
    }
}

/// A small direct-mapped memory of values by a digest of the features that decided them:
/// hypotheses of one beam often share a configuration's features (or an arc's), and the
/// weights are then read once. Equal digests of equal feature lists give equal values, so
/// the memory changes no result (digests are 64-bit: a collision is a 2^-64 chance).
struct Memo<V: Copy + Default> {
    keys: Vec<u64>,
    vals: Vec<V>,
}

const MEMO_SLOTS: usize = 1024;

impl<V: Copy + Default> Memo<V> {
    fn new() -> Self {
        Memo { keys: vec![0; MEMO_SLOTS], vals: vec![V::default(); MEMO_SLOTS] }
    }
    fn clear(&mut self) {
        self.keys.iter_mut().for_each(|k| *k = 0);
    }
    #[inline]
    fn digest(feats: &[u64]) -> u64 {
        feats.iter().fold(0x2545_F491_4F6C_DD1D, |h, &f| super::perceptron::mix(h, f)) | 1
    }
    #[inline]
    fn get(&self, key: u64) -> Option<V> {
        let i = (key >> 20) as usize & (MEMO_SLOTS - 1);
        (self.keys[i] == key).then(|| self.vals[i])
    }
    #[inline]
    fn put(&mut self, key: u64, v: V) {
        let i = (key >> 20) as usize & (MEMO_SLOTS - 1);
        self.keys[i] = key;
        self.vals[i] = v;
    }
}

/// One hypothesis of the beam: its summed transition score, its last step in the history
/// arena, and whether every transition so far is the gold one (training only).
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub score: f32,
    pub hist: u32,
    pub gold: bool,
}

/// Beam search over arc-hybrid configurations (Zhang & Nivre 2011). Every sentence of n
/// words takes exactly 2n transitions, so the hypotheses stay in step. The buffers live as
/// long as the beam: a step copies states into space already allocated, and moves a state
/// instead of copying it when only one successor survives.
pub struct Beam {
    pub states: Vec<State>,
    next: Vec<State>,
    pub items: Vec<Item>,
    next_items: Vec<Item>,
    /// (score, item, transition) of every successor of the current step.
    cands: Vec<(f32, u32, u8)>,
    /// How many kept successors each item still has to give its state to.
    uses: Vec<u32>,
    /// (previous step, transition, label) of every kept successor; 0 is the start.
    pub hist: Vec<(u32, u8, u8)>,
    /// The features of every hypothesis, one after the other, where each one ends, and
    /// their digests.
    fs: Vec<u64>,
    ends: Vec<usize>,
    digests: Vec<u64>,
    /// Transition scores and labels already computed in this sentence, by feature digest.
    scored: Memo<[f32; 3]>,
    labelled: Memo<u8>,
    /// While decoding, successors scoring more than this below the best are not kept.
    pub margin: f32,
    lf: Vec<u64>,
    lscores: Vec<f32>,
    /// The label features of a step's arcs, where each arc's end, and their digests.
    lfs: Vec<u64>,
    lends: Vec<usize>,
    ldigests: Vec<u64>,
    /// Labels of a decoding step's successors, the arcs still to be labelled and their
    /// weights' rows ([`Beam::label_batch`]).
    batch_labels: Vec<u8>,
    pending: Vec<(usize, usize)>,
    rows: Vec<(u32, u32)>,
    /// Each hypothesis's transition scores in this step.
    isc: Vec<[f32; 3]>,
    /// Group sums already known in this sentence ([`Beam::grouped_scores`]), the features of
    /// the groups still to be summed in this step (key, end of its features) and their sums,
    /// and each hypothesis's known group sum and pending groups.
    groups: Memo<[i32; DENSE]>,
    gfs: Vec<u64>,
    gpend: Vec<(u64, usize)>,
    gsums: Vec<[i32; DENSE]>,
    igroups: Vec<([i32; DENSE], [u32; 3])>,
    /// Label sums of the static features of arcs known in this sentence, where each pending
    /// arc's come from (a pending group, or none: already in its accumulator), the pending
    /// groups' ends of rows and sums, and the pending arcs' accumulators.
    lgroups: RowMemo,
    lsrc: Vec<u32>,
    gends: Vec<usize>,
    gvals: Vec<i32>,
    lacc: Vec<i32>,
}

/// [`Memo`] for rows of integers (one per label).
struct RowMemo {
    keys: Vec<u64>,
    vals: Vec<i32>,
    width: usize,
}

impl RowMemo {
    fn clear(&mut self, width: usize) {
        self.keys.clear();
        self.keys.resize(MEMO_SLOTS, 0);
        if width != self.width {
            self.width = width;
            self.vals = vec![0; MEMO_SLOTS * width];
        }
    }
    #[inline]
    fn get(&self, key: u64) -> Option<&[i32]> {
        let i = (key >> 20) as usize & (MEMO_SLOTS - 1);
        (self.keys[i] == key).then(|| &self.vals[i * self.width..(i + 1) * self.width])
    }
    #[inline]
    fn put(&mut self, key: u64, v: &[i32]) {
        let i = (key >> 20) as usize & (MEMO_SLOTS - 1);
        self.keys[i] = key;
        self.vals[i * self.width..(i + 1) * self.width].copy_from_slice(v);
    }
}

impl Default for Beam {
    fn default() -> Beam {
        Beam::new()
    }
}

impl Beam {
    pub fn new() -> Beam {
        Beam {
            states: Vec::new(),
            next: Vec::new(),
            items: Vec::new(),
            next_items: Vec::new(),
            cands: Vec::new(),
            uses: Vec::new(),
            hist: Vec::new(),
            fs: Vec::with_capacity(1024),
            ends: Vec::new(),
            digests: Vec::new(),
            scored: Memo::new(),
            labelled: Memo::new(),
            margin: f32::INFINITY,
            lf: Vec::with_capacity(48),
            lscores: Vec::new(),
            lfs: Vec::with_capacity(1024),
            lends: Vec::new(),
            ldigests: Vec::new(),
            batch_labels: Vec::new(),
            pending: Vec::new(),
            rows: Vec::new(),
            isc: Vec::new(),
            groups: Memo::new(),
            gfs: Vec::with_capacity(1024),
            gpend: Vec::new(),
            gsums: Vec::new(),
            igroups: Vec::new(),
            lgroups: RowMemo { keys: Vec::new(), vals: Vec::new(), width: 0 },
            lsrc: Vec::new(),
            gends: Vec::new(),
            gvals: Vec::new(),
            lacc: Vec::new(),
        }
    }

    /// The start of a sentence of `n` words for a beam of `width`.
    pub fn start(&mut self, n: usize, width: usize) {
        while self.states.len() < width {
            self.states.push(State::new(n));
            self.next.push(State::new(n));
        }
        self.states[0].reset(n);
        self.items.clear();
        self.items.push(Item { score: 0.0, hist: 0, gold: true });
        self.hist.clear();
        self.hist.push((u32::MAX, 0, 0));
        self.scored.clear();
        self.labelled.clear();
        self.groups.clear();
        self.lgroups.keys.iter_mut().for_each(|k| *k = 0);
    }

    /// One transition for every hypothesis: each is extended by each valid transition and the
    /// `width` best successors are kept, best first (ties: earlier hypothesis, then SHIFT,
    /// LEFT, RIGHT, as the greedy parser breaks them). `label` names the relation of an arc
    /// about to be made in a state; `gold` is the gold transition of this step, if known.
    pub fn step<S: Scorer>(
        &mut self,
        trans: &S,
        x: &Words,
        width: usize,
        gold: Option<usize>,
        labs: Option<&Weights>,
        label: &mut impl FnMut(&State, usize, usize, &mut Vec<u64>) -> u8,
    ) {
        // while training, weights change within a sentence: nothing is remembered
        let memo = gold.is_none();
        match trans.table().filter(|_| memo && x.lex.len() < GROUP_WORDS as usize) {
            Some(w) => self.grouped_scores(w, x),
            None => self.transition_scores(trans, x, memo),
        }
        self.cands.clear();
        for (i, it) in self.items.iter().enumerate() {
            let st = &self.states[i];
            for (a, s) in self.isc[i].iter().enumerate() {
                if st.valid(a) {
                    self.cands.push((it.score + s, i as u32, a as u8));
                }
            }
        }
        let keep = self.cands.len().min(width);
        let order = |p: &(f32, u32, u8), q: &(f32, u32, u8)| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2)));
        if self.cands.len() > keep {
            self.cands.select_nth_unstable_by(keep - 1, order);
            self.cands.truncate(keep);
        }
        self.cands.sort_unstable_by(order);
        if memo && self.margin.is_finite() {
            // hypotheses too far behind the best are dropped early
            let floor = self.cands[0].0 - self.margin;
            let keep = self.cands.iter().take_while(|c| c.0 >= floor).count();
            self.cands.truncate(keep);
        }
        let keep = self.cands.len();
        self.uses.clear();
        self.uses.resize(self.items.len(), 0);
        for c in &self.cands {
            self.uses[c.1 as usize] += 1;
        }
        self.next_items.clear();
        for j in 0..keep {
            let (_, i, _) = self.cands[j];
            let i = i as usize;
            self.uses[i] -= 1;
            if self.uses[i] == 0 {
                std::mem::swap(&mut self.next[j], &mut self.states[i]);
            } else {
                self.next[j].copy_from(&self.states[i]);
            }
        }
        if let Some(labs) = labs.filter(|_| memo) {
            self.label_batch(labs, x);
        }
        for j in 0..keep {
            let (score, i, a) = self.cands[j];
            let (i, a) = (i as usize, a as usize);
            let mut l = 0u8;
            if labs.is_some() && memo {
                l = self.batch_labels[j];
            } else if a != SHIFT {
                let (h, d) = self.next[j].arc(a);
                if memo {
                    label_features(&self.next[j], x, h, d, &mut self.lf);
                    let key = Memo::<u8>::digest(&self.lf);
                    l = match self.labelled.get(key) {
                        Some(l) => l,
                        None => {
                            let l = label(&self.next[j], h, d, &mut self.lf);
                            self.labelled.put(key, l);
                            l
                        }
                    };
                } else {
                    l = label(&self.next[j], h, d, &mut self.lf);
                }
            }
            self.next[j].apply(a, l);
            self.hist.push((self.items[i].hist, a as u8, l));
            let gold = self.items[i].gold && gold == Some(a);
            self.next_items.push(Item { score, hist: (self.hist.len() - 1) as u32, gold });
        }
        std::mem::swap(&mut self.states, &mut self.next);
        std::mem::swap(&mut self.items, &mut self.next_items);
    }

    /// Each hypothesis's transition scores (`isc`): every hypothesis's features first, and
    /// all their weights asked for at once, so that the misses of the whole beam overlap.
    fn transition_scores<S: Scorer>(&mut self, trans: &S, x: &Words, memo: bool) {
        self.fs.clear();
        self.ends.clear();
        self.digests.clear();
        for i in 0..self.items.len() {
            let from = self.fs.len();
            features_into(&self.states[i], x, &mut self.fs);
            let d = Memo::<[f32; 3]>::digest(&self.fs[from..]);
            if memo && self.scored.get(d).is_some() {
                self.fs.truncate(from);
            }
            self.ends.push(self.fs.len());
            self.digests.push(d);
        }
        trans.prefetch(&self.fs);
        self.isc.clear();
        for i in 0..self.items.len() {
            let from = if i == 0 { 0 } else { self.ends[i - 1] };
            let d = self.digests[i];
            let sc = match self.scored.get(d).filter(|_| memo) {
                Some(sc) => sc,
                None => {
                    let mut sc = [0f32; 3];
                    trans.scores(&self.fs[from..self.ends[i]], &mut sc);
                    if memo {
                        self.scored.put(d, sc);
                    }
                    sc
                }
            };
            self.isc.push(sc);
        }
    }

    /// [`Self::transition_scores`] while decoding with shipped weights: the features of the
    /// groups of (s0, b), (s1, s0, b) and the children of s0 and b0 ([`features_s0b`],
    /// [`features_s1s0b`], [`features_children`]) are summed once per sentence and group, as
    /// long as the memory keeps them (integer sums, so the scores are exactly those of every
    /// feature summed at once); only the rest is looked up for every hypothesis.
    fn grouped_scores(&mut self, w: &Weights, x: &Words) {
        let n = x.lex.len();
        self.fs.clear();
        self.ends.clear();
        self.digests.clear();
        self.gfs.clear();
        self.gpend.clear();
        self.igroups.clear();
        for i in 0..self.items.len() {
            let st = &self.states[i];
            let (s0, s1, b) = (st.s(0), st.s(1), st.b);
            let from = self.fs.len();
            features_rest(st, x, &mut self.fs);
            let id = |i: usize| if i == NONE { GROUP_WORDS - 1 } else { i as u64 };
            let ck = children_key(st);
            let d = [id(s0), id(s1), id(b), ck].into_iter().fold(Memo::<[f32; 3]>::digest(&self.fs[from..]), super::perceptron::mix) | 1;
            // (sum of the remembered groups, pending group indices)
            let mut g = ([0i32; DENSE], [u32::MAX; 3]);
            if self.scored.get(d).is_some() {
                self.fs.truncate(from);
            } else {
                // hashed like the digests (the memory is indexed by their middle bits)
                let keys = [
                    super::perceptron::mix(GROUP_S0B << 60 | id(s0) << 20 | id(b), 0x2545_F491_4F6C_DD1D) | 1,
                    super::perceptron::mix(GROUP_S1S0B << 60 | id(s1) << 40 | id(s0) << 20 | id(b), 0x2545_F491_4F6C_DD1D) | 1,
                    ck,
                ];
                for (k, key) in keys.into_iter().enumerate() {
                    if let Some(sum) = self.groups.get(key) {
                        (0..DENSE).for_each(|c| g.0[c] += sum[c]);
                    } else if let Some(p) = self.gpend.iter().position(|&(pk, _)| pk == key) {
                        g.1[k] = p as u32;
                    } else {
                        match k {
                            0 => features_s0b(s0, b, n, x, &mut self.gfs),
                            1 => features_s1s0b(s1, s0, b, n, x, &mut self.gfs),
                            _ => features_children(st, x, &mut self.gfs),
                        }
                        g.1[k] = self.gpend.len() as u32;
                        self.gpend.push((key, self.gfs.len()));
                    }
                }
            }
            self.ends.push(self.fs.len());
            self.digests.push(d);
            self.igroups.push(g);
        }
        w.prefetch(&self.gfs);
        w.prefetch(&self.fs);
        self.gsums.clear();
        let mut from = 0;
        for &(key, end) in &self.gpend {
            let sum = w.sum_fetched(&self.gfs[from..end]);
            from = end;
            self.groups.put(key, sum);
            self.gsums.push(sum);
        }
        self.isc.clear();
        for i in 0..self.items.len() {
            let from = if i == 0 { 0 } else { self.ends[i - 1] };
            let d = self.digests[i];
            let sc = match self.scored.get(d) {
                Some(sc) => sc,
                None => {
                    let (mut acc, pend) = self.igroups[i];
                    let rest = w.sum_fetched(&self.fs[from..self.ends[i]]);
                    for c in 0..DENSE {
                        acc[c] += rest[c];
                    }
                    for p in pend.into_iter().filter(|&p| p != u32::MAX) {
                        let sum = self.gsums[p as usize];
                        (0..DENSE).for_each(|c| acc[c] += sum[c]);
                    }
                    let sc = [acc[0] as f32 * w.scale(), acc[1] as f32 * w.scale(), acc[2] as f32 * w.scale()];
                    self.scored.put(d, sc);
                    sc
                }
            };
            self.isc.push(sc);
        }
    }

    /// The label of every kept successor of a decoding step (`batch_labels`, by successor),
    /// the states in `next` not yet extended: all the arcs' label features first, then their
    /// weights asked for at once, the rows of every arc found before any is added. The
    /// features that read only the arc's two words ([`label_features_static`]) are summed
    /// once per sentence and arc; sums are of integers (exact in any order).
    fn label_batch(&mut self, labs: &Weights, x: &Words) {
        let n = x.lex.len();
        let classes = labs.classes();
        if self.lgroups.width != classes {
            self.lgroups.clear(classes);
        }
        self.batch_labels.clear();
        self.batch_labels.resize(self.cands.len(), 0);
        self.lfs.clear();
        self.lends.clear();
        self.ldigests.clear();
        self.gfs.clear();
        self.gpend.clear();
        self.lsrc.clear();
        self.lacc.clear();
        // (successor, end of its features) of the arcs not remembered
        self.pending.clear();
        for (j, &(_, _, a)) in self.cands.iter().enumerate() {
            if a as usize == SHIFT {
                continue;
            }
            let st = &self.next[j];
            let (h, d) = st.arc(a as usize);
            let from = self.lfs.len();
            label_features_rest(st, x, h, d, &mut self.lfs);
            let key = super::perceptron::mix(super::perceptron::mix(Memo::<u8>::digest(&self.lfs[from..]), h as u64), d as u64) | 1;
            if let Some(l) = self.labelled.get(key) {
                self.batch_labels[j] = l;
                self.lfs.truncate(from);
                continue;
            }
            self.pending.push((j, self.lfs.len()));
            self.ldigests.push(key);
            let at = self.lacc.len();
            self.lacc.resize(at + classes, 0);
            let arc = super::perceptron::mix((h as u64) << 32 | d as u64, 0x2545_F491_4F6C_DD1D) | 1;
            if let Some(sum) = self.lgroups.get(arc) {
                self.lacc[at..].copy_from_slice(sum);
                self.lsrc.push(u32::MAX);
            } else if let Some(p) = self.gpend.iter().position(|&(k, _)| k == arc) {
                self.lsrc.push(p as u32);
            } else {
                label_features_static(x, n, h, d, &mut self.gfs);
                self.lsrc.push(self.gpend.len() as u32);
                self.gpend.push((arc, self.gfs.len()));
            }
        }
        if self.pending.is_empty() {
            return;
        }
        labs.prefetch(&self.gfs);
        labs.prefetch(&self.lfs);
        self.rows.clear();
        self.gends.clear();
        let mut from = 0;
        for &(_, end) in &self.gpend {
            labs.find_rows(&self.gfs[from..end], &mut self.rows);
            self.gends.push(self.rows.len());
            from = end;
        }
        let mut from = 0;
        for &(_, end) in &self.pending {
            labs.find_rows(&self.lfs[from..end], &mut self.rows);
            self.lends.push(self.rows.len());
            from = end;
        }
        self.gvals.clear();
        self.gvals.resize(self.gpend.len() * classes, 0);
        let mut from = 0;
        for (p, &(arc, _)) in self.gpend.iter().enumerate() {
            let sum = &mut self.gvals[p * classes..(p + 1) * classes];
            labs.sum_rows(&self.rows[from..self.gends[p]], sum);
            from = self.gends[p];
            self.lgroups.put(arc, sum);
        }
        let mut from = self.gends.last().copied().unwrap_or(0);
        for (k, &(j, _)) in self.pending.iter().enumerate() {
            let acc = &mut self.lacc[k * classes..(k + 1) * classes];
            if let Some(p) = Some(self.lsrc[k] as usize).filter(|&p| p != u32::MAX as usize) {
                acc.iter_mut().zip(&self.gvals[p * classes..(p + 1) * classes]).for_each(|(a, g)| *a += g);
            }
            labs.sum_rows(&self.rows[from..self.lends[k]], acc);
            from = self.lends[k];
            let mut best = 0;
            for c in 1..classes {
                if acc[c] > acc[best] {
                    best = c;
                }
            }
            self.labelled.put(self.ldigests[k], best as u8);
            self.batch_labels[j] = best as u8;
        }
    }

    /// The transitions and labels that led to a history step, first to last.
    pub fn history(&self, mut h: u32) -> Vec<(u8, u8)> {
        let mut out = Vec::new();
        while h != 0 {
            let (p, a, l) = self.hist[h as usize];
            out.push((a, l));
            h = p;
        }
        out.reverse();
        out
    }
}

/// Heads and labels of a tagged sentence by beam search of `width` (1: the greedy parser).
pub fn parse_beam(trans: &Weights, labels: &Weights, x: &Words, width: usize, beam: &mut Beam) -> (Vec<usize>, Vec<u8>) {
    if width <= 1 {
        return parse(trans, labels, x);
    }
    beam_search(trans, labels, x, width, beam)
}

/// [`parse_beam`] through the beam machinery even at width 1 (which then equals [`parse`]).
pub fn beam_search(trans: &Weights, labels: &Weights, x: &Words, width: usize, beam: &mut Beam) -> (Vec<usize>, Vec<u8>) {
    let width = width.max(1);
    let n = x.lex.len();
    beam.start(n, width);
    let mut lscores = std::mem::take(&mut beam.lscores);
    lscores.resize(labels.classes(), 0.0);
    let mut label = |st: &State, h: usize, d: usize, lf: &mut Vec<u64>| {
        label_features(st, x, h, d, lf);
        lscores.iter_mut().for_each(|s| *s = 0.0);
        labels.add(lf, &mut lscores);
        argmax(&lscores) as u8
    };
    for _ in 0..2 * n {
        beam.step(trans, x, width, None, Some(labels), &mut label);
    }
    beam.lscores = lscores;
    let st = &beam.states[0];
    (st.heads[1..].to_vec(), st.labels[1..].to_vec())
}

/// One training pass over one sentence with a beam of `width`, globally: the structured
/// perceptron with max-violation updates (Huang, Fayong & Guo 2012). The gold transitions come
/// from the static oracle (arcs as soon as their dependent is complete); the beam runs to the
/// end, and if its best parse is not the gold one, the prefix where the best hypothesis beat
/// the gold prefix by most is penalised and the gold prefix rewarded. The labeller learns on
/// the gold sequence; arcs the gold tree has carry their gold label in the beam too.
#[allow(clippy::too_many_arguments)]
pub fn train_sentence_beam(
    trans: &mut Trainer,
    lab: &mut Trainer,
    x: &Words,
    gold_heads: &[usize],
    gold_labels: &[u8],
    width: usize,
    beam: &mut Beam,
) {
    let n = x.lex.len();
    let mut gold = vec![0usize; n + 1];
    gold[1..].copy_from_slice(gold_heads);
    let mut st = State::new(n);
    let mut acts = Vec::with_capacity(2 * n);
    let mut feats: Vec<Vec<u64>> = Vec::with_capacity(2 * n);
    let mut lf = Vec::new();
    let mut lscores = vec![0f32; lab.classes()];
    while !st.terminal() {
        let a = [LEFT, RIGHT, SHIFT].into_iter().find(|&a| st.valid(a) && st.cost(a, &gold) == 0).expect("a projective tree");
        let mut fs = Vec::with_capacity(128);
        features(&st, x, &mut fs);
        feats.push(fs);
        let mut l = 0u8;
        if a != SHIFT {
            let (h, d) = st.arc(a);
            label_features(&st, x, h, d, &mut lf);
            lab.score(&lf, &mut lscores);
            l = gold_labels[d - 1];
            lab.update(&lf, l as usize, argmax(&lscores));
            lab.tick();
        }
        acts.push(a);
        st.apply(a, l);
    }
    // the gold prefix's score after each step
    let mut cum = Vec::with_capacity(acts.len());
    let mut acc = 0f32;
    let mut sc = [0f32; 3];
    for (fs, &a) in feats.iter().zip(&acts) {
        trans.score(fs, &mut sc);
        acc += sc[a];
        cum.push(acc);
    }
    let lab_ro: &Trainer = lab;
    let mut label = |st: &State, h: usize, d: usize, lf: &mut Vec<u64>| {
        if gold[d] == h {
            return gold_labels[d - 1];
        }
        label_features(st, x, h, d, lf);
        lab_ro.score(lf, &mut lscores);
        argmax(&lscores) as u8
    };
    beam.start(n, width);
    let mut worst: Option<(f32, usize, u32)> = None;
    for (t, &a) in acts.iter().enumerate() {
        beam.step(&*trans, x, width, Some(a), None, &mut label);
        let top = beam.items[0];
        if !top.gold {
            let v = top.score - cum[t];
            if worst.is_none_or(|(w, _, _)| v > w) {
                worst = Some((v, t, top.hist));
            }
        }
    }
    if !beam.items[0].gold {
        let (_, t, h) = worst.expect("a wrong best parse was seen");
        for s in 0..=t {
            trans.add(&feats[s], acts[s], 1.0);
        }
        let mut st = State::new(n);
        let mut fs = Vec::with_capacity(128);
        for (a, l) in beam.history(h) {
            features(&st, x, &mut fs);
            trans.add(&fs, a as usize, -1.0);
            st.apply(a as usize, l);
        }
    }
    trans.tick();
}

fn best_valid(st: &State, scores: &[f32; 3]) -> usize {
    let mut best = NONE;
    for a in 0..3 {
        if st.valid(a) && (best == NONE || scores[a] > scores[best]) {
            best = a;
        }
    }
    best
}

/// Whether a tree (heads 0 = root, else 1-based) has no crossing arcs.
pub fn projective(heads: &[usize]) -> bool {
    let arcs: Vec<(usize, usize)> = heads.iter().enumerate().map(|(i, &h)| (h.min(i + 1), h.max(i + 1))).collect();
    arcs.iter().all(|&(a, b)| arcs.iter().all(|&(c, d)| !(a < c && c < b && b < d) && !(c < a && a < d && d < b)))
}

/// One training pass over one sentence: transitions from the dynamic oracle (exploring the
/// model's own choice with probability `explore`), labels on gold arcs.
pub fn train_sentence(
    trans: &mut Trainer,
    lab: &mut Trainer,
    x: &Words,
    gold_heads: &[usize],
    gold_labels: &[u8],
    explore: f64,
    rng: &mut super::Rng,
) {
    let n = x.lex.len();
    let mut gold = vec![0usize; n + 1];
    gold[1..].copy_from_slice(gold_heads);
    let mut st = State::new(n);
    let (mut fs, mut lf) = (Vec::new(), Vec::new());
    let mut scores = [0f32; 3];
    let mut lscores = vec![0f32; lab.classes()];
    while !st.terminal() {
        features(&st, x, &mut fs);
        trans.score(&fs, &mut scores);
        let pred = best_valid(&st, &scores);
        let costs: Vec<usize> = (0..3).map(|a| if st.valid(a) { st.cost(a, &gold) } else { NONE }).collect();
        let min = *costs.iter().min().unwrap();
        let mut best = NONE;
        for a in 0..3 {
            if costs[a] == min && (best == NONE || scores[a] > scores[best]) {
                best = a;
            }
        }
        if costs[pred] > min {
            trans.update(&fs, best, pred);
        }
        trans.tick();
        let next = if costs[pred] == min || rng.unit() < explore { pred } else { best };
        let mut label = 0u8;
        if next != SHIFT {
            let (h, d) = st.arc(next);
            label_features(&st, x, h, d, &mut lf);
            lab.score(&lf, &mut lscores);
            let guess = argmax(&lscores);
            if gold[d] == h {
                lab.update(&lf, gold_labels[d - 1] as usize, guess);
                lab.tick();
                label = gold_labels[d - 1];
            } else {
                label = guess as u8;
            }
        }
        st.apply(next, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following the zero-cost transition from the start rebuilds every projective gold tree.
    #[test]
    fn the_oracle_rebuilds_gold_projective_trees() {
        let trees: &[&[usize]] = &[
            &[2, 0, 2],                      // a b c: b root
            &[0, 1, 2, 3],                   // a chain to the right
            &[4, 4, 4, 0],                   // all attach right
            &[2, 0, 4, 2, 2, 7, 5, 2],       // mixed
            &[3, 3, 0, 5, 3, 5, 8, 6, 3],    // nested
        ];
        for &gold_heads in trees {
            assert!(projective(gold_heads));
            let n = gold_heads.len();
            let mut gold = vec![0usize; n + 1];
            gold[1..].copy_from_slice(gold_heads);
            let mut st = State::new(n);
            while !st.terminal() {
                let a = (0..3).find(|&a| st.valid(a) && st.cost(a, &gold) == 0).expect("a zero-cost transition");
                st.apply(a, 0);
            }
            assert_eq!(&st.heads[1..], gold_heads);
        }
        assert!(!projective(&[3, 4, 0, 3]));
    }

    /// The groups a beam sums once per sentence and the rest are, together, exactly the
    /// features of a configuration and of an arc, with and without XPOS.
    #[test]
    fn feature_groups_partition_the_features() {
        let forms = ["the", "rebels", "said", "they", "took", "the", "town", "yesterday"];
        let heads = [2usize, 3, 0, 5, 3, 7, 5, 5];
        let lex: Vec<crate::syntax::tagger::Lex> = forms.iter().map(|f| crate::syntax::tagger::Lex::new(f)).collect();
        let tags: Vec<u8> = forms.iter().map(|f| (f.len() % 17) as u8).collect();
        let fine: Vec<u8> = forms.iter().map(|f| (f.len() * 7 % 100) as u8).collect();
        let mut gold = vec![0usize; heads.len() + 1];
        gold[1..].copy_from_slice(&heads);
        for fine in [&[][..], &fine[..]] {
            let x = Words { lex: &lex, tags: &tags, fine };
            let n = forms.len();
            let mut st = State::new(n);
            let mut steps = 0;
            while !st.terminal() {
                let (mut whole, mut parts) = (Vec::new(), Vec::new());
                features(&st, &x, &mut whole);
                features_s0b(st.s(0), st.b, n, &x, &mut parts);
                features_s1s0b(st.s(1), st.s(0), st.b, n, &x, &mut parts);
                features_children(&st, &x, &mut parts);
                features_rest(&st, &x, &mut parts);
                whole.sort_unstable();
                parts.sort_unstable();
                assert_eq!(whole, parts);
                let a = (0..3).find(|&a| st.valid(a) && st.cost(a, &gold) == 0).unwrap();
                if a != SHIFT {
                    let (h, d) = st.arc(a);
                    let (mut whole, mut parts) = (Vec::new(), Vec::new());
                    label_features(&st, &x, h, d, &mut whole);
                    label_features_static(&x, n, h, d, &mut parts);
                    label_features_rest(&st, &x, h, d, &mut parts);
                    whole.sort_unstable();
                    parts.sort_unstable();
                    assert_eq!(whole, parts);
                }
                st.apply(a, (steps % 5) as u8);
                steps += 1;
            }
        }
    }

    /// Global training with a beam learns a handful of trees by heart, heads and labels, and
    /// the beam then finds them; a beam of one finds what the greedy parser finds.
    #[test]
    fn beam_training_learns_small_trees() {
        let sents: &[(&[&str], &[usize], &[u8])] = &[
            (&["the", "rebels", "took", "the", "town"], &[2, 3, 0, 5, 3], &[1, 2, 0, 1, 3]),
            (&["forces", "of", "the", "government", "advanced"], &[5, 4, 4, 1, 0], &[2, 4, 1, 5, 0]),
            (&["they", "said", "talks", "failed"], &[2, 0, 4, 2], &[2, 0, 2, 6]),
        ];
        let data: Vec<(Vec<crate::syntax::tagger::Lex>, Vec<u8>)> = sents
            .iter()
            .map(|(w, _, _)| (w.iter().map(|f| crate::syntax::tagger::Lex::new(f)).collect(), w.iter().map(|f| (f.len() % 17) as u8).collect()))
            .collect();
        let (mut trans, mut lab) = (Trainer::new(3), Trainer::new(7));
        let mut beam = Beam::new();
        for _ in 0..10 {
            for ((lex, tags), (_, heads, labels)) in data.iter().zip(sents) {
                let x = Words { lex, tags, fine: &[] };
                train_sentence_beam(&mut trans, &mut lab, &x, heads, labels, 4, &mut beam);
            }
        }
        let (t, l) = (trans.averaged(0.0), lab.averaged(0.0));
        for ((lex, tags), (_, heads, labels)) in data.iter().zip(sents) {
            let x = Words { lex, tags, fine: &[] };
            assert_eq!(beam_search(&t, &l, &x, 4, &mut beam), (heads.to_vec(), labels.to_vec()));
            assert_eq!(beam_search(&t, &l, &x, 1, &mut beam), parse(&t, &l, &x));
        }
    }
}
