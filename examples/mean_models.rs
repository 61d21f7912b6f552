//! Averages the weights of two syntax models trained alike (e.g. with two seeds): a linear
//! model's scores averaged, an ensemble of the two at the cost of one. The first model gives
//! everything that is not a weight (tag dictionary, lemmas, beam width and margin).
//!
//! cargo run --release --example mean_models -- A.model B.model OUT.model [--prune F]

use anyhow::{bail, Context, Result};
use newsgraph::syntax::perceptron::Weights;
use newsgraph::syntax::Model;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut prune = 0.0f32;
    if let Some(i) = args.iter().position(|a| a == "--prune") {
        prune = args.get(i + 1).context("--prune needs a fraction")?.parse()?;
        args.drain(i..i + 2);
    }
    let [a, b, out] = args.as_slice() else { bail!("usage: mean_models A.model B.model OUT.model [--prune F]") };
    let (a, b) = (Model::load(a.as_ref())?, Model::load(b.as_ref())?);
    if a.labels != b.labels || a.tagger.tagset != b.tagger.tagset {
        bail!("the two models have different labels or tags");
    }
    let mut m = a.clone();
    m.tagger.weights = Weights::mean(&a.tagger.weights, &b.tagger.weights);
    if let (Some(fa), Some(fb)) = (&a.tagger.fine, &b.tagger.fine) {
        m.tagger.fine = Some(Weights::mean(fa, fb));
    }
    m.transitions = Weights::mean(&a.transitions, &b.transitions).pruned(prune);
    m.labeller = Weights::mean(&a.labeller, &b.labeller).pruned(prune);
    let bytes = m.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
    eprintln!("wrote {out} ({:.1} MB)", bytes.len() as f64 / 1e6);
    Ok(())
}
