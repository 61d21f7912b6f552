//! Reading a corpus folder: every `*.txt` file under it (recursively, symlink loops broken),
//! with optional per-article metadata from `metadata.csv` at the folder's root.
//! Reading never stops at a bad file: it yields the good articles plus diagnostics.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What is known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Metadata {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub outlet: String,
    /// Publication date, `YYYY-MM-DD` (or a shorter prefix when only that is known).
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub url: String,
    /// How the date was determined.
    #[serde(default)]
    pub date_source: String,
}

/// One article as read from disk. `text` is the file's bytes, so byte offsets into it are
/// byte offsets into the file.
#[derive(Clone, Debug)]
pub struct Article {
    /// The file's path relative to the corpus root, without `.txt`.
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    pub meta: Metadata,
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
}

impl Article {
    /// An article from text in memory (tests, benchmarks).
    pub fn from_text(id: &str, text: &str) -> Article {
        Article {
            id: id.to_string(),
            path: PathBuf::from(format!("{id}.txt")),
            text: text.to_string(),
            meta: Metadata { id: id.to_string(), ..Metadata::default() },
            hash: content_hash(text.as_bytes()),
        }
    }
}

/// A problem with one input file; the run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub message: String,
    /// `true`: the file was skipped (the run ends with exit code 2); `false`: a note only
    /// (an empty file was read and gave nothing).
    pub skipped: bool,
}

impl Diagnostic {
    pub fn skipped(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), message: message.into(), skipped: true }
    }
    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), message: message.into(), skipped: false }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Error that stops reading altogether (the folder itself is missing or unreadable).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("corpus folder {0} does not exist (give an existing folder of .txt articles)")]
    Missing(PathBuf),
    #[error("{0} is not a folder (give a folder of .txt articles)")]
    NotADir(PathBuf),
    #[error("cannot read corpus folder {path}: {error}")]
    Io { path: PathBuf, error: std::io::Error },
    #[error("files {0} and {1} would get the same document id {2:?}: rename one of them")]
    Collision(PathBuf, PathBuf, String),
}

pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a walk of a corpus folder found.
#[derive(Debug, Default)]
pub struct Listing {
    /// `.txt` files with their document ids, sorted by id (ids are unique).
    pub files: Vec<(String, PathBuf)>,
    pub diags: Vec<Diagnostic>,
    /// Document ids (for a file) or id prefixes ending in `/` (for a folder) of what exists
    /// but could not be read: an incremental build keeps their facts.
    pub unreadable: Vec<String>,
    /// Filesystem calls made (one `stat` or `read_dir` each): a constant number per entry,
    /// whatever the depth of the tree.
    pub fs_calls: usize,
}

/// Every `.txt` file under `root`, sorted by id, with diagnostics for files that could not
/// be used.
pub fn list_files(root: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), CorpusError> {
    let l = list(root)?;
    Ok((l.files.into_iter().map(|(_, p)| p).collect(), l.diags))
}

/// Walk `root` (iteratively, so depth costs no stack; folders are recognised by device and
/// inode, so a symlink loop is read once and no path is resolved again per level).
pub fn list(root: &Path) -> Result<Listing, CorpusError> {
    let meta = fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CorpusError::Missing(root.to_path_buf()),
        _ => CorpusError::Io { path: root.to_path_buf(), error: e },
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotADir(root.to_path_buf()));
    }
    let mut out = Listing { fs_calls: 1, ..Listing::default() };
    let mut seen = HashSet::new();
    let mut stack = vec![(root.to_path_buf(), dir_key(root, &meta))];
    while let Some((dir, key)) = stack.pop() {
        if !seen.insert(key) {
            out.diags.push(Diagnostic::note(&dir, "folder already visited (symlink loop?), not read again"));
            continue;
        }
        out.fs_calls += 1;
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(error) if dir == root => return Err(CorpusError::Io { path: dir, error }),
            Err(e) => {
                out.diags.push(Diagnostic::skipped(&dir, format!("cannot read folder: {e}; articles under it keep their facts in a store")));
                out.unreadable.push(format!("{}/", encoded_rel(root, &dir)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.diags.push(Diagnostic::skipped(&dir, format!("cannot read folder entry: {e}")));
                    continue;
                }
            };
            let path = entry.path();
            out.fs_calls += 1;
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    let key = dir_key(&path, &m);
                    stack.push((path, key));
                }
                Ok(m) if m.is_file() => {
                    if path.extension().is_some_and(|e| e == "txt") || crate::inputs::is_input(&path) {
                        out.files.push((file_id(root, &path), path));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    if path.extension().is_some_and(|e| e == "txt") || crate::inputs::is_input(&path) {
                        out.unreadable.push(file_id(root, &path));
                    }
                    out.diags.push(Diagnostic::skipped(path, format!("cannot read: {e}")));
                }
            }
        }
    }
    out.files.sort();
    if let Some(w) = out.files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(CorpusError::Collision(w[0].1.clone(), w[1].1.clone(), w[0].0.clone()));
    }
    Ok(out)
}

#[cfg(unix)]
fn dir_key(_: &Path, m: &fs::Metadata) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn dir_key(p: &Path, _: &fs::Metadata) -> (u64, u64, PathBuf) {
    (0, 0, fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// The id of a file in a listing: a `.txt` file's document id; for a file of records
/// ([`crate::inputs`]) its document id without the extension, which prefixes its records' ids
/// (`FILE#KEY`), so `a.txt` and `a.html` collide and are reported rather than mixed.
pub fn file_id(root: &Path, path: &Path) -> String {
    let id = doc_id(root, path);
    match id.rfind('.') {
        Some(i) if crate::inputs::is_input(path) && !id[i..].contains('/') => id[..i].to_string(),
        _ => id,
    }
}

/// The document id of a file: its path under `root` without `.txt`, with `/` separators.
/// Bytes that are not plain path characters (`%`, `\`, control characters, bytes that are
/// not UTF-8) are percent-encoded, so two files never share an id and [`id_path`] gives the
/// path back.
pub fn doc_id(root: &Path, path: &Path) -> String {
    let rel = encoded_rel(root, path);
    rel.strip_suffix(".txt").map(str::to_string).unwrap_or(rel)
}

fn encoded_rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(encode_name(&os_bytes(name))),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The path (relative to the corpus folder) of the file a document id names.
pub fn id_path(id: &str) -> PathBuf {
    decode_path(&format!("{id}.txt"))
}

/// A path as text with the encoding of document ids (`/` separators, a leading `/` when
/// absolute); [`decode_path`] gives it back.
pub fn encode_path(p: &Path) -> String {
    let rel = encoded_rel(Path::new(""), p);
    if p.has_root() { format!("/{rel}") } else { rel }
}

/// Undo the percent-encoding of [`encode_path`] and [`doc_id`].
pub fn decode_path(s: &str) -> PathBuf {
    let mut bytes = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    from_os_bytes(bytes)
}

/// Percent-encode what is not a plain path character (reversible).
pub fn encode_name(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' || c == '\\' || c.is_control() {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(unix)]
fn os_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn from_os_bytes(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn from_os_bytes(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

/// How the message of a file that exists but cannot be read starts.
pub const CANNOT_READ: &str = "cannot read: ";

/// Read one article file. Invalid UTF-8 and unreadable files are diagnostics, not panics.
pub fn read_article(root: &Path, path: &Path, meta: &BTreeMap<String, Metadata>) -> Result<Article, Diagnostic> {
    read_article_as(&doc_id(root, path), path, meta)
}

/// [`read_article`] when the id is known already.
pub fn read_article_as(id: &str, path: &Path, meta: &BTreeMap<String, Metadata>) -> Result<Article, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| Diagnostic::skipped(path, format!("{CANNOT_READ}{e}")))?;
    let hash = content_hash(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::skipped(path, format!("not valid UTF-8 (byte {}); convert it to UTF-8, file skipped", e.utf8_error().valid_up_to()))
    })?;
    if text.contains('\0') {
        return Err(Diagnostic::skipped(path, "binary file (contains NUL bytes), skipped"));
    }
    let meta = meta.get(id).cloned().unwrap_or_else(|| Metadata { id: id.to_string(), ..Metadata::default() });
    Ok(Article { id: id.to_string(), path: path.to_path_buf(), text, meta, hash })
}

/// A publication date as metadata may give it: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real day.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, n: usize| (p.len() == n && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().unwrap_or(0));
    match parts[..] {
        [y] => num(y, 4).is_some(),
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [_, _, _] => crate::dates::parse_iso(s).is_some() && parts.iter().zip([4, 2, 2]).all(|(p, n)| num(p, n).is_some()),
        _ => false,
    }
}

/// The articles of one file: a `.txt` file is one article; `.jsonl`, `.json` and `.html` files
/// are read by [`crate::inputs`] (one article per record).
pub fn read_articles(root: &Path, id: &str, path: &Path, meta: &BTreeMap<String, Metadata>) -> (Vec<Article>, Vec<Diagnostic>) {
    if crate::inputs::is_input(path) {
        return crate::inputs::read(root, path, meta);
    }
    match read_article_as(id, path, meta) {
        Ok(a) => (vec![a], Vec::new()),
        Err(d) => (Vec::new(), vec![d]),
    }
}

/// Metadata from `ROOT/metadata.csv` (columns id,title,outlet,date,url,date_source), if present.
/// A malformed file is ignored with one diagnostic; a row with an invalid date keeps its other
/// fields, a repeated id keeps its first row; each with a diagnostic naming the line.
pub fn read_metadata(root: &Path) -> (BTreeMap<String, Metadata>, Vec<Diagnostic>) {
    let path = root.join("metadata.csv");
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    if !path.is_file() {
        return (out, diags);
    }
    let diag = |e: csv::Error| Diagnostic::skipped(path.clone(), format!("bad metadata (ignored): {e}"));
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(r) => r,
        Err(e) => return (out, vec![diag(e)]),
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (out, vec![diag(e)]),
    };
    let mut lines: BTreeMap<String, u64> = BTreeMap::new();
    for row in reader.records() {
        let parsed = row.and_then(|r| Ok((r.position().map_or(0, |p| p.line()), r.deserialize::<Metadata>(Some(&headers))?)));
        let (line, mut m) = match parsed {
            Ok(x) => x,
            Err(e) => return (BTreeMap::new(), vec![diag(e)]),
        };
        if let Some(first) = lines.get(&m.id) {
            diags.push(Diagnostic::skipped(&path, format!("line {line}: id {:?} appears again (first on line {first}); this row is ignored", m.id)));
            continue;
        }
        if !m.date.is_empty() && !valid_date(&m.date) {
            diags.push(Diagnostic::skipped(
                &path,
                format!("line {line}: date {:?} of {:?} is not a real YYYY-MM-DD, YYYY-MM or YYYY date; the date is ignored", m.date, m.id),
            ));
            m.date.clear();
        }
        lines.insert(m.id.clone(), line);
        out.insert(m.id.clone(), m);
    }
    (out, diags)
}

/// Notes for metadata rows that name no article of the folder.
pub fn unknown_metadata_ids<'a>(root: &Path, meta: &BTreeMap<String, Metadata>, ids: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let ids: HashSet<&str> = ids.into_iter().collect();
    meta.keys()
        .filter(|id| !ids.contains(id.as_str()))
        .map(|id| Diagnostic::note(root.join("metadata.csv"), format!("id {id:?} names no article of the folder (no {}); its row is unused", id_path(id).display())))
        .collect()
}

/// Read a whole corpus folder into memory.
pub fn read_corpus(root: &Path) -> Result<(Vec<Article>, Vec<Diagnostic>), CorpusError> {
    let Listing { files, mut diags, .. } = list(root)?;
    let (meta, meta_diags) = read_metadata(root);
    diags.extend(meta_diags);
    diags.extend(unknown_metadata_ids(root, &meta, files.iter().map(|(id, _)| id.as_str())));
    let mut articles = Vec::with_capacity(files.len());
    for (id, f) in files {
        let (a, d) = read_articles(root, &id, &f, &meta);
        articles.extend(a);
        diags.extend(d);
    }
    Ok((articles, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_txt_and_reports_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("a.txt"), "Russia backs Haftar.").unwrap();
        fs::write(dir.path().join("sub/b.txt"), "Egypt backs Haftar.").unwrap();
        fs::write(dir.path().join("c.md"), "ignored").unwrap();
        fs::write(dir.path().join("bad.txt"), [0xff, 0xfe, 0x41]).unwrap();
        let (arts, diags) = read_corpus(dir.path()).unwrap();
        let ids: Vec<_> = arts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "sub/b"]);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("UTF-8"));
    }

    #[test]
    fn missing_folder_is_an_error() {
        assert!(matches!(read_corpus(Path::new("/no/such/dir")), Err(CorpusError::Missing(_))));
    }
}
