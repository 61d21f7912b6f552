//! Measures the shipped syntax model on a UD treebank: load time, accuracy with gold tokens
//! (UPOS, UAS, LAS as `shared/eval/conllu_eval.py` counts them), tagging + parsing speed on one
//! thread, and the tokenizer's agreement with the gold words from each sentence's `# text`.
//! Times are given in CPU time of the thread (what a loaded machine inflates least) and wall time.
//!
//! cargo run --release --example syntax_bench -- ../shared/ud/en_ewt-ud-test.conllu [MODEL] [--beam N] [--margin M]
//! (`--beam N` decodes with another beam width than the model's own; `--margin M` drops
//! hypotheses scoring more than M below the best.)

use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph::syntax::{conllu, train, Model};

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut beam = None;
    if let Some(i) = args.iter().position(|a| a == "--beam") {
        beam = Some(args.get(i + 1).context("--beam needs a width")?.parse::<usize>()?);
        args.drain(i..i + 2);
    }
    let mut margin = None;
    if let Some(i) = args.iter().position(|a| a == "--margin") {
        margin = Some(args.get(i + 1).context("--margin needs a value")?.parse::<f32>()?);
        args.drain(i..i + 2);
    }
    let file = args.first().context("usage: syntax_bench TREEBANK.conllu [MODEL]")?;
    let path = args.get(1).map(Into::into).unwrap_or_else(Model::bundled_path);
    let (t, cpu) = (Instant::now(), thread_cpu());
    let mut model = Model::load(&path)?;
    model.beam = beam.unwrap_or(model.beam);
    model.margin = margin.unwrap_or(model.margin);
    let (load, load_cpu) = (t.elapsed().as_secs_f64(), thread_cpu() - cpu);
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
    let blocks = conllu::read(&text).map_err(anyhow::Error::msg)?;
    let gold = train::gold(&blocks);
    let scores = train::evaluate(&model, &gold);
    // speed: tag + parse every sentence, best of three runs
    let forms: Vec<Vec<&str>> = blocks.iter().map(|b| b.forms()).collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let (t, cpu) = (Instant::now(), thread_cpu());
        let mut heads = 0usize;
        for f in &forms {
            heads += model.analyse_words(f).iter().filter(|w| w.head.is_none()).count();
        }
        std::hint::black_box(heads);
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu() - cpu);
    }
    // tagging and lemmas alone (the rest of the time is the parser's)
    let mut tag_cpu = f64::MAX;
    for _ in 0..3 {
        let cpu = thread_cpu();
        let mut n = 0usize;
        for f in &forms {
            n += model.tag(f).words.len();
        }
        std::hint::black_box(n);
        tag_cpu = tag_cpu.min(thread_cpu() - cpu);
    }
    let (p, r, f1) = train::tokenizer_agreement(&blocks);
    println!(
        "model: {} ({:.1} MB), loaded in {load_cpu:.3} s of CPU time, {load:.3} s of wall time",
        path.display(),
        std::fs::metadata(&path)?.len() as f64 / 1e6
    );
    println!("accuracy (gold tokens), beam {}: {scores}", model.beam);
    println!(
        "speed: {:.0} words/s of CPU time on one thread, {:.0} words/s of wall time (tagging + lemmas + parsing, {words} words in {best_cpu:.3} s CPU, {best:.3} s wall; best of 3)",
        words as f64 / best_cpu,
        words as f64 / best
    );
    println!("of which tagging and lemmas: {tag_cpu:.3} s CPU ({:.0} words/s)", words as f64 / tag_cpu);
    println!("tokenizer vs gold words from # text: precision {p:.4} recall {r:.4} F1 {f1:.4}");
    Ok(())
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`), so a loaded
/// machine slows the figure less than wall time does; NaN where it cannot be read.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}
