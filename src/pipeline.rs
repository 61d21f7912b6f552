//! The build: articles → facts (in parallel) → quads → the store, fresh or incremental.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::corpus::{self, Article};
use crate::extract::{extract, Extraction};
use crate::knowledge::Knowledge;
use crate::rdf;
use crate::store::{ontology_graph, Graph, Kind, Manifest, Staged, StoreError};
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

/// The ontology's quads and the readings facts link to (`rdf::Readings`), in its own graph.
pub fn ontology_quads(k: &Knowledge) -> Vec<oxigraph::model::Quad> {
    let g = ontology_graph();
    let mut quads: Vec<oxigraph::model::Quad> =
        k.quads.iter().map(|q| oxigraph::model::Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), g.clone())).collect();
    quads.extend(k.readings().quads(&g));
    quads
}

/// A fresh graph of the `.txt` files under `root`, streamed: files are read, extracted (in
/// parallel) and bulk-loaded in batches, so memory holds one batch of text and quads at a time.
/// Files that cannot be used are reported to `diagnostic` and skipped.
pub fn build_streaming(
    root: &Path,
    k: &Knowledge,
    progress: &(dyn Fn(usize) + Sync),
    diagnostic: &mut dyn FnMut(corpus::Diagnostic),
) -> Result<(Graph, BuildStats), BuildError> {
    let listing = corpus::list(root)?;
    let meta = read_metadata(root, &listing, diagnostic);
    let graph = Graph::new()?;
    let (stats, _) = load_fresh(&graph, root, &listing.files, &meta, k, "", progress, diagnostic)?;
    let (_, summary) = graph.rebuild_summary()?;
    Ok((graph, BuildStats { quads: stats.quads + summary, ..stats }))
}

fn read_metadata(root: &Path, listing: &corpus::Listing, diagnostic: &mut dyn FnMut(corpus::Diagnostic)) -> BTreeMap<String, corpus::Metadata> {
    listing.diags.iter().cloned().for_each(&mut *diagnostic);
    let (meta, diags) = corpus::read_metadata(root);
    diags.into_iter().for_each(&mut *diagnostic);
    corpus::unknown_metadata_ids(root, &meta, listing.files.iter().map(|(id, _)| id.as_str())).into_iter().for_each(&mut *diagnostic);
    meta
}

/// Extract and bulk-load `files` into the empty `graph` in batches; gives each loaded
/// article's fingerprint.
#[allow(clippy::too_many_arguments)]
fn load_fresh(
    graph: &Graph,
    root: &Path,
    files: &[(String, PathBuf)],
    meta: &BTreeMap<String, corpus::Metadata>,
    k: &Knowledge,
    ontology_digest: &str,
    progress: &(dyn Fn(usize) + Sync),
    diagnostic: &mut dyn FnMut(corpus::Diagnostic),
) -> Result<(BuildStats, BTreeMap<String, String>), BuildError> {
    let mut stats = BuildStats::default();
    let mut fingerprints = BTreeMap::new();
    for chunk in files.chunks(BATCH) {
        // one file may hold many articles (JSON Lines, JSON arrays): read files, then extract
        // every article, each step in parallel
        let read: Vec<(Vec<Article>, Vec<corpus::Diagnostic>)> = chunk
            .par_iter()
            .map(|(id, f)| {
                let r = corpus::read_articles(root, id, f, meta);
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
                    fingerprints.insert(a.id.clone(), fingerprint(&a, ontology_digest));
                    let article = rdf::article_quads(&a, &e, k.readings());
                    stats.quads += distinct(&article);
                    quads.extend(article);
                }
                Err(d) => diagnostic(d),
            }
        }
        graph.bulk_load(quads)?;
    }
    stats.added = stats.articles;
    let ontology = ontology_quads(k);
    stats.quads += distinct(&ontology);
    graph.bulk_load(ontology)?;
    Ok((stats, fingerprints))
}

/// The number of distinct quads in `quads`. Each article is its own named graph, so a fresh
/// graph holds the sum of its articles' counts: no scan of the store is needed.
fn distinct(quads: &[oxigraph::model::Quad]) -> usize {
    quads.iter().collect::<std::collections::HashSet<_>>().len()
}

/// Whether document `doc` is a record (`FILE#KEY`) of the file whose listing id is `file`.
fn is_record_of(doc: &str, file: &str) -> bool {
    doc.strip_prefix(file).is_some_and(|rest| rest.starts_with('#'))
}

/// Articles per batch of a streaming build.
const BATCH: usize = 1000;

/// The version of what extraction does in code: part of every article's fingerprint, so a
/// store built by an older extractor is re-extracted. Bump it when extraction changes.
pub const EXTRACTOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+extract.2");

/// A digest of the ontology folder (every file's name and bytes): part of every article's
/// fingerprint, so a changed ontology re-extracts every article.
pub fn ontology_digest(dir: &Path) -> Result<String, BuildError> {
    let io = |e: std::io::Error| StoreError::Io { path: dir.to_path_buf(), message: e.to_string() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        h.update(corpus::encode_path(Path::new(f.file_name().unwrap_or_default())).as_bytes());
        h.update([0]);
        h.update(std::fs::read(&f).map_err(|e| StoreError::Io { path: f.clone(), message: e.to_string() })?);
        h.update([0]);
    }
    // the rules over syntax read the tagger and parser: a new model is a new extractor
    if let Ok(model) = std::fs::read(crate::syntax::Model::bundled_path()) {
        h.update(b"model\0");
        h.update(model);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// What an article's extraction depends on: its file's bytes, its metadata row, the ontology
/// and the extractor. Equal fingerprints mean equal facts.
pub fn fingerprint(a: &Article, ontology_digest: &str) -> String {
    let mut h = Sha256::new();
    let m = &a.meta;
    for part in [EXTRACTOR_VERSION, crate::rdf::RDF_VERSION, ontology_digest, &a.hash, &m.id, &m.title, &m.outlet, &m.date, &m.url, &m.date_source] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("store {store} mirrors {mirrors}; a build from {given} would replace its articles with that folder's. Build {mirrors} (or give no folder), or add --replace to replace them")]
    OtherFolder { store: PathBuf, mirrors: PathBuf, given: PathBuf },
    #[error("{folder} holds no readable articles: building it would remove all {articles} articles of store {store}. Check the folder (is it mounted?), or add --allow-empty to empty the store")]
    WouldEmpty { store: PathBuf, folder: PathBuf, articles: usize },
    #[error("store {0} does not say which folder it mirrors (its manifest is damaged or missing): give the folder, `newsgraph build DIR --store {0}`")]
    NoFolder(PathBuf),
}

/// What the user allowed a build to do.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildOptions {
    /// Build from another folder than the one the store mirrors.
    pub replace: bool,
    /// Build even when that removes every article of the store.
    pub allow_empty: bool,
    /// The kind of a new store (default [`Kind::DEFAULT`]); an existing store keeps its kind.
    pub kind: Option<Kind>,
}

/// The folder a build into `store` reads: the one given, which must be the folder the store
/// mirrors unless `opts.replace`; else the folder the store mirrors; else `default` for a new
/// store. Call it holding the store's [`crate::store::WriteLock`].
pub fn store_folder(store: &Path, given: Option<&Path>, default: &Path, opts: BuildOptions) -> Result<PathBuf, BuildError> {
    let manifest = match Manifest::read(store) {
        Ok(m) => m,
        Err(StoreError::Damaged { .. }) => {
            return given.map(Path::to_path_buf).ok_or_else(|| BuildError::NoFolder(store.to_path_buf()));
        }
        Err(e) => return Err(e.into()),
    };
    let mirrors = manifest.and_then(|m| m.folder);
    match (given, mirrors) {
        (None, Some(m)) => Ok(m),
        (None, None) if Manifest::read(store)?.is_some() => Err(BuildError::NoFolder(store.to_path_buf())),
        (None, None) => Ok(default.to_path_buf()),
        (Some(g), Some(m)) if !opts.replace && std::fs::canonicalize(g).unwrap_or_else(|_| g.to_path_buf()) != m => {
            Err(BuildError::OtherFolder { store: store.to_path_buf(), mirrors: m, given: g.to_path_buf() })
        }
        (Some(g), _) => Ok(g.to_path_buf()),
    }
}

/// Build the store in `store_dir` from `folder`: incrementally when the store is sound
/// (re-extracting only articles whose fingerprint changed), from scratch when it is new or
/// damaged; then save it with its manifest. An article that exists but cannot be read keeps
/// its facts; a build that would remove every article is refused unless `opts.allow_empty`.
/// The caller holds the store's [`crate::store::WriteLock`].
pub fn build_store(
    store_dir: &Path,
    folder: &Path,
    ontology_dir: &Path,
    k: &Knowledge,
    opts: BuildOptions,
    progress: &(dyn Fn(usize) + Sync),
    diagnostic: &mut dyn FnMut(corpus::Diagnostic),
) -> Result<BuildStats, BuildError> {
    let digest = ontology_digest(ontology_dir)?;
    let listing = corpus::list(folder)?;
    let canonical = std::fs::canonicalize(folder).map_err(|e| corpus::CorpusError::Io { path: folder.to_path_buf(), error: e })?;
    let existing = Kind::of(store_dir)?;
    if let (Some(found), Some(asked)) = (existing, opts.kind) {
        if found != asked {
            return Err(StoreError::OtherKind { path: store_dir.to_path_buf(), found: found.name(), asked: asked.name() }.into());
        }
    }
    let kind = existing.or(opts.kind).unwrap_or(Kind::DEFAULT);
    // what the store holds, read cheaply (a manifest) before any writing
    let old_manifest = match Manifest::read(store_dir) {
        Ok(m) => m,
        Err(e @ StoreError::Damaged { .. }) => {
            diagnostic(corpus::Diagnostic::note(store_dir, format!("{e}: rebuilding it from {}", folder.display())));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let old_articles = old_manifest.as_ref().map_or(0, |m| m.fingerprints.len());
    if listing.files.is_empty() && listing.unreadable.is_empty() && old_articles > 0 && !opts.allow_empty {
        return Err(BuildError::WouldEmpty { store: store_dir.to_path_buf(), folder: folder.to_path_buf(), articles: old_articles });
    }
    let old = match old_manifest {
        None => None,
        Some(_) => match Staged::update(store_dir) {
            Ok(x) => Some(x),
            Err(e @ StoreError::Damaged { .. }) => {
                diagnostic(corpus::Diagnostic::note(store_dir, format!("{e}: rebuilding it from {}", folder.display())));
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    let meta = read_metadata(folder, &listing, diagnostic);
    let (staged, mut stats, fingerprints) = match old {
        Some((staged, m)) => {
            let (stats, fps) = update_from(staged.graph(), &m.fingerprints, &listing, &meta, &digest, k, opts, progress, diagnostic, store_dir, folder)?;
            (staged, stats, fps)
        }
        None => {
            let staged = Staged::fresh(store_dir, kind)?;
            let (stats, fps) = load_fresh(staged.graph(), folder, &listing.files, &meta, k, &digest, progress, diagnostic)?;
            (staged, stats, fps)
        }
    };
    let manifest = Manifest { folder: Some(canonical), fingerprints, quads: stats.quads as u64, ..Manifest::default() };
    stats.quads = staged.commit(&manifest)? as usize; // with the summary graph
    Ok(stats)
}

#[allow(clippy::too_many_arguments)]
fn update_from(
    graph: &Graph,
    old: &BTreeMap<String, String>,
    listing: &corpus::Listing,
    meta: &BTreeMap<String, corpus::Metadata>,
    digest: &str,
    k: &Knowledge,
    opts: BuildOptions,
    progress: &(dyn Fn(usize) + Sync),
    diagnostic: &mut dyn FnMut(corpus::Diagnostic),
    store_dir: &Path,
    folder: &Path,
) -> Result<(BuildStats, BTreeMap<String, String>), BuildError> {
    let mut stats = BuildStats::default();
    let mut fps = BTreeMap::new();
    let mut todo = Vec::new();
    // what exists but cannot be read keeps its facts
    let keep = |id: &str, fps: &mut BTreeMap<String, String>, stats: &mut BuildStats| {
        for (old_id, fp) in old.iter().filter(|(o, _)| o.as_str() == id || is_record_of(o, id) || (id.ends_with('/') && o.starts_with(id))) {
            fps.insert(old_id.clone(), fp.clone());
            stats.unchanged += 1;
            stats.articles += 1;
        }
    };
    for id in &listing.unreadable {
        keep(id, &mut fps, &mut stats);
    }
    for (id, path) in &listing.files {
        let (articles, diags) = corpus::read_articles(folder, id, path, meta);
        let read = articles.into_iter().map(Ok).chain(diags.into_iter().map(Err));
        for r in read {
            match r {
                Ok(a) => {
                    let fp = fingerprint(&a, digest);
                    stats.articles += 1;
                    fps.insert(a.id.clone(), fp.clone());
                    match old.get(&a.id) {
                        Some(o) if *o == fp => {
                            stats.unchanged += 1;
                            progress(1);
                        }
                        Some(_) => {
                            stats.changed += 1;
                            todo.push(a);
                        }
                        None => {
                            stats.added += 1;
                            todo.push(a);
                        }
                    }
                }
                Err(mut d) if d.message.starts_with(corpus::CANNOT_READ) => {
                    if old.contains_key(id) || old.keys().any(|o| is_record_of(o, id)) {
                        d.message.push_str("; its facts from the last build are kept");
                    }
                    diagnostic(d);
                    keep(id, &mut fps, &mut stats);
                }
                Err(d) => diagnostic(d),
            }
        }
    }
    if fps.is_empty() && !old.is_empty() && !opts.allow_empty {
        return Err(BuildError::WouldEmpty { store: store_dir.to_path_buf(), folder: folder.to_path_buf(), articles: old.len() });
    }
    // in batches, so memory holds one batch of extractions however many articles changed
    for batch in todo.chunks(BATCH) {
        let extractions = extract_all(batch, k, progress);
        for (a, e) in batch.iter().zip(&extractions) {
            graph.replace_graph(&vocab::doc_iri(&a.id), &rdf::article_quads(a, e, k.readings()))?;
        }
    }
    for id in old.keys().filter(|id| !fps.contains_key(id.as_str())) {
        graph.remove_graph(&vocab::doc_iri(id))?;
        stats.removed += 1;
    }
    graph.replace_graph(vocab::ONTOLOGY_GRAPH, &ontology_quads(k))?;
    stats.facts = count_facts(graph)?;
    stats.quads = graph.len()?;
    Ok((stats, fps))
}

/// Number of fact and casualty-figure nodes in the graph (each has one `ng:sentence`; the
/// sentence node, not the fact, is `prov:wasDerivedFrom` its article).
pub fn count_facts(graph: &Graph) -> Result<usize, StoreError> {
    let q = format!("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f <{}> ?s }}", vocab::ng("sentence"));
    if let oxigraph::sparql::QueryResults::Solutions(mut sols) = graph.query(&q)? {
        if let Some(Ok(s)) = sols.next() {
            if let Some(oxigraph::model::Term::Literal(l)) = s.get("n") {
                return Ok(l.value().parse().unwrap_or(0));
            }
        }
    }
    Ok(0)
}
