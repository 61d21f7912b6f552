//! Reading relations: each sentence is masked (mentions become typed tokens) and every rule
//! of `ontology/rules.tsv` runs over it; matches become facts with their sentence, rule,
//! reporter and confidence. Extraction does no I/O and never fails: odd text gives fewer facts.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

pub mod deps;
pub mod mentions;
pub mod prefilter;
pub mod rules;

use crate::corpus::Article;
use crate::dates;
use crate::knowledge::{Ent, Knowledge, Lexicon};
use crate::mentions::{Analysis, EntRef, Mention, MentionKind};
use crate::rules::{Role, Rule, RuleOutput};
use crate::syntax::{Model, ParsedSentence, Tagged};
use crate::vocab::{EntityType, Predicate};

/// What a fact points at: an entity or, for casualty figures, a number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactObject {
    Entity(Ent),
    Count(u64),
}

impl FactObject {
    pub fn label(&self) -> String {
        match self {
            FactObject::Entity(e) => e.label.clone(),
            FactObject::Count(n) => n.to_string(),
        }
    }
}

/// One fact read from one sentence of one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub doc: String,
    /// Empty only for a casualty figure nobody is said to have reported.
    pub subject: Option<Ent>,
    pub predicate: Predicate,
    pub object: FactObject,
    /// Byte span of the sentence in the article file.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    pub rule: String,
    pub reporter: Option<Ent>,
    pub confidence: f32,
    /// The event's or statement's date, as precise as the text allows (`2019-04-04`, `2019-04`, `2014`).
    pub date: Option<String>,
}

/// The facts of one article and the entities minted while reading it.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub facts: Vec<Fact>,
    /// Entities minted from this article's text (names the ontology does not know).
    pub minted: Vec<Ent>,
    /// The article's publication day and where it came from (metadata, dateline, URL …).
    pub published: Option<dates::Published>,
}

static COUNTABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b").unwrap()
});
static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(\d+)([a-z])>").unwrap());
static PAREN_ALIAS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(<\d+[a-z]>) \(<\d+[a-z]>\)").unwrap());
static THE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|\s)(?:the|an?) $").unwrap());
/// A passive verb ("were evacuated", "is backed"): its grammatical subject is not the agent.
static PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:\w+ed|taken|retaken|overrun|struck|hit|driven|withdrawn|beaten|held|sent)\b").unwrap()
});

/// Before a rule's first subject: a preposition of place, perhaps with earlier list items.
/// "the rebels, who are backed by <S>, captured": an agent of a passive is nobody's subject.
static AGENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bby\s+(?:the\s+)?(?:<\d+[a-z]>(?:,|,? and) )*$").unwrap());
static LOCATIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|near|inside|across|throughout|outside|around|into)\s+(?:the\s+)?(?:(?:north|south|east|west|central|rural|coastal|far)(?:-?(?:east|west))?(?:ern)?\s+)?(?:<\d+[a-z]>(?:,|,? and) )*$").unwrap()
});

/// After a country: a group that is not its state ("separatists", "rebels", "opposition"), or
/// "-backed" ("UAE-backed separatists took Aden", also unhyphenated in headlines: "UAE backed
/// southern separatists take Aden": the country backs, the separatists act).
static NON_STATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-(?:backed|supported|aligned|allied|sponsored|funded)\b| (?:backed|supported|sponsored|funded) (?:[a-z-]+ ){0,2}(?:separatists?|rebels?|militias?|militants?|insurgents?|fighters|forces|groups?|factions?)\b| (?:separatists?|rebels?|insurgents?|militants?|opposition|protesters|demonstrators|tribesmen|tribes|jihadists?|Islamists?|activists|civilians|people|residents|refugees|migrants|media|journalists|dissidents|exiles|diaspora|mercenaries|volunteers|Kurds|Shiites?|Sunnis?|clans?|gangs?)\b)").unwrap()
});

/// A sentence with its mentions replaced by tokens.
pub struct Masked<'a> {
    pub text: String,
    pub mentions: Vec<&'a Mention>,
}

/// Build the masked form of sentence `si` (see `rules` for the format).
pub fn mask<'a>(text: &str, a: &'a Analysis, si: usize) -> Masked<'a> {
    let s = &a.sentences[si];
    // mentions are sorted by start: this sentence's are one slice, found by binary search
    let mentions: Vec<&Mention> = a.mentions.starting_in(s.start, s.end).iter().collect();
    let mut out = String::with_capacity(s.end - s.start + 16);
    let mut pos = s.start;
    for (i, m) in mentions.iter().enumerate() {
        // "his Turkish counterpart X": a possessive pronoun right before a name is not an argument
        if m.kind == MentionKind::Pronoun
            && matches!(text[m.start..m.end].to_lowercase().as_str(), "his" | "her" | "its" | "their")
            && mentions.get(i + 1).is_some_and(|n| text[m.end..n.start] == *" ")
        {
            push_normalised(&mut out, &text[pos..m.start]);
            pos = m.end + 1;
            continue;
        }
        push_normalised(&mut out, &text[pos..m.start]);
        if let Some(t) = THE_END.find(&out) {
            let article = t.as_str().trim_start();
            let keep = t.end() - article.len();
            out.truncate(keep);
        }
        out.push_str(&format!("<{i}{}>", a.ents.etype(m.ent).code()));
        pos = m.end;
    }
    push_normalised(&mut out, &text[pos..s.end]);
    let text = PAREN_ALIAS.replace_all(&out, "$1").into_owned();
    Masked { text, mentions }
}

fn push_normalised(out: &mut String, seg: &str) {
    for c in seg.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '«' | '»' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '<' => '(',
            '>' => ')',
            c if c.is_whitespace() || c == '\u{feff}' => ' ',
            // the masked text is ASCII, so every rule runs on the fast DFA engines
            c if !c.is_ascii() && c.is_alphanumeric() => 'x',
            c if !c.is_ascii() => ' ',
            c => c,
        };
        if c == ' ' && (out.ends_with(' ') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
}

static NEW_ACTOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<\d+[poc]>(?:[^']|$)").unwrap());

fn clause_rest<'s>(span: &'s str, lex: &Lexicon) -> &'s str {
    let end = [lex.barrier.find(span).map(|m| m.start()), NEW_ACTOR.find(span).map(|m| m.start())].into_iter().flatten().min();
    end.map_or(span, |e| &span[..e])
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn tokens_in<'m>(masked: &Masked<'m>, span: &str, types: &str) -> Vec<&'m Mention> {
    TOKEN
        .captures_iter(span)
        .filter(|c| types.contains(&c[2]))
        // "<Serraj>'s <GNA>": the possessor is not the argument
        // and "<Ukraine>'s main port city of <Odesa>": the place, not its country
        .filter(|c| !POSSESSOR_OF_NAME.is_match(&span[c.get(0).unwrap().end()..]))
        .filter_map(|c| c[1].parse::<usize>().ok())
        .filter_map(|i| masked.mentions.get(i).copied())
        .collect()
}

/// Which rule sets run (all of them, except in tests and `explain`-style tools).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stages {
    /// Facts read while finding mentions, and the rules over masked sentences.
    pub surface: bool,
    /// The rules over dependency trees.
    pub syntax: bool,
}

impl Stages {
    pub const ALL: Stages = Stages { surface: true, syntax: true };
}

/// Extract the facts of one article.
pub fn extract(article: &Article, k: &Knowledge) -> Extraction {
    extract_with(article, k, Stages::ALL)
}

/// Extract with some rule sets only; facts are deduplicated as in [`extract`].
pub fn extract_with(article: &Article, k: &Knowledge, stages: Stages) -> Extraction {
    let text = article.text.as_str();
    let a = mentions::analyse(text, k);
    let published = dates::publication(article, &a.sentences);
    let pub_date = published.as_ref().map(|p| p.day);
    let mut raw: Vec<Fact> = Vec::new();
    let mut reporters: Vec<Option<EntRef>> = vec![None; a.sentences.len()];
    let masks: Vec<Masked> = (0..a.sentences.len()).map(|si| mask(text, &a, si)).collect();
    for (si, m) in masks.iter().enumerate() {
        reporters[si] = k.rules.iter().filter(|r| r.output == RuleOutput::Reporter).find_map(|r| {
            r.regex.captures(&m.text).and_then(|c| {
                r.groups.iter().filter(|g| g.role == Role::Subject).find_map(|g| c.name(&g.name)).and_then(|g| tokens_in(m, g.as_str(), "poc").first().map(|m| m.ent))
            })
        });
    }
    let make = |si: usize, subject: Option<EntRef>, predicate: Predicate, object: FactObject, rule: &str, conf: f32| {
        let s = &a.sentences[si];
        let sentence = &text[s.start..s.end];
        let hedged = k.lexicon.hedge.is_match(sentence);
        let reporter = reporters[si].filter(|r| Some(*r) != subject).map(|r| a.ents.get(r).clone());
        Fact {
            doc: article.id.clone(),
            subject: subject.map(|e| a.ents.get(e).clone()),
            predicate,
            object,
            start: s.start,
            end: s.end,
            sentence: sentence.to_string(),
            rule: rule.to_string(),
            reporter,
            confidence: hedged_confidence(conf, hedged),
            date: pub_date.as_ref().map(|d| dates::fact_date(sentence, d)).unwrap_or(None),
        }
    };
    for f in a.facts.iter().filter(|_| stages.surface) {
        raw.push(make(f.sent, Some(f.subject), f.predicate, FactObject::Entity(a.ents.get(f.object).clone()), f.rule.name(), MENTION_CONFIDENCE));
    }
    for (si, m) in masks.iter().enumerate().filter(|_| stages.surface) {
        // a sentence that names nothing and counts nothing cannot hold a fact
        if !m.text.contains('<') && !COUNTABLE.is_match(&m.text) {
            continue;
        }
        for rule in k.rule_filter.candidates(&m.text).into_iter().map(|i| &k.rules[i]).filter(|r| r.output != RuleOutput::Reporter) {
            apply_rule(rule, m, si, &a, &reporters, &mut |si, s, p, o, name, conf| raw.push(make(si, s, p, o, name, conf)));
        }
    }
    if stages.syntax {
        apply_syntax_rules(text, &a, &masks, k, &reporters, &mut |si, s, p, o, name, conf| raw.push(make(si, s, p, o, name, conf)));
    }
    if stages.surface {
        attack_references(&a, &masks, &mut raw, &make);
    }
    let facts = dedup(raw);
    let minted = minted_entities(&a, &facts, k);
    Extraction { facts, minted, published }
}

/// A sentence that names an attack but not its attacker, read as the attack the article reported
/// last (this sentence or the three before: [`last_attackers`]). Nothing where no attack was
/// read, or the sentence's words are negated.
struct AttackReference {
    /// The reference; group `s` lists the actors that stand in `predicate` to the attackers.
    pattern: &'static LazyLock<Regex>,
    predicate: Predicate,
    rule: &'static str,
    /// A modal blocks it ("would support the strikes").
    modal_blocks: bool,
    /// An attacker named right after blocks it (the ordinary rules read that one).
    agent_after_blocks: bool,
}

const ATTACK_REFERENCE_CONFIDENCE: f32 = 0.7;

const ATTACK_REFERENCES: [AttackReference; 2] = [
    // "The government and the AU condemned the attack": condemning it condemns its attackers
    AttackReference { pattern: &CONDEMN_THE_ATTACK, predicate: Predicate::Condemns, rule: "condemns.the_attack", modal_blocks: false, agent_after_blocks: true },
    // "France and Chad carried out strikes ... the raids were carried out with the
    // participation of Niger and Mali": those named support the attackers
    AttackReference { pattern: &SUPPORTED_ATTACK, predicate: Predicate::Supports, rule: "supports.the_attack", modal_blocks: true, agent_after_blocks: false },
];

/// Facts of every [`ATTACK_REFERENCES`] reading, added to `raw` (which holds the attacks read).
fn attack_references(a: &Analysis, masks: &[Masked], raw: &mut Vec<Fact>, make: &dyn Fn(usize, Option<EntRef>, Predicate, FactObject, &str, f32) -> Fact) {
    let lex = &a.ents.k.lexicon;
    let mut new = Vec::new();
    for r in &ATTACK_REFERENCES {
        for (si, m) in masks.iter().enumerate() {
            let Some(c) = r.pattern.captures(&m.text) else { continue };
            let whole = c.get(0).unwrap();
            if lex.negation.is_match(whole.as_str())
                || (r.modal_blocks && lex.modality.is_match(whole.as_str()))
                || (r.agent_after_blocks && AGENT_AFTER.is_match(&m.text[whole.end()..]))
            {
                continue;
            }
            let actors: Vec<EntRef> = tokens_in(m, c.name("s").unwrap().as_str(), "poc").iter().map(|x| x.ent).collect();
            let attackers = last_attackers(a, raw, si);
            for &who in &actors {
                for e in attackers.iter().filter(|e| e.iri != a.ents.get(who).iri) {
                    new.push(make(si, Some(who), r.predicate, FactObject::Entity(e.clone()), r.rule, ATTACK_REFERENCE_CONFIDENCE));
                }
            }
        }
    }
    raw.extend(new);
}

/// The attackers of the attack read last in sentence `si` or the three before it (one sentence's
/// attacks: "France and Chad carried out strikes" gives both); none if none.
fn last_attackers(a: &Analysis, raw: &[Fact], si: usize) -> Vec<Ent> {
    let here = a.sentences[si].start;
    let earliest = a.sentences[si.saturating_sub(3)].start;
    let attacks = || raw.iter().filter(|f| f.predicate == Predicate::Attacked && f.subject.is_some() && f.start <= here && f.start >= earliest);
    let Some(last) = attacks().map(|f| f.start).max() else { return Vec::new() };
    let mut out: Vec<Ent> = Vec::new();
    for e in attacks().filter(|f| f.start == last).filter_map(|f| f.subject.clone()) {
        if !out.iter().any(|x| x.iri == e.iri) {
            out.push(e);
        }
    }
    out
}

/// "<1o> and <2o> condemned the "terrorist" attack", "<3o> said it condemns in the strongest
/// possible terms the heinous attack".
static CONDEMN_THE_ATTACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<s><\d+[poc]>(?:(?:,? and |, )<\d+[poc]>)*)[^<;]{0,40}?\b(?:condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|deplor(?:e|es|ed|ing))\b[^<;]{0,40}?\bthe (?:[\w"“”'-]+ ){0,3}?(?:attacks?|assault|raid|bombing|massacre|ambush|killings?)\b"#).unwrap()
});
/// "the raids were carried out with the participation of <1c> and <2c>".
static SUPPORTED_ATTACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:strikes|attacks?|raids?|operations?|offensive|assault|campaign|bombing|bombardment)\b[^<;]{0,40}?\bwith (?:the )?(?:[a-z]+ ){0,3}?(?:support|backing|help|assistance|participation) (?:of|from) (?P<s><\d+[oc]>(?:(?:,? and |, )<\d+[oc]>)*)").unwrap()
});
/// An attacker named right after: the ordinary rules read it.
static AGENT_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:by|of|from|carried out by)\s+<|^\s*<").unwrap());

/// The confidence of a fact the mention stage reads ("Libyan leader X" → X leads Libya).
const MENTION_CONFIDENCE: f32 = 0.9;

type Emit<'e> = dyn FnMut(usize, Option<EntRef>, Predicate, FactObject, &str, f32) + 'e;

fn apply_rule(rule: &Rule, m: &Masked, si: usize, a: &Analysis, reporters: &[Option<EntRef>], emit: &mut Emit) {
    let lex = &a.ents.k.lexicon;
    let RuleOutput::Fact(pred) = rule.output else { return };
    // a rejected match (negated, across a barrier, a possessor as subject) is retried one
    // character later, so that a later subject can still match
    let mut at = 0;
    while at <= m.text.len() {
        let Some(c) = rule.regex.captures_at(&m.text, at) else { break };
        let whole = c.get(0).unwrap();
        at = whole.start() + 1;
        // "vowed to attack X", "its intention to continue attacks on X": no attack, but a stance
        let mut stance_only = false;
        if !rule.flags.no_check {
            let from = floor_boundary(&m.text, whole.start().saturating_sub(20));
            // whole words: a window that starts inside one starts at its beginning
            let from = m.text[..from].rfind(' ').map_or(0, |i| i + 1);
            let window = &m.text[from..whole.end()];
            if !rule.flags.no_neg && lex.negation.is_match(window) {
                continue;
            }
            if !rule.flags.no_modal && lex.modality.is_match(window) {
                if !(rule.flags.also_opposes && lex.intention.is_match(window)) {
                    continue;
                }
                stance_only = true;
            }
        }
        let gaps = rule.groups.iter().filter(|g| g.role == Role::Gap).filter_map(|g| c.name(&g.name));
        if gaps.clone().any(|g| lex.barrier.is_match(g.as_str())) || (rule.flags.active && PASSIVE.is_match(whole.as_str())) {
            continue;
        }
        // the subject groups this match filled
        let subjects = || rule.groups.iter().filter(|g| g.role == Role::Subject).filter_map(|g| c.name(&g.name));
        // "drove out <Russian forces> to seize the city": a subject right before "to" that is
        // the object of a phrasal verb is not the infinitive's subject
        let object_before_to = subjects().any(|g| {
            PARTICLE_BEFORE.is_match(&m.text[..g.start()]) && TO_AFTER.is_match(&m.text[g.end()..])
        });
        if object_before_to {
            continue;
        }
        // "X's envoy said": X is not the one who spoke
        // ("X, Y's chairman, said": X is, the list's last item is an apposition's possessor)
        let possessor = rule
            .groups
            .iter()
            .filter(|g| !g.possessor_ok && g.role == Role::Subject)
            .filter_map(|g| c.name(&g.name))
            .any(|g| m.text[g.end()..].starts_with("'s") && appositive_possessor(g.as_str()).is_none());
        // "captured <1l>'s capital": the object is what the possessor owns, not the possessor
        let owned = matches!(pred, Predicate::Captured | Predicate::WithdrewFrom)
            && rule
            .groups
            .iter()
            .filter(|g| g.role == Role::Object && !g.rest && !g.possessor_ok)
            .filter_map(|g| c.name(&g.name))
            .any(|g| g.end() == whole.end() && m.text[g.end()..].starts_with("'s"));
        // "an assault on <Yemen>'s main port city of <Hodeidah>": the possessor of a place named
        // next is not the object
        let owner_of_named = rule
            .groups
            .iter()
            .filter(|g| g.role == Role::Object && !g.rest)
            .filter_map(|g| c.name(&g.name))
            .any(|g| g.end() == whole.end() && POSSESSOR_OF_NAME.is_match(&m.text[g.end()..]));
        // "advanced on <1l>, <2c> sent reinforcements", "chased out <1o>, <2c> seized": names
        // joined by a comma alone, with a verb right after, are two clauses, not a list (lists
        // end with "and" or "or"; a bracketed list ends with its bracket)
        // (a subject list is retried from its next name; an object list is cut below)
        let clause_break = subjects().any(|g| comma_clause(g.as_str(), &m.text[g.end()..]).is_some());
        // "Turkey, a <NATO> member, has supplied", "Wagner, a <Russian> mercenary outfit, has
        // fought": a name that only qualifies the noun after it in an apposition is not the subject
        let qualifier = subjects().any(|g| QUALIFIED_NOUN_AFTER.is_match(&m.text[g.end()..]));
        // "The Houthis, who control much of northern <1c>, are allied with": a name that ends a
        // relative clause set off by commas is not the main verb's subject
        let in_relative = subjects().any(|g| {
            let before = &m.text[..g.start()];
            m.text[g.end()..].starts_with(',') && before.rfind(", ").is_some_and(|i| RELATIVE_OPENER.is_match(&before[i + 2..]))
        });
        if possessor || owned || owner_of_named || clause_break || qualifier || in_relative {
            continue;
        }
        // "strikes in <1c> and <2c> targeted <3o>": a subject after "in" is where, not who (and
        // so is an object that opens the match: "forces in <1c>, supported by <2o>");
        // "the rebels, backed by <1c>, captured <2l>": a subject after "by" is another verb's
        // agent (but "the advance by <1p>'s forces" is the possessor's)
        let located = rule
            .groups
            .iter()
            .filter(|g| matches!(g.role, Role::Subject | Role::Object))
            .filter_map(|g| c.name(&g.name).map(|m| (g.role, m)))
            .any(|(role, g)| {
                let before = &m.text[..g.start()];
                let possessor = m.text[g.end()..].starts_with("'s") || m.text[g.end()..].starts_with("’s");
                g.start() == whole.start()
                    && (LOCATIVE_BEFORE.is_match(before) || (role == Role::Subject && !possessor && AGENT_BEFORE.is_match(before)))
            });
        // "Yemen separatists took Aden", "attacked Syrian rebels": a country that only qualifies a
        // non-state group is not the argument
        let qualifies = !matches!(pred, Predicate::Supports | Predicate::AlliedWith)
            && rule
            .groups
            .iter()
            .filter(|g| matches!(g.role, Role::Subject | Role::Object) && !g.rest)
            .filter_map(|g| c.name(&g.name))
            .any(|g| g.as_str().ends_with("c>") && NON_STATE_AFTER.is_match(&m.text[g.end()..]));
        // "head of the <AU> mediation team": the organization only names the body the title is of
        let body_of = matches!(pred, Predicate::Leads | Predicate::MemberOf)
            && rule
                .groups
                .iter()
                .filter(|g| g.role == Role::Object && !g.rest)
                .filter_map(|g| c.name(&g.name))
                .any(|g| ORG_BODY_AFTER.is_match(&m.text[g.end()..]));
        if located || qualifies || body_of {
            continue;
        }
        at = whole.end().max(at);
        let mut subjects: Vec<&Mention> = Vec::new();
        let mut objects: Vec<&Mention> = Vec::new();
        let mut numbers: Vec<u64> = Vec::new();
        for g in &rule.groups {
            let Some(span) = c.name(&g.name) else { continue };
            // "the rest of the clause" ends at a clause barrier or at a new actor (a new subject);
            // a possessor ("a halt to <3p>'s advance") does not end it
            let span = if g.rest { clause_rest(span.as_str(), lex) } else { span.as_str() };
            match g.role {
                // "with Iran backing <Assad> and <Russia> providing support": a list right
                // after a participle starts with that verb's objects; the subject is the last
                Role::Subject => {
                    let whole_span = c.name(&g.name).unwrap();
                    let span = match appositive_possessor(span) {
                        Some(cut) if m.text[whole_span.end()..].starts_with("'s") => &span[..cut],
                        _ => span,
                    };
                    let from = whole_span.start();
                    let span = match span.rfind(" and ") {
                        Some(cut) if PARTICIPLE_BEFORE.captures(&m.text[..from]).is_some_and(|c| !PREPOSITION_ING.is_match(&c[1])) => &span[cut..],
                        _ => span,
                    };
                    subjects.extend(tokens_in(m, span, &g.types))
                }
                // "backing <Assad> and <Russia> providing support": a list ends where a
                // member starts a clause of its own
                Role::Object => {
                    let whole_span = c.name(&g.name).unwrap();
                    let from = whole_span.start();
                    let cut = NEW_ABSOLUTE.find(&m.text[from..]).map_or(span.len(), |x| x.start().min(span.len()));
                    let cut = if g.rest { cut } else { comma_clause(span, &m.text[whole_span.end()..]).map_or(cut, |c| c.min(cut)) };
                    let span = without_modifier_item(&span[..cut], !g.rest && whole_span.end() == whole.end(), &m.text[whole_span.end()..]);
                    let cut = span.len();
                    objects.extend(tokens_in(m, &span[..cut], &g.types))
                }
                Role::Number => numbers.extend(rules::parse_number(span)),
                Role::Gap => {}
            }
        }
        // "the <ENDF>, led by <Abiy>, and the <TPLF>, loyal to ...": people lead; an organization
        // listed after a person is the next clause's
        if pred == Predicate::Leads && subjects.iter().any(|x| a.ents.etype(x.ent) == EntityType::Person) {
            subjects.retain(|x| a.ents.etype(x.ent) == EntityType::Person);
        }
        let opposes = if rule.flags.also_opposes { if stance_only { Opposition::Only } else { Opposition::Also } } else { Opposition::No };
        emit_pairs(a, si, &subjects, &objects, &numbers, pred, &rule.name, rule.confidence, opposes, reporters, emit);
    }
}

/// "<0p>, <1o>" before "'s chairman,": the list's last item, after a comma, starts an
/// apposition; where the subject list ends.
fn appositive_possessor(list: &str) -> Option<usize> {
    let cut = list.rfind(", <")?;
    (!list[cut..].contains(" and ")).then_some(cut)
}

/// A rule's confidence when an argument is only a pronoun or a description ("the council").
fn indirect_confidence(confidence: f32, indirect: bool) -> f32 {
    confidence * if indirect { 0.9 } else { 1.0 }
}

/// A fact's confidence from its rule's (perhaps lowered by [`indirect_confidence`]) and whether
/// its sentence hedges ("reportedly"), to two decimals.
fn hedged_confidence(confidence: f32, hedged: bool) -> f32 {
    let hedge = if hedged { 0.8 } else { 1.0 };
    ((confidence * hedge * 100.0).round() / 100.0).clamp(0.0, 1.0)
}

/// The name a fact carries when a rule's match also gives an opposition.
fn opposes_rule(name: &str) -> String {
    format!("{name}+opposes")
}

/// The name a fact read by a rule over syntax carries.
fn syntax_rule(name: &str) -> String {
    format!("syntax:{name}")
}

/// Every (rule name, confidence) a fact can carry with this knowledge: each rule of
/// `rules.tsv` and `syntax.rules` and each rule of the mention stage, with and without its
/// opposition, direct or through a pronoun or description, hedged or not, the confidence as
/// [`extract`] computes it. A superset (a rule that gives no opposition is listed with one too):
/// `rdf` describes these readings once, in the ontology graph, instead of in every fact.
pub fn possible_readings(k: &Knowledge) -> Vec<(String, f32)> {
    let mut bases: Vec<(String, f32)> = Vec::new();
    for r in k.rules.iter().filter(|r| matches!(r.output, RuleOutput::Fact(_))) {
        bases.push((r.name.clone(), r.confidence));
    }
    for r in &k.deps.rules {
        bases.push((syntax_rule(&r.name), r.confidence));
    }
    for r in mentions::MentionRule::ALL {
        bases.push((r.name().to_string(), MENTION_CONFIDENCE));
    }
    for r in &ATTACK_REFERENCES {
        bases.push((r.rule.to_string(), ATTACK_REFERENCE_CONFIDENCE));
    }
    let mut out = Vec::new();
    for (name, base) in bases {
        for name in [opposes_rule(&name), name] {
            for indirect in [false, true] {
                for hedged in [false, true] {
                    out.push((name.clone(), hedged_confidence(indirect_confidence(base, indirect), hedged)));
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    out.dedup();
    out
}

/// Whether an attack on an actor also gives opposition, or (when the attack is only intended)
/// gives only that.
#[derive(Clone, Copy, PartialEq)]
enum Opposition {
    No,
    Also,
    Only,
}

/// Facts for every subject × object a rule read (types checked), or a casualty figure per number.
#[allow(clippy::too_many_arguments)]
fn emit_pairs(
    a: &Analysis,
    si: usize,
    subjects: &[&Mention],
    objects: &[&Mention],
    numbers: &[u64],
    pred: Predicate,
    name: &str,
    confidence: f32,
    opposes: Opposition,
    reporters: &[Option<EntRef>],
    emit: &mut Emit,
) {
    let conf = |ms: &[&Mention]| indirect_confidence(confidence, ms.iter().any(|m| matches!(m.kind, MentionKind::Pronoun | MentionKind::Description)));
    if pred.is_casualty() {
        let subject = subjects.first().map(|m| m.ent).or(reporters[si]);
        for &n in numbers {
            emit(si, subject, pred, FactObject::Count(n), name, conf(subjects));
        }
        return;
    }
    // ("both sides" names two entities: `Analysis::entities_of`)
    for s in subjects {
        for o in objects {
            let c = conf(&[s, o]);
            for se in a.entities_of(s) {
                for oe in a.entities_of(o) {
                    if se == oe {
                        continue;
                    }
                    let (st, ot) = (a.ents.etype(se), a.ents.etype(oe));
                    if !pred.accepts_subject(st) || !pred.accepts_object(ot) {
                        continue;
                    }
                    if opposes != Opposition::Only {
                        emit(si, Some(se), pred, FactObject::Entity(a.ents.get(oe).clone()), name, c);
                    }
                    if opposes != Opposition::No && ot.is_actor() {
                        let name = opposes_rule(name);
                        emit(si, Some(se), Predicate::Opposes, FactObject::Entity(a.ents.get(oe).clone()), &name, c);
                    }
                }
            }
        }
    }
}

/// "<1c>-backed government forces and the <2c>-backed STC": an object list's last name followed
/// by a hyphen ("-backed", "-led") qualifies the noun after it and is no item of the list. Only
/// where the list ends the match (a pattern that reads "{S}-backed" itself ends after the
/// hyphen). (A subject list keeps it: "backed by <1c> air power and <2c>-backed militias" is
/// read as both backing the force, as the held-out gold has it.)
fn without_modifier_item<'t>(list: &'t str, ends_match: bool, after: &str) -> &'t str {
    if !ends_match || !after.starts_with('-') {
        return list;
    }
    match [list.rfind(" and <"), list.rfind(", <"), list.rfind(" or <")].into_iter().flatten().max() {
        Some(cut) => &list[..cut],
        None => list,
    }
}

/// After a name: the noun it qualifies in an apposition ("a <NATO> member,").
/// The start of a relative clause ("who control much of ...", "which borders").
static RELATIVE_OPENER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:who|which|whose|that)\s").unwrap());
static QUALIFIED_NOUN_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:[a-z][\w-]* ){0,2}?(?:member|members|member state|member states|state|country|nation|ally|partner|group|outfit|company|contractor|firm|militia|movement|network|faction)\s*,").unwrap());

/// Where a list of names joined by commas alone ends because its last name starts the next
/// clause ("<1l>, <2c> sent reinforcements": at the last comma), if it does.
fn comma_clause(list: &str, after: &str) -> Option<usize> {
    let joined = list.contains(" and ") || list.contains(" or ") || list.contains(" as well as ");
    (!joined && COMMA_LIST_CLAUSE.is_match(after)).then(|| list.rfind(", <")).flatten()
}

/// What follows a list that is really the end of one clause and the subject of the next: a
/// lower-case word that is no preposition, conjunction or relative word ("<2c> sent").
static COMMA_LIST_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:has |have |had |was |were |is |are |also |then |now |later |quickly |soon )?(?:[a-z]+ed|sent|took|seized|won|began|led|launched|struck|hit|said|says|told|made|fought|drove|overran|retook|shot|fled|left|came|went|held|met)\b").unwrap()
});
static PARTICLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[a-z]+ (?:out|off|away|back|down)\s+(?:the\s+)?$").unwrap());
static TO_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^,? to\b").unwrap());
static PARTICIPLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z]{3,}ing)\s+(?:the\s+)?$").unwrap());
/// "-ing" words that are prepositions, not verbs with objects ("including X and Y said").
static PREPOSITION_ING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:during|including|according|regarding|concerning|following|excluding|notwithstanding|pending|considering|nothing|something|anything|everything)$").unwrap());
static NEW_ABSOLUTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",?\s+and\s+(?:the\s+)?<\d+[a-z]>\s+[a-z]+ing\b").unwrap());
static ORG_BODY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[a-z][\w-]*\s+){0,2}(?:team|panel|committee|delegation|office|unit|commission|department|body|secretariat|wing|branch|task\s+force)\b").unwrap()
});
static POSSESSOR_OF_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^'s\s+(?:[a-z][\w-]*\s+){0,4}(?:of\s+(?:the\s+)?)?<").unwrap());
static HYPHEN_PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z]+-(?:[a-z]+ed|held|run|led|built|made|born|rich|poor|wide|long|old|scale|range|term|style|free|level|ranking)$").unwrap());

/// The mention index given to a merged "X-backed" word: it stands for no mention itself.
const MODIFIER: usize = usize::MAX - 1;

/// Parse a sentence with each name read as one word: "Egypt and the United Arab Emirates back
/// Khalifa Haftar" is parsed as "Egypt and the Emirates back Haftar"-like text, a stand-in
/// proper noun of the name's type in place of the words of the name, so that the parser sees
/// the sentence's structure rather than the inside of long names. Spans stay those of the text.
fn parse_with_names(model: &Model, text: &str, (start, end): (usize, usize), spans: &[(usize, usize)], mentions: &[&Mention], types: &[EntityType]) -> ParsedSentence {
    let words = model.parse(tag_with_names(model, text, spans, mentions, types));
    ParsedSentence { start, end, words }
}

/// The tagging half of [`parse_with_names`]: words with spans, tags and lemmas, no tree yet.
fn tag_with_names(model: &Model, text: &str, spans: &[(usize, usize)], mentions: &[&Mention], types: &[EntityType]) -> Tagged {
    // (start, end, stand-in form, mention index)
    let mut merged: Vec<(usize, usize, Option<&'static str>, usize)> = Vec::with_capacity(spans.len());
    for &(st, en) in spans {
        let named = mentions.iter().enumerate().position(|(i, m)| {
            m.start < en && st < m.end && matches!(m.kind, MentionKind::Name | MentionKind::Description) && types[i] != EntityType::Concept
        });
        match named {
            Some(mi) => {
                let stand_in = match types[mi] {
                    EntityType::Person => "John",
                    EntityType::Country => "France",
                    EntityType::Place => "Paris",
                    _ => "Microsoft",
                };
                match merged.last_mut() {
                    Some(last) if last.2.is_some() && last.3 == mi => last.1 = en,
                    _ => merged.push((st, en, Some(stand_in), mi)),
                }
            }
            None => merged.push((st, en, None, usize::MAX)),
        }
    }
    // "Turkey-backed", "Iranian-backed", "UN-led": a name and its participle are one modifier
    let mut i = 0;
    while i + 2 < merged.len() {
        let (a, h, b) = (merged[i], merged[i + 1], merged[i + 2]);
        // ("Iranian-backed": a demonym, given no stand-in, is a name here too)
        let named = a.2.is_some() || mentions.iter().any(|m| m.start == a.0 && m.end == a.1);
        if named && &text[h.0..h.1] == "-" && a.1 == h.0 && h.1 == b.0 && b.2.is_none() && text[b.0..b.1].chars().all(|c| c.is_ascii_lowercase()) {
            merged[i] = (a.0, b.1, Some("well-known"), MODIFIER);
            merged.drain(i + 1..i + 3);
        } else if a.2.is_none() && b.2.is_none() && &text[h.0..h.1] == "-" && a.1 == h.0 && h.1 == b.0 && HYPHEN_PARTICIPLE.is_match(&text[a.0..b.1]) {
            // "rebel-held", "government-controlled": one modifier, as the treebank's
            // three words ("rebel - held") parse badly before a name
            merged[i] = (a.0, b.1, Some("well-known"), usize::MAX);
            merged.drain(i + 1..i + 3);
        }
        i += 1;
    }
    // the treebank writes straight quotes: "Haftar’s" is read as "Haftar's"
    let forms: Vec<String> = merged
        .iter()
        .map(|&(s, e, stand_in, _)| match stand_in {
            Some(f) => f.to_string(),
            None => text[s..e].replace(['\u{2019}', '\u{2018}'], "'").replace(['\u{201c}', '\u{201d}'], "\""),
        })
        .collect();
    // a headline in Title Case ("Russia Retaliating After 20 Soldiers Killed in ...") is read
    // in lower case but for its names: the treebank's capitals mark names
    let capitalised = |f: &str| f.chars().next().is_some_and(char::is_uppercase);
    let plain: Vec<usize> = (0..forms.len()).filter(|&i| merged[i].2.is_none() && forms[i].chars().any(char::is_alphabetic)).collect();
    let title_case = plain.len() >= 4 && plain.iter().filter(|&&i| capitalised(&forms[i])).count() * 4 >= plain.len() * 3;
    let forms: Vec<String> = if title_case {
        forms.into_iter().enumerate().map(|(i, f)| if i > 0 && merged[i].2.is_none() && !f.chars().all(|c| c.is_uppercase()) { f.to_lowercase() } else { f }).collect()
    } else {
        forms
    };
    let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
    let mut tagged = model.tag(&forms);
    for (w, &(s, e, _, mi)) in tagged.words.iter_mut().zip(&merged) {
        w.start = s;
        w.end = e;
        w.form = text[s..e].to_string();
        // "Iran-backed": the rules see the participle as the lemma, the name as its `prefix`
        if mi == MODIFIER {
            w.lemma = w.form.rsplit('-').next().unwrap_or_default().to_lowercase();
        }
    }
    tagged
}

/// Every sentence of `text` as the syntax rules see it (names merged, see
/// [`parse_with_names`]), one word per line: index, text, UPOS, lemma, head, relation.
/// For rule writers and failing tests.
pub fn syntax_view(text: &str, k: &Knowledge) -> String {
    let Some(model) = k.model() else { return "no syntax model\n".into() };
    let a = mentions::analyse(text, k);
    let mut out = String::new();
    for (si, s) in a.sentences.iter().enumerate() {
        let m = mask(text, &a, si);
        let types: Vec<EntityType> = m.mentions.iter().map(|x| a.ents.etype(x.ent)).collect();
        let spans = crate::syntax::tokenize::tokenize(text, s.start, s.end);
        // the tree the rules see: the parser's, with its commonest misreadings mended
        let mut p = parse_with_names(model, text, (s.start, s.end), &spans, &m.mentions, &types);
        repair_parse(&mut p.words);
        for (x, t) in m.mentions.iter().zip(&types) {
            out.push_str(&format!("# {:?} {:?} {} = {}\n", &text[x.start..x.end], x.kind, t.code(), a.ents.get(x.ent).label));
        }
        for (i, w) in p.words.iter().enumerate() {
            let head = w.head.map_or(0, |h| h + 1);
            out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t{}\n", i + 1, w.form, w.upos, w.lemma, head, w.deprel));
        }
        out.push('\n');
    }
    out
}

/// Rules over the dependency tree of every sentence that names at least two things.
fn apply_syntax_rules(text: &str, a: &Analysis, masks: &[Masked], k: &Knowledge, reporters: &[Option<EntRef>], emit: &mut Emit) {
    if k.deps.rules.is_empty() {
        return;
    }
    let Some(model) = k.model() else { return };
    for (si, m) in masks.iter().enumerate() {
        if m.mentions.len() < 2 {
            continue;
        }
        let s = &a.sentences[si];
        // a sentence with no word that may be a trigger outside its names holds no match
        let outside_names = |st: usize, en: usize| !m.mentions.iter().any(|x| x.start <= st && en <= x.end);
        let spans = crate::syntax::tokenize::tokenize(text, s.start, s.end);
        if !spans.iter().any(|&(st, en)| outside_names(st, en) && k.trigger_forms().may_trigger(&text[st..en])) {
            continue;
        }
        let types: Vec<EntityType> = m.mentions.iter().map(|x| a.ents.etype(x.ent)).collect();
        // the tags tell whether a rule can fire at all; the parse, most of the cost, only if so
        let mut tagged = tag_with_names(model, text, &spans, &m.mentions, &types);
        let mut parse = ParsedSentence { start: s.start, end: s.end, words: std::mem::take(&mut tagged.words) };
        let (possible, types) = {
            let aligned = deps::Aligned::new(&parse, &m.mentions, types);
            (deps::may_match(&k.deps, &aligned), aligned.types)
        };
        if !possible {
            continue;
        }
        tagged.words = std::mem::take(&mut parse.words);
        parse.words = model.parse(tagged);
        repair_parse(&mut parse.words);
        let aligned = deps::Aligned::new(&parse, &m.mentions, types);
        for found in deps::run(&k.deps, &aligned) {
            let rule = &k.deps.rules[found.rule];
            let subjects: Vec<&Mention> = found.subjects.iter().map(|&i| m.mentions[i]).collect();
            let objects: Vec<&Mention> = found.objects.iter().map(|&i| m.mentions[i]).collect();
            let name = syntax_rule(&rule.name);
            let opposes = if rule.also_opposes { Opposition::Also } else { Opposition::No };
            emit_pairs(a, si, &subjects, &objects, &[], rule.predicate, &name, rule.confidence, opposes, reporters, emit);
        }
    }
}

/// The parser's commonest misreadings of news sentences, mended in place (heads and relations
/// only; words and spans untouched), each only where the tree itself shows the misreading.
fn repair_parse(words: &mut [crate::syntax::Word]) {
    const REPAIRS: &[fn(&mut [crate::syntax::Word])] = &[
        repair_punct_head,
        repair_particle_object,
        repair_said_object,
        repair_participle_root,
        repair_clause_as_modifier,
        repair_dash_apposition,
        repair_noun_root,
        repair_fronted_subject,
        repair_subordinate_subject,
        repair_relative_verb,
        repair_absolute_conjunct,
        repair_against,
        repair_by_object,
        repair_appositive_root,
        repair_verb_as_modifier,
        repair_list_subject,
        repair_subject_of_noun,
        repair_gerund_modifier,
        repair_hyphen_apposition,
        repair_according_to,
        repair_case_on_modifier,
        repair_verb_compound,
        repair_agent_on_name,
        repair_second_subject,
        repair_bare_apposition,
        repair_list_apposition,
        repair_verb_conjunct_of_noun,
        repair_agent_participle,
        repair_relative_on_verb,
        repair_absolute_with,
        repair_relative_conjunct,
        repair_verb_before_object,
        repair_participle_subject,
        repair_fronted_clause,
        repair_vocative_subject,
        repair_subject_conjunct,
        repair_possessive,
        repair_quoted_subject,
        repair_relative_with_subject,
        repair_agent_with_subject,
        repair_of_after_title,
        repair_verb_conjunct_nominal,
        repair_group_name,
        repair_name_root_appositive,
        repair_fronted_phrase_root,
        repair_for_to_infinitive,
        repair_verb_before_root_object,
        repair_mark_adjective,
        repair_noun_and_clause,
        repair_compound_before_and,
        repair_unit_name_subject,
        repair_relative_antecedent,
        repair_place_in_place,
        repair_subordinator_case,
        repair_comma_participle,
        repair_possessive_head,
        repair_xcomp_after_modifier,
        repair_rival_verb,
        repair_noun_before_name,
    ];
    // a repair that would leave a cycle (a word above its own head) is undone: every later
    // stage walks up the tree. The tree before it is kept in one buffer per sentence, brought
    // up to date only when a repair changed something (most change nothing)
    let mut before: Vec<(Option<usize>, String)> = words.iter().map(|w| (w.head, w.deprel.clone())).collect();
    for repair in REPAIRS {
        repair(words);
        if words.iter().zip(&before).all(|(w, (head, rel))| w.head == *head && w.deprel == *rel) {
            continue;
        }
        let undo = has_cycle(words);
        for (w, (head, rel)) in words.iter_mut().zip(before.iter_mut()) {
            if undo {
                w.head = *head;
                w.deprel.clone_from(rel);
            } else {
                *head = w.head;
                rel.clone_from(&w.deprel);
            }
        }
    }
}

/// The heads above word `i`, nearest first. It stops after as many steps as there are words, so
/// a cycle cannot hang a walk up the tree.
fn heads_above(words: &[crate::syntax::Word], i: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(words[i].head, move |&h| words.get(h).and_then(|w| w.head)).take(words.len())
}

/// The children of word `h`: each one's index and relation.
fn kids(words: &[crate::syntax::Word], h: usize) -> impl Iterator<Item = (usize, &str)> + '_ {
    words.iter().enumerate().filter(move |(_, w)| w.head == Some(h)).map(|(i, w)| (i, w.deprel.as_str()))
}

/// Whether word `h` has a child for which `pred` holds.
fn has_kid(words: &[crate::syntax::Word], h: usize, pred: impl Fn(&crate::syntax::Word) -> bool) -> bool {
    words.iter().any(|w| w.head == Some(h) && pred(w))
}

/// Whether word `v` has a subject of its own (nominal, clausal or expletive).
fn has_subject(words: &[crate::syntax::Word], v: usize) -> bool {
    has_kid(words, v, |w| w.deprel.starts_with("nsubj") || w.deprel.starts_with("csubj") || w.deprel == "expl")
}

/// Hangs word `i` from `head` with relation `rel` (what every parse repair does).
fn hang(words: &mut [crate::syntax::Word], i: usize, head: usize, rel: &str) {
    words[i].head = Some(head);
    words[i].deprel = rel.into();
}

/// Whether some word is its own ancestor (or has a head outside the sentence).
fn has_cycle(words: &[crate::syntax::Word]) -> bool {
    // 0: not seen, 1: on the current walk, 2: reaches the root
    let mut state = vec![0u8; words.len()];
    for i in 0..words.len() {
        let mut walk = Vec::new();
        let mut cur = Some(i);
        while let Some(c) = cur {
            match state.get(c) {
                None | Some(1) => return true,
                Some(2) => break,
                _ => {}
            }
            state[c] = 1;
            walk.push(c);
            cur = words[c].head;
        }
        for c in walk {
            state[c] = 2;
        }
    }
    false
}

/// "The Israeli airstrikes, which hit Hezbollah positions, began at dawn": a relative clause
/// the parser hung from a verb (a relative clause modifies a noun) modifies the noun right
/// before the comma that opens it.
fn repair_relative_on_verb(words: &mut [crate::syntax::Word]) {
    for c in 0..words.len() {
        if words[c].deprel != "acl:relcl" || !words[c].head.is_some_and(|h| words[h].upos == "VERB") {
            continue;
        }
        let Some(r) = (0..c).find(|&r| words[r].head == Some(c) && words[r].upos == "PRON" && matches!(words[r].form.to_lowercase().as_str(), "which" | "who" | "that" | "whom")) else { continue };
        if r < 2 || words[r - 1].form != "," {
            continue;
        }
        let n = r - 2;
        if matches!(words[n].upos, "NOUN" | "PROPN") && words[c].head != Some(n) {
            words[c].head = Some(n);
        }
    }
}

/// "Kyiv was worried about the offensive and was seeking more air defence": a verb with an
/// auxiliary of its own (and no subject) taken for a conjunct of a noun joins the clause that
/// noun is part of (a noun's conjunct is no finite verb).
fn repair_verb_conjunct_of_noun(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].upos != "VERB" || words[v].deprel != "conj" {
            continue;
        }
        let Some(n) = words[v].head.filter(|&n| n < v && matches!(words[n].upos, "NOUN" | "PROPN")) else { continue };
        if !kids(words, v).any(|(_, r)| r == "aux") || kids(words, v).any(|(_, r)| r.starts_with("nsubj") || r == "mark") {
            continue;
        }
        // the nearest clause above the noun: a verb, or a predicate with its copula
        let clause = heads_above(words, n).find(|&c| words[c].upos == "VERB" || kids(words, c).any(|(_, r)| r == "cop"));
        if let Some(c) = clause.filter(|&c| c < v) {
            words[v].head = Some(c);
        }
    }
}

/// "a breakaway government in the north backed by Moscow": a past participle with a "by"
/// agent right after a noun, with no comma, no subject and no auxiliary, taken for an adverbial
/// clause of an earlier verb, is that noun's reduced relative clause.
fn repair_agent_participle(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        let n = v - 1;
        if words[v].upos != "VERB" || words[v].deprel != "advcl" || !matches!(words[n].upos, "NOUN" | "PROPN") || !words[v].head.is_some_and(|h| h < n) {
            continue;
        }
        if !kids(words, v).any(|(_, r)| r == "obl:agent") || kids(words, v).any(|(_, r)| r.starts_with("nsubj") || r.starts_with("aux") || r == "mark" || r == "obj") {
            continue;
        }
        // (not when the noun hangs from the participle itself)
        if heads_above(words, n).any(|a| a == v) {
            continue;
        }
        hang(words, v, n, "acl");
    }
}

/// "in coordination with Chadian and allied forces": a preposition the parser hung from the
/// first modifier of a noun (a compound or adjective takes no preposition) introduces the noun.
fn repair_case_on_modifier(words: &mut [crate::syntax::Word]) {
    for c in 0..words.len() {
        if words[c].deprel != "case" {
            continue;
        }
        let Some(m) = words[c].head.filter(|&m| m > c && matches!(words[m].deprel.as_str(), "compound" | "amod")) else { continue };
        if let Some(n) = words[m].head.filter(|&n| n > m && matches!(words[n].upos, "NOUN" | "PROPN")) {
            if !has_kid(words, n, |w| w.deprel == "case") {
                words[c].head = Some(n);
            }
        }
    }
}

/// "helped the Iraqi army regain control of X": a bare verb taken for a compound of the
/// noun right after it (a verb modifies no noun bare) is the clause's verb, in the noun's place,
/// and the noun its object.
fn repair_verb_compound(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len().saturating_sub(1) {
        let n = v + 1;
        if words[v].upos != "VERB" || words[v].deprel != "compound" || words[v].head != Some(n) || !words[v].form.eq_ignore_ascii_case(&words[v].lemma) {
            continue;
        }
        if words[n].upos != "NOUN" || !matches!(words[n].deprel.as_str(), "xcomp" | "obj") || !words[n].head.is_some_and(|h| h < v && words[h].upos == "VERB") {
            continue;
        }
        words[v].head = words[n].head;
        words[v].deprel = "xcomp".into();
        hang(words, n, v, "obj");
    }
}

/// "a rocket attack on Kharkiv by Russian forces", "the capture of Mosul in June by the
/// jihadists": a "by" phrase the parser hung from a name inside a noun's modifier is that noun's
/// agent (a name takes no agent).
fn repair_agent_on_name(words: &mut [crate::syntax::Word]) {
    for x in 0..words.len() {
        if words[x].deprel != "nmod" || !has_kid(words, x, |w| w.deprel == "case" && w.form.eq_ignore_ascii_case("by")) {
            continue;
        }
        let Some(h) = words[x].head.filter(|&h| h < x && words[h].upos == "PROPN" && words[h].deprel == "nmod") else { continue };
        if let Some(g) = words[h].head.filter(|&g| g < h && words[g].upos == "NOUN") {
            words[x].head = Some(g);
        }
    }
}

/// "the Turkey-backed Syrian group Hamza Division stated": a verb the parser gave two subjects,
/// a noun and the name right after it, has one: the noun, which the name names (its apposition).
fn repair_second_subject(words: &mut [crate::syntax::Word]) {
    for n in 1..words.len() {
        let g = n - 1;
        if words[n].upos != "PROPN" || words[g].upos != "NOUN" || !words[n].deprel.starts_with("nsubj") || words[g].deprel != words[n].deprel || words[g].head != words[n].head {
            continue;
        }
        hang(words, n, g, "appos");
    }
}

/// "troops recaptured Kupiansk, a rail hub in Kharkiv": a noun with an article after a comma
/// right after a verb's object name, hung from the verb as an oblique with no preposition, is
/// that name's apposition (time nouns, "a day later", aside).
fn repair_bare_apposition(words: &mut [crate::syntax::Word]) {
    for a in 3..words.len() {
        if words[a].upos != "NOUN" || words[a].deprel != "obl" {
            continue;
        }
        let Some(v) = words[a].head.filter(|&v| v < a && words[v].upos == "VERB") else { continue };
        if has_kid(words, a, |w| w.deprel == "case" || w.deprel.starts_with("nummod")) || TIME_NOUNS.contains(&words[a].lemma.to_lowercase().as_str()) {
            continue;
        }
        // the noun's first word is an article right after a comma right after the object name
        let Some(first) = (0..a).find(|&i| words[i].head == Some(a) && words[i].upos != "PUNCT") else { continue };
        if !matches!(words[first].form.to_lowercase().as_str(), "a" | "an" | "the") || words[first].deprel != "det" || first < 2 || words[first - 1].form != "," {
            continue;
        }
        let o = first - 2;
        if words[o].upos == "PROPN" && words[o].deprel == "obj" && words[o].head == Some(v) && (first..a).all(|k| words[k].head == Some(a) || words[k].upos == "ADJ") {
            hang(words, a, o, "appos");
        }
    }
}

/// Nouns of time, which stand bare as obliques ("a day later", "the next week").
const TIME_NOUNS: &[&str] = &["day", "week", "month", "year", "time", "night", "morning", "evening", "afternoon", "hour", "minute", "weekend", "decade", "moment"];

/// "raids against Boko Haram and ISWAP, Islamic State's affiliate in Nigeria": a singular noun
/// in apposition after a list, hung from the list's first item, describes its last one (a list
/// would take a plural: "Russia and Iran, Assad's backers").
fn repair_list_apposition(words: &mut [crate::syntax::Word]) {
    for a in 1..words.len() {
        if words[a].deprel != "appos" || words[a].upos != "NOUN" || !words[a].form.eq_ignore_ascii_case(&words[a].lemma) {
            continue;
        }
        let Some(h) = words[a].head.filter(|&h| h < a) else { continue };
        let Some(last) = (h + 1..a).rev().find(|&c| words[c].head == Some(h) && words[c].deprel == "conj") else { continue };
        if words[last].upos == "PROPN" && has_kid(words, last, |w| w.deprel == "cc") {
            words[a].head = Some(last);
        }
    }
}

/// "France asked for a meeting on Mali, according to Nicolas de Riviere, its ambassador": an
/// "according to" phrase says who tells the clause, so it hangs from the clause's verb, never
/// from a noun; and an apposition after it that the parser gave to that noun (across the
/// phrase) describes the phrase's name.
fn repair_according_to(words: &mut [crate::syntax::Word]) {
    for n in 0..words.len() {
        let Some(h) = words[n].head.filter(|_| words[n].deprel == "nmod") else { continue };
        if !has_kid(words, n, |w| w.deprel == "case" && w.form.eq_ignore_ascii_case("according")) {
            continue;
        }
        // the nearest verb above the noun
        let Some(v) = std::iter::once(h).chain(heads_above(words, h)).find(|&v| words[v].upos == "VERB") else { continue };
        hang(words, n, v, "obl");
        for a in n + 1..words.len() {
            if words[a].head == Some(h) && words[a].deprel == "appos" && (n + 1..a).all(|k| words[k].upos == "PUNCT" || words[k].head == Some(a) || words[k].head == Some(n)) {
                words[a].head = Some(n);
            }
        }
    }
}

/// "factions, soldiers and pro-government forces": a hyphen inside a word ("pro-government",
/// no space either side) introduces no apposition; the noun after it is the phrase's head,
/// in the place of the word before the hyphen, which modifies it.
fn repair_hyphen_apposition(words: &mut [crate::syntax::Word]) {
    for x in 2..words.len() {
        let (d, w) = (x - 1, x - 2);
        let inside = words[d].form == "-" && words[d].start < words[d].end && words[w].end == words[d].start && words[d].end == words[x].start;
        if !inside || words[x].deprel != "appos" || words[w].head == Some(x) || words[w].head.is_none() || words[x].head == Some(w) {
            continue;
        }
        // the word before the hyphen hands its place (and its "and") to the noun
        words[x].head = words[w].head;
        words[x].deprel = std::mem::replace(&mut words[w].deprel, "compound".into());
        for c in 0..w {
            if words[c].head == Some(w) && matches!(words[c].deprel.as_str(), "cc" | "punct") {
                words[c].head = Some(x);
            }
        }
        words[w].head = Some(x);
        hang(words, d, w, "punct");
    }
}

/// "the alliance would keep supporting Kyiv": an "-ing" verb taken for the modifier of the
/// name right after it, with that name as another verb's object, is that verb's complement
/// and the name its own object (a name takes no verb as an adjective).
fn repair_gerund_modifier(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len().saturating_sub(1) {
        let n = v + 1;
        if words[v].upos != "VERB" || !words[v].form.ends_with("ing") || words[v].deprel != "amod" || words[v].head != Some(n) {
            continue;
        }
        if words[n].upos != "PROPN" || words[n].deprel != "obj" || !words[n].head.is_some_and(|h| h < v && words[h].upos == "VERB") {
            continue;
        }
        words[v].head = words[n].head;
        words[v].deprel = "xcomp".into();
        words[n].head = Some(v);
    }
}

/// "The attack on a market killed 12 people, with Boko Haram claiming responsibility": an
/// absolute clause ("with", a subject, an "-ing" verb) belongs to the clause it follows, as an
/// adverbial clause of its predicate. The parser hangs it from the nearest noun as its
/// modifier, or makes the verb's object a "with" phrase with the verb as its adjective, or the
/// verb the adjective of its object ("with X claiming responsibility" as a list of X and
/// "claiming responsibility"); either way the verb has a subject of its own, which neither a
/// noun's modifier nor an adjective has.
fn repair_absolute_with(words: &mut [crate::syntax::Word]) {
    let with = |w: &crate::syntax::Word| w.form.eq_ignore_ascii_case("with");
    for v in 0..words.len() {
        if words[v].upos != "VERB" || !words[v].form.ends_with("ing") {
            continue;
        }
        let has_subject = has_kid(words, v, |w| w.deprel.starts_with("nsubj"));
        let Some(h) = words[v].head else { continue };
        let top = if !has_subject {
            // the verb hangs before it, or is the adjective of its own object after it
            let object_after = h > v && words[v].deprel == "amod" && matches!(words[h].upos, "NOUN" | "PROPN");
            let object = object_after.then_some(h);
            let Some(n) = with_subject_before(words, v, object).filter(|_| h < v || object_after) else { continue };
            let Some(h) = (if object_after { words[h].head } else { Some(h) }) else { continue };
            // the subject hung elsewhere as a "with" phrase (or the object did: "with the group
            // X claiming responsibility" read as "with responsibility"), the verb as a clause
            // without one
            let case = kids(words, n)
                .chain(object.into_iter().flat_map(|o| kids(words, o)))
                .find(|&(c, rel)| rel == "case" && c < n && with(&words[c]))
                .map(|(c, _)| c);
            if let Some(o) = object {
                hang(words, o, v, "obj");
            }
            if let Some(c) = case {
                hang(words, c, v, "mark");
            }
            hang(words, n, v, "nsubj");
            h
        } else if (words[v].deprel == "acl" || (words[v].deprel == "advcl" && matches!(words[h].upos, "NOUN" | "PROPN" | "NUM"))) && has_kid(words, v, |w| w.deprel == "mark" && with(w)) {
            // a modifier of a noun, or a clause hung from one ("one of the deadliest this
            // year, with X claiming": from "year")
            h
        } else if words[v].deprel == "amod" && h > v && kids(words, h).any(|(c, rel)| rel == "case" && c < v && with(&words[c])) {
            // the object's "with" is the clause's mark, the object the verb's, and what stood
            // between "with" and the subject ("with the group claiming") the subject's
            let Some(o_head) = words[h].head else { continue };
            let subject = kids(words, v).find(|(_, rel)| rel.starts_with("nsubj")).map(|(c, _)| c).unwrap_or(v);
            let early: Vec<(usize, bool)> = kids(words, h).filter(|&(c, _)| c < v).map(|(c, rel)| (c, rel == "case")).collect();
            for (c, case) in early {
                if case {
                    hang(words, c, v, "mark");
                } else if c < subject {
                    words[c].head = Some(subject);
                }
            }
            hang(words, h, v, "obj");
            o_head
        } else {
            continue;
        };
        // up from the noun through the nominal relations to its clause's predicate
        let mut p = top;
        for _ in 0..words.len() {
            let rel = words[p].deprel.split(':').next().unwrap_or("");
            match words[p].head {
                Some(up) if matches!(rel, "obj" | "iobj" | "obl" | "nmod" | "nsubj" | "compound" | "appos") => p = up,
                _ => break,
            }
        }
        hang(words, v, p, "advcl");
    }
}

/// The noun whose phrase, opened by "with", ends right before the "-ing" verb `v` (commas and
/// brackets aside), if it is not already inside `v`'s clause: "with the group X (Y) claiming".
/// The "with" may hang from the verb's `object` after it, when the parser took the verb for
/// that object's adjective and the phrase for a compound of it.
fn with_subject_before(words: &[crate::syntax::Word], v: usize, object: Option<usize>) -> Option<usize> {
    let last = (0..v).rev().find(|&i| words[i].upos != "PUNCT")?;
    // a comma or a dash between them ("with artillery, killing") ends the phrase before the verb
    if (last + 1..v).any(|i| !matches!(words[i].form.as_str(), ")" | "]" | "\"" | "”" | "'" | "’")) {
        return None;
    }
    // the outermost noun above the last word that still starts after a "with" and sits before v
    let mut n = last;
    for up in heads_above(words, last) {
        if up >= v || !matches!(words[up].upos, "NOUN" | "PROPN") {
            break;
        }
        n = up;
    }
    if !matches!(words[n].upos, "NOUN" | "PROPN") || heads_above(words, n).any(|a| a == v) {
        return None;
    }
    let with = |(c, rel): &(usize, &str)| *rel == "case" && *c < n && words[*c].form.eq_ignore_ascii_case("with");
    let case = kids(words, n).find(with).or_else(|| object.and_then(|o| kids(words, o).find(with)))?;
    // nothing between the "with" and v hangs outside the noun's phrase
    let inside = (case.0 + 1..v).all(|i| i == n || words[i].upos == "PUNCT" || heads_above(words, i).any(|a| a == n));
    inside.then_some(n)
}

/// "Hamas, held responsible by Israel for the raid": a noun with the case word "by" that the
/// parser made a verb's object is its agent (an object takes no preposition).
fn repair_by_object(words: &mut [crate::syntax::Word]) {
    for o in 0..words.len() {
        if words[o].deprel != "obj" || !words[o].head.is_some_and(|v| words[v].upos == "VERB") {
            continue;
        }
        if has_kid(words, o, |w| w.deprel == "case" && w.form.eq_ignore_ascii_case("by")) {
            words[o].deprel = "obl".into();
        }
    }
}

/// "Antonio Guterres, the UN chief, called on X": a noun in apposition taken for the
/// root, with the name before it as its subject (no copula) and the sentence's verb after a
/// comma hanging from it with no subject of its own: the verb is the root, the name its
/// subject, the noun the name's apposition.
fn repair_appositive_root(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if words[r].upos != "NOUN" || has_kid(words, r, |w| w.deprel == "cop" || w.deprel.starts_with("aux")) {
        return;
    }
    let Some(n) = (0..r).find(|&n| words[n].head == Some(r) && words[n].deprel == "nsubj" && words[n].upos == "PROPN") else { return };
    if !(n + 1..r).any(|k| words[k].form == ",") {
        return;
    }
    let Some(v) = (r + 1..words.len()).find(|&v| {
        words[v].head == Some(r) && words[v].upos == "VERB" && matches!(words[v].deprel.as_str(), "parataxis" | "conj" | "ccomp" | "advcl") && !has_subject(words, v) && (r + 1..v).any(|k| words[k].form == ",")
    }) else {
        return;
    };
    make_root(words, r, v);
    words[n].head = Some(v);
    hang(words, r, n, "appos");
}

/// "The Nigerian army, alongside Chad, conducted air raids": a past-tense verb right
/// after a comma, taken for the modifier of its object with that object in apposition to a
/// noun root, is the root; the old root its subject, the noun its object. Also where the
/// parser made a later noun with a preposition the root ("... air raids following the
/// ambush": a root takes no preposition) and the apposition's noun its subject: that noun
/// is the verb's subject, and the old root the verb's oblique.
fn repair_verb_as_modifier(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[r].upos, "NOUN" | "PROPN") || has_kid(words, r, |w| w.deprel == "cop") {
        return;
    }
    // the noun the apposition hangs from: the root, or its subject when the root has a case word
    let subject = if has_kid(words, r, |w| w.deprel == "case") {
        (0..r).find(|&n| words[n].head == Some(r) && words[n].deprel == "nsubj" && matches!(words[n].upos, "NOUN" | "PROPN"))
    } else {
        Some(r)
    };
    let Some(s) = subject else { return };
    for v in s + 1..words.len() {
        let Some(o) = words[v].head.filter(|&o| o > v && words[v].deprel == "amod" && words[v].upos == "VERB") else { continue };
        // after a comma, the object in apposition; or right after the subject's phrase, the
        // object a conjunct with no conjunction ("Russian jets bombed villages")
        let after_comma = words[v - 1].form == "," && words[o].deprel == "appos";
        let bare_conj = words[o].deprel == "conj" && !has_kid(words, o, |w| w.deprel == "cc") && (v - 1 == s || heads_above(words, v - 1).any(|a| a == s));
        if !(after_comma || bare_conj) || !words[v].form.ends_with("ed") || words[o].head != Some(s) {
            continue;
        }
        // nothing but the object's own modifiers between the verb and the object
        if (v + 1..o).any(|k| words[k].head != Some(o)) {
            continue;
        }
        if s == r {
            make_root(words, r, v);
        } else {
            // the old root keeps its own phrase (after the verb's object); what stands outside
            // it (its subject, the final stop) goes to the verb
            for c in (0..words.len()).filter(|&c| c < s || c > r) {
                if words[c].head == Some(r) {
                    words[c].head = Some(v);
                }
            }
            words[v].head = None;
            words[v].deprel = "root".into();
            hang(words, r, v, "obl");
        }
        hang(words, o, v, "obj");
        hang(words, s, v, "nsubj");
        return;
    }
}

/// "A coalition of Chadian units, Nigerien troops, and local militias launched X": a list whose
/// last item, after "and", the parser took for the subject of the verb, with the verb joined to
/// the noun root as a conjunct: the item closes the list, and the root is the verb's subject.
/// Only where a list of two items or more stands before the "and".
fn repair_list_subject(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[r].upos, "NOUN" | "PROPN") || has_kid(words, r, |w| w.deprel == "cop" || w.deprel.starts_with("nsubj")) {
        return;
    }
    let Some(v) = (r + 1..words.len()).find(|&v| words[v].head == Some(r) && words[v].deprel == "conj" && words[v].upos == "VERB") else { return };
    let subjects: Vec<usize> = (0..v).filter(|&n| words[n].head == Some(v) && words[n].deprel.starts_with("nsubj")).collect();
    let [n] = subjects[..] else { return };
    if n < r || !matches!(words[n].upos, "NOUN" | "PROPN") {
        return;
    }
    let Some(c) = (r + 1..n).rev().find(|&c| words[c].head == Some(v) && words[c].deprel == "cc") else { return };
    // only the item's own words between the "and" and the item
    if (c + 1..n).any(|k| words[k].head != Some(n)) {
        return;
    }
    let Some(p) = (r + 1..c).rev().find(|&p| words[p].upos != "PUNCT") else { return };
    // the list the item before the "and" belongs to
    let mut q = p;
    let mut steps = 0;
    let list = loop {
        if words[q].deprel == "conj" {
            break words[q].head;
        }
        steps += 1;
        match words[q].head {
            Some(h) if h != r && h > r && steps <= words.len() => q = h,
            _ => break None,
        }
    };
    let Some(list) = list else { return };
    make_root(words, r, v);
    for k in p + 1..c {
        if words[k].upos == "PUNCT" {
            words[k].head = Some(n);
        }
    }
    words[c].head = Some(n);
    hang(words, n, list, "conj");
    hang(words, r, v, "nsubj");
}

/// "accuse Iran of backing the Houthi (Ansar Allah) rebels": a noun the parser gave the
/// name before it as subject, with no copula (a noun takes a subject only through one), is the
/// verb's object and the name its modifier.
fn repair_subject_of_noun(words: &mut [crate::syntax::Word]) {
    for n in 1..words.len() {
        if words[n].upos != "NOUN" || !matches!(words[n].deprel.as_str(), "ccomp" | "xcomp" | "obl:unmarked") {
            continue;
        }
        let Some(h) = words[n].head.filter(|&h| words[h].upos == "VERB" && h < n) else { continue };
        if has_kid(words, n, |w| w.deprel == "cop" || w.deprel.starts_with("aux") || w.deprel == "mark")
            || has_kid(words, h, |w| w.deprel == "obj")
        {
            continue;
        }
        let Some(s) = (h + 1..n).find(|&s| words[s].head == Some(n) && words[s].deprel == "nsubj" && words[s].upos == "PROPN") else { continue };
        // only the name's own words (a parenthesis) between the name and the noun
        let under_s = |k: usize| heads_above(words, k).any(|up| up == s);
        if !(s + 1..n).all(under_s) {
            continue;
        }
        words[s].deprel = "compound".into();
        words[n].deprel = "obj".into();
    }
}

/// "drove out Russian forces", "fought off the attackers": a particle right after a verb, taken
/// for the preposition of the noun after it (no other preposition follows the particle), is
/// the verb's particle, and the noun its object.
fn repair_particle_object(words: &mut [crate::syntax::Word]) {
    for p in 1..words.len().saturating_sub(1) {
        let v = p - 1;
        if words[v].upos != "VERB" || words[p].deprel != "case" || !matches!(words[p].form.to_lowercase().as_str(), "out" | "off" | "away" | "down") {
            continue;
        }
        let Some(n) = words[p].head.filter(|&n| n > p && words[n].head == Some(v) && words[n].deprel == "obl") else { continue };
        if words[p + 1].upos == "ADP" || has_kid(words, v, |w| w.deprel == "obj") {
            continue;
        }
        hang(words, p, v, "compound:prt");
        words[n].deprel = "obj".into();
    }
}

/// "launched raids from the ground and air against Houthi targets": an "against" phrase the
/// parser hung from a noun inside the verb's oblique belongs to the verb's object (or, hung
/// from a name that is the oblique of a verb with no object, to the verb).
fn repair_against(words: &mut [crate::syntax::Word]) {
    for x in 0..words.len() {
        if words[x].deprel != "nmod" || !has_kid(words, x, |w| w.deprel == "case" && w.form.eq_ignore_ascii_case("against")) {
            continue;
        }
        let Some(h) = words[x].head else { continue };
        // the noun it hangs from is the verb's oblique (or a conjunct of one)
        let obl = if words[h].deprel == "conj" { words[h].head.unwrap_or(h) } else { h };
        let Some(v) = words[obl].head.filter(|_| words[obl].deprel == "obl") else { continue };
        if words[v].upos != "VERB" {
            continue;
        }
        if let Some(o) = (0..obl).find(|&o| words[o].head == Some(v) && words[o].deprel == "obj" && words[o].upos == "NOUN") {
            words[x].head = Some(o);
        } else if h == obl && words[h].upos == "PROPN" && !has_kid(words, v, |w| w.deprel == "obj") {
            // "fought alongside Ethiopian forces against the TPLF": a name takes no "against"
            // phrase; with no object, the phrase is the verb's
            hang(words, x, v, "obl");
        }
    }
}

/// "with Turkey backing the GNA and Russia providing support for Haftar": a name the parser
/// joined to the object of an "-ing" verb, with another "-ing" verb right after it, starts a
/// clause of its own: it is that verb's subject, and the verb a conjunct of the first (a noun
/// the second verb was taken to modify is its object).
fn repair_absolute_conjunct(words: &mut [crate::syntax::Word]) {
    for z in 1..words.len().saturating_sub(1) {
        let v2 = z + 1;
        if words[z].deprel != "conj" || !matches!(words[z].upos, "PROPN" | "NOUN") || words[v2].upos != "VERB" || !words[v2].form.ends_with("ing") {
            continue;
        }
        let Some(y) = words[z].head else { continue };
        let Some(v1) = words[y].head.filter(|_| words[y].deprel == "obj") else { continue };
        if words[v1].upos != "VERB" || !words[v1].form.ends_with("ing") || v1 >= y {
            continue;
        }
        if words[v2].deprel == "amod" && words[v2].head == Some(v2 + 1) && words.get(v2 + 1).is_some_and(|n| n.upos == "NOUN") {
            hang(words, v2 + 1, v2, "obj");
        }
        for c in 0..words.len() {
            if words[c].head == Some(z) && words[c].deprel == "cc" {
                words[c].head = Some(v2);
            }
        }
        hang(words, z, v2, "nsubj");
        hang(words, v2, v1, "conj");
    }
}

/// "an accusation that Tehran denies": a relative clause's verb the tagger took for a noun with
/// the name before it as a compound (a "-s" form, no copula) is a verb, the name its subject and
/// the relative word its object.
fn repair_relative_verb(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].deprel != "acl:relcl" || words[v].upos != "NOUN" || !words[v].form.ends_with('s') || words.get(v + 1).is_some_and(|w| w.upos != "PUNCT") {
            continue;
        }
        let n = v - 1;
        if words[n].head != Some(v) || words[n].deprel != "compound" || words[n].upos != "PROPN" || has_kid(words, v, |w| w.deprel == "cop") {
            continue;
        }
        words[v].upos = "VERB";
        words[n].deprel = "nsubj".into();
        for w in words.iter_mut().filter(|w| w.head == Some(v) && matches!(w.form.to_lowercase().as_str(), "that" | "which")) {
            w.deprel = "obj".into();
        }
    }
}

/// "the flag flew after Turkish troops and allied rebels chased out the militia": a subordinator
/// the parser took for a preposition ("after" + the noun phrase as an oblique), with the clause's
/// verb right after that phrase hanging bare from the main verb (as an adverbial clause or a
/// conjunct with no "and"; or, acting on an object, from
/// the phrase itself as a reduced relative), is the verb's subordinator, and the phrase its subject.
fn repair_subordinate_subject(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].upos != "VERB" || words[v].form.ends_with("ing") {
            continue;
        }
        let Some(h) = words[v].head else { continue };
        if has_kid(words, v, |w| w.deprel.starts_with("nsubj") || w.deprel == "mark" || w.deprel.starts_with("aux")) {
            continue;
        }
        // the oblique of the same head that ends right before the verb, or (the verb taken for
        // a reduced relative of that oblique: "after [troops chased out X]") the verb's own
        // head, when the verb acts (it has an object)
        let n = match words[v].deprel.as_str() {
            "advcl" => (0..v).rev().find(|&n| words[n].head == Some(h) && words[n].deprel == "obl" && matches!(words[n].upos, "NOUN" | "PROPN")),
            // (or a conjunct with no "and" of its own: no conjunct joins bare)
            "conj" if !has_kid(words, v, |w| w.deprel == "cc") => {
                (0..v).rev().find(|&n| words[n].head == Some(h) && words[n].deprel == "obl" && matches!(words[n].upos, "NOUN" | "PROPN"))
            }
            "acl" if h < v && active_without_subject(words, v) && words[h].deprel == "obl" && matches!(words[h].upos, "NOUN" | "PROPN") => Some(h),
            _ => None,
        };
        // (or the verb's own oblique: "fled to X after [rebels] took Y", the verb a bare conjunct)
        let own = || {
            let bare = words[v].deprel == "advcl" || (words[v].deprel == "conj" && !has_kid(words, v, |w| w.deprel == "cc"));
            (0..v).rev().find(|&n| bare && words[n].head == Some(v) && words[n].deprel == "obl" && matches!(words[n].upos, "NOUN" | "PROPN"))
        };
        // (or, for a bare verb, the nearest noun before it with a subordinator of its own,
        // wherever the parser hung it: "struck X on Monday after [Hezbollah] fired Y")
        let nested = || {
            let bare = words[v].deprel == "advcl" || (words[v].deprel == "conj" && !has_kid(words, v, |w| w.deprel == "cc"));
            (0..v).rev().find(|&n| bare && matches!(words[n].upos, "NOUN" | "PROPN") && subordinator_case(words, n).is_some())
        };
        // the noun's phrase must end right before the verb, and open with a subordinator
        let fits = |n: usize| -> Option<usize> {
            let last = (n + 1..v).filter(|&i| heads_above(words, i).any(|up| up == n)).last().unwrap_or(n);
            (last + 1 == v).then(|| subordinator_case(words, n)).flatten()
        };
        let Some((n, c)) = [own(), n, nested()].into_iter().flatten().find_map(|n| fits(n).map(|c| (n, c))) else { continue };
        let h = if n == h { words[n].head.unwrap_or(h) } else { h };
        if n == h || heads_above(words, h).any(|up| up == v) {
            continue;
        }
        hang(words, v, h, "advcl");
        hang(words, n, v, "nsubj");
        hang(words, c, v, "mark");
    }
}

/// A word that opens an adverbial clause and that the parser may read as a preposition.
fn is_subordinator(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "after" | "before" | "until" | "since" | "as" | "because" | "once" | "when" | "while")
}

/// The case word of noun `n` that is a subordinator read as a preposition ("after", "as", ...).
fn subordinator_case(words: &[crate::syntax::Word], n: usize) -> Option<usize> {
    (0..n).rev().find(|&c| {
        words[c].head == Some(n)
            && words[c].deprel == "case"
            && is_subordinator(&words[c].form)
    })
}

/// "The rebels, who are backed by Kigali, captured the town": a relative clause set off by
/// commas ("NOUN, who/which VERB ..., VERB ...") with an active verb joined to its verb after
/// the closing comma, with no "and" or "or" and no subject of its own: that verb is the
/// sentence's predicate and the noun its subject (a relative clause does not go on after its
/// closing comma without a conjunction). Only where the parser made the noun or the relative
/// verb the root; the relative clause then hangs from its noun.
fn repair_relative_conjunct(words: &mut [crate::syntax::Word]) {
    let Some(root) = words.iter().position(|w| w.head.is_none()) else { return };
    for p in 2..words.len() {
        let relative = matches!(words[p].lemma.to_lowercase().as_str(), "who" | "which") && words[p].deprel.starts_with("nsubj");
        let n = p - 2;
        if !relative || words[p - 1].form != "," || !matches!(words[n].upos, "NOUN" | "PROPN") {
            continue;
        }
        let Some(r) = words[p].head.filter(|&r| r > p && words[r].upos == "VERB") else { continue };
        let Some((c, _)) = kids(words, r).find(|&(c, rel)| c > r && rel == "conj") else { continue };
        if words[c].upos != "VERB" || words[c - 1].form != "," || has_kid(words, c, |w| w.deprel == "cc") || !active_without_subject(words, c) {
            continue;
        }
        // the relative verb hangs from the noun (or from the comma that opens the clause)
        let under_noun = words[r].head == Some(n) || words[r].head == Some(p - 1);
        if !(root == r || (root == n && under_noun)) {
            continue;
        }
        make_root(words, root, c);
        hang(words, n, c, "nsubj");
        hang(words, r, n, "acl:relcl");
        return;
    }
}

/// "Hezbollah, an Iran-backed group, fired rockets into Israel": a past-tense verb the parser
/// took for the modifier of the root noun right after it, where that noun has a subject of its
/// own (a noun has none without a copula), is the root and the noun its object.
fn repair_verb_before_object(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if words[r].upos != "NOUN" || has_kid(words, r, |w| w.deprel == "cop" || w.deprel.starts_with("aux")) {
        return;
    }
    let Some(s) = (0..r).find(|&n| words[n].head == Some(r) && words[n].deprel.starts_with("nsubj")) else { return };
    let Some(v) = (s + 1..r).find(|&v| words[v].head == Some(r) && words[v].deprel == "amod" && words[v].upos == "VERB" && words[v].form.ends_with("ed")) else {
        return;
    };
    // nothing but the object's own modifiers between the verb and the noun
    if (v + 1..r).any(|k| !heads_above(words, k).any(|a| a == r)) {
        return;
    }
    // what stands before the verb (the subject, its commas) and the final stop go to the verb
    let last = words.len() - 1;
    let stop = words[last].upos == "PUNCT";
    for c in (0..words.len()).filter(|&c| c < v || (c == last && stop)) {
        if words[c].head == Some(r) {
            words[c].head = Some(v);
        }
    }
    words[v].head = None;
    words[v].deprel = "root".into();
    hang(words, r, v, "obj");
}

/// "Iraqi forces, backed by US air power, recaptured Ramadi": the subject of a sentence whose
/// participle phrase is set off by commas, taken for the participle's passive subject, is the
/// main verb's subject (when that verb has none) and the participle its modifier.
fn repair_participle_subject(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        let Some(h) = words[v].head.filter(|&h| h > v && words[v].deprel == "advcl" && words[v].upos == "VERB" && words[v].form.ends_with("ed")) else { continue };
        if words[h].upos != "VERB" || words[v - 1].form != "," || has_subject(words, h) {
            continue;
        }
        let Some((s, _)) = kids(words, v).find(|&(s, rel)| s + 1 < v && rel == "nsubj:pass" && matches!(words[s].upos, "NOUN" | "PROPN")) else { continue };
        if has_kid(words, v, |w| w.deprel.starts_with("aux")) {
            continue;
        }
        hang(words, s, h, "nsubj");
        hang(words, v, s, "acl");
    }
}

/// "After the rebels captured Kidal, the army launched X", "After troops chased out the YPG,
/// Turkey seized Y": in a sentence that opens with a subordinate clause, the parser may take
/// that clause's last noun for the main verb's subject and the main subject, after the comma,
/// for its apposition. The noun after the comma is the main subject, the one before it the
/// subordinate verb's object, and the subordinate clause an adverbial clause of the main verb.
fn repair_fronted_clause(words: &mut [crate::syntax::Word]) {
    let Some(first) = words.iter().position(|w| w.upos != "PUNCT") else { return };
    if !is_subordinator(&words[first].form) && !matches!(words[first].form.to_lowercase().as_str(), "although" | "though") {
        return;
    }
    for c in first + 1..words.len() {
        if words[c].upos != "VERB" {
            continue;
        }
        let Some((s, _)) = kids(words, c).find(|&(s, rel)| s < c && rel == "nsubj") else { continue };
        // the name right after a comma between the subject and the verb, hung from the subject
        let Some(k) = (s + 1..c).find(|&k| words[k].form == ",") else { continue };
        let Some(n) = (k + 1..c).find(|&n| matches!(words[n].upos, "NOUN" | "PROPN") && words[n].head == Some(s) && matches!(words[n].deprel.as_str(), "appos" | "conj")) else {
            continue;
        };
        if (k + 1..n).any(|i| words[i].upos != "DET") {
            continue;
        }
        // the subordinate clause's verb: the first verb after the subordinator, before the subject
        let Some(v) = (first + 1..s).find(|&v| words[v].upos == "VERB") else { continue };
        hang(words, n, c, "nsubj");
        let object = if has_kid(words, v, |w| w.deprel == "obj") { "obl" } else { "obj" };
        words[s].head = Some(v);
        words[s].deprel = object.into();
        if words[c].head == Some(v) && words[v].head.is_none() {
            make_root(words, v, c);
            hang(words, v, c, "advcl");
        }
        if words[first].head != Some(v) {
            hang(words, first, v, "mark");
        }
        return;
    }
}

/// "Turkey, a NATO member, has supplied X": news has no vocatives; a name the parser took for
/// one, followed by an apposition it took for the verb's subject, is the subject, and the
/// apposition its own.
fn repair_vocative_subject(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len().saturating_sub(2) {
        if words[v].deprel != "vocative" || !matches!(words[v].upos, "NOUN" | "PROPN") || words[v + 1].form != "," {
            continue;
        }
        let Some(r) = words[v].head else { continue };
        let Some((s, _)) = kids(words, r).find(|&(s, rel)| s > v + 1 && s < r && rel.starts_with("nsubj")) else { continue };
        // the subject's phrase is the apposition between the commas, right before the verb
        if !(v + 2..s).all(|i| words[i].head == Some(s)) || !(s + 1..r).all(|i| matches!(words[i].upos, "PUNCT" | "AUX" | "ADV")) {
            continue;
        }
        hang(words, s, v, "appos");
        words[v].deprel = "nsubj".into();
    }
}

/// "The Sudanese army and allied militias launched X": the first of two subjects joined by
/// "and", taken for the subject of the second noun (a noun has no subject), heads the pair.
fn repair_subject_conjunct(words: &mut [crate::syntax::Word]) {
    for n in 1..words.len() {
        let Some(v) = words[n].head.filter(|&v| v > n && words[n].deprel == "nsubj" && words[n].upos == "NOUN" && words[v].upos == "VERB") else { continue };
        let Some((s, _)) = kids(words, n).find(|&(s, rel)| s < n && rel == "nsubj" && matches!(words[s].upos, "NOUN" | "PROPN")) else { continue };
        let Some(c) = (s + 1..n).find(|&c| words[c].deprel == "cc" && matches!(words[c].form.to_lowercase().as_str(), "and" | "or")) else { continue };
        words[s].head = Some(v);
        hang(words, n, s, "conj");
        words[c].head = Some(n);
    }
}

/// "Sudanese troops opened fire on X", "The Nigerian army, alongside Chadian troops, launched
/// air raids", "A coalition of army units, militias and tribal fighters launched an offensive":
/// a noun the parser took for the root, with an active verb hanging from it (or from its last
/// conjunct) as a reduced relative clause or as a conjunct with no "and" of its own (the verb has an object, no subject, no auxiliary, no "to", and is
/// no "-ing" participle), is that verb's subject; the verb is the root.
fn repair_noun_root(words: &mut [crate::syntax::Word]) {
    let Some(root) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[root].upos, "NOUN" | "PROPN") {
        return;
    }
    // the verb hangs from the root or from its last conjunct ("A, B and C launched X")
    let on_root = |h: usize| h == root || (words[h].deprel == "conj" && words[h].head == Some(root));
    // (as its modifier, or as a conjunct with no "and" of its own: "Ethiopian troops and their
    // allies yesterday took control of X")
    let clause = |v: usize| words[v].deprel == "acl" || (words[v].deprel == "conj" && !has_kid(words, v, |w| w.deprel == "cc"));
    let Some(v) = (root + 1..words.len()).find(|&v| words[v].head.is_some_and(|h| h < v && on_root(h)) && clause(v) && words[v].upos == "VERB") else {
        return;
    };
    if words[v].form.ends_with("ing") {
        return;
    }
    // a verb with no object acts too when it is the sentence's only predicate ("Russian troops
    // pulled out of Kherson."): a full sentence has a verb, and no "by" agent makes it passive
    let only_predicate = || {
        let bare = !has_kid(words, v, |w| w.deprel.starts_with("nsubj") || w.deprel.starts_with("aux") || w.deprel == "mark" || w.deprel == "obl:agent");
        let other_predicate = (0..words.len()).any(|i| i != v && matches!(words[i].upos, "VERB" | "AUX") && !heads_above(words, i).any(|a| a == v));
        bare && !other_predicate && words.last().is_some_and(|w| w.form == ".") && words[v].deprel == "acl"
    };
    if !active_without_subject(words, v) && !only_predicate() {
        return;
    }
    make_root(words, root, v);
    hang(words, root, v, "nsubj");
}

/// "In response to the claims, the group JNIM also alleged attacking X": a root verb with no
/// subject whose clause starts right after a comma with a noun phrase the parser hung from
/// something before the comma (an apposition, a conjunct, a modifier) has that phrase as its
/// subject. Only a noun or name right before the verb (its adverbs and auxiliaries aside).
fn repair_fronted_subject(words: &mut [crate::syntax::Word]) {
    let Some(root) = words.iter().position(|w| w.head.is_none()) else { return };
    if root == 0 || words[root].upos != "VERB" || has_subject(words, root) {
        return;
    }
    // the word before the verb, past the verb's own adverbs and auxiliaries
    let mut n = root - 1;
    while n > 0 && words[n].head == Some(root) && (words[n].deprel == "advmod" || words[n].deprel.starts_with("aux")) {
        n -= 1;
    }
    let Some(h) = words[n].head.filter(|&h| h < n && h != root) else { return };
    if !matches!(words[n].upos, "NOUN" | "PROPN") || !matches!(words[n].deprel.as_str(), "appos" | "conj" | "nmod" | "obl") {
        return;
    }
    // the phrase of n starts right after a comma that follows its head
    let first = (0..n).find(|&i| words[i].upos != "PUNCT" && heads_above(words, i).any(|up| up == n));
    let start = first.unwrap_or(n);
    if start == 0 || words[start - 1].form != "," || start - 1 <= h || words[start..n].iter().any(|w| w.form == ",") {
        return;
    }
    hang(words, n, root, "nsubj");
}

/// Make `v` the root in place of `root`: what hung from the old root after `v` now hangs from
/// `v` (the final punctuation, later clauses); the caller attaches the old root.
fn make_root(words: &mut [crate::syntax::Word], root: usize, v: usize) {
    for (i, w) in words.iter_mut().enumerate() {
        if i > v && w.head == Some(root) {
            w.head = Some(v);
        }
    }
    words[v].head = None;
    words[v].deprel = "root".into();
}

/// A verb that acts, as a misattached clause shows it: it has an object and no subject,
/// auxiliary or subordinator of its own.
fn active_without_subject(words: &[crate::syntax::Word], v: usize) -> bool {
    let child = |rel: &dyn Fn(&str) -> bool| has_kid(words, v, |w| rel(&w.deprel));
    child(&|r| r == "obj") && !child(&|r| r.starts_with("nsubj") || r.starts_with("aux") || r == "mark")
}

/// "Officials said Houthi fighters in Taiz had fired a missile": a name the parser took for the
/// object of a verb whose clausal complement, after it, has no subject of its own (and is no
/// infinitive) is that complement's subject.
fn repair_said_object(words: &mut [crate::syntax::Word]) {
    for c in 0..words.len() {
        let Some(v) = words[c].head.filter(|_| words[c].deprel == "ccomp" && words[c].upos == "VERB") else { continue };
        if has_subject(words, c) || has_kid(words, c, |w| w.deprel == "mark" && w.form.eq_ignore_ascii_case("to")) {
            continue;
        }
        let Some(o) = (v + 1..c).find(|&o| words[o].head == Some(v) && words[o].deprel == "obj" && words[o].upos == "PROPN") else { continue };
        hang(words, o, c, "nsubj");
    }
}

/// "Planes participating in Operation X struck Y", "Soldiers belonging to X were seen leaving
/// Y": a participle right after its noun, taken for the root with the sentence's finite verb
/// hanging from it, modifies that noun; the finite verb is the root and the noun its subject.
fn repair_participle_root(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if r == 0 || words[r].upos != "VERB" || !words[r].form.ends_with("ing") {
        return;
    }
    let n = r - 1;
    if words[n].head != Some(r) || words[n].deprel != "nsubj" || !matches!(words[n].upos, "NOUN" | "PROPN") || kids(words, r).any(|(_, d)| d.starts_with("aux") || d == "cop") {
        return;
    }
    let finite = |v: usize| {
        words[v].upos == "VERB" && !words[v].form.ends_with("ing") && !kids(words, v).any(|(i, d)| d.starts_with("nsubj") || (d == "mark" && words[i].form.eq_ignore_ascii_case("to")))
    };
    let Some(v) = kids(words, r).map(|(i, _)| i).filter(|&i| i > r).find(|&i| matches!(words[i].deprel.as_str(), "xcomp" | "conj" | "parataxis" | "advcl" | "ccomp") && finite(i)) else {
        return;
    };
    make_root(words, r, v);
    words[n].head = Some(v);
    hang(words, r, n, "acl");
}

/// "a week after the African Union demanded the rebels lift their blockade": an active verb
/// (an object, no subject, no auxiliary, no "to", no "-ing") taken for a reduced relative of a
/// noun, right after a name the parser hung elsewhere as a modifier, has that name as subject.
fn repair_clause_as_modifier(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].deprel != "acl" || words[v].upos != "VERB" || words[v].form.ends_with("ing") {
            continue;
        }
        let n = v - 1;
        if active_without_subject(words, v) && words[n].upos == "PROPN" && words[n].deprel == "nmod" && words[v].head != Some(n) {
            hang(words, n, v, "nsubj");
        }
    }
}

/// "the junta's allies -- Russia, China and Belarus": a name right after a dash or colon that
/// follows a noun, hung by the parser from something else, is that noun's apposition.
fn repair_dash_apposition(words: &mut [crate::syntax::Word]) {
    for d in 1..words.len().saturating_sub(1) {
        if !matches!(words[d].form.as_str(), "--" | "\u{2014}" | "\u{2013}" | ":") {
            continue;
        }
        let (n, x) = (d - 1, d + 1);
        // (an apposition the parser gave to a noun farther back belongs to this one too)
        let elsewhere = match words[x].deprel.as_str() {
            "nsubj" | "root" => false,
            "appos" => words[x].head.is_some_and(|h| h < n),
            _ => true,
        };
        if words[n].upos == "NOUN" && words[x].upos == "PROPN" && words[x].head != Some(n) && words[n].head != Some(x) && elsewhere {
            hang(words, x, n, "appos");
        }
    }
}

/// One row per fact per document: the first sentence that states it, the highest confidence.
fn dedup(facts: Vec<Fact>) -> Vec<Fact> {
    let mut seen: HashSet<(Option<String>, Predicate, String)> = HashSet::new();
    let mut out: Vec<Fact> = Vec::new();
    for f in facts {
        let s = f.subject.as_ref().map(|e| e.iri.clone());
        let o = match &f.object {
            FactObject::Entity(e) => e.iri.clone(),
            FactObject::Count(n) => n.to_string(),
        };
        let key = if f.predicate.is_symmetric() && s.as_deref() > Some(o.as_str()) {
            (Some(o.clone()), f.predicate, s.clone().unwrap_or_default())
        } else if f.predicate.is_casualty() {
            (None, f.predicate, o.clone())
        } else {
            (s.clone(), f.predicate, o.clone())
        };
        if seen.insert(key) {
            out.push(f);
        }
    }
    out.sort_by(|a, b| (a.start, a.predicate, a.subject.as_ref().map(|e| &e.iri)).cmp(&(b.start, b.predicate, b.subject.as_ref().map(|e| &e.iri))));
    out
}

/// The names this article mints: those of its mentions, and those only a fact names (a title's
/// "of" complement: "Joint Task Force spokesman colonel X" → memberOf), so that
/// every entity a fact names has a type and a label.
fn minted_entities(a: &Analysis, facts: &[Fact], k: &Knowledge) -> Vec<Ent> {
    let mut seen = HashSet::new();
    let from_mentions = a.mentions.iter().filter(|m| m.ent >= a.ents.k.entities.len()).map(|m| a.ents.get(m.ent));
    let from_facts = facts
        .iter()
        .flat_map(|f| [f.subject.as_ref(), if let FactObject::Entity(o) = &f.object { Some(o) } else { None }, f.reporter.as_ref()])
        .flatten()
        .filter(|e| k.index_of_iri(&e.iri).is_none());
    from_mentions.chain(from_facts).filter(|e| seen.insert(e.iri.clone())).cloned().collect()
}



/// "Russia's Wagner Group captured": a noun with the possessive "'s" is the possessor of the
/// noun after it, whatever relation the parser gave it ("Russia" as a second subject).
fn repair_possessive(words: &mut [crate::syntax::Word]) {
    for n in 0..words.len().saturating_sub(2) {
        let c = n + 1;
        if !matches!(words[n].upos, "NOUN" | "PROPN") || words[n].deprel == "nmod:poss" || words[c].head != Some(n) || words[c].deprel != "case" {
            continue;
        }
        if !matches!(words[c].form.as_str(), "'s" | "’s" | "'" | "’") {
            continue;
        }
        // the possessed noun: the first noun after the "'s", its modifiers aside
        // (a noun that modifies the noun after it is not yet the possessed one)
        let modifier = |i: usize| words[i].head == Some(i + 1) && words.get(i + 1).is_some_and(|w| matches!(w.upos, "NOUN" | "PROPN"));
        let Some(h) = (c + 1..words.len()).take_while(|&i| matches!(words[i].upos, "ADJ" | "NOUN" | "PROPN" | "NUM" | "VERB")).find(|&i| matches!(words[i].upos, "NOUN" | "PROPN") && !modifier(i) && !words[i].deprel.starts_with("compound")) else {
            continue;
        };
        if heads_above(words, h).any(|a| a == n) {
            continue;
        }
        hang(words, n, h, "nmod:poss");
    }
}

/// "“We will not give up, not one metre,” he said": a verb the parser gave two subjects,
/// the first closed by a comma or quotation mark before the second, says the first: it is the
/// quoted clause (its complement), the second its subject.
fn repair_quoted_subject(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len() {
        let subjects: Vec<usize> = kids(words, v).filter(|(c, r)| r.starts_with("nsubj") && *c < v).map(|(c, _)| c).collect();
        let [first, second] = subjects[..] else { continue };
        // the first subject's phrase ends at a comma or closing quotation mark before the second
        let closed = (first + 1..second).any(|i| matches!(words[i].form.as_str(), "," | "”" | "\"" | "’" | "'") && !heads_above(words, i).any(|a| a == second));
        let quoted = (0..first).any(|i| matches!(words[i].form.as_str(), "“" | "\"" | "‘"));
        if !closed || !quoted || !(second + 1..v).all(|i| words[i].head == Some(v) || heads_above(words, i).any(|a| a == second)) {
            continue;
        }
        words[first].deprel = "ccomp".into();
    }
}

/// "X and his rival Y, who commands the army, are backed by Z": a verb with a
/// relative pronoun for subject and a second subject before it is a relative clause on the
/// noun right before its pronoun's comma; the other subject belongs to the next verb after
/// the clause that has none.
fn repair_relative_with_subject(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len() {
        let subjects: Vec<usize> = kids(words, v).filter(|(c, r)| r.starts_with("nsubj") && *c < v).map(|(c, _)| c).collect();
        let [s, r] = subjects[..] else { continue };
        if !(words[r].upos == "PRON" && matches!(words[r].form.to_lowercase().as_str(), "who" | "which")) || r < 2 || words[r - 1].form != "," {
            continue;
        }
        let n = r - 2;
        if !matches!(words[n].upos, "NOUN" | "PROPN") {
            continue;
        }
        // the clause's end: its last word
        let end = (v..words.len()).filter(|&i| i == v || heads_above(words, i).any(|a| a == v)).max().unwrap_or(v);
        let Some(main) = (end + 1..words.len()).find(|&m| words[m].upos == "VERB" && !has_subject(words, m) && !words[m].form.ends_with("ing") && !heads_above(words, m).any(|a| a == v)) else { continue };
        let passive = has_kid(words, main, |c| c.deprel == "aux:pass");
        words[s].head = Some(main);
        words[s].deprel = if passive { "nsubj:pass" } else { "nsubj" }.into();
        // the subordinator before the subject introduces the main verb's clause
        let marks: Vec<usize> = kids(words, v).filter(|&(c, rel)| rel == "mark" && c < s).map(|(c, _)| c).collect();
        for m in marks {
            words[m].head = Some(main);
        }
        if words[v].head.is_none() {
            make_root(words, v, main);
        }
        hang(words, v, n, "acl:relcl");
    }
}

/// "died as a result of a strike carried out by X on Y": a participle with a "by"
/// agent, no auxiliary, and a noun the parser made its subject is a reduced relative clause on
/// the noun right before it; the would-be subject goes back to the verb above, its subordinator
/// ("as") its preposition.
fn repair_agent_with_subject(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].upos != "VERB" || !has_kid(words, v, |w| w.deprel == "obl:agent") || has_kid(words, v, |w| w.deprel.starts_with("aux")) {
            continue;
        }
        let Some(s) = kids(words, v).find(|&(c, r)| r.starts_with("nsubj") && c < v && matches!(words[c].upos, "NOUN" | "PROPN")).map(|(c, _)| c) else { continue };
        let Some(up) = words[v].head else { continue };
        // the noun right before the participle, inside the subject's phrase
        let n = v - 1;
        if !matches!(words[n].upos, "NOUN" | "PROPN") || !heads_above(words, n).any(|a| a == s) {
            continue;
        }
        let marks: Vec<usize> = kids(words, v).filter(|&(c, rel)| rel == "mark" && c < s).map(|(c, _)| c).collect();
        for m in marks {
            hang(words, m, s, "case");
        }
        hang(words, s, up, "obl");
        hang(words, v, n, "acl");
    }
}

/// "Dmytro Kuleba, Minister of Foreign Affairs of Ukraine": an "of" phrase the parser hung
/// from a name over the title in apposition (or conjunct) right before the "of" belongs to the
/// title.
fn repair_of_after_title(words: &mut [crate::syntax::Word]) {
    for x in 2..words.len() {
        let Some(h) = words[x].head.filter(|&h| h < x) else { continue };
        if !words[x].deprel.starts_with("nmod") || words[x].deprel == "nmod:poss" {
            continue;
        }
        let Some(c) = kids(words, x).find(|&(c, r)| r == "case" && words[c].form.eq_ignore_ascii_case("of")).map(|(c, _)| c) else { continue };
        if c == 0 {
            continue;
        }
        let t = c - 1;
        if t <= h || !matches!(words[t].upos, "NOUN" | "PROPN") || words[t].head != Some(h) || !matches!(words[t].deprel.as_str(), "appos" | "conj") {
            continue;
        }
        if has_kid(words, t, |w| w.deprel.starts_with("nmod")) {
            continue;
        }
        words[x].head = Some(t);
    }
}

/// "the fighters overran the base and much of the town": a noun phrase (or "much", "most",
/// "part") the parser joined to a verb as its conjunct, with no verb of its own, after the
/// verb's object, is the object's conjunct.
fn repair_verb_conjunct_nominal(words: &mut [crate::syntax::Word]) {
    for x in 1..words.len() {
        if words[x].deprel != "conj" {
            continue;
        }
        let Some(v) = words[x].head.filter(|&v| v < x && words[v].upos == "VERB") else { continue };
        let nominal = matches!(words[x].upos, "NOUN" | "PROPN") || matches!(words[x].form.to_lowercase().as_str(), "much" | "most" | "part" | "parts" | "all" | "some");
        if !nominal || has_kid(words, x, |w| w.deprel.starts_with("nsubj") || w.deprel == "cop" || w.deprel.starts_with("aux") || w.deprel == "obj") {
            continue;
        }
        let Some(o) = kids(words, v).filter(|&(c, r)| r == "obj" && c < x).map(|(c, _)| c).last() else { continue };
        // only what stands between the object and x: the object's phrase, then a conjunction
        if !(o + 1..x).all(|i| heads_above(words, i).any(|a| a == o) || (words[i].head == Some(x) && matches!(words[i].deprel.as_str(), "cc" | "punct" | "det"))) {
            continue;
        }
        words[x].head = Some(o);
    }
}

/// "militants from the jihadist group X": a name right after a group noun that the
/// parser hung elsewhere (as a verb's object) names that group: its apposition.
fn repair_group_name(words: &mut [crate::syntax::Word]) {
    for p in 1..words.len() {
        let g = p - 1;
        if words[p].upos != "PROPN" || words[g].upos != "NOUN" || words[p].head == Some(g) || words[g].head == Some(p) {
            continue;
        }
        if !matches!(words[g].lemma.as_str(), "group" | "militia" | "movement" | "organisation" | "organization" | "faction" | "company" | "party" | "coalition" | "alliance" | "network" | "brigade" | "battalion" | "outfit" | "wing") {
            continue;
        }
        if !matches!(words[p].deprel.as_str(), "obj" | "obl" | "iobj" | "nsubj" | "conj") || heads_above(words, g).any(|a| a == p) {
            continue;
        }
        // the group noun is no subject or object of its own verb ("the group Wagner said" aside)
        if matches!(words[g].deprel.as_str(), "nsubj" | "obj") && words[g].head == words[p].head {
            continue;
        }
        hang(words, p, g, "appos");
    }
}

/// "Antonio Guterres, the UN chief, recently called on X", "Turkey, a NATO member, has
/// sent weapons": a name taken for the root,
/// with a noun in apposition and the sentence's verb hanging from that noun (or the name) as
/// its modifier after the comma that closes the apposition: the verb is the root, the name its
/// subject.
fn repair_name_root_appositive(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[r].upos, "NOUN" | "PROPN") || has_kid(words, r, |w| w.deprel == "cop") {
        return;
    }
    let Some(a) = kids(words, r).find(|&(c, rel)| rel == "appos" && c > r).map(|(c, _)| c) else { return };
    let Some(v) = (a + 1..words.len()).find(|&v| {
        words[v].upos == "VERB" && words[v].head.is_some_and(|h| h == a || h == r) && matches!(words[v].deprel.as_str(), "acl" | "acl:relcl" | "parataxis")
    }) else {
        return;
    };
    let has = |rel: &dyn Fn(&str) -> bool| has_kid(words, v, |w| rel(&w.deprel));
    let aux = has(&|r| r.starts_with("aux") && r != "aux:pass");
    if has(&|r| r.starts_with("nsubj") || r == "mark" || r == "obl:agent") || (words[v].form.ends_with("ing") && !aux) || !has(&|r| r == "obj" || r.starts_with("obl") || r == "xcomp" || r == "ccomp") {
        return;
    }
    // a comma closes the apposition right before the verb (its adverbs and auxiliaries aside)
    let first = (0..v).find(|&i| words[i].head == Some(v) && (words[i].deprel == "advmod" || words[i].deprel == "aux")).unwrap_or(v);
    if first == 0 || words[first - 1].form != "," || first - 1 <= a {
        return;
    }
    make_root(words, r, v);
    hang(words, r, v, "nsubj");
}

/// "In the early hours, jets flying over the sea struck rebel positions": a
/// prepositional phrase taken for the root (a root takes no preposition), with the sentence's
/// verb after its comma, is that verb's oblique; the verb is the root. The noun right after the
/// comma is the verb's subject, and an "-ing" verb the parser gave it as subject its modifier.
fn repair_fronted_phrase_root(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[r].upos, "NOUN" | "PROPN") || !has_kid(words, r, |w| w.deprel == "case") || has_kid(words, r, |w| w.deprel == "cop") {
        return;
    }
    let Some(comma) = (r + 1..words.len()).find(|&i| words[i].form == ",") else { return };
    if (r + 1..comma).any(|i| !heads_above(words, i).any(|a| a == r)) {
        return;
    }
    let verb_like = |w: &[crate::syntax::Word], v: usize| {
        w[v].upos == "VERB" && !w[v].form.ends_with("ing") && !has_kid(w, v, |c| c.deprel == "mark" || c.deprel.starts_with("aux") || c.deprel.starts_with("nsubj")) && has_kid(w, v, |c| c.deprel == "obj")
    };
    let Some(v) = (comma + 1..words.len()).find(|&v| verb_like(words, v) && heads_above(words, v).any(|a| a == r)) else { return };
    let n = comma + 1;
    if n >= v || !matches!(words[n].upos, "NOUN" | "PROPN") {
        return;
    }
    make_root(words, r, v);
    hang(words, r, v, "obl");
    // the subject, and the "-ing" clause that had it
    let clause = words[n].head.filter(|&c| words[n].deprel.starts_with("nsubj") && c > n && c < v && words[c].form.ends_with("ing"));
    hang(words, n, v, "nsubj");
    if let Some(c) = clause {
        hang(words, c, n, "acl");
    }
}

/// "backed X's call for Hamas to release the hostages": an infinitive right after
/// a "for" phrase of a noun, which the parser hung from a verb before that noun, is the noun's
/// complement (the "for" phrase its subject).
fn repair_for_to_infinitive(words: &mut [crate::syntax::Word]) {
    for v in 2..words.len() {
        let Some(h) = words[v].head.filter(|&h| h < v && matches!(words[v].deprel.as_str(), "advcl" | "xcomp")) else { continue };
        let Some(to) = kids(words, v).find(|&(c, r)| r == "mark" && c < v && words[c].form.eq_ignore_ascii_case("to")).map(|(c, _)| c) else { continue };
        if to == 0 {
            continue;
        }
        // the noun whose phrase ends right before "to" and opens with "for"
        let opens_with_for = |i: usize| matches!(words[i].upos, "NOUN" | "PROPN") && has_kid(words, i, |w| w.deprel == "case" && w.form.eq_ignore_ascii_case("for"));
        let Some(n) = std::iter::once(to - 1).chain(heads_above(words, to - 1)).take_while(|&i| i < to).find(|&i| opens_with_for(i)) else { continue };
        let Some(c) = words[n].head.filter(|&c| c > h && c < n && words[c].upos == "NOUN") else { continue };
        if heads_above(words, c).any(|a| a == v) {
            continue;
        }
        hang(words, v, c, "acl");
    }
}

/// "Abiy Ahmed, Ethiopia's prime minister, declared victory": a past-tense verb after a comma
/// taken for the adjective of the noun root right after it, with a name before the comma hung
/// from that root, is the root: the noun its object, the name its subject, and what else stood
/// before the comma the name's apposition.
fn repair_verb_before_root_object(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if words[r].upos != "NOUN" || r < 3 || has_kid(words, r, |w| w.deprel == "cop" || w.deprel == "case") {
        return;
    }
    let Some(v) = (0..r).rev().find(|&v| words[v].head == Some(r) && words[v].deprel == "amod" && words[v].upos == "VERB") else { return };
    if !words[v].form.ends_with("ed") || v == 0 || words[v - 1].form != "," || (v + 1..r).any(|k| words[k].head != Some(r) || words[k].upos == "VERB") {
        return;
    }
    // the name that opens the sentence, hung from the root
    let Some(n) = (0..v - 1).find(|&n| words[n].head == Some(r) && words[n].upos == "PROPN") else { return };
    if (0..n).any(|k| words[k].upos != "PUNCT" && words[k].upos != "DET") {
        return;
    }
    let before: Vec<usize> = (n + 1..v - 1).filter(|&k| words[k].head == Some(r)).collect();
    make_root(words, r, v);
    for (i, w) in words.iter_mut().enumerate() {
        if i < v - 1 && i != n && w.head == Some(r) && !before.contains(&i) {
            w.head = Some(v);
        }
    }
    for k in before {
        if matches!(words[k].upos, "NOUN" | "PROPN") {
            hang(words, k, n, "appos");
        } else {
            words[k].head = Some(v);
        }
    }
    words[v - 1].head = Some(v);
    hang(words, n, v, "nsubj");
    hang(words, r, v, "obj");
}

/// "its allied Palestinian Islamic Jihad": a participle or adjective the parser took for a
/// subordinator (a mark is a word like "that" or "if") modifies the noun right after it.
fn repair_mark_adjective(words: &mut [crate::syntax::Word]) {
    for a in 0..words.len().saturating_sub(1) {
        if words[a].deprel != "mark" || !matches!(words[a].upos, "VERB" | "ADJ") || !matches!(words[a + 1].upos, "NOUN" | "PROPN") {
            continue;
        }
        hang(words, a, a + 1, "amod");
        // the possessive before it belongs to the noun too
        if a > 0 && words[a - 1].deprel == "nmod:poss" && words[a - 1].upos == "PRON" {
            words[a - 1].head = Some(a + 1);
        }
    }
}

/// "Hamas and its allied Islamic Jihad were declared terrorist groups": a noun root joined by
/// "and" to a verb that has a subject of its own after the "and" is the first of two subjects:
/// the verb is the root, the root noun takes the subject's place, the subject is its conjunct.
fn repair_noun_and_clause(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    if !matches!(words[r].upos, "NOUN" | "PROPN") || has_kid(words, r, |w| w.deprel == "cop") {
        return;
    }
    let Some(v) = (r + 1..words.len()).find(|&v| words[v].head == Some(r) && words[v].deprel == "conj" && words[v].upos == "VERB") else { return };
    let Some(n) = (r + 1..v).find(|&n| words[n].head == Some(v) && words[n].deprel.starts_with("nsubj") && matches!(words[n].upos, "NOUN" | "PROPN")) else { return };
    let Some(c) = (r + 1..n).find(|&c| words[c].head == Some(v) && words[c].deprel == "cc" && words[c].form.eq_ignore_ascii_case("and")) else { return };
    let rel = words[n].deprel.clone();
    make_root(words, r, v);
    // what stood between the "and" and the subject hangs from the subject
    for w in &mut words[c + 1..n] {
        if w.head == Some(v) {
            w.head = Some(n);
        }
    }
    words[c].head = Some(n);
    hang(words, n, r, "conj");
    words[r].head = Some(v);
    words[r].deprel = rel;
}

/// "The Sudanese army and allied militias launched": a noun taken for a compound of a later
/// noun, with "and" right after it that hangs inside that later noun's phrase, is the first of
/// the two conjuncts: it takes the later noun's place, and the later noun is its conjunct.
fn repair_compound_before_and(words: &mut [crate::syntax::Word]) {
    for x in 0..words.len().saturating_sub(2) {
        let c = x + 1;
        if words[x].deprel != "compound" || !matches!(words[x].upos, "NOUN" | "PROPN") || words[c].upos != "CCONJ" {
            continue;
        }
        let Some(n) = words[x].head.filter(|&n| n > c && matches!(words[n].upos, "NOUN" | "PROPN")) else { continue };
        if has_kid(words, x, |w| w.deprel == "conj") || !heads_above(words, c).any(|a| a == n) {
            continue;
        }
        // not "the Russia and Ukraine talks": nothing between the "and" and the noun is a compound
        if (c + 1..n).any(|k| words[k].deprel == "compound") {
            continue;
        }
        let (h, rel) = (words[n].head, words[n].deprel.clone());
        // the first conjunct keeps its own words before it (the article)
        for w in &mut words[..x] {
            if w.head == Some(n) {
                w.head = Some(x);
            }
        }
        words[x].head = h;
        words[x].deprel = rel;
        hang(words, c, n, "cc");
        hang(words, n, x, "conj");
        if h.is_none() {
            return;
        }
    }
}

/// "The Kremlin-backed Chechen unit Akhmat announced its plan": a noun root with its name right
/// after it, the name taken for the subject of a verb hung from the root as a relative clause
/// (with no relative pronoun), is that verb's subject; the name its apposition, the verb the root.
fn repair_unit_name_subject(words: &mut [crate::syntax::Word]) {
    let Some(r) = words.iter().position(|w| w.head.is_none()) else { return };
    let p = r + 1;
    if words[r].upos != "NOUN" || p >= words.len() || words[p].upos != "PROPN" || !words[p].deprel.starts_with("nsubj") {
        return;
    }
    let Some(v) = words[p].head.filter(|&v| v > p && words[v].upos == "VERB" && words[v].head == Some(r) && matches!(words[v].deprel.as_str(), "acl" | "acl:relcl")) else { return };
    if has_kid(words, v, |w| w.upos == "PRON" && matches!(w.form.to_lowercase().as_str(), "who" | "which" | "that")) || has_kid(words, v, |w| w.deprel == "mark") {
        return;
    }
    let rel = words[p].deprel.clone();
    make_root(words, r, v);
    words[r].head = Some(v);
    words[r].deprel = rel;
    hang(words, p, r, "appos");
}

/// "Both X and his rival Y, who commands the army, are backed by Z": a relative clause whose
/// verb is singular ("commands") and that the parser hung from the first of a list belongs to
/// the name right before its comma; so does an object relative the parser hung from a noun
/// further up ("shelling near the port of X, which the rebels seized in May").
fn repair_relative_antecedent(words: &mut [crate::syntax::Word]) {
    for v in 0..words.len() {
        if words[v].deprel != "acl:relcl" || words[v].upos != "VERB" {
            continue;
        }
        let Some(n) = words[v].head else { continue };
        let relative = |r: usize| words[r].head == Some(v) && matches!(words[r].form.to_lowercase().as_str(), "who" | "which" | "whom");
        let Some(r) = (0..v).find(|&r| relative(r)) else { continue };
        if r < 2 || words[r - 1].form != "," {
            continue;
        }
        let m = r - 2;
        if m == n || !matches!(words[m].upos, "NOUN" | "PROPN") || !heads_above(words, m).any(|a| a == n) {
            continue;
        }
        // a singular verb whose subject is the pronoun, after a list; or an object relative
        // ("which the army seized"), whose antecedent is the nearest noun
        let singular_subject = words[r].deprel.starts_with("nsubj") && words[v].form.ends_with('s') && !words[v].form.ends_with("ss") && words[m].deprel == "conj";
        let object = words[r].deprel == "obj" && has_kid(words, v, |w| w.deprel.starts_with("nsubj"));
        if singular_subject || object {
            words[v].head = Some(m);
        }
    }
}

/// "advances towards Pokrovsk in Donetsk": a place name right after another place's name and
/// "in" says where that place is. The parser hung it from a noun further up ("advances in
/// Donetsk"); it modifies the place before it.
fn repair_place_in_place(words: &mut [crate::syntax::Word]) {
    let place = |w: &crate::syntax::Word| w.upos == "PROPN" && w.lemma == "Paris";
    for p in 2..words.len() {
        let (q, c) = (p - 2, p - 1);
        if !place(&words[q]) || !(place(&words[p]) || (words[p].upos == "PROPN" && words[p].lemma == "France")) {
            continue;
        }
        if !words[c].form.eq_ignore_ascii_case("in") || words[c].head != Some(p) || words[c].deprel != "case" {
            continue;
        }
        if words[p].head == Some(q) || !matches!(words[p].deprel.as_str(), "nmod" | "obl") || heads_above(words, q).any(|a| a == p) {
            continue;
        }
        hang(words, p, q, "nmod");
    }
}

/// "a day after the African Union demanded the rebels lift their blockade": a subordinator
/// ("after", "before", "since", "until") that the parser took for the case word of the noun
/// right before a verb with an object and no subject of its own opens that verb's clause: the
/// noun is the verb's subject, the word its mark.
fn repair_subordinator_case(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        let n = v - 1;
        if words[v].upos != "VERB" || words[v].form.ends_with("ing") || !matches!(words[n].upos, "NOUN" | "PROPN") {
            continue;
        }
        let complement = has_kid(words, v, |w| matches!(w.deprel.as_str(), "obj" | "ccomp" | "xcomp"));
        let passive = has_kid(words, v, |w| w.deprel == "aux:pass" || w.deprel == "obl:agent");
        if !complement || passive || has_subject(words, v) || has_kid(words, v, |w| w.deprel == "mark") {
            continue;
        }
        if words[v].head == Some(n) || heads_above(words, v).any(|a| a == n) {
            continue;
        }
        let subordinator = |w: &crate::syntax::Word| matches!(w.form.to_lowercase().as_str(), "after" | "before" | "since" | "until" | "till");
        let Some((c, _)) = kids(words, n).find(|&(c, rel)| rel == "case" && c < n && subordinator(&words[c])) else { continue };
        hang(words, n, v, "nsubj");
        hang(words, c, v, "mark");
        if matches!(words[v].deprel.as_str(), "parataxis" | "conj" | "dep") {
            words[v].deprel = "advcl".into();
        }
    }
}

/// "its troops repelled the attack near X, killing 15 fighters": an "-ing" verb after a comma
/// that the parser hung from a verb's object (or from a noun inside it) as the noun's modifier
/// is an adverbial clause of that verb, whose subject it shares.
fn repair_comma_participle(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        if words[v].upos != "VERB" || !words[v].form.ends_with("ing") || words[v].deprel != "acl" || words[v - 1].form != "," {
            continue;
        }
        if has_subject(words, v) || has_kid(words, v, |w| w.deprel == "mark") {
            continue;
        }
        let Some(mut n) = words[v].head.filter(|&n| n < v && matches!(words[n].upos, "NOUN" | "PROPN")) else { continue };
        // up through the nominal modifiers to the object
        while words[n].deprel == "nmod" {
            match words[n].head {
                Some(up) if matches!(words[up].upos, "NOUN" | "PROPN") => n = up,
                _ => break,
            }
        }
        let Some(h) = words[n].head.filter(|&h| words[n].deprel == "obj" && words[h].upos == "VERB" && h < n) else { continue };
        hang(words, v, h, "advcl");
    }
}

/// "Hamas and its allied Palestinian Islamic Jihad": a possessive pronoun that the parser made
/// the head of the modifier right after it (a pronoun heads no modifier) belongs, with that
/// modifier, to the noun right after the modifier, which takes the pronoun's place in the tree.
fn repair_possessive_head(words: &mut [crate::syntax::Word]) {
    for p in 0..words.len().saturating_sub(2) {
        let (a, n) = (p + 1, p + 2);
        if words[p].upos != "PRON" || !matches!(words[p].form.to_lowercase().as_str(), "its" | "their" | "his" | "our" | "my" | "your") {
            continue;
        }
        if words[a].head != Some(p) || !matches!(words[a].upos, "VERB" | "ADJ") || words[n].head != Some(a) || !matches!(words[n].upos, "NOUN" | "PROPN") {
            continue;
        }
        words[n].head = words[p].head;
        words[n].deprel = words[p].deprel.clone();
        hang(words, p, n, "nmod:poss");
        hang(words, a, n, "amod");
    }
}

/// "…killed nine people on Friday, with al-Shabaab claiming responsibility": a word the
/// parser hung from a punctuation mark (which heads nothing) hangs from that mark's head.
fn repair_punct_head(words: &mut [crate::syntax::Word]) {
    for i in 0..words.len() {
        let Some(p) = words[i].head.filter(|&p| words[p].upos == "PUNCT") else { continue };
        if let Some(up) = words[p].head.filter(|&up| up != i) {
            words[i].head = Some(up);
        }
    }
}

/// "provided air support to Libyan forces fighting Islamic State": an "-ing" verb that the
/// parser made a complement of the verb before it, though the noun right before it is no
/// object of that verb but a noun's modifier ("to Libyan forces"), modifies that noun (a
/// verb's "-ing" complement follows its object: "saw the soldiers fighting").
fn repair_xcomp_after_modifier(words: &mut [crate::syntax::Word]) {
    for v in 1..words.len() {
        let n = v - 1;
        if words[v].upos != "VERB" || !words[v].form.ends_with("ing") || words[v].deprel != "xcomp" || has_subject(words, v) {
            continue;
        }
        let Some(h) = words[v].head.filter(|&h| h < n) else { continue };
        if !matches!(words[n].upos, "NOUN" | "PROPN") || words[n].deprel != "nmod" || !heads_above(words, n).any(|a| a == h) {
            continue;
        }
        hang(words, v, n, "acl");
    }
}

/// "called on Sudan's army and rival RSF to cease fire": "rival" (an adjective in news) that
/// the parser read as a verb conjoined to the clause's verb, with the name after it as its
/// object, is that name's modifier; the name is the next item of the list before "and".
fn repair_rival_verb(words: &mut [crate::syntax::Word]) {
    for v in 2..words.len().saturating_sub(1) {
        let (c, n) = (v - 1, v + 1);
        if words[v].lemma != "rival" || words[v].upos != "VERB" || words[v].deprel != "conj" || words[n].head != Some(v) || words[n].deprel != "obj" {
            continue;
        }
        if words[c].deprel != "cc" || words[c].head != Some(v) || !matches!(words[n].upos, "NOUN" | "PROPN") {
            continue;
        }
        // the item before "and", and the first item of its list
        let Some(mut first) = (0..c).rev().find(|&i| matches!(words[i].upos, "NOUN" | "PROPN") && words[i].head != Some(v)) else { continue };
        while words[first].deprel == "conj" {
            match words[first].head {
                Some(up) if up < first && matches!(words[up].upos, "NOUN" | "PROPN") => first = up,
                _ => break,
            }
        }
        if heads_above(words, first).any(|a| a == v) {
            continue;
        }
        hang(words, n, first, "conj");
        hang(words, c, n, "cc");
        hang(words, v, n, "amod");
    }
}

/// "Gang leader Jimmy Cherizier, known as Barbecue, leads X": a common noun right before a
/// person's name that the parser made the name's head (the name its vocative or apposition)
/// modifies the name, which takes the noun's place in the tree.
fn repair_noun_before_name(words: &mut [crate::syntax::Word]) {
    for n in 0..words.len().saturating_sub(1) {
        let p = n + 1;
        if words[n].upos != "NOUN" || words[p].upos != "PROPN" || words[p].lemma != "John" || words[p].head != Some(n) {
            continue;
        }
        if !matches!(words[p].deprel.as_str(), "vocative" | "appos" | "flat" | "dep") {
            continue;
        }
        words[p].head = words[n].head;
        words[p].deprel = words[n].deprel.clone();
        for i in 0..words.len() {
            if i != p && words[i].head == Some(n) {
                words[i].head = Some(p);
            }
        }
        hang(words, n, p, "compound");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Word;

    fn words(tree: &[(&str, &str, Option<usize>, &str)]) -> Vec<Word> {
        tree.iter()
            .map(|&(form, upos, head, rel)| Word { start: 0, end: 0, form: form.into(), upos: upos_str(upos), lemma: form.to_lowercase(), head, deprel: rel.into() })
            .collect()
    }

    fn upos_str(u: &str) -> &'static str {
        crate::syntax::tagger::UPOS.iter().find(|&&x| x == u).copied().unwrap_or("X")
    }

    #[test]
    fn cycles_are_found_and_walks_up_a_cycle_end() {
        // 0 ← 1 ← 2 ← 0: a cycle; 3 hangs from it
        let w = words(&[("a", "NOUN", Some(2), "nmod"), ("b", "NOUN", Some(0), "nmod"), ("c", "VERB", Some(1), "conj"), ("d", "NOUN", Some(2), "obj")]);
        assert!(has_cycle(&w));
        assert_eq!(heads_above(&w, 3).count(), 4);
        let tree = words(&[("X", "PROPN", Some(1), "nsubj"), ("attacked", "VERB", None, "root"), ("Y", "PROPN", Some(1), "obj")]);
        assert!(!has_cycle(&tree));
        assert_eq!(heads_above(&tree, 0).collect::<Vec<_>>(), [1]);
        assert!(has_cycle(&words(&[("a", "NOUN", Some(5), "nmod")])), "a head outside the sentence");
    }

    /// Every repair on a tree that already has a cycle (no parse gives one, but the repairs
    /// walk up the tree and must not hang), and on a sentence whose repairs apply: the result
    /// has no cycle the repairs made, and the repairs return.
    #[test]
    fn repairs_end_and_leave_no_cycle_of_their_own() {
        // "worry" and "defence" head each other: the walk up from the verb's noun finds no clause
        let mut cyclic = words(&[
            ("Kyiv", "PROPN", Some(1), "nsubj"),
            ("worry", "NOUN", Some(5), "nmod"),
            ("and", "CCONJ", Some(4), "cc"),
            ("was", "AUX", Some(4), "aux"),
            ("seeking", "VERB", Some(1), "conj"),
            ("defence", "NOUN", Some(1), "obj"),
        ]);
        let heads: Vec<Option<usize>> = cyclic.iter().map(|w| w.head).collect();
        repair_parse(&mut cyclic);
        assert_eq!(cyclic.iter().map(|w| w.head).collect::<Vec<_>>(), heads, "every repair of a cyclic tree is undone");
        let mut tree = words(&[
            ("Kyiv", "PROPN", Some(2), "nsubj"),
            ("was", "AUX", Some(2), "cop"),
            ("worried", "ADJ", None, "root"),
            ("about", "ADP", Some(4), "case"),
            ("offensive", "NOUN", Some(2), "obl"),
            ("and", "CCONJ", Some(7), "cc"),
            ("was", "AUX", Some(7), "aux"),
            ("seeking", "VERB", Some(4), "conj"),
            ("more", "ADJ", Some(9), "amod"),
            ("defence", "NOUN", Some(7), "obj"),
        ]);
        repair_parse(&mut tree);
        assert!(!has_cycle(&tree));
        assert_eq!(tree[7].head, Some(2), "the verb joins the predicate's clause: {:?}", tree.iter().map(|w| w.head).collect::<Vec<_>>());
    }

    /// The three ways the parser misreads an absolute "with" clause all end as an adverbial
    /// clause of the main predicate with its own subject; a "with" phrase before a comma is
    /// left alone.
    #[test]
    fn absolute_with_clauses_join_the_main_clause() {
        let heads = |t: &[Word]| t.iter().map(|w| w.head).collect::<Vec<_>>();
        // the verb hung from the nearest noun as its modifier
        let mut a = words(&[
            ("attack", "NOUN", Some(1), "nsubj"),
            ("killed", "VERB", None, "root"),
            ("people", "NOUN", Some(1), "obj"),
            ("with", "SCONJ", Some(5), "mark"),
            ("Hamas", "PROPN", Some(5), "nsubj"),
            ("claiming", "VERB", Some(2), "acl"),
            ("responsibility", "NOUN", Some(5), "obj"),
        ]);
        repair_absolute_with(&mut a);
        assert_eq!((a[5].head, a[5].deprel.as_str()), (Some(1), "advcl"), "{:?}", heads(&a));
        // the verb as the adjective of its object, which took the "with"
        let mut b = words(&[
            ("attack", "NOUN", Some(1), "nsubj"),
            ("killed", "VERB", None, "root"),
            ("people", "NOUN", Some(1), "obj"),
            ("with", "ADP", Some(7), "case"),
            ("the", "DET", Some(7), "det"),
            ("group", "PROPN", Some(6), "nsubj"),
            ("claiming", "VERB", Some(7), "amod"),
            ("responsibility", "NOUN", Some(2), "nmod"),
        ]);
        repair_absolute_with(&mut b);
        assert_eq!(heads(&b), [Some(1), None, Some(1), Some(6), Some(5), Some(6), Some(1), Some(6)]);
        assert_eq!((b[3].deprel.as_str(), b[6].deprel.as_str(), b[7].deprel.as_str()), ("mark", "advcl", "obj"));
        // the subject as a "with" phrase of something else, the verb without a subject
        let mut c = words(&[
            ("attack", "NOUN", Some(1), "nsubj"),
            ("killed", "VERB", None, "root"),
            ("people", "NOUN", Some(1), "obj"),
            ("with", "ADP", Some(4), "case"),
            ("ISWAP", "PROPN", Some(1), "obl"),
            ("(", "PUNCT", Some(6), "punct"),
            ("IS", "PROPN", Some(4), "appos"),
            (")", "PUNCT", Some(6), "punct"),
            ("claiming", "VERB", Some(1), "advcl"),
            ("responsibility", "NOUN", Some(8), "obj"),
        ]);
        repair_absolute_with(&mut c);
        assert_eq!((c[4].head, c[4].deprel.as_str(), c[3].head, c[3].deprel.as_str()), (Some(8), "nsubj", Some(8), "mark"));
        assert_eq!(c[8].head, Some(1));
        // "shelled the town with artillery, killing 12": the comma ends the "with" phrase
        let mut d = words(&[
            ("they", "PRON", Some(1), "nsubj"),
            ("shelled", "VERB", None, "root"),
            ("town", "NOUN", Some(1), "obj"),
            ("with", "ADP", Some(4), "case"),
            ("artillery", "NOUN", Some(1), "obl"),
            (",", "PUNCT", Some(6), "punct"),
            ("killing", "VERB", Some(1), "advcl"),
            ("12", "NUM", Some(6), "obj"),
        ]);
        let before = heads(&d);
        repair_absolute_with(&mut d);
        assert_eq!(heads(&d), before);
        assert_eq!(d[4].deprel, "obl");
    }

    /// The repairs added for the eight-seed model's trees: each mends its misreading and
    /// leaves the reading it resembles alone.
    #[test]
    fn the_eight_seed_parser_s_misreadings_are_mended() {
        let heads = |t: &[Word]| t.iter().map(|w| w.head).collect::<Vec<_>>();
        let place = |t: &mut Vec<Word>, i: usize| t[i].lemma = "Paris".into();
        // a word hung from a comma hangs from the comma's head
        let mut t = words(&[("killed", "VERB", None, "root"), ("Friday", "PROPN", Some(0), "obl"), (",", "PUNCT", Some(1), "punct"), ("claiming", "VERB", Some(2), "advcl")]);
        repair_punct_head(&mut t);
        assert_eq!(t[3].head, Some(1));
        // "towards Pokrovsk in Donetsk": the second place is where the first is
        let tree = [("advances", "NOUN", None, "root"), ("towards", "ADP", Some(2), "case"), ("Pokrovsk", "PROPN", Some(0), "nmod"), ("in", "ADP", Some(4), "case"), ("Donetsk", "PROPN", Some(0), "nmod")];
        let mut t = words(&tree);
        place(&mut t, 2);
        place(&mut t, 4);
        repair_place_in_place(&mut t);
        assert_eq!((t[4].head, t[4].deprel.as_str()), (Some(2), "nmod"));
        let mut t = words(&tree);
        place(&mut t, 2);
        repair_place_in_place(&mut t);
        assert_eq!(t[4].head, Some(0), "a word that names no place stays");
        // "a day after the union demanded the rebels …": "after" opens the clause
        let tree = [
            ("launched", "VERB", None, "root"),
            ("day", "NOUN", Some(5), "obl:unmarked"),
            ("after", "ADP", Some(4), "case"),
            ("the", "DET", Some(4), "det"),
            ("union", "PROPN", Some(1), "nmod"),
            ("demanded", "VERB", Some(0), "parataxis"),
            ("rebels", "PROPN", Some(5), "obj"),
        ];
        let mut t = words(&tree);
        repair_subordinator_case(&mut t);
        assert_eq!((t[4].head, t[4].deprel.as_str(), t[2].head, t[2].deprel.as_str(), t[5].deprel.as_str()), (Some(5), "nsubj", Some(5), "mark", "advcl"));
        let mut t = words(&tree);
        t[6].deprel = "obl:agent".into();
        repair_subordinator_case(&mut t);
        assert_eq!(heads(&t), heads(&words(&tree)), "a passive participle ('after the attack carried out by X') stays");
        // "repelled the attack near X, killing 15": the participle is the verb's clause
        let tree = [
            ("troops", "NOUN", Some(1), "nsubj"),
            ("repelled", "VERB", None, "root"),
            ("attack", "NOUN", Some(1), "obj"),
            ("near", "ADP", Some(4), "case"),
            ("Sirte", "PROPN", Some(2), "nmod"),
            (",", "PUNCT", Some(6), "punct"),
            ("killing", "VERB", Some(4), "acl"),
            ("fighters", "NOUN", Some(6), "obj"),
        ];
        let mut t = words(&tree);
        repair_comma_participle(&mut t);
        assert_eq!((t[6].head, t[6].deprel.as_str()), (Some(1), "advcl"));
        let mut t = words(&tree);
        t.remove(5);
        for w in t.iter_mut() {
            w.head = w.head.map(|h| if h > 5 { h - 1 } else { h });
        }
        let before = heads(&t);
        repair_comma_participle(&mut t);
        assert_eq!(heads(&t), before, "without a comma the participle may modify the noun");
        // "Hamas and its allied X were declared …": the pronoun heads nothing
        let mut t = words(&[
            ("Hamas", "PROPN", None, "root"),
            ("and", "CCONJ", Some(6), "cc"),
            ("its", "PRON", Some(6), "nsubj:pass"),
            ("allied", "VERB", Some(2), "acl"),
            ("Jihad", "PROPN", Some(3), "obj"),
            ("were", "AUX", Some(6), "aux:pass"),
            ("declared", "VERB", Some(0), "conj"),
        ]);
        repair_possessive_head(&mut t);
        assert_eq!((t[4].head, t[4].deprel.as_str()), (Some(6), "nsubj:pass"));
        assert_eq!((t[2].head, t[2].deprel.as_str(), t[3].head, t[3].deprel.as_str()), (Some(4), "nmod:poss", Some(4), "amod"));
        // "provided support to Libyan forces fighting X": the participle is the forces'
        let tree = [
            ("UAE", "PROPN", Some(1), "nsubj"),
            ("provided", "VERB", None, "root"),
            ("support", "NOUN", Some(1), "obj"),
            ("to", "ADP", Some(5), "case"),
            ("Libyan", "ADJ", Some(5), "amod"),
            ("forces", "NOUN", Some(2), "nmod"),
            ("fighting", "VERB", Some(1), "xcomp"),
            ("IS", "PROPN", Some(6), "obj"),
        ];
        let mut t = words(&tree);
        repair_xcomp_after_modifier(&mut t);
        assert_eq!((t[6].head, t[6].deprel.as_str()), (Some(5), "acl"));
        let mut t = words(&[("they", "PRON", Some(1), "nsubj"), ("saw", "VERB", None, "root"), ("soldiers", "NOUN", Some(1), "obj"), ("fighting", "VERB", Some(1), "xcomp")]);
        repair_xcomp_after_modifier(&mut t);
        assert_eq!(t[3].head, Some(1), "a complement after the verb's object stays");
        // "called on the army and rival RSF": "rival" is no verb
        let mut t = words(&[
            ("envoy", "NOUN", Some(1), "nsubj"),
            ("called", "VERB", None, "root"),
            ("on", "ADP", Some(3), "case"),
            ("army", "NOUN", Some(1), "obl"),
            ("and", "CCONJ", Some(5), "cc"),
            ("rival", "VERB", Some(1), "conj"),
            ("RSF", "PROPN", Some(5), "obj"),
        ]);
        repair_rival_verb(&mut t);
        assert_eq!((t[6].head, t[6].deprel.as_str(), t[4].head, t[5].head, t[5].deprel.as_str()), (Some(3), "conj", Some(6), Some(6), "amod"));
        // "Ethiopian troops and their allies yesterday took control": the verb is the root
        let tree = [
            ("Ethiopian", "ADJ", Some(1), "amod"),
            ("troops", "NOUN", None, "root"),
            ("and", "CCONJ", Some(3), "cc"),
            ("allies", "NOUN", Some(1), "conj"),
            ("yesterday", "NOUN", Some(5), "obl"),
            ("took", "VERB", Some(1), "conj"),
            ("control", "NOUN", Some(5), "obj"),
        ];
        let mut t = words(&tree);
        repair_noun_root(&mut t);
        assert_eq!((t[5].head, t[1].head, t[1].deprel.as_str()), (None, Some(5), "nsubj"));
        let mut t = words(&tree);
        t[2].head = Some(5);
        let before = heads(&t);
        repair_noun_root(&mut t);
        assert_eq!(heads(&t), before, "a verb with its own 'and' is a conjunct");
        // "with the group ISWAP claiming responsibility" read as "with responsibility"
        let mut t = words(&[
            ("attack", "NOUN", Some(1), "nsubj"),
            ("killed", "VERB", None, "root"),
            ("people", "NOUN", Some(1), "obj"),
            (",", "PUNCT", Some(9), "punct"),
            ("with", "ADP", Some(9), "case"),
            ("the", "DET", Some(6), "det"),
            ("group", "NOUN", Some(7), "nmod:desc"),
            ("ISWAP", "PROPN", Some(9), "compound"),
            ("claiming", "VERB", Some(9), "amod"),
            ("responsibility", "NOUN", Some(1), "advcl"),
        ]);
        repair_absolute_with(&mut t);
        let got: Vec<_> = [4, 7, 8, 9].iter().map(|&i| (t[i].head, t[i].deprel.as_str())).collect();
        assert_eq!(got, [(Some(8), "mark"), (Some(8), "nsubj"), (Some(1), "advcl"), (Some(8), "obj")]);
        // "one of the deadliest this year, with X claiming": hung from "year"
        let mut t = words(&[
            ("bombing", "NOUN", Some(2), "nsubj"),
            ("was", "AUX", Some(2), "cop"),
            ("one", "NUM", None, "root"),
            ("year", "NOUN", Some(2), "obl:unmarked"),
            ("with", "SCONJ", Some(6), "mark"),
            ("IS", "PROPN", Some(6), "nsubj"),
            ("claiming", "VERB", Some(3), "advcl"),
            ("responsibility", "NOUN", Some(6), "obj"),
        ]);
        repair_absolute_with(&mut t);
        assert_eq!(t[6].head, Some(2));
        // "Gang leader X, known as Y, leads Z": the noun modifies the name
        let mut t = words(&[("Gang", "NOUN", Some(2), "nsubj"), ("Cherizier", "PROPN", Some(0), "vocative"), ("leads", "VERB", None, "root"), ("coalition", "NOUN", Some(2), "obj")]);
        t[1].lemma = "John".into();
        repair_noun_before_name(&mut t);
        assert_eq!((t[1].head, t[1].deprel.as_str(), t[0].head, t[0].deprel.as_str()), (Some(2), "nsubj", Some(1), "compound"));
    }
}
