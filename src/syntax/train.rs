//! Training the tagger and parser from UD treebanks: the tagger first (epochs picked on dev),
//! then the parser on tags predicted by jackknifing (each fold tagged by a tagger trained on
//! the other folds, so training sees the tagging errors a real run makes), epochs picked on dev
//! by LAS. Single-threaded per model and seeded: the same treebanks give the same model.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use super::conllu::{self, Block};
use super::parser::{self, Words};
use super::perceptron::Trainer;
use super::tagger::{self, rule_lemma, upos_id, upos_tagset, Lex, Tag, Tagger};
use super::{Model, Rng};

/// How to train.
#[derive(Clone, Debug)]
pub struct Options {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifed training tags (1 = train the parser on gold tags).
    pub folds: usize,
    pub seed: u64,
    /// Use only the first N training sentences (quick experiments).
    pub limit: Option<usize>,
    /// Drop parser weights smaller than this fraction of the largest.
    pub prune: f32,
    /// The same for the tagger, whose errors the parser pays for: it is pruned less.
    pub tagger_prune: f32,
    /// Probability of following the model's own wrong transition while training (greedy).
    pub explore: f64,
    /// Tag UPOS with XPOS (each word one of the (UPOS, XPOS) pairs of the training data), which
    /// the parser then sees; false tags UPOS only.
    pub xpos: bool,
    /// Epochs of the XPOS weights.
    pub xpos_epochs: usize,
    /// Beam width: 1 trains the greedy parser with the dynamic oracle, more a global model
    /// with max-violation updates, decoded with the same width.
    pub beam: usize,
    /// While decoding with a beam, successors scoring more than this below the best are
    /// dropped (faster; infinite keeps the whole width). Saved in the model.
    pub margin: f32,
    /// Brown clusters of words (hash of the form as written → bit path), features of the
    /// tagger and the parser, shipped in the model; `None` trains without them.
    pub clusters: Option<std::sync::Arc<super::perceptron::WordMap<u32>>>,
}

impl Default for Options {
    fn default() -> Options {
        Options { tagger_epochs: 10, parser_epochs: 16, folds: 4, seed: 1, limit: None, prune: 0.02, tagger_prune: 0.005, explore: 0.7, xpos: false, xpos_epochs: 5, beam: 1, margin: f32::INFINITY, clusters: None }
    }
}

/// A treebank sentence ready for training.
pub struct Gold {
    pub forms: Vec<String>,
    pub lex: Vec<Lex>,
    /// UPOS indices.
    pub tags: Vec<u8>,
    pub xpos: Vec<String>,
    pub heads: Vec<usize>,
    pub deprels: Vec<String>,
    pub lemmas: Vec<String>,
}

pub fn gold(blocks: &[Block]) -> Vec<Gold> {
    blocks
        .iter()
        .filter(|b| !b.words.is_empty())
        .map(|b| Gold {
            forms: b.forms().iter().map(|s| s.to_string()).collect(),
            lex: b.forms().iter().map(|f| Lex::new(f)).collect(),
            tags: b.upos().iter().map(|t| upos_id(t) as u8).collect(),
            xpos: b.words.iter().map(|w| w[4].clone()).collect(),
            heads: b.heads(),
            deprels: b.deprels().iter().map(|s| s.to_string()).collect(),
            lemmas: b.lemmas().iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}

/// UPOS accuracy, unlabelled and labelled attachment (universal relation, as
/// `shared/eval/conllu_eval.py` counts it) over words.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub upos: f64,
    pub uas: f64,
    pub las: f64,
    pub words: usize,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "UPOS={:.3} UAS={:.3} LAS={:.3} words={}", self.upos, self.uas, self.las, self.words)
    }
}

/// Scores a model on gold sentences (gold tokens).
pub fn evaluate(model: &Model, sents: &[Gold]) -> Scores {
    let (mut t, mut u, mut l, mut n) = (0usize, 0usize, 0usize, 0usize);
    for g in sents {
        let forms: Vec<&str> = g.forms.iter().map(String::as_str).collect();
        let words = model.analyse_words(&forms);
        for (i, w) in words.iter().enumerate() {
            n += 1;
            t += (tagger::UPOS[g.tags[i] as usize] == w.upos) as usize;
            let head = w.head.map_or(0, |h| h + 1);
            if head == g.heads[i] {
                u += 1;
                l += (universal(&w.deprel) == universal(&g.deprels[i])) as usize;
            }
        }
    }
    let d = n.max(1) as f64;
    Scores { upos: t as f64 / d, uas: u as f64 / d, las: l as f64 / d, words: n }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// The tag dictionary (frequent words with one tag in 99.5% of their uses) and the ambiguity
/// classes (the tags a word seen 3+ times had at least 2% of the time) of some (words, UPOS).
fn tag_tables<'a>(sents: impl Iterator<Item = (&'a [Lex], &'a [u8])>) -> (HashMap<u64, u8>, HashMap<u64, u32>) {
    let mut counts: HashMap<u64, [u32; 17]> = HashMap::new();
    for (lex, tags) in sents {
        for (l, &t) in lex.iter().zip(tags) {
            counts.entry(l.lower).or_insert([0; 17])[t as usize] += 1;
        }
    }
    let dict = counts
        .iter()
        .filter_map(|(&w, c)| {
            let total: u32 = c.iter().sum();
            let (best, &n) = c.iter().enumerate().max_by_key(|(_, n)| **n)?;
            (total >= 20 && n as f64 / total as f64 >= 0.995).then_some((w, best as u8))
        })
        .collect();
    let ambig = counts
        .iter()
        .filter_map(|(&w, c)| {
            let total: u32 = c.iter().sum();
            let mask = c.iter().enumerate().filter(|(_, &n)| n as f64 >= 0.02 * total as f64).fold(0u32, |m, (t, _)| m | 1 << t);
            (total >= 3).then_some((w, mask))
        })
        .collect();
    (dict, ambig)
}

/// Trains a model from CoNLL-U training and development text; `log` hears progress.
/// `on_best` receives the model (pruned) each time an epoch improves dev LAS, so a long run can
/// be stopped with its best model saved.
pub fn train(
    train_text: &str,
    dev_text: &str,
    opts: &Options,
    log: &mut dyn FnMut(String),
    on_best: &mut dyn FnMut(&Model),
) -> Result<Model, String> {
    let clock = Instant::now();
    if opts.clusters.is_some() && !opts.xpos {
        return Err("word clusters need the XPOS stage (--xpos): they are saved in format version 5, which has it".into());
    }
    let mut train = gold(&conllu::read(train_text).map_err(|e| format!("training file: {e}"))?);
    if let Some(n) = opts.limit {
        train.truncate(n);
    }
    let dev = gold(&conllu::read(dev_text).map_err(|e| format!("development file: {e}"))?);
    log(format!("{} training sentences, {} development sentences", train.len(), dev.len()));

    // the tag set, each sentence's tags in it, the tag dictionary and the lemma table
    let tagset: Vec<Tag> = if opts.xpos {
        let mut t: Vec<Tag> = train.iter().flat_map(|g| g.tags.iter().zip(&g.xpos).map(|(&u, x)| Tag { upos: u, xpos: x.clone() })).collect();
        t.sort();
        t.dedup();
        t
    } else {
        upos_tagset()
    };
    if tagset.len() > 254 {
        return Err(format!("{} tags, at most 254 are possible", tagset.len()));
    }
    let upos_of: Vec<u8> = tagset.iter().map(|t| t.upos).collect();
    let tag_index: HashMap<(u8, &str), u8> =
        tagset.iter().enumerate().map(|(i, t)| ((t.upos, if opts.xpos { t.xpos.as_str() } else { "" }), i as u8)).collect();
    // a pair the training data lacks (in dev) counts as the first tag of its UPOS
    let fine = |g: &Gold| -> Vec<u8> {
        g.tags
            .iter()
            .zip(&g.xpos)
            .map(|(&u, x)| {
                let x = if opts.xpos { x.as_str() } else { "" };
                tag_index.get(&(u, x)).copied().unwrap_or_else(|| upos_of.iter().position(|&v| v == u).unwrap_or(0) as u8)
            })
            .collect()
    };
    let train_fine: Vec<Vec<u8>> = train.iter().map(fine).collect();
    let dev_fine: Vec<Vec<u8>> = dev.iter().map(fine).collect();
    let n_tags = tagset.len();
    let (dict, ambig) = tag_tables(train.iter().map(|g| (g.lex.as_slice(), g.tags.as_slice())));
    let mut lemma_counts: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
    let mut forms_seen: HashMap<(String, u8), String> = HashMap::new();
    for g in &train {
        for i in 0..g.forms.len() {
            let key = (g.forms[i].to_lowercase(), g.tags[i]);
            forms_seen.entry(key.clone()).or_insert_with(|| g.forms[i].clone());
            *lemma_counts.entry(key).or_default().entry(g.lemmas[i].clone()).or_default() += 1;
        }
    }
    let mut lemmas = HashMap::new();
    for (key, c) in &lemma_counts {
        let mut c: Vec<_> = c.iter().collect();
        c.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let lemma = c[0].0.clone();
        if lemma != rule_lemma(&forms_seen[key], &key.0, key.1) && lemma != "_" {
            lemmas.insert(key.clone(), lemma);
        }
    }
    let clusters = opts.clusters.as_deref().cloned().unwrap_or_default();
    let set_amb = |sents: &mut [Gold]| {
        for g in sents {
            for l in &mut g.lex {
                l.amb = ambig.get(&l.lower).copied().unwrap_or(0) as u64;
                l.cl = tagger::cluster_of(&clusters, l);
            }
        }
    };
    set_amb(&mut train);
    let mut dev = dev;
    set_amb(&mut dev);
    log(format!(
        "{n_tags} tags, tag dictionary {} words, lemma table {} forms, {} ambiguity classes",
        dict.len(),
        lemmas.len(),
        ambig.len()
    ));

    // tagger
    let as_tagged = |s: &[Gold]| s.iter().map(|g| (g.lex.clone(), g.tags.clone())).collect::<Vec<_>>();
    let train_t = as_tagged(&train);
    let dev_t = as_tagged(&dev);
    let (weights, accs) = tagger::train(&train_t, &dict, Some(&dev_t), opts.tagger_epochs, opts.seed);
    log(format!(
        "tagger: dev accuracy by epoch {:?} ({:.0} s)",
        accs.iter().map(|a| format!("{a:.4}")).collect::<Vec<_>>(),
        clock.elapsed().as_secs_f64()
    ));
    let best_epochs = accs.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(opts.tagger_epochs, |(i, _)| i + 1);
    // the XPOS weights learn from gold UPOS
    let train_fine_data = |sents: &mut dyn Iterator<Item = (Vec<Lex>, usize)>| -> Vec<(Vec<Lex>, Vec<u8>, Vec<u8>)> {
        sents.map(|(lex, i)| (lex, train[i].tags.clone(), train_fine[i].clone())).collect()
    };
    let fine = opts.xpos.then(|| {
        let data = train_fine_data(&mut train.iter().enumerate().map(|(i, g)| (g.lex.clone(), i)));
        tagger::train_fine(&tagset, &data, opts.xpos_epochs, opts.seed).pruned(opts.tagger_prune)
    });
    let mut tagger = Tagger::new(tagset.clone(), weights.pruned(opts.tagger_prune), fine, dict.clone(), lemmas, ambig.clone());
    tagger.clusters = clusters.clone();
    if opts.xpos {
        let (mut ok, mut n) = (0usize, 0usize);
        for (g, f) in dev.iter().zip(&dev_fine) {
            let pred = tagger.refine(&g.lex, &tagger.tag(&g.lex));
            ok += pred.iter().zip(f).filter(|(a, b)| tagset[**a as usize] == tagset[**b as usize]).count();
            n += f.len();
        }
        log(format!("dev (UPOS, XPOS) accuracy {:.4} ({:.0} s)", ok as f64 / n.max(1) as f64, clock.elapsed().as_secs_f64()));
    }

    // jackknifed tags for the parser's training data (none for a tagger alone)
    let folds = if opts.parser_epochs == 0 { 1 } else { opts.folds };
    // each training sentence's UPOS and (UPOS, XPOS) tags (the latter empty without --xpos)
    type Tags = (Vec<u8>, Vec<u8>);
    let train_tags: Vec<Tags> = if folds > 1 {
        let k = folds;
        let fold_of = |i: usize| i % k;
        let seed = opts.seed;
        // each fold's tagger knows only the other folds: its own tag dictionary and ambiguity
        // classes too, or the held-out words would come with their gold tags as features
        let per_fold: Vec<Vec<(usize, Tags)>> = (0..k)
            .into_par_iter()
            .map(|f| {
                let (dict_f, ambig_f) =
                    tag_tables(train_t.iter().enumerate().filter(|(i, _)| fold_of(*i) != f).map(|(_, (lex, tags))| (lex.as_slice(), tags.as_slice())));
                let with_amb = |lex: &[Lex]| -> Vec<Lex> {
                    lex.iter().map(|l| Lex { amb: ambig_f.get(&l.lower).copied().unwrap_or(0) as u64, ..*l }).collect()
                };
                let rest: Vec<_> =
                    train_t.iter().enumerate().filter(|(i, _)| fold_of(*i) != f).map(|(_, (lex, tags))| (with_amb(lex), tags.clone())).collect();
                let (w, _) = tagger::train(&rest, &dict_f, None, best_epochs, seed + f as u64 + 1);
                let fine = opts.xpos.then(|| {
                    let data = train_fine_data(&mut (0..train.len()).filter(|&i| fold_of(i) != f).map(|i| (with_amb(&train[i].lex), i)));
                    tagger::train_fine(&tagset, &data, opts.xpos_epochs, seed + f as u64 + 1)
                });
                let t = Tagger::new(tagset.clone(), w, fine, dict_f.clone(), HashMap::new(), HashMap::new());
                train_t
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold_of(*i) == f)
                    .map(|(i, (lex, _))| {
                        let lex = with_amb(lex);
                        let tags = t.tag(&lex);
                        let fine = if opts.xpos { t.refine(&lex, &tags) } else { Vec::new() };
                        (i, (tags, fine))
                    })
                    .collect()
            })
            .collect();
        let mut tags = vec![(Vec::new(), Vec::new()); train.len()];
        for (i, t) in per_fold.into_iter().flatten() {
            tags[i] = t;
        }
        tags
    } else {
        train.iter().zip(&train_fine).map(|(g, f)| (g.tags.clone(), if opts.xpos { f.clone() } else { Vec::new() })).collect()
    };
    let jack_acc = {
        let ok: usize = train.iter().zip(&train_tags).map(|(g, t)| g.tags.iter().zip(&t.0).filter(|(a, b)| a == b).count()).sum();
        ok as f64 / train.iter().map(|g| g.tags.len()).sum::<usize>().max(1) as f64
    };
    log(format!("jackknifed training tags: UPOS accuracy {jack_acc:.4} ({:.0} s)", clock.elapsed().as_secs_f64()));

    // parser
    let mut labels: Vec<String> = train.iter().flat_map(|g| g.deprels.iter().cloned()).collect();
    labels.sort();
    labels.dedup();
    let label_id: HashMap<&str, u8> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u8)).collect();
    let train_labels: Vec<Vec<u8>> = train.iter().map(|g| g.deprels.iter().map(|d| label_id[d.as_str()]).collect()).collect();
    let usable: Vec<usize> = (0..train.len()).filter(|&i| parser::projective(&train[i].heads)).collect();
    log(format!("parser: {} labels, {} of {} sentences projective", labels.len(), usable.len(), train.len()));
    let mut trans = Trainer::new(3);
    let mut lab = Trainer::new(labels.len());
    let mut rng = Rng(opts.seed.wrapping_mul(7919).wrapping_add(17));
    let mut order = usable.clone();
    let mut beam = parser::Beam::new();
    let mut best: Option<(f64, Model)> = None;
    for epoch in 0..opts.parser_epochs {
        rng.shuffle(&mut order);
        let explore = if epoch == 0 { 0.0 } else { opts.explore };
        for &i in &order {
            let x = Words { lex: &train[i].lex, tags: &train_tags[i].0, fine: &train_tags[i].1 };
            if opts.beam > 1 {
                parser::train_sentence_beam(&mut trans, &mut lab, &x, &train[i].heads, &train_labels[i], opts.beam, &mut beam);
            } else {
                parser::train_sentence(&mut trans, &mut lab, &x, &train[i].heads, &train_labels[i], explore, &mut rng);
            }
        }
        let model = Model { tagger: tagger.clone(), transitions: trans.averaged(0.0), labeller: lab.averaged(0.0), labels: labels.clone(), beam: opts.beam, margin: opts.margin };
        let s = evaluate(&model, &dev);
        log(format!("parser epoch {}: dev {s} ({:.0} s)", epoch + 1, clock.elapsed().as_secs_f64()));
        if best.as_ref().is_none_or(|(b, _)| s.las > *b) {
            let mut pruned = model.clone();
            pruned.transitions = pruned.transitions.pruned(opts.prune);
            pruned.labeller = pruned.labeller.pruned(opts.prune);
            on_best(&pruned);
            best = Some((s.las, model));
        }
    }
    if opts.parser_epochs == 0 {
        // the tagger alone (quick experiments): the parser learnt nothing
        return Ok(Model { tagger, transitions: trans.averaged(0.0), labeller: lab.averaged(0.0), labels, beam: opts.beam, margin: opts.margin });
    }
    let mut model = best.ok_or("no parser epochs")?.1;
    for frac in [0.005, 0.01, 0.015, 0.02, 0.03] {
        let mut m = model.clone();
        m.transitions = m.transitions.pruned(frac);
        m.labeller = m.labeller.pruned(frac);
        log(format!("parser pruned at {frac}: dev {} ({:.1} MB)", evaluate(&m, &dev), m.to_bytes().len() as f64 / 1e6));
    }
    model.transitions = model.transitions.pruned(opts.prune);
    model.labeller = model.labeller.pruned(opts.prune);
    let s = evaluate(&model, &dev);
    log(format!(
        "final (pruned) dev {s}; features: tagger {}, transitions {}, labels {} ({:.0} s)",
        model.tagger.weights.len(),
        model.transitions.len(),
        model.labeller.len(),
        clock.elapsed().as_secs_f64()
    ));
    Ok(model)
}

/// How the tokenizer's words agree with a treebank's gold words, read from each sentence's
/// `# text`: precision, recall and F1 of exact byte spans. Gold spans come from the word forms
/// found in order in the text (a multiword token whose words do not spell it counts as one).
pub fn tokenizer_agreement(blocks: &[Block]) -> (f64, f64, f64) {
    let (mut tp, mut n_pred, mut n_gold) = (0usize, 0usize, 0usize);
    for b in blocks {
        let Some(text) = b.text() else { continue };
        let mut gold = Vec::new();
        let mut cur = 0;
        let mut i = 0;
        let mwt: HashMap<usize, (usize, &str)> = b
            .other
            .iter()
            .filter_map(|(at, line)| {
                let cols: Vec<&str> = line.split('\t').collect();
                let (a, z) = cols[0].split_once('-')?;
                let n = z.parse::<usize>().ok()? + 1 - a.parse::<usize>().ok()?;
                Some((*at, (n, cols[1])))
            })
            .collect();
        while i < b.words.len() {
            let rest = &text[cur..];
            let skip = rest.len() - rest.trim_start().len();
            cur += skip;
            if let Some(&(n, surface)) = mwt.get(&i) {
                let forms: String = b.words[i..(i + n).min(b.words.len())].iter().map(|w| w[1].as_str()).collect();
                if forms != surface && text[cur..].starts_with(surface) {
                    gold.push((cur, cur + surface.len()));
                    cur += surface.len();
                    i += n;
                    continue;
                }
            }
            let form = b.words[i][1].as_str();
            if let Some(off) = text[cur..].find(form) {
                gold.push((cur + off, cur + off + form.len()));
                cur += off + form.len();
            }
            i += 1;
        }
        let pred = super::tokenize::tokenize(text, 0, text.len());
        let gs: std::collections::HashSet<_> = gold.iter().collect();
        tp += pred.iter().filter(|p| gs.contains(p)).count();
        n_pred += pred.len();
        n_gold += gold.len();
    }
    let p = tp as f64 / n_pred.max(1) as f64;
    let r = tp as f64 / n_gold.max(1) as f64;
    (p, r, 2.0 * p * r / (p + r).max(1e-9))
}
