//! Scale-corpus generator for honest benchmarks (BENCHMARKS.md, tools/bench.sh): writes N
//! *varied* articles made of real sentences, so no two articles are copies and the regex
//! engines' caches cannot flatter the numbers.
//!
//! Sources, read at run time and never copied into the repository: the articles of
//! `SHARED/dev/corpus`, the bundled `corpus/`, and the sentences of `SHARED/ud/*.conllu` (their
//! `# text` lines, grouped into articles by `# newdoc`). Each generated article follows a real
//! news article's paragraphs, replaces about a third of its sentences with sentences drawn from
//! the whole pool (news and UD), and then swaps every known name for another name of the same
//! type from the ontology, every number for another of the same length, every month and year
//! for another. Output is deterministic for a given seed.
//!
//! Usage: cargo run --release --example scale_corpus -- OUT_DIR N [--shared DIR] [--seed S]
//! Writes `OUT_DIR/g/NNN/aNNNNNNN.txt` and `OUT_DIR/metadata.csv` (publication dates).
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use newsgraph::knowledge::{Knowledge, LabelKind};
use newsgraph::vocab::EntityType;

/// splitmix64: small, deterministic, good enough to shuffle text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// A source article: paragraphs of sentences.
type Doc = Vec<Vec<String>>;

fn news_docs(dir: &Path) -> Vec<Doc> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect())
        .unwrap_or_default();
    paths.sort();
    let mut docs = Vec::new();
    for p in paths {
        let Ok(text) = fs::read_to_string(&p) else { continue };
        let mut doc: Doc = Vec::new();
        let mut last_para = usize::MAX;
        for s in newsgraph::text::sentences(&text) {
            if s.para != last_para {
                doc.push(Vec::new());
                last_para = s.para;
            }
            doc.last_mut().expect("pushed").push(text[s.start..s.end].to_string());
        }
        if !doc.is_empty() {
            docs.push(doc);
        }
    }
    docs
}

/// UD treebank documents: `# text` lines grouped by `# newdoc`, paragraphs of up to 3 sentences.
fn ud_docs(dir: &Path) -> Vec<Doc> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "conllu")).collect())
        .unwrap_or_default();
    paths.sort();
    let mut docs = Vec::new();
    for p in paths {
        let Ok(text) = fs::read_to_string(&p) else { continue };
        let mut cur: Vec<String> = Vec::new();
        let mut flush = |cur: &mut Vec<String>| {
            if !cur.is_empty() {
                docs.push(cur.chunks(3).map(|c| c.to_vec()).collect());
                cur.clear();
            }
        };
        for line in text.lines() {
            if line.starts_with("# newdoc") || cur.len() >= 40 {
                flush(&mut cur);
            }
            if let Some(t) = line.strip_prefix("# text = ") {
                cur.push(t.trim().to_string());
            }
        }
        flush(&mut cur);
    }
    docs
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Names of the ontology's people, organizations, countries and places, by type.
struct Names {
    by_type: Vec<(EntityType, Vec<String>)>,
}

impl Names {
    fn of(&self, t: EntityType) -> Option<&[String]> {
        self.by_type.iter().find(|(tt, _)| *tt == t).map(|(_, v)| v.as_slice()).filter(|v| !v.is_empty())
    }
}

/// Swap known names (same type), numbers (same digit count; years stay years) and months.
fn swap(text: &str, k: &Knowledge, names: &Names, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric();
    for m in k.matcher.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if (s > 0 && word(bytes[s - 1])) || (e < bytes.len() && word(bytes[e])) {
            continue;
        }
        if !text[s..].starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let Some(&(idx, kind, _)) = k.patterns[m.pattern().as_usize()].first() else { continue };
        let etype = k.entity(idx).ent.etype;
        if kind != LabelKind::Name || etype == EntityType::Concept {
            continue;
        }
        let Some(pool) = names.of(etype) else { continue };
        out.push_str(&swap_numbers(&text[last..s], rng));
        out.push_str(rng.pick::<String>(pool));
        last = e;
    }
    out.push_str(&swap_numbers(&text[last..], rng));
    out
}

fn swap_numbers(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let n = j - i;
            if n == 4 && (b[i..].starts_with(b"19") || b[i..].starts_with(b"20")) {
                let _ = write!(out, "{}", 1990 + rng.below(36));
            } else {
                let _ = write!(out, "{}", 1 + rng.below(9));
                for _ in 1..n {
                    let _ = write!(out, "{}", rng.below(10));
                }
            }
            i = j;
            continue;
        }
        if b[i].is_ascii_uppercase() && (i == 0 || !b[i - 1].is_ascii_alphabetic()) {
            if let Some(m) = MONTHS.iter().find(|m| b[i..].starts_with(m.as_bytes()) && !b.get(i + m.len()).is_some_and(u8::is_ascii_alphabetic)) {
                out.push_str(rng.pick::<&str>(&MONTHS));
                i += m.len();
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: scale_corpus OUT_DIR N [--shared DIR] [--seed S]";
    let (Some(out), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = opt("--shared").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let seed: u64 = opt("--seed").and_then(|s| s.parse().ok()).unwrap_or(12);

    let k = Knowledge::load(&Knowledge::default_dir()).unwrap_or_else(|e| {
        eprintln!("scale_corpus: {e}");
        std::process::exit(2);
    });
    let mut names = Names { by_type: Vec::new() };
    for t in [EntityType::Person, EntityType::Organization, EntityType::Country, EntityType::Place] {
        let v: Vec<String> = k.entities.iter().filter(|e| e.ent.etype == t).map(|e| e.ent.label.clone()).collect();
        names.by_type.push((t, v));
    }
    let mut news = news_docs(&shared.join("dev/corpus"));
    news.extend(news_docs(&root.join("corpus")));
    let ud = ud_docs(&shared.join("ud"));
    if news.is_empty() {
        eprintln!("scale_corpus: no articles in {}/dev/corpus or corpus/", shared.display());
        std::process::exit(2);
    }
    let news_pool: Vec<&String> = news.iter().flatten().flatten().collect();
    let ud_pool: Vec<&String> = ud.iter().flatten().flatten().collect();
    eprintln!(
        "scale_corpus: {} news articles ({} sentences), {} UD documents ({} sentences), {} names",
        news.len(),
        news_pool.len(),
        ud.len(),
        ud_pool.len(),
        names.by_type.iter().map(|(_, v)| v.len()).sum::<usize>()
    );

    let out = Path::new(out);
    fs::create_dir_all(out).expect("create output folder");
    let mut meta = String::from("id,title,outlet,date,url,date_source\n");
    let outlets = ["AFP", "Reuters", "AP", "BBC", "Al Jazeera", "RFE/RL", "NPR", "The Guardian"];
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for i in 0..n {
        // one article in five follows a UD document (web text, reviews, news), the rest a news article
        let base: &Doc = if !ud.is_empty() && rng.below(5) == 0 { rng.pick(&ud) } else { rng.pick(&news) };
        let mut text = String::new();
        for para in base {
            let mut p = String::new();
            for s in para {
                let s: &str = match rng.below(6) {
                    0 if !ud_pool.is_empty() => rng.pick::<&String>(&ud_pool),
                    1 => rng.pick::<&String>(&news_pool),
                    _ => s,
                };
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(s);
            }
            text.push_str(&swap(&p, &k, &names, &mut rng));
            text.push_str("\n\n");
        }
        let id = format!("g/{:03}/a{i:07}", i / 1000);
        let path = out.join(format!("{id}.txt"));
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
        fs::write(&path, &text).expect("write article");
        bytes += text.len();
        let title: String = text.lines().next().unwrap_or("").chars().take(80).filter(|c| *c != '"').collect();
        let date = format!("{}-{:02}-{:02}", 2000 + rng.below(26), 1 + rng.below(12), 1 + rng.below(28));
        let _ = writeln!(meta, "{id},\"{title}\",{},{date},,generated", rng.pick::<&str>(&outlets));
    }
    fs::write(out.join("metadata.csv"), meta).expect("write metadata.csv");
    eprintln!("scale_corpus: wrote {n} articles, {:.1} MB, to {}", bytes as f64 / 1e6, out.display());
}
