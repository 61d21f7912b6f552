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
    /// Answer every bundled question, in plain words.
    ///
    /// Example: newsgraph ask
    Ask,
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
        /// Write here instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
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
    let k = load_knowledge(&cli.source)?;
    match cli.command {
        Command::Build { corpus, replace, allow_empty } => cmd_build(&cli.source, corpus, &k, pipeline::BuildOptions { replace, allow_empty }),
        Command::Query { query, format, timeout, max_rows } => {
            let limits = query::Limits { timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)), max_rows };
            cmd_query(&cli.source, &k, &query, format, limits)
        }
        Command::Ask => cmd_ask(&cli.source, &k),
        Command::Export { format, output } => cmd_export(&cli.source, &k, format, output.as_deref()),
        Command::Graph { format: GraphFormat::Dot, output } => cmd_graph(&cli.source, &k, output.as_deref()),
        Command::Eval { gold, verbose, docs } => cmd_eval(&cli.source, &k, &gold, verbose, docs),
        Command::Explain { subject, predicate, object } => cmd_explain(&cli.source, &k, &subject, &predicate, &object),
    }
}

fn load_knowledge(src: &Source) -> Result<Knowledge> {
    Ok(Knowledge::load(&ontology_dir(src))?)
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

/// The graph a reading command works on: --store, else --corpus, else the bundled corpus.
fn open_graph(src: &Source, k: &Knowledge) -> Result<Graph> {
    if let (Some(_), Some(_)) = (&src.store, &src.corpus) {
        bail!("give --store or --corpus, not both: a reading command answers from one of them");
    }
    if let Some(store) = &src.store {
        return Ok(Graph::open(store)?);
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
    let graph = open_graph(src, k)?;
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    query::run_limited(&graph, &sparql, result_format(format), &mut w, limits)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_ask(src: &Source, k: &Knowledge) -> Result<ExitCode> {
    let graph = open_graph(src, k)?;
    let bundled = query::bundled(&query::default_dir()).context("reading the bundled queries")?;
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for b in bundled {
        writeln!(w, "## {}  ({})\n", b.question, b.name)?;
        query::run_limited(&graph, &b.sparql, ResultFormat::Table, &mut w, query::Limits::default()).with_context(|| format!("bundled query {}", b.name))?;
        writeln!(w)?;
    }
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
            let rows = export::fact_rows(&graph)?;
            export::write_csv(&rows, &mut w)?;
        }
        ExportFormat::Turtle => _ = export::write_rdf(&graph, RdfKind::Turtle, &mut w)?,
        ExportFormat::Ntriples => _ = export::write_rdf(&graph, RdfKind::NTriples, &mut w)?,
        ExportFormat::Nquads => _ = export::write_rdf(&graph, RdfKind::NQuads, &mut w)?,
    }
    w.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_graph(src: &Source, k: &Knowledge, output: Option<&Path>) -> Result<ExitCode> {
    let graph = open_graph(src, k)?;
    let g = graph::alliance_graph(&graph)?;
    let mut w = open_output(output)?;
    w.write_all(graph::to_dot(&g).as_bytes())?;
    w.finish()?;
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
