//! Sorting lines in bounded memory: deterministic output for graphs larger than memory.
//!
//! [`sort_lines`] takes lines in any order and gives them back in byte order, duplicates
//! removed. Up to `budget` bytes of lines are sorted in memory; beyond that, each sorted run is
//! written to a temporary file (unlinked as soon as it is opened, so a killed run leaves
//! nothing behind) and the runs are merged. Memory is bounded by the budget plus one line per
//! run, whatever the number of lines. Lines must not contain `\n`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bytes of lines held in memory before a run is written out (about 3× that in RSS, with the
/// `String` headers and the sort).
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// Lines, sorted and without duplicates.
pub enum Sorted {
    Memory(std::vec::IntoIter<String>),
    Merge(Merge),
}

impl Iterator for Sorted {
    type Item = io::Result<String>;
    fn next(&mut self) -> Option<io::Result<String>> {
        match self {
            Sorted::Memory(it) => it.next().map(Ok),
            Sorted::Merge(m) => m.next(),
        }
    }
}

/// The k-way merge of sorted runs on disk.
pub struct Merge {
    runs: Vec<std::io::Lines<BufReader<File>>>,
    heap: BinaryHeap<Reverse<(String, usize)>>,
    last: Option<String>,
}

impl Merge {
    fn pull(&mut self, run: usize) -> io::Result<()> {
        if let Some(line) = self.runs[run].next() {
            self.heap.push(Reverse((line?, run)));
        }
        Ok(())
    }
}

impl Iterator for Merge {
    type Item = io::Result<String>;
    fn next(&mut self) -> Option<io::Result<String>> {
        loop {
            let Reverse((line, run)) = self.heap.pop()?;
            if let Err(e) = self.pull(run) {
                return Some(Err(e));
            }
            if self.last.as_deref() == Some(line.as_str()) {
                continue;
            }
            self.last = Some(line.clone());
            return Some(Ok(line));
        }
    }
}

/// A temporary file in `dir`, already unlinked (on Unix): it disappears with its handle.
fn scratch(dir: &Path) -> io::Result<File> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path: PathBuf = dir.join(format!(".newsgraph-sort.{}.{n}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}

/// Write a sorted run to a new scratch file in `dir`, one line each, and empty the run.
fn spill(run: &mut Vec<String>, dir: &Path) -> io::Result<File> {
    let mut file = scratch(dir)?;
    {
        let mut w = BufWriter::new(&mut file);
        for l in run.drain(..) {
            w.write_all(l.as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    Ok(file)
}

fn sort_run(run: &mut Vec<String>) {
    run.sort_unstable();
    run.dedup();
}

/// Sort `lines` (byte order, duplicates dropped) holding at most about `budget` bytes of them
/// in memory; sorted runs beyond that go to temporary files in `dir`.
pub fn sort_lines<E>(lines: impl IntoIterator<Item = Result<String, E>>, budget: usize, dir: &Path) -> Result<Sorted, E>
where
    E: From<io::Error>,
{
    let mut run: Vec<String> = Vec::new();
    let mut held = 0usize;
    let mut files: Vec<File> = Vec::new();
    for line in lines {
        let line = line?;
        held += line.len() + 32;
        run.push(line);
        if held >= budget {
            sort_run(&mut run);
            files.push(spill(&mut run, dir)?);
            run.shrink_to(run.len().max(1024));
            held = 0;
        }
    }
    sort_run(&mut run);
    if files.is_empty() {
        return Ok(Sorted::Memory(run.into_iter()));
    }
    if !run.is_empty() {
        files.push(spill(&mut run, dir)?);
    }
    drop(run);
    let mut merge = Merge { runs: Vec::new(), heap: BinaryHeap::new(), last: None };
    for mut f in files {
        f.seek(SeekFrom::Start(0))?;
        merge.runs.push(BufReader::with_capacity(64 << 10, f).lines());
    }
    for i in 0..merge.runs.len() {
        merge.pull(i)?;
    }
    Ok(Sorted::Merge(merge))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lines: &[&str], budget: usize) -> Vec<String> {
        let dir = std::env::temp_dir();
        let it = lines.iter().map(|l| Ok::<_, io::Error>(l.to_string()));
        sort_lines(it, budget, &dir).unwrap().collect::<io::Result<Vec<_>>>().unwrap()
    }

    #[test]
    fn in_memory_and_on_disk_give_the_same_sorted_distinct_lines() {
        let lines: Vec<String> = (0..2000).map(|i| format!("<http://x/{}> \"é{}\"", (i * 7919) % 1000, (i % 1000) % 13)).collect();
        let refs: Vec<&str> = lines.iter().map(|s| s.as_str()).collect();
        let mut expected = lines.clone();
        expected.sort();
        expected.dedup();
        assert_eq!(sorted(&refs, usize::MAX), expected);
        // a budget of a few lines: many runs on disk, merged
        assert_eq!(sorted(&refs, 200), expected);
        assert!(expected.len() < lines.len(), "the input has duplicates to drop");
    }

    #[test]
    fn no_lines() {
        assert!(sorted(&[], 10).is_empty());
    }
}
