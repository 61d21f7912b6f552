//! scratch: apply an update to a RocksDB folder and time queries (process CPU and wall)
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::time::Instant;

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let store = Store::open(&args[0]).unwrap();
    for a in &args[1..] {
        let text = std::fs::read_to_string(a).unwrap_or_default();
        let (t, c) = (Instant::now(), cpu());
        if a == "optimize" {
            store.optimize().unwrap();
            println!("optimize {:.3} s wall {:.2} s cpu", t.elapsed().as_secs_f64(), cpu() - c);
            continue;
        }
        if a.ends_with(".ru") {
            SparqlEvaluator::new().parse_update(&text).unwrap().on_store(&store).execute().unwrap();
            println!("{a}: update {:.3} s wall {:.2} s cpu", t.elapsed().as_secs_f64(), cpu() - c);
            continue;
        }
        let explain = std::env::var("EXPLAIN").is_ok();
        let mut q = SparqlEvaluator::new().parse_query(&text).unwrap();
        q.dataset_mut().set_default_graph_as_union();
        let (r, ex) = q.on_store(&store).compute_statistics().explain();
        let n = match r.unwrap() {
            QueryResults::Solutions(s) => s.map(|r| r.unwrap()).count(),
            _ => 0,
        };
        if explain {
            let mut buf = Vec::new();
            ex.write_in_json(&mut buf).unwrap();
            println!("{}", String::from_utf8_lossy(&buf));
        }
        println!("{a}: {n} rows {:.3} s wall {:.2} s cpu", t.elapsed().as_secs_f64(), cpu() - c);
    }
}
