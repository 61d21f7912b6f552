//! The facts CSV of one rule set alone, to measure it: `syntax_only DIR surface|syntax > facts.csv`.
use newsgraph::extract::{extract_with, Stages};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let stages = match args.get(2).map(String::as_str) {
        Some("surface") => Stages { surface: true, syntax: false },
        Some("syntax") => Stages { surface: false, syntax: true },
        _ => Stages::ALL,
    };
    let k = newsgraph::Knowledge::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology"))).unwrap();
    let mut w = csv::Writer::from_writer(std::io::stdout());
    w.write_record(["subject", "predicate", "object", "doc", "sentence", "rule"]).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    for f in files {
        let id = f.file_stem().unwrap().to_string_lossy().to_string();
        let a = newsgraph::Article::from_text(&id, &std::fs::read_to_string(&f).unwrap());
        for fact in extract_with(&a, &k, stages).facts {
            let s = fact.subject.as_ref().map(|e| e.label.clone()).unwrap_or_default();
            w.write_record([s, fact.predicate.to_string(), fact.object.label(), id.clone(), fact.sentence.clone(), fact.rule.clone()]).unwrap();
        }
    }
}
