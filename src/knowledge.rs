//! The knowledge the extractor reads with: actors and their labels (from `ontology/*.ttl`),
//! titles (`ontology/titles.tsv`) and relation rules (`ontology/rules.tsv`). All of it is data
//! an analyst can extend without recompiling; `Knowledge::load` reads a folder of it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};

use crate::rules::{self, Rule};
use crate::vocab::{self, EntityType};

/// An entity: IRI, preferred label, type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ent {
    pub iri: String,
    pub label: String,
    pub etype: EntityType,
}

/// What the ontology says about one known entity.
#[derive(Clone, Debug)]
pub struct EntityInfo {
    pub ent: Ent,
    /// "X's forces" means this organization.
    pub forces: Option<usize>,
    pub capital_of: Option<usize>,
    pub country: Option<usize>,
    pub based_in: Option<usize>,
    /// The states a person has headed (`ng:headOf`): "President X" with no country named
    /// leads the one they headed.
    pub head_of: Vec<usize>,
    /// Every label, lower-cased (names a user may type).
    pub labels_lc: Vec<String>,
    /// Names only (no descriptions), lower-cased, for "the council" after "the Security Council".
    pub names_lc: Vec<String>,
    /// A country's demonyms ("Libyan").
    pub demonyms: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    Name,
    Demonym,
    Description,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleClass {
    Head,
    Chief,
    Member,
    Honorific,
}

/// The other spelling of each Arabic article in a name: "El Fasher" → "El-Fasher",
/// "al-Qaeda in Iraq" → "al Qaeda in Iraq".
fn article_variants(label: &str) -> Vec<String> {
    const ARTICLES: [&str; 12] = ["al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ed", "en", "es"];
    let words: Vec<&str> = label.split(' ').collect();
    let mut joined = Vec::with_capacity(words.len());
    let mut changed = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if ARTICLES.contains(&w.to_ascii_lowercase().as_str()) && i + 1 < words.len() {
            joined.push(format!("{w}-{}", words[i + 1]));
            changed = true;
            i += 2;
            continue;
        }
        joined.push(w.to_string());
        i += 1;
    }
    let mut out = Vec::new();
    if changed {
        out.push(joined.join(" "));
    }
    let apart: Vec<String> = words
        .iter()
        .map(|w| match w.split_once('-') {
            Some((a, rest)) if ARTICLES.contains(&a.to_ascii_lowercase().as_str()) && !rest.is_empty() => format!("{a} {rest}"),
            _ => w.to_string(),
        })
        .collect();
    let apart = apart.join(" ");
    if apart != label {
        out.push(apart);
    }
    // an article inside a name is often dropped: "Hashd al-Shaabi" → "Hashd Shaabi"
    let dropped: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match w.split_once('-') {
            Some((a, rest)) if i > 0 && ARTICLES.contains(&a.to_ascii_lowercase().as_str()) && rest.len() > 2 => rest.to_string(),
            _ => w.to_string(),
        })
        .collect();
    let dropped = dropped.join(" ");
    if dropped != label && dropped.contains(' ') {
        out.push(dropped);
    }
    out
}

/// The English words the surface rules check around a match (`ontology/lexicon.tsv`).
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub negation: Regex,
    pub modality: Regex,
    /// Intentions ("vowed to", "threatened to"): an intended attack is no attack, but a stance
    /// (optional in the file; absent, nothing matches).
    pub intention: Regex,
    pub hedge: Regex,
    pub barrier: Regex,
    /// Titles of a head of state or government ("President X"): with no country named, X leads
    /// the state the knowledge says X headed (optional; absent, no title does).
    pub state_head: Regex,
    /// Titles of a state's ministers and envoys ("Foreign Minister X"): with no country named,
    /// X is a member of the state the knowledge gives as X's (optional).
    pub state_member: Regex,
}

/// The lexicon shipped in `ontology/lexicon.tsv`, for ontology folders without one.
pub const BUNDLED_LEXICON: &str = include_str!("../ontology/lexicon.tsv");

/// Split at the `|`s outside parentheses.
fn top_level_alternatives(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

impl Lexicon {
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let mut lists: HashMap<&str, Regex> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, alts) = line.split_once('\t').ok_or(format!("line {}: NAME<tab>ALTERNATIVES", n + 1))?;
            // whole words: a boundary wherever a phrase starts or ends with a word character
            let phrases: Vec<String> = top_level_alternatives(alts.trim())
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| {
                    let p = p.trim();
                    // "n't" is glued to its verb ("didn't"): no boundary before it
                    let head = if p.starts_with(|c: char| c.is_alphanumeric()) && !p.starts_with("n'") { "\\b" } else { "" };
                    let tail = if p.ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == '?') { "\\b" } else { "" };
                    format!("{head}(?:{p}){tail}")
                })
                .collect();
            let re = Regex::new(&format!("(?i)(?:{})", phrases.join("|"))).map_err(|e| format!("line {}: {e}", n + 1))?;
            lists.insert(name.trim(), re);
        }
        let nothing = || Regex::new(r"[^\s\S]").unwrap();
        let intention = lists.remove("intention").unwrap_or_else(nothing);
        let state_head = lists.remove("state_head").unwrap_or_else(nothing);
        let state_member = lists.remove("state_member").unwrap_or_else(nothing);
        let mut take = |name: &str| lists.remove(name).ok_or(format!("no {name} line"));
        Ok(Lexicon { negation: take("negation")?, modality: take("modality")?, intention, hedge: take("hedge")?, barrier: take("barrier")?, state_head, state_member })
    }
}

/// Everything the extractor knows, compiled once.
pub struct Knowledge {
    pub entities: Vec<EntityInfo>,
    by_iri: HashMap<String, usize>,
    /// Lower-cased label → entity, for exact lookups (the "X" of "X-backed").
    by_label: HashMap<String, usize>,
    pub matcher: AhoCorasick,
    /// Per matcher pattern (labels equal but for ASCII case share one): the entities it may
    /// name, each with its kind and how its case must match.
    pub patterns: Vec<Vec<(usize, LabelKind, CaseRule)>>,
    /// Title phrase (lower-case) → class.
    pub titles: Vec<(String, TitleClass)>,
    pub rules: Vec<Rule>,
    /// One pass over a sentence tells which rules can match it (see `prefilter`).
    pub rule_filter: crate::prefilter::RulePrefilter,
    /// A title chain at the end of the text before a name ("Gen.", "Prime Minister").
    pub title_before: Regex,
    /// Between an organization and a name: "'s foreign-policy chief, ", " spokesman ".
    pub title_between: Regex,
    /// A title right after an organization, with no name after it ("the UN secretary-general said").
    pub title_after: Regex,
    /// "the commander", "the secretary-general".
    pub the_title: Regex,
    /// The ontology files' triples, for the store's ontology graph.
    pub quads: Vec<Quad>,
    /// Negation, modality, hedges and clause barriers (`lexicon.tsv`).
    pub lexicon: Lexicon,
    /// Rules over dependency trees (`syntax.rules`; none when the folder has no such file).
    pub deps: crate::extract::deps::DepRules,
    /// The tagger and parser, loaded on first use (extraction needs it, queries do not).
    model: std::sync::OnceLock<Option<crate::syntax::Model>>,
    /// The word forms that may trigger a syntax rule, made with the model.
    trigger_forms: std::sync::OnceLock<crate::extract::deps::TriggerForms>,
    /// Every rule and confidence a fact can carry, described once in the ontology graph.
    readings: std::sync::OnceLock<crate::rdf::Readings>,
    /// People's names of two words or more by their consonants ([`name_skeleton`]); `None`
    /// where two people share one. Made on first use.
    skeletons: std::sync::OnceLock<HashMap<String, Option<usize>>>,
}

/// A person's name by its consonants, word by word: lower case, accents folded, vowels and
/// doubled letters dropped, the article "al"/"el" dropped ("Mohamed Hamdan Daglo" and
/// "Mohammed Hamdan Dagalo" are both "mhmd hmdn dgl"): transliterations of one name differ
/// mostly there. `None` for one word or fewer than six consonants (too little to tell people
/// apart).
pub fn name_skeleton(name: &str) -> Option<String> {
    let mut words = Vec::new();
    for w in name.split(|c: char| c.is_whitespace() || c == '-') {
        let w: String = w.chars().map(crate::text::fold_accent).filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
        if w.is_empty() || w == "al" || w == "el" {
            continue;
        }
        let mut sk = String::new();
        for c in w.chars().filter(|c| !"aeiouy".contains(*c)) {
            if !sk.ends_with(c) {
                sk.push(c);
            }
        }
        if sk.is_empty() {
            return None;
        }
        words.push(sk);
    }
    (words.len() >= 2 && words.iter().map(String::len).sum::<usize>() >= 6).then(|| words.join(" "))
}

/// The model, or `None` with one warning on standard error: extraction then runs the surface
/// rules only.
fn model_or_warning(model: Result<crate::syntax::Model, crate::syntax::ModelError>) -> Option<crate::syntax::Model> {
    model.map_err(|e| eprintln!("warning: {e}; rules over syntax are skipped")).ok()
}

/// How a label's case must match the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Acronyms (UN, IS): exactly as written.
    Exact,
    /// Names: first letter upper-case, rest any case.
    Capitalised,
    /// Descriptions and concept phrases: any case.
    Any,
}

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("reading {path}: {message}")]
    File { path: PathBuf, message: String },
}

fn file_err(path: &Path, message: impl ToString) -> KnowledgeError {
    KnowledgeError::File { path: path.to_path_buf(), message: message.to_string() }
}

impl Knowledge {
    /// The ontology folder shipped with newsgraph (`NEWSGRAPH_ONTOLOGY` overrides it).
    pub fn default_dir() -> PathBuf {
        if let Some(d) = std::env::var_os("NEWSGRAPH_ONTOLOGY") {
            return PathBuf::from(d);
        }
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology"))
    }

    /// Load `*.ttl`, `titles.tsv` and `rules.tsv` from `dir`.
    pub fn load(dir: &Path) -> Result<Knowledge, KnowledgeError> {
        let mut ttl: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| file_err(dir, format!("{e} (is this the ontology folder?)")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
            .collect();
        ttl.sort();
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH));
        let mut quads = Vec::new();
        for path in &ttl {
            let bytes = fs::read(path).map_err(|e| file_err(path, e))?;
            for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(&bytes) {
                let q = q.map_err(|e| file_err(path, e))?;
                quads.push(Quad::new(q.subject, q.predicate, q.object, graph.clone()));
            }
        }
        let titles_path = dir.join("titles.tsv");
        let titles = parse_titles(&fs::read_to_string(&titles_path).map_err(|e| file_err(&titles_path, e))?)
            .map_err(|m| file_err(&titles_path, m))?;
        let rules_path = dir.join("rules.tsv");
        let rules_text = fs::read_to_string(&rules_path).map_err(|e| file_err(&rules_path, e))?;
        // the rules' regexes and the name matcher are most of start-up and need nothing of each
        // other: the rules are compiled on a second thread while `build` makes the matcher
        let mut k = std::thread::scope(|scope| {
            let job = scope.spawn(|| {
                let rules = rules::parse_rules(&rules_text, &titles).map_err(|m| file_err(&rules_path, m))?;
                let filter = crate::prefilter::RulePrefilter::new(rules.iter().map(|r| r.loose.as_str())).map_err(|m| file_err(&rules_path, m))?;
                Ok::<_, KnowledgeError>((rules, filter))
            });
            let mut failed = None;
            let built = Self::build(quads, titles.clone(), || match job.join() {
                Ok(Ok(done)) => Some(done),
                Ok(Err(e)) => {
                    failed = Some(e);
                    None
                }
                Err(panic) => std::panic::resume_unwind(panic),
            });
            match failed {
                Some(e) => Err(e),
                None => built.map_err(|m| file_err(dir, m)),
            }
        })?;
        let lexicon_path = dir.join("lexicon.tsv");
        if lexicon_path.exists() {
            let text = fs::read_to_string(&lexicon_path).map_err(|e| file_err(&lexicon_path, e))?;
            k.lexicon = Lexicon::parse(&text).map_err(|m| file_err(&lexicon_path, m))?;
        }
        let deps_path = dir.join("syntax.rules");
        if deps_path.exists() {
            let text = fs::read_to_string(&deps_path).map_err(|e| file_err(&deps_path, e))?;
            k.deps = crate::extract::deps::parse(&text).map_err(|m| file_err(&deps_path, m))?;
        }
        Ok(k)
    }

    /// The entities, the name matcher and the title patterns from the ontology's triples; the
    /// rules and their prefilter from `rules` (called last: they may be in the making
    /// elsewhere; `None` when they failed, reported by the caller).
    fn build(
        quads: Vec<Quad>,
        titles: Vec<(String, TitleClass)>,
        rules: impl FnOnce() -> Option<(Vec<Rule>, crate::prefilter::RulePrefilter)>,
    ) -> Result<Knowledge, String> {
        // Gather per-subject properties.
        #[derive(Default)]
        struct Raw {
            etype: Option<EntityType>,
            pref: Option<String>,
            labels: Vec<(String, LabelKind)>,
            links: Vec<(String, String)>,
        }
        let mut raw: HashMap<String, Raw> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for q in &quads {
            let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else { continue };
            let s = s.as_str().to_string();
            let p = q.predicate.as_str();
            let entry = raw.entry(s.clone()).or_insert_with(|| {
                order.push(s.clone());
                Raw::default()
            });
            match (&q.object, p) {
                (Term::NamedNode(o), vocab::RDF_TYPE) => {
                    if let Some(t) = o.as_str().strip_prefix(vocab::NG).and_then(EntityType::from_name) {
                        entry.etype = Some(t);
                    }
                }
                (Term::Literal(l), vocab::SKOS_PREF) => {
                    entry.pref = Some(l.value().to_string());
                    entry.labels.push((l.value().to_string(), LabelKind::Name));
                }
                (Term::Literal(l), vocab::SKOS_ALT) => entry.labels.push((l.value().to_string(), LabelKind::Name)),
                (Term::Literal(l), vocab::SKOS_HIDDEN) => entry.labels.push((l.value().to_string(), LabelKind::Description)),
                (Term::Literal(l), p) if p == vocab::ng("demonym") => entry.labels.push((l.value().to_string(), LabelKind::Demonym)),
                (Term::NamedNode(o), p) => entry.links.push((p.to_string(), o.as_str().to_string())),
                _ => {}
            }
        }
        // Concepts are typed ng:Concept in newsgraph.ttl; their phrases may sit in another file.
        let mut entities = Vec::new();
        let mut by_iri = HashMap::new();
        for iri in &order {
            let r = &raw[iri];
            let (Some(etype), Some(pref)) = (r.etype, r.pref.clone()) else { continue };
            by_iri.insert(iri.clone(), entities.len());
            entities.push(EntityInfo {
                ent: Ent { iri: iri.clone(), label: pref, etype },
                forces: None,
                capital_of: None,
                country: None,
                based_in: None,
                head_of: Vec::new(),
                labels_lc: r.labels.iter().map(|(l, _)| l.to_lowercase()).collect(),
                names_lc: r.labels.iter().filter(|(_, k)| *k == LabelKind::Name).map(|(l, _)| l.to_lowercase()).collect(),
                demonyms: r.labels.iter().filter(|(_, k)| *k == LabelKind::Demonym).map(|(l, _)| l.clone()).collect(),
            });
        }
        let mut pats: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<(usize, LabelKind, CaseRule)>> = Vec::new();
        let mut pat_index: HashMap<String, usize> = HashMap::new();
        let mut by_label = HashMap::new();
        for iri in &order {
            let Some(&idx) = by_iri.get(iri) else { continue };
            let r = &raw[iri];
            for (p, o) in &r.links {
                let target = by_iri.get(o).copied();
                let info = &mut entities[idx];
                match p.strip_prefix(vocab::NG) {
                    Some("forces") => info.forces = target,
                    Some("capitalOf") => info.capital_of = target,
                    Some("country") => info.country = target,
                    Some("basedIn") => info.based_in = target,
                    Some("headOf") => info.head_of.extend(target),
                    _ => {}
                }
            }
            for (label, kind) in &r.labels {
                let label = label.trim();
                if label.is_empty() {
                    continue;
                }
                if *kind != LabelKind::Description {
                    by_label.entry(label.to_lowercase()).or_insert(idx);
                }
                let case = case_rule(label, *kind, entities[idx].ent.etype);
                let mut variants = vec![label.to_string()];
                if label.contains('\'') {
                    variants.push(label.replace('\'', "\u{2019}"));
                }
                // an Arabic article is written joined or apart: "El Fasher" / "El-Fasher",
                // "al-Fashir" / "al Fashir"
                if *kind == LabelKind::Name {
                    variants.extend(article_variants(label));
                }
                for v in variants {
                    let slot = *pat_index.entry(v.to_ascii_lowercase()).or_insert_with(|| {
                        pats.push(v.clone());
                        patterns.push(Vec::new());
                        pats.len() - 1
                    });
                    if !patterns[slot].iter().any(|(i, k, c)| *i == idx && *k == *kind && *c == case) {
                        patterns[slot].push((idx, *kind, case));
                    }
                }
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&pats)
            .map_err(|e| format!("building the name matcher: {e}"))?;
        let alt: Vec<String> = titles.iter().map(|(t, _)| regex::escape(t).replace(' ', "\\s+")).collect();
        let t = alt.join("|");
        let chain = format!("(?:{t})\\.?(?:\\s+(?:{t})\\.?)*");
        let re = |s: String| Regex::new(&s).map_err(|e| format!("compiling titles: {e}"));
        let title_before = re(format!("(?i)(?:^|[^\\w.])(?P<title>{chain}(?:-(?:designate|elect))?)\\s*,?\\s*$"))?;
        let title_between = re(format!("(?i)^(?:['’]s|\\))?\\s+(?:the\\s+)?(?P<mods>(?:[\\w.-]+\\s+){{0,2}}?)(?P<title>{chain}(?:-(?:designate|elect))?)\\s*,?\\s*$"))?;
        let title_after = re(format!("(?i)^(?:['’]s)?\\s+(?P<title>{t})\\b"))?;
        let the_title = re(format!("(?i)\\bthe\\s+(?:[a-z-]+\\s+)?(?P<title>{t})\\b"))?;
        let Some((rules, rule_filter)) = rules() else { return Err("the rules failed".into()) };
        Ok(Knowledge {
            rule_filter,
            entities,
            by_iri,
            by_label,
            matcher,
            patterns,
            titles,
            rules,
            title_before,
            title_between,
            title_after,
            the_title,
            quads,
            deps: Default::default(),
            lexicon: Lexicon::parse(BUNDLED_LEXICON)?,
            model: std::sync::OnceLock::new(),
            trigger_forms: std::sync::OnceLock::new(),
            readings: std::sync::OnceLock::new(),
            skeletons: std::sync::OnceLock::new(),
        })
    }

    /// The bundled tagger and parser (`NEWSGRAPH_MODEL` overrides the file), loaded once; `None`
    /// (with one warning on standard error) when it cannot be read: extraction then runs the
    /// surface rules only.
    pub fn model(&self) -> Option<&crate::syntax::Model> {
        self.model
            .get_or_init(|| {
                if self.deps.rules.is_empty() {
                    return None;
                }
                model_or_warning(crate::syntax::Model::load(&crate::syntax::Model::bundled_path()))
            })
            .as_ref()
    }

    /// [`Knowledge::load`], with the syntax model read at the same time on another thread, for
    /// callers that will extract (others leave it to be read on first use, or never).
    pub fn load_with_model(dir: &Path) -> Result<Knowledge, KnowledgeError> {
        if !dir.join("syntax.rules").exists() {
            return Self::load(dir);
        }
        std::thread::scope(|scope| {
            let model = scope.spawn(|| crate::syntax::Model::load(&crate::syntax::Model::bundled_path()));
            let k = Self::load(dir)?;
            let model = model.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if !k.deps.rules.is_empty() {
                let _ = k.model.set(model_or_warning(model));
            }
            Ok(k)
        })
    }

    /// Every (rule, confidence) a fact can carry with this knowledge (`rdf::Readings`).
    pub fn readings(&self) -> &crate::rdf::Readings {
        self.readings.get_or_init(|| crate::rdf::Readings::of(self))
    }

    /// The word forms that may trigger a rule over syntax (with the model; none without it).
    pub fn trigger_forms(&self) -> &crate::extract::deps::TriggerForms {
        self.trigger_forms.get_or_init(|| match self.model() {
            Some(m) => crate::extract::deps::TriggerForms::new(&self.deps, m),
            None => Default::default(),
        })
    }

    pub fn entity(&self, idx: usize) -> &EntityInfo {
        &self.entities[idx]
    }

    pub fn index_of_iri(&self, iri: &str) -> Option<usize> {
        self.by_iri.get(iri).copied()
    }

    /// The one known person whose name is spelt like `name` but for vowels and doubled letters
    /// ("Mohamed Hamdan Daglo" → Mohamed Hamdan Dagalo); `None` if none or several.
    pub fn person_by_skeleton(&self, name: &str) -> Option<usize> {
        let index = self.skeletons.get_or_init(|| {
            let mut index: HashMap<String, Option<usize>> = HashMap::new();
            for (i, e) in self.entities.iter().enumerate().filter(|(_, e)| e.ent.etype == EntityType::Person) {
                for sk in e.names_lc.iter().filter_map(|n| name_skeleton(n)) {
                    index.entry(sk).and_modify(|x| if *x != Some(i) { *x = None }).or_insert(Some(i));
                }
            }
            index
        });
        index.get(&name_skeleton(name)?).copied().flatten()
    }

    /// The entity with this exact name (any case), not descriptions.
    pub fn lookup_label(&self, label: &str) -> Option<usize> {
        self.by_label.get(&label.trim().to_lowercase()).copied()
    }

    /// Resolve a name a user typed ("hafter", "Russia") to an entity: exact label first,
    /// then the normalised form used by the scorer.
    pub fn resolve_name(&self, name: &str) -> Option<&Ent> {
        if let Some(i) = self.lookup_label(name) {
            return Some(&self.entities[i].ent);
        }
        let n = crate::eval::norm(name);
        self.entities
            .iter()
            .find(|e| e.labels_lc.iter().any(|l| crate::eval::norm(l) == n))
            .map(|e| &e.ent)
    }
}

fn case_rule(label: &str, kind: LabelKind, etype: EntityType) -> CaseRule {
    let has_lower = label.chars().any(|c| c.is_lowercase());
    let first_upper = label.chars().next().is_some_and(|c| c.is_uppercase());
    if etype == EntityType::Concept {
        CaseRule::Any
    } else if !has_lower {
        CaseRule::Exact
    } else if first_upper && kind != LabelKind::Description {
        CaseRule::Capitalised
    } else {
        CaseRule::Any
    }
}

fn parse_titles(text: &str) -> Result<Vec<(String, TitleClass)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (class, phrase) = line.split_once('\t').ok_or_else(|| format!("line {}: expected CLASS<tab>PHRASE", n + 1))?;
        let class = match class {
            "head" => TitleClass::Head,
            "chief" => TitleClass::Chief,
            "member" => TitleClass::Member,
            "honorific" => TitleClass::Honorific,
            other => return Err(format!("line {}: unknown title class {other:?}", n + 1)),
        };
        out.push((phrase.trim().to_lowercase(), class));
    }
    // longest first, so that alternations prefer "foreign minister" to "minister"
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    Ok(out)
}

impl Knowledge {
    /// The first demonym of a country ("Yemeni"), if the ontology gives one.
    pub fn demonym(&self, country: usize) -> Option<&str> {
        self.entities.get(country)?.demonyms.iter().find(|d| d.chars().any(char::is_lowercase)).map(String::as_str)
    }

    pub fn title_class(&self, phrase: &str) -> Option<TitleClass> {
        let p = phrase.to_lowercase();
        self.titles.iter().find(|(t, _)| *t == p).map(|(_, c)| *c)
    }
}

#[cfg(test)]
mod lexicon_tests {
    use super::{Lexicon, BUNDLED_LEXICON};

    #[test]
    fn the_bundled_lexicon_reads_whole_words() {
        let lex = Lexicon::parse(BUNDLED_LEXICON).unwrap();
        assert!(lex.negation.is_match("it did not back them") && lex.negation.is_match("it didn't"));
        assert!(!lex.negation.is_match("a notable backer"), "whole words only");
        assert!(lex.modality.is_match("Turkey threatened to attack") && lex.modality.is_match("hoped to"));
        assert!(lex.barrier.is_match("despite") && lex.hedge.is_match("reportedly"));
        assert!(Lexicon::parse("negation\tnot\n").unwrap_err().contains("modality"));
    }

    #[test]
    fn name_skeletons_drop_vowels_doubles_and_articles() {
        use super::name_skeleton;
        assert_eq!(name_skeleton("Mohamed Hamdan Daglo").as_deref(), Some("mhmd hmdn dgl"));
        assert_eq!(name_skeleton("Mohammed Hamdan Dagalo"), name_skeleton("Mohamed Hamdan Daglo"));
        assert_eq!(name_skeleton("Abdel Fattah al-Burhan"), name_skeleton("Abdel Fatah Burhan"));
        assert_ne!(name_skeleton("Ahmed Ali"), name_skeleton("Ahmed Alwan"));
        assert_eq!(name_skeleton("Hemedti"), None, "one word tells too little");
        assert_eq!(name_skeleton("Abu Ali"), None, "too few consonants");
    }
}

#[cfg(test)]
mod article_tests {
    use super::article_variants;

    #[test]
    fn arabic_articles_are_joined_or_apart() {
        assert_eq!(article_variants("El Fasher"), vec!["El-Fasher"]);
        assert_eq!(article_variants("al-Qaeda in Iraq"), vec!["al Qaeda in Iraq"]);
        assert_eq!(article_variants("Hashd al-Shaabi"), vec!["Hashd al Shaabi", "Hashd Shaabi"]);
        assert!(article_variants("Rapid Support Forces").is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_shipped_ontology() {
        let k = Knowledge::load(&Knowledge::default_dir()).unwrap();
        let haftar = k.lookup_label("Hifter").map(|i| k.entity(i).ent.label.clone());
        assert_eq!(haftar.as_deref(), Some("Khalifa Haftar"));
        let kremlin = k.lookup_label("the kremlin").or_else(|| k.lookup_label("kremlin")).unwrap();
        assert_eq!(k.entity(kremlin).ent.label, "Russia");
        assert!(k.entities.iter().filter(|e| e.ent.etype == EntityType::Country).count() > 100);
        assert!(!k.rules.is_empty());
    }
}
