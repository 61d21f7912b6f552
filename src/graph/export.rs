//! Exports: RDF (Turtle, N-Triples: all graphs merged; N-Quads: with each article's graph)
//! and the facts table of FACTS.md as CSV. All output is sorted, so two exports of the same
//! input are byte-identical, and streamed: memory does not grow with the graph (RDF is sorted
//! in bounded memory by [`crate::sorted`]; the CSV is read one article's graph at a time).

use std::io::Write;

use std::collections::{BTreeMap, HashMap};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Quad, Term, Triple};

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
    ("sentence", vocab::SENTENCE),
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
///
/// Streams: quads are sorted in bounded memory ([`crate::sorted`], temporary runs in the
/// system's temporary folder), so an export of any size needs about as much memory as a small
/// one. The order is the byte order of the N-Quads (N-Triples) lines, duplicates dropped.
pub fn write_rdf(graph: &Graph, kind: RdfKind, w: impl Write) -> Result<usize, std::io::Error> {
    let to_io = |e: StoreError| std::io::Error::other(e.to_string());
    let scratch = std::env::temp_dir();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    let mut n = 0;
    match kind {
        RdfKind::NQuads | RdfKind::NTriples => {
            let lines = if kind == RdfKind::NQuads {
                graph.sorted_quad_lines(&scratch).map_err(to_io)?
            } else {
                let triples = graph.quads_iter().map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object).to_string()));
                crate::sorted::sort_lines(triples, crate::sorted::DEFAULT_BUDGET, &scratch).map_err(to_io)?
            };
            for line in lines {
                w.write_all(line?.as_bytes())?;
                w.write_all(b" .\n")?;
                n += 1;
            }
        }
        RdfKind::Turtle => {
            let triples = graph.quads_iter().map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object).to_string()));
            let lines = crate::sorted::sort_lines(triples, crate::sorted::DEFAULT_BUDGET, &scratch).map_err(to_io)?;
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, iri) in PREFIXES {
                ser = ser.with_prefix(*p, *iri).map_err(std::io::Error::other)?;
            }
            let mut s = ser.for_writer(&mut w);
            for line in lines {
                let mut line = line?;
                line.push_str(" .");
                let t = RdfParser::from_format(RdfFormat::NTriples)
                    .for_slice(line.as_bytes())
                    .next()
                    .ok_or_else(|| std::io::Error::other(format!("no triple in {line}")))?
                    .map_err(std::io::Error::other)?;
                s.serialize_triple(Triple::new(t.subject, t.predicate, t.object).as_ref())?;
                n += 1;
            }
            s.finish()?;
        }
    }
    w.flush()?;
    Ok(n)
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

fn value(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// What one article's graph says about each node: predicate IRI → objects.
type Nodes<'a> = HashMap<String, BTreeMap<&'a str, Vec<&'a Term>>>;

/// What the graph outside an article's says about a node: its preferred label (an entity of
/// the ontology) and its `(rule, confidence)` readings (a reading node of the ontology graph).
pub trait Outside {
    fn label(&mut self, iri: &str) -> Option<String>;
    fn readings(&mut self, iri: &str) -> Vec<(String, String)>;
}

/// The facts table of one article's graph (`doc` its document id), sorted, distinct. Labels of
/// entities and the rule and confidence of readings come from the graph itself (names minted in
/// the article), else from `outside`. A sentence's end is its start plus its text's length in
/// bytes.
pub fn article_rows(doc: &str, quads: &[Quad], outside: &mut dyn Outside) -> Vec<FactRow> {
    let mut nodes: Nodes = HashMap::new();
    for q in quads {
        let key = match &q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        nodes.entry(key).or_default().entry(q.predicate.as_str()).or_default().push(&q.object);
    }
    let sentence_p = vocab::ng("sentence");
    let get = |node: &str, p: &str| -> Vec<&Term> {
        let mut v: Vec<&Term> = nodes.get(node).and_then(|m| m.get(p)).cloned().unwrap_or_default();
        v.sort_by_cached_key(|t| t.to_string());
        v.dedup();
        v
    };
    let label_of = |iri: &str, outside: &mut dyn Outside| -> Option<String> {
        let own = get(iri, vocab::SKOS_PREF);
        match own.first() {
            Some(l) => Some(value(l)),
            None => outside.label(iri),
        }
    };
    let mut rows = Vec::new();
    let (ng_text, ng_start, ng_reading, ng_rule, ng_conf, ng_date, ng_rep, ng_kind, ng_count) =
        (vocab::ng("text"), vocab::ng("start"), vocab::ng("reading"), vocab::ng("rule"), vocab::ng("confidence"), vocab::ng("date"), vocab::ng("reporter"), vocab::ng("kind"), vocab::ng("count"));
    let mut facts: Vec<(&String, &Term)> =
        nodes.iter().filter_map(|(f, m)| m.get(sentence_p.as_str()).map(|v| v.iter().map(move |t| (f, *t)))).flatten().collect();
    facts.sort_by_cached_key(|(f, sn)| ((*f).clone(), sn.to_string()));
    for (f, sn) in facts {
        let Term::NamedNode(sn) = sn else { continue };
        let sn = sn.as_str();
        // the sentence: text, span and the article it comes from must all be there
        let (texts, starts, sources) = (get(sn, &ng_text), get(sn, &ng_start), get(sn, vocab::PROV_DERIVED));
        // the rule and confidence of each reading: in this graph (a reading the ontology graph
        // does not list), else outside it
        let mut provs: Vec<(String, String)> = Vec::new();
        for r in get(f, &ng_reading) {
            let r = value(r);
            let (rules, confs) = (get(&r, &ng_rule), get(&r, &ng_conf));
            if rules.is_empty() || confs.is_empty() {
                provs.extend(outside.readings(&r));
            }
            for rule in &rules {
                for c in &confs {
                    provs.push((value(rule), value(c)));
                }
            }
        }
        provs.sort();
        provs.dedup();
        if texts.is_empty() || starts.is_empty() || sources.is_empty() || provs.is_empty() {
            continue;
        }
        // (predicate, subject label, subject IRI, object, object IRI) readings of the node
        let mut readings: Vec<(String, String, String, String, String)> = Vec::new();
        let predicates = get(f, vocab::RDF_PREDICATE);
        if !predicates.is_empty() {
            for p in &predicates {
                for s in get(f, vocab::RDF_SUBJECT) {
                    for o in get(f, vocab::RDF_OBJECT) {
                        let (s, o) = (value(s), value(o));
                        if let (Some(sl), Some(ol)) = (label_of(&s, outside), label_of(&o, outside)) {
                            readings.push((value(p), sl, s.clone(), ol, o));
                        }
                    }
                }
            }
        } else {
            for k in get(f, &ng_kind) {
                for c in get(f, &ng_count) {
                    let subjects: Vec<(String, String)> =
                        get(f, vocab::RDF_SUBJECT).into_iter().filter_map(|s| label_of(&value(s), outside).map(|l| (l, value(s)))).collect();
                    if subjects.is_empty() {
                        readings.push((value(k), String::new(), String::new(), value(c), String::new()));
                    }
                    for (sl, s) in subjects {
                        readings.push((value(k), sl, s, value(c), String::new()));
                    }
                }
            }
        }
        let dates: Vec<String> = match get(f, &ng_date).as_slice() {
            [] => vec![String::new()],
            ds => ds.iter().map(|d| value(d)).collect(),
        };
        let reporters: Vec<String> = match get(f, &ng_rep).iter().filter_map(|r| label_of(&value(r), outside)).collect::<Vec<_>>() {
            v if v.is_empty() => vec![String::new()],
            v => v,
        };
        let mut spans = Vec::new();
        for t in &texts {
            for a in &starts {
                let (text, start) = (value(t), value(a).parse::<u64>().unwrap_or(0));
                let end = start + text.len() as u64;
                spans.push((text, start, end));
            }
        }
        for (p, sl, s, o, oi) in &readings {
            for (text, start, end) in &spans {
                for (rule, conf) in &provs {
                    for date in &dates {
                        for reporter in &reporters {
                            rows.push(FactRow {
                                doc: doc.to_string(),
                                start: *start,
                                end: *end,
                                predicate: p.strip_prefix(vocab::NG).unwrap_or(p).to_string(),
                                subject: sl.clone(),
                                object: o.clone(),
                                sentence: text.clone(),
                                date: date.clone(),
                                reporter: reporter.clone(),
                                rule: rule.clone(),
                                confidence: conf.clone(),
                                subject_iri: s.clone(),
                                object_iri: oi.clone(),
                                fact_iri: f.clone(),
                            });
                        }
                    }
                }
            }
        }
    }
    rows.sort();
    rows.dedup();
    rows
}

/// Labels and readings from outside an article's graph (the ontology's entities and readings),
/// looked up once each.
struct StoreOutside<'g> {
    graph: &'g Graph,
    labels: HashMap<String, Option<String>>,
    readings: HashMap<String, Vec<(String, String)>>,
}

impl StoreOutside<'_> {
    /// The distinct values of `iri predicate ?o` in any graph, sorted.
    fn values(&self, iri: &str, predicate: &str) -> Vec<String> {
        let mut v: Vec<String> = NamedNode::new(iri).ok().and_then(|n| self.graph.objects(&n, predicate).ok()).unwrap_or_default().iter().map(value).collect();
        v.sort();
        v.dedup();
        v
    }
}

impl Outside for StoreOutside<'_> {
    fn label(&mut self, iri: &str) -> Option<String> {
        if let Some(l) = self.labels.get(iri) {
            return l.clone();
        }
        let l = NamedNode::new(iri).ok().and_then(|n| self.graph.objects(&n, vocab::SKOS_PREF).ok()).and_then(|v| v.first().map(value));
        if self.labels.len() < 1_000_000 {
            self.labels.insert(iri.to_string(), l.clone());
        }
        l
    }
    fn readings(&mut self, iri: &str) -> Vec<(String, String)> {
        if let Some(r) = self.readings.get(iri) {
            return r.clone();
        }
        let (rules, confs) = (self.values(iri, &vocab::ng("rule")), self.values(iri, &vocab::ng("confidence")));
        let r: Vec<(String, String)> = rules.iter().flat_map(|rule| confs.iter().map(move |c| (rule.clone(), c.clone()))).collect();
        if self.readings.len() < 1_000_000 {
            self.readings.insert(iri.to_string(), r.clone());
        }
        r
    }
}

/// Every fact row of the graph, article by article in document-id order (each article's rows
/// sorted): the order of the whole table sorted by document, sentence, predicate, subject,
/// object. Memory holds one article's quads at a time, plus the list of articles.
pub fn for_each_fact_row(graph: &Graph, mut each: impl FnMut(FactRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
    let mut docs: Vec<(String, NamedNode)> = graph.graphs_with(&vocab::ng("docId"))?.into_iter().map(|(g, id)| (value(&id), g)).collect();
    docs.sort();
    docs.dedup();
    let mut outside = StoreOutside { graph, labels: HashMap::new(), readings: HashMap::new() };
    for (id, g) in docs {
        let quads = graph.graph_quads(&g)?;
        for row in article_rows(&id, &quads, &mut outside) {
            each(row)?;
        }
    }
    Ok(())
}

/// The facts table of the graph, sorted by document, sentence, predicate, subject, object
/// (all rows in memory: for small graphs and tests; [`write_facts_csv`] streams).
pub fn fact_rows(graph: &Graph) -> Result<Vec<FactRow>, StoreError> {
    let mut rows = Vec::new();
    for_each_fact_row(graph, |r| {
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Write the facts CSV of the graph as it is read, article by article. Returns the rows written.
pub fn write_facts_csv(graph: &Graph, w: impl Write) -> Result<usize, StoreError> {
    let mut out = csv::Writer::from_writer(w);
    let csv_err = |e: csv::Error| StoreError::Storage(format!("writing the CSV: {e}"));
    out.write_record(CSV_HEADER).map_err(csv_err)?;
    let mut n = 0;
    for_each_fact_row(graph, |r| {
        n += 1;
        write_row(&mut out, &r).map_err(csv_err)
    })?;
    out.flush()?;
    Ok(n)
}

fn write_row<W: Write>(out: &mut csv::Writer<W>, r: &FactRow) -> Result<(), csv::Error> {
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
    ])
}

/// Write rows as the facts CSV (RFC 4180, header first).
pub fn write_csv(rows: &[FactRow], w: impl Write) -> Result<(), csv::Error> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for r in rows {
        write_row(&mut out, r)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal};

    fn n(iri: &str) -> NamedNode {
        NamedNode::new_unchecked(iri)
    }

    /// An article graph with one fact "ENT supports ent:haftar" about an entity the article
    /// minted under `label`, its reading described in the graph itself if `own_reading` (else
    /// the ontology graph's: [`reading`]).
    fn article(doc: &str, label: &str, own_reading: bool) -> Vec<Quad> {
        let g = GraphName::NamedNode(n(&vocab::doc_iri(doc)));
        let (f, s, e) = (n(&vocab::fact_iri(doc)), n(&vocab::sentence_iri(doc)), n(&vocab::entity_iri("organization/iraqi-government")));
        let int = |v: u32| Literal::new_typed_literal(v.to_string(), n(vocab::XSD_INTEGER));
        let q = |s: &NamedNode, p: &str, o: oxigraph::model::Term| Quad::new(s.clone(), n(p), o, g.clone());
        vec![
            q(&n(&vocab::doc_iri(doc)), &vocab::ng("docId"), Literal::new_simple_literal(doc).into()),
            q(&e, vocab::SKOS_PREF, Literal::new_language_tagged_literal_unchecked(label, "en").into()),
            q(&e, &vocab::ng("supports"), n(&vocab::entity_iri("haftar")).into()),
            q(&f, vocab::RDF_SUBJECT, e.clone().into()),
            q(&f, vocab::RDF_PREDICATE, n(&vocab::ng("supports")).into()),
            q(&f, vocab::RDF_OBJECT, n(&vocab::entity_iri("haftar")).into()),
            q(&f, &vocab::ng("sentence"), s.clone().into()),
            q(&f, &vocab::ng("reading"), n(&vocab::reading_iri("supports.verb", "0.80")).into()),
            q(&s, vocab::PROV_DERIVED, n(&vocab::doc_iri(doc)).into()),
            q(&s, &vocab::ng("text"), Literal::new_simple_literal(format!("The {label} backs Haftar.")).into()),
            q(&s, &vocab::ng("start"), int(0).into()),
        ]
        .into_iter()
        .chain(if own_reading { reading(g.clone()) } else { Vec::new() })
        .collect()
    }

    /// The reading `supports.verb` at 0.80, in graph `g`.
    fn reading(g: GraphName) -> Vec<Quad> {
        let r = n(&vocab::reading_iri("supports.verb", "0.80"));
        vec![
            Quad::new(r.clone(), n(&vocab::ng("rule")), Literal::new_simple_literal("supports.verb"), g.clone()),
            Quad::new(r, n(&vocab::ng("confidence")), Literal::new_typed_literal("0.80", n(vocab::XSD_DECIMAL)), g),
        ]
    }

    #[test]
    fn one_row_per_fact_when_articles_spell_a_minted_name_differently() {
        let g = Graph::new().unwrap();
        let haftar = Quad::new(n(&vocab::entity_iri("haftar")), n(vocab::SKOS_PREF), Literal::new_simple_literal("Khalifa Haftar"), crate::store::ontology_graph());
        let outside = reading(crate::store::ontology_graph());
        g.bulk_load(article("b", "Iraqi government", true).into_iter().chain(article("a", "Iraqi Government", false)).chain([haftar]).chain(outside)).unwrap();
        let rows = fact_rows(&g).unwrap();
        // the old union query gave each fact one row per spelling found in any article (4 here)
        let got: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r.doc.as_str(), r.subject.as_str(), r.object.as_str())).collect();
        assert_eq!(got, [("a", "Iraqi Government", "Khalifa Haftar"), ("b", "Iraqi government", "Khalifa Haftar")]);
        assert_eq!((rows[0].start, rows[0].end, rows[0].sentence.as_str()), (0, 34, "The Iraqi Government backs Haftar."));
        // the end is the start plus the text's bytes; the rule and confidence are the reading's,
        // read outside the graph (a) or inside it (b)
        assert_eq!((rows[1].start, rows[1].end, rows[1].sentence.as_str()), (0, 34, "The Iraqi government backs Haftar."));
        for r in &rows {
            assert_eq!((r.rule.as_str(), r.confidence.as_str(), r.predicate.as_str()), ("supports.verb", "0.8", "supports"));
        }
        let mut csv = Vec::new();
        assert_eq!(write_facts_csv(&g, &mut csv).unwrap(), 2);
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 3);
    }

    #[test]
    fn rdf_exports_are_sorted_and_merge_graphs() {
        let g = Graph::new().unwrap();
        g.bulk_load(article("b", "Iraqi government", true).into_iter().chain(article("a", "Iraqi Government", false))).unwrap();
        let text = |kind| {
            let mut out = Vec::new();
            let n = write_rdf(&g, kind, &mut out).unwrap();
            (n, String::from_utf8(out).unwrap())
        };
        let (nq, quads) = text(RdfKind::NQuads);
        assert_eq!(nq, 24);
        let lines: Vec<&str> = quads.lines().collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "N-Quads sorted and distinct");
        // merged: the asserted triple stated by both articles is written once
        let (nt, triples) = text(RdfKind::NTriples);
        assert_eq!(nt, 23);
        assert!(triples.lines().collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]));
        let (ttl, turtle) = text(RdfKind::Turtle);
        assert_eq!(ttl, 23);
        let back: Vec<_> = RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()).collect::<Result<_, _>>().unwrap();
        assert_eq!(back.len(), 23);
    }
}
