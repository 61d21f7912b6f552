//! The `newsgraph` command line: parses arguments, calls one function per command, and turns
//! errors into exit codes (0 success, 1 nothing found where that means something, 2 error).

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use newsgraph::corpus::{self, Diagnostic};
use newsgraph::export::{self, RdfKind};
use newsgraph::pipeline::{self, BuildStats};
use newsgraph::query::{self, ResultFormat};
use newsgraph::output::Sink;
use newsgraph::store::Graph;
use newsgraph::{eval, graph, Knowledge};

/// Extraction makes and drops many small strings and vectors per sentence, and start-up builds
/// automata out of many small allocations: mimalloc takes about 15% off extraction's CPU time
/// against the system allocator (BENCHMARKS.md).
///
/// Not with the disk store: Oxigraph's RocksDB binding frees with the process allocator memory
/// that RocksDB's C++ allocated (an error's message), which crashes under another allocator
/// (a damaged store then segfaulted instead of saying so).
#[cfg(not(feature = "rocksdb"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn news articles about a conflict into a knowledge graph with provenance: who leads,
/// backs, fights and calls for what, each fact traceable to its sentence.
///
/// Exit codes: 0 success; 1 nothing found (explain: no such fact); 2 error (bad arguments,
/// missing corpus or store, malformed query, unreadable or non-UTF-8 article: the other
/// articles are still processed and the output still written).
#[derive(Parser, Debug)]
#[command(name = "newsgraph", version, after_help = "Examples:\n  newsgraph ask\n  newsgraph build corpus --store graph.store\n  newsgraph query who-backs-whom --store graph.store\n  newsgraph export --corpus ../shared/corpus --format csv > facts.csv\n  newsgraph graph -o alliances.dot && dot -Tsvg alliances.dot > alliances.svg")]
struct Cli {
    #[command(flatten)]
    source: Source,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct Source {
    /// Extract this folder of .txt articles in memory (default: the bundled corpus/).
    #[arg(long, global = true, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Use (or, for build, write) the store saved in this folder.
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Ontology folder: actors, titles and rules (default: the bundled ontology/).
    #[arg(long, global = true, value_name = "DIR")]
    ontology: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// SPARQL endpoint URL: query, ask, graph and explain ask it instead of a local graph; push
    /// loads into it (its Graph Store URL). Credentials: NEWSGRAPH_ENDPOINT_AUTH=user:password.
    #[arg(long, global = true, value_name = "URL")]
    endpoint: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract a corpus and load it; with --store, save it (updating only changed articles).
    ///
    /// Example: newsgraph build corpus --store graph.store
    Build {
        /// Folder of .txt articles (default: --corpus, else the folder the store mirrors, else
        /// the bundled corpus/).
        corpus: Option<PathBuf>,
        /// Let the store mirror this folder instead of the one it was built from (its articles
        /// are replaced by this folder's).
        #[arg(long)]
        replace: bool,
        /// Build even when the folder holds no readable article, emptying the store.
        #[arg(long)]
        allow_empty: bool,
        /// Kind of a new store: `rocksdb` (on disk, opens in milliseconds; the default of a
        /// newsgraph built with `--features rocksdb`) or `file` (one N-Quads file loaded into
        /// memory; the default otherwise). An existing store keeps its kind.
        #[arg(long, value_enum)]
        store_kind: Option<StoreKind>,
    },
    /// Run a bundled query (by name), a .rq file, or inline SPARQL.
    ///
    /// Example: newsgraph query who-backs-whom --format csv
    Query {
        /// Bundled query name (see `newsgraph ask`), path to a .rq file, or SPARQL text.
        query: String,
        /// Result format.
        #[arg(long, short, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Stop the query after this many seconds (exit 2); 0 for no limit.
        #[arg(long, default_value_t = 60, value_name = "SECONDS")]
        timeout: u64,
        /// Write at most this many result rows.
        #[arg(long, value_name = "N")]
        max_rows: Option<usize>,
    },
    /// Answer every bundled question, in plain words, in an analyst's order (sides and
    /// backers, leaders, calls, events, casualties, contradictions, timeline): each with its
    /// top rows and its total.
    ///
    /// Example: newsgraph ask --limit 5
    Ask {
        /// Rows shown per question.
        #[arg(long, default_value_t = newsgraph::ask::DEFAULT_LIMIT, value_name = "N")]
        limit: usize,
        /// `text` for reading, `json` for tools.
        #[arg(long, short, value_enum, default_value_t = AskFormat::Text)]
        format: AskFormat,
    },
    /// What the articles say about one actor (any known spelling, or a name the articles
    /// introduced): each relation with its articles, outlets, dates and one sentence.
    /// Exit 1 if the graph says nothing about it.
    ///
    /// Example: newsgraph profile Hifter
    Profile {
        /// The actor's name.
        actor: String,
        /// Result format.
        #[arg(long, short, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Write at most this many rows.
        #[arg(long, value_name = "N")]
        max_rows: Option<usize>,
    },
    /// Export the graph (RDF) or the facts table (CSV).
    ///
    /// Example: newsgraph export --format turtle -o graph.ttl
    Export {
        /// Output format.
        #[arg(long, short, value_enum)]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Draw the alliance graph as Graphviz DOT.
    ///
    /// Example: newsgraph graph -o alliances.dot
    Graph {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Only the N actors with the most articles behind their relations, and the 2N
        /// relations among them with the most articles (the report draws 40): what Graphviz
        /// can lay out, and a reader follow, on a large archive.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        top: Option<u32>,
        /// Write here instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a self-contained HTML report (no scripts, no external files): the alliance graph,
    /// sides, who backs whom with evidence and sources, casualty figures, contradictions, timeline.
    ///
    /// Example: newsgraph report -o report.html
    Report {
        /// Write here.
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// Graph layout: Graphviz `dot` when installed (auto), `dot` only, or the built-in one.
        #[arg(long, value_enum, default_value_t = ReportLayout::Auto)]
        layout: ReportLayout,
    },
    /// Show the evidence for one fact: each document, outlet, date, sentence, rule, reporter
    /// and confidence. Names as you would type them, any known spelling. Exit 1 if none.
    ///
    /// Example: newsgraph explain Russia supports Haftar
    Explain {
        /// The subject's name ("Russia", "Hifter").
        subject: String,
        /// A predicate of the vocabulary (supports, leads, opposes, ...).
        predicate: String,
        /// The object's name or concept ("Haftar", "Ceasefire").
        object: String,
    },
    /// Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at http://ADDR/sparql, with
    /// the bundled questions listed at http://ADDR/. Stops on Ctrl-C (SIGINT) or SIGTERM.
    ///
    /// Example: newsgraph serve --store graph.store --bind 127.0.0.1:7878
    Serve {
        /// Address and port to listen on (another address than 127.0.0.1 exposes the graph to
        /// whoever can reach it; port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Stop each query after this many seconds (answered 503); 0 for no limit.
        #[arg(long, default_value_t = 60, value_name = "SECONDS")]
        timeout: u64,
        /// Send at most this many result rows per query.
        #[arg(long, default_value_t = 100_000, value_name = "N")]
        max_rows: usize,
    },
    /// Load the graph into an external SPARQL engine through the SPARQL 1.1 Graph Store HTTP
    /// Protocol: one PUT per article graph, one for the ontology graph and one for the summary graph (pushing twice
    /// changes nothing). Exit 2 if any graph could not be loaded.
    ///
    /// Example: NEWSGRAPH_ENDPOINT_AUTH=dba:dba newsgraph push --store graph.store --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    Push {
        /// Tries after a failed PUT (connection error, timeout, HTTP 5xx or 429).
        #[arg(long, default_value_t = 3, value_name = "N")]
        retries: u32,
    },
    /// Score extraction against a gold file (format: FACTS.md), as shared/eval/score.py does.
    ///
    /// Example: newsgraph eval --gold ../shared/gold/seed.tsv --corpus ../shared/corpus
    Eval {
        /// Gold file (E/F/N lines).
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// List false positives and misses.
        #[arg(long, short)]
        verbose: bool,
        /// Also score each document.
        #[arg(long)]
        docs: bool,
    },
    /// Print how sentences are read, as CoNLL-U: words with their byte spans
    /// (TokenRange=start:end in MISC), part of speech, lemma, head and relation.
    ///
    /// Example: newsgraph parse article.txt; echo "Russia backs Haftar." | newsgraph parse
    Parse {
        /// Text file to read, or - for standard input (the default).
        file: Option<PathBuf>,
        /// The input is tokenized CoNLL-U: keep its words (FORM column), predict the rest.
        #[arg(long)]
        tokenized: bool,
        /// Model file (default: the shipped models/en_ewt.model, or $NEWSGRAPH_MODEL).
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    /// CONSTRUCT and DESCRIBE only.
    Ntriples,
    /// CONSTRUCT and DESCRIBE only.
    Turtle,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum StoreKind {
    File,
    Rocksdb,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ReportLayout {
    Auto,
    Dot,
    Builtin,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum AskFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum GraphFormat {
    Dot,
}

/// Set when an input file had to be skipped: the run finishes, then exits 2.
static INPUT_ERRORS: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let cli = Cli::parse();
    // No panic ends a run with a trace: it is reported in one line, exit code 2.
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| run(cli)).unwrap_or_else(|p| {
        let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
        Err(anyhow::anyhow!("internal error: {msg} (a bug: please report it)"))
    });
    match result {
        Ok(code) if INPUT_ERRORS.load(Ordering::Relaxed) && code == ExitCode::SUCCESS => ExitCode::from(2),
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS; // `| head` closed the pipe: not an error
            }
            eprintln!("newsgraph: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = |io: &io::Error| io.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(pipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if pipe(io)))
            || c.downcast_ref::<query::QueryError>().is_some_and(|q| matches!(q, query::QueryError::Io(io) if pipe(io)))
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Parse { file, tokenized, model } = &cli.command {
        return cmd_parse(file.as_deref(), *tokenized, model.as_deref(), cli.source.quiet);
    }
    if cli.source.endpoint.is_some() && !matches!(cli.command, Command::Query { .. } | Command::Ask { .. } | Command::Graph { .. } | Command::Explain { .. } | Command::Push { .. }) {
        bail!("--endpoint works with query, ask, graph, explain and push");
    }
    if matches!(cli.command, Command::Push { .. }) && cli.source.endpoint.is_none() {
        bail!("push needs --endpoint URL (the engine's Graph Store URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth)");
    }
    // a build, or any command on a corpus read in memory, extracts: the model is read with
    // the ontology rather than on first use
    let extracts = matches!(cli.command, Command::Build { .. }) || (cli.source.store.is_none() && cli.source.endpoint.is_none());
    let k = load_knowledge(&cli.source, extracts)?;
    match cli.command {
        Command::Build { corpus, replace, allow_empty, store_kind } => {
            if matches!(store_kind, Some(StoreKind::Rocksdb)) && !cfg!(feature = "rocksdb") {
                bail!("--store-kind rocksdb needs a newsgraph built with the `rocksdb` feature: `cargo build --release --features rocksdb` (needs libclang, see README)");
            }
            let kind = store_kind.map(|k| match k {
                StoreKind::File => newsgraph::store::Kind::File,
                StoreKind::Rocksdb => newsgraph::store::Kind::Disk,
            });
            cmd_build(&cli.source, corpus, &k, pipeline::BuildOptions { replace, allow_empty, kind })
        }
        Command::Query { query, format, timeout, max_rows } => {
            let limits = query::Limits { timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)), max_rows };
            cmd_query(&cli.source, &k, &query, format, limits)
        }
        Command::Ask { limit, format } => cmd_ask(&cli.source, &k, limit, format),
        Command::Profile { actor, format, max_rows } => cmd_profile(&cli.source, &k, &actor, format, max_rows),
        Command::Export { format, output } => cmd_export(&cli.source, &k, format, output.as_deref()),
        Command::Graph { format: GraphFormat::Dot, top, output } => cmd_graph(&cli.source, &k, top.map(|n| n as usize), output.as_deref()),
        Command::Report { output, layout } => cmd_report(&cli.source, &k, &output, layout),
        Command::Eval { gold, verbose, docs } => cmd_eval(&cli.source, &k, &gold, verbose, docs),
        Command::Explain { subject, predicate, object } => cmd_explain(&cli.source, &k, &subject, &predicate, &object),
        Command::Serve { bind, timeout, max_rows } => {
            let limits = query::Limits { timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)), max_rows: Some(max_rows) };
            cmd_serve(&cli.source, &k, bind, limits)
        }
        Command::Push { retries } => cmd_push(&cli.source, &k, retries),
        Command::Parse { .. } => unreachable!("handled before the knowledge is loaded"),
    }
}

fn load_knowledge(src: &Source, with_model: bool) -> Result<Knowledge> {
    let dir = ontology_dir(src);
    Ok(if with_model { Knowledge::load_with_model(&dir)? } else { Knowledge::load(&dir)? })
}

fn ontology_dir(src: &Source) -> PathBuf {
    src.ontology.clone().unwrap_or_else(Knowledge::default_dir)
}

fn bundled_corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("newsgraph: {}: {d}", if d.skipped { "warning" } else { "note" });
    }
    if diags.iter().any(|d| d.skipped) {
        INPUT_ERRORS.store(true, Ordering::Relaxed);
    }
}

/// A progress bar on stderr for long builds, silent when not a terminal or with --quiet.
fn progress_bar(n: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || n < 200 || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles  {per_sec}  ETA {eta}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn build_in_memory(dir: &Path, k: &Knowledge, quiet: bool) -> Result<(Graph, BuildStats)> {
    let n = corpus::list_files(dir).map(|(f, _)| f.len()).unwrap_or(0);
    let bar = progress_bar(n, quiet);
    let tick = |n: usize| {
        if let Some(b) = &bar {
            b.inc(n as u64)
        }
    };
    let mut diags = Vec::new();
    let out = pipeline::build_streaming(dir, k, &tick, &mut |d| diags.push(d))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    report(&diags);
    Ok(out)
}

/// The graph a reading command works on: --endpoint, else --store, else --corpus, else the
/// bundled corpus.
fn open_graph(src: &Source, k: &Knowledge) -> Result<Graph> {
    open_graph_timeout(src, k, Some(std::time::Duration::from_secs(60)))
}

/// [`open_graph`], an endpoint's requests cut after `timeout`.
fn open_graph_timeout(src: &Source, k: &Knowledge, timeout: Option<std::time::Duration>) -> Result<Graph> {
    if let Some(url) = &src.endpoint {
        return Ok(Graph::remote(newsgraph::remote::Endpoint::new(url, timeout)?)?);
    }
    open_local(src, k)
}

/// --store, else --corpus, else the bundled corpus.
fn open_local(src: &Source, k: &Knowledge) -> Result<Graph> {
    if let (Some(_), Some(_)) = (&src.store, &src.corpus) {
        bail!("give --store or --corpus, not both: a reading command answers from one of them");
    }
    if let Some(store) = &src.store {
        let graph = Graph::open(store)?;
        // a store written before the RDF shape rdf.3 (rule, confidence and ng:end on each fact)
        // would answer as if its facts had no evidence
        if graph.has_predicate(&newsgraph::vocab::ng("end"))? {
            bail!(
                "{}: written by an older newsgraph (facts without ng:reading); rewrite it with `newsgraph build --store {}` (re-extracts every article)",
                store.display(),
                store.display()
            );
        }
        return Ok(graph);
    }
    let dir = src.corpus.clone().unwrap_or_else(bundled_corpus);
    Ok(build_in_memory(&dir, k, src.quiet)?.0)
}

fn cmd_build(src: &Source, corpus: Option<PathBuf>, k: &Knowledge, opts: pipeline::BuildOptions) -> Result<ExitCode> {
    let given = corpus.or(src.corpus.clone());
    let stats = match &src.store {
        Some(store) => {
            let _lock = newsgraph::store::WriteLock::acquire(store)?;
            let dir = pipeline::store_folder(store, given.as_deref(), &bundled_corpus(), opts)?;
            let bar = progress_bar(corpus::list(&dir).map_or(0, |l| l.files.len()), src.quiet);
            let tick = |n: usize| {
                if let Some(b) = &bar {
                    b.inc(n as u64)
                }
            };
            let mut diags = Vec::new();
            let stats = pipeline::build_store(store, &dir, &ontology_dir(src), k, opts, &tick, &mut |d| diags.push(d));
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            report(&diags);
            stats?
        }
        None => build_in_memory(&given.unwrap_or_else(bundled_corpus), k, src.quiet)?.1,
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "articles: {}  facts: {}  quads: {}  (added {}, changed {}, removed {}, unchanged {})",
        stats.articles, stats.facts, stats.quads, stats.added, stats.changed, stats.removed, stats.unchanged
    )
    .context("writing standard output")?;
    if let Some(store) = &src.store {
        writeln!(out, "store: {}", store.display()).context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn result_format(f: QueryFormat) -> ResultFormat {
    match f {
        QueryFormat::Table => ResultFormat::Table,
        QueryFormat::Csv => ResultFormat::Csv,
        QueryFormat::Tsv => ResultFormat::Tsv,
        QueryFormat::Json => ResultFormat::Json,
        QueryFormat::Ntriples => ResultFormat::NTriples,
        QueryFormat::Turtle => ResultFormat::Turtle,
    }
}

fn cmd_query(src: &Source, k: &Knowledge, q: &str, format: QueryFormat, limits: query::Limits) -> Result<ExitCode> {
    let sparql = query::resolve(q, &query::default_dir()).map_err(anyhow::Error::msg)?;
    // parse before any extraction work, so a malformed query fails at once
    newsgraph::store::check_query(&sparql)?;
    let graph = open_graph_timeout(src, k, limits.timeout)?;
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    query::run_limited(&graph, &sparql, result_format(format), &mut w, limits)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_ask(src: &Source, k: &Knowledge, limit: usize, format: AskFormat) -> Result<ExitCode> {
    let bundled = query::bundled(&query::default_dir()).context("reading the bundled queries")?;
    let graph = open_graph(src, k)?;
    let answers = newsgraph::ask::ask(&graph, bundled, limit, Some(std::time::Duration::from_secs(60)))?;
    let mut w = BufWriter::new(io::stdout().lock());
    match format {
        AskFormat::Text => newsgraph::ask::write_text(&answers, &mut w)?,
        AskFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &newsgraph::ask::to_json(&answers))?;
            writeln!(w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_profile(src: &Source, k: &Knowledge, actor: &str, format: QueryFormat, max_rows: Option<usize>) -> Result<ExitCode> {
    let graph = open_graph(src, k)?;
    let iris = name_iris(&graph, k, actor)?;
    let totals = newsgraph::profile::totals(&graph, &iris)?;
    let label = iris.first().and_then(|i| k.index_of_iri(i)).map(|i| k.entity(i).ent.label.clone()).or_else(|| {
        iris.first().and_then(|i| query::label_of(&graph, i).ok().flatten())
    });
    let name = label.unwrap_or_else(|| actor.to_string());
    if totals.facts == 0 {
        eprintln!("newsgraph: the graph says nothing about {name}{}", if iris.is_empty() { " (no actor of that name)" } else { "" });
        return Ok(ExitCode::from(1));
    }
    let mut w = BufWriter::new(io::stdout().lock());
    if matches!(format, QueryFormat::Table) {
        let span = match (totals.first.as_str(), totals.last.as_str()) {
            ("", _) => String::new(),
            (a, b) if a == b => format!(", {a}"),
            (a, b) => format!(", {a} to {b}"),
        };
        writeln!(w, "{name}: {} facts in {} articles from {} outlets{span}\n", totals.facts, totals.articles, totals.outlets)?;
    }
    let limits = query::Limits { max_rows, ..query::Limits::default() };
    query::run_limited(&graph, &newsgraph::profile::profile_query(&iris), result_format(format), &mut w, limits)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Standard output, or FILE written atomically (replaced only once complete).
fn open_output(output: Option<&Path>) -> Result<Sink> {
    Ok(match output {
        Some(p) => Sink::file(p)?,
        None => Sink::stdout(),
    })
}

fn cmd_export(src: &Source, k: &Knowledge, format: ExportFormat, output: Option<&Path>) -> Result<ExitCode> {
    let graph = open_graph(src, k)?;
    let mut w = open_output(output)?;
    match format {
        ExportFormat::Csv => {
            export::write_facts_csv(&graph, &mut w)?;
        }
        ExportFormat::Turtle => _ = export::write_rdf(&graph, RdfKind::Turtle, &mut w)?,
        ExportFormat::Ntriples => _ = export::write_rdf(&graph, RdfKind::NTriples, &mut w)?,
        ExportFormat::Nquads => _ = export::write_rdf(&graph, RdfKind::NQuads, &mut w)?,
    }
    w.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_graph(src: &Source, k: &Knowledge, top: Option<usize>, output: Option<&Path>) -> Result<ExitCode> {
    let graph = open_graph(src, k)?;
    let g = graph::alliance_graph(&graph)?;
    let g = match top.and_then(|n| g.most_documented(n, n.saturating_mul(2))) {
        Some(top) => top,
        None => g,
    };
    let mut w = open_output(output)?;
    w.write_all(graph::to_dot(&g).as_bytes())?;
    w.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_report(src: &Source, k: &Knowledge, output: &Path, layout: ReportLayout) -> Result<ExitCode> {
    use newsgraph::report::{self, Layout};
    let bundled = query::bundled(&query::default_dir()).context("reading the bundled queries")?;
    let graph = open_graph(src, k)?;
    let layout = match layout {
        ReportLayout::Auto => Layout::Auto,
        ReportLayout::Dot => Layout::Graphviz,
        ReportLayout::Builtin => Layout::Builtin,
    };
    let corpus = match (&src.store, &src.corpus) {
        (Some(s), _) => format!("the store {}", s.display()),
        (None, Some(c)) => format!("the folder {}", c.display()),
        (None, None) => "the bundled corpus".to_string(),
    };
    let made = report::Made { corpus, version: env!("CARGO_PKG_VERSION").to_string() };
    let html = report::report(&graph, &bundled, layout, &made)?;
    fs::write(output, html).with_context(|| format!("writing {}", output.display()))?;
    eprintln!("report: {}", output.display());
    Ok(ExitCode::SUCCESS)
}

fn cmd_eval(src: &Source, k: &Knowledge, gold: &Path, verbose: bool, docs: bool) -> Result<ExitCode> {
    let text = fs::read_to_string(gold).with_context(|| format!("reading gold file {}", gold.display()))?;
    let gold = eval::parse_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
    if src.store.is_none() && src.corpus.is_none() {
        bail!("eval needs the articles the gold file describes: give --corpus DIR (or --store DIR)");
    }
    let graph = open_graph(src, k)?;
    let rows = export::fact_rows(&graph)?;
    let sys: Vec<eval::SysFact> = rows
        .iter()
        .filter_map(|r| {
            Some(eval::SysFact {
                doc: r.doc.clone(),
                predicate: newsgraph::vocab::Predicate::from_name(&r.predicate)?,
                subject: r.subject.clone(),
                object: r.object.clone(),
            })
        })
        .collect();
    let (text, _, _) = eval::report(&gold, &sys, verbose, docs);
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// IRIs a typed name may stand for: the ontology's entity, else labels in the graph.
fn name_iris(graph: &Graph, k: &Knowledge, name: &str) -> Result<Vec<String>> {
    if let Some(e) = k.resolve_name(name) {
        return Ok(vec![e.iri.clone()]);
    }
    Ok(query::entities_labelled(graph, name)?)
}

fn cmd_explain(src: &Source, k: &Knowledge, subject: &str, predicate: &str, object: &str) -> Result<ExitCode> {
    let Some(pred) = newsgraph::vocab::Predicate::from_name(predicate).filter(|p| !p.is_casualty()) else {
        bail!("unknown predicate {predicate:?}: use one of leads, memberOf, supports, alliedWith, opposes, urges, callsFor, rejects, condemns, metWith, attacked, captured, withdrewFrom, deniesSupporting");
    };
    let graph = open_graph(src, k)?;
    let subjects = name_iris(&graph, k, subject)?;
    let objects = name_iris(&graph, k, object)?;
    let mut found = Vec::new();
    for s in &subjects {
        for o in &objects {
            found.extend(query::evidence(&graph, s, &pred.iri(), o, pred.is_symmetric())?);
        }
    }
    let label = |iris: &[String], typed: &str| iris.first().and_then(|i| k.index_of_iri(i)).map_or(typed.to_string(), |i| k.entity(i).ent.label.clone());
    let (sl, ol) = (label(&subjects, subject), label(&objects, object));
    let mut w = BufWriter::new(io::stdout().lock());
    if found.is_empty() {
        writeln!(w, "no evidence that {sl} {} {ol} in this graph", pred.name())?;
        w.flush()?;
        return Ok(ExitCode::from(1));
    }
    writeln!(w, "{sl} {} {ol}: {} piece{} of evidence", pred.name(), found.len(), if found.len() == 1 { "" } else { "s" })?;
    for e in &found {
        let date = if e.date.is_empty() { e.published.clone() } else { e.date.clone() };
        writeln!(w, "\n{}  {}  {}  rule {}  confidence {}", e.doc, if e.outlet.is_empty() { "-" } else { &e.outlet }, if date.is_empty() { "-" } else { &date }, e.rule, e.confidence)?;
        if !e.reporter.is_empty() {
            writeln!(w, "  according to {}", e.reporter)?;
        }
        writeln!(w, "  «{}»  bytes {}..{}", e.sentence, e.start, e.end)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_serve(src: &Source, k: &Knowledge, bind: std::net::SocketAddr, limits: query::Limits) -> Result<ExitCode> {
    use newsgraph::serve;
    let graph = open_local(src, k)?;
    let bundled = query::bundled(&query::default_dir()).context("reading the bundled queries")?;
    let config = serve::Config { bind, limits, ..serve::Config::default() };
    let server = serve::Server::bind(graph, config, bundled)?;
    serve::stop_on_signal(&server).context("installing the Ctrl-C handler")?;
    let addr = server.addr();
    if !addr.ip().is_loopback() {
        eprintln!("newsgraph: warning: listening on {addr}: anyone who can reach this address can query the graph");
    }
    let mut out = io::stdout().lock();
    writeln!(out, "SPARQL endpoint: http://{addr}/sparql  (questions: http://{addr}/; Ctrl-C stops)")?;
    out.flush()?;
    drop(out);
    server.run(std::time::Duration::from_secs(10));
    eprintln!("newsgraph: endpoint stopped");
    Ok(ExitCode::SUCCESS)
}

fn cmd_push(src: &Source, k: &Knowledge, retries: u32) -> Result<ExitCode> {
    let url = src.endpoint.as_deref().context("push needs --endpoint URL")?;
    let endpoint = newsgraph::remote::Endpoint::new(url, Some(std::time::Duration::from_secs(300)))?;
    let graph = open_local(src, k)?;
    let graphs = graph.named_graphs()?;
    let bytes: usize = graphs.iter().map(|(_, b)| b.len()).sum();
    let show = !src.quiet;
    let progress = |done: usize, total: usize| {
        if show && (done == total || done % 50 == 0 || io::stderr().is_terminal()) {
            eprint!("\rnewsgraph: pushed {done}/{total} graphs");
            if done == total {
                eprintln!();
            }
        }
    };
    let failures = newsgraph::remote::push(&endpoint, graphs.iter().map(|(g, b)| (g.as_str(), b.clone())), retries, &progress);
    for f in &failures {
        eprintln!("newsgraph: error: graph <{}> not loaded: {}", f.graph, f.error);
    }
    println!("pushed {} of {} graphs ({} bytes of N-Triples) to {url}", graphs.len() - failures.len(), graphs.len(), bytes);
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn cmd_parse(file: Option<&Path>, tokenized: bool, model: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    use newsgraph::syntax::{conllu, Model};
    use rayon::prelude::*;
    let path = model.map(Path::to_path_buf).unwrap_or_else(Model::bundled_path);
    let model = Model::load(&path)?;
    let (name, bytes) = match file {
        None => ("standard input".to_string(), read_stdin()?),
        Some(p) if p == Path::new("-") => ("standard input".to_string(), read_stdin()?),
        Some(p) => (p.display().to_string(), fs::read(p).with_context(|| format!("reading {}", p.display()))?),
    };
    let text = String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("{name} is not UTF-8 (byte {}): convert it first", e.utf8_error().valid_up_to()))?;
    let mut w = BufWriter::new(io::stdout().lock());
    // sentences are parsed on every core a batch at a time and written in their order; a large
    // input shows its progress on a terminal (bytes of text, or sentences of CoNLL-U)
    const BATCH: usize = 512;
    let bar = |total: usize, template: &str| {
        (!quiet && text.len() >= 1 << 20 && io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(indicatif::ProgressStyle::with_template(template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
            bar
        })
    };
    if tokenized {
        let blocks = conllu::read(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let blocks: Vec<_> = blocks.iter().filter(|b| !b.words.is_empty()).collect();
        let bar = bar(blocks.len(), "{bar:40} {pos}/{len} sentences  {per_sec}  ETA {eta}");
        for batch in blocks.chunks(BATCH) {
            let parts: Vec<String> = batch
                .par_iter()
                .map(|b| {
                    let mut out = String::new();
                    conllu::write_block(&mut out, b, &model.analyse_words(&b.forms()));
                    out
                })
                .collect();
            parts.iter().try_for_each(|p| w.write_all(p.as_bytes()))?;
            if let Some(bar) = &bar {
                bar.inc(batch.len() as u64);
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    } else {
        let sentences = newsgraph::text::sentences(&text);
        let bar = bar(text.len(), "{bar:40} {bytes}/{total_bytes}  {bytes_per_sec}  ETA {eta}");
        for (k, batch) in sentences.chunks(BATCH).enumerate() {
            let parts: Vec<String> = batch
                .par_iter()
                .enumerate()
                .map(|(j, s)| {
                    let mut out = String::new();
                    conllu::write_sentence(&mut out, k * BATCH + j + 1, &text, &model.analyse_span(&text, s.start, s.end));
                    out
                })
                .collect();
            parts.iter().try_for_each(|p| w.write_all(p.as_bytes()))?;
            if let (Some(bar), Some(last)) = (&bar, batch.last()) {
                bar.set_position(last.end as u64);
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut buf).context("reading standard input")?;
    Ok(buf)
}
