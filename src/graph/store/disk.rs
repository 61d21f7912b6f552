//! The disk store (cargo feature `rocksdb`): Oxigraph's RocksDB backend, for archives too big
//! to reload from a file on every command.
//!
//! A store folder holds:
//! - `lock`: the writers' OS lock ([`super::WriteLock`]), as for the file store;
//! - `rocksdb.current` ([`DISK_FILE`]): says the folder is a disk store, names its current
//!   version and that version's number of quads (so `len` needs no scan);
//! - `vNNNNNN/db/`: a RocksDB database, and `vNNNNNN/manifest`: the [`Manifest`] (folder
//!   mirrored, article fingerprints) of that version, checksummed.
//!
//! A build never writes the current version: it writes a new one in `.vNNNNNN.tmp/` (a fresh
//! build bulk-loads an empty database; an update starts from a copy of the current version,
//! its immutable SST files hard-linked, and replaces articles' graphs in transactions), flushes
//! it, renames it to `vNNNNNN/`, and then replaces `rocksdb.current` by an atomic rename: that
//! rename is the commit. A kill at any point leaves the old version current or the new one;
//! leftovers (temporaries, versions no longer current) are removed by the next writer. Readers
//! open the current version read-only, take no lock, and are never writing to the folder a
//! writer writes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};

use super::{Graph, Manifest, StoreError, DISK_FILE};

const MAGIC: &str = "# newsgraph store 1 rocksdb";

/// What `rocksdb.current` says.
#[derive(Debug, PartialEq, Eq)]
struct Current {
    /// `vNNNNNN`
    version: String,
    quads: u64,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Io { path: path.to_path_buf(), message: e.to_string() }
}

fn damaged(dir: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Damaged { path: dir.to_path_buf(), reason: reason.into() }
}

fn read_current(dir: &Path) -> Result<Current, StoreError> {
    let path = dir.join(DISK_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::Missing(dir.to_path_buf())),
        Err(e) => return Err(io_err(&path)(e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        return Err(damaged(dir, format!("{DISK_FILE} does not start with `{MAGIC}`")));
    }
    let (mut version, mut quads) = (None, None);
    for l in lines {
        match l.split_once(' ') {
            Some(("version", v)) if version_number(v).is_some() => version = Some(v.to_string()),
            Some(("quads", n)) => quads = n.parse().ok(),
            _ => return Err(damaged(dir, format!("bad line in {DISK_FILE}: {l}"))),
        }
    }
    match (version, quads) {
        (Some(version), Some(quads)) => Ok(Current { version, quads }),
        _ => Err(damaged(dir, format!("{DISK_FILE} is cut short"))),
    }
}

/// Replace `rocksdb.current` atomically (temporary file, synced, renamed, folder synced).
fn write_current(dir: &Path, c: &Current) -> Result<(), StoreError> {
    let tmp = dir.join(format!(".{DISK_FILE}.{}.tmp", std::process::id()));
    let io = io_err(dir);
    let mut f = fs::File::create(&tmp).map_err(&io)?;
    write!(f, "{MAGIC}\nversion {}\nquads {}\n", c.version, c.quads).map_err(&io)?;
    f.sync_all().map_err(&io)?;
    drop(f);
    fs::rename(&tmp, dir.join(DISK_FILE)).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io(e)
    })?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_err(dir))
}

fn version_number(name: &str) -> Option<u64> {
    name.strip_prefix('v').filter(|n| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit())).and_then(|n| n.parse().ok())
}

fn version_name(n: u64) -> String {
    format!("v{n:06}")
}

/// A RocksDB error as a store error: its own lock (a second read-write opener) is
/// [`StoreError::InUse`], damage is [`StoreError::Damaged`].
fn storage_error(dir: &Path, e: StorageError) -> StoreError {
    let text = e.to_string();
    if text.contains("LOCK") && (text.contains("unavailable") || text.contains("lock hold") || text.contains("No locks available")) {
        let pid = fs::read_to_string(dir.join("lock")).ok().and_then(|s| s.trim().parse().ok());
        return StoreError::InUse { path: dir.to_path_buf(), pid };
    }
    match e {
        StorageError::Corruption(_) => damaged(dir, text),
        _ if text.contains("Corruption") || text.contains("No such file") || text.contains("does not exist") => damaged(dir, text),
        _ => StoreError::Storage(text),
    }
}

/// Open the current version of the disk store in `dir` for reading (read-only, no lock, nothing
/// loaded). A writer that finishes meanwhile may remove the version just named: then the new
/// current version is opened.
pub fn open(dir: &Path) -> Result<Graph, StoreError> {
    let mut tries = 0;
    loop {
        let current = read_current(dir)?;
        match Store::open_read_only(dir.join(&current.version).join("db")) {
            Ok(store) => return Ok(Graph { store, remote: None, count: usize::try_from(current.quads).ok() }),
            Err(e) => {
                tries += 1;
                let moved = read_current(dir).map(|c| c.version != current.version).unwrap_or(false);
                if !moved || tries >= 3 {
                    return Err(storage_error(dir, e));
                }
            }
        }
    }
}

/// The manifest of the current version: [`StoreError::Damaged`] if it is missing or altered.
pub fn manifest(dir: &Path) -> Result<Manifest, StoreError> {
    let current = read_current(dir)?;
    read_manifest(dir, &dir.join(&current.version).join("manifest"))
}

fn read_manifest(dir: &Path, path: &Path) -> Result<Manifest, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(damaged(dir, format!("{} is missing", path.display()))),
        Err(e) => return Err(damaged(dir, format!("{}: {e}", path.display()))),
    };
    // the checksum covers the lines before `# quads`
    let head = text.find("\n# quads ").map(|i| &text[..=i]).ok_or_else(|| damaged(dir, "its manifest is cut short"))?;
    let m = Manifest::read_header(dir, &mut text.as_bytes())?;
    if m.checksum != hex(&Sha256::digest(head.as_bytes())) {
        return Err(damaged(dir, "its manifest's checksum differs"));
    }
    Ok(m)
}

fn write_manifest(path: &Path, m: &Manifest) -> Result<(), StoreError> {
    let io = io_err(path);
    let mut head = Vec::new();
    m.write_header(&mut head).map_err(&io)?;
    let sum = hex(&Sha256::digest(&head));
    let mut f = fs::File::create(path).map_err(&io)?;
    f.write_all(&head).map_err(&io)?;
    write!(f, "# quads {}\n# sha256 {sum}\n# end\n", m.quads).map_err(&io)?;
    f.sync_all().map_err(&io)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new version being written in `dir/.vNNNNNN.tmp/`; removed when dropped uncommitted.
pub struct Staging {
    dir: PathBuf,
    tmp: PathBuf,
    version: u64,
    committed: bool,
}

impl Staging {
    /// A new, empty version: the graph is bulk-loaded into it.
    pub fn fresh(dir: &Path) -> Result<(Graph, Staging), StoreError> {
        let staging = Staging::begin(dir)?;
        let db = staging.tmp.join("db");
        fs::create_dir_all(&db).map_err(io_err(&db))?;
        let store = Store::open(&db).map_err(|e| storage_error(dir, e))?;
        Ok((Graph { store, remote: None, count: None }, staging))
    }

    /// A new version that starts as a copy of the current one (SST files, which RocksDB never
    /// changes, hard-linked; the small rest copied), with the current manifest.
    pub fn update(dir: &Path) -> Result<(Graph, Staging, Manifest), StoreError> {
        let current = read_current(dir)?;
        let from = dir.join(&current.version);
        let manifest = read_manifest(dir, &from.join("manifest"))?;
        if !from.join("db").join("CURRENT").is_file() {
            return Err(damaged(dir, format!("its database {} is missing", from.join("db").display())));
        }
        let staging = Staging::begin(dir)?;
        let db = staging.tmp.join("db");
        copy_db(&from.join("db"), &db).map_err(io_err(&db))?;
        let store = Store::open(&db).map_err(|e| storage_error(dir, e))?;
        Ok((Graph { store, remote: None, count: None }, staging, manifest))
    }

    /// Claim the next version number and clear what killed writers left: temporaries and
    /// versions that are not current. The caller holds the write lock.
    fn begin(dir: &Path) -> Result<Staging, StoreError> {
        let io = io_err(dir);
        fs::create_dir_all(dir).map_err(&io)?;
        let current = read_current(dir).ok().map(|c| c.version);
        let mut last = 0;
        for entry in fs::read_dir(dir).map_err(&io)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let tmp = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp"));
            if let Some(n) = version_number(&name).or_else(|| tmp.and_then(version_number)) {
                last = last.max(n);
                if current.as_deref() != Some(name.as_str()) {
                    fs::remove_dir_all(entry.path()).map_err(io_err(&entry.path()))?;
                }
            } else if name.starts_with(&format!(".{DISK_FILE}.")) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
        let version = last + 1;
        let tmp = dir.join(format!(".{}.tmp", version_name(version)));
        fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        Ok(Staging { dir: dir.to_path_buf(), tmp, version, committed: false })
    }

    /// Make the new version current: flush and close its database, write its manifest, rename
    /// it into place, then switch `rocksdb.current` to it (the atomic step) and remove the old.
    pub fn commit(mut self, graph: Graph, manifest: &Manifest) -> Result<(), StoreError> {
        let dir = self.dir.clone();
        graph.store.flush().map_err(|e| storage_error(&dir, e))?;
        drop(graph);
        write_manifest(&self.tmp.join("manifest"), manifest)?;
        sync_dir(&self.tmp.join("db"))?;
        sync_dir(&self.tmp)?;
        let name = version_name(self.version);
        let target = dir.join(&name);
        fs::rename(&self.tmp, &target).map_err(io_err(&target))?;
        self.tmp = target;
        sync_dir(&dir)?;
        let old = read_current(&dir).ok();
        write_current(&dir, &Current { version: name, quads: manifest.quads })?;
        self.committed = true;
        if let Some(old) = old {
            // readers that opened it keep their open files; the next writer retries on failure
            let _ = fs::remove_dir_all(dir.join(old.version));
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Copy a closed RocksDB database: SST files hard-linked (RocksDB never rewrites one in
/// place; the copy's compactions only unlink its own names), everything else copied; its lock
/// and info logs are not needed.
fn copy_db(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let text = name.to_string_lossy();
        // a bulk load's own SST files (`bulk-*.sst`) are never part of a closed database
        if text == "LOCK" || text.starts_with("LOG") || text.starts_with("bulk-") || !entry.file_type()?.is_file() {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if (text.ends_with(".sst") || text.ends_with(".blob")) && fs::hard_link(&src, &dst).is_ok() {
            continue;
        }
        fs::copy(&src, &dst)?;
    }
    fs::File::open(to)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_round_trips_and_rejects_damage() {
        let d = tempfile::tempdir().unwrap();
        let c = Current { version: "v000042".into(), quads: 7 };
        write_current(d.path(), &c).unwrap();
        assert_eq!(read_current(d.path()).unwrap(), c);
        fs::write(d.path().join(DISK_FILE), format!("{MAGIC}\nversion v000042\n")).unwrap();
        assert!(matches!(read_current(d.path()), Err(StoreError::Damaged { .. })));
        fs::write(d.path().join(DISK_FILE), "something else\n").unwrap();
        assert!(matches!(read_current(d.path()), Err(StoreError::Damaged { .. })));
    }

    #[test]
    fn rocksdbs_own_lock_is_a_store_in_use() {
        let d = tempfile::tempdir().unwrap();
        let _first = Store::open(d.path().join("db")).unwrap();
        let e = Store::open(d.path().join("db")).err().expect("a second read-write opener fails");
        let mapped = storage_error(d.path(), e);
        assert!(matches!(mapped, StoreError::InUse { .. }), "{mapped}");
    }

    #[test]
    fn manifest_round_trips_and_an_altered_one_is_damaged() {
        let d = tempfile::tempdir().unwrap();
        let mut m = Manifest { folder: Some("/news".into()), quads: 12, ..Manifest::default() };
        m.fingerprints.insert("a".into(), "f1".into());
        let path = d.path().join("manifest");
        write_manifest(&path, &m).unwrap();
        let back = read_manifest(d.path(), &path).unwrap();
        assert_eq!((back.folder, back.fingerprints, back.quads), (m.folder.clone(), m.fingerprints.clone(), 12));
        let text = fs::read_to_string(&path).unwrap().replace("# doc f1 a", "# doc f2 a");
        fs::write(&path, text).unwrap();
        assert!(matches!(read_manifest(d.path(), &path), Err(StoreError::Damaged { .. })));
    }
}
