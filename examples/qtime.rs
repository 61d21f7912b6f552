//! Times SPARQL queries on a saved store, in process (the store opened once).
//! Usage: cargo run --release --example qtime -- STORE QUERY.rq...   (a bundled name works too)
use std::time::Instant;

use newsgraph::{query, store::Graph};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (store, queries) = args.split_first().expect("usage: qtime STORE QUERY...");
    let t = Instant::now();
    let graph = Graph::open(std::path::Path::new(store)).expect("the store opens");
    println!("open {:.2} s", t.elapsed().as_secs_f64());
    for q in queries {
        let sparql = query::resolve(q, &query::default_dir()).expect("a query");
        let t = Instant::now();
        let limits = query::Limits { timeout: Some(std::time::Duration::from_secs(60)), max_rows: None };
        match query::run_limited(&graph, &sparql, query::ResultFormat::Csv, &mut std::io::sink(), limits) {
            Ok(n) => println!("{q}: {:.3} s, {n} rows", t.elapsed().as_secs_f64()),
            Err(e) => println!("{q}: {e} after {:.1} s", t.elapsed().as_secs_f64()),
        }
    }
}
