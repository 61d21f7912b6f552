//! Scoring facts against a gold file, exactly as `shared/eval/score.py` does.

/// Normalise a label the way the scorer does: accents, case, full stops, possessive,
/// punctuation and a leading "the" ignored.
pub fn norm(label: &str) -> String {
    let mut s: String = label.chars().map(crate::text::fold_accent).collect::<String>().to_lowercase();
    s = s.replace(['\u{2019}', '\u{2018}'], "'").replace('.', "");
    for suffix in ["'s", "'"] {
        if let Some(x) = s.strip_suffix(suffix) {
            s = x.to_string();
        }
    }
    let s: String = s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use crate::vocab::Predicate;

type Ids = BTreeSet<String>;

/// A gold fact: document, predicate, subject and object alternatives, whether required.
#[derive(Clone, Debug)]
pub struct GoldFact {
    pub doc: String,
    pub predicate: Predicate,
    pub subject: Ids,
    pub object: Ids,
    pub required: bool,
}

/// A gold file (format: shared/FACTS.md).
#[derive(Clone, Debug, Default)]
pub struct Gold {
    aliases: HashMap<String, Ids>,
    pub facts: Vec<GoldFact>,
    /// (doc, kind, numbers, required)
    pub numbers: Vec<(String, Predicate, BTreeSet<u64>, bool)>,
}

/// A system fact as the scorer sees it.
#[derive(Clone, Debug)]
pub struct SysFact {
    pub doc: String,
    pub predicate: Predicate,
    pub subject: String,
    pub object: String,
}

pub fn parse_gold(text: &str) -> Result<Gold, String> {
    let mut g = Gold::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |m: &str| format!("line {}: bad gold line: {m}", n + 1);
        let pred = |p: &str| Predicate::from_name(p).ok_or_else(|| bad(&format!("unknown predicate {p}")));
        match cols[0] {
            "E" if cols.len() >= 4 => {
                for name in cols[3].split('|').chain([cols[1]]) {
                    g.aliases.entry(norm(name)).or_default().insert(cols[1].to_string());
                }
            }
            "F" if cols.len() >= 5 => {
                let p = pred(cols[3])?;
                if p.is_casualty() {
                    return Err(bad("casualty kinds go on N lines"));
                }
                g.facts.push(GoldFact {
                    doc: cols[1].to_string(),
                    predicate: p,
                    subject: cols[2].split('|').map(String::from).collect(),
                    object: cols[4].split('|').map(String::from).collect(),
                    required: cols.get(5).map(|c| c.trim()) != Some("optional"),
                });
            }
            "N" if cols.len() >= 4 => {
                let nums = cols[3].split('|').map(|x| x.trim().parse::<u64>()).collect::<Result<BTreeSet<_>, _>>().map_err(|e| bad(&e.to_string()))?;
                g.numbers.push((cols[1].to_string(), pred(cols[2])?, nums, cols.get(4).map(|c| c.trim()) != Some("optional")));
            }
            k => return Err(bad(&format!("unknown line kind {k:?} or too few columns"))),
        }
    }
    let known: HashSet<&String> = g.aliases.values().flatten().collect();
    for f in &g.facts {
        if let Some(e) = f.subject.iter().chain(&f.object).find(|e| !known.contains(e)) {
            return Err(format!("fact names undeclared entity {e}"));
        }
    }
    Ok(g)
}

impl Gold {
    fn resolve(&self, label: &str) -> Ids {
        let n = norm(label);
        self.aliases.get(&n).cloned().unwrap_or_else(|| [format!("?{n}")].into())
    }
}

struct Resolved<'a> {
    fact: &'a SysFact,
    s: Ids,
    o: Ids,
}

fn matches(p: Predicate, s: &Ids, o: &Ids, g: &GoldFact) -> bool {
    if p != g.predicate {
        return false;
    }
    let meet = |a: &Ids, b: &Ids| a.iter().any(|x| b.contains(x));
    (meet(s, &g.subject) && meet(o, &g.object)) || (p.is_symmetric() && meet(s, &g.object) && meet(o, &g.subject))
}

fn merge_gold(facts: &[GoldFact]) -> Vec<GoldFact> {
    let mut merged: Vec<GoldFact> = Vec::new();
    'outer: for f in facts {
        let meet = |a: &Ids, b: &Ids| a.iter().any(|x| b.contains(x));
        for m in merged.iter_mut() {
            if m.predicate != f.predicate {
                continue;
            }
            if meet(&f.subject, &m.subject) && meet(&f.object, &m.object) {
                m.subject.extend(f.subject.iter().cloned());
                m.object.extend(f.object.iter().cloned());
                m.required |= f.required;
                continue 'outer;
            }
            if f.predicate.is_symmetric() && meet(&f.subject, &m.object) && meet(&f.object, &m.subject) {
                m.subject.extend(f.object.iter().cloned());
                m.object.extend(f.subject.iter().cloned());
                m.required |= f.required;
                continue 'outer;
            }
        }
        merged.push(GoldFact { doc: "*".into(), ..f.clone() });
    }
    merged
}

fn dedup<'a>(facts: Vec<Resolved<'a>>) -> Vec<Resolved<'a>> {
    let mut seen = HashSet::new();
    facts
        .into_iter()
        .filter(|f| {
            let key = if f.fact.predicate.is_symmetric() {
                let mut pair = [f.s.clone(), f.o.clone()];
                pair.sort();
                (f.fact.predicate, pair[0].clone(), pair[1].clone())
            } else {
                (f.fact.predicate, f.s.clone(), f.o.clone())
            };
            seen.insert(key)
        })
        .collect()
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub found: usize,
    pub total: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.found as f64 / self.total as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn score(sys: &[Resolved], gold: &[GoldFact]) -> (Prf, Vec<usize>, Vec<usize>) {
    let mut prf = Prf::default();
    let mut fps = Vec::new();
    let mut matched = HashSet::new();
    for (i, f) in sys.iter().enumerate() {
        let hits: Vec<usize> = gold.iter().enumerate().filter(|(_, g)| matches(f.fact.predicate, &f.s, &f.o, g)).map(|(i, _)| i).collect();
        if hits.is_empty() {
            prf.fp += 1;
            fps.push(i);
            continue;
        }
        if hits.iter().any(|&h| gold[h].required) {
            prf.tp += 1;
        }
        matched.extend(hits);
    }
    let required: Vec<usize> = (0..gold.len()).filter(|&i| gold[i].required).collect();
    prf.total = required.len();
    prf.found = required.iter().filter(|i| matched.contains(i)).count();
    let fns = required.into_iter().filter(|i| !matched.contains(i)).collect();
    (prf, fps, fns)
}

/// The full report, as `score.py` prints it. Returns the text and the corpus-level score.
pub fn report(gold: &Gold, sys: &[SysFact], verbose: bool, per_doc: bool) -> (String, Prf, Prf) {
    let mut out = String::new();
    let relations: Vec<Resolved> = sys
        .iter()
        .filter(|f| !f.predicate.is_casualty())
        .map(|f| Resolved { fact: f, s: gold.resolve(&f.subject), o: gold.resolve(&f.object) })
        .collect();
    let corpus_gold = merge_gold(&gold.facts);
    let corpus_sys = dedup(relations.iter().map(|r| Resolved { fact: r.fact, s: r.s.clone(), o: r.o.clone() }).collect());
    out.push_str("predicate          P      R      F1    system  gold\n");
    let mut predicates: Vec<Predicate> = Predicate::ALL.into_iter().filter(|p| !p.is_casualty()).collect();
    predicates.sort_by_key(|p| p.name());
    for p in predicates {
        let g: Vec<GoldFact> = corpus_gold.iter().filter(|x| x.predicate == p).cloned().collect();
        let s: Vec<&Resolved> = corpus_sys.iter().filter(|x| x.fact.predicate == p).collect();
        if g.is_empty() && s.is_empty() {
            continue;
        }
        let s: Vec<Resolved> = s.into_iter().map(|r| Resolved { fact: r.fact, s: r.s.clone(), o: r.o.clone() }).collect();
        let (prf, _, _) = score(&s, &g);
        let _ = writeln!(out, "{:<18} {:.2}   {:.2}   {:.2}  {:>6}  {:>4}", p.name(), prf.precision(), prf.recall(), prf.f1(), s.len(), prf.total);
    }
    if per_doc {
        out.push_str("\ndocument                       P      R      F1\n");
        let docs: BTreeSet<&String> = gold.facts.iter().map(|g| &g.doc).collect();
        for d in docs {
            let g: Vec<GoldFact> = gold.facts.iter().filter(|x| &x.doc == d).cloned().collect();
            let s = dedup(relations.iter().filter(|r| &r.fact.doc == d).map(|r| Resolved { fact: r.fact, s: r.s.clone(), o: r.o.clone() }).collect());
            let (prf, _, _) = score(&s, &g);
            let _ = writeln!(out, "{:<30} {:.2}   {:.2}   {:.2}", d, prf.precision(), prf.recall(), prf.f1());
        }
    }
    // casualty figures per document
    let mut num = Prf::default();
    let sys_numbers: BTreeSet<(String, Predicate, u64)> = sys
        .iter()
        .filter(|f| f.predicate.is_casualty())
        .filter_map(|f| {
            let digits: String = f.object.chars().filter(|c| c.is_ascii_digit()).collect();
            digits.parse().ok().map(|n| (f.doc.clone(), f.predicate, n))
        })
        .collect();
    let docs: BTreeSet<String> = gold.numbers.iter().map(|n| n.0.clone()).chain(sys_numbers.iter().map(|n| n.0.clone())).collect();
    for d in &docs {
        let g: Vec<&(String, Predicate, BTreeSet<u64>, bool)> = gold.numbers.iter().filter(|n| &n.0 == d).collect();
        let mut hit = HashSet::new();
        for (_, k, v) in sys_numbers.iter().filter(|n| &n.0 == d) {
            let idx: Vec<usize> = (0..g.len()).filter(|&i| g[i].1 == *k && g[i].2.contains(v)).collect();
            if idx.is_empty() {
                num.fp += 1;
                if verbose {
                    let _ = writeln!(out, "  number FP  {d} {} {v}", k.name());
                }
            } else {
                if idx.iter().any(|&i| g[i].3) {
                    num.tp += 1;
                }
                hit.extend(idx);
            }
        }
        for (i, n) in g.iter().enumerate() {
            if n.3 {
                num.total += 1;
                if hit.contains(&i) {
                    num.found += 1;
                } else if verbose {
                    let vals: Vec<String> = n.2.iter().map(u64::to_string).collect();
                    let _ = writeln!(out, "  number FN  {d} {} {}", n.1.name(), vals.join("|"));
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\nnumbers (per document): P={:.2} R={:.2} F1={:.2} system={} gold={}",
        num.precision(),
        num.recall(),
        num.f1(),
        num.tp + num.fp,
        num.total
    );
    let (prf, fps, fns) = score(&corpus_sys, &corpus_gold);
    if verbose {
        for i in fps {
            let f = corpus_sys[i].fact;
            let _ = writeln!(out, "  FP  {} {} {}  [{}]", f.subject, f.predicate.name(), f.object, f.doc);
        }
        for i in fns {
            let g = &corpus_gold[i];
            let join = |s: &Ids| s.iter().cloned().collect::<Vec<_>>().join("|");
            let _ = writeln!(out, "  FN  {} {} {}", join(&g.subject), g.predicate.name(), join(&g.object));
        }
    }
    let _ = writeln!(
        out,
        "facts (corpus): F1={:.2} P={:.2} R={:.2} tp={} fp={} found={}/{}",
        prf.f1(),
        prf.precision(),
        prf.recall(),
        prf.tp,
        prf.fp,
        prf.found,
        prf.total
    );
    (out, prf, num)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_matches_the_scorer() {
        assert_eq!(norm("The U.N.-backed Government's"), "un backed government");
        assert_eq!(norm("António Guterres"), "antonio guterres");
    }

    #[test]
    fn scores_like_score_py() {
        let gold = parse_gold("E\th\tPerson\tHaftar|Hifter\nE\tr\tCountry\tRussia\nF\td\tr\tsupports\th\nF\td\th\topposes\tr\toptional\nN\td\tkilled\t5|6\n").unwrap();
        let sys = vec![
            SysFact { doc: "d".into(), predicate: Predicate::Supports, subject: "Russia".into(), object: "Hifter".into() },
            SysFact { doc: "d".into(), predicate: Predicate::Opposes, subject: "Russia".into(), object: "Haftar".into() },
            SysFact { doc: "d".into(), predicate: Predicate::Supports, subject: "Egypt".into(), object: "Haftar".into() },
            SysFact { doc: "d".into(), predicate: Predicate::Killed, subject: "".into(), object: "6".into() },
        ];
        let (_, prf, num) = report(&gold, &sys, false, false);
        assert_eq!((prf.tp, prf.fp, prf.found, prf.total), (1, 1, 1, 1));
        assert_eq!((num.tp, num.fp, num.found, num.total), (1, 0, 1, 1));
    }
}
