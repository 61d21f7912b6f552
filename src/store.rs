//! The store: the only module that touches Oxigraph's database API.
//!
//! Default build: Oxigraph's in-memory store; `--store DIR` saves it as `DIR/graph.nq`
//! (N-Quads, written to a temporary file and renamed, so a killed save leaves the old file)
//! and reloads it with the bulk loader. Queries see the union of all graphs as the default
//! graph, so a query need not know that each article is its own named graph.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
pub use oxigraph::sparql::CancellationToken;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::vocab;

pub const GRAPH_FILE: &str = "graph.nq";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {0} does not exist: build it first with `newsgraph build CORPUS --store {0}`")]
    Missing(PathBuf),
    #[error("store {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("query: {0}")]
    Query(String),
    #[error("malformed query: {0} (check the SPARQL syntax)")]
    Malformed(String),
    #[error("store: {0}")]
    Storage(String),
    #[error("store {path} is in use by another process (pid {pid}); wait for it to finish")]
    InUse { path: PathBuf, pid: u32 },
    #[error("query stopped after {0} s (raise --timeout, or narrow the query)")]
    Timeout(u64),
}

/// An exclusive claim on a store folder for one writer; released when dropped. A claim left by
/// a killed process (its pid no longer running) is taken over.
pub struct WriteLock {
    path: PathBuf,
}

impl WriteLock {
    pub fn acquire(dir: &Path) -> Result<WriteLock, StoreError> {
        let io = |e: std::io::Error| StoreError::Io { path: dir.to_path_buf(), message: e.to_string() };
        fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join("lock");
        for _ in 0..2 {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    write!(f, "{}", std::process::id()).map_err(io)?;
                    return Ok(WriteLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid: u32 = fs::read_to_string(&path).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
                    if pid != 0 && process_alive(pid) {
                        return Err(StoreError::InUse { path: dir.to_path_buf(), pid });
                    }
                    let _ = fs::remove_file(&path); // stale: its writer is gone
                }
                Err(e) => return Err(io(e)),
            }
        }
        Err(StoreError::Io { path: dir.to_path_buf(), message: "could not claim the store's lock file".into() })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid.to_string()).exists()
    } else {
        true // no way to tell: assume the other writer is alive
    }
}

fn storage(e: impl std::fmt::Display) -> StoreError {
    StoreError::Storage(e.to_string())
}

/// The knowledge graph.
pub struct Graph {
    store: Store,
    /// Set for a graph held by an external SPARQL engine: queries go there (`--endpoint`).
    remote: Option<crate::remote::Endpoint>,
}

impl Graph {
    /// An empty in-memory graph.
    pub fn new() -> Result<Graph, StoreError> {
        Ok(Graph { store: Store::new().map_err(storage)?, remote: None })
    }

    /// A graph held by an external SPARQL engine: queries are sent to it; nothing is local.
    pub fn remote(endpoint: crate::remote::Endpoint) -> Result<Graph, StoreError> {
        Ok(Graph { store: Store::new().map_err(storage)?, remote: Some(endpoint) })
    }

    /// Load many quads at once (the bulk path: no per-quad transaction).
    pub fn bulk_load(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        let mut loader = self.store.bulk_loader();
        loader.load_quads(quads).map_err(storage)?;
        loader.commit().map_err(storage)
    }

    /// Replace an article's graph with these quads, in one transaction.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<(), StoreError> {
        let g = NamedNode::new_unchecked(graph);
        let mut tx = self.store.start_transaction().map_err(storage)?;
        tx.remove_named_graph(g.as_ref()).map_err(storage)?;
        tx.extend(quads.iter().map(|q| q.as_ref()));
        tx.commit().map_err(storage)
    }

    /// Remove an article's graph.
    pub fn remove_graph(&self, graph: &str) -> Result<(), StoreError> {
        let g = NamedNode::new_unchecked(graph);
        self.store.remove_named_graph(g.as_ref()).map_err(storage).map(|_| ())
    }

    /// Run a SPARQL query with the union of all graphs as default graph.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, StoreError> {
        self.query_cancellable(sparql, CancellationToken::new())
    }

    /// Like [`Graph::query`]; cancelling `token` stops the evaluation (also while iterating).
    pub fn query_cancellable(&self, sparql: &str, token: CancellationToken) -> Result<QueryResults<'static>, StoreError> {
        if let Some(endpoint) = &self.remote {
            return endpoint.query(sparql).map_err(|e| StoreError::Query(e.to_string()));
        }
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token)
            .parse_query(sparql).map_err(|e| StoreError::Malformed(e.to_string().split_whitespace().collect::<Vec<_>>().join(" ")))?;
        prepared.dataset_mut().set_default_graph_as_union();
        prepared.on_store(&self.store).execute().map_err(|e| StoreError::Query(e.to_string()))
    }

    /// Every quad, sorted (deterministic output).
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut all: Vec<Quad> = self.store.iter().collect::<Result<_, _>>().map_err(storage)?;
        all.sort_by_cached_key(|q| q.to_string());
        Ok(all)
    }

    /// Document id → content hash of every article in the graph.
    pub fn manifest(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut out = BTreeMap::new();
        let p = NamedNode::new_unchecked(vocab::ng("contentHash"));
        let id = NamedNode::new_unchecked(vocab::ng("docId"));
        for q in self.store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            let q = q.map_err(storage)?;
            let (NamedOrBlankNode::NamedNode(doc), Term::Literal(hash)) = (&q.subject, &q.object) else { continue };
            let ids = self.store.quads_for_pattern(Some(doc.as_ref().into()), Some(id.as_ref()), None, None);
            for iq in ids {
                if let Term::Literal(l) = iq.map_err(storage)?.object {
                    out.insert(l.value().to_string(), hash.value().to_string());
                }
            }
        }
        Ok(out)
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(storage)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(storage)
    }

    /// Save to `dir/graph.nq` atomically (temporary file, then rename).
    pub fn save(&self, dir: &Path) -> Result<(), StoreError> {
        let io = |e: std::io::Error| StoreError::Io { path: dir.to_path_buf(), message: e.to_string() };
        fs::create_dir_all(dir).map_err(io)?;
        // temporary files of saves that were killed (the caller holds the write lock)
        for entry in fs::read_dir(dir).map_err(io)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!(".{GRAPH_FILE}.")) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        let tmp = dir.join(format!(".{GRAPH_FILE}.{}.tmp", std::process::id()));
        {
            let file = fs::File::create(&tmp).map_err(io)?;
            let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(BufWriter::new(file));
            for q in self.quads()? {
                w.serialize_quad(&q).map_err(io)?;
            }
            let mut inner = w.finish().map_err(io)?;
            inner.flush().map_err(io)?;
            inner.get_ref().sync_all().map_err(io)?;
        }
        fs::rename(&tmp, dir.join(GRAPH_FILE)).map_err(io)
    }

    /// Open a store saved by [`Graph::save`].
    pub fn open(dir: &Path) -> Result<Graph, StoreError> {
        let path = dir.join(GRAPH_FILE);
        if !path.is_file() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let io = |e: String| StoreError::Io { path: path.clone(), message: e };
        let file = fs::File::open(&path).map_err(|e| io(e.to_string()))?;
        let g = Graph::new()?;
        let mut loader = g.store.bulk_loader();
        loader
            .load_from_reader(RdfParser::from_format(RdfFormat::NQuads), BufReader::new(file))
            .map_err(|e| io(format!("{e} (the store file is damaged: rebuild it)")))?;
        loader.commit().map_err(storage)?;
        Ok(g)
    }

    /// Triples of all graphs merged (a quad's graph dropped, duplicates removed), sorted.
    pub fn triples(&self) -> Result<Vec<oxigraph::model::Triple>, StoreError> {
        let mut t: Vec<_> = self.quads()?.into_iter().map(|q| oxigraph::model::Triple::new(q.subject, q.predicate, q.object)).collect();
        t.sort_by_cached_key(|t| t.to_string());
        t.dedup();
        Ok(t)
    }

    /// Each named graph (sorted by name) with its triples as N-Triples, sorted.
    pub fn named_graphs(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut by_graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for q in self.store.iter() {
            let q = q.map_err(storage)?;
            if let GraphName::NamedNode(g) = &q.graph_name {
                by_graph.entry(g.as_str().to_string()).or_default().push(format!("{} {} {} .\n", q.subject, q.predicate, q.object));
            }
        }
        Ok(by_graph
            .into_iter()
            .map(|(g, mut lines)| {
                lines.sort();
                lines.dedup();
                (g, lines.concat().into_bytes())
            })
            .collect())
    }
}

/// Whether `sparql` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...) rather than a query.
pub fn is_update(sparql: &str) -> bool {
    SparqlEvaluator::new().parse_update(sparql).is_ok()
}

/// Parse a query without running it: a malformed query fails before any work is done.
pub fn check_query(sparql: &str) -> Result<(), StoreError> {
    SparqlEvaluator::new().parse_query(sparql).map(|_| ()).map_err(|e| StoreError::Malformed(e.to_string().split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// The graph name of the ontology's triples.
pub fn ontology_graph() -> GraphName {
    GraphName::NamedNode(NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH))
}
