//! Where extraction spends its time, stage by stage, on a corpus folder (first pass).
//! Usage: cargo run --release --example stages -- CORPUS_DIR
use std::time::Instant;

use newsgraph::{corpus, extract, mentions, rules::RuleOutput, Knowledge};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stages CORPUS_DIR");
    let t = Instant::now();
    let k = Knowledge::load(&Knowledge::default_dir()).expect("ontology loads");
    println!("start-up (load ontology, compile rules): {:.3} s", t.elapsed().as_secs_f64());
    let (articles, _) = corpus::read_corpus(std::path::Path::new(&dir)).expect("corpus reads");
    let mb = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    let (mut t_an, mut t_mask, mut t_rep, mut t_set, mut t_all, mut t_each) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut per_rule = vec![0.0f64; k.rules.len()];
    for pass in 0..2 {
        for a in &articles {
            let t = Instant::now();
            let an = mentions::analyse(&a.text, &k);
            t_an += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let masks: Vec<_> = (0..an.sentences.len()).map(|si| extract::mask(&a.text, &an, si)).collect();
            t_mask += t.elapsed().as_secs_f64();
            let t = Instant::now();
            for m in &masks {
                for r in k.rules.iter().filter(|r| r.output == RuleOutput::Reporter) {
                    std::hint::black_box(r.regex.captures(&m.text).is_some());
                }
            }
            t_rep += t.elapsed().as_secs_f64();
            let t = Instant::now();
            for m in &masks {
                std::hint::black_box(k.rule_filter.candidates(&m.text).len());
            }
            t_set += t.elapsed().as_secs_f64();
            let t = Instant::now();
            for m in &masks {
                for (ri, r) in k.rules.iter().enumerate() {
                    let t = Instant::now();
                    std::hint::black_box(r.regex.is_match(&m.text));
                    per_rule[ri] += t.elapsed().as_secs_f64();
                }
            }
            t_each += t.elapsed().as_secs_f64();
            let t = Instant::now();
            std::hint::black_box(extract(a, &k));
            t_all += t.elapsed().as_secs_f64();
        }
        println!("pass {pass}: {mb:.2} MB; mentions {t_an:.2} s, mask {t_mask:.2} s, reporter rules {t_rep:.2} s, rule set {t_set:.2} s, each rule is_match {t_each:.2} s, whole extract {t_all:.2} s");
        let mut order: Vec<usize> = (0..k.rules.len()).collect();
        order.sort_by(|a, b| per_rule[*b].total_cmp(&per_rule[*a]));
        for &i in order.iter().take(8) {
            println!("  {:.2} s  {}", per_rule[i], k.rules[i].name);
        }
        per_rule.iter_mut().for_each(|t| *t = 0.0);
        (t_an, t_mask, t_rep, t_set, t_all, t_each) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    }
}
