//! Which rules can match a masked sentence, decided by one Aho-Corasick pass over words the
//! rules require.
//!
//! For every rule, the words one of which any match must contain ("led by", "according to",
//! one of the forms of "back") are read off its pattern's syntax tree. A sentence holding none
//! of a rule's words cannot match it, so the rule is not run. Rules whose patterns require no
//! word of three letters or more always run. This replaces a `RegexSet` over all rules, whose
//! lazy DFA had to build new states for every new sentence (fast on copies of one article, 40×
//! slower on varied text); the automaton here is built once and never grows.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

/// A literal this short rules out too little to be worth a lookup.
const MIN_LITERAL: usize = 3;

/// The rule prefilter: built once with the knowledge, shared by all threads.
pub struct RulePrefilter {
    matcher: AhoCorasick,
    /// Per matcher pattern: the word sets it belongs to.
    pattern_sets: Vec<Vec<usize>>,
    /// Per rule: the word sets that must all be present (empty: the rule always runs).
    rule_sets: Vec<Vec<usize>>,
    sets: usize,
}

impl RulePrefilter {
    /// Build from the rules' patterns (regex syntax, matched case-insensitively).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<RulePrefilter, String> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut pattern_sets: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut set_ids: HashMap<Vec<Vec<u8>>, usize> = HashMap::new();
        let mut rule_sets = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            let p = p.strip_prefix("(?i)").unwrap_or(p);
            let hir = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(p)
                .map_err(|e| format!("rule {}: {e}", i + 1))?;
            let mut mine = Vec::new();
            for set in required_all(&hir).into_iter().filter(|set| set.iter().all(|l| l.len() >= MIN_LITERAL)) {
                let mut set: Vec<Vec<u8>> = set.into_iter().map(|l| l.to_ascii_lowercase()).collect();
                set.sort();
                set.dedup();
                let next = set_ids.len();
                let id = *set_ids.entry(set.clone()).or_insert(next);
                if id == next {
                    for lit in set {
                        let slot = *index.entry(lit.clone()).or_insert_with(|| {
                            literals.push(lit);
                            pattern_sets.push(Vec::new());
                            pattern_sets.len() - 1
                        });
                        pattern_sets[slot].push(id);
                    }
                }
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
            rule_sets.push(mine);
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literals)
            .map_err(|e| format!("building the rule prefilter: {e}"))?;
        Ok(RulePrefilter { matcher, pattern_sets, rule_sets, sets: set_ids.len() })
    }

    /// The rules that can match `text`, in rule order. A superset of the rules that do.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut hit = vec![false; self.sets];
        for m in self.matcher.find_overlapping_iter(text) {
            for &s in &self.pattern_sets[m.pattern().as_usize()] {
                hit[s] = true;
            }
        }
        self.rule_sets.iter().enumerate().filter(|(_, sets)| sets.iter().all(|s| hit[*s])).map(|(i, _)| i).collect()
    }

    /// Number of rules that run on every sentence (no required word).
    pub fn always_run(&self) -> usize {
        self.rule_sets.iter().filter(|s| s.is_empty()).count()
    }
}

/// Sets of literals such that every match of `h` contains a literal of each set.
fn required_all(h: &Hir) -> Vec<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(l) => vec![vec![l.0.to_vec()]],
        HirKind::Class(c) => c.literal().map(|l| vec![vec![l]]).unwrap_or_default(),
        HirKind::Repetition(r) if r.min >= 1 => required_all(&r.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(c) => required_all(&c.sub),
        HirKind::Concat(parts) => {
            // adjacent single literals join into one longer word ("led" + " by")
            let mut out = Vec::new();
            let mut run: Vec<u8> = Vec::new();
            for p in parts {
                match single_literal(p) {
                    Some(l) => run.extend_from_slice(&l),
                    None => {
                        if !run.is_empty() {
                            out.push(vec![std::mem::take(&mut run)]);
                        }
                        out.extend(required_all(p));
                    }
                }
            }
            if !run.is_empty() {
                out.push(vec![run]);
            }
            out
        }
        HirKind::Alternation(alts) => {
            // one of the branches matches: the union of each branch's most selective set
            let mut union = Vec::new();
            for a in alts {
                let Some(best) = required_all(a).into_iter().filter(|s| s.iter().all(|l| l.len() >= MIN_LITERAL)).max_by_key(|s| selectivity(s)) else {
                    return Vec::new();
                };
                union.extend(best);
            }
            vec![union]
        }
    }
}

fn single_literal(h: &Hir) -> Option<Vec<u8>> {
    match h.kind() {
        HirKind::Literal(l) => Some(l.0.to_vec()),
        HirKind::Class(c) => c.literal(),
        HirKind::Capture(c) => single_literal(&c.sub),
        _ => None,
    }
}

/// A set is more selective when its shortest literal is longer, then when it is smaller.
fn selectivity(s: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    (s.iter().map(Vec::len).min().unwrap_or(0).min(8), std::cmp::Reverse(s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words_select_rules() {
        let p = RulePrefilter::new(["(?i)<\\d+[poc]>,? (?:led|headed) by <\\d+[po]>", "(?i)according to <\\d+c>", "\\d+ <\\d+o>"]).unwrap();
        assert_eq!(p.always_run(), 1, "a rule with no word of 3 letters always runs");
        assert_eq!(p.candidates("<0o> HEADED by <1p>"), vec![0, 2]);
        assert_eq!(p.candidates("<0o> led by <1p>"), vec![0, 2]);
        assert_eq!(p.candidates("According to <0c>, it rained"), vec![1, 2]);
        assert_eq!(p.candidates("nothing here"), vec![2]);
        assert_eq!(p.candidates("<0o> was led by nobody"), vec![2], "every required word must be there");
    }

    #[test]
    fn optional_words_are_not_required() {
        let p = RulePrefilter::new(["(?:reportedly )?backs <\\d+o>"]).unwrap();
        assert_eq!(p.candidates("<0c> backs <1o>"), vec![0]);
        assert_eq!(p.candidates("<0c> reportedly backs <1o>"), vec![0]);
        assert!(p.candidates("<0c> reportedly supports <1o>").is_empty());
    }
}
