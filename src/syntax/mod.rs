//! Syntax: words with byte spans, universal parts of speech, lemmas and labelled basic
//! Universal Dependencies trees, from a model trained on UD English EWT (`models/`).
//!
//! Text enters as an article and its sentences ([`crate::text::sentences`]); each sentence
//! leaves as a [`ParsedSentence`]: [`Word`]s whose `start..end` slice the article as read, with
//! helpers a rule engine needs (children by relation, the path between two words, the phrase a
//! head spans). [`tokenize`] splits words, [`tagger`] tags and lemmatizes, [`parser`] builds
//! the tree; [`train`] makes the model from treebanks.

pub mod conllu;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tokenize;
pub mod train;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use perceptron::{put_str, put_varint, Reader, Weights};
use tagger::{upos_tagset, Lex, Tag, Tagger, UPOS};

/// One word of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte span into the article (or, for pre-tokenized input, into nothing: 0..0).
    pub start: usize,
    pub end: usize,
    pub form: String,
    /// Universal part of speech ("NOUN", "VERB", ...).
    pub upos: &'static str,
    pub lemma: String,
    /// Index of the head word in the sentence; `None` for the root.
    pub head: Option<usize>,
    /// Universal Dependencies relation, with subtype where EWT has one ("nsubj", "nmod:poss").
    pub deprel: String,
}

/// A sentence tagged and lemmatized but not yet parsed ([`Model::tag`]).
#[derive(Clone, Debug)]
pub struct Tagged {
    lex: Vec<Lex>,
    tags: Vec<u8>,
    /// (UPOS, XPOS) tags, if the model has them.
    fine: Vec<u8>,
    /// The words with their tags and lemmas; no heads or relations yet.
    pub words: Vec<Word>,
}

/// A sentence read: its byte span in the article and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSentence {
    pub start: usize,
    pub end: usize,
    pub words: Vec<Word>,
}

impl ParsedSentence {
    /// Dependents of word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().filter(move |(_, w)| w.head == Some(i)).map(|(j, _)| j)
    }

    /// Dependents of word `i` by relation: `"nsubj"` matches `nsubj` only, `"nsubj:"`-style
    /// prefixes are not implied; use [`Self::children_by_prefix`] for `obl` and `obl:agent`.
    pub fn children_by(&self, i: usize, rel: &str) -> Vec<usize> {
        self.children(i).filter(|&j| self.words[j].deprel == rel).collect()
    }

    /// Dependents whose relation is `rel` or a subtype of it (`"obl"` → `obl`, `obl:agent`, ...).
    pub fn children_by_prefix(&self, i: usize, rel: &str) -> Vec<usize> {
        self.children(i)
            .filter(|&j| {
                let d = &self.words[j].deprel;
                d == rel || d.strip_prefix(rel).is_some_and(|r| r.starts_with(':'))
            })
            .collect()
    }

    /// The root word, if the sentence has words.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head.is_none())
    }

    /// Words from `i` up to the root, starting with `i` (stops on a cycle).
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut cur = i;
        while let Some(h) = self.words.get(cur).and_then(|w| w.head) {
            if out.contains(&h) || out.len() > self.words.len() {
                break;
            }
            out.push(h);
            cur = h;
        }
        out
    }

    /// The path of words from `a` to `b` through their lowest common ancestor, both ends included.
    pub fn path(&self, a: usize, b: usize) -> Vec<usize> {
        let up_a = self.ancestors(a);
        let up_b = self.ancestors(b);
        let Some((ia, ib)) = up_a.iter().enumerate().find_map(|(ia, x)| up_b.iter().position(|y| y == x).map(|ib| (ia, ib))) else {
            return Vec::new();
        };
        let mut path: Vec<usize> = up_a[..=ia].to_vec();
        path.extend(up_b[..ib].iter().rev());
        path
    }

    /// The first and last word (inclusive) of the phrase `i` heads: its whole subtree.
    pub fn phrase(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        for j in 0..self.words.len() {
            if j != i && self.ancestors(j).contains(&i) {
                lo = lo.min(j);
                hi = hi.max(j);
            }
        }
        (lo, hi)
    }

    /// The byte span of the phrase `i` heads.
    pub fn phrase_span(&self, i: usize) -> (usize, usize) {
        let (lo, hi) = self.phrase(i);
        (self.words[lo].start, self.words[hi].end)
    }
}

/// Errors loading a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("reading model {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("model {path} is not a newsgraph syntax model: {msg}")]
    Format { path: PathBuf, msg: String },
}

/// Version 5 files are version 4 files followed by word clusters: a count, then each word's
/// hash ([`perceptron::hash_str`] of the form as written, 8 bytes little-endian, ascending) and its
/// cluster path (varint).
const MAGIC_5: &[u8] = b"newsgraph-syntax 5\n";
/// Version 4 files give the beam width and margin after the header, the tag set the parser
/// sees ((UPOS, XPOS) pairs) after the labels, and the XPOS weights last.
const MAGIC_4: &[u8] = b"newsgraph-syntax 4\n";
/// Version 3 files give the beam width the parser was trained with and its margin after the
/// header; their tags are the 17 UPOS.
const MAGIC: &[u8] = b"newsgraph-syntax 3\n";
/// Version 2 files have no beam width: they are greedy parsers.
const MAGIC_2: &[u8] = b"newsgraph-syntax 2\n";

/// A trained tagger and parser.
#[derive(Clone, Debug)]
pub struct Model {
    pub tagger: Tagger,
    pub transitions: Weights,
    pub labeller: Weights,
    /// Dependency relations, in the label classifier's class order.
    pub labels: Vec<String>,
    /// The parser's beam width (1 = greedy), the one it was trained with unless changed.
    pub beam: usize,
    /// Beam hypotheses scoring this far below the best are dropped (infinite: none).
    pub margin: f32,
}

thread_local! {
    /// Each thread's beam buffers, kept between sentences.
    static BEAM: std::cell::RefCell<parser::Beam> = std::cell::RefCell::new(parser::Beam::new());
}

impl Model {
    /// The model shipped with newsgraph (`NEWSGRAPH_MODEL` overrides it).
    pub fn bundled_path() -> PathBuf {
        std::env::var_os("NEWSGRAPH_MODEL")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models/en_ewt.model")))
    }

    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let data = std::fs::read(path).map_err(|source| ModelError::Io { path: path.to_path_buf(), source })?;
        Model::from_bytes(&data).map_err(|msg| ModelError::Format { path: path.to_path_buf(), msg })
    }

    pub fn from_bytes(data: &[u8]) -> Result<Model, String> {
        let mut r = Reader { data, pos: 0 };
        let header = r.bytes(MAGIC.len())?;
        let (beam, margin) = match header {
            m if m == MAGIC || m == MAGIC_4 || m == MAGIC_5 => (r.varint()? as usize, f32::from_le_bytes(r.bytes(4)?.try_into().unwrap())),
            m if m == MAGIC_2 => (1, f32::INFINITY),
            _ => return Err("wrong header".into()),
        };
        if margin.is_nan() || margin < 0.0 {
            return Err("bad beam margin".into());
        }
        if !(1..=64).contains(&beam) {
            return Err("bad beam width".into());
        }
        let n = r.varint()? as usize;
        let labels = (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let xpos = header == MAGIC_4 || header == MAGIC_5;
        let tagset = if xpos {
            let n = r.varint()? as usize;
            if !(1..=254).contains(&n) {
                return Err("bad tag count".into());
            }
            let mut tags = Vec::with_capacity(n);
            for _ in 0..n {
                let upos = r.varint()?;
                if upos as usize >= UPOS.len() {
                    return Err("bad tag".into());
                }
                tags.push(Tag { upos: upos as u8, xpos: r.string()? });
            }
            tags
        } else {
            upos_tagset()
        };
        let n = r.varint()? as usize;
        let mut dict = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.bytes(8)?.try_into().unwrap());
            let t = r.varint()? as u8;
            if t as usize >= UPOS.len() {
                return Err("bad tag".into());
            }
            dict.insert(k, t);
        }
        let n = r.varint()? as usize;
        let mut lemmas = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let form = r.string()?;
            let t = r.varint()? as u8;
            let lemma = r.string()?;
            lemmas.insert((form, t), lemma);
        }
        let n = r.varint()? as usize;
        let mut ambig = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.bytes(8)?.try_into().unwrap());
            ambig.insert(k, r.varint()? as u32);
        }
        let weights = Weights::read(&mut r)?;
        let transitions = Weights::read(&mut r)?;
        let labeller = Weights::read(&mut r)?;
        let fine = if xpos { Some(Weights::read(&mut r)?) } else { None };
        let mut clusters = perceptron::WordMap::default();
        if header == MAGIC_5 {
            let n = r.varint()? as usize;
            clusters.reserve(n.min(1 << 22));
            for _ in 0..n {
                let k = u64::from_le_bytes(r.bytes(8)?.try_into().unwrap());
                let c = r.varint()?;
                clusters.insert(k, u32::try_from(c).map_err(|_| "bad cluster")?);
            }
        }
        if r.pos != data.len() {
            return Err("trailing bytes".into());
        }
        if weights.classes() != UPOS.len()
            || fine.as_ref().is_some_and(|f| f.classes() != tagset.len())
            || transitions.classes() != 3
            || labeller.classes() != labels.len()
        {
            return Err("class counts do not match".into());
        }
        let mut tagger = Tagger::new(tagset, weights, fine, dict, lemmas, ambig);
        tagger.clusters = clusters;
        Ok(Model { tagger, transitions, labeller, labels, beam, margin })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // the oldest version that holds the model: a greedy UPOS model is version 2, which it
        // is, the same bytes as before beams and XPOS
        let upos_only = self.tagger.fine.is_none();
        assert!(self.tagger.clusters.is_empty() || !upos_only, "word clusters need the XPOS stage (format version 5)");
        let mut out = if !self.tagger.clusters.is_empty() {
            MAGIC_5.to_vec()
        } else if !upos_only {
            MAGIC_4.to_vec()
        } else if self.beam > 1 {
            MAGIC.to_vec()
        } else {
            MAGIC_2.to_vec()
        };
        if self.beam > 1 || !upos_only {
            put_varint(&mut out, self.beam as u64);
            out.extend_from_slice(&self.margin.to_le_bytes());
        }
        put_varint(&mut out, self.labels.len() as u64);
        for l in &self.labels {
            put_str(&mut out, l);
        }
        if !upos_only {
            put_varint(&mut out, self.tagger.tagset.len() as u64);
            for t in &self.tagger.tagset {
                put_varint(&mut out, t.upos as u64);
                put_str(&mut out, &t.xpos);
            }
        }
        let mut dict: Vec<_> = self.tagger.dict.iter().collect();
        dict.sort();
        put_varint(&mut out, dict.len() as u64);
        for (k, t) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            put_varint(&mut out, *t as u64);
        }
        let mut lemmas: Vec<_> = self.tagger.lemmas.iter().collect();
        lemmas.sort();
        put_varint(&mut out, lemmas.len() as u64);
        for ((form, t), lemma) in lemmas {
            put_str(&mut out, form);
            put_varint(&mut out, *t as u64);
            put_str(&mut out, lemma);
        }
        let mut ambig: Vec<_> = self.tagger.ambig.iter().collect();
        ambig.sort();
        put_varint(&mut out, ambig.len() as u64);
        for (k, m) in ambig {
            out.extend_from_slice(&k.to_le_bytes());
            put_varint(&mut out, *m as u64);
        }
        self.tagger.weights.write(&mut out);
        self.transitions.write(&mut out);
        self.labeller.write(&mut out);
        if let Some(fine) = &self.tagger.fine {
            fine.write(&mut out);
        }
        if !self.tagger.clusters.is_empty() {
            let mut clusters: Vec<_> = self.tagger.clusters.iter().collect();
            clusters.sort();
            put_varint(&mut out, clusters.len() as u64);
            for (k, c) in clusters {
                out.extend_from_slice(&k.to_le_bytes());
                put_varint(&mut out, *c as u64);
            }
        }
        out
    }

    /// The ensemble of models trained alike (with different seeds) at the cost of one: a
    /// linear model's scores averaged over models are the scores of the model with the averaged
    /// weights. Every table is averaged (taggers, transitions, labels); the parser's are then
    /// pruned at `prune` of the largest weight. The first model gives everything that is not a
    /// weight (tag dictionary, lemmas, beam width and margin).
    pub fn mean(models: &[Model], prune: f32) -> Result<Model, String> {
        let first = models.first().ok_or("no models to average")?;
        if models.iter().any(|m| m.labels != first.labels || m.tagger.tagset != first.tagger.tagset || m.tagger.fine.is_some() != first.tagger.fine.is_some()) {
            return Err("the models have different labels or tags".into());
        }
        let mean = |pick: &dyn Fn(&Model) -> &Weights| Weights::mean(&models.iter().map(pick).collect::<Vec<_>>());
        let mut m = first.clone();
        m.tagger.weights = mean(&|m| &m.tagger.weights);
        if let Some(fine) = &mut m.tagger.fine {
            *fine = mean(&|m| m.tagger.fine.as_ref().expect("checked above"));
        }
        m.transitions = mean(&|m| &m.transitions).pruned(prune);
        m.labeller = mean(&|m| &m.labeller).pruned(prune);
        Ok(m)
    }

    /// Tags, lemmatizes and parses one sentence given as word forms; spans are left 0..0.
    pub fn analyse_words(&self, forms: &[&str]) -> Vec<Word> {
        self.parse(self.tag(forms))
    }

    /// Tags and lemmatizes one sentence given as word forms, without parsing it: the words
    /// have no head and an empty relation until [`Model::parse`]. A caller may look at the
    /// tags and lemmas first (and skip the parse, the costly part), or change the words' spans
    /// and forms: the parser reads only what the tagger saw.
    pub fn tag(&self, forms: &[&str]) -> Tagged {
        let lex: Vec<Lex> = forms.iter().map(|f| self.tagger.lex(f)).collect();
        let tags = self.tagger.tag(&lex);
        let words = forms
            .iter()
            .enumerate()
            .map(|(i, f)| Word {
                start: 0,
                end: 0,
                form: f.to_string(),
                upos: UPOS[tags[i] as usize],
                lemma: self.tagger.lemma(f, tags[i]),
                head: None,
                deprel: String::new(),
            })
            .collect();
        let fine = if self.tagger.fine.is_some() { self.tagger.refine(&lex, &tags) } else { Vec::new() };
        Tagged { lex, tags, fine, words }
    }

    /// Parses a tagged sentence: its words with heads and relations.
    pub fn parse(&self, tagged: Tagged) -> Vec<Word> {
        let Tagged { lex, tags, fine, mut words } = tagged;
        let x = parser::Words { lex: &lex, tags: &tags, fine: &fine };
        let (heads, labels) = if self.beam <= 1 {
            parser::parse(&self.transitions, &self.labeller, &x)
        } else {
            BEAM.with(|b| {
                let mut b = b.borrow_mut();
                b.margin = self.margin;
                parser::parse_beam(&self.transitions, &self.labeller, &x, self.beam, &mut b)
            })
        };
        let n = words.len();
        for (i, w) in words.iter_mut().enumerate() {
            w.head = if heads[i] == 0 || heads[i] > n { None } else { Some(heads[i] - 1) };
            w.deprel = self.labels.get(labels[i] as usize).cloned().unwrap_or_else(|| "dep".into());
        }
        words
    }

    /// Every sentence of an article, tokenized, tagged and parsed; spans into `text`.
    pub fn analyse(&self, text: &str) -> Vec<ParsedSentence> {
        crate::text::sentences(text).iter().map(|s| self.analyse_span(text, s.start, s.end)).collect()
    }

    /// One sentence `text[start..end]`.
    pub fn analyse_span(&self, text: &str, start: usize, end: usize) -> ParsedSentence {
        let spans = tokenize::tokenize(text, start, end);
        let forms: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        let mut words = self.analyse_words(&forms);
        for (w, &(s, e)) in words.iter_mut().zip(&spans) {
            w.start = s;
            w.end = e;
        }
        ParsedSentence { start, end, words }
    }
}

/// A small deterministic generator (xorshift64*) for shuffling and exploration.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(heads: &[Option<usize>], rels: &[&str]) -> ParsedSentence {
        let words = heads
            .iter()
            .zip(rels)
            .enumerate()
            .map(|(i, (&head, rel))| Word { start: i * 2, end: i * 2 + 1, form: "w".into(), upos: "X", lemma: "w".into(), head, deprel: rel.to_string() })
            .collect();
        ParsedSentence { start: 0, end: heads.len() * 2, words }
    }

    #[test]
    fn tree_helpers_follow_the_arcs() {
        // 0 The 1 head 2 of 3 ORG 4 met 5 NAME: met ← head(nsubj) ← ORG(nmod) ← of(case)
        let s = sentence(
            &[Some(1), Some(4), Some(3), Some(1), None, Some(4)],
            &["det", "nsubj", "case", "nmod", "root", "obj"],
        );
        assert_eq!(s.root(), Some(4));
        assert_eq!(s.children_by(4, "nsubj"), [1]);
        assert_eq!(s.children(1).collect::<Vec<_>>(), [0, 3]);
        assert_eq!(s.path(3, 5), [3, 1, 4, 5]);
        assert_eq!(s.path(5, 5), [5]);
        assert_eq!(s.phrase(1), (0, 3));
        assert_eq!(s.phrase_span(1), (0, 7));
        assert_eq!(s.children_by_prefix(1, "nmod"), [3]);
    }
}
