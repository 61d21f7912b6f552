//! Benchmark harness (see BENCHMARKS.md and tools/bench.sh): measures, on one corpus folder,
//! the floor (reading the files; scanning them for the ontology's names with the multi-pattern
//! matcher alone), extraction (one core and all cores), the end-to-end build, Oxigraph alone
//! bulk-loading the same N-Quads, triples per fact, and each bundled query's latency.
//! Prints one Markdown table. Usage: cargo run --release --example bench -- CORPUS_DIR
//! `bench --store STORE` measures a saved store instead: its open time, each bundled query's
//! latency, `ask` (top 10 rows of every question) and each export, in process.
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use newsgraph::{corpus, extract, pipeline, query, store::Graph, Knowledge};

// Not with the disk store (see src/main.rs).
#[cfg(not(feature = "rocksdb"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// CPU seconds (user + system) used so far by the whole process, or by the calling thread:
/// on a machine shared with other jobs, wall time measures the neighbours as much as us.
fn cpu(who: i32) -> f64 {
    // SAFETY: getrusage fills the struct it is given
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut r) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(r.ru_utime) + t(r.ru_stime)
}

fn process_cpu() -> f64 {
    cpu(libc::RUSAGE_SELF)
}

fn thread_cpu() -> f64 {
    cpu(libc::RUSAGE_THREAD)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

fn stats_len(dir: &Path) -> usize {
    corpus::list_files(dir).map(|(f, _)| f.len()).unwrap_or(0)
}

/// Open time, query latencies, `ask` and export times of a saved store.
fn bench_store(store: &Path) {
    let t = Instant::now();
    let graph = Graph::open(store).expect("the store opens");
    let open = t.elapsed();
    let quads = graph.len().expect("count");
    println!("| measure | value |\n| --- | --- |");
    println!("| store open (read graph.nq, check, bulk load) | {:.2} s ({} quads) |", secs(open), quads);
    let bundled = query::bundled(&query::default_dir()).expect("bundled queries");
    for b in &bundled {
        let t = Instant::now();
        let limits = query::Limits { timeout: Some(Duration::from_secs(120)), max_rows: None };
        match query::run_limited(&graph, &b.sparql, query::ResultFormat::Csv, &mut std::io::sink(), limits) {
            Ok(n) => println!("| query `{}` | {:.3} s ({} rows) |", b.name, secs(t.elapsed()), n),
            Err(e) => println!("| query `{}` | failed after {:.1} s: {e} |", b.name, secs(t.elapsed())),
        }
    }
    let t = Instant::now();
    let answers = newsgraph::ask::ask(&graph, bundled, newsgraph::ask::DEFAULT_LIMIT, Some(Duration::from_secs(120)));
    let shown: usize = answers.as_ref().map(|a| a.iter().map(|a| a.rows.len()).sum()).unwrap_or(0);
    println!("| `ask` (every question, top 10 rows) | {:.2} s ({} rows shown) |", secs(t.elapsed()), shown);
    let t = Instant::now();
    let rows = newsgraph::export::write_facts_csv(&graph, std::io::sink()).expect("csv export");
    println!("| export facts CSV | {:.2} s ({} rows) |", secs(t.elapsed()), rows);
    for (name, kind) in [("N-Quads", newsgraph::export::RdfKind::NQuads), ("Turtle", newsgraph::export::RdfKind::Turtle)] {
        let t = Instant::now();
        let n = newsgraph::export::write_rdf(&graph, kind, std::io::sink()).expect("rdf export");
        println!("| export {name} | {:.2} s ({} statements) |", secs(t.elapsed()), n);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--store") {
        return bench_store(Path::new(args.get(2).expect("usage: bench --store STORE")));
    }
    let dir = std::env::args().nth(1).expect("usage: bench CORPUS_DIR | bench --store STORE");
    let dir = Path::new(&dir);
    let load_before = load_average();
    let (t, c) = (Instant::now(), process_cpu());
    let k = Knowledge::load(&Knowledge::default_dir()).expect("ontology loads");
    let (startup, startup_cpu) = (t.elapsed(), process_cpu() - c);
    drop(k);
    // what a build does: the model read alongside the ontology (kept out of the timed passes)
    let (t, c) = (Instant::now(), process_cpu());
    let k = Knowledge::load_with_model(&Knowledge::default_dir()).expect("ontology loads");
    let _ = k.trigger_forms();
    let (startup_model, startup_model_cpu) = (t.elapsed(), process_cpu() - c);
    let cores = rayon::current_num_threads();

    let t = Instant::now();
    let (articles, _) = corpus::read_corpus(dir).expect("corpus reads");
    let read = t.elapsed();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    let t = Instant::now();
    let names: usize = articles.iter().map(|a| k.matcher.find_iter(a.text.as_str()).count()).sum();
    let scan = t.elapsed();

    // one core, on at most 2,000 articles (enough for a stable rate)
    let sample_len = articles.len().min(2000);
    let sample = &articles[..sample_len];
    let sample_mb = sample.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    let sample_scan = {
        let t = Instant::now();
        let n: usize = sample.iter().map(|a| k.matcher.find_iter(a.text.as_str()).count()).sum();
        std::hint::black_box(n);
        t.elapsed()
    };
    let (t, c) = (Instant::now(), thread_cpu());
    let facts1: usize = sample.iter().map(|a| extract(a, &k).facts.len()).sum();
    let (extract1, extract1_cpu) = (t.elapsed(), thread_cpu() - c);

    let (t, c) = (Instant::now(), process_cpu());
    let (sample_mb, sample_scan, extract1) = (sample_mb, sample_scan, extract1);
    let facts_all: usize = articles.par_iter().map(|a| extract(a, &k).facts.len()).sum();
    let (extract_all, extract_all_cpu) = (t.elapsed(), process_cpu() - c);
    // the same sample again on one core: the first pass over new text against a warm one
    let t = Instant::now();
    std::hint::black_box(sample.iter().map(|a| extract(a, &k).facts.len()).sum::<usize>());
    let warm1 = t.elapsed();
    drop(articles);
    if std::env::var_os("BENCH_EXTRACT_ONLY").is_some() {
        println!("| measure | value |\n| --- | --- |");
        println!("| articles / text | {} / {:.1} MB |", stats_len(dir), mb);
        println!("| read floor | {:.3} s ({:.0} MB/s) |", secs(read), mb / secs(read));
        println!("| name-scan floor, one core | {:.3} s ({:.0} MB/s, {} name hits) |", secs(scan), mb / secs(scan), names);
        println!("| extraction, one core ({} articles) | {:.3} s ({:.2} MB/s, first pass; {:.1}× the name scan) |", sample_len, secs(extract1), sample_mb / secs(extract1), secs(extract1) / secs(sample_scan));
        println!("| extraction, one core, CPU time | {:.3} s ({:.2} MB per CPU second) |", extract1_cpu, sample_mb / extract1_cpu);
        println!("| extraction, {} cores | {:.3} s ({:.2} MB/s, {} facts) |", cores, secs(extract_all), mb / secs(extract_all), facts_all);
        println!("| extraction, {} cores, CPU time | {:.3} s ({:.2} MB/s if the {} cores were ours: MB / (CPU s / {})) |", cores, extract_all_cpu, mb / (extract_all_cpu / cores as f64), cores, cores);
        println!("| start-up (load ontology, compile rules) | {:.3} s ({:.3} CPU s) |", secs(startup), startup_cpu);
        println!("| start-up with the model read alongside (what build does) | {:.3} s ({:.3} CPU s) |", secs(startup_model), startup_model_cpu);
        println!("| one core, first pass / second pass over the same articles | {:.2}× ({:.2} MB/s warm) |", secs(extract1) / secs(warm1), sample_mb / secs(warm1));
        println!("| load average before / after | {} / {} |", load_before, load_average());
        return;
    }

    let t = Instant::now();
    let (graph, stats) = pipeline::build_streaming(dir, &k, &|_| {}, &mut |_| {}).expect("build");
    let build = t.elapsed();

    let tmp = std::env::temp_dir().join(format!("newsgraph-bench-{}", std::process::id()));
    graph.save(&tmp, &Default::default()).expect("save");
    let t = Instant::now();
    let reloaded = Graph::open(&tmp).expect("reload");
    let oxigraph_load = t.elapsed();
    drop(reloaded);
    let _ = std::fs::remove_dir_all(&tmp);

    let ontology = pipeline::ontology_quads(&k).len();
    // the summary graph is derived from the others (an index for the questions), not provenance
    let summary = count(&graph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://newsgraph.dev/graph/summary> { ?s ?p ?o } }");
    let per_fact = (stats.quads - ontology - summary) as f64 / stats.facts.max(1) as f64;

    println!("| measure | value |");
    println!("| --- | --- |");
    println!("| articles / text | {} / {:.1} MB |", stats.articles, mb);
    println!("| read floor | {:.3} s ({:.0} MB/s) |", secs(read), mb / secs(read));
    println!("| name-scan floor, one core | {:.3} s ({:.0} MB/s, {} name hits) |", secs(scan), mb / secs(scan), names);
    println!("| extraction, one core ({} articles) | {:.3} s ({:.2} MB/s, first pass; {:.1}× the name scan) |", sample_len, secs(extract1), sample_mb / secs(extract1), secs(extract1) / secs(sample_scan));
    println!("| extraction, {} cores | {:.3} s ({:.2} MB/s, {} facts) |", cores, secs(extract_all), mb / secs(extract_all), facts_all);
    println!("| start-up (load ontology, compile rules) | {:.3} s ({:.3} CPU s) |", secs(startup), startup_cpu);
    println!("| start-up with the model read alongside (what build does) | {:.3} s ({:.3} CPU s) |", secs(startup_model), startup_model_cpu);
    println!("| one core, first pass / second pass over the same articles | {:.2}× ({:.2} MB/s warm) |", secs(extract1) / secs(warm1), sample_mb / secs(warm1));
    println!("| build end to end (read, extract, RDF, bulk load) | {:.3} s |", secs(build));
    println!("| Oxigraph alone bulk-loading the same N-Quads | {:.3} s (build is {:.1}×) |", secs(oxigraph_load), secs(build) / secs(oxigraph_load));
    println!("| facts / quads | {} / {} |", stats.facts, stats.quads);
    println!("| quads per fact (price of provenance; ontology and summary graphs aside) | {:.1} |", per_fact);
    println!("| summary graph | {summary} quads |");
    let _ = facts1;
    for b in query::bundled(&query::default_dir()).expect("bundled queries") {
        let t = Instant::now();
        let n = query::run(&graph, &b.sparql, query::ResultFormat::Csv, &mut std::io::sink()).expect("query runs");
        println!("| query `{}` | {:.3} s ({} rows) |", b.name, secs(t.elapsed()), n);
    }
}

/// The number in the first cell of a one-row `COUNT` query.
fn count(graph: &Graph, q: &str) -> usize {
    match graph.query(q) {
        Ok(oxigraph::sparql::QueryResults::Solutions(mut s)) => s
            .next()
            .and_then(|r| r.ok())
            .and_then(|r| r.get("n").map(|t| t.to_string()))
            .and_then(|t| t.trim_matches('"').split('"').next().map(str::to_string))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        _ => 0,
    }
}
