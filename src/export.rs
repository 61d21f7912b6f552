//! Exports: RDF (Turtle, N-Triples: all graphs merged; N-Quads: with each article's graph)
//! and the facts table of FACTS.md as CSV. All output is sorted, so two exports of the same
//! input are byte-identical.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::store::{Graph, StoreError};
use crate::vocab;

/// RDF serialisations newsgraph writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RdfKind {
    Turtle,
    NTriples,
    NQuads,
}

const PREFIXES: &[(&str, &str)] = &[
    ("ng", vocab::NG),
    ("ent", vocab::ENT),
    ("doc", vocab::DOC),
    ("fact", vocab::FACT),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("schema", "http://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("wd", "http://www.wikidata.org/entity/"),
];

/// Write the graph as RDF. Returns the number of triples (or quads) written.
pub fn write_rdf(graph: &Graph, kind: RdfKind, w: impl Write) -> Result<usize, std::io::Error> {
    let to_io = |e: StoreError| std::io::Error::other(e.to_string());
    match kind {
        RdfKind::NQuads => {
            let quads = graph.quads().map_err(to_io)?;
            let mut s = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w);
            for q in &quads {
                s.serialize_quad(q)?;
            }
            s.finish()?;
            Ok(quads.len())
        }
        RdfKind::Turtle | RdfKind::NTriples => {
            let triples = graph.triples().map_err(to_io)?;
            let mut ser = RdfSerializer::from_format(if kind == RdfKind::Turtle { RdfFormat::Turtle } else { RdfFormat::NTriples });
            if kind == RdfKind::Turtle {
                for (p, iri) in PREFIXES {
                    ser = ser.with_prefix(*p, *iri).map_err(std::io::Error::other)?;
                }
            }
            let mut s = ser.for_writer(w);
            for t in &triples {
                s.serialize_triple(t)?;
            }
            s.finish()?;
            Ok(triples.len())
        }
    }
}

/// One row of the facts table.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FactRow {
    pub doc: String,
    pub start: u64,
    pub predicate: String,
    pub subject: String,
    pub object: String,
    pub sentence: String,
    pub end: u64,
    pub date: String,
    pub reporter: String,
    pub rule: String,
    pub confidence: String,
    pub subject_iri: String,
    pub object_iri: String,
    pub fact_iri: String,
}

pub const CSV_HEADER: [&str; 14] = [
    "subject", "predicate", "object", "doc", "sentence", "start", "end", "date", "reporter", "rule", "confidence", "subject_iri",
    "object_iri", "fact_iri",
];

fn facts_query() -> String {
    format!(
        r#"PREFIX ng: <{ng}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?f ?s ?sl ?p ?o ?ol ?count ?doc ?sentence ?start ?end ?date ?rl ?rule ?conf WHERE {{
  ?f ng:sentence ?sentence ; prov:wasDerivedFrom ?d ; ng:start ?start ; ng:end ?end ; ng:rule ?rule ; ng:confidence ?conf .
  ?d ng:docId ?doc .
  {{ ?f a ng:Fact ; rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o . ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol }}
  UNION
  {{ ?f a ng:CasualtyFigure ; ng:kind ?p ; ng:count ?count . OPTIONAL {{ ?f rdf:subject ?s . ?s skos:prefLabel ?sl }} }}
  OPTIONAL {{ ?f ng:date ?date }}
  OPTIONAL {{ ?f ng:reporter ?r . ?r skos:prefLabel ?rl }}
}}"#,
        ng = vocab::NG
    )
}

fn value(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The facts table of the graph, sorted by document, sentence, predicate, subject, object.
pub fn fact_rows(graph: &Graph) -> Result<Vec<FactRow>, StoreError> {
    let QueryResults::Solutions(sols) = graph.query(&facts_query())? else { return Ok(Vec::new()) };
    let mut rows = Vec::new();
    for s in sols {
        let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
        let p = value(s.get("p"));
        let object = if s.get("count").is_some() { value(s.get("count")) } else { value(s.get("ol")) };
        rows.push(FactRow {
            doc: value(s.get("doc")),
            start: value(s.get("start")).parse().unwrap_or(0),
            end: value(s.get("end")).parse().unwrap_or(0),
            predicate: p.strip_prefix(vocab::NG).unwrap_or(&p).to_string(),
            subject: value(s.get("sl")),
            object,
            sentence: value(s.get("sentence")),
            date: value(s.get("date")),
            reporter: value(s.get("rl")),
            rule: value(s.get("rule")),
            confidence: value(s.get("conf")),
            subject_iri: value(s.get("s")),
            object_iri: value(s.get("o")),
            fact_iri: value(s.get("f")),
        });
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}

/// Write rows as the facts CSV (RFC 4180, header first).
pub fn write_csv(rows: &[FactRow], w: impl Write) -> Result<(), csv::Error> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for r in rows {
        out.write_record([
            &r.subject,
            &r.predicate,
            &r.object,
            &r.doc,
            &r.sentence,
            &r.start.to_string(),
            &r.end.to_string(),
            &r.date,
            &r.reporter,
            &r.rule,
            &r.confidence,
            &r.subject_iri,
            &r.object_iri,
            &r.fact_iri,
        ])?;
    }
    out.flush()?;
    Ok(())
}
