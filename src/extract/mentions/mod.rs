//! Finding mentions: where the article names an entity, as byte spans into the text.
//!
//! The stages run in the order of [`analyse`]: names the ontology knows (one multi-pattern scan,
//! longest match, word boundaries, case rules for acronyms) less one-word group names that end
//! someone's name; descriptions kept only where their country is present; "X-led coalition";
//! names the ontology does not know, typed by their context (a title, an organisation head noun,
//! "the town of") and minted; surnames; the scene's country and capital metonymy; titles beside
//! names ("Russian President X" → a fact, the title folded into the person's mention);
//! descriptions ("the council", "the commander", "the capital", "government forces", "the
//! administration in Y"); "the government of X"; "X's forces"; "X-backed" compounds; pronouns
//! and quote speakers. Mentions stay sorted, so a sentence's mentions are found by binary search
//! and no stage's cost grows with the square of the document. Nothing here does I/O, and nothing
//! panics on odd text.

use std::collections::HashMap;

use regex::Regex;

use crate::knowledge::{CaseRule, Ent, Knowledge, LabelKind, TitleClass};
use crate::text::{self, Sentence};
use crate::vocab::{self, EntityType, Predicate};

mod descriptions;
mod names;
mod patterns;
mod reference;
mod titles;

use descriptions::*;
use names::*;
use reference::*;
use titles::*;

/// Index of an entity in a document: the ontology's entities first, then minted ones.
pub type EntRef = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Demonym,
    Description,
    Pronoun,
}

/// A mention: `text[start..end]` names `ent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub ent: EntRef,
    pub kind: MentionKind,
    pub sent: usize,
}

/// The rules of this stage; every fact it reads names one (`extract::possible_readings` lists
/// them, so an enum rather than strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionRule {
    /// "Libyan leader X", "X, the Libyan leader": X leads Libya.
    LeadsCompound,
    /// "the government of X" with X's leader named.
    LeadsGovernmentOf,
    /// A title beside a name: "LNA commander Haftar".
    TitleLead,
    TitleMember,
    /// A head-of-state title alone ("President X"): X leads the state the knowledge says X headed.
    TitleHeadOf,
    /// A minister's title alone ("Foreign Minister X"): X is a member of X's state.
    TitleStateMember,
    /// "the X-backed Y", "X-aligned Y".
    SupportsCompound,
    AlliedCompound,
}

impl MentionRule {
    pub const ALL: [MentionRule; 8] = [
        MentionRule::LeadsCompound,
        MentionRule::LeadsGovernmentOf,
        MentionRule::TitleLead,
        MentionRule::TitleMember,
        MentionRule::TitleHeadOf,
        MentionRule::TitleStateMember,
        MentionRule::SupportsCompound,
        MentionRule::AlliedCompound,
    ];
    pub fn name(self) -> &'static str {
        match self {
            MentionRule::LeadsCompound => "leads.compound",
            MentionRule::LeadsGovernmentOf => "leads.government_of",
            MentionRule::TitleLead => "title.lead",
            MentionRule::TitleMember => "title.member",
            MentionRule::TitleHeadOf => "title.head_of",
            MentionRule::TitleStateMember => "title.state_member",
            MentionRule::SupportsCompound => "supports.compound",
            MentionRule::AlliedCompound => "allied.compound",
        }
    }
}

/// A fact read while finding mentions (titles, "X-backed Y").
#[derive(Clone, Debug, PartialEq)]
pub struct MentionFact {
    pub sent: usize,
    pub subject: EntRef,
    pub predicate: Predicate,
    pub object: EntRef,
    pub rule: MentionRule,
}

/// The entities of one document: the ontology's plus names minted from the text.
pub struct DocEntities<'k> {
    pub k: &'k Knowledge,
    minted: Vec<Ent>,
    index: HashMap<String, EntRef>,
}

impl<'k> DocEntities<'k> {
    pub fn new(k: &'k Knowledge) -> Self {
        DocEntities { k, minted: Vec::new(), index: HashMap::new() }
    }
    pub fn get(&self, r: EntRef) -> &Ent {
        if r < self.k.entities.len() {
            &self.k.entities[r].ent
        } else {
            &self.minted[r - self.k.entities.len()]
        }
    }
    pub fn etype(&self, r: EntRef) -> EntityType {
        self.get(r).etype
    }
    fn known(&self, r: EntRef) -> Option<&crate::knowledge::EntityInfo> {
        self.k.entities.get(r)
    }
    /// Mint (or reuse) an entity for a name the ontology does not know.
    pub fn mint(&mut self, etype: EntityType, name: &str) -> EntRef {
        let slug = slug(name);
        let key = format!("{}/{}", etype.name().to_lowercase(), slug);
        if let Some(&r) = self.index.get(&key) {
            return r;
        }
        let r = self.k.entities.len() + self.minted.len();
        self.minted.push(Ent { iri: vocab::entity_iri(&key), label: name.to_string(), etype });
        self.index.insert(key, r);
        r
    }
}

/// Lower-case ASCII slug of a name, accents dropped where simple.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().map(text::fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// An article's mentions sorted by start and never overlapping (at one start the longer is
/// kept, else the earlier): the invariant every later stage relies on to find a sentence's
/// mentions by binary search ([`MentionSet::starting_in`]), so work stays linear in the size of
/// the article. Read-only once made; it derefs to the sorted slice.
#[derive(Clone, Debug, Default)]
pub struct MentionSet(Vec<Mention>);

impl MentionSet {
    /// The mentions, sorted and with overlaps dropped.
    pub fn new(mut ms: Vec<Mention>) -> MentionSet {
        sort(&mut ms);
        MentionSet(ms)
    }

    /// The mentions that start in `start..end`.
    pub fn starting_in(&self, start: usize, end: usize) -> &[Mention] {
        &self.0[starting_in(&self.0, start, end)]
    }
}

impl std::ops::Deref for MentionSet {
    type Target = [Mention];
    fn deref(&self) -> &[Mention] {
        &self.0
    }
}

/// Everything found in one article before relations are read.
pub struct Analysis<'k> {
    pub sentences: Vec<Sentence>,
    /// Sorted by start, non-overlapping: [`MentionSet`] keeps it so.
    pub mentions: MentionSet,
    pub facts: Vec<MentionFact>,
    pub ents: DocEntities<'k>,
    /// "both sides", "the warring parties": such a mention names the first of the pair its
    /// `ent` holds; this gives the second, by the mention's start (sorted).
    pub pair_seconds: Vec<(usize, EntRef)>,
}

impl Analysis<'_> {
    /// Every entity a mention names: its own, and for "both sides" the pair's second.
    pub fn entities_of(&self, m: &Mention) -> impl Iterator<Item = EntRef> + '_ {
        let second = self.pair_seconds.binary_search_by_key(&m.start, |p| p.0).ok().map(|i| self.pair_seconds[i].1);
        std::iter::once(m.ent).chain(second)
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}


/// Find every mention in `text` and the facts titles give.
pub fn analyse<'k>(text: &str, k: &'k Knowledge) -> Analysis<'k> {
    let sentences = text::sentences(text);
    let mut ents = DocEntities::new(k);
    let mut ms: Vec<Mention> = Vec::new();
    let mut facts = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        known_names(text, s, si, k, &mut ms);
    }
    sort(&mut ms);
    surname_collisions(text, &sentences, &ents, &mut ms);
    descriptions_need_their_country(text, &ents, &mut ms);
    for (si, s) in sentences.iter().enumerate() {
        led_coalitions(text, s, si, &mut ents, &mut ms, &mut facts);
    }
    sort(&mut ms);
    let mut found = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        unknown_names(text, s, si, k, &mut ents, &ms, &mut found);
    }
    ms.extend(found);
    sort(&mut ms);
    surnames(text, &sentences, &ents, &mut ms);
    let main = main_country(&ents, &ms);
    capital_metonymy(text, &ents, main, &mut ms);
    let registry = titles(text, &sentences, &ents, &mut ms, &mut facts);
    drop_scene_demonyms(text, main, &mut ms, &ents);
    descriptions(text, &sentences, &mut ents, &registry, main, &mut ms);
    generic_tails(text, &sentences, &ents, &mut ms);
    bodies(text, &sentences, &mut ents, &mut ms);
    let named_governments = government_of(text, &mut ents, &ms, &mut facts);
    ms.extend(named_governments);
    sort(&mut ms);
    forces(text, &sentences, &ents, &mut ms);
    compounds(text, &ents, &ms, &mut facts);
    pronouns(text, &sentences, &ents, &registry, &mut ms);
    possessive_titles(text, &ents, &ms, &mut facts);
    let pair_seconds = pairs(text, &sentences, &ents, &mut ms);
    Analysis { sentences, mentions: MentionSet::new(ms), facts, ents, pair_seconds }
}

fn sort(ms: &mut Vec<Mention>) {
    ms.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    // drop overlaps, keeping the earlier (and, at equal start, longer) mention
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    for m in ms.drain(..) {
        if out.last().is_some_and(|l| m.start < l.end) {
            continue;
        }
        out.push(m);
    }
    *ms = out;
}

/// Index range of the mentions that start in `start..end` (mentions sorted by start): a
/// binary search, so per-sentence work does not grow with the size of the document.
fn starting_in(ms: &[Mention], start: usize, end: usize) -> std::ops::Range<usize> {
    ms.partition_point(|m| m.start < start)..ms.partition_point(|m| m.start < end)
}

/// How far back "the council" or "the rebels" look for what they name, in mentions.
const RECENT: usize = 200;

/// Put each of `new` in place of the mentions inside its span, sorting once.
fn replace_spans(ms: &mut Vec<Mention>, mut new: Vec<Mention>) {
    if new.is_empty() {
        return;
    }
    new.sort_by_key(|m| m.start);
    ms.retain(|m| {
        let i = new.partition_point(|n| n.start <= m.start);
        !(i > 0 && m.end <= new[i - 1].end)
    });
    ms.extend(new);
    sort(ms);
}

/// Whether a mention of `ms` (sorted, non-overlapping) straddles byte `x`.
fn cuts(ms: &[Mention], x: usize) -> bool {
    let i = ms.partition_point(|m| m.start < x);
    i > 0 && ms[i - 1].end > x
}

fn overlaps(ms: &[Mention], start: usize, end: usize) -> bool {
    let i = ms.partition_point(|m| m.end <= start);
    ms.get(i).is_some_and(|m| m.start < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Knowledge {
        Knowledge::load(&Knowledge::default_dir()).unwrap()
    }

    fn labels(text: &str, k: &Knowledge) -> Vec<(String, String)> {
        let a = analyse(text, k);
        a.mentions.iter().map(|m| (text[m.start..m.end].to_string(), a.ents.get(m.ent).label.clone())).collect()
    }

    #[test]
    fn a_mention_set_is_sorted_and_never_overlaps() {
        let m = |start: usize, end: usize, ent: usize| Mention { start, end, ent, kind: MentionKind::Name, sent: 0 };
        // out of order, one inside another, two at one start
        let set = MentionSet::new(vec![m(20, 25, 3), m(0, 10, 1), m(2, 6, 2), m(20, 30, 4), m(40, 45, 5)]);
        let spans: Vec<(usize, usize)> = set.iter().map(|x| (x.start, x.end)).collect();
        assert_eq!(spans, vec![(0, 10), (20, 30), (40, 45)]);
        assert_eq!(set.starting_in(15, 41).iter().map(|x| x.ent).collect::<Vec<_>>(), vec![4, 5]);
        assert!(set.starting_in(11, 19).is_empty());
    }

    #[test]
    fn lookalike_letters_fold() {
        let k = k();
        // a Cyrillic "С" and "о" inside a Latin name, and a curly apostrophe
        let text = "Russia is the main backer of Khalifa Haftar. The UN Sесurity Соuncil met.";
        let l = labels(text, &k);
        assert!(l.iter().any(|(_, e)| e == "UN Security Council"), "{l:?}");
    }

    #[test]
    fn title_with_of_is_not_part_of_the_name() {
        let k = k();
        let text = "A delegation led by Deputy Minister of Defense Alexander Fomin arrived.";
        let l = labels(text, &k);
        assert!(l.iter().any(|(_, e)| e == "Alexander Fomin"), "{l:?}");
    }

    #[test]
    fn led_by_two_countries() {
        let k = k();
        let a = analyse("The Saudi-UAE-led coalition struck the port.", &k);
        let leads: Vec<String> = a.facts.iter().map(|f| a.ents.get(f.subject).label.clone()).collect();
        assert_eq!(leads, ["Saudi Arabia", "United Arab Emirates"]);
    }

    #[test]
    fn scene_state_forces_act() {
        let k = k();
        let text = "Syrian troops took Qusayr. Syrian rebels fled Qusayr. Fighting in Syria went on.";
        let l = labels(text, &k);
        assert!(l.iter().any(|(t, e)| t == "Syrian" && e == "Syria"), "{l:?}");
        assert_eq!(l.iter().filter(|(t, _)| t == "Syrian").count(), 1, "{l:?}");
    }

    #[test]
    fn spellings_resolve_to_one_entity() {
        let k = k();
        let l = labels("Hifter met Hafter. Kadhafi and Qaddafi. The LNA and the Libyan National Army.", &k);
        let names: Vec<&str> = l.iter().map(|(_, e)| e.as_str()).collect();
        assert_eq!(names, ["Khalifa Haftar", "Khalifa Haftar", "Muammar Gaddafi", "Muammar Gaddafi", "Libyan National Army", "Libyan National Army"]);
    }

    #[test]
    fn acronyms_need_their_case() {
        let k = k();
        let l = labels("It is what it is, said IS.", &k);
        assert_eq!(l.iter().filter(|(_, e)| e == "Islamic State").count(), 1);
    }

    #[test]
    fn titles_mint_people_and_fold_into_mentions() {
        let k = k();
        let a = analyse("Kremlin spokesman Dmitry Peskov spoke. Colonel Ahmed Zuwari said it. Zuwari left.", &k);
        let l: Vec<_> = a.mentions.iter().map(|m| a.ents.get(m.ent).label.clone()).collect();
        assert_eq!(l, ["Dmitry Peskov", "Ahmed Zuwari", "Ahmed Zuwari"]);
        assert_eq!(a.facts.len(), 1);
        assert_eq!(a.facts[0].predicate, Predicate::MemberOf);
        assert_eq!(a.ents.get(a.facts[0].object).label, "Russia");
    }

    #[test]
    fn capital_is_a_country_unless_it_is_the_scene() {
        let k = k();
        let l = labels("Fighting raged in Tripoli, Libya. Moscow denied it.", &k);
        assert_eq!(l[0].1, "Tripoli");
        assert_eq!(l[2].1, "Russia");
    }

    #[test]
    fn pronouns_and_descriptions() {
        let k = k();
        let l = labels("The UN Security Council met. The council said it was worried. Haftar's forces advanced.", &k);
        let names: Vec<&str> = l.iter().map(|(_, e)| e.as_str()).collect();
        assert_eq!(names, ["UN Security Council", "UN Security Council", "UN Security Council", "Libyan National Army"]);
    }
}
