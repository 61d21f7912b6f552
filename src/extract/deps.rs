//! Rules over dependency trees (`ontology/syntax.rules`): a rule names a trigger (a part of
//! speech and a set of lemmas), the dependency paths from the trigger to its subject and object,
//! and whether negation or modality on the trigger blocks it. The paths and sets are data; this
//! module only walks them over a [`ParsedSentence`] and turns the words they reach into mentions.
//!
//! What every rule gets without saying it (the constructions of English, not of one article):
//! - an argument word inside a mention is that mention; a relative pronoun ("which", "who") is
//!   the noun its clause modifies; a force noun ("forces", "troops", "warplanes" — set
//!   `force_noun`) stands for the actor that owns it ("Russian warplanes", "the forces of X");
//! - conjuncts share the relation ("Egypt and the UAE back X"), and no further;
//! - a trigger with no subject of its own takes its controller's: a conjoined verb ("X attacked
//!   A and captured B"), an infinitive ("X moved to take B"), a purpose clause;
//! - `not`/`never`/`no` on the trigger (or on the light verb that governs a trigger noun), a
//!   modal auxiliary (set `modal`; not a past report's "would", set `report_verb`), a governor of intention or failure (set `irrealis_governor`:
//!   "failed to take", "threatened to attack"), a purpose noun's infinitive (set `purpose_noun`:
//!   "an offensive to recapture X") or an "if"/"whether" clause blocks the match,
//!   unless the rule says `check none`.

use std::collections::HashMap;

use crate::mentions::Mention;
use crate::syntax::ParsedSentence;
use crate::vocab::{EntityType, Predicate};

/// One step of a path: down to a child by relation, or up to the head.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// `rel`, `rel:*` (any subtype), `rel[case,words]` (the child has one of these as its
    /// `case` or `mark`), `rel<@set>` (the child's lemma is in a set).
    Down { rel: String, any_subtype: bool, case: Vec<String>, lemmas: Option<String> },
    /// `^rel`: up to the head, when the current word hangs from it by `rel`; `^rel<@set>`:
    /// and the head's lemma is in the set; `^rel[under]`: and the current word's `case` or
    /// `mark` is one of these.
    Up { rel: String, any_subtype: bool, case: Vec<String>, lemmas: Option<String> },
    /// `prefix`: the name a hyphenated modifier starts with ("Iran" of "Iran-backed").
    Prefix,
}

/// Alternatives of step sequences, and the entity types the end may have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    alts: Vec<(Vec<Step>, Option<Vec<EntityType>>)>,
}

/// What a rule checks before it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Negation, modality and irrealis governors all block.
    All,
    /// Only negation blocks (a call or a demand is itself a position).
    Negation,
    /// The rule reads polarity itself.
    None,
}

#[derive(Clone, Debug)]
pub struct DepRule {
    pub name: String,
    pub predicate: Predicate,
    pub confidence: f32,
    /// Parts of speech the trigger may have ("VERB", "NOUN").
    pub upos: Vec<String>,
    /// Lemmas (lower-case) that trigger the rule.
    pub lemmas: Vec<String>,
    pub subject: Path,
    pub object: Path,
    pub check: Check,
    /// Words whose presence (a path from the trigger that reaches any word) stops the rule:
    /// `unless amod<prime>` keeps "prime minister" out of a rule for ministers.
    pub unless: Option<Path>,
    /// An attack on an actor is also opposition.
    pub also_opposes: bool,
    /// Sentences the rule must read (with the fact they give) or must not read (counter-examples).
    pub examples: Vec<Example>,
}

/// A sentence a rule must read, and the fact it must give (`subject predicate object` labels).
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub sentence: String,
    pub expect: Option<(String, String, String)>,
}

/// The parsed rule file: sets of words and rules.
#[derive(Clone, Debug, Default)]
pub struct DepRules {
    pub sets: HashMap<String, Vec<String>>,
    pub rules: Vec<DepRule>,
    /// Lemma → rules it triggers.
    by_lemma: HashMap<String, Vec<usize>>,
}

/// Lower-case word forms that may carry a trigger: every trigger lemma and every form the
/// model's lemma table maps to one ("took" → "take"). A sentence with none of them, or with
/// no plain stem of its words among the lemmas, holds no trigger and need not be parsed.
#[derive(Clone, Debug, Default)]
pub struct TriggerForms {
    forms: std::collections::HashSet<String>,
}

impl TriggerForms {
    pub fn new(rules: &DepRules, model: &crate::syntax::Model) -> TriggerForms {
        let mut forms: std::collections::HashSet<String> = rules.by_lemma.keys().cloned().collect();
        for ((form, _), lemma) in &model.tagger.lemmas {
            if rules.by_lemma.contains_key(&lemma.to_lowercase()) {
                forms.insert(form.to_lowercase());
            }
        }
        TriggerForms { forms }
    }

    /// Whether a word (as written) may be a trigger: itself, or a plain stem of it.
    pub fn may_trigger(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let w = w.rsplit('-').next().unwrap_or(&w);
        word_keys(w).iter().any(|k| self.forms.contains(k))
    }
}

/// A lower-case word and its plain English stems, for words the lemmatizer has not seen
/// ("blamed" → "blam", "blame"; "allied" → "ally").
fn word_keys(base: &str) -> Vec<String> {
    let mut keys = vec![base.to_string()];
    if let Some(st) = base.strip_suffix("ied").or_else(|| base.strip_suffix("ies")) {
        keys.push(format!("{st}y"));
    }
    for suffix in ["ing", "ed", "es", "s", "d"] {
        if let Some(stem) = base.strip_suffix(suffix).filter(|st| st.len() > 2) {
            keys.push(stem.to_string());
            keys.push(format!("{stem}e"));
        }
    }
    keys
}

impl DepRules {
    fn set(&self, name: &str) -> &[String] {
        self.sets.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
    fn in_set(&self, name: &str, lemma: &str) -> bool {
        self.set(name).iter().any(|w| w == lemma)
    }
}

fn parse_rel(s: &str) -> (String, bool) {
    match s.strip_suffix(":*") {
        Some(r) => (r.to_string(), true),
        None => (s.to_string(), false),
    }
}

fn parse_step(s: &str, sets: &HashMap<String, Vec<String>>) -> Result<Step, String> {
    if s == "prefix" {
        return Ok(Step::Prefix);
    }
    if let Some(up) = s.strip_prefix('^') {
        let (rel, lemmas) = match up.split_once("<@") {
            Some((rel, set)) => {
                let name = set.strip_suffix('>').ok_or_else(|| format!("unclosed <@ in {s:?}"))?;
                if !sets.contains_key(name) {
                    return Err(format!("unknown set @{name} in {s:?}"));
                }
                (rel, Some(name.to_string()))
            }
            None => (up, None),
        };
        let (rel, case) = match rel.split_once('[') {
            Some((rel, c)) => {
                let c = c.strip_suffix(']').ok_or_else(|| format!("unclosed [ in {s:?}"))?;
                (rel, c.split(',').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect())
            }
            None => (rel, Vec::new()),
        };
        let (rel, any_subtype) = parse_rel(rel);
        return Ok(Step::Up { rel, any_subtype, case, lemmas });
    }
    let mut rest = s;
    let mut case = Vec::new();
    let mut lemmas = None;
    let rel_end = rest.find(['[', '<']).unwrap_or(rest.len());
    let (rel, any_subtype) = parse_rel(&rest[..rel_end]);
    rest = &rest[rel_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("unclosed [ in {s:?}"))?;
            case = r[..end].split(',').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect();
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("<@") {
            let end = r.find('>').ok_or_else(|| format!("unclosed <@ in {s:?}"))?;
            let name = &r[..end];
            if !sets.contains_key(name) {
                return Err(format!("unknown set @{name} in {s:?}"));
            }
            lemmas = Some(name.to_string());
            rest = &r[end + 1..];
        } else {
            return Err(format!("cannot read step {s:?}"));
        }
    }
    if rel.is_empty() {
        return Err(format!("empty relation in {s:?}"));
    }
    Ok(Step::Down { rel, any_subtype, case, lemmas })
}

fn parse_types(s: &str) -> Result<Vec<EntityType>, String> {
    s.chars()
        .map(|c| match c {
            'p' => Ok(EntityType::Person),
            'o' => Ok(EntityType::Organization),
            'c' => Ok(EntityType::Country),
            'l' => Ok(EntityType::Place),
            'k' => Ok(EntityType::Concept),
            c => Err(format!("unknown entity type {c:?} (p, o, c, l, k)")),
        })
        .collect()
}

fn parse_path(s: &str, sets: &HashMap<String, Vec<String>>) -> Result<Path, String> {
    let mut alts = Vec::new();
    for alt in s.split('|').map(str::trim).filter(|a| !a.is_empty()) {
        let (steps, types) = match alt.split_once('{') {
            Some((steps, t)) => (steps, Some(parse_types(t.strip_suffix('}').ok_or_else(|| format!("unclosed {{ in {alt:?}"))?)?)),
            None => (alt, None),
        };
        let steps = if steps == "." { Vec::new() } else { steps.split('/').map(|st| parse_step(st, sets)).collect::<Result<Vec<_>, _>>()? };
        alts.push((steps, types));
    }
    Ok(Path { alts })
}

fn words_of(value: &str, sets: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for w in value.split_whitespace() {
        if let Some(name) = w.strip_prefix('@') {
            out.extend(sets.get(name).ok_or_else(|| format!("unknown set @{name}"))?.iter().cloned());
        } else {
            out.push(w.to_lowercase());
        }
    }
    Ok(out)
}

/// Read `syntax.rules`. The format (see the file's header): `set NAME: words…` lines, then
/// blocks that start with `rule NAME` and hold indented `key value` lines.
pub fn parse(text: &str) -> Result<DepRules, String> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut rules: Vec<DepRule> = Vec::new();
    // (name, [(key, value, line)])
    let mut blocks: Vec<(String, usize, Vec<(String, String, usize)>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let (key, value) = trimmed.split_once(char::is_whitespace).map(|(k, v)| (k, v.trim())).unwrap_or((trimmed, ""));
        match (indented, key) {
            (false, "set") => {
                let (name, words) = value.split_once(':').ok_or(format!("line {n}: set NAME: words"))?;
                let words = words_of(words, &sets).map_err(|e| format!("line {n}: {e}"))?;
                sets.entry(name.trim().to_string()).or_default().extend(words);
            }
            (false, "rule") => blocks.push((value.to_string(), n, Vec::new())),
            (true, _) => {
                let Some(block) = blocks.last_mut() else { return Err(format!("line {n}: indented line outside a rule")) };
                block.2.push((key.to_string(), value.to_string(), n));
            }
            (false, other) => return Err(format!("line {n}: unknown line kind {other:?} (set, rule, or an indented key)")),
        }
    }
    for (name, line, keys) in blocks {
        let at = |n: usize, e: String| format!("line {n} (rule {name}): {e}");
        let mut predicate = None;
        let mut confidence = 0.8;
        let mut upos = Vec::new();
        let mut lemmas = Vec::new();
        let mut subject = Path::default();
        let mut object = Path::default();
        let mut check = Check::All;
        let mut unless = None;
        let mut also_opposes = false;
        let mut examples = Vec::new();
        for (key, value, n) in keys {
            match key.as_str() {
                "predicate" => predicate = Some(Predicate::from_name(&value).ok_or_else(|| at(n, format!("unknown predicate {value:?}")))?),
                "confidence" => confidence = value.parse().map_err(|_| at(n, format!("bad confidence {value:?}")))?,
                "trigger" => {
                    let (pos, words) = value.split_once(char::is_whitespace).ok_or_else(|| at(n, "trigger POS[,POS] words".into()))?;
                    upos = pos.split(',').map(str::to_string).collect();
                    lemmas = words_of(words, &sets).map_err(|e| at(n, e))?;
                }
                "subject" => subject = parse_path(&value, &sets).map_err(|e| at(n, e))?,
                "object" => object = parse_path(&value, &sets).map_err(|e| at(n, e))?,
                "check" => {
                    check = match value.as_str() {
                        "all" => Check::All,
                        "negation" => Check::Negation,
                        "none" => Check::None,
                        v => return Err(at(n, format!("check is all, negation or none, not {v:?}"))),
                    }
                }
                "unless" => unless = Some(parse_path(&value, &sets).map_err(|e| at(n, e))?),
                "also" if value == "opposes" => also_opposes = true,
                "example" => {
                    let (sentence, expect) = match value.split_once("=>") {
                        Some((s, e)) => {
                            let parts: Vec<&str> = e.split(" / ").map(str::trim).collect();
                            if parts.len() != 3 {
                                return Err(at(n, "example SENTENCE => SUBJECT / PREDICATE / OBJECT, or SENTENCE => nothing".into()));
                            }
                            (s.trim().to_string(), Some((parts[0].to_string(), parts[1].to_string(), parts[2].to_string())))
                        }
                        None => return Err(at(n, "example SENTENCE => SUBJECT / PREDICATE / OBJECT".into())),
                    };
                    examples.push(Example { sentence, expect });
                }
                "counter" => examples.push(Example { sentence: value.trim().to_string(), expect: None }),
                k => return Err(at(n, format!("unknown key {k:?}"))),
            }
        }
        let predicate = predicate.ok_or_else(|| at(line, "no predicate".into()))?;
        if lemmas.is_empty() || subject.alts.is_empty() || object.alts.is_empty() {
            return Err(at(line, "a rule needs a trigger, a subject and an object".into()));
        }
        if !examples.iter().any(|e| e.expect.is_some()) {
            return Err(at(line, "every rule carries at least one example".into()));
        }
        rules.push(DepRule { name, predicate, confidence, upos, lemmas, subject, object, check, unless, also_opposes, examples });
    }
    let mut by_lemma: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        for l in &r.lemmas {
            let v = by_lemma.entry(l.clone()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    Ok(DepRules { sets, rules, by_lemma })
}

/// A match: a rule, its subject and object mentions (indices into the sentence's mentions).
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub rule: usize,
    pub subjects: Vec<usize>,
    pub objects: Vec<usize>,
}

/// The words of a sentence joined to its mentions.
pub struct Aligned<'a> {
    pub parse: &'a ParsedSentence,
    /// Per word, the mention (index into `mentions`) it lies in.
    pub mention_of: Vec<Option<usize>>,
    /// Per word, a mention that starts it without covering it ("Iran" of "Iran-backed").
    pub prefix_of: Vec<Option<usize>>,
    pub mentions: &'a [&'a Mention],
    pub types: Vec<EntityType>,
}

impl<'a> Aligned<'a> {
    pub fn new(parse: &'a ParsedSentence, mentions: &'a [&'a Mention], types: Vec<EntityType>) -> Aligned<'a> {
        let mention_of: Vec<Option<usize>> = parse
            .words
            .iter()
            // a word mostly inside a mention is that mention; "Turkey-backed" is not Turkey
            .map(|w| mentions.iter().position(|m| 2 * (w.end.min(m.end).saturating_sub(w.start.max(m.start))) > w.end - w.start))
            .collect();
        let prefix_of = parse
            .words
            .iter()
            .zip(&mention_of)
            .map(|(w, own): (&crate::syntax::Word, &Option<usize>)| {
                if own.is_some() {
                    return None;
                }
                mentions.iter().position(|m| m.start == w.start && m.end < w.end && w.end - w.start < 80)
            })
            .collect();
        Aligned { parse, mention_of, prefix_of, mentions, types }
    }

    fn lemma(&self, i: usize) -> String {
        self.parse.words[i].lemma.to_lowercase()
    }

    /// The lemma, then the form and plain English stems of both: the lemmatizer guesses
    /// unseen words ("blamed" → "blam", "waged" → "wag").
    fn keys(&self, i: usize) -> Vec<String> {
        let w = &self.parse.words[i];
        // the lemma and the form first, then their stems: the first key that triggers wins
        let (lemma, form) = (word_keys(&w.lemma.to_lowercase()), word_keys(&w.form.to_lowercase()));
        let mut keys = vec![lemma[0].clone(), form[0].clone()];
        keys.extend(lemma.into_iter().skip(1));
        keys.extend(form.into_iter().skip(1));
        keys
    }

    /// Whether word `i` is in a set by any of its keys.
    fn in_(&self, rules: &DepRules, set: &str, i: usize) -> bool {
        self.keys(i).iter().any(|k| rules.in_set(set, k))
    }

    fn rel_is(&self, i: usize, rel: &str, any_subtype: bool) -> bool {
        let d = &self.parse.words[i].deprel;
        d == rel || (any_subtype && d.strip_prefix(rel).is_some_and(|r| r.starts_with(':')))
    }

    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.parse.children(i)
    }

    /// The `case` and `mark` words of `i` ("on", "against", "by"; "to").
    fn markers(&self, i: usize) -> Vec<String> {
        let words: Vec<usize> = self.children(i).filter(|&c| matches!(self.parse.words[c].deprel.as_str(), "case" | "mark") || self.parse.words[c].deprel.starts_with("case:")).collect();
        // "with key air support from the coalition" read as one phrase: case words apart from
        // each other are a misreading in which the first governs; a multi-word preposition's
        // words are side by side
        let apart = words.iter().all(|&c| self.parse.words[c].deprel != "mark") && words.windows(2).any(|p| p[1] > p[0] + 1);
        let words = if apart { &words[..1] } else { &words[..] };
        let mut out: Vec<String> = words.iter().map(|&c| self.lemma(c)).collect();
        // multi-word prepositions: "on behalf of", "in support of" — only the first matters here
        out.dedup();
        out
    }
}

/// The rules word `i` triggers: by its lemma and form and by its part of speech, which the
/// tagger alone decides (no head or relation is read).
fn triggered<'r>(rules: &'r DepRules, s: &Aligned, i: usize) -> impl Iterator<Item = usize> + 'r {
    let upos = s.parse.words[i].upos;
    // a word inside a name ("Rapid Support Forces") triggers nothing; otherwise the lemma, or
    // failing that the form and its plain English stems: the lemmatizer guesses unseen words
    // ("blamed" → "blam")
    let in_name = s.mention_of[i].is_some_and(|m| s.types[m] != EntityType::Concept);
    // a capitalised common noun ("the Commander of") is often tagged PROPN
    let takes = move |r: &DepRule| r.upos.iter().any(|p| p == upos || (upos == "PROPN" && p == "NOUN"));
    // most words ("the", "of", "said") have a part of speech no rule takes: no keys to make
    let candidates: &'r [usize] = if in_name || !rules.rules.iter().any(takes) {
        &[]
    } else {
        s.keys(i).iter().find_map(|k| rules.by_lemma.get(k)).map_or(&[], Vec::as_slice)
    };
    candidates.iter().copied().filter(move |&ri| takes(&rules.rules[ri]))
}

/// Whether [`run`] may give a fact on this sentence once it is parsed, read off its tags
/// alone (`s.parse` needs no heads yet): some word triggers a rule, and the sentence names two
/// different entities that rule could pair, a subject its predicate accepts and an object of a
/// type its object path allows and its predicate accepts (`extract` keeps no other pair).
/// False means the parse can be skipped: the output is the same.
pub fn may_match(rules: &DepRules, s: &Aligned) -> bool {
    (0..s.parse.words.len()).any(|i| triggered(rules, s, i).any(|ri| pair_possible(&rules.rules[ri], s)))
}

fn pair_possible(r: &DepRule, s: &Aligned) -> bool {
    let p = r.predicate;
    // a subject may come from a controller, whatever the path's types; an object only by the path
    let object_type = |t: EntityType| p.accepts_object(t) && r.object.alts.iter().any(|(_, ts)| ts.as_ref().is_none_or(|ts| ts.contains(&t)));
    s.mentions.iter().zip(&s.types).any(|(o, &ot)| {
        object_type(ot) && s.mentions.iter().zip(&s.types).any(|(sm, &st)| sm.ent != o.ent && p.accepts_subject(st))
    })
}

/// Run every rule on one sentence. Returns matches with mention indices.
pub fn run(rules: &DepRules, s: &Aligned) -> Vec<Match> {
    let mut out = Vec::new();
    for i in 0..s.parse.words.len() {
        for ri in triggered(rules, s, i) {
            let r = &rules.rules[ri];
            if blocked(rules, s, i, r.check) {
                continue;
            }
            if r.unless.as_ref().is_some_and(|u| u.alts.iter().any(|(steps, _)| walk(rules, s, i, steps).into_iter().any(|w| !own_relative(rules, s, i, w)))) {
                continue;
            }
            let subjects = arguments(rules, s, i, &r.subject, true);
            let objects = arguments(rules, s, i, &r.object, false);
            if subjects.is_empty() || objects.is_empty() {
                continue;
            }
            out.push(Match { rule: ri, subjects, objects });
        }
    }
    out
}

/// Whether word `w` is the relative pronoun that opens the trigger's own relative clause ("an
/// accusation that Tehran denies": "that" is the denied accusation, not another object), which
/// an `unless` path does not count.
fn own_relative(rules: &DepRules, s: &Aligned, trigger: usize, w: usize) -> bool {
    let words = &s.parse.words;
    w < trigger
        && words[w].head == Some(trigger)
        && words[trigger].deprel.starts_with("acl")
        && matches!(words[w].upos, "PRON" | "SCONJ")
        && rules.in_set("relative_pronoun", &s.lemma(w))
}

/// Follow a path from `from`; the words it ends on.
fn walk(rules: &DepRules, s: &Aligned, from: usize, steps: &[Step]) -> Vec<usize> {
    let mut cur = vec![from];
    for st in steps {
        let mut next = Vec::new();
        for &w in &cur {
            match st {
                Step::Down { rel, any_subtype, case, lemmas } => {
                    for c in s.children(w) {
                        if !s.rel_is(c, rel, *any_subtype) {
                            continue;
                        }
                        if !case.is_empty() && !s.markers(c).iter().any(|m| case.contains(m)) {
                            continue;
                        }
                        if let Some(set) = lemmas {
                            if !s.in_(rules, set, c) {
                                continue;
                            }
                        }
                        next.push(c);
                    }
                }
                Step::Prefix => {
                    // handled in `arguments`: a mention, not a word
                }
                Step::Up { rel, any_subtype, case, lemmas } => {
                    if rel == "conj" {
                        // `^conj[and]`: up from a conjunct joined by one of these words
                        // ("the army and their Hezbollah allies"); plain `^conj` only from a
                        // conjunct with no "and"/"or" ("X, Ethiopia's prime minister, said"),
                        // an apposition the parser took for a list
                        let cc = s.children(w).find(|&c| s.parse.words[c].deprel == "cc");
                        let joined_by = cc.map(|c| s.parse.words[c].form.to_lowercase());
                        if case.is_empty() != joined_by.is_none() || joined_by.is_some_and(|j| !case.contains(&j)) {
                            continue;
                        }
                    } else if !case.is_empty() && !s.markers(w).iter().any(|m| case.contains(m)) {
                        continue;
                    }
                    if s.rel_is(w, rel, *any_subtype) {
                        if let Some(mut h) = s.parse.words[w].head {
                            // "A, envoy of X, and B, envoy of Y" flattened into one list: an
                            // apposition taken for a conjunct describes the conjunct before it
                            if rel == "conj" && case.is_empty() {
                                h = s.children(h).filter(|&c| c > h && c < w && s.parse.words[c].deprel == "conj").max().unwrap_or(h);
                            }
                            if lemmas.as_ref().is_none_or(|set| s.in_(rules, set, h)) {
                                next.push(h);
                            }
                        }
                    }
                }
            }
        }
        cur = next;
        if cur.is_empty() {
            break;
        }
    }
    cur
}

/// The mentions a path reaches from trigger `t`, conjuncts included; for a subject, the
/// controller's when the trigger has none of its own.
fn arguments(rules: &DepRules, s: &Aligned, t: usize, path: &Path, subject: bool) -> Vec<usize> {
    let mut out = Vec::new();
    for (steps, types) in &path.alts {
        if steps.first() == Some(&Step::Prefix) {
            if let Some(m) = s.prefix_of[t] {
                if types.as_ref().is_none_or(|ts| ts.contains(&s.types[m])) && !out.contains(&m) {
                    out.push(m);
                }
            }
            if !out.is_empty() {
                return out;
            }
            continue;
        }
        // up from an apposition taken for a conjunct: that one name, not its list
        let up_conj = matches!(steps.last(), Some(Step::Up { rel, .. }) if rel == "conj");
        // "Turkish-backed factions, soldiers and forces": a name's modifier qualifies its own
        // noun, not the list that noun starts
        let up_conj = up_conj || (s.prefix_of[t].is_some() && steps.len() == 1 && matches!(steps.first(), Some(Step::Up { .. })));
        for w in walk(rules, s, t, steps) {
            let mut ms = if up_conj { stand_for(rules, s, w).into_iter().collect() } else { resolve(rules, s, w) };
            if subject && !ms.is_empty() {
                ms.extend(co_agents(rules, s, w));
            }
            for m in ms {
                if types.as_ref().is_none_or(|ts| ts.contains(&s.types[m])) && !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    // a subject shared with the verb this one is conjoined to, or taken from the controller
    if subject && steps_start_with_nsubj(path) {
        let w = &s.parse.words[t];
        if s.children(t).any(|c| s.parse.words[c].deprel.starts_with("nsubj")) {
            return out;
        }
        if let Some(h) = w.head {
            // "M23 fighters advancing on Goma", "accuse Rwanda of backing M23": an active
            // participle or gerund modifying a noun has that noun as its subject
            if w.deprel == "acl" && (w.form.ends_with("ing") || s.markers(t).iter().any(|m| m == "of")) {
                // "claimed responsibility for killing Y": the gerund of a credit noun is the
                // deed of whoever claims it, the subject of the verb the noun is the object of
                let credit = matches!(s.lemma(h).as_str(), "responsibility" | "credit") && s.parse.words[h].deprel == "obj";
                if let (true, Some(v)) = (credit, s.parse.words[h].head) {
                    return s.children(v).filter(|&c| s.parse.words[c].deprel == "nsubj").flat_map(|c| resolve(rules, s, c)).collect();
                }
                return resolve(rules, s, h);
            }
            let controlled = match w.deprel.as_str() {
                "conj" => true,
                "xcomp" => true,
                // "to take B", "in order to take B", or a participle with no subordinator
                // ("..., taking control of B")
                // a gerund after "after", "by", "while" ("X took the town after killing Y"),
                // or "claimed responsibility for killing Y" (not "without", "despite": no event)
                "advcl" => {
                    let marks = s.markers(t);
                    // ("having invaded with Y": a perfect participle clause is one too)
                    let gerund = s.parse.words[t].form.ends_with("ing")
                        || s.children(t).any(|c| s.parse.words[c].deprel.starts_with("aux") && s.parse.words[c].form.ends_with("ing"));
                    let credit = || s.children(h).any(|c| s.parse.words[c].deprel == "obj" && matches!(s.lemma(c).as_str(), "responsibility" | "credit"));
                    marks.iter().any(|m| m == "to")
                        || (marks.is_empty() && gerund)
                        || (gerund && marks.iter().all(|m| matches!(m.as_str(), "after" | "before" | "by" | "while" | "upon" | "since")) && !marks.is_empty())
                        || (gerund && marks.iter().any(|m| m == "for") && credit())
                        // "accuse Rwanda of backing M23": the object's deed
                        || (gerund && marks.iter().any(|m| m == "of") && s.children(h).any(|c| s.parse.words[c].deprel == "obj"))
                }
                _ => false,
            };
            // ("X was concerned ... and was seeking Y": a predicate with its copula controls too)
            let clause = s.parse.words[h].upos == "VERB" || (w.deprel == "conj" && s.children(h).any(|c| s.parse.words[c].deprel == "cop"));
            if controlled && clause {
                // "X urged Y to attack Z", "X accused Y of backing Z": an object controls the
                // infinitive or the gerund after "of"; for a conjunct the subject
                let by_object = w.deprel == "xcomp" || (w.deprel == "advcl" && s.markers(t).iter().any(|m| m == "of"));
                let ctrl = if by_object { s.children(h).find(|&c| s.parse.words[c].deprel == "obj") } else { None };
                let ctrl = ctrl.or_else(|| s.children(h).find(|&c| s.parse.words[c].deprel == "nsubj"));
                if let Some(c) = ctrl {
                    // the types the path's "nsubj" allows ("nsubj{oc}") hold for the controller too
                    let types = path.alts.iter().find(|(steps, _)| matches!(steps.first(), Some(Step::Down { rel, .. }) if rel == "nsubj")).and_then(|(_, t)| t.as_ref());
                    out.extend(resolve(rules, s, c).into_iter().filter(|&m| types.is_none_or(|ts| ts.contains(&s.types[m]))));
                } else {
                    // "... and captured B" under a verb whose own subject is controlled, and
                    // "X occupied T, having invaded with Y": the controller's controller
                    return arguments(rules, s, h, path, true);
                }
            }
        }
    }
    out
}

/// "The Nigerian army, alongside Chadian troops, launched air raids": who acts alongside the
/// subject word `w`, attached to it or to the verb it is the subject of.
fn co_agents(rules: &DepRules, s: &Aligned, w: usize) -> Vec<usize> {
    let alongside = |c: usize| matches!(s.parse.words[c].deprel.as_str(), "nmod" | "obl") && s.markers(c).iter().any(|m| m == "alongside" || m == "along");
    // (or a conjunct with "alongside", as the parser may join it)
    let alongside_conj = |c: usize| s.parse.words[c].deprel == "conj" && s.markers(c).iter().any(|m| m == "alongside");
    let mut words: Vec<usize> = s.children(w).filter(|&c| alongside(c) || alongside_conj(c)).collect();
    if s.parse.words[w].deprel.starts_with("nsubj") {
        if let Some(h) = s.parse.words[w].head {
            words.extend(s.children(h).filter(|&c| alongside(c)));
        }
    }
    words.into_iter().flat_map(|c| resolve(rules, s, c)).collect()
}

fn steps_start_with_nsubj(path: &Path) -> bool {
    path.alts.iter().any(|(steps, _)| matches!(steps.first(), Some(Step::Down { rel, .. }) if rel == "nsubj"))
}

/// The mentions word `w` stands for: its own, a relative pronoun's antecedent, a force noun's
/// owner; then its conjuncts' mentions.
fn resolve(rules: &DepRules, s: &Aligned, w: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(first) = stand_for(rules, s, w) else {
        // "the town and much of Kherson region": a word that names nothing may have
        // conjuncts that do
        for x in conjuncts(s, w) {
            if let Some(m) = stand_for(rules, s, x) {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        // "a coalition of Iraqi units, Kurdish fighters and Shiite militias": its members
        // (the parser may hang the later members from the noun itself)
        if rules.in_set("members_noun", &s.lemma(w)) {
            if let Some(x) = s.children(w).find(|&c| s.parse.words[c].deprel == "nmod" && s.markers(c).iter().any(|m| m == "of")) {
                for m in resolve(rules, s, x) {
                    if !out.contains(&m) {
                        out.push(m);
                    }
                }
            }
        }
        return out;
    };
    out.push(first);
    // a list holds one kind of thing: a person's conjuncts are people, an organization's or a
    // country's are organizations or countries ("Haftar, along with Egypt and the UAE" is not
    // a list of Haftar's)
    let person = s.types[first] == EntityType::Person;
    // the conjuncts of the word, and of the name it stood for ("the cities of Kherson and Mykolaiv")
    let mut xs = conjuncts(s, w);
    for j in (0..s.parse.words.len()).filter(|&j| j != w && s.mention_of[j] == Some(first)) {
        xs.extend(conjuncts(s, j));
    }
    // "UN Security Council, G7 demand ...": a name in apposition to a name of another body or
    // state of the same kind is the next item of a list, not a second name for the first
    let kind = s.types[first];
    if matches!(kind, EntityType::Organization | EntityType::Country) && s.mention_of[w] == Some(first) {
        xs.extend(s.children(w).filter(|&c| {
            s.parse.words[c].deprel == "appos" && s.mention_of[c].is_some_and(|m| s.types[m] == kind && s.mentions[m].ent != s.mentions[first].ent)
        }));
    }
    for x in xs {
        if let Some(m) = stand_for(rules, s, x) {
            let same_kind = (s.types[m] == EntityType::Person) == person;
            if same_kind && !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

fn conjuncts(s: &Aligned, w: usize) -> Vec<usize> {
    // "called for the release and reinstatement of X": a conjunct with a preposition of its
    // own that its first conjunct lacks ("of" after "for") is no second item of the list
    let cases = |i: usize| -> Vec<String> { s.children(i).filter(|&c| s.parse.words[c].deprel == "case").map(|c| s.lemma(c)).collect() };
    let mut out = Vec::new();
    let mut stack = vec![w];
    while let Some(x) = stack.pop() {
        for c in s.children(x) {
            if s.parse.words[c].deprel == "conj" && !out.contains(&c) && out.len() < 16 && {
                let own = cases(c);
                own.is_empty() || own == cases(x)
            } {
                out.push(c);
                stack.push(c);
            }
        }
    }
    out.sort_unstable();
    out
}

fn stand_for(rules: &DepRules, s: &Aligned, w: usize) -> Option<usize> {
    stand_for_at(rules, s, w, 0)
}

fn stand_for_at(rules: &DepRules, s: &Aligned, w: usize, depth: usize) -> Option<usize> {
    if let Some(m) = s.mention_of[w] {
        // "Sudan's Rapid Support Forces launched": a possessor parsed as the head with the
        // possessed name in apposition stands for that name
        let possessor = s.children(w).any(|c| s.parse.words[c].deprel == "case" && s.lemma(c) == "'s");
        if possessor {
            if let Some(owned) = s.children(w).filter(|&c| s.parse.words[c].deprel == "appos").find_map(|c| s.mention_of[c]) {
                return Some(owned);
            }
        }
        return Some(m);
    }
    if depth > 3 {
        return None;
    }
    let word = &s.parse.words[w];
    let lemma = s.lemma(w);
    // "X, which backs Y": the relative pronoun is the noun the clause modifies
    if word.upos == "PRON" && rules.in_set("relative_pronoun", &lemma) {
        let clause = s.parse.ancestors(w).into_iter().find(|&a| s.parse.words[a].deprel == "acl:relcl");
        let Some(head) = clause.and_then(|c| s.parse.words[c].head) else {
            // a misparsed "X, who commands Y": the name right before the comma (or before the
            // parenthesis there: "the Syrian Democratic Forces (SDF), which are backed by Washington")
            if w < 2 || s.parse.words[w - 1].form != "," {
                return None;
            }
            let mut j = w - 2;
            if s.parse.words[j].form == ")" {
                let open = (0..j).rev().find(|&i| s.parse.words[i].form == "(")?;
                j = open.checked_sub(1)?;
            }
            return s.mention_of[j];
        };
        // "Haftar's army, which ...": a possessor is not what the clause describes; the
        // nearest name before the pronoun is
        let possessor = s.children(head).any(|c| s.parse.words[c].deprel == "case" && s.lemma(c) == "'s");
        if possessor && head < w {
            if let Some(m) = (head + 1..w).rev().find_map(|j| s.mention_of[j].filter(|&m| Some(m) != s.mention_of[head])) {
                return Some(m);
            }
        }
        return stand_for_at(rules, s, head, depth + 1);
    }
    // "Russian warplanes", "the forces of X", "X's troops": the force's owner
    if rules.in_set("force_noun", &lemma) {
        for c in s.children(w) {
            let d = s.parse.words[c].deprel.as_str();
            let owner = matches!(d, "nmod:poss" | "amod" | "compound")
                || (d == "nmod" && s.markers(c).iter().any(|m| m == "of" || m == "from"))
                || d == "appos";
            // "the Chinese- and Russian-backed junta": "Chinese-" backs, it owns nothing;
            // "a Turkish-made drone" says where it was made, not whose it is
            let made = ["-made", "-built", "-manufactured", "-designed", "-supplied"].iter().any(|x| s.parse.words[c].form.ends_with(x));
            // "the Al-Qaeda-linked group", "Kremlin-funded fighters": a name before a hyphenated
            // participle relates to the noun (linked, funded), it does not own it
            let made = made || s.parse.words[c].form.rsplit_once('-').is_some_and(|(_, p)| p.len() > 3 && p.ends_with("ed") && p.chars().all(|ch| ch.is_ascii_lowercase()));
            let hyphenated = s.parse.words.get(c + 1).is_some_and(|n| n.form == "-") || made;
            if let (true, false, Some(m)) = (owner, hyphenated, s.mention_of[c]) {
                // a country owns state forces only ("Syrian rebels" are not Syria's)
                if s.types[m] == EntityType::Country && !rules.in_set("state_force_noun", &lemma) {
                    continue;
                }
                if matches!(s.types[m], EntityType::Person | EntityType::Organization | EntityType::Country) {
                    return Some(m);
                }
            }
        }
        // "troops loyal to X", "soldiers belonging to X", "forces aligned with X", "planes
        // participating in X" (an operation named as its actor)
        for c in s.children(w).filter(|&c| matches!(s.parse.words[c].deprel.as_str(), "amod" | "acl") && rules.in_set("loyal_word", &s.lemma(c))) {
            for d in s.children(c) {
                let to = matches!(s.parse.words[d].deprel.as_str(), "obl" | "nmod") && s.markers(d).iter().any(|m| m == "to" || m == "with" || m == "in");
                if let (true, Some(m)) = (to, s.mention_of[d]) {
                    if matches!(s.types[m], EntityType::Person | EntityType::Organization) || (s.types[m] == EntityType::Country && rules.in_set("state_force_noun", &lemma)) {
                        return Some(m);
                    }
                }
            }
        }
    }
    // "areas of Aleppo", "the town of Qusayr", "Idlib countryside": the place itself
    if rules.in_set("place_noun", &lemma) {
        for c in s.children(w) {
            let d = s.parse.words[c].deprel.as_str();
            // ("much of X": an adjective's "of" phrase is an oblique)
            let part = matches!(d, "compound" | "nmod:poss" | "appos")
                || (matches!(d, "nmod" | "obl") && s.markers(c).iter().any(|m| m == "of"));
            if let (true, Some(m)) = (part, s.mention_of[c]) {
                if s.types[m] == EntityType::Place {
                    return Some(m);
                }
            }
        }
    }
    // "Bakhmut, a strategic town": the noun in apposition to a name is that name
    // ("the Hmeimim airbase, an installation which ...": through the head the name is part of)
    if word.deprel == "appos" {
        if let Some(m) = word.head.and_then(|h| stand_for_at(rules, s, h, depth + 1)) {
            return Some(m);
        }
    }
    // "the Iraqi group Nujaba" with the name as the head: the describing noun is the name
    if word.deprel == "nmod:desc" {
        if let Some(m) = word.head.and_then(|h| s.mention_of[h]) {
            return Some(m);
        }
    }
    // "the group, Hezbollah,", "the group Nujaba": an apposition names the noun
    s.children(w).find(|&c| matches!(s.parse.words[c].deprel.as_str(), "appos" | "flat")).and_then(|c| s.mention_of[c])
}

/// Negation, modality or an irrealis governor on the trigger (or on the verb whose object or
/// subject a trigger noun is).
fn blocked(rules: &DepRules, s: &Aligned, t: usize, check: Check) -> bool {
    if check == Check::None {
        return false;
    }
    let mut heads = vec![t];
    let w = &s.parse.words[t];
    if w.upos == "NOUN" {
        if let (Some(h), true) = (w.head, matches!(w.deprel.as_str(), "obj" | "nsubj" | "nsubj:pass" | "obl")) {
            heads.push(h);
            // "pressed Abiy on the withdrawal of ...", "called for an offensive": a noun event
            // that someone asks for has not happened
            if check == Check::All && w.deprel != "nsubj" && s.in_(rules, "irrealis_governor", h) {
                return true;
            }
        }
        // "no support"
        if s.children(t).any(|c| s.parse.words[c].deprel == "det" && s.lemma(c) == "no") {
            return true;
        }
        // "until the withdrawal of ...", "until the end of the occupation and the withdrawal":
        // an event awaited has not happened
        let phrase_head = if w.deprel == "conj" { w.head.unwrap_or(t) } else { t };
        if check == Check::All
            && [t, phrase_head].iter().any(|&x| s.children(x).any(|c| s.parse.words[c].deprel == "case" && rules.in_set("irrealis_case", &s.lemma(c))))
        {
            return true;
        }
    }
    for &h in &heads {
        for c in s.children(h) {
            let cw = &s.parse.words[c];
            let l = s.lemma(c);
            if (cw.deprel == "advmod" || cw.deprel == "neg") && rules.in_set("negation", &l) {
                return true;
            }
            // ("confirmed talks would start": "would" under a past report is its "will")
            let reported_will = l == "would"
                && s.parse.words[h].deprel == "ccomp"
                && s.parse.words[h].head.is_some_and(|r| s.in_(rules, "report_verb", r) && s.parse.words[r].form.ends_with("ed"));
            if check == Check::All && cw.deprel == "aux" && rules.in_set("modal", &l) && !reported_will {
                return true;
            }
            if check == Check::All && cw.deprel == "mark" && rules.in_set("irrealis_mark", &l) {
                return true;
            }
        }
    }
    if check != Check::All {
        return false;
    }
    // "failed to take", "threatened to attack", "denied that X backs": up the clause chain
    let mut cur = *heads.last().unwrap();
    for _ in 0..6 {
        let cw = &s.parse.words[cur];
        let Some(h) = cw.head else { break };
        // "an offensive to recapture X", "efforts to take X": an infinitive a purpose noun
        // governs has not happened
        let to_clause = || s.children(cur).any(|c| s.parse.words[c].deprel == "mark" && s.lemma(c) == "to");
        if cw.deprel == "acl" && to_clause() && (s.in_(rules, "purpose_noun", h) || s.in_(rules, "irrealis_governor", h)) {
            return true;
        }
        // "launched an offensive to recapture X", read as the verb's purpose clause
        if cw.deprel == "advcl" && to_clause() && s.children(h).any(|o| o < cur && s.parse.words[o].deprel == "obj" && s.in_(rules, "purpose_noun", o)) {
            return true;
        }
        // "rejected claims that it was arming X": a noun's "that" clause under a verb of denial
        // (the clause is the noun's content, the noun the verb's object)
        if cw.deprel == "acl" && s.children(cur).any(|c| s.parse.words[c].deprel == "mark" && s.lemma(c) == "that") {
            let denied = s.parse.words[h].deprel == "obj" && s.parse.words[h].head.is_some_and(|g| s.in_(rules, "irrealis_governor", g));
            if denied {
                return true;
            }
        }
        if !matches!(cw.deprel.as_str(), "xcomp" | "ccomp" | "advcl" | "csubj") {
            break;
        }
        // "vowed to continue backing X": what goes on is already happening
        if cw.deprel == "xcomp" && s.in_(rules, "ongoing_verb", h) {
            break;
        }
        // "would tend to encourage X", "could try to take X": a modal on the verb that
        // controls the trigger (not "would keep backing X": above)
        if cw.deprel == "xcomp" && s.children(h).any(|c| s.parse.words[c].deprel == "aux" && rules.in_set("modal", &s.lemma(c))) {
            return true;
        }
        if s.in_(rules, "irrealis_governor", h) {
            return true;
        }
        if s.children(cur).any(|c| s.parse.words[c].deprel == "mark" && rules.in_set("irrealis_mark", &s.lemma(c))) {
            return true;
        }
        cur = h;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sets_paths_and_examples() {
        let r = parse(
            "set back: support back\nset more: @back fund\nrule supports.verb\n  predicate supports\n  trigger VERB @more\n  subject nsubj\n  object obj|nsubj:pass/^acl{oc}|obl[to,for]/nmod<@back>\n  example A backs B. => A / supports / B\n",
        )
        .unwrap();
        assert_eq!(r.sets["more"], vec!["support", "back", "fund"]);
        let rule = &r.rules[0];
        assert_eq!(rule.lemmas.len(), 3);
        assert_eq!(rule.object.alts.len(), 3);
        assert_eq!(rule.object.alts[1].1, Some(vec![EntityType::Organization, EntityType::Country]));
        assert!(matches!(&rule.object.alts[2].0[0], Step::Down { case, .. } if case == &["to", "for"]));
        assert!(matches!(&rule.object.alts[2].0[1], Step::Down { lemmas: Some(s), .. } if s == "back"));
    }

    /// "Egypt backs Haftar" tagged but not parsed: the trigger and two actors make a match
    /// possible; a noun where the rule wants a verb, the same entity twice, or an object of a
    /// type the path refuses do not, so the parse is skipped.
    #[test]
    fn a_match_is_possible_only_with_a_trigger_and_a_pair_of_the_right_types() {
        use crate::mentions::{Mention, MentionKind};
        use crate::syntax::Word;
        let r = parse(
            "rule supports.verb\n  predicate supports\n  trigger VERB back\n  subject nsubj\n  object obj{oc}\n  example A backs B. => A / supports / B\n",
        )
        .unwrap();
        let word = |start: usize, form: &str, upos: &'static str, lemma: &str| Word {
            start,
            end: start + form.len(),
            form: form.into(),
            upos,
            lemma: lemma.into(),
            head: None,
            deprel: String::new(),
        };
        let sentence = |verb: &'static str| ParsedSentence {
            start: 0,
            end: 18,
            words: vec![word(0, "Egypt", "PROPN", "Egypt"), word(6, "backs", verb, "back"), word(12, "Haftar", "PROPN", "Haftar")],
        };
        let mention = |start: usize, end: usize, ent: usize| Mention { start, end, ent, kind: MentionKind::Name, sent: 0 };
        let (egypt, haftar) = (mention(0, 5, 1), mention(12, 18, 2));
        let twice = mention(12, 18, 1);
        let possible = |verb: &'static str, ms: &[&Mention], types: &[EntityType]| {
            let p = sentence(verb);
            may_match(&r, &Aligned::new(&p, ms, types.to_vec()))
        };
        use EntityType::*;
        assert!(possible("VERB", &[&egypt, &haftar], &[Country, Organization]));
        assert!(!possible("NOUN", &[&egypt, &haftar], &[Country, Organization]), "the trigger's part of speech");
        assert!(!possible("VERB", &[&egypt, &twice], &[Country, Country]), "one entity twice is no pair");
        assert!(!possible("VERB", &[&egypt, &haftar], &[Person, Person]), "the object path wants o or c, and neither is");
        assert!(!possible("VERB", &[&egypt, &haftar], &[Concept, Country]), "the predicate wants an actor as subject");
    }

    #[test]
    fn refuses_rules_without_examples_or_with_unknown_sets() {
        assert!(parse("rule a\n  predicate supports\n  trigger VERB back\n  subject nsubj\n  object obj\n").unwrap_err().contains("example"));
        assert!(parse("rule a\n  predicate supports\n  trigger VERB @nope\n  subject nsubj\n  object obj\n").unwrap_err().contains("@nope"));
        assert!(parse("rule a\n  predicate nope\n").unwrap_err().contains("predicate"));
    }
}
