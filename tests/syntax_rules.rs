//! Every rule of `ontology/syntax.rules` reads its own examples and none of its counter-examples.

use std::path::Path;

use newsgraph::corpus::Article;
use newsgraph::extract::{extract_with, Stages};
use newsgraph::{FactObject, Knowledge};

fn article(text: &str) -> Article {
    Article::from_text("example", text)
}

#[test]
fn every_syntax_rule_reads_its_examples() {
    let k = Knowledge::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology"))).unwrap();
    assert!(k.deps.rules.len() >= 20, "the rule file is read");
    assert!(k.model().is_some(), "the bundled model loads");
    let mut failures = Vec::new();
    for rule in &k.deps.rules {
        let name = format!("syntax:{}", rule.name);
        for ex in &rule.examples {
            let facts = extract_with(&article(&ex.sentence), &k, Stages { surface: false, syntax: true }).facts;
            let got: Vec<(String, String, String)> = facts
                .iter()
                .filter(|f| f.rule == name || f.rule.strip_suffix("+opposes") == Some(name.as_str()))
                .map(|f| (f.subject.as_ref().map(|e| e.label.clone()).unwrap_or_default(), f.predicate.to_string(), match &f.object {
                    FactObject::Entity(e) => e.label.clone(),
                    FactObject::Count(n) => n.to_string(),
                }))
                .collect();
            match &ex.expect {
                Some(want) if !got.contains(want) => failures.push(format!("{name}: {:?}\n  wanted {want:?}\n  got {got:?}\n{}", ex.sentence, newsgraph::extract::syntax_view(&ex.sentence, &k))),
                None if got.iter().any(|(_, p, _)| *p == rule.predicate.to_string()) => {
                    failures.push(format!("{name}: counter-example {:?} read {got:?}", ex.sentence))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{} failing examples:\n{}", failures.len(), failures.join("\n"));
}
