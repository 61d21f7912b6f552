//! Times a saved store (BENCHMARKS.md, "On-disk store"): opening it, then each bundled
//! question run to its last row (rows counted, nothing printed), in this process.
//!
//! Usage: cargo run --release [--features rocksdb] --example store_open -- STORE [TIMEOUT_S]
use std::path::Path;
use std::time::{Duration, Instant};

use newsgraph::store::{Graph, Kind};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: store_open STORE [TIMEOUT_S]");
        std::process::exit(2);
    };
    let timeout = Duration::from_secs(args.next().and_then(|t| t.parse().ok()).unwrap_or(60));
    let dir = Path::new(&dir);
    let kind = Kind::of(dir).ok().flatten().map_or("none", Kind::name);
    let t = Instant::now();
    let graph = match Graph::open(dir) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("store_open: {e}");
            std::process::exit(2);
        }
    };
    let open = t.elapsed();
    let quads = graph.len().unwrap_or(0);
    println!("| measure | value |\n| --- | --- |");
    println!("| open ({kind} store, {quads} quads) | {:.1} ms |", open.as_secs_f64() * 1e3);
    let queries = newsgraph::query::bundled(&newsgraph::query::default_dir()).expect("the bundled queries");
    for q in queries {
        let t = Instant::now();
        let rows = graph.query_stream(&q.sparql, Some(timeout)).map(|s| s.take_while(|r| r.is_ok()).count());
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match rows {
            Ok(n) => println!("| `{}` ({n} rows) | {ms:.0} ms |", q.name),
            Err(e) => println!("| `{}` | failed after {ms:.0} ms: {e} |", q.name),
        }
    }
}
