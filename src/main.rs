use std::path::Path;
fn main() {
    let k = newsgraph::Knowledge::load(&newsgraph::Knowledge::default_dir()).unwrap();
    let dir = std::env::args().nth(1).unwrap();
    let (arts, _) = newsgraph::corpus::read_corpus(Path::new(&dir)).unwrap();
    let mut w = csv::Writer::from_writer(std::io::stdout());
    w.write_record(["subject", "predicate", "object", "doc", "sentence", "rule"]).unwrap();
    for a in &arts {
        for f in newsgraph::extract(a, &k).facts {
            w.write_record([f.subject.map(|e| e.label).unwrap_or_default(), f.predicate.to_string(), f.object.label(), f.doc, f.sentence, f.rule]).unwrap();
        }
    }
}
