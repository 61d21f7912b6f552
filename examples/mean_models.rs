//! Averages the weights of syntax models trained alike (with different seeds): a linear
//! model's scores averaged, an ensemble of the models at the cost of one. The first model
//! gives everything that is not a weight (tag dictionary, lemmas, beam width and margin).
//!
//! cargo run --release --example mean_models -- OUT.model A.model B.model [C.model ...] [--prune F]
//! (`--prune F` drops the parser's averaged weights under F of the largest.)

use anyhow::{bail, Context, Result};
use newsgraph::syntax::Model;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut prune = 0.0f32;
    if let Some(i) = args.iter().position(|a| a == "--prune") {
        prune = args.get(i + 1).context("--prune needs a fraction")?.parse()?;
        args.drain(i..i + 2);
    }
    let Some((out, inputs)) = args.split_first().filter(|(_, i)| i.len() >= 2) else {
        bail!("usage: mean_models OUT.model A.model B.model [C.model ...] [--prune F]")
    };
    let models = inputs.iter().map(|p| Model::load(p.as_ref())).collect::<Result<Vec<_>, _>>()?;
    let m = Model::mean(&models, prune).map_err(anyhow::Error::msg)?;
    let bytes = m.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
    eprintln!("wrote {out} ({:.1} MB)", bytes.len() as f64 / 1e6);
    Ok(())
}
