//! Try one rule of ontology/rules.tsv on a masked sentence and print every match with its
//! groups: a tool for writing rules. Usage: cargo run --release --example rule -- NAME "<0c> backs <1p>."
use newsgraph::Knowledge;
fn main() {
    let k = Knowledge::load(&Knowledge::default_dir()).unwrap();
    let name = std::env::args().nth(1).unwrap();
    let text = std::env::args().nth(2).unwrap();
    let r = k.rules.iter().find(|r| r.name == name).unwrap();
    let mut at = 0;
    while let Some(c) = r.regex.captures_at(&text, at) {
        println!("match {:?}", c.get(0).unwrap().as_str());
        for g in &r.groups { println!("  {} = {:?}", g.name, c.name(&g.name).map(|m| m.as_str())); }
        at = c.get(0).unwrap().start() + 1;
    }
}
