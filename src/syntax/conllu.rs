//! Reading and writing CoNLL-U: gold treebanks for training and evaluation, and the `parse`
//! command's output. Multiword-token lines (`3-4`) and empty nodes (`3.1`) are kept aside:
//! only word lines carry the tree.

use super::{ParsedSentence, Word};
use std::fmt::Write as _;

/// A sentence as a CoNLL-U file gives it: comments, word lines split into columns, and the
/// lines between word lines (multiword tokens, empty nodes) by the index of the word they precede.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub comments: Vec<String>,
    /// Each word line's ten columns.
    pub words: Vec<Vec<String>>,
    /// (index of the following word, the raw line) for multiword-token and empty-node lines.
    pub other: Vec<(usize, String)>,
}

impl Block {
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w[1].as_str()).collect()
    }
    pub fn upos(&self) -> Vec<&str> {
        self.words.iter().map(|w| w[3].as_str()).collect()
    }
    /// Gold heads (0 = root, else 1-based), unparsable as 0.
    pub fn heads(&self) -> Vec<usize> {
        self.words.iter().map(|w| w[6].parse().unwrap_or(0)).collect()
    }
    pub fn deprels(&self) -> Vec<&str> {
        self.words.iter().map(|w| w[7].as_str()).collect()
    }
    pub fn lemmas(&self) -> Vec<&str> {
        self.words.iter().map(|w| w[2].as_str()).collect()
    }
    /// The `# text = ...` comment, if any.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| c.strip_prefix("# text = "))
    }
}

/// Splits CoNLL-U text into sentences. A word line without ten tab-separated columns is an error
/// naming its line number.
pub fn read(text: &str) -> Result<Vec<Block>, String> {
    let mut out = Vec::new();
    let mut cur = Block::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if line.starts_with('#') {
            cur.comments.push(line.to_string());
        } else {
            let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
            if cols.len() != 10 {
                return Err(format!("line {}: {} columns, CoNLL-U word lines have 10", n + 1, cols.len()));
            }
            if cols[0].bytes().all(|b| b.is_ascii_digit()) {
                cur.words.push(cols);
            } else {
                cur.other.push((cur.words.len(), line.to_string()));
            }
        }
    }
    if !cur.words.is_empty() || !cur.comments.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// A parsed sentence of raw text as CoNLL-U, with `TokenRange=start:end` (bytes into the
/// article) and `SpaceAfter=No` in MISC.
pub fn write_sentence(out: &mut String, id: usize, text: &str, s: &ParsedSentence) {
    let _ = writeln!(out, "# sent_id = {id}");
    let _ = writeln!(out, "# text = {}", one_line(&text[s.start..s.end]));
    for (i, w) in s.words.iter().enumerate() {
        let mut misc = format!("TokenRange={}:{}", w.start, w.end);
        if s.words.get(i + 1).is_some_and(|n| n.start == w.end) {
            misc.push_str("|SpaceAfter=No");
        }
        word_line(out, i, w, &misc);
    }
    out.push('\n');
}

/// A tokenized sentence re-written with predicted columns; comments, multiword-token lines and
/// each word's MISC are kept.
pub fn write_block(out: &mut String, b: &Block, words: &[Word]) {
    for c in &b.comments {
        out.push_str(c);
        out.push('\n');
    }
    let mut other = b.other.iter().peekable();
    for (i, w) in words.iter().enumerate() {
        while let Some((_, line)) = other.next_if(|(at, _)| *at == i) {
            if !line.contains('.') {
                out.push_str(line);
                out.push('\n');
            }
        }
        word_line(out, i, w, &b.words[i][9]);
    }
    out.push('\n');
}

fn word_line(out: &mut String, i: usize, w: &Word, misc: &str) {
    let head = w.head.map_or(0, |h| h + 1);
    let misc = if misc.is_empty() { "_" } else { misc };
    let _ = writeln!(out, "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\t{}", i + 1, clean(&w.form), clean(&w.lemma), w.upos, head, w.deprel, misc);
}

/// Fields may not hold tabs or line breaks.
fn clean(s: &str) -> String {
    let s: String = s.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect();
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

fn one_line(s: &str) -> String {
    s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect()
}
