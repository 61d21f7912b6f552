//! Print each sentence of an article as the rules see it (mentions as typed tokens), with the
//! mentions' entities: a tool for writing rules. Usage: cargo run --example masks -- FILE.txt
use newsgraph::{corpus::Article, extract::mask, mentions, Knowledge};

fn main() {
    let path = std::env::args().nth(1).expect("usage: masks FILE.txt");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let k = Knowledge::load(&Knowledge::default_dir()).expect("ontology loads");
    let article = Article::from_text("x", &text);
    let a = mentions::analyse(&article.text, &k);
    for si in 0..a.sentences.len() {
        let m = mask(&article.text, &a, si);
        println!("{}", m.text);
        for (i, mention) in m.mentions.iter().enumerate() {
            println!("    {i}: {:?} -> {}", &text[mention.start..mention.end], a.ents.get(mention.ent).label);
        }
    }
    for f in a.facts {
        println!("mention fact: {} {} {} ({})", a.ents.get(f.subject).label, f.predicate, a.ents.get(f.object).label, f.rule.name());
    }
}
