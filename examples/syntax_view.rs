//! How the rules over syntax see text: each sentence's mentions and parse (CoNLL-U-like
//! columns), then the facts all rules extract from the whole text with the rule that made
//! each. Usage: `echo "Iran backs the Houthis." | cargo run --release --example syntax_view`
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("reading standard input");
    let k = newsgraph::Knowledge::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology"))).expect("loading the ontology");
    print!("{}", newsgraph::extract::syntax_view(&text, &k));
    let a = newsgraph::Article::from_text("stdin", &text);
    for f in newsgraph::extract::extract(&a, &k).facts {
        let s = f.subject.as_ref().map(|e| e.label.clone()).unwrap_or_default();
        println!("FACT {s} / {} / {}   [{}]", f.predicate, f.object.label(), f.rule);
    }
}
