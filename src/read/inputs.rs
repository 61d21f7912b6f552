//! Article files besides `.txt`: what news scrapers write.
//!
//! - `.jsonl` (one JSON object per line) and `.json` (one object, or an array of objects), in
//!   the shapes of news-please, trafilatura and CC-News: one document per record. Fields read
//!   (the first present, non-empty one wins): text `text`, `maintext`, `content`, `body`;
//!   title `title`, `headline`; date `date`, `date_publish`, `date_published`, `published`,
//!   `pubdate` (its leading `YYYY-MM-DD`, `YYYY-MM` or `YYYY`); URL `url`, `source_url`,
//!   `link`; outlet `source_domain`, `sitename`, `hostname`, `outlet`, `source`, `publisher`
//!   (else the URL's host). The record's id is `FILE#KEY`, `FILE` the file's id (its path
//!   without the extension) and `KEY` the record's `id` (`_id`, `doc_id`, `uuid`), else its
//!   URL without the scheme, else `line-N` (`.jsonl`) or `item-N` (`.json`, from 1); a key
//!   met again in the same file gets `~2`, `~3`. Offsets index the record's text.
//! - `.html`/`.htm` pages: the main text extracted by `dom_smoothie` (Mozilla Readability's
//!   algorithm), title, date, site name and URL from the page's metadata. Offsets index the
//!   extracted text, not the HTML.
//!
//! A bad record (not JSON, not an object) is a diagnostic and is skipped; a record without
//! text is a note; the other records are read.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::corpus::{content_hash, file_id, Article, Diagnostic, Metadata};

const TEXT: &[&str] = &["text", "maintext", "content", "body"];
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &["date", "date_publish", "date_published", "published", "pubdate"];
const URL: &[&str] = &["url", "source_url", "link"];
const OUTLET: &[&str] = &["source_domain", "sitename", "hostname", "outlet", "source", "publisher"];
const ID: &[&str] = &["id", "_id", "doc_id", "uuid"];

/// Whether `path` is an article file this module reads.
pub fn is_input(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "json" | "html" | "htm"))
}

/// The articles of one `.jsonl`, `.json` or `.html` file, and diagnostics for what could not
/// be read. `meta` (from `metadata.csv`) overrides what a record says, field by field.
pub fn read(root: &Path, path: &Path, meta: &BTreeMap<String, Metadata>) -> (Vec<Article>, Vec<Diagnostic>) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => return (Vec::new(), vec![Diagnostic::skipped(path, format!("cannot read: {e}"))]),
    };
    let file_id = file_id(root, path);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let (mut articles, diags) = match ext.as_str() {
        "jsonl" => read_jsonl(&file_id, path, &bytes),
        "json" => read_json(&file_id, path, &bytes),
        _ => read_html(&file_id, path, &bytes),
    };
    for a in &mut articles {
        if let Some(m) = meta.get(&a.id) {
            overlay(&mut a.meta, m);
        }
    }
    (articles, diags)
}

/// `metadata.csv` wins over the record, field by field.
fn overlay(meta: &mut Metadata, over: &Metadata) {
    for (to, from) in [
        (&mut meta.title, &over.title),
        (&mut meta.outlet, &over.outlet),
        (&mut meta.url, &over.url),
        (&mut meta.date_source, &over.date_source),
    ] {
        if !from.is_empty() {
            *to = from.clone();
        }
    }
    if !over.date.is_empty() {
        meta.date = over.date.clone();
        if over.date_source.is_empty() {
            meta.date_source = "metadata.csv".to_string();
        }
    }
}

fn read_jsonl(file_id: &str, path: &Path, bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut keys = Keys::default();
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let n = i + 1;
        let at = line_path(path, n);
        let Ok(line) = std::str::from_utf8(line) else {
            diags.push(Diagnostic::skipped(at, "record is not valid UTF-8, skipped"));
            continue;
        };
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => record(file_id, &format!("line-{n}"), &at, path, &v, &mut keys, &mut out, &mut diags),
            Err(e) => diags.push(Diagnostic::skipped(at, format!("record is not valid JSON ({e}), skipped"))),
        }
    }
    (out, diags)
}

fn read_json(file_id: &str, path: &Path, bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let v: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return (Vec::new(), vec![Diagnostic::skipped(path, format!("not valid JSON ({e}), file skipped"))]),
    };
    let mut keys = Keys::default();
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    match &v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let at = PathBuf::from(format!("{}[{i}]", path.display()));
                record(file_id, &format!("item-{}", i + 1), &at, path, item, &mut keys, &mut out, &mut diags);
            }
        }
        _ => record(file_id, "item-1", path, path, &v, &mut keys, &mut out, &mut diags),
    }
    (out, diags)
}

fn line_path(path: &Path, n: usize) -> PathBuf {
    PathBuf::from(format!("{}:{n}", path.display()))
}

/// Record keys already used in one file, to keep ids unique.
#[derive(Default)]
struct Keys(HashMap<String, usize>);

impl Keys {
    fn unique(&mut self, key: String) -> String {
        let n = self.0.entry(key.clone()).or_default();
        *n += 1;
        if *n == 1 {
            key
        } else {
            format!("{key}~{n}")
        }
    }
}

fn field<'a>(obj: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(x) => Some(x.to_string()),
        _ => None,
    })
}

static ISO_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?").unwrap());

/// The leading `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) of a date field such as
/// `2019-04-07 12:30:00` or `2019-04-07T12:30:00Z`.
pub fn iso_prefix(s: &str) -> Option<String> {
    ISO_PREFIX.find(s.trim()).map(|m| m.as_str().to_string())
}

/// The host of a URL, without `www.`.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_ascii_lowercase())
}

#[allow(clippy::too_many_arguments)]
fn record(file_id: &str, fallback: &str, at: &Path, path: &Path, v: &Value, keys: &mut Keys, out: &mut Vec<Article>, diags: &mut Vec<Diagnostic>) {
    let Value::Object(obj) = v else {
        diags.push(Diagnostic::skipped(at, "record is not a JSON object, skipped"));
        return;
    };
    let Some(text) = field(obj, TEXT) else {
        diags.push(Diagnostic::note(at, "record has no text (fields text, maintext, content, body): nothing to extract"));
        return;
    };
    if text.contains('\0') {
        diags.push(Diagnostic::skipped(at, "record text contains NUL bytes, skipped"));
        return;
    }
    let url = field(obj, URL).unwrap_or_default();
    let key = field(obj, ID).or_else(|| (!url.is_empty()).then(|| url.split_once("://").map_or(url.as_str(), |(_, r)| r).trim_end_matches('/').to_string())).unwrap_or_else(|| fallback.to_string());
    let id = format!("{file_id}#{}", keys.unique(key));
    let date = field(obj, DATE).and_then(|d| iso_prefix(&d)).unwrap_or_default();
    let meta = Metadata {
        id: id.clone(),
        title: field(obj, TITLE).unwrap_or_default(),
        outlet: field(obj, OUTLET).or_else(|| url_host(&url)).unwrap_or_default(),
        date_source: if date.is_empty() { String::new() } else { "record".to_string() },
        date,
        url,
    };
    let hash = content_hash(v.to_string().as_bytes());
    out.push(Article { id, path: path.to_path_buf(), text, meta, hash });
}

fn read_html(file_id: &str, path: &Path, bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let Ok(html) = std::str::from_utf8(bytes) else {
        return (Vec::new(), vec![Diagnostic::skipped(path, "not valid UTF-8; convert the page to UTF-8, file skipped")]);
    };
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let parsed = dom_smoothie::Readability::new(html, None, Some(cfg)).and_then(|mut r| r.parse());
    let page = match parsed {
        Ok(p) => p,
        Err(e) => return (Vec::new(), vec![Diagnostic::skipped(path, format!("no main text found in the page ({e}), skipped"))]),
    };
    let text = page.text_content.trim().to_string();
    if text.is_empty() {
        return (Vec::new(), vec![Diagnostic::note(path, "page has no main text: nothing to extract")]);
    }
    let url = page.url.clone().or_else(|| canonical_url(html)).unwrap_or_default();
    let date = page.published_time.as_deref().and_then(iso_prefix).unwrap_or_default();
    let meta = Metadata {
        id: file_id.to_string(),
        title: page.title.trim().to_string(),
        outlet: page.site_name.clone().filter(|s| !s.trim().is_empty()).or_else(|| url_host(&url)).unwrap_or_default(),
        date_source: if date.is_empty() { String::new() } else { "page metadata".to_string() },
        date,
        url,
    };
    (vec![Article { id: file_id.to_string(), path: path.to_path_buf(), text, meta, hash: content_hash(bytes) }], Vec::new())
}

static CANONICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*\bhref\s*=\s*["']([^"']+)["']|<meta\b[^>]*\bproperty\s*=\s*["']og:url["'][^>]*\bcontent\s*=\s*["']([^"']+)["']"#).unwrap()
});

fn canonical_url(html: &str) -> Option<String> {
    let c = CANONICAL.captures(html)?;
    c.get(1).or_else(|| c.get(2)).map(|m| m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_dates() {
        assert_eq!(url_host("https://www.reuters.com/article/x").as_deref(), Some("reuters.com"));
        assert_eq!(url_host("not a url"), None);
        assert_eq!(iso_prefix("2019-04-07T12:30:00Z").as_deref(), Some("2019-04-07"));
        assert_eq!(iso_prefix("April 7"), None);
    }

    #[test]
    fn repeated_keys_get_a_suffix() {
        let mut k = Keys::default();
        assert_eq!(k.unique("a".into()), "a");
        assert_eq!(k.unique("a".into()), "a~2");
        assert_eq!(k.unique("b".into()), "b");
    }
}
