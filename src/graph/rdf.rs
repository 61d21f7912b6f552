//! Facts as RDF 1.1 quads. Each article is a named graph (its IRI) holding, for each fact,
//! the asserted triple (`ent:haftar ng:leads ent:lna`) and a fact node (standard reification:
//! `rdf:subject`, `rdf:predicate`, `rdf:object`; reading, reporter, date) linked by
//! `ng:sentence` to one node per sentence, shared by all the facts read from it: its text, the
//! byte offset of its start and `prov:wasDerivedFrom` the article. Casualty figures are
//! `ng:CasualtyFigure` nodes. The article's own node carries its metadata. Nothing here needs
//! RDF 1.2.
//!
//! Lean on purpose (6 quads a relation fact, asserted triple included, plus its share of a
//! sentence node's 3): no `rdf:type` on fact nodes (`rdf:predicate` marks a relation fact,
//! `ng:kind` a casualty figure; the ontology's domains let RDFS infer `ng:Fact`/`rdf:Statement` and
//! `ng:CasualtyFigure`), `ng:reporter` alone (a sub-property of `prov:wasAttributedTo`), no
//! `ng:end` (the sentence's bytes are `ng:start` plus the UTF-8 length of `ng:text`: the text is
//! the file's bytes exactly), and the rule and confidence as one `ng:reading` link to a node
//! the ontology graph describes once ([`Readings`]: a confidence is a function of the rule,
//! whether an argument is a pronoun or description, and whether the sentence hedges).

use std::collections::HashSet;

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, NamedOrBlankNode, Term};
use sha2::{Digest, Sha256};

use crate::corpus::Article;
use crate::extract::{Extraction, Fact, FactObject};
use crate::knowledge::{Ent, Knowledge};
use crate::vocab::{self, ng};

/// The shape of the quads written for an article: part of every article's fingerprint, so a
/// store written with an older shape is rewritten. Bump it when [`article_quads`] changes.
pub const RDF_VERSION: &str = "rdf.3 (shared readings, sentence nodes without ng:end)";

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

/// The readings (a rule's name and a confidence) a fact can carry: [`crate::extract::possible_readings`]
/// with the confidence written as in the graph. The ontology graph describes each once
/// ([`Readings::quads`]); a fact links to its reading by `ng:reading`. A reading missing from
/// this list (a rule added in code but not listed) is described in the article's own graph
/// instead, so that no fact loses its rule or confidence.
#[derive(Debug, Default)]
pub struct Readings {
    known: HashSet<(String, String)>,
}

/// A confidence as the graph writes it (`xsd:decimal`, two decimals).
pub fn confidence_literal(confidence: f32) -> String {
    format!("{confidence:.2}")
}

impl Readings {
    pub fn of(k: &Knowledge) -> Self {
        let known = crate::extract::possible_readings(k).into_iter().map(|(rule, c)| (rule, confidence_literal(c))).collect();
        Readings { known }
    }
    pub fn contains(&self, rule: &str, confidence: &str) -> bool {
        self.known.contains(&(rule.to_string(), confidence.to_string()))
    }
    pub fn len(&self) -> usize {
        self.known.len()
    }
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
    /// Each reading's rule and confidence, in `graph` (the ontology graph), in a stable order.
    pub fn quads(&self, graph: &GraphName) -> Vec<Quad> {
        let mut known: Vec<&(String, String)> = self.known.iter().collect();
        known.sort();
        let mut sink = Sink { graph: graph.clone(), quads: Vec::with_capacity(2 * known.len()) };
        for (rule, c) in known {
            sink.reading(rule, c);
        }
        sink.quads
    }
}

struct Sink {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Sink {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, node(p), o, self.graph.clone()));
    }
    /// A reading node: its rule and confidence.
    fn reading(&mut self, rule: &str, confidence: &str) {
        let r = node(&vocab::reading_iri(rule, confidence));
        self.add(r.clone(), &ng("rule"), Literal::new_simple_literal(rule));
        self.add(r, &ng("confidence"), Literal::new_typed_literal(confidence, node(vocab::XSD_DECIMAL)));
    }
}

/// The quads of one article: its metadata, minted entities, and every fact with provenance
/// (readings not in `readings` described in the article's graph).
pub fn article_quads(article: &Article, ex: &Extraction, readings: &Readings) -> Vec<Quad> {
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
    let mut unlisted = std::collections::BTreeSet::new();
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
        let confidence = confidence_literal(f.confidence);
        sink.add(fnode.clone(), &ng("reading"), node(&vocab::reading_iri(&f.rule, &confidence)));
        if !readings.contains(&f.rule, &confidence) && unlisted.insert((f.rule.clone(), confidence.clone())) {
            sink.reading(&f.rule, &confidence);
        }
        if let Some(r) = &f.reporter {
            sink.add(fnode.clone(), &ng("reporter"), ent_node(r));
        }
        if let Some(d) = &f.date {
            sink.add(fnode.clone(), &ng("date"), Literal::new_simple_literal(d));
        }
        if sentences.insert((f.start, f.end)) {
            sink.add(snode.clone(), vocab::PROV_DERIVED, doc.clone());
            sink.add(snode.clone(), &ng("text"), Literal::new_simple_literal(&f.sentence));
            // no ng:end: it is start + the text's length in bytes (the text is the span's bytes)
            debug_assert_eq!(f.end, f.start + f.sentence.len());
            sink.add(snode, &ng("start"), Literal::new_typed_literal(f.start.to_string(), node(vocab::XSD_INTEGER)));
        }
    }
    sink.quads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{EntityType, Predicate};

    fn ent(key: &str, label: &str, etype: EntityType) -> Ent {
        Ent { iri: vocab::entity_iri(key), label: label.to_string(), etype }
    }

    /// One article, two facts of one sentence: Egypt and the UAE support Haftar.
    fn two_facts(rule: &str, confidence: f32) -> (Article, Extraction) {
        let text = "Intro. Haftar is supported by Egypt and the UAE.";
        let a = Article::from_text("d", text);
        let (start, end) = (7, text.len());
        let haftar = ent("haftar", "Khalifa Haftar", EntityType::Person);
        let fact = |s: Ent| Fact {
            doc: "d".into(),
            subject: Some(s),
            predicate: Predicate::Supports,
            object: FactObject::Entity(haftar.clone()),
            start,
            end,
            sentence: text[start..end].to_string(),
            rule: rule.into(),
            reporter: None,
            confidence,
            date: None,
        };
        let facts = vec![fact(ent("egypt", "Egypt", EntityType::Country)), fact(ent("uae", "UAE", EntityType::Country))];
        (a, Extraction { facts, ..Default::default() })
    }

    fn has(quads: &[Quad], s: &str, p: &str) -> usize {
        quads.iter().filter(|q| q.subject.to_string() == format!("<{s}>") && q.predicate.as_str() == p).count()
    }

    #[test]
    fn facts_link_to_a_listed_reading_and_share_a_sentence_node_without_an_end() {
        let listed = Readings { known: [("supports.passive".to_string(), "0.72".to_string())].into_iter().collect() };
        let (a, ex) = two_facts("supports.passive", 0.72);
        let quads = article_quads(&a, &ex, &listed);
        let reading = vocab::reading_iri("supports.passive", "0.72");
        let links: Vec<&Quad> = quads.iter().filter(|q| q.predicate.as_str() == ng("reading")).collect();
        assert_eq!(links.len(), 2);
        assert!(links.iter().all(|q| q.object.to_string() == format!("<{reading}>")));
        assert_eq!(has(&quads, &reading, &ng("rule")), 0, "a listed reading is described by the ontology graph only");
        assert!(quads.iter().all(|q| q.predicate.as_str() != ng("end") && q.predicate.as_str() != ng("confidence")));
        // 3 of metadata (type, id, hash), 2 asserted, 2 × 5 fact nodes, 3 for the shared sentence
        assert_eq!(quads.len(), 3 + 2 + 10 + 3);
        let described = listed.quads(&crate::store::ontology_graph());
        assert_eq!(described.len(), 2);
        assert_eq!(has(&described, &reading, &ng("rule")), 1);
    }

    #[test]
    fn a_reading_the_ontology_does_not_list_is_described_in_the_article_once() {
        let (a, ex) = two_facts("made.up", 0.5);
        let quads = article_quads(&a, &ex, &Readings::default());
        let reading = vocab::reading_iri("made.up", "0.50");
        assert_eq!(has(&quads, &reading, &ng("rule")), 1);
        assert_eq!(has(&quads, &reading, &ng("confidence")), 1);
        let conf = quads.iter().find(|q| q.predicate.as_str() == ng("confidence")).unwrap();
        assert_eq!(conf.object, Term::Literal(Literal::new_typed_literal("0.50", node(vocab::XSD_DECIMAL))));
    }
}
