//! Queries: the bundled questions of `queries/*.rq` (each with a `# question:` header),
//! `.rq` files and inline SPARQL; results written through Oxigraph's own serializers
//! (CSV, TSV, SPARQL JSON) or as a plain-text table.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution};

use crate::store::{Graph, ResultKind, Row, StoreError};
use crate::vocab;

/// A bundled question.
#[derive(Clone, Debug)]
pub struct Bundled {
    pub name: String,
    pub question: String,
    pub sparql: String,
    /// The summary list whose full size is the question's total (a `# total:` header: `ask`
    /// reads it when the question stops at the summary's first 1,000).
    pub total: Option<String>,
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
            let total = sparql.lines().find_map(|l| l.trim().strip_prefix("# total:")).and_then(|t| t.split_whitespace().next()).map(str::to_string);
            out.push(Bundled { name, question, sparql, total });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// What the user asked: a bundled name, a `.rq` file, or inline SPARQL.
/// A bundled name wins over a file of the same name in the working folder (give `./NAME`
/// for the file).
pub fn resolve(arg: &str, dir: &Path) -> Result<String, String> {
    let is_name = !arg.is_empty() && arg.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if is_name && dir.join(format!("{arg}.rq")).is_file() {
        let path = dir.join(format!("{arg}.rq"));
        return fs::read_to_string(&path).map_err(|e| format!("reading bundled query {}: {e}", path.display()));
    }
    if arg.ends_with(".rq") || Path::new(arg).is_file() {
        return fs::read_to_string(arg).map_err(|e| format!("reading query file {arg}: {e}"));
    }
    if is_name {
        return Err({
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
    /// CONSTRUCT and DESCRIBE only.
    NTriples,
    /// CONSTRUCT and DESCRIBE only.
    Turtle,
}

/// Limits on one query run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Stop the query after this long: the evaluation itself is cancelled.
    pub timeout: Option<std::time::Duration>,
    /// Write at most this many rows.
    pub max_rows: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Some(std::time::Duration::from_secs(60)), max_rows: None }
    }
}

/// Rows the table format holds to size its columns; later rows are written as they come,
/// in the same columns, so memory does not grow with the result.
pub const TABLE_HOLD: usize = 1000;

/// Run `sparql` and write its results. Returns the number of solutions (or 1/0 for ASK).
pub fn run(graph: &Graph, sparql: &str, format: ResultFormat, w: &mut dyn Write) -> Result<usize, QueryError> {
    run_limited(graph, sparql, format, w, Limits { timeout: None, max_rows: None })
}

/// Run `sparql` on `graph`, streaming its results to `w` in `format`: the evaluation is
/// stopped after `limits.timeout` ([`StoreError::Timeout`]) and once `limits.max_rows` rows
/// are written; memory is bounded whatever the size of the result. A panic inside the
/// SPARQL engine is an error ([`StoreError::Internal`]), not a crash. Returns the number of
/// rows written (solutions or triples; 1/0 for ASK).
pub fn run_limited(graph: &Graph, sparql: &str, format: ResultFormat, w: &mut dyn Write, limits: Limits) -> Result<usize, QueryError> {
    let cap = limits.max_rows.unwrap_or(usize::MAX);
    let stream = graph.query_stream(sparql, limits.timeout)?;
    let rdf_format = match format {
        ResultFormat::NTriples => Some(oxigraph::io::RdfFormat::NTriples),
        ResultFormat::Turtle => Some(oxigraph::io::RdfFormat::Turtle),
        _ => None,
    };
    match (stream.kind.clone(), rdf_format) {
        (ResultKind::Graph, Some(rdf)) => {
            let mut ser = oxigraph::io::RdfSerializer::from_format(rdf);
            for (p, iri) in [("ent", vocab::ENT), ("ng", vocab::NG), ("doc", vocab::DOC), ("fact", vocab::FACT)] {
                ser = ser.with_prefix(p, iri).map_err(|e| StoreError::Query(e.to_string()))?;
            }
            let mut ser = ser.for_writer(w);
            let mut n = 0;
            for row in stream.take(cap) {
                if let Row::Triple(t) = row? {
                    ser.serialize_triple(&t)?;
                    n += 1;
                }
            }
            ser.finish()?;
            Ok(n)
        }
        (_, Some(_)) => Err(QueryError::Format("--format ntriples and turtle are for CONSTRUCT and DESCRIBE queries; use table, csv, tsv or json".into())),
        (ResultKind::Boolean, None) => {
            let mut b = false;
            for row in stream {
                if let Row::Boolean(v) = row? {
                    b = v;
                }
            }
            match results_format(format) {
                None => writeln!(w, "{b}")?,
                Some(fmt) => _ = QueryResultsSerializer::from_format(fmt).serialize_boolean_to_writer(w, b)?,
            }
            Ok(usize::from(b))
        }
        (kind, None) => {
            // solutions; CONSTRUCT/DESCRIBE triples as solutions of ?subject ?predicate ?object
            let vars: Vec<Variable> = match kind {
                ResultKind::Solutions(v) => v,
                _ => ["subject", "predicate", "object"].into_iter().map(Variable::new_unchecked).collect(),
            };
            let shared: std::sync::Arc<[Variable]> = vars.clone().into();
            let solutions = stream.take(cap).map(|row| {
                row.map(|r| match r {
                    Row::Solution(s) => s,
                    Row::Triple(t) => QuerySolution::from((shared.clone(), vec![Some(Term::from(t.subject)), Some(Term::from(t.predicate)), Some(t.object)])),
                    Row::Boolean(_) => QuerySolution::from((shared.clone(), Vec::new())),
                })
            });
            match results_format(format) {
                None => write_table_streaming(&vars, solutions, w),
                Some(fmt) => {
                    let mut ser = QueryResultsSerializer::from_format(fmt).serialize_solutions_to_writer(w, vars.clone())?;
                    let mut n = 0;
                    for s in solutions {
                        ser.serialize(&s?)?;
                        n += 1;
                    }
                    ser.finish()?;
                    Ok(n)
                }
            }
        }
    }
}

fn results_format(f: ResultFormat) -> Option<QueryResultsFormat> {
    match f {
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        _ => None,
    }
}

/// The table format: the first [`TABLE_HOLD`] rows size the columns, the rest stream.
fn write_table_streaming(vars: &[Variable], rows: impl Iterator<Item = Result<QuerySolution, StoreError>>, w: &mut dyn Write) -> Result<usize, QueryError> {
    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
    let cells = |s: &QuerySolution| -> Vec<String> { vars.iter().map(|v| show(s.get(v))).collect() };
    let mut rows = rows.peekable();
    let mut held = Vec::new();
    while held.len() < TABLE_HOLD {
        match rows.next() {
            Some(s) => held.push(cells(&s?)),
            None => break,
        }
    }
    if rows.peek().is_none() {
        write_table(&header, &held, w)?;
        return Ok(held.len());
    }
    let widths = column_widths(&header, &held);
    let mut n = held.len();
    write_rows(&header, &held, &widths, w)?;
    for s in rows {
        let row = cells(&s?);
        write_line(&row.iter().map(|c| cut_cell(c)).collect::<Vec<_>>(), &widths, w)?;
        n += 1;
    }
    Ok(n)
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Format(String),
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

fn cut_cell(s: &str) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.chars().count() > 70 {
        format!("{}…", s.chars().take(69).collect::<String>())
    } else {
        s
    }
}

fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(cut_cell(c).chars().count());
        }
    }
    widths
}

fn write_line(cells: &[String], widths: &[usize], w: &mut dyn Write) -> std::io::Result<()> {
    let padded: Vec<String> = cells.iter().enumerate().map(|(i, c)| format!("{c:<width$}", width = widths[i])).collect();
    writeln!(w, "{}", padded.join("  ").trim_end())
}

fn write_rows(header: &[String], rows: &[Vec<String>], widths: &[usize], w: &mut dyn Write) -> std::io::Result<()> {
    write_line(header, widths, w)?;
    let rule: Vec<String> = widths.iter().map(|n| "-".repeat(*n)).collect();
    write_line(&rule, widths, w)?;
    for r in rows {
        write_line(&r.iter().map(|c| cut_cell(c)).collect::<Vec<_>>(), widths, w)?;
    }
    Ok(())
}

/// A plain-text table, cells cut at 70 characters.
pub fn write_table(header: &[String], rows: &[Vec<String>], w: &mut dyn Write) -> std::io::Result<()> {
    let widths = column_widths(header, rows);
    write_rows(header, rows, &widths, w)?;
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
SELECT ?doc ?outlet ?published ?date ?sentence ?start ?rule ?reporter ?conf WHERE {{
  {union}
  ?f <{rdfp}> <{predicate}> ; ng:sentence ?sn ; ng:reading ?rd .
  ?rd ng:rule ?rule ; ng:confidence ?conf .
  ?sn ng:text ?sentence ; ng:start ?start ; prov:wasDerivedFrom ?d .
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
        let (sentence, start) = (v("sentence"), v("start").parse().unwrap_or(0));
        out.push(Evidence {
            doc: v("doc"),
            outlet: v("outlet"),
            published: v("published"),
            date: v("date"),
            // the sentence's bytes: its start plus its text's length (no ng:end is stored)
            end: start + sentence.len() as u64,
            sentence,
            start,
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
