//! Facts as RDF 1.1 quads. Each article is a named graph (its IRI) holding, for each fact,
//! the asserted triple (`ent:haftar ng:leads ent:lna`) and a fact node (standard reification:
//! `rdf:subject`, `rdf:predicate`, `rdf:object`; rule, confidence, reporter, date) linked by
//! `ng:sentence` to one node per sentence, shared by all the facts read from it: its text, byte
//! span and `prov:wasDerivedFrom` the article. Casualty figures are `ng:CasualtyFigure` nodes.
//! The article's own node carries its metadata. Nothing here needs RDF 1.2.
//!
//! Lean on purpose (about 7 quads a relation fact plus its share of a sentence node's 4): no
//! `rdf:type` on fact nodes (`rdf:predicate` marks a relation fact, `ng:kind` a casualty
//! figure; the ontology's domains let RDFS infer `ng:Fact`/`rdf:Statement` and
//! `ng:CasualtyFigure`), and `ng:reporter` alone (a sub-property of `prov:wasAttributedTo`).

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, NamedOrBlankNode, Term};
use sha2::{Digest, Sha256};

use crate::corpus::Article;
use crate::extract::{Extraction, Fact, FactObject};
use crate::knowledge::Ent;
use crate::vocab::{self, ng};

/// The shape of the quads written for an article: part of every article's fingerprint, so a
/// store written with an older shape is rewritten. Bump it when [`article_quads`] changes.
pub const RDF_VERSION: &str = "rdf.2 (sentence nodes, untyped fact nodes)";

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn ent_node(e: &Ent) -> NamedNode {
    node(&e.iri)
}

/// A stable id for a fact: same document, reading and sentence → same IRI.
pub fn fact_id(f: &Fact) -> String {
    let mut h = Sha256::new();
    h.update(f.doc.as_bytes());
    h.update([0]);
    h.update(f.predicate.name().as_bytes());
    h.update([0]);
    h.update(f.subject.as_ref().map_or("", |e| e.iri.as_str()).as_bytes());
    h.update([0]);
    match &f.object {
        FactObject::Entity(e) => h.update(e.iri.as_bytes()),
        FactObject::Count(n) => h.update(n.to_string().as_bytes()),
    }
    h.update(f.start.to_le_bytes());
    h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// A stable id for a sentence: same document and span → same IRI.
pub fn sentence_id(doc: &str, start: usize, end: usize) -> String {
    let mut h = Sha256::new();
    h.update(doc.as_bytes());
    h.update([0]);
    h.update(start.to_le_bytes());
    h.update(end.to_le_bytes());
    h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
}

struct Sink {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Sink {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, node(p), o, self.graph.clone()));
    }
}

/// The quads of one article: its metadata, minted entities, and every fact with provenance.
pub fn article_quads(article: &Article, ex: &Extraction) -> Vec<Quad> {
    let doc = node(&vocab::doc_iri(&article.id));
    let mut sink = Sink { graph: GraphName::NamedNode(doc.clone()), quads: Vec::new() };
    sink.add(doc.clone(), vocab::RDF_TYPE, node(&ng("Article")));
    sink.add(doc.clone(), &ng("docId"), Literal::new_simple_literal(&article.id));
    sink.add(doc.clone(), &ng("contentHash"), Literal::new_simple_literal(&article.hash));
    let meta = &article.meta;
    for (p, v) in [
        (vocab::SCHEMA_HEADLINE, &meta.title),
        (vocab::SCHEMA_PUBLISHER, &meta.outlet),
        (vocab::SCHEMA_DATE_PUBLISHED, &meta.date),
        (vocab::SCHEMA_URL, &meta.url),
    ] {
        if !v.is_empty() {
            sink.add(doc.clone(), p, Literal::new_simple_literal(v));
        }
    }
    // a date read from the text (dateline, URL, "Published" line) when metadata gives none,
    // and in every case where the date came from
    if let (true, Some(p)) = (meta.date.is_empty(), &ex.published) {
        sink.add(doc.clone(), vocab::SCHEMA_DATE_PUBLISHED, Literal::new_simple_literal(p.day.iso()));
    }
    let source = match &ex.published {
        Some(p) if meta.date.is_empty() || crate::dates::parse_iso(&meta.date).is_some() => p.source.clone(),
        _ => meta.date_source.clone(),
    };
    if !source.is_empty() {
        sink.add(doc.clone(), &ng("dateSource"), Literal::new_simple_literal(source));
    }
    for e in &ex.minted {
        sink.add(ent_node(e), vocab::RDF_TYPE, node(&e.etype.iri()));
        sink.add(ent_node(e), vocab::SKOS_PREF, Literal::new_language_tagged_literal_unchecked(&e.label, "en"));
    }
    let mut sentences = std::collections::BTreeSet::new();
    for f in &ex.facts {
        let fnode = node(&vocab::fact_iri(&fact_id(f)));
        let snode = node(&vocab::sentence_iri(&sentence_id(&f.doc, f.start, f.end)));
        match &f.object {
            FactObject::Entity(o) => {
                let s = f.subject.as_ref().expect("relation facts have a subject");
                sink.add(ent_node(s), &f.predicate.iri(), ent_node(o));
                sink.add(fnode.clone(), vocab::RDF_SUBJECT, ent_node(s));
                sink.add(fnode.clone(), vocab::RDF_PREDICATE, node(&f.predicate.iri()));
                sink.add(fnode.clone(), vocab::RDF_OBJECT, ent_node(o));
            }
            FactObject::Count(n) => {
                sink.add(fnode.clone(), &ng("kind"), node(&f.predicate.iri()));
                sink.add(fnode.clone(), &ng("count"), Literal::new_typed_literal(n.to_string(), node(vocab::XSD_INTEGER)));
                if let Some(s) = &f.subject {
                    sink.add(fnode.clone(), vocab::RDF_SUBJECT, ent_node(s));
                }
            }
        }
        sink.add(fnode.clone(), &ng("sentence"), snode.clone());
        sink.add(fnode.clone(), &ng("rule"), Literal::new_simple_literal(&f.rule));
        sink.add(fnode.clone(), &ng("confidence"), Literal::new_typed_literal(format!("{:.2}", f.confidence), node(vocab::XSD_DECIMAL)));
        if let Some(r) = &f.reporter {
            sink.add(fnode.clone(), &ng("reporter"), ent_node(r));
        }
        if let Some(d) = &f.date {
            sink.add(fnode.clone(), &ng("date"), Literal::new_simple_literal(d));
        }
        if sentences.insert((f.start, f.end)) {
            sink.add(snode.clone(), vocab::PROV_DERIVED, doc.clone());
            sink.add(snode.clone(), &ng("text"), Literal::new_simple_literal(&f.sentence));
            sink.add(snode.clone(), &ng("start"), Literal::new_typed_literal(f.start.to_string(), node(vocab::XSD_INTEGER)));
            sink.add(snode, &ng("end"), Literal::new_typed_literal(f.end.to_string(), node(vocab::XSD_INTEGER)));
        }
    }
    sink.quads
}
