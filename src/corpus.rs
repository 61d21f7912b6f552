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
    #[error("reading corpus folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every `.txt` file under `root`, sorted by id, with diagnostics for files that could not
/// be used.
pub fn list_files(root: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), CorpusError> {
    if !root.exists() {
        return Err(CorpusError::Missing(root.to_path_buf()));
    }
    if !root.is_dir() {
        return Err(CorpusError::NotADir(root.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut seen_dirs = HashSet::new();
    walk(root, &mut files, &mut diags, &mut seen_dirs, true)?;
    files.sort();
    Ok((files, diags))
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    seen: &mut HashSet<PathBuf>,
    is_root: bool,
) -> Result<(), CorpusError> {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        diags.push(Diagnostic::note(dir, "folder already visited (symlink loop?), not read again"));
        return Ok(());
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) if is_root => return Err(CorpusError::Io { path: dir.to_path_buf(), source }),
        Err(e) => {
            diags.push(Diagnostic::skipped(dir, format!("cannot read folder: {e}")));
            return Ok(());
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::skipped(dir, format!("cannot read folder entry: {e}")));
                continue;
            }
        };
        let path = entry.path();
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, diags, seen, false)?,
            Ok(m) if m.is_file() => {
                if path.extension().is_some_and(|e| e == "txt") || crate::inputs::is_input(&path) {
                    files.push(path);
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::skipped(path, format!("cannot read: {e}"))),
        }
    }
    Ok(())
}

/// The document id of a file: its path under `root` without `.txt`, with `/` separators.
pub fn doc_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.with_extension("").to_string_lossy().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

/// Read one article file. Invalid UTF-8 and unreadable files are diagnostics, not panics.
pub fn read_article(root: &Path, path: &Path, meta: &BTreeMap<String, Metadata>) -> Result<Article, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| Diagnostic::skipped(path, format!("cannot read: {e}")))?;
    let hash = content_hash(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::skipped(path, format!("not valid UTF-8 (byte {}); convert it to UTF-8, file skipped", e.utf8_error().valid_up_to()))
    })?;
    if text.contains('\0') {
        return Err(Diagnostic::skipped(path, "binary file (contains NUL bytes), skipped"));
    }
    let id = doc_id(root, path);
    let meta = meta.get(&id).cloned().unwrap_or_else(|| Metadata { id: id.clone(), ..Metadata::default() });
    Ok(Article { id, path: path.to_path_buf(), text, meta, hash })
}

/// The articles of one file: a `.txt` file is one article; `.jsonl`, `.json` and `.html` files
/// are read by [`crate::inputs`] (one article per record).
pub fn read_articles(root: &Path, path: &Path, meta: &BTreeMap<String, Metadata>) -> (Vec<Article>, Vec<Diagnostic>) {
    if crate::inputs::is_input(path) {
        return crate::inputs::read(root, path, meta);
    }
    match read_article(root, path, meta) {
        Ok(a) => (vec![a], Vec::new()),
        Err(d) => (Vec::new(), vec![d]),
    }
}

/// Metadata from `ROOT/metadata.csv` (columns id,title,outlet,date,url,date_source), if present.
pub fn read_metadata(root: &Path) -> Result<BTreeMap<String, Metadata>, Diagnostic> {
    let path = root.join("metadata.csv");
    let mut out = BTreeMap::new();
    if !path.is_file() {
        return Ok(out);
    }
    let diag = |e: csv::Error| Diagnostic::skipped(path.clone(), format!("bad metadata (ignored): {e}"));
    let mut reader = csv::Reader::from_path(&path).map_err(diag)?;
    for row in reader.deserialize::<Metadata>() {
        let m = row.map_err(diag)?;
        out.insert(m.id.clone(), m);
    }
    Ok(out)
}

/// Read a whole corpus folder into memory.
pub fn read_corpus(root: &Path) -> Result<(Vec<Article>, Vec<Diagnostic>), CorpusError> {
    let (files, mut diags) = list_files(root)?;
    let meta = read_metadata(root).unwrap_or_else(|d| {
        diags.push(d);
        BTreeMap::new()
    });
    let mut articles = Vec::with_capacity(files.len());
    for f in files {
        let (a, d) = read_articles(root, &f, &meta);
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
