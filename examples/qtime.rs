//! Times SPARQL queries on a saved store, in process (the store opened once).
//! Usage: cargo run --release --example qtime -- STORE QUERY.rq...   (a bundled name works too)
use std::time::Instant;

use newsgraph::{query, store::Graph};

/// CPU time of this process (all threads: queries run on their own), from /proc, in seconds.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (store, queries) = args.split_first().expect("usage: qtime STORE QUERY...");
    let t = Instant::now();
    let graph = Graph::open(std::path::Path::new(store)).expect("the store opens");
    println!("open {:.2} s", t.elapsed().as_secs_f64());
    for q in queries {
        let sparql = query::resolve(q, &query::default_dir()).expect("a query");
        let (t, c) = (Instant::now(), cpu());
        let limits = query::Limits { timeout: Some(std::time::Duration::from_secs(60)), max_rows: None };
        match query::run_limited(&graph, &sparql, query::ResultFormat::Csv, &mut std::io::sink(), limits) {
            Ok(n) => println!("{q}: {:.3} s ({:.2} s CPU), {n} rows", t.elapsed().as_secs_f64(), cpu() - c),
            Err(e) => println!("{q}: {e} after {:.1} s", t.elapsed().as_secs_f64()),
        }
    }
}
