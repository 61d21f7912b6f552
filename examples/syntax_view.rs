//! How the rules over syntax see text: names merged into one word, then the parse.
//! `cargo run --release --example syntax_view < article.txt`
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("reading standard input");
    let k = newsgraph::Knowledge::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology"))).expect("loading the ontology");
    print!("{}", newsgraph::extract::syntax_view(&text, &k));
}
