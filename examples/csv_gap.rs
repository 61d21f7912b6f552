//! The fact nodes of a disk store that the facts CSV leaves out, each with its quads and the
//! labels of its subject and object (BENCHMARKS.md, "CSV rows vs facts").
//! Usage: cargo run --release --features rocksdb --example csv_gap -- STORE
use std::collections::HashSet;
use oxigraph::model::*;
use oxigraph::store::Store;

fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let version = std::fs::read_to_string(format!("{dir}/rocksdb.current")).unwrap().lines().find_map(|l| l.strip_prefix("version ").map(str::to_string)).unwrap();
    let graph = newsgraph::store::Graph::open(std::path::Path::new(&dir)).unwrap();
    let mut in_csv = HashSet::new();
    newsgraph::export::for_each_fact_row(&graph, |r| { in_csv.insert(r.fact_iri); Ok(()) }).unwrap();
    let store = Store::open_read_only(format!("{dir}/{version}/db")).unwrap();
    let sp = NamedNode::new_unchecked("https://newsgraph.dev/ns#sentence");
    let mut all = 0;
    for q in store.quads_for_pattern(None, Some(sp.as_ref()), None, None) {
        let q = q.unwrap();
        all += 1;
        let f = match &q.subject { NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(), _ => continue };
        if in_csv.contains(&f) { continue; }
        println!("missing {f} in {}", q.graph_name);
        let fnode = NamedNode::new_unchecked(&f);
        for q2 in store.quads_for_pattern(Some(fnode.as_ref().into()), None, None, None) {
            let q2 = q2.unwrap();
            println!("   {} {} {}", q2.predicate, q2.object, q2.graph_name);
            if let Term::NamedNode(o) = &q2.object {
                let labels: Vec<String> = store.quads_for_pattern(Some(o.as_ref().into()), Some(NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel")), None, None).map(|x| x.unwrap().object.to_string()).take(3).collect();
                if q2.predicate.as_str().contains("22-rdf-syntax-ns#subject") || q2.predicate.as_str().contains("#object") { println!("      labels {labels:?}"); }
            }
        }
    }
    println!("fact nodes {all}, in csv {}", in_csv.len());
}
