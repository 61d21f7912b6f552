//! The build: articles → facts (in parallel) → quads → the store, fresh or incremental.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::corpus::{self, Article};
use crate::extract::{extract, Extraction};
use crate::knowledge::Knowledge;
use crate::rdf;
use crate::store::{ontology_graph, Graph, StoreError};
use crate::vocab;

/// What a build did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    pub articles: usize,
    pub facts: usize,
    pub quads: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// Extract every article, in parallel, keeping the input order.
pub fn extract_all(articles: &[Article], k: &Knowledge, progress: &(dyn Fn(usize) + Sync)) -> Vec<Extraction> {
    articles
        .par_iter()
        .map(|a| {
            let e = extract(a, k);
            progress(1);
            e
        })
        .collect()
}

/// The ontology's quads, in its own graph.
pub fn ontology_quads(k: &Knowledge) -> Vec<oxigraph::model::Quad> {
    let g = ontology_graph();
    k.quads.iter().map(|q| oxigraph::model::Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), g.clone())).collect()
}

/// A fresh graph of the `.txt` files under `root`, streamed: files are read, extracted (in
/// parallel) and bulk-loaded in batches, so memory holds one batch of text and quads at a time.
/// Files that cannot be used are reported to `diagnostic` and skipped.
pub fn build_streaming(
    root: &std::path::Path,
    k: &Knowledge,
    progress: &(dyn Fn(usize) + Sync),
    diagnostic: &mut dyn FnMut(corpus::Diagnostic),
) -> Result<(Graph, BuildStats), BuildError> {
    let (files, diags) = corpus::list_files(root)?;
    diags.into_iter().for_each(&mut *diagnostic);
    let meta = corpus::read_metadata(root).unwrap_or_else(|d| {
        diagnostic(d);
        Default::default()
    });
    let graph = Graph::new()?;
    let mut stats = BuildStats::default();
    for chunk in files.chunks(BATCH) {
        // one file may hold many articles (JSON Lines, JSON arrays): read files, then extract
        // every article, each step in parallel
        let read: Vec<(Vec<Article>, Vec<corpus::Diagnostic>)> = chunk
            .par_iter()
            .map(|f| {
                let r = corpus::read_articles(root, f, &meta);
                progress(1);
                r
            })
            .collect();
        let mut articles = Vec::new();
        let mut done: Vec<Result<(Article, Extraction), corpus::Diagnostic>> = Vec::new();
        for (a, d) in read {
            articles.extend(a);
            done.extend(d.into_iter().map(Err));
        }
        done.par_extend(articles.into_par_iter().map(|a| {
            let e = extract(&a, k);
            Ok((a, e))
        }));
        let mut quads = Vec::new();
        for r in done {
            match r {
                Ok((a, e)) => {
                    if !a.text.chars().any(char::is_alphanumeric) {
                        diagnostic(corpus::Diagnostic::note(&a.path, "no text (empty or punctuation only): nothing to extract"));
                    }
                    stats.articles += 1;
                    stats.facts += e.facts.len();
                    quads.extend(rdf::article_quads(&a, &e));
                }
                Err(d) => diagnostic(d),
            }
        }
        graph.bulk_load(quads)?;
    }
    stats.added = stats.articles;
    graph.bulk_load(ontology_quads(k))?;
    stats.quads = graph.len()?;
    Ok((graph, stats))
}

/// Articles per batch of a streaming build.
const BATCH: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Bring an existing graph in line with `articles`: re-extract new and changed articles (by
/// content hash), replace their graphs, remove articles no longer present. The result equals
/// a fresh build of the same articles.
pub fn update(graph: &Graph, articles: &[Article], k: &Knowledge, progress: &(dyn Fn(usize) + Sync)) -> Result<BuildStats, StoreError> {
    let old: BTreeMap<String, String> = graph.manifest()?;
    let mut stats = BuildStats { articles: articles.len(), ..BuildStats::default() };
    let todo: Vec<Article> = articles
        .iter()
        .filter(|a| match old.get(&a.id) {
            None => {
                stats.added += 1;
                true
            }
            Some(h) if *h != a.hash => {
                stats.changed += 1;
                true
            }
            Some(_) => {
                stats.unchanged += 1;
                progress(1);
                false
            }
        })
        .cloned()
        .collect();
    let extractions = extract_all(&todo, k, progress);
    for (a, e) in todo.iter().zip(&extractions) {
        graph.replace_graph(&vocab::doc_iri(&a.id), &rdf::article_quads(a, e))?;
    }
    let present: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    for id in old.keys().filter(|id| !present.contains(id.as_str())) {
        graph.remove_graph(&vocab::doc_iri(id))?;
        stats.removed += 1;
    }
    // the ontology may have changed too
    graph.replace_graph(vocab::ONTOLOGY_GRAPH, &ontology_quads(k))?;
    stats.facts = count_facts(graph)?;
    stats.quads = graph.len()?;
    Ok(stats)
}

/// Number of fact and casualty-figure nodes in the graph.
pub fn count_facts(graph: &Graph) -> Result<usize, StoreError> {
    let q = format!(
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f <{}> ?s . ?f <{}> ?d }}",
        vocab::ng("sentence"),
        vocab::PROV_DERIVED
    );
    if let oxigraph::sparql::QueryResults::Solutions(mut sols) = graph.query(&q)? {
        if let Some(Ok(s)) = sols.next() {
            if let Some(oxigraph::model::Term::Literal(l)) = s.get("n") {
                return Ok(l.value().parse().unwrap_or(0));
            }
        }
    }
    Ok(0)
}
