//! Queries: the bundled questions of `queries/*.rq` (each with a `# question:` header),
//! `.rq` files and inline SPARQL; results written through Oxigraph's own serializers
//! (CSV, TSV, SPARQL JSON) or as a plain-text table.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::store::{Graph, StoreError};
use crate::vocab;

/// A bundled question.
#[derive(Clone, Debug)]
pub struct Bundled {
    pub name: String,
    pub question: String,
    pub sparql: String,
}

/// The folder of bundled queries (`NEWSGRAPH_QUERIES` overrides it).
pub fn default_dir() -> PathBuf {
    std::env::var_os("NEWSGRAPH_QUERIES").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/queries")))
}

/// Every `*.rq` in `dir`, sorted by name.
pub fn bundled(dir: &Path) -> std::io::Result<Vec<Bundled>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rq") {
            let sparql = fs::read_to_string(&path)?;
            let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
            let question = sparql
                .lines()
                .find_map(|l| l.trim().strip_prefix("# question:"))
                .map(|q| q.trim().to_string())
                .unwrap_or_else(|| name.clone());
            out.push(Bundled { name, question, sparql });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// What the user asked: a bundled name, a `.rq` file, or inline SPARQL.
pub fn resolve(arg: &str, dir: &Path) -> Result<String, String> {
    if arg.ends_with(".rq") || Path::new(arg).is_file() {
        return fs::read_to_string(arg).map_err(|e| format!("reading query file {arg}: {e}"));
    }
    if arg.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        let path = dir.join(format!("{arg}.rq"));
        return fs::read_to_string(&path).map_err(|_| {
            let names: Vec<String> = bundled(dir).unwrap_or_default().into_iter().map(|b| b.name).collect();
            format!("no bundled query named {arg:?}; bundled: {}", names.join(", "))
        });
    }
    Ok(arg.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
}

/// Limits on one query run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Stop the query after this long.
    pub timeout: Option<std::time::Duration>,
    /// Write at most this many rows.
    pub max_rows: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Some(std::time::Duration::from_secs(60)), max_rows: None }
    }
}

/// Run `sparql` and write its results. Returns the number of solutions (or 1/0 for ASK).
pub fn run(graph: &Graph, sparql: &str, format: ResultFormat, w: &mut dyn Write) -> Result<usize, QueryError> {
    run_limited(graph, sparql, format, w, Limits { timeout: None, max_rows: None })
}

/// [`run`] with a timeout (the query is cancelled, an error returned) and a row cap.
pub fn run_limited(graph: &Graph, sparql: &str, format: ResultFormat, w: &mut dyn Write, limits: Limits) -> Result<usize, QueryError> {
    let token = crate::store::CancellationToken::new();
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let timer = limits.timeout.map(|t| {
        let token = token.clone();
        std::thread::spawn(move || {
            if wait.recv_timeout(t) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                token.cancel();
            }
        })
    });
    let out = run_with(graph, sparql, format, w, token.clone(), limits.max_rows);
    drop(done);
    if let Some(t) = timer {
        let _ = t.join();
    }
    match out {
        Err(_) if token.is_cancelled() => Err(StoreError::Timeout(limits.timeout.map_or(0, |t| t.as_secs())).into()),
        other => other,
    }
}

fn run_with(graph: &Graph, sparql: &str, format: ResultFormat, w: &mut dyn Write, token: crate::store::CancellationToken, max_rows: Option<usize>) -> Result<usize, QueryError> {
    let cap = max_rows.unwrap_or(usize::MAX);
    let results = graph.query_cancellable(sparql, token)?;
    match results {
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            if format == ResultFormat::Table {
                let mut rows: Vec<Vec<String>> = Vec::new();
                for s in sols.take(cap) {
                    let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
                    rows.push(vars.iter().map(|v| show(s.get(v))).collect());
                }
                let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                write_table(&header, &rows, w)?;
                return Ok(rows.len());
            }
            let fmt = match format {
                ResultFormat::Csv => QueryResultsFormat::Csv,
                ResultFormat::Tsv => QueryResultsFormat::Tsv,
                _ => QueryResultsFormat::Json,
            };
            let mut ser = QueryResultsSerializer::from_format(fmt).serialize_solutions_to_writer(w, vars.clone())?;
            let mut n = 0;
            for s in sols.take(cap) {
                let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
                ser.serialize(&s)?;
                n += 1;
            }
            ser.finish()?;
            Ok(n)
        }
        QueryResults::Boolean(b) => {
            if format == ResultFormat::Table {
                writeln!(w, "{b}")?;
            } else {
                let fmt = match format {
                    ResultFormat::Csv => QueryResultsFormat::Csv,
                    ResultFormat::Tsv => QueryResultsFormat::Tsv,
                    _ => QueryResultsFormat::Json,
                };
                QueryResultsSerializer::from_format(fmt).serialize_boolean_to_writer(w, b)?;
            }
            Ok(usize::from(b))
        }
        QueryResults::Graph(triples) => {
            let mut ser = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NTriples).for_writer(w);
            let mut n = 0;
            for t in triples.take(cap) {
                ser.serialize_triple(&t.map_err(|e| StoreError::Query(e.to_string()))?)?;
                n += 1;
            }
            ser.finish()?;
            Ok(n)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A term as a person reads it: literals by value, IRIs as prefixed names.
pub fn show(t: Option<&Term>) -> String {
    match t {
        None => String::new(),
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => {
            let s = n.as_str();
            for (p, iri) in [("ent:", vocab::ENT), ("ng:", vocab::NG), ("doc:", vocab::DOC), ("fact:", vocab::FACT)] {
                if let Some(rest) = s.strip_prefix(iri) {
                    return format!("{p}{rest}");
                }
            }
            format!("<{s}>")
        }
        Some(other) => other.to_string(),
    }
}

/// A plain-text table, cells cut at 70 characters.
pub fn write_table(header: &[String], rows: &[Vec<String>], w: &mut dyn Write) -> std::io::Result<()> {
    let cut = |s: &str| -> String {
        let s = s.replace(['\n', '\r', '\t'], " ");
        if s.chars().count() > 70 {
            format!("{}…", s.chars().take(69).collect::<String>())
        } else {
            s
        }
    };
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| cut(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String], w: &mut dyn Write| -> std::io::Result<()> {
        let padded: Vec<String> = cells.iter().enumerate().map(|(i, c)| format!("{c:<width$}", width = widths[i])).collect();
        writeln!(w, "{}", padded.join("  ").trim_end())
    };
    line(header, w)?;
    let rule: Vec<String> = widths.iter().map(|n| "-".repeat(*n)).collect();
    line(&rule, w)?;
    for r in &rows {
        line(r, w)?;
    }
    if rows.is_empty() {
        writeln!(w, "(no results)")?;
    }
    Ok(())
}

/// One piece of evidence for a fact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    pub doc: String,
    pub outlet: String,
    pub published: String,
    pub date: String,
    pub sentence: String,
    pub start: u64,
    pub end: u64,
    pub rule: String,
    pub reporter: String,
    pub confidence: String,
}

/// IRIs of entities whose preferred label is `label` (any case) in the graph.
pub fn entities_labelled(graph: &Graph, label: &str) -> Result<Vec<String>, StoreError> {
    let q = format!(
        "SELECT DISTINCT ?e WHERE {{ ?e <{}> ?l . FILTER(LCASE(STR(?l)) = {}) }}",
        vocab::SKOS_PREF,
        oxigraph::model::Literal::new_simple_literal(label.to_lowercase())
    );
    let QueryResults::Solutions(sols) = graph.query(&q)? else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for s in sols {
        if let Some(Term::NamedNode(n)) = s.map_err(|e| StoreError::Query(e.to_string()))?.get("e") {
            out.push(n.as_str().to_string());
        }
    }
    Ok(out)
}

/// Every piece of evidence for `subject predicate object` (IRIs), symmetric predicates both ways.
pub fn evidence(graph: &Graph, subject: &str, predicate: &str, object: &str, symmetric: bool) -> Result<Vec<Evidence>, StoreError> {
    let ng = vocab::NG;
    let pattern = |s: &str, o: &str| format!("{{ ?f <{}> <{s}> ; <{}> <{o}> }}", vocab::RDF_SUBJECT, vocab::RDF_OBJECT);
    let mut union = pattern(subject, object);
    if symmetric {
        union = format!("{union} UNION {}", pattern(object, subject));
    }
    let q = format!(
        r#"PREFIX ng: <{ng}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?doc ?outlet ?published ?date ?sentence ?start ?end ?rule ?reporter ?conf WHERE {{
  {union}
  ?f <{rdfp}> <{predicate}> ; ng:sentence ?sentence ; ng:start ?start ; ng:end ?end ; ng:rule ?rule ;
     ng:confidence ?conf ; prov:wasDerivedFrom ?d .
  ?d ng:docId ?doc .
  OPTIONAL {{ ?d schema:publisher ?outlet }} OPTIONAL {{ ?d schema:datePublished ?published }}
  OPTIONAL {{ ?f ng:date ?date }} OPTIONAL {{ ?f ng:reporter ?r . ?r skos:prefLabel ?reporter }}
}}"#,
        rdfp = vocab::RDF_PREDICATE
    );
    let QueryResults::Solutions(sols) = graph.query(&q)? else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for s in sols {
        let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
        let v = |n: &str| show(s.get(n));
        out.push(Evidence {
            doc: v("doc"),
            outlet: v("outlet"),
            published: v("published"),
            date: v("date"),
            sentence: v("sentence"),
            start: v("start").parse().unwrap_or(0),
            end: v("end").parse().unwrap_or(0),
            rule: v("rule"),
            reporter: v("reporter"),
            confidence: v("conf"),
        });
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The preferred label of an entity in the graph (minted names), if it has one.
pub fn label_of(graph: &Graph, iri: &str) -> Result<Option<String>, StoreError> {
    let Ok(n) = oxigraph::model::NamedNode::new(iri) else { return Ok(None) };
    let q = format!("SELECT ?l WHERE {{ {n} <{}> ?l }} LIMIT 1", vocab::SKOS_PREF);
    let QueryResults::Solutions(mut sols) = graph.query(&q)? else { return Ok(None) };
    match sols.next() {
        Some(s) => Ok(Some(show(s.map_err(|e| StoreError::Query(e.to_string()))?.get("l")))),
        None => Ok(None),
    }
}
