//! The store: the only module that touches Oxigraph's database API.
//!
//! Two kinds of store folder, each saying what it is:
//! - the **file store** (every build): Oxigraph's in-memory store; `--store DIR` saves it as
//!   `DIR/graph.nq` (N-Quads headed by a [`Manifest`], written to a temporary file and renamed,
//!   so a killed save leaves the old file) and reloads it with the bulk loader;
//! - the **disk store** (cargo feature `rocksdb`, [`disk`]): Oxigraph's RocksDB backend, one
//!   folder per version, `DIR/rocksdb.current` naming the current one; opens in milliseconds.
//!
//! Writers go through [`Staged`] (a fresh or updated graph, committed atomically with its
//! manifest) holding the folder's [`WriteLock`]. Queries see the union of all graphs as the
//! default graph, so a query need not know that each article is its own named graph.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};
pub use oxigraph::sparql::CancellationToken;
use oxigraph::model::{Triple, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};
use oxigraph::store::Store;

use sha2::{Digest, Sha256};

use crate::vocab;

#[cfg(feature = "rocksdb")]
pub mod disk;
pub mod summary;

/// The file store's one file.
pub const GRAPH_FILE: &str = "graph.nq";
/// The disk store's marker and pointer to its current version (see [`disk`]).
pub const DISK_FILE: &str = "rocksdb.current";

/// Which kind of store a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `graph.nq`: N-Quads loaded into memory (every build).
    File,
    /// RocksDB on disk (needs the cargo feature `rocksdb`).
    Disk,
}

impl Kind {
    /// The kind of a new store when the user does not choose: on disk when this binary can.
    pub const DEFAULT: Kind = if cfg!(feature = "rocksdb") { Kind::Disk } else { Kind::File };

    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Disk => "rocksdb",
        }
    }

    /// The kind of store in `dir`; `None` when it holds none yet.
    pub fn of(dir: &Path) -> Result<Option<Kind>, StoreError> {
        check_folder(dir)?;
        match (dir.join(GRAPH_FILE).exists(), dir.join(DISK_FILE).exists()) {
            (false, false) => Ok(None),
            (true, false) => Ok(Some(Kind::File)),
            (false, true) => Ok(Some(Kind::Disk)),
            (true, true) => Err(StoreError::Damaged {
                path: dir.to_path_buf(),
                reason: format!("it holds both a file store ({GRAPH_FILE}) and a disk store ({DISK_FILE})"),
            }),
        }
    }

}

#[cfg(feature = "rocksdb")]
fn disk_manifest(dir: &Path) -> Result<Manifest, StoreError> {
    disk::manifest(dir)
}

#[cfg(not(feature = "rocksdb"))]
fn disk_manifest(dir: &Path) -> Result<Manifest, StoreError> {
    Err(StoreError::NoRocksdb(dir.to_path_buf()))
}

#[cfg(feature = "rocksdb")]
fn disk_open(dir: &Path) -> Result<Graph, StoreError> {
    disk::open(dir)
}

#[cfg(not(feature = "rocksdb"))]
fn disk_open(dir: &Path) -> Result<Graph, StoreError> {
    Err(StoreError::NoRocksdb(dir.to_path_buf()))
}

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
    #[error("store {path} is being written by another build{}; run this build when that one has finished", pid.map_or(String::new(), |p| format!(" (pid {p})")))]
    InUse { path: PathBuf, pid: Option<u32> },
    #[error("query stopped after {0} s (raise --timeout, or narrow the query)")]
    Timeout(u64),
    #[error("store {0} is a file, not a folder: --store names the folder that `build --store` writes")]
    NotAFolder(PathBuf),
    #[error("store {path} is damaged ({reason}): rebuild it with `newsgraph build --store {path}`")]
    Damaged { path: PathBuf, reason: String },
    #[error("queries cannot change a store: this is a SPARQL update; change the articles and run `newsgraph build` instead")]
    Update,
    #[error("query nested {0} levels deep: at most {MAX_NESTING} levels of (, {{ and [ are accepted")]
    TooDeep(usize),
    #[error("the SPARQL engine failed on this query ({0}); this is a bug in it, please report the query")]
    Internal(String),
    #[error("store {0} is an on-disk (RocksDB) store, and this newsgraph was built without the `rocksdb` feature: use a newsgraph built with `cargo build --release --features rocksdb` (needs libclang, see README), or build a file store in another folder with `--store-kind file`")]
    NoRocksdb(PathBuf),
    #[error("store {path} is a {found} store; --store-kind {asked} only chooses the kind of a new store: build into another folder")]
    OtherKind { path: PathBuf, found: &'static str, asked: &'static str },
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Storage(e.to_string())
    }
}

/// Deepest nesting of brackets a query may have (checked before parsing).
pub const MAX_NESTING: usize = 500;

/// An exclusive claim on a store folder for one writer: an OS lock (`flock`) on `STORE/lock`,
/// which the kernel releases when the process ends, however it ends. The file itself stays;
/// it holds the pid of the last writer, for messages only.
pub struct WriteLock {
    _file: fs::File,
}

impl WriteLock {
    pub fn acquire(dir: &Path) -> Result<WriteLock, StoreError> {
        let io = |e: std::io::Error| StoreError::Io { path: dir.to_path_buf(), message: e.to_string() };
        check_folder(dir)?;
        fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join("lock");
        let mut file = fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let pid = fs::read_to_string(&path).ok().and_then(|s| s.trim().parse().ok());
                return Err(StoreError::InUse { path: dir.to_path_buf(), pid });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        Ok(WriteLock { _file: file })
    }
}

/// A path given as a store must be a folder (or not exist yet).
pub fn check_folder(dir: &Path) -> Result<(), StoreError> {
    if dir.exists() && !dir.is_dir() {
        return Err(StoreError::NotAFolder(dir.to_path_buf()));
    }
    Ok(())
}

/// What a complete store holds besides its quads: the corpus folder it mirrors, each article's
/// fingerprint (what its extraction depended on), and the number and checksum of its quad
/// lines, checked on every open. Written as comment lines at the head of `graph.nq`, so it is
/// replaced by the same atomic rename as the quads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub folder: Option<PathBuf>,
    /// Document id → fingerprint.
    pub fingerprints: BTreeMap<String, String>,
    pub quads: u64,
    /// SHA-256 of the quad lines, hex.
    pub checksum: String,
}

const MAGIC: &str = "# newsgraph store 1";

impl Manifest {
    /// Read only the manifest of the store in `dir` (fast: the quads are not read). `Ok(None)`
    /// when there is no store yet.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, StoreError> {
        match Kind::of(dir)? {
            None => return Ok(None),
            Some(Kind::Disk) => return disk_manifest(dir).map(Some),
            Some(Kind::File) => {}
        }
        let path = dir.join(GRAPH_FILE);
        let file = fs::File::open(&path).map_err(|e| StoreError::Io { path: path.clone(), message: e.to_string() })?;
        Manifest::read_header(dir, &mut BufReader::new(file)).map(Some)
    }

    fn read_header(dir: &Path, r: &mut impl BufRead) -> Result<Manifest, StoreError> {
        let damaged = |reason: &str| StoreError::Damaged { path: dir.to_path_buf(), reason: reason.to_string() };
        let mut m = Manifest::default();
        let mut line = String::new();
        let mut first = true;
        loop {
            line.clear();
            if r.read_line(&mut line).map_err(|e| damaged(&e.to_string()))? == 0 {
                return Err(damaged("its manifest is cut short"));
            }
            let l = line.trim_end_matches('\n');
            if first {
                if l != MAGIC {
                    return Err(damaged("no manifest: written by an older newsgraph, or not a newsgraph store"));
                }
                first = false;
                continue;
            }
            let Some(rest) = l.strip_prefix("# ") else { return Err(damaged("its manifest is cut short")) };
            let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
            match key {
                "folder" => m.folder = Some(crate::corpus::decode_path(value)),
                "doc" => {
                    let (fp, id) = value.split_once(' ').ok_or_else(|| damaged("bad manifest line"))?;
                    m.fingerprints.insert(id.to_string(), fp.to_string());
                }
                "quads" => m.quads = value.trim().parse().map_err(|_| damaged("bad manifest line"))?,
                "sha256" => m.checksum = value.trim().to_string(),
                "end" => return Ok(m),
                _ => return Err(damaged("bad manifest line")),
            }
        }
    }

    fn write_header(&self, w: &mut impl Write) -> std::io::Result<()> {
        writeln!(w, "{MAGIC}")?;
        if let Some(f) = &self.folder {
            writeln!(w, "# folder {}", crate::corpus::encode_path(f))?;
        }
        for (id, fp) in &self.fingerprints {
            writeln!(w, "# doc {fp} {id}")?;
        }
        Ok(())
    }
}

/// Counts and hashes the bytes passing through (the quad lines of a store file).
struct Checked<T> {
    inner: T,
    lines: u64,
    hash: Sha256,
}

impl<T> Checked<T> {
    fn new(inner: T) -> Self {
        Checked { inner, lines: 0, hash: Sha256::new() }
    }
    fn note(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
        self.lines += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    fn checksum(&self) -> String {
        self.hash.clone().finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn storage(e: impl std::fmt::Display) -> StoreError {
    StoreError::Storage(e.to_string())
}

/// The knowledge graph.
pub struct Graph {
    store: Store,
    /// Set for a graph held by an external SPARQL engine: queries go there (`--endpoint`).
    remote: Option<std::sync::Arc<crate::remote::Endpoint>>,
    /// The number of quads when known without a scan (a disk store opened for reading).
    count: Option<usize>,
}

impl Graph {
    /// An empty in-memory graph.
    pub fn new() -> Result<Graph, StoreError> {
        Ok(Graph { store: Store::new().map_err(storage)?, remote: None, count: None })
    }

    /// A graph held by an external SPARQL engine: queries are sent to it; nothing is local.
    pub fn remote(endpoint: crate::remote::Endpoint) -> Result<Graph, StoreError> {
        Ok(Graph { store: Store::new().map_err(storage)?, remote: Some(std::sync::Arc::new(endpoint)), count: None })
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

    /// Rewrite the summary graph ([`summary`]) from the other graphs: the number of its quads
    /// before and after.
    pub fn rebuild_summary(&self) -> Result<(usize, usize), StoreError> {
        let g = NamedNode::new_unchecked(vocab::SUMMARY_GRAPH);
        let old = self.store.quads_for_pattern(None, None, None, Some(g.as_ref().into())).count();
        let quads = summary::compute(&self.store)?;
        self.replace_graph(vocab::SUMMARY_GRAPH, &quads)?;
        Ok((old, quads.len()))
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

    /// Number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        match self.count {
            Some(n) => Ok(n),
            None => self.store.len().map_err(storage),
        }
    }

    /// Whether any quad, in any graph, has this predicate (one index lookup).
    pub fn has_predicate(&self, predicate: &str) -> Result<bool, StoreError> {
        let p = NamedNode::new_unchecked(predicate);
        self.store.quads_for_pattern(None, Some(p.as_ref()), None, None).next().transpose().map(|q| q.is_some()).map_err(storage)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(storage)
    }

    /// Save to `dir/graph.nq` atomically (temporary file, then rename), with `manifest`
    /// (its quad count and checksum are filled in). The caller holds the [`WriteLock`].
    pub fn save(&self, dir: &Path, manifest: &Manifest) -> Result<(), StoreError> {
        let io = |e: std::io::Error| StoreError::Io { path: dir.to_path_buf(), message: e.to_string() };
        check_folder(dir)?;
        fs::create_dir_all(dir).map_err(io)?;
        // temporary files of saves that were killed (the caller holds the write lock)
        for entry in fs::read_dir(dir).map_err(io)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!(".{GRAPH_FILE}.")) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        let tmp = dir.join(format!(".{GRAPH_FILE}.{}.tmp", std::process::id()));
        let written = self.write_store_file(&tmp, manifest);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp); // a full disk leaves no temporary file behind
            return Err(e);
        }
        fs::rename(&tmp, dir.join(GRAPH_FILE)).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            io(e)
        })
    }

    fn write_store_file(&self, tmp: &Path, manifest: &Manifest) -> Result<(), StoreError> {
        let io = |e: std::io::Error| StoreError::Io { path: tmp.to_path_buf(), message: e.to_string() };
        let mut file = fs::File::create(tmp).map_err(io)?;
        let mut head = BufWriter::new(&mut file);
        manifest.write_header(&mut head).map_err(io)?;
        // count and checksum are known at the end: room for them now, filled in after
        let slot = head.stream_position().map_err(io)?;
        writeln!(head, "# quads {:020}\n# sha256 {}\n# end", 0, "0".repeat(64)).map_err(io)?;
        head.flush().map_err(io)?;
        drop(head);
        // sorted in bounded memory (runs beside the store file), written as N-Quads lines
        let scratch = tmp.parent().unwrap_or(Path::new("."));
        let mut checked = Checked::new(BufWriter::new(&mut file));
        for line in self.sorted_quad_lines(scratch)? {
            let line = line.map_err(io)?;
            checked.write_all(line.as_bytes()).map_err(io)?;
            checked.write_all(b" .\n").map_err(io)?;
        }
        checked.flush().map_err(io)?;
        let (lines, sum) = (checked.lines, checked.checksum());
        drop(checked);
        file.seek(SeekFrom::Start(slot)).map_err(io)?;
        write!(file, "# quads {lines:020}\n# sha256 {sum}\n# end").map_err(io)?;
        file.sync_all().map_err(io)
    }

    /// Open a store saved by [`Graph::save`], checking it against its manifest: a store cut
    /// short or altered is [`StoreError::Damaged`], never loaded silently.
    /// A disk store is opened read-only, in milliseconds (nothing is loaded).
    pub fn open(dir: &Path) -> Result<Graph, StoreError> {
        match Kind::of(dir)? {
            None => Err(StoreError::Missing(dir.to_path_buf())),
            Some(Kind::Disk) => disk_open(dir),
            Some(Kind::File) => Ok(Graph::open_file(dir)?.0),
        }
    }

    /// Load the file store in `dir` into memory, also giving its manifest.
    fn open_file(dir: &Path) -> Result<(Graph, Manifest), StoreError> {
        check_folder(dir)?;
        let path = dir.join(GRAPH_FILE);
        if !path.is_file() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let damaged = |reason: String| StoreError::Damaged { path: dir.to_path_buf(), reason };
        let file = fs::File::open(&path).map_err(|e| StoreError::Io { path: path.clone(), message: e.to_string() })?;
        let mut reader = BufReader::new(file);
        let manifest = Manifest::read_header(dir, &mut reader)?;
        let g = Graph::new()?;
        let mut checked = Checked::new(reader);
        let mut loader = g.store.bulk_loader();
        loader
            .load_from_reader(RdfParser::from_format(RdfFormat::NQuads), &mut checked)
            .map_err(|e| damaged(format!("{e}")))?;
        if checked.lines != manifest.quads || checked.checksum() != manifest.checksum {
            return Err(damaged(format!("{} quad lines where its manifest records {}, or their checksum differs", checked.lines, manifest.quads)));
        }
        loader.commit().map_err(storage)?;
        Ok((g, manifest))
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

/// A graph being written for a store folder: a fresh build or an update of the current
/// store, which replaces the store only when committed (a store left uncommitted, e.g. by a
/// kill, is the store as it was). Create it holding the folder's [`WriteLock`].
pub struct Staged {
    graph: Graph,
    dir: PathBuf,
    #[cfg(feature = "rocksdb")]
    disk: Option<disk::Staging>,
}

impl Staged {
    /// An empty graph that will become the store in `dir`, of `kind`.
    pub fn fresh(dir: &Path, kind: Kind) -> Result<Staged, StoreError> {
        check_folder(dir)?;
        match kind {
            Kind::File => Ok(Staged { graph: Graph::new()?, dir: dir.to_path_buf(), #[cfg(feature = "rocksdb")] disk: None }),
            Kind::Disk => Staged::fresh_disk(dir),
        }
    }

    #[cfg(feature = "rocksdb")]
    fn fresh_disk(dir: &Path) -> Result<Staged, StoreError> {
        let (graph, staging) = disk::Staging::fresh(dir)?;
        Ok(Staged { graph, dir: dir.to_path_buf(), disk: Some(staging) })
    }

    #[cfg(not(feature = "rocksdb"))]
    fn fresh_disk(dir: &Path) -> Result<Staged, StoreError> {
        Err(StoreError::NoRocksdb(dir.to_path_buf()))
    }

    /// The current store in `dir`, to update, with its manifest: [`StoreError::Missing`] when
    /// there is none, [`StoreError::Damaged`] when it cannot be trusted.
    pub fn update(dir: &Path) -> Result<(Staged, Manifest), StoreError> {
        match Kind::of(dir)? {
            None => Err(StoreError::Missing(dir.to_path_buf())),
            Some(Kind::File) => {
                let (graph, manifest) = Graph::open_file(dir)?;
                Ok((Staged { graph, dir: dir.to_path_buf(), #[cfg(feature = "rocksdb")] disk: None }, manifest))
            }
            Some(Kind::Disk) => Staged::update_disk(dir),
        }
    }

    #[cfg(feature = "rocksdb")]
    fn update_disk(dir: &Path) -> Result<(Staged, Manifest), StoreError> {
        let (graph, staging, manifest) = disk::Staging::update(dir)?;
        Ok((Staged { graph, dir: dir.to_path_buf(), disk: Some(staging) }, manifest))
    }

    #[cfg(not(feature = "rocksdb"))]
    fn update_disk(dir: &Path) -> Result<(Staged, Manifest), StoreError> {
        Err(StoreError::NoRocksdb(dir.to_path_buf()))
    }

    /// The graph to load into or change.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Make this graph the store, with `manifest` (folder and fingerprints; its quad count is
    /// the graph's, given by the caller who has counted it), in one atomic step.
    /// The summary graph is rewritten first (it is a function of the other graphs), and the
    /// manifest's quad count adjusted for it: the store's quad count is returned.
    pub fn commit(self, manifest: &Manifest) -> Result<u64, StoreError> {
        let (old, new) = self.graph.rebuild_summary()?;
        let manifest = &Manifest { quads: (manifest.quads + new as u64).saturating_sub(old as u64), ..manifest.clone() };
        #[cfg(feature = "rocksdb")]
        if let Some(staging) = self.disk {
            return staging.commit(self.graph, manifest).map(|()| manifest.quads);
        }
        self.graph.save(&self.dir, manifest).map(|()| manifest.quads)
    }
}

// Reading the store in pieces, so exports and saves stream in bounded memory.
impl Graph {
    /// Every quad, in the store's own order (not sorted), one at a time.
    pub fn quads_iter(&self) -> impl Iterator<Item = Result<Quad, StoreError>> + 'static {
        self.store.iter().map(|q| q.map_err(storage))
    }

    /// Every quad as an N-Quads line (without its final ` .`), sorted, distinct: the order of
    /// every saved store and export; memory bounded by [`crate::sorted::DEFAULT_BUDGET`], runs
    /// beyond it in temporary files in `scratch`.
    pub fn sorted_quad_lines(&self, scratch: &Path) -> Result<crate::sorted::Sorted, StoreError> {
        crate::sorted::sort_lines(self.quads_iter().map(|q| q.map(|q| q.to_string())), crate::sorted::DEFAULT_BUDGET, scratch)
    }

    /// The quads of one named graph (an article's), in the store's order.
    pub fn graph_quads(&self, graph: &NamedNode) -> Result<Vec<Quad>, StoreError> {
        self.store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).map(|q| q.map_err(storage)).collect()
    }

    /// The objects of `subject predicate ?o` in any graph, sorted, distinct.
    pub fn objects(&self, subject: &NamedNode, predicate: &str) -> Result<Vec<oxigraph::model::Term>, StoreError> {
        let p = NamedNode::new_unchecked(predicate);
        let mut out: Vec<oxigraph::model::Term> =
            self.store.quads_for_pattern(Some(subject.as_ref().into()), Some(p.as_ref()), None, None).map(|q| q.map(|q| q.object).map_err(storage)).collect::<Result<_, _>>()?;
        out.sort_by_cached_key(|t| t.to_string());
        out.dedup();
        Ok(out)
    }

    /// `(graph, object)` of every `?s predicate ?o` quad in a named graph (e.g. each article's
    /// document id), in the store's order.
    pub fn graphs_with(&self, predicate: &str) -> Result<Vec<(NamedNode, oxigraph::model::Term)>, StoreError> {
        let p = NamedNode::new_unchecked(predicate);
        let mut out = Vec::new();
        for q in self.store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            let q = q.map_err(storage)?;
            if let GraphName::NamedNode(g) = q.graph_name {
                out.push((g, q.object));
            }
        }
        Ok(out)
    }
}

/// Whether `sparql` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...) rather than a query.
pub fn is_update(sparql: &str) -> bool {
    SparqlEvaluator::new().parse_update(sparql).is_ok()
}

/// Parse a query without running it: a malformed query, an update, or one nested too deep
/// fails before any work is done.
pub fn check_query(sparql: &str) -> Result<(), StoreError> {
    parse_query(sparql, CancellationToken::new()).map(|_| ())
}

fn parse_query(sparql: &str, token: CancellationToken) -> Result<oxigraph::sparql::PreparedSparqlQuery, StoreError> {
    let depth = nesting(sparql);
    if depth > MAX_NESTING {
        return Err(StoreError::TooDeep(depth));
    }
    SparqlEvaluator::new().with_cancellation_token(token).parse_query(sparql).map_err(|e| {
        if SparqlEvaluator::new().parse_update(sparql).is_ok() {
            return StoreError::Update;
        }
        StoreError::Malformed(e.to_string().split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

/// The deepest nesting of `(`, `{` and `[` in a query, outside strings, IRIs and comments.
pub fn nesting(q: &str) -> usize {
    let b = q.as_bytes();
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let long = b[i..].starts_with(&[quote; 3]);
                i += if long { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if long && b[i..].starts_with(&[quote; 3]) {
                        i += 2;
                        break;
                    }
                    if !long && (b[i] == quote || b[i] == b'\n') {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                if let Some(n) = b[i + 1..].iter().position(|&c| c == b'>' || c.is_ascii_whitespace() || b"<{}\"".contains(&c)) {
                    if b[i + 1 + n] == b'>' {
                        i += 1 + n;
                    }
                }
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// One item of a query's results.
pub enum Row {
    Solution(QuerySolution),
    Triple(Triple),
    Boolean(bool),
}

/// What a query answers: solutions (with their variables), a boolean, or triples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultKind {
    Solutions(Vec<Variable>),
    Boolean,
    Graph,
}

enum Msg {
    Head(ResultKind),
    Row(Row),
    Err(StoreError),
}

/// Results of a query evaluated on its own thread, read one at a time. The evaluation stops
/// when the deadline passes (each read returns [`StoreError::Timeout`] from then on, the
/// engine's cancellation token is cancelled) or when the stream is dropped; at most
/// `STREAM_BUFFER` rows wait between the engine and the reader, so memory stays bounded.
pub struct QueryStream {
    pub kind: ResultKind,
    rx: std::sync::mpsc::Receiver<Msg>,
    token: CancellationToken,
    deadline: Option<(Instant, u64)>,
}

const STREAM_BUFFER: usize = 1024;
/// Stack of the evaluating thread: deep but bounded queries must not overflow it.
const QUERY_STACK: usize = 256 << 20;

impl QueryStream {
    /// The next message; `Ok(None)` when the evaluating thread has finished.
    fn recv(&self) -> Result<Option<Msg>, StoreError> {
        match self.deadline {
            None => Ok(self.rx.recv().ok()),
            Some((at, secs)) => {
                let left = at.saturating_duration_since(Instant::now());
                match self.rx.recv_timeout(left) {
                    Ok(m) => Ok(Some(m)),
                    Err(RecvTimeoutError::Disconnected) => Ok(None),
                    Err(RecvTimeoutError::Timeout) => {
                        self.token.cancel();
                        Err(StoreError::Timeout(secs))
                    }
                }
            }
        }
    }
}

impl Iterator for QueryStream {
    type Item = Result<Row, StoreError>;
    fn next(&mut self) -> Option<Self::Item> {
        let (at, secs) = self.deadline.unwrap_or((Instant::now() + Duration::from_secs(1), 0));
        if self.deadline.is_some() && Instant::now() >= at {
            self.token.cancel();
            return Some(Err(StoreError::Timeout(secs)));
        }
        match self.recv() {
            Ok(Some(Msg::Row(r))) => Some(Ok(r)),
            Ok(Some(Msg::Err(StoreError::Timeout(_)))) => Some(Err(StoreError::Timeout(secs))),
            Ok(Some(Msg::Err(e))) | Err(e) => Some(Err(e)),
            Ok(Some(Msg::Head(_))) | Ok(None) => None,
        }
    }
}

impl Drop for QueryStream {
    fn drop(&mut self) {
        self.token.cancel();
    }
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into())
}

impl Graph {
    /// Run `sparql` (union of all graphs as default graph, unless the query names its dataset
    /// with FROM / FROM NAMED) on a thread of its own, bounded by `timeout`. A panic inside
    /// the SPARQL engine becomes [`StoreError::Internal`].
    pub fn query_stream(&self, sparql: &str, timeout: Option<Duration>) -> Result<QueryStream, StoreError> {
        let depth = nesting(sparql);
        if depth > MAX_NESTING {
            return Err(StoreError::TooDeep(depth));
        }
        let token = CancellationToken::new();
        let (tx, rx) = std::sync::mpsc::sync_channel::<Msg>(STREAM_BUFFER);
        let (store, remote) = (self.store.clone(), self.remote.clone());
        let (sparql, worker_token) = (sparql.to_string(), token.clone());
        let started = Instant::now();
        std::thread::Builder::new()
            .name("query".into())
            .stack_size(QUERY_STACK)
            .spawn(move || {
                contain(tx, move |tx| evaluate(&store, remote.as_deref(), &sparql, worker_token, tx));
            })
            .map_err(|e| StoreError::Internal(format!("cannot start the query thread: {e}")))?;
        let mut stream = QueryStream {
            kind: ResultKind::Boolean,
            rx,
            token,
            deadline: timeout.map(|t| (started + t, t.as_secs())),
        };
        match stream.recv()? {
            Some(Msg::Head(kind)) => stream.kind = kind,
            Some(Msg::Err(StoreError::Timeout(_))) => return Err(StoreError::Timeout(timeout.map_or(0, |t| t.as_secs()))),
            Some(Msg::Err(e)) => return Err(e),
            Some(Msg::Row(_)) | None => return Err(StoreError::Internal("the query thread ended without an answer".into())),
        }
        Ok(stream)
    }
}

/// Run `f`; a panic inside it becomes an error message on `tx` instead of ending the run.
fn contain(tx: std::sync::mpsc::SyncSender<Msg>, f: impl FnOnce(&std::sync::mpsc::SyncSender<Msg>)) {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&tx)));
    if let Err(p) = run {
        let _ = tx.send(Msg::Err(StoreError::Internal(panic_text(&*p))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_evaluating_is_an_error() {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        std::thread::spawn(move || contain(tx, |_| panic!("user-provided comparison function does not correctly implement a total order")));
        match rx.recv().unwrap() {
            Msg::Err(StoreError::Internal(m)) => assert!(m.contains("total order")),
            _ => panic!("expected an internal error"),
        }
    }

    #[test]
    fn has_predicate_finds_a_predicate_in_any_graph() {
        let g = Graph::new().unwrap();
        let (a, p) = (NamedNode::new_unchecked("http://x/a"), vocab::ng("end"));
        assert!(!g.has_predicate(&p).unwrap());
        let doc = GraphName::NamedNode(NamedNode::new_unchecked(vocab::doc_iri("d")));
        g.bulk_load([Quad::new(a.clone(), NamedNode::new_unchecked(&p), a, doc)]).unwrap();
        assert!(g.has_predicate(&p).unwrap());
        assert!(!g.has_predicate(&vocab::ng("start")).unwrap());
    }

    #[test]
    fn nesting_ignores_strings_iris_and_comments() {
        assert_eq!(nesting("SELECT * WHERE { ?a ?b \"(((\" . <http://x/(> ?c ?d # ((((\n }"), 1);
        assert_eq!(nesting(&format!("ASK {}{}", "{".repeat(600), "}".repeat(600))), 600);
    }
}

/// Evaluate `sparql` on `store`, or on `remote` when the graph is an external endpoint, and
/// send the results row by row on `tx`.
fn evaluate(store: &Store, remote: Option<&crate::remote::Endpoint>, sparql: &str, token: CancellationToken, tx: &std::sync::mpsc::SyncSender<Msg>) {
    let err = |e: &dyn std::fmt::Display| failure(token.is_cancelled(), e);
    if let Some(endpoint) = remote {
        match endpoint.query(sparql) {
            Ok(results) => send_results(results, &token, tx),
            Err(e) => {
                let _ = tx.send(Msg::Err(StoreError::Query(e.to_string())));
            }
        }
        return;
    }
    let mut prepared = match parse_query(sparql, token.clone()) {
        Ok(p) => p,
        Err(e) => {
            let _ = tx.send(Msg::Err(e));
            return;
        }
    };
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    match prepared.on_store(store).execute() {
        Ok(results) => send_results(results, &token, tx),
        Err(e) => {
            let _ = tx.send(err(&e));
        }
    }
}

/// An evaluation error: a timeout when the query was cancelled, else the engine's message.
fn failure(cancelled: bool, e: &dyn std::fmt::Display) -> Msg {
    if cancelled {
        Msg::Err(StoreError::Timeout(0))
    } else {
        Msg::Err(StoreError::Query(e.to_string()))
    }
}

/// Send a query's results on `tx`: a head, then rows, stopping when the reader is gone or
/// `token` is cancelled.
fn send_results(results: QueryResults<'_>, token: &CancellationToken, tx: &std::sync::mpsc::SyncSender<Msg>) {
    let err = |e: &dyn std::fmt::Display| failure(token.is_cancelled(), e);
    match results {
        QueryResults::Solutions(sols) => {
            if tx.send(Msg::Head(ResultKind::Solutions(sols.variables().to_vec()))).is_err() {
                return;
            }
            for s in sols {
                let m = match s {
                    Ok(s) => Msg::Row(Row::Solution(s)),
                    Err(e) => err(&e),
                };
                let stop = matches!(m, Msg::Err(_));
                if tx.send(m).is_err() || stop || token.is_cancelled() {
                    return;
                }
            }
        }
        QueryResults::Boolean(b) => {
            let _ = tx.send(Msg::Head(ResultKind::Boolean)).and_then(|_| tx.send(Msg::Row(Row::Boolean(b))));
        }
        QueryResults::Graph(triples) => {
            if tx.send(Msg::Head(ResultKind::Graph)).is_err() {
                return;
            }
            for t in triples {
                let m = match t {
                    Ok(t) => Msg::Row(Row::Triple(t)),
                    Err(e) => err(&e),
                };
                let stop = matches!(m, Msg::Err(_));
                if tx.send(m).is_err() || stop || token.is_cancelled() {
                    return;
                }
            }
        }
    }
}

/// The graph name of the ontology's triples.
pub fn ontology_graph() -> GraphName {
    GraphName::NamedNode(NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH))
}
