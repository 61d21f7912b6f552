//! Trains the tagger and parser from UD English EWT and writes the model newsgraph ships.
//!
//! cargo run --release --example train_syntax -- ../shared/ud models/en_ewt.model
//! Options: --limit N (first N training sentences), --tagger-epochs N, --parser-epochs N (0: the
//! tagger alone), --xpos (a second stage tags XPOS, which the parser sees besides UPOS),
//! --xpos-epochs N, --folds N, --seed N, --prune F (parser), --tagger-prune F, --explore P,
//! --beam N (parser beam width; 1 = greedy), --margin M (beam hypotheses more than M below the
//! best are dropped while decoding), --seeds A,B,... (train one model per seed, each pruned at
//! --seed-prune F, default 0.005, and write their mean, an ensemble at the cost of one model,
//! pruned at --prune), --clusters FILE (Brown clusters of words as features, shipped in the
//! model: spaCy's en_lexeme_cluster.json.gz; needs --xpos). Progress and dev scores go to standard error.
//!
//! The shipped model (models/README.md):
//! cargo run --release --example train_syntax -- ../shared/ud models/en_ewt.model --xpos --folds 2 --seeds 1,2 --prune 0.0125

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use newsgraph::syntax::train::{self, Options};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = Options::default();
    let mut pos = Vec::new();
    let mut seeds: Vec<u64> = Vec::new();
    let mut seed_prune = 0.005f32;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().context(format!("{a} needs a value"));
        match a.as_str() {
            "--limit" => opts.limit = Some(val()?.parse()?),
            "--tagger-epochs" => opts.tagger_epochs = val()?.parse()?,
            "--parser-epochs" => opts.parser_epochs = val()?.parse()?,
            "--folds" => opts.folds = val()?.parse()?,
            "--seed" => opts.seed = val()?.parse()?,
            "--prune" => opts.prune = val()?.parse()?,
            "--tagger-prune" => opts.tagger_prune = val()?.parse()?,
            "--explore" => opts.explore = val()?.parse()?,
            "--xpos" => opts.xpos = true,
            "--xpos-epochs" => opts.xpos_epochs = val()?.parse()?,
            "--beam" => opts.beam = val()?.parse()?,
            "--margin" => opts.margin = val()?.parse()?,
            "--seeds" => seeds = val()?.split(',').map(|s| s.trim().parse()).collect::<Result<_, _>>().context("--seeds takes numbers: 1,2")?,
            "--seed-prune" => seed_prune = val()?.parse()?,
            "--clusters" => opts.clusters = Some(std::sync::Arc::new(read_clusters(std::path::Path::new(val()?))?)),
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => pos.push(a.clone()),
        }
    }
    let [ud, out] = pos.as_slice() else { bail!("usage: train_syntax UD_DIR OUTPUT.model [options]") };
    let read = |name: &str| {
        let p = std::path::Path::new(ud).join(name);
        std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))
    };
    let (tr, dev) = (read("en_ewt-ud-train.conllu")?, read("en_ewt-ud-dev.conllu")?);
    if !seeds.is_empty() {
        // one model per seed, then their mean
        let mut models = Vec::with_capacity(seeds.len());
        for &seed in &seeds {
            let o = Options { seed, prune: seed_prune, ..opts.clone() };
            eprintln!("seed {seed} ({} of {})", models.len() + 1, seeds.len());
            models.push(train::train(&tr, &dev, &o, &mut |m| eprintln!("{m}"), &mut |_| {}).map_err(anyhow::Error::msg)?);
        }
        let model = newsgraph::syntax::Model::mean(&models, opts.prune).map_err(anyhow::Error::msg)?;
        let dev_gold = train::gold(&newsgraph::syntax::conllu::read(&dev).map_err(anyhow::Error::msg)?);
        eprintln!("mean of seeds {seeds:?} pruned at {}: dev {}", opts.prune, train::evaluate(&model, &dev_gold));
        let bytes = model.to_bytes();
        std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
        eprintln!("wrote {out} ({:.1} MB)", bytes.len() as f64 / 1e6);
        return Ok(());
    }
    let save = |m: &newsgraph::syntax::Model| std::fs::write(out, m.to_bytes()).with_context(|| format!("writing {out}"));
    let mut saved = Ok(());
    let model = train::train(&tr, &dev, &opts, &mut |m| eprintln!("{m}"), &mut |m| {
        saved = save(m);
        eprintln!("saved the best model so far to {out}");
    })
    .map_err(anyhow::Error::msg)?;
    saved?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
    eprintln!("wrote {out} ({:.1} MB)", bytes.len() as f64 / 1e6);
    Ok(())
}

/// Brown clusters from a JSON object of word → bit path as an integer (spaCy's
/// `en_lexeme_cluster.json.gz` of the `spacy-lookups-data` package, gzipped or not); words
/// with path 0 (none) are left out. Keys are [`hash_str`] of the word as written.
fn read_clusters(path: &std::path::Path) -> Result<newsgraph::syntax::perceptron::WordMap<u32>> {
    use std::io::Read;
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut text = String::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).with_context(|| format!("decompressing {}", path.display()))?;
    } else {
        text = String::from_utf8(raw).with_context(|| format!("{} is not UTF-8", path.display()))?;
    }
    let words: std::collections::BTreeMap<String, u64> =
        serde_json::from_str(&text).with_context(|| format!("{}: expected a JSON object of word to cluster number", path.display()))?;
    let mut out = newsgraph::syntax::perceptron::WordMap::default();
    for (w, c) in words {
        if c != 0 {
            out.insert(newsgraph::syntax::perceptron::hash_str(&w), u32::try_from(c).context("cluster number too large")?);
        }
    }
    eprintln!("{} word clusters from {}", out.len(), path.display());
    Ok(out)
}
