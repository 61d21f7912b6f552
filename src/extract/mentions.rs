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
use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::{CaseRule, Ent, Knowledge, LabelKind, TitleClass};
use crate::text::{self, Sentence};
use crate::vocab::{self, EntityType, Predicate};

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

const ORG_HEADS: &str = "Army|Forces|Force|Council|Ministry|Group|Party|Front|Brigade|Brigades|Militia|Movement|Agency|Command|Corps|Committee|Organization|Organisation|Union|Alliance|Coalition|Battalion|Office|Department|Authority|Bank|Company|Corporation|Court|Parliament|Assembly|Guard|Guards|Police|Network|Crescent|Mission|Service|Commission|Division|Regiment|Battalions|Revolutionaries|Tribunal|Cabinet|Government|Administration|Institute|Foundation|Observatory|Association|Federation|League|Congress|Senate|Mechanism|Secretariat|Quartet|Troika|Panel|Taskforce|Consortium";
const PLACE_CUES: &str = r"(?:(?:town|city|village|district|region|province|suburb|port|outskirts|neighbou?rhood|area|oasis|governorate|municipality|state|county|enclave|settlement|capture|recapture|seizure|fall|siege|liberation|shelling|bombardment|bombing|battle)\s+of|\b(?:captured|recaptured|seized|overran|retook|took\s+(?:full\s+)?control\s+of|taken\s+(?:full\s+)?control\s+of|control\s+over|advanced\s+on|stormed|shelled|besieged|pushed\s+into|withdrew\s+from|retreated\s+from|pulled\s+out\s+of|fled))\s+$";
const FORCE_NOUNS: &str = "forces|fighters|troops|units|militias|militia|militiamen|soldiers|loyalists|gunmen|army|men|force|brigades";

static NAME_SEQ: LazyLock<Regex> = LazyLock::new(|| {
    let tok = r"(?:(?:al|el|ad|as|ash|abu|bin|ibn|de|van|von|der|la|le)[-\s])?[A-Z][A-Za-z]*(?:-[A-Za-z]+)*";
    Regex::new(&format!(r"\b{tok}(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{tok})*")).unwrap()
});
static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][\w.]*-)*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-led\s+(coalition|alliance|forces|force|mission|bloc|campaign)\b").unwrap()
});
static PERSONS_GOVERNMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^['’]s\s+(?:(?:own|new|interim|transitional|internationally[\s-]recogni[sz]ed)\s+)?(government)\b").unwrap());
static GOV_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:government|administration|cabinet)$").unwrap());
static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:led|headed|commanded|chaired|founded|run)\s+by|\bunder\s+the\s+(?:command|leadership)\s+of|\b(?:spokesman|spokeswoman|spokesperson|minister|envoy|ambassador|commander|official|adviser|advisor|representative)\s+(?:for|of|to|at)\s+[^,;]{1,60},)\s+$").unwrap()
});
static PLACE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){PLACE_CUES}")).unwrap());
static PLACE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:International\s+)?(?:Airport|airport|air\s+base|Air\s+Base|airbase|Airbase)\b").unwrap());
/// "the Quad countries", "the Troika nations": a group of states named by a word of its own.
static STATES_GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:countries|nations|member states)\s+\(").unwrap());
static ORG_HEAD_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b(?:{ORG_HEADS})$")).unwrap());
/// The body noun after an organization's name: "(AU) mediation team", "(UN) expert panel".
static BODY_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:[a-z][a-z-]+ )?(?:team|panel|committee|delegation|task force|secretariat|mechanism)\b").unwrap());
/// "Iran-backed", "Russian-aligned": a backer's compound before a group noun.
static BACKED_MODIFIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[A-Z][\w.]*-(?:{BACKER_SUFFIXES})$")).unwrap());
static GENERIC_FORCE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:the|national|armed|regular|special|security|defen[cs]e|air|naval|land|ground|federal|government|military|police|forces?|army|navy|troops)\s*)+$").unwrap()
});
static FORCES_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^['’]s\s+(?:[\w.-]+\s+){{0,2}}?(?:{FORCE_NOUNS})\b")).unwrap()
});
static FORCES_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{FORCE_NOUNS}|groups)\s+(?:of|loyal\s+to|allied\s+(?:with|to)|under|backing|supporting|aligned\s+(?:with|to))\s+(?:the\s+)?(?:[\w.-]+\s+){{0,4}}?$"
    ))
    .unwrap()
});
static SEAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:government|administration|authorities|authority|parliament|cabinet)\s+(?:based\s+)?in\s+(?:[\w'’-]+\s+){0,4}?$").unwrap()
});
static SEAT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^-based\s+(?:[\w-]+\s+)?(?:government|administration|authorities|parliament|cabinet)\b").unwrap());
/// The participles that make "X-backed" a backer's compound.
const BACKER_SUFFIXES: &str = "backed|supported|sponsored|funded|armed|aligned|allied";
static BACKED_BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^-({BACKER_SUFFIXES})\s+$")).unwrap());
static COMPOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|[\s'’])([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-({BACKER_SUFFIXES})\b")).unwrap()
});
/// Modifiers that make "the X group" an armed group.
static ARMED_GROUP_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:militant|jihadist|rebel|insurgent|extremist|terrorist|armed|islamist|separatist|paramilitary)$").unwrap());
/// Labels of organizations that are no armed group: coalitions, states' and international bodies.
static STATE_OR_INTERNATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:coalition|council|union|nations|mission|government|ministry|league|community|organi[sz]ation|court|administration|parliament|assembly|agency|bank|fund|committee|office)\b").unwrap()
});
static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|The)\s+(?:([A-Za-z.-]+)\s+)?(council|ministry|department|mission|agency|command|government|administration|court|parliament|coalition|alliance|bloc|body|organi[sz]ation|capital|country|facility|airport|base|group|rebels|militants|insurgents|jihadists|militia|paramilitaries|separatists|movement|junta|army|military|city|town|village)\b").unwrap()
});
static COALITION_FORCES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Cc]oalition\s+(?:forces|troops|warplanes|jets|aircraft|planes|airstrikes|strikes|spokesman|officials)\b").unwrap());
/// "government forces", "central government forces", "loyalist fighters": the scene's
/// government ("Gaddafi loyalist forces" name their leader: that name is a mention, so skipped).
static GOVERNMENT_FORCES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[A-Z][a-z]+\s+)?(?:(?:(?:[Cc]entral|[Nn]ational|[Ff]ederal)\s+)?[Gg]overnment|[Ff]ederal|[Ll]oyalist)\s+(?:forces|troops|soldiers|fighters|army|units)\b").unwrap());
static PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Ii]t|[Ii]ts|[Tt]hey|[Tt]heir|[Ww]e|[Oo]ur|I|[Mm]y)\b").unwrap());
static EXPLETIVE_IT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:is|was|'s|seems|seemed|remains|remained)\s+(?:not\s+)?(?:possible|likely|unlikely|unclear|clear|important|necessary|time|hard|difficult|too|impossible|true|known|expected|thought|believed|reported|said|feared)\b").unwrap()
});
static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:['’]s\s+(?:statement|spokesman|office)\s+)?\s*(?:\w+\s+)?(?:said|says|added|told|wrote|tweeted|stated|announced|declared|warned)\b").unwrap()
});
static SPEECH_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:said|says|added|told\s+\w+|wrote|tweeted|stated|announced|declared|warned)\s*$").unwrap());

static ACTOR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:accused|accuses|accusing|condemned|condemns|urged|urges|called on|calls on|warned|warns|blamed|blames|critici[sz]ed|critici[sz]es|sanctioned|pressed|supporting|backing|arming|supplying|helping|supports|backs|arms|backed|supported|armed)\s+$").unwrap()
});
static ACTOR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:has\s+|had\s+)?(?:said|says|denied|denies|accused|accuses|announced|warned|insisted|claimed|rejected|responded|condemned|called)\b").unwrap()
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:,[^()\n]{0,30})?\s*(?:\([A-Za-z .]{2,20}\)|[—–-])").unwrap());
static PLACE_PREP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:in|at|near|outside|around|inside|within|across|through|into|toward|towards)\s+(?:the\s+)?(?:[a-z-]+\s+)?|\b(?:travell?ed|went|flew|returned|came|moved|headed|arrived|trip|visit|visits|visited|journey|way|road|march|advance|advanced|push|pushed)\s+(?:back\s+)?to\s+|\b(?:shelling|bombing|bombardment|siege|capture|fall|outskirts|streets|suburbs|centre|center|battle|defence|defense|control|seizure|takeover|recapture|liberation)\s+(?:of|for|over)\s+|\b(?:seized?|seizes|seizing|captured?|captures|capturing|took|take|takes|taking|retook|retake|recaptured?|overran|overrun|stormed|storm|entered|enter|entering|besieged?|surrounded|encircled|shelled|bombed|struck|attacked|fled|evacuated|reached|liberated|abandoned)\s+)$").unwrap()
});
/// The complement of a title that holds "of": "of Defense", "of the Office of the Commander-in-Chief".
static TITLE_COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    let word = format!(r"(?:{ORG_HEADS}|{PORTFOLIOS}|Chiefs?|Commander-in-Chief|Staff|Operations|Joint|General|Room|High|Supreme|Armed|Air|Navy|Naval|Land|Ground|Special|Republican|Presidential|National|Foreign|Internal|External|Public|Civil|Military|Intelligence|Security|Affairs)");
    Regex::new(&format!(r"^(?:(?:of|for)\s+(?:the\s+)?{word}(?:\s+(?:and\s+|of\s+(?:the\s+)?|for\s+(?:the\s+)?)?{word})*\s+)+")).unwrap()
});
/// After a demonym: the state's armed forces or officials ("Syrian government troops").
static STATE_ORGAN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // "government" and "federal forces" are left to the scene-government descriptions
    Regex::new(r"^\s+(?:(?:security|armed|regular|special|regime)\s+)?(?:army|armed\s+forces|troops|soldiers|military|regime|air\s+force|navy|warplanes|(?:fighter\s+)?jets|aircraft|security\s+forces|(?:air|drone|missile)\s*strikes?|strikes|drones|missiles|artillery|shelling|bombardment|warships|gunships|helicopters|tanks|(?:(?:air|land|ground|naval|support)\s+(?:and\s+)?)+(?:units|forces|assets))\b").unwrap()
});
/// Between a demonym and the organization it qualifies: a space, perhaps one adjective.
static DEMONYM_MODIFIES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:(?:Shia|Shiite|Sunni|Islamist|Kurdish|militant|armed|rebel|jihadist|paramilitary|powerful|elite)\s+)?$").unwrap());
/// Capitalised words that qualify a group's name rather than end a person's ("Shia Hizbullah").
static GROUP_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Shia|Shiite|Shi'ite|Sunni|Islamist|Jihadist|Salafist|Christian|Muslim|Islamic|Arab|Druze|Alawite|Tuareg|Tigrayan|Amhara|Oromo|Pashtun|Hazara|Baloch|Yazidi|Kurdish|Tamil|Rohingya|Hutu|Tutsi|Somali|Fulani|Nuer|Dinka|Masalit|Zaghawa|Pro-\w+|Anti-\w+|Rival|Rebel|Militant|Allied|Loyalist)$").unwrap()
});
/// Ministers' portfolios, as in "Minister of Defense".
const PORTFOLIOS: &str = "Defen[cs]e|Interior|Justice|Finance|Economy|Health|Education|Information|Communications?|Energy|Oil|Petroleum|Trade|Commerce|Agriculture|Labou?r|Transport|Planning|Culture|Tourism|Youth|Sports?|Religious|Endowments|Water|Electricity|Housing|Industry|Mines|Interior|State|Cooperation|Integration|Reconciliation|Displacement|Refugees|Humanitarian|Women|Social|Welfare|Veterans|Media|Diaspora|Emergency|Emergencies";
static FORMER_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:former|ex|late|then)[\s-]+$").unwrap());
static FORMER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:former|ex|late|then|acting|designate|elect)\b").unwrap());
/// "the president of Chad": a title with its organization named right after.
static TITLE_OF_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:of|for)\s+(?:the\s+)?[A-Z]").unwrap());
static SUBNATIONAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:regional|local|provincial|state|municipal|city|county|district|autonomous|breakaway|rebel|parallel|rival|shadow)$").unwrap());
static GENERIC_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:(?:armed|militant|rebel|jihadist|terrorist|paramilitary|insurgent|separatist|Islamist|extremist|political|opposition)\s+)?(?:group|movement|organi[sz]ation)\b").unwrap()
});
static NON_STATE_ARMY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:rebel|militia|private|mercenary|jihadist|insurgent|separatist|opposition|tribal|clan)$").unwrap());
/// What may follow "the army" or "the military" used as a noun: punctuation, a possessive, a
/// function word or a common verb ("the military said"), not a noun ("the military offensive").
static ARMY_AS_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*[,.;:!?)\x22”’']|\s*$|\s+(?:said|says|say|has|had|have|is|was|were|are|will|would|could|may|might|also|then|and|or|but|in|on|at|of|after|before|for|to|from|with|by|which|that|who|took|seized|launched|announced|denied|claimed|carried|killed|attacked|began|regained|retook|captured|shelled|struck|fired|responded|accused|blamed|rejected|declared|ordered|withdrew|pulled|entered|stormed|sent|lost|fought|[a-z]+ed)\b)").unwrap()
});
static THE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bthe\s+(?:[\w-]+\s+)?$").unwrap());
static OF_NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+of\s+(?:the\s+)?[A-Z]").unwrap());
static REGION_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:province|region|state|governorate|district|county|countryside|valley|desert|mountains?|river|sea|gulf|strip|bank|coast|border|corridor|front)\b").unwrap());
static REGION_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:province|region|state|governorate|district|county|countryside|valley)\b").unwrap());
static BOTH_SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:both\s+(?:sides|parties|camps)|the\s+two\s+(?:warring\s+)?(?:sides|parties)|the\s+warring\s+(?:sides|parties)|each\s+other|one\s+another)\b").unwrap()
});
/// "talks between", "war between the": what comes right before a pair's first name.
static BETWEEN_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$").unwrap());
static PAIR_AND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\s*\([^)]{1,20}\))?,?\s+and\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$").unwrap());
static ARMY_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|[^\w'’-])(?:army|military)\s+$").unwrap());
static ARMY_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:army|military)\s+(?:chief|commander|head|leader)$").unwrap());
/// Words that make a title one of several holders': "deputy leader", "a senior Hamas
/// commander" are members.
const DEPUTY_WORDS: &str = "deputy|vice|assistant|senior|junior|local|regional|field";
static DEPUTY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{DEPUTY_WORDS})\b")).unwrap());
/// Those words before a title ("deputy leader X", lower case).
static DEPUTY_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:(?:{DEPUTY_WORDS})[ -])+")).unwrap());
static INDEFINITE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|\s)(?:an?|one|another)\s+(?:(?:senior|top|prominent|high-ranking|mid-level|military|local|regional|field|powerful|influential|key|leading|notorious|well-known)\s+){0,2}$").unwrap());
static IN_PLACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:based\s+)?in\s+(?:[\w'’-]+\s+){0,5}?$").unwrap());
static BACKED_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^-(?:backed|supported|sponsored|funded|armed)\b").unwrap());

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

/// "the M23 armed group", "the Hamas militant movement": an organization's name and the
/// generic words after it are one mention (the parser reads "armed" as a verb otherwise).
fn generic_tails(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut [Mention]) {
    for i in 0..ms.len() {
        let m = &ms[i];
        if m.kind != MentionKind::Name || ents.etype(m.ent) != EntityType::Organization {
            continue;
        }
        let limit = ms.get(i + 1).map_or(sentences[m.sent].end, |n| n.start.min(sentences[m.sent].end));
        if let Some(t) = GENERIC_TAIL.find(&text[m.end..limit]) {
            ms[i].end += t.end();
        }
    }
}

/// "the African Union mediation team", "the AU panel": an organization's name and a body noun
/// after it name that body, minted as one organization (the title "head of the African Union
/// mediation team" leads the team, not the Union).
fn bodies(text: &str, sentences: &[Sentence], ents: &mut DocEntities, ms: &mut [Mention]) {
    for i in 0..ms.len() {
        let m = &ms[i];
        if m.kind != MentionKind::Name || ents.etype(m.ent) != EntityType::Organization {
            continue;
        }
        let limit = ms.get(i + 1).map_or(sentences[m.sent].end, |n| n.start.min(sentences[m.sent].end));
        if let Some(t) = BODY_TAIL.find(&text[m.end..limit]) {
            let end = m.end + t.end();
            let ent = ents.mint(EntityType::Organization, &text[m.start..end]);
            ms[i].end = end;
            ms[i].ent = ent;
        }
    }
}

/// "both sides", "the two parties", "the warring parties", "each other": the two actors named
/// last as a pair ("talks between the Sudanese army and the Rapid Support Forces", "war between
/// X and Y") in this sentence or an earlier one; nothing where no pair was named. The mention
/// names the first; the second is returned, by the mention's start.
fn pairs(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) -> Vec<(usize, EntRef)> {
    let mut seconds = Vec::new();
    if !text.contains("both") && !text.contains("two") && !text.contains("warring") {
        return seconds;
    }
    let actor = |e: EntRef| matches!(ents.etype(e), EntityType::Organization | EntityType::Country);
    let mut last: Option<(EntRef, EntRef)> = None;
    let mut added = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let hay = &text[s.start..s.end];
        let in_s = &ms[starting_in(ms, s.start, s.end)];
        // the pairs this sentence names, in order, and the "both sides" phrases
        let mut events: Vec<(usize, Option<(EntRef, EntRef)>)> = Vec::new();
        for w in in_s.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if a.ent != b.ent && actor(a.ent) && actor(b.ent) && BETWEEN_BEFORE.is_match(&text[s.start..a.start]) && PAIR_AND.is_match(&text[a.end..b.start]) {
                events.push((a.start, Some((a.ent, b.ent))));
            }
        }
        for c in BOTH_SIDES.find_iter(hay) {
            events.push((s.start + c.start(), None));
        }
        events.sort_by_key(|e| e.0);
        for (pos, ev) in events {
            match ev {
                Some(p) => last = Some(p),
                None => {
                    let Some((x, y)) = last else { continue };
                    let c = BOTH_SIDES.find_at(hay, pos - s.start).unwrap();
                    let (a, b) = (s.start + c.start(), s.start + c.end());
                    if !overlaps(ms, a, b) {
                        added.push(Mention { start: a, end: b, ent: x, kind: MentionKind::Description, sent: si });
                        seconds.push((a, y));
                    }
                }
            }
        }
    }
    // inserted in place (each was checked not to overlap), the others left as they are
    for m in added {
        let at = ms.partition_point(|x| x.start < m.start);
        ms.insert(at, m);
    }
    seconds.sort_by_key(|p| p.0);
    seconds
}

/// "his spokesman Stephane Dujarric", "its envoy X", "the group's deputy leader, X": a member's
/// title after a possessive pronoun, or after a description's "'s", makes the titled person a
/// member of what the possessor names; a leader's title ("its leader, X", "the movement's
/// commander X") makes the person lead an organization (a state only for a head's title), and
/// a deputy's title ("deputy leader", "senior commander") a member of the organization.
fn possessive_titles(text: &str, ents: &DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) {
    for w in ms.windows(2) {
        let (p, m) = (&w[0], &w[1]);
        if p.sent != m.sent || ents.etype(m.ent) != EntityType::Person || p.ent == m.ent {
            continue;
        }
        let gap = &text[p.end..m.start];
        let possessor = match p.kind {
            MentionKind::Pronoun => gap == " " && matches!(text[p.start..p.end].to_lowercase().as_str(), "his" | "her" | "its" | "their"),
            MentionKind::Description => gap == "'s " || gap == "’s ",
            _ => false,
        };
        if !possessor || !matches!(ents.etype(p.ent), EntityType::Person | EntityType::Organization | EntityType::Country) {
            continue;
        }
        let words = text[m.start..m.end].to_lowercase();
        // "deputy leader", "senior commander": one of several who hold the title
        let bare = DEPUTY_PREFIX.find(&words).map_or(words.as_str(), |d| &words[d.end()..]);
        let deputy = bare.len() < words.len();
        let title = ents.k.titles.iter().filter(|(t, _)| bare.starts_with(t.as_str()) && bare[t.len()..].starts_with([' ', ','])).max_by_key(|(t, _)| t.len());
        let Some((title, class)) = title else { continue };
        if FORMER.is_match(title) || FORMER.is_match(&text[p.start..m.start]) {
            continue;
        }
        let org = matches!(ents.etype(p.ent), EntityType::Organization);
        let country = ents.etype(p.ent) == EntityType::Country;
        let (predicate, rule) = match class {
            TitleClass::Member => (Predicate::MemberOf, MentionRule::TitleMember),
            TitleClass::Head | TitleClass::Chief if deputy && org => (Predicate::MemberOf, MentionRule::TitleMember),
            TitleClass::Head if !deputy && (org || country) => (Predicate::Leads, MentionRule::TitleLead),
            TitleClass::Chief if !deputy && org => (Predicate::Leads, MentionRule::TitleLead),
            _ => continue,
        };
        facts.push(MentionFact { sent: m.sent, subject: m.ent, predicate, object: p.ent, rule });
    }
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

/// The ASCII letter a look-alike stands for (Cyrillic "С" in a Latin name), and the plain
/// apostrophe for the curly one, so known names match however the text was typed.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A', 'В' | 'Β' => 'B', 'Е' | 'Ε' => 'E', 'К' | 'Κ' => 'K', 'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H', 'О' | 'Ο' => 'O', 'Р' | 'Ρ' => 'P', 'С' => 'C', 'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X', 'І' | 'Ι' => 'I', 'Ј' => 'J', 'Ѕ' => 'S', 'Ζ' => 'Z', 'Ν' => 'N', 'Υ' => 'Y',
        'а' => 'a', 'е' => 'e', 'о' | 'ο' => 'o', 'р' => 'p', 'с' => 'c', 'у' => 'y', 'х' => 'x',
        'і' => 'i', 'ј' => 'j', 'ѕ' => 's', '’' | 'ʼ' | '‘' => '\'',
        _ => return None,
    })
}

/// `hay` with look-alike letters folded, and for each byte of the folded text the byte of
/// `hay` it came from (one more entry for the end); `None` when nothing needs folding.
fn fold_lookalikes(hay: &str) -> Option<(String, Vec<usize>)> {
    if hay.is_ascii() || !hay.chars().any(|c| lookalike(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(hay.len());
    let mut map = Vec::with_capacity(hay.len() + 1);
    for (i, c) in hay.char_indices() {
        let f = lookalike(c).unwrap_or(c);
        map.extend(std::iter::repeat_n(i, f.len_utf8()));
        out.push(f);
    }
    map.push(hay.len());
    Some((out, map))
}

fn known_names(text: &str, s: &Sentence, si: usize, k: &Knowledge, ms: &mut Vec<Mention>) {
    let folded = fold_lookalikes(&text[s.start..s.end]);
    let (hay, at): (&str, &dyn Fn(usize) -> usize) = match &folded {
        Some((f, map)) => (f.as_str(), &|i| map[i]),
        None => (&text[s.start..s.end], &|i| i),
    };
    let mut pos = 0;
    while pos < hay.len() {
        let input = aho_corasick::Input::new(hay).span(pos..hay.len());
        let Some(m) = k.matcher.find(input) else { break };
        let (a, b) = (m.start(), m.end());
        let matched = &hay[a..b];
        let left_ok = !is_word_char(hay[..a].chars().next_back());
        let right_ok = !is_word_char(hay[b..].chars().next()) || !is_word_char(matched.chars().next_back());
        let candidate = if left_ok && right_ok {
            k.patterns[m.pattern().as_usize()].iter().find(|(_, _, case)| case_ok(*case, matched))
        } else {
            None
        };
        match candidate {
            Some(&(idx, kind, _)) => {
                // "the Tripoli-based Government of National Unity": a name that starts inside a
                // description and runs past its end is what the text names
                if kind == LabelKind::Description {
                    let next = k.matcher.find(aho_corasick::Input::new(hay).span(a + 1..hay.len()));
                    if let Some(n) = next.filter(|n| n.start() < b && n.end() > b) {
                        let nm = &hay[n.start()..n.end()];
                        let bounded = !is_word_char(hay[..n.start()].chars().next_back()) && !is_word_char(hay[n.end()..].chars().next());
                        if bounded && k.patterns[n.pattern().as_usize()].iter().any(|(_, kd, case)| *kd == LabelKind::Name && case_ok(*case, nm)) {
                            pos = n.start();
                            continue;
                        }
                    }
                }
                let kind = match kind {
                    LabelKind::Name => MentionKind::Name,
                    LabelKind::Demonym => MentionKind::Demonym,
                    LabelKind::Description => MentionKind::Description,
                };
                ms.push(Mention { start: s.start + at(a), end: s.start + at(b), ent: idx, kind, sent: si });
                pos = b;
            }
            None => {
                // try again one character later: a shorter name may start inside
                pos = a + hay[a..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

/// Whether the matched text's case fits the label's rule (the matcher ignores ASCII case).
fn case_ok(case: CaseRule, matched: &str) -> bool {
    match case {
        CaseRule::Any => true,
        CaseRule::Capitalised => matched.chars().next().is_some_and(|c| c.is_uppercase()),
        // acronyms: "IS" is the group, "is" is a verb
        CaseRule::Exact => matched.chars().all(|c| !c.is_lowercase()),
    }
}

fn unknown_names(text: &str, s: &Sentence, si: usize, k: &Knowledge, ents: &mut DocEntities, ms: &[Mention], added: &mut Vec<Mention>) {
    let hay = &text[s.start..s.end];
    let here = &ms[starting_in(ms, s.start, s.end)];
    // only the stretches no known name covers: "Iranian Foreign Minister X" → "Foreign Minister X"
    let mut segments = Vec::new();
    let mut pos = 0;
    for m in here {
        segments.push((pos, m.start - s.start));
        pos = m.end - s.start;
    }
    segments.push((pos, hay.len()));
    for (seg_a, seg_b) in segments {
        for m in NAME_SEQ.find_iter(&hay[seg_a..seg_b]) {
            let (a, b) = (seg_a + m.start(), seg_a + m.end());
            // "Syrian National Army": a demonym right before an organization's name is part of it
            // (the longer mention replaces the demonym when mentions are sorted)
            // and so is a place's or a country's name ("Tigray Revolutionary Front")
            let demonym = here.iter().find(|d| {
                (d.kind == MentionKind::Demonym || d.kind == MentionKind::Name && matches!(ents.etype(d.ent), EntityType::Place | EntityType::Country))
                    && d.end - s.start + 1 == a
                    && hay[d.end - s.start..a] == *" "
            });
            // ("Iraqi Government units": a state's generic body is the state's, not a new name)
            if let Some(d) = demonym.filter(|_| !GENERIC_FORCE_NAME.is_match(&hay[a..b])) {
                let da = d.start - s.start;
                if let Some((_, fb, ent)) = unknown_name(hay, da, b, k, ents).filter(|f| ents.etype(f.2) == EntityType::Organization) {
                    added.push(Mention { start: s.start + da, end: s.start + fb, ent, kind: MentionKind::Name, sent: si });
                    continue;
                }
            }
            if let Some(found) = unknown_name(hay, a, b, k, ents) {
                added.push(Mention { start: s.start + found.0, end: s.start + found.1, ent: found.2, kind: MentionKind::Name, sent: si });
            }
        }
    }
}

/// Type a capitalised sequence `hay[a..b]` by its context; mint it if it is a name.
fn unknown_name(hay: &str, mut a: usize, mut b: usize, k: &Knowledge, ents: &mut DocEntities) -> Option<(usize, usize, EntRef)> {
    let mut name = &hay[a..b];
    // a leading "The"/"But" is not part of a name
    for lead in ["The ", "A ", "An ", "But ", "And ", "In ", "On ", "At ", "By ", "Meanwhile "] {
        if let Some(rest) = name.strip_prefix(lead) {
            a += lead.len();
            name = rest;
        }
    }
    // leading titles ("Colonel Ahmed Zuwari") are context, not name
    while let Some(t) = k.titles.iter().find(|(t, _)| {
        name.len() > t.len() && name.is_char_boundary(t.len()) && name[..t.len()].eq_ignore_ascii_case(t) && name[t.len()..].starts_with([' ', '.'])
    }) {
        let cut = t.0.len() + name[t.0.len()..].len() - name[t.0.len()..].trim_start_matches(['.', ' ']).len();
        a += cut;
        name = &name[cut..];
    }
    // "Deputy Minister of Defense X", "Director of the Office of the Commander-in-Chief X": the
    // title's complement is part of the title, not of the name
    let titled = a > 0 && k.title_before.is_match(&hay[..a]);
    if titled {
        if let Some(c) = TITLE_COMPLEMENT.find(name) {
            if c.end() < name.len() {
                a += c.end();
                name = &name[c.end()..];
            }
        }
    }
    if name.len() < 3 || k.title_class(name.trim_end_matches('.')).is_some() || name.starts_with("of ") || name.starts_with("for ") {
        return None;
    }
    // "Sudan's Armed Forces": generic words name nobody; the owner's forces are found later
    if GENERIC_FORCE_NAME.is_match(name) {
        return None;
    }
    let before = &hay[..a];
    let etype = if (titled || k.title_before.is_match(before) || PERSON_CUE.is_match(before)) && !ORG_HEAD_END.is_match(name) {
        EntityType::Person
    } else if ORG_HEAD_END.is_match(name) && name.contains(' ') {
        EntityType::Organization
    } else if PLACE_BEFORE.is_match(before) {
        EntityType::Place
    } else if STATES_GROUP_AFTER.is_match(&hay[b..]) && !name.contains(' ') {
        EntityType::Organization
    } else if let Some(sfx) = PLACE_AFTER.find(&hay[b..]) {
        b += sfx.end();
        name = &hay[a..b];
        EntityType::Place
    } else {
        return None;
    };
    // "Mohamed Hamdan Daglo": a known person's name in another transliteration
    if etype == EntityType::Person {
        if let Some(known) = k.person_by_skeleton(name) {
            return Some((a, b, known));
        }
    }
    Some((a, b, ents.mint(etype, name)))
}

/// "Therese Kayikwamba Wagner" is a person, not the Wagner Group: a one-word organization name
/// right after a capitalised word that names nothing is the end of someone's name.
fn surname_collisions(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
    let mut drop = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        let word = &text[m.start..m.end];
        if ents.etype(m.ent) != EntityType::Organization || word.contains(' ') || !word.starts_with(char::is_uppercase) || word.chars().all(|c| !c.is_lowercase()) {
            continue;
        }
        let s = &sentences[m.sent];
        let before = &text[s.start..m.start];
        let Some(prev) = before.strip_suffix(' ').and_then(|b| b.rsplit(' ').next()) else { continue };
        let prev_start = m.start - 1 - prev.len();
        let named = i > 0 && ms[i - 1].end > prev_start;
        let is_name_word = prev.len() > 2 && prev.starts_with(char::is_uppercase) && prev.chars().skip(1).all(|c| c.is_lowercase() || c == '-');
        if is_name_word && !named && prev_start > s.start && !matches!(prev, "The" | "A" | "An") && !GROUP_ADJECTIVE.is_match(prev) {
            drop.push(i);
        }
    }
    for i in drop.into_iter().rev() {
        ms.remove(i);
    }
}

/// "the internationally recognized government" names the GNA only in an article that speaks of
/// Libya: a description of an actor tied to a country counts where that country is present.
fn descriptions_need_their_country(text: &str, ents: &DocEntities, ms: &mut Vec<Mention>) {
    let present: std::collections::HashSet<EntRef> = ms
        .iter()
        .filter(|m| m.kind != MentionKind::Description)
        .filter_map(|m| match ents.etype(m.ent) {
            EntityType::Country => Some(m.ent),
            _ => ents.known(m.ent).and_then(|i| i.country.or(i.capital_of)),
        })
        .collect();
    let k = ents.k;
    // "Haftar's forces" carries its own anchor: a person's name
    let anchored = |m: &Mention| {
        text[m.start..m.end].split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| {
            w.starts_with(char::is_uppercase) && k.lookup_label(w).is_some_and(|e| k.entity(e).ent.etype == EntityType::Person)
        })
    };
    ms.retain(|m| m.kind != MentionKind::Description || anchored(m) || ents.known(m.ent).and_then(|i| i.country).is_none_or(|c| present.contains(&c)));
}

/// "the Saudi-led coalition": an organization named by its leader, minted, with the fact.
fn led_coalitions(text: &str, s: &Sentence, si: usize, ents: &mut DocEntities, ms: &mut Vec<Mention>, facts: &mut Vec<MentionFact>) {
    let hay = &text[s.start..s.end];
    for c in LED_BY.captures_iter(hay) {
        let whole = c.get(0).unwrap();
        let leader = c.get(1).unwrap();
        let kind = c.get(2).unwrap().as_str().to_lowercase();
        let b = s.start + whole.end();
        // the leaders must be known actors (names or demonyms) found there ("The Saudi": "Saudi";
        // "Saudi-UAE-led": both), the last one ending the leader span
        let r = starting_in(ms, s.start + leader.start(), s.start + leader.end());
        let leaders: Vec<usize> = r.filter(|&i| ms[i].end <= s.start + leader.end() && ents.etype(ms[i].ent).is_actor()).collect();
        let Some(&last) = leaders.last() else {
            // a known name that says who leads it ("the US-led coalition" as a name of its own)
            let name = leader.as_str().trim_start_matches("The ").trim_start_matches("A ");
            let at = s.start + leader.end() - name.len();
            let named = ms.iter().find(|m| m.start <= at && m.end >= b && ents.etype(m.ent) == EntityType::Organization).map(|m| m.ent);
            let lead = ents.k.lookup_label(name).map(|l| ents.k.entity(l).capital_of.unwrap_or(l));
            if let (Some(org), Some(lead)) = (named, lead) {
                if ents.etype(lead).is_actor() && lead != org {
                    facts.push(MentionFact { sent: si, subject: lead, predicate: Predicate::Leads, object: org, rule: MentionRule::LeadsCompound });
                }
            }
            continue;
        };
        if ms[last].end != s.start + leader.end() {
            continue;
        }
        let a = ms[leaders[0]].start;
        let leads: Vec<EntRef> = leaders.iter().map(|&i| ms[i].ent).collect();
        for &i in leaders.iter().rev() {
            ms.remove(i);
        }
        if kind.starts_with("force") && leads.len() == 1 {
            // "Turkish-led forces" are the leader's own forces
            let at = ms.partition_point(|m| m.start < a);
            ms.insert(at, Mention { start: a, end: b, ent: leads[0], kind: MentionKind::Name, sent: si });
            continue;
        }
        let org = ents.mint(EntityType::Organization, &format!("{}-led {}", &text[a..s.start + leader.end()], kind));
        let at = ms.partition_point(|m| m.start < a);
        ms.insert(at, Mention { start: a, end: b, ent: org, kind: MentionKind::Name, sent: si });
        for lead in leads {
            facts.push(MentionFact { sent: si, subject: lead, predicate: Predicate::Leads, object: org, rule: MentionRule::LeadsCompound });
        }
    }
}

/// Later mentions of a minted person (or of a known one in another spelling) by surname ("Gnounou" after "Mohamed Gnounou").
fn surnames(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
    let mut names: Vec<(String, EntRef)> = Vec::new();
    for m in ms.iter() {
        // a minted person, or a known one named in a spelling the knowledge lacks ("Mohamed
        // Hamdan Daglo", then "Daglo")
        let minted = m.ent >= ents.k.entities.len();
        if ents.etype(m.ent) == EntityType::Person && m.kind == MentionKind::Name {
            let label = if minted { ents.get(m.ent).label.as_str() } else { &text[m.start..m.end] };
            let known_alias = |l: &str| !minted && ents.k.lookup_label(l).is_some();
            if let Some(last) = label.split_whitespace().last().filter(|l| l.len() > 3 && label.contains(' ') && l.starts_with(char::is_uppercase) && !known_alias(l)) {
                if !names.iter().any(|(n, _)| n == last) {
                    names.push((last.to_string(), m.ent));
                }
            }
        }
    }
    let mut added = Vec::new();
    for (name, r) in names {
        for (pos, _) in text.match_indices(name.as_str()) {
            let end = pos + name.len();
            let left_ok = !is_word_char(text[..pos].chars().next_back());
            let right_ok = !is_word_char(text[end..].chars().next());
            if !left_ok || !right_ok || overlaps(ms, pos, end) {
                continue;
            }
            let si = sentences.partition_point(|s| s.end < end);
            if sentences.get(si).is_some_and(|s| s.start <= pos) {
                added.push(Mention { start: pos, end, ent: r, kind: MentionKind::Name, sent: si });
            }
        }
    }
    ms.extend(added);
    sort(ms);
}

/// The country a document is about: most mentioned, counting its places.
fn main_country(ents: &DocEntities, ms: &[Mention]) -> Option<EntRef> {
    let mut counts: HashMap<EntRef, usize> = HashMap::new();
    for m in ms {
        let c = match ents.etype(m.ent) {
            EntityType::Country => Some(m.ent),
            // a capital alone does not make its country the scene: "Moscow said" is metonymy
            EntityType::Place => ents.known(m.ent).filter(|i| i.capital_of.is_none()).and_then(|i| i.country),
            // the country an organization belongs to (the LNA: Libya) points at the scene too
            EntityType::Organization => ents.known(m.ent).and_then(|i| i.country),
            _ => None,
        };
        if let Some(c) = c {
            // where things happen says more about the scene than who is named
            *counts.entry(c).or_default() += if ents.etype(m.ent) == EntityType::Place { 2 } else { 1 };
        }
    }
    counts.into_iter().max_by_key(|&(c, n)| (n, std::cmp::Reverse(c))).map(|(c, _)| c)
}

/// "Moscow said" means Russia; the capital of the country the article is about stays a place,
/// and so does any capital after a preposition ("traveled to Moscow", "the shelling of Kyiv").
fn capital_metonymy(text: &str, ents: &DocEntities, main: Option<EntRef>, ms: &mut [Mention]) {
    for m in ms.iter_mut() {
        if let Some(c) = ents.known(m.ent).and_then(|i| i.capital_of) {
            let from = text[..m.start].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
            // "BEIRUT (AP) -": a dateline is where the story was filed, not an actor
            let dateline = DATELINE.is_match(&text[m.end..]) && text[..m.start].trim_end_matches([' ', '\t']).ends_with(['\n']) || (m.start == 0 && DATELINE.is_match(&text[m.end..]));
            // "Sudan accuses Addis Ababa", "Damascus denied": even the scene's capital acts
            let acting = ACTOR_BEFORE.is_match(&text[from..m.start]) || ACTOR_AFTER.is_match(&text[m.end..]);
            if (Some(c) != main || acting) && !dateline && !PLACE_PREP.is_match(&text[from..m.start]) {
                m.ent = c;
            }
        }
    }
}

/// "Libyan forces" in an article about Libya are any Libyan side, not the state: demonyms of
/// the scene's country are dropped, once titles ("Libyan leader X") have used theirs.
/// The state's own organs act for it even where the story is set ("Syrian troops took the
/// town", "the Rwandan army denied"): those demonyms stay.
/// A demonym that qualifies an organization's name ("their Lebanese Shia Hizbullah allies",
/// "the Iranian Quds Force") describes it and is no actor of its own.
fn drop_scene_demonyms(text: &str, main: Option<EntRef>, ms: &mut Vec<Mention>, ents: &DocEntities) {
    let modifier: Vec<bool> = (0..ms.len())
        .map(|i| {
            ms[i].kind == MentionKind::Demonym
                && ms.get(i + 1).is_some_and(|n| {
                    n.sent == ms[i].sent && ents.etype(n.ent) == EntityType::Organization && DEMONYM_MODIFIES.is_match(&text[ms[i].end..n.start])
                })
        })
        .collect();
    let mut i = 0;
    ms.retain(|m| {
        i += 1;
        !modifier[i - 1] && !(m.kind == MentionKind::Demonym && Some(m.ent) == main && !STATE_ORGAN_AFTER.is_match(&text[m.end..]))
    });
}

/// A title's holder in this document, for "the commander", "the secretary-general".
struct TitleHolder {
    title: String,
    person: EntRef,
    org: Option<EntRef>,
    pos: usize,
}

/// Titles before person mentions: facts, the title folded into the mention, a registry.
fn titles(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>, facts: &mut Vec<MentionFact>) -> Vec<TitleHolder> {
    let k = ents.k;
    let mut registry = Vec::new();
    let mut remove = Vec::new();
    for i in 0..ms.len() {
        if ents.etype(ms[i].ent) != EntityType::Person {
            continue;
        }
        let s = &sentences[ms[i].sent];
        let prev = (i > 0 && ms[i - 1].sent == ms[i].sent).then(|| i - 1);
        let from = prev.map_or(s.start, |p| ms[p].end);
        let between = &text[from..ms[i].start];
        // "the Eritrean information minister, Abiy's spokeswoman": a possessor holds no title
        let possessor = text[ms[i].end..].starts_with("'s") || text[ms[i].end..].starts_with("’s");
        // "ORG's title NAME" / "DEMONYM title NAME"
        if let Some(p) = prev.filter(|&p| !possessor && matches!(ents.etype(ms[p].ent), EntityType::Organization | EntityType::Country)) {
            if let Some(c) = k.title_between.captures(between) {
                let title = c.name("title").map_or("", |t| t.as_str());
                let mods = c.name("mods").map_or("", |t| t.as_str());
                let class = first_class(k, title);
                let before_org = &text[text[..ms[p].start].char_indices().rev().nth(12).map_or(0, |(i, _)| i)..ms[p].start];
                let former = FORMER.is_match(mods) || FORMER.is_match(title) || FORMER_END.is_match(before_org);
                let org = ms[p].ent;
                let is_country = ents.etype(org) == EntityType::Country;
                let before_wide = &text[text[..ms[p].start].char_indices().rev().nth(30).map_or(s.start, |(i, _)| i.max(s.start))..ms[p].start];
                let one_of_many = DEPUTY.is_match(mods) || DEPUTY.is_match(title) || DEPUTY.is_match(before_org) || INDEFINITE_END.is_match(before_wide);
                let pred = match class {
                    Some(TitleClass::Head | TitleClass::Chief) if one_of_many && !is_country => Some(Predicate::MemberOf),
                    Some(TitleClass::Head | TitleClass::Chief) if one_of_many => None,
                    Some(TitleClass::Head) => Some(Predicate::Leads),
                    Some(TitleClass::Chief) if mods.trim().is_empty() && !is_country => Some(Predicate::Leads),
                    Some(TitleClass::Chief) if !is_country => Some(Predicate::MemberOf),
                    // "Turkey's communications director X": an official of that state (a
                    // demonym, "Libyan commander X", may name a rebel)
                    Some(TitleClass::Chief) if ms[p].kind == MentionKind::Name && (between.starts_with("'s") || between.starts_with("’s")) => Some(Predicate::MemberOf),
                    Some(TitleClass::Member) => Some(Predicate::MemberOf),
                    _ => None,
                };
                if let (Some(pred), false) = (pred, former) {
                    let rule = if pred == Predicate::Leads { MentionRule::TitleLead } else { MentionRule::TitleMember };
                    facts.push(MentionFact { sent: ms[i].sent, subject: ms[i].ent, predicate: pred, object: org, rule });
                }
                registry.push(TitleHolder { title: title.to_lowercase(), person: ms[i].ent, org: Some(org), pos: ms[i].start });
                ms[i].start = ms[p].start;
                remove.push(p);
                continue;
            }
        }
        if let Some(c) = k.title_before.captures(between) {
            let t = c.name("title").unwrap();
            // "President X" with no country named: X leads the one state the knowledge says
            // X has headed ("former President X", "a president X" are no fact)
            let before = &text[s.start..from + t.start()];
            let whole = |re: &Regex| re.find(t.as_str()).is_some_and(|m| m.start() == 0 && m.end() == t.as_str().len());
            // a title as a name's prefix ("Foreign Minister X"), not a description ("the
            // Tripoli-based interior minister, X", which may be a rival government's)
            let prefix = t.as_str().starts_with(char::is_uppercase) && !THE_END.is_match(before);
            let current = prefix && !possessor && !FORMER_END.is_match(before) && !FORMER.is_match(t.as_str()) && !INDEFINITE_END.is_match(before);
            // "Foreign Minister X": a member of the government of X's state
            if current && whole(&k.lexicon.state_member) {
                if let Some(state) = ents.known(ms[i].ent).and_then(|info| info.country) {
                    facts.push(MentionFact { sent: ms[i].sent, subject: ms[i].ent, predicate: Predicate::MemberOf, object: state, rule: MentionRule::TitleStateMember });
                }
            }
            // "army chief X": X leads the army named before (an organization called an army,
            // armed forces or military); none named, no fact
            let army_title = ARMY_TITLE.is_match(t.as_str()) || (ARMY_BEFORE.is_match(before) && matches!(first_class(k, t.as_str()), Some(TitleClass::Chief | TitleClass::Head)));
            if !possessor && army_title && !FORMER.is_match(before) && !FORMER_END.is_match(before) {
                let army = ms[..i].iter().rev().take(RECENT).find(|m| {
                    ents.etype(m.ent) == EntityType::Organization
                        && ents.known(m.ent).is_some_and(|info| info.names_lc.iter().any(|l| l.contains(" army") || l.contains("armed forces") || l.contains(" military")))
                });
                if let Some(a) = army {
                    facts.push(MentionFact { sent: ms[i].sent, subject: ms[i].ent, predicate: Predicate::Leads, object: a.ent, rule: MentionRule::TitleLead });
                }
            }
            if current && whole(&k.lexicon.state_head) {
                // a rival government's prime minister leads that government, named as his
                // forces ("Prime Minister Fayez al-Serraj" leads the GNA, not Libya)
                if let Some(info) = ents.known(ms[i].ent) {
                    if let (&[state], forces) = (info.head_of.as_slice(), info.forces) {
                        let led = forces.filter(|&f| ents.etype(f) != EntityType::Person).unwrap_or(state);
                        facts.push(MentionFact { sent: ms[i].sent, subject: ms[i].ent, predicate: Predicate::Leads, object: led, rule: MentionRule::TitleHeadOf });
                    }
                }
            }
            registry.push(TitleHolder { title: t.as_str().to_lowercase(), person: ms[i].ent, org: None, pos: ms[i].start });
            ms[i].start = from + t.start();
        }
    }
    for p in remove.into_iter().rev() {
        ms.remove(p);
    }
    registry
}

fn first_class(k: &Knowledge, chain: &str) -> Option<TitleClass> {
    // the chain's first title that is not an honorific decides
    let lc = chain.to_lowercase();
    let mut rest = lc.trim();
    let mut honorific = None;
    while !rest.is_empty() {
        let Some((t, c)) = k.titles.iter().find(|(t, _)| {
            rest.starts_with(t.as_str()) && rest[t.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        }) else {
            break;
        };
        if *c != TitleClass::Honorific {
            return Some(*c);
        }
        honorific = Some(*c);
        rest = rest[t.len()..].trim_start_matches(['.', ',']).trim_start();
    }
    honorific
}

fn descriptions(text: &str, sentences: &[Sentence], ents: &mut DocEntities, registry: &[TitleHolder], main: Option<EntRef>, ms: &mut Vec<Mention>) {
    let k = ents.k;
    let scene_gov = if text.contains("overnment") { scene_government(ents, ms, main) } else { None };
    let mut added: Vec<Mention> = Vec::new();
    // "ORG title" with no name after it: the title's holder ("the UN secretary-general said")
    let mut replace: Vec<(usize, Mention)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if !matches!(ents.etype(m.ent), EntityType::Organization | EntityType::Country) {
            continue;
        }
        let s = &sentences[m.sent];
        let after = text.get(m.end..s.end).unwrap_or("");
        if let Some(c) = k.title_after.captures(after).filter(|c| !after[c.get(0).unwrap().end()..].trim_start().starts_with(|ch: char| ch.is_uppercase())) {
            let title = c.name("title").unwrap().as_str().to_lowercase();
            if let Some(h) = holder(registry, &title, Some(m.ent), m.start) {
                replace.push((i, Mention { start: m.start, end: m.end + c.get(0).unwrap().end(), ent: h, kind: MentionKind::Description, sent: m.sent }));
            }
        }
    }
    for (i, m) in replace.into_iter().rev() {
        ms[i] = m;
    }
    sort(ms);
    for (si, s) in sentences.iter().enumerate() {
        let hay = &text[s.start..s.end];
        // "the commander", "the secretary-general"
        for c in k.the_title.captures_iter(hay) {
            let whole = c.get(0).unwrap();
            let (a, b) = (s.start + whole.start(), s.start + whole.end());
            // a name right after means this is a title, handled above
            // and "the president of Chad" is Chad's president, whoever held a title before; "the
            // Prime Minister-designate" is another title
            if overlaps(ms, a, b) || hay[whole.end()..].trim_start().starts_with(|c: char| c.is_uppercase()) || TITLE_OF_NAME.is_match(&hay[whole.end()..]) || hay[whole.end()..].starts_with('-') {
                continue;
            }
            let title = c.name("title").unwrap().as_str().to_lowercase();
            if let Some(h) = holder(registry, &title, None, a) {
                added.push(Mention { start: a, end: b, ent: h, kind: MentionKind::Description, sent: si });
            }
        }
        for c in DESCRIPTION.captures_iter(hay) {
            let whole = c.get(0).unwrap();
            let (a, b) = (s.start + whole.start(), s.start + whole.end());
            // "the Iran-aligned group": a compound modifier inside is part of the description
            // and "the UN mission": an organization's name as the modifier names its body
            let modifier_span = c.get(1).map(|m| (s.start + m.start(), s.start + m.end()));
            let inside_ok = ms.iter().filter(|m| m.start < b && m.end > a).all(|m| {
                m.start >= a && m.end <= b && (text[m.end..].starts_with('-') || (Some((m.start, m.end)) == modifier_span && ents.etype(m.ent) == EntityType::Organization))
            });
            if !inside_ok || overlaps(&added, a, b) {
                continue;
            }
            // "the Al-Qaeda-linked group JNIM": the name right after is what the phrase names
            let next = ms.partition_point(|m| m.start < b);
            if ms.get(next).is_some_and(|m| m.sent == si && ents.etype(m.ent) == EntityType::Organization && text[b..m.start].trim().is_empty()) {
                continue;
            }
            let modifier = c.get(1).map(|m| m.as_str());
            let noun = c.get(2).unwrap().as_str().to_lowercase();
            // organizations folded into a titled name ("NATO Secretary General X") were named too
            let recent = |pred: &dyn Fn(EntRef) -> bool| {
                let named = ms[..ms.partition_point(|m| m.start < a)].iter().rev().take(RECENT).filter(|m| m.end <= a).find(|m| pred(m.ent)).map(|m| (m.start, m.ent));
                let titled = registry.iter().rev().filter(|h| h.pos < a).find_map(|h| h.org.filter(|&o| pred(o)).map(|o| (h.pos, o)));
                match (named, titled) {
                    (Some(n), Some(t)) => Some(if t.0 > n.0 { t.1 } else { n.1 }),
                    (n, t) => n.or(t).map(|x| x.1),
                }
            };
            let ent = match noun.as_str() {
                // "the capital", "the Libyan capital"; not "the regional capital"
                "capital" if modifier.is_none_or(|m| k.lookup_label(m).is_some()) => {
                    let country = modifier.and_then(|m| k.lookup_label(m)).filter(|&c| k.entity(c).ent.etype == EntityType::Country).or(main);
                    country.and_then(|c| k.entities.iter().position(|e| e.capital_of == Some(c)))
                }
                // "the country's peacekeepers": the actor just named; "in the country": the scene
                "country" if modifier.is_none() && (hay[whole.end()..].starts_with("'s") || hay[whole.end()..].starts_with("’s")) => {
                    recent(&|e| ents.etype(e) == EntityType::Country)
                }
                "country" if modifier.is_none() => main.or_else(|| recent(&|e| ents.etype(e) == EntityType::Country)),
                // "the northern city", "the town": the town or city named lately ("the city of
                // Afrin" names it right after: skipped above); not a region or a country
                "city" | "town" | "village" if modifier.is_none_or(|m| m.chars().next().is_some_and(char::is_lowercase)) && !OF_NAME_AFTER.is_match(&hay[whole.end()..]) => ms[..ms.partition_point(|m| m.start < a)]
                    .iter()
                    .rev()
                    .take(RECENT)
                    .filter(|m| m.end <= a && ents.etype(m.ent) == EntityType::Place && ents.known(m.ent).is_none_or(|i| i.capital_of.is_none()))
                    .find(|m| !REGION_WORD.is_match(&ents.get(m.ent).label) && !REGION_AFTER.is_match(&text[m.end..]))
                    .map(|m| m.ent),
                "facility" | "airport" | "base" if modifier.is_none() => recent(&|e| {
                    ents.etype(e) == EntityType::Place && ["airport", "base", "port"].iter().any(|w| ents.get(e).label.to_lowercase().contains(w))
                }),
                // "the militant group": an armed group, one named with that word if any ("IS
                // militants"), never a coalition, a state body or an international one
                "group" if modifier.is_some_and(|m| ARMED_GROUP_WORD.is_match(m)) => {
                    let stem = modifier.unwrap().to_lowercase();
                    let stem = stem.trim_end_matches('s');
                    ms[..ms.partition_point(|m| m.start < a)]
                        .iter()
                        .rev()
                        .take(RECENT)
                        .filter(|m| m.end <= a && ents.etype(m.ent) == EntityType::Organization)
                        .find(|m| text[m.end..].trim_start().to_lowercase().starts_with(stem))
                        .map(|m| m.ent)
                        .or_else(|| recent(&|e| ents.etype(e) == EntityType::Organization && !STATE_OR_INTERNATIONAL.is_match(&ents.get(e).label)))
                }
                "body" | "bloc" | "alliance" | "organization" | "organisation" | "group" => {
                    recent(&|e| ents.etype(e) == EntityType::Organization)
                }
                "country" | "facility" | "airport" | "base" | "capital" => None,
                // "the rebels" after "M23 rebels": the group last named with that word
                "rebels" | "militants" | "insurgents" | "jihadists" | "militia" | "paramilitaries" | "separatists" if modifier.is_none() => {
                    let noun = noun.clone();
                    let before = &ms[..ms.partition_point(|m| m.start < a)];
                    before.iter().rev().take(RECENT).filter(|m| m.end <= a).find(|m| ents.etype(m.ent) == EntityType::Organization && text[m.end..].trim_start().to_lowercase().starts_with(&noun)).map(|m| m.ent).or_else(|| {
                        // else the nearest armed-group-like organization named earlier in the
                        // same sentence ("the RSF ..., after the Council demanded the militia end")
                        before.iter().rev().take_while(|m| m.sent == si).filter(|m| m.end <= a).find(|m| ents.etype(m.ent) == EntityType::Organization && !STATE_OR_INTERNATIONAL.is_match(&ents.get(m.ent).label)).map(|m| m.ent)
                    })
                }
                // "the Iran-backed militants": the armed group named lately (with that word if any)
                "rebels" | "militants" | "insurgents" | "jihadists" | "militia" | "paramilitaries" | "separatists" if modifier.is_some_and(|m| BACKED_MODIFIER.is_match(m)) => {
                    let noun = noun.clone();
                    let before = &ms[..ms.partition_point(|m| m.start < a)];
                    let armed = |m: &&Mention| ents.etype(m.ent) == EntityType::Organization && !STATE_OR_INTERNATIONAL.is_match(&ents.get(m.ent).label);
                    let recent_armed = || before.iter().rev().take(RECENT).filter(|m| m.end <= a).filter(armed);
                    recent_armed().find(|m| text[m.end..].trim_start().to_lowercase().starts_with(&noun)).or_else(|| recent_armed().next()).map(|m| m.ent)
                }
                "rebels" | "militants" | "insurgents" | "jihadists" | "militia" | "paramilitaries" | "separatists" => None,
                // "the junta", "the military junta": a junta named lately, else the scene's state
                // (a ruling junta is its government); "the Malian junta": that state
                "junta" if modifier.is_none_or(|m| m.chars().next().is_some_and(char::is_lowercase)) => {
                    recent(&|e| ents.etype(e) == EntityType::Organization && ents.get(e).label.to_lowercase().contains("junta")).or(main)
                }
                "junta" => modifier.and_then(|m| k.lookup_label(m)).filter(|&c| k.entity(c).ent.etype == EntityType::Country),
                // "the UN mission": one named lately, else the UN's mission in the scene's country
                "mission" if modifier.is_some_and(|m| matches!(m.to_lowercase().as_str(), "un" | "u.n." | "united")) => {
                    let un = |e: EntRef| ents.known(e).is_some_and(|i| i.names_lc.iter().any(|l| l.contains("mission") && (l.starts_with("un ") || l.starts_with("u.n. ") || l.starts_with("united nations"))));
                    recent(&|e| ents.etype(e) == EntityType::Organization && un(e))
                        .or_else(|| main.and_then(|c| (0..k.entities.len()).find(|&e| k.entities[e].country == Some(c) && k.entities[e].ent.etype == EntityType::Organization && un(e))))
                }
                // "the army", "the national army", "the military": the army named lately (an
                // organization called an army, armed forces or military), else the scene's state
                // ("the military offensive", "the army chief": a modifier, no mention)
                "army" | "military" if !ARMY_AS_NOUN.is_match(&hay[whole.end()..]) => None,
                "army" | "military" if modifier.is_none_or(|m| m.chars().next().is_some_and(char::is_lowercase) && !NON_STATE_ARMY.is_match(m)) => {
                    let army = |e: EntRef| {
                        ents.etype(e) == EntityType::Organization
                            && ents.known(e).is_some_and(|i| i.names_lc.iter().any(|l| l.contains(" army") || l.contains("armed forces") || l.contains(" military")))
                    };
                    recent(&army).or(main)
                }
                // "the Congolese army": the scene's army, named by its demonym
                "army" => match modifier {
                    Some(m) if main.is_some() && k.lookup_label(m) == main => Some(ents.mint(EntityType::Organization, &format!("{m} army"))),
                    _ => None,
                },
                // "the government", "the central government", "the Yemeni government" (the scene's)
                // ("the regional government", "the local government" are another one)
                "government" if modifier.is_some_and(|m| SUBNATIONAL.is_match(m)) => None,
                "government" if modifier.is_none_or(|m| m.chars().next().is_some_and(char::is_lowercase) || (main.is_some() && k.lookup_label(m) == main)) => {
                    let named = recent(&|e| {
                        ents.etype(e) == EntityType::Organization && ents.known(e).map_or_else(|| ents.get(e).label.to_lowercase().contains("government"), |i| i.names_lc.iter().any(|l| l.contains("government")))
                    });
                    named.or(scene_gov)
                }
                _ => {
                    // "the council" after "the UN Security Council"; a modifier must agree
                    let noun = noun.clone();
                    let modifier = modifier.map(str::to_lowercase);
                    recent(&|e| {
                        ents.etype(e) == EntityType::Organization
                            && ents.known(e).map_or_else(
                                || vec![ents.get(e).label.to_lowercase()],
                                |i| i.names_lc.clone(),
                            )
                            .iter()
                            .any(|l| l.split(|c: char| !c.is_alphanumeric()).any(|w| w == noun) && modifier.as_ref().is_none_or(|m| l.contains(m.as_str())))
                    })
                }
            };
            if let Some(e) = ent {
                added.push(Mention { start: a, end: b, ent: e, kind: MentionKind::Description, sent: si });
            }
        }
    }
    // "Coalition forces", "coalition warplanes": the coalition named lately
    for (si, s) in sentences.iter().enumerate() {
        for g in COALITION_FORCES.find_iter(&text[s.start..s.end]) {
            let (a, b) = (s.start + g.start(), s.start + g.end());
            if overlaps(ms, a, b) || overlaps(&added, a, b) {
                continue;
            }
            let coalition = ms[..ms.partition_point(|m| m.start < a)]
                .iter()
                .rev()
                .take(RECENT)
                .find(|m| ents.etype(m.ent) == EntityType::Organization && ents.get(m.ent).label.to_lowercase().contains("coalition"))
                .map(|m| m.ent);
            if let Some(e) = coalition {
                added.push(Mention { start: a, end: b, ent: e, kind: MentionKind::Description, sent: si });
            }
        }
    }
    if let Some(gov) = scene_gov {
        for (si, s) in sentences.iter().enumerate() {
            for g in GOVERNMENT_FORCES.find_iter(&text[s.start..s.end]) {
                let (a, b) = (s.start + g.start(), s.start + g.end());
                if !overlaps(ms, a, b) && !overlaps(&added, a, b) {
                    added.push(Mention { start: a, end: b, ent: gov, kind: MentionKind::Description, sent: si });
                }
            }
        }
    }
    added.sort_by_key(|m| m.start);
    ms.retain(|m| !added.iter().any(|d| m.start >= d.start && m.end <= d.end));
    ms.extend(added);
    sort(ms);
    // "the administration in (Libya's eastern city of) Tobruk", "the Tobruk-based government"
    let mut changes: Vec<(usize, usize, usize, EntRef)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if ents.etype(m.ent) != EntityType::Place {
            continue;
        }
        let seated: Vec<usize> = k.entities.iter().enumerate().filter(|(_, e)| e.based_in == Some(m.ent)).map(|(j, _)| j).collect();
        if seated.len() != 1 {
            continue;
        }
        let s = &sentences[m.sent];
        let prev_end = if i > 0 && ms[i - 1].sent == m.sent { ms[i - 1].end } else { s.start };
        if let Some(c) = SEAT_BEFORE.find(&text[prev_end..m.start]) {
            changes.push((i, prev_end + c.start(), m.end, seated[0]));
        } else if let Some(c) = SEAT_AFTER.find(text.get(m.end..s.end).unwrap_or("")) {
            changes.push((i, m.start, m.end + c.end(), seated[0]));
        }
    }
    // "the U.N.-backed government in Tripoli", "an administration in Libya's eastern city of
    // Tobruk": the place belongs to the organization's description
    for (i, m) in ms.iter().enumerate() {
        if ents.etype(m.ent) != EntityType::Place || changes.iter().any(|c| c.0 == i) {
            continue;
        }
        let org = (0..i).rev().take_while(|&j| ms[j].sent == m.sent && matches!(ents.etype(ms[j].ent), EntityType::Organization | EntityType::Country | EntityType::Place)).find(|&j| ents.etype(ms[j].ent) == EntityType::Organization);
        if let Some(j) = org {
            let seat = |e: EntRef| ents.known(e).is_some_and(|info| info.based_in.is_some()) || ents.get(e).label.to_lowercase().contains("government") || ents.get(e).label.to_lowercase().contains("administration");
            // "government forces in Idlib" are where they fight, not a seat
            let words = text[ms[j].start..ms[j].end].to_lowercase();
            let seat_word = ["government", "administration", "authorities", "cabinet", "parliament"].iter().any(|w| words.ends_with(w));
            if seat(ms[j].ent) && (seat_word || ents.known(ms[j].ent).is_some_and(|info| info.based_in.is_some()) && !words.ends_with("forces")) && IN_PLACE.is_match(&text[ms[j].end..m.start]) {
                changes.push((i, ms[j].start, m.end, ms[j].ent));
            }
        }
    }
    let changes: Vec<(usize, usize, EntRef, usize)> = changes.into_iter().map(|(i, a, b, e)| (a, b, e, ms[i].sent)).collect();
    let new: Vec<Mention> = changes
        .into_iter()
        .filter(|&(a, b, _, _)| !cuts(ms, a) && !cuts(ms, b)) // would cut another mention
        .map(|(a, b, ent, sent)| Mention { start: a, end: b, ent, kind: MentionKind::Description, sent })
        .collect();
    replace_spans(ms, new);
}

/// The government of the country an article is about: a known government of that country that
/// the article names, else one minted as "<Demonym> government".
fn scene_government(ents: &mut DocEntities, ms: &[Mention], main: Option<EntRef>) -> Option<EntRef> {
    let main = main?;
    let k = ents.k;
    let named = ms.iter().map(|m| m.ent).find(|&e| {
        ents.known(e).is_some_and(|i| i.country == Some(main) && i.names_lc.iter().any(|n| n.contains("government")))
    });
    if named.is_some() {
        return named;
    }
    let demonym = k.demonym(main)?;
    Some(ents.mint(EntityType::Organization, &format!("{demonym} government")))
}

fn holder(registry: &[TitleHolder], title: &str, org: Option<EntRef>, pos: usize) -> Option<EntRef> {
    let fits = |h: &&TitleHolder| (h.title == title || h.title.ends_with(&format!(" {title}"))) && (org.is_none() || h.org.is_none() || h.org == org);
    registry.iter().filter(|h| h.pos < pos).rfind(fits).or_else(|| registry.iter().find(fits)).map(|h| h.person)
}

/// "the government of Prime Minister X": X leads that government.
fn government_of(text: &str, ents: &mut DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) -> Vec<Mention> {
    let mut added = Vec::new();
    // "President Hadi's government": the government named after that person, led by them
    // (which country's it is the text does not say here)
    for m in ms {
        if ents.etype(m.ent) != EntityType::Person {
            continue;
        }
        if let Some(c) = PERSONS_GOVERNMENT.captures(&text[m.end..]) {
            let surname = text[m.start..m.end].rsplit(' ').next().unwrap_or_default();
            let gov = ents.mint(EntityType::Organization, &format!("{surname}'s {}", c[1].to_lowercase()));
            facts.push(MentionFact { sent: m.sent, subject: m.ent, predicate: Predicate::Leads, object: gov, rule: MentionRule::LeadsGovernmentOf });
            let word = c.get(1).unwrap();
            added.push(Mention { start: m.end + word.start(), end: m.end + word.end(), ent: gov, kind: MentionKind::Description, sent: m.sent });
        }
    }
    for w in ms.windows(2) {
        let (g, p) = (&w[0], &w[1]);
        if g.sent == p.sent
            && ents.etype(g.ent) == EntityType::Organization
            && ents.etype(p.ent) == EntityType::Person
            && GOV_WORD.is_match(&text[g.start..g.end])
            && text[g.end..p.start].trim() == "of"
        {
            facts.push(MentionFact { sent: g.sent, subject: p.ent, predicate: Predicate::Leads, object: g.ent, rule: MentionRule::LeadsGovernmentOf });
        }
    }
    added
}

/// "Haftar's forces", "forces loyal to Haftar": the actor's armed forces.
fn forces(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
    let mut changes: Vec<(usize, usize, EntRef, usize)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if !ents.etype(m.ent).is_actor() {
            continue;
        }
        let s = &sentences[m.sent];
        let target = ents.known(m.ent).and_then(|info| info.forces).unwrap_or(m.ent);
        if let Some(c) = FORCES_AFTER.find(text.get(m.end..s.end).unwrap_or("")) {
            changes.push((m.start, m.end + c.end(), target, m.sent));
            continue;
        }
        let prev_end = if i > 0 && ms[i - 1].sent == m.sent { ms[i - 1].end } else { s.start };
        // "forces of the Iranian- and Russian-backed government": a hyphenated modifier owns none
        if text[m.end..].starts_with('-') {
            continue;
        }
        if let Some(c) = FORCES_BEFORE.find(&text[prev_end..m.start]) {
            changes.push((prev_end + c.start(), m.end, target, m.sent));
        }
    }
    let mut new = Vec::new();
    for (a, b, e, sent) in changes {
        let inside: Vec<&Mention> = ms[starting_in(ms, a, b)].iter().filter(|m| m.end <= b && ents.etype(m.ent).is_actor()).collect();
        if inside.len() > 1 && inside.iter().any(|m| !is_compound_backer(text, m)) {
            continue; // another actor in between: not a simple description
        }
        new.push(Mention { start: a, end: b, ent: e, kind: MentionKind::Description, sent });
    }
    replace_spans(ms, new);
}

fn is_compound_backer(text: &str, m: &Mention) -> bool {
    BACKED_AFTER.is_match(&text[m.end..])
}

/// "X-backed Y" inside one mention's words ("the U.N.-backed government", "Haftar's
/// Russia-backed forces"): X supports what the mention names.
fn compounds(text: &str, ents: &DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) {
    let k = ents.k;
    // "the UN-backed Libyan government of National Accord": the backer is a mention of its own
    // right before
    for w in ms.windows(2) {
        let (p, m) = (&w[0], &w[1]);
        if p.sent != m.sent || p.end > m.start || p.ent == m.ent || !ents.etype(p.ent).is_actor() || !ents.etype(m.ent).is_actor() {
            continue;
        }
        if let Some(c) = BACKED_BETWEEN.captures(&text[p.end..m.start]) {
            let backer = ents.known(p.ent).and_then(|i| i.capital_of).unwrap_or(p.ent);
            if backer == m.ent {
                continue;
            }
            let allied = matches!(c.get(1).unwrap().as_str().to_lowercase().as_str(), "aligned" | "allied");
            let (predicate, rule) = if allied { (Predicate::AlliedWith, MentionRule::AlliedCompound) } else { (Predicate::Supports, MentionRule::SupportsCompound) };
            facts.push(MentionFact { sent: m.sent, subject: backer, predicate, object: m.ent, rule });
        }
    }
    for m in ms {
        let surface = &text[m.start..m.end];
        for c in COMPOUND.captures_iter(surface) {
            let prefix = c.get(1).unwrap().as_str();
            let allied = matches!(c.get(2).unwrap().as_str().to_lowercase().as_str(), "aligned" | "allied");
            if let Some(backer) = k.lookup_label(prefix) {
                let backer = k.entity(backer).capital_of.unwrap_or(backer);
                if ents.etype(backer).is_actor() && backer != m.ent && ents.etype(m.ent).is_actor() {
                    let (predicate, rule) = if allied { (Predicate::AlliedWith, MentionRule::AlliedCompound) } else { (Predicate::Supports, MentionRule::SupportsCompound) };
                    facts.push(MentionFact { sent: m.sent, subject: backer, predicate, object: m.ent, rule });
                }
            }
        }
    }
}

/// Pronouns: he/she → the last person (the subject of the last sentence that named one);
/// it/they → the last organization or country; we/I inside a quote → the speaker.
fn pronouns(text: &str, sentences: &[Sentence], ents: &DocEntities, registry: &[TitleHolder], ms: &mut Vec<Mention>) {
    let mut added = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let hay = &text[s.start..s.end];
        let quotes = quote_spans(hay);
        for p in PRONOUN.find_iter(hay) {
            let (a, b) = (s.start + p.start(), s.start + p.end());
            if overlaps(ms, a, b) {
                continue;
            }
            let word = p.as_str().to_lowercase();
            let in_quote = quotes.iter().any(|&(qa, qb)| qa <= p.start() && p.end() <= qb);
            let ent = match word.as_str() {
                "we" | "our" | "i" | "my" => {
                    if !in_quote {
                        continue;
                    }
                    // "our forces", said by a spokesman, are his organization's
                    let who = speaker(text, s, &quotes, ms, ents);
                    let org = || who.and_then(|p| registry.iter().find(|h| h.person == p && h.org.is_some()).and_then(|h| h.org));
                    if matches!(word.as_str(), "we" | "our") { org().or(who) } else { who }
                }
                _ if in_quote => continue,
                "it" if EXPLETIVE_IT.is_match(&hay[p.end()..]) => continue,
                "he" | "she" | "his" | "her" => antecedent(text, ms, sentences, si, a, possessive(&word), &|t| t == EntityType::Person, ents),
                // a country is "it"; "they" are a group
                "they" | "their" => antecedent(text, ms, sentences, si, a, possessive(&word), &|t| t == EntityType::Organization, ents),
                // "according to X, its deputy ambassador": the organization X speaks for is
                // the sentence's subject, not the nearest name
                _ => {
                    let after_person = ms[..ms.partition_point(|m| m.start < a)].last().is_some_and(|m| {
                        m.sent == si && ents.etype(m.ent) == EntityType::Person && text[m.end..a].trim() == ","
                    });
                    antecedent(text, ms, sentences, si, a, possessive(&word) && !after_person, &|t| matches!(t, EntityType::Organization | EntityType::Country), ents)
                }
            };
            if let Some(e) = ent {
                added.push(Mention { start: a, end: b, ent: e, kind: MentionKind::Pronoun, sent: si });
            }
        }
    }
    ms.extend(added);
    sort(ms);
}

fn possessive(word: &str) -> bool {
    matches!(word, "his" | "her" | "its" | "their")
}

/// The antecedent of a pronoun at `pos`. In its own sentence, a subject pronoun ("it said")
/// most often means the sentence's subject, the first candidate; a possessive ("halt their
/// advance") the nearest one. Before that, the first candidate of a recent sentence.
#[allow(clippy::too_many_arguments)]
fn antecedent(text: &str, ms: &[Mention], sentences: &[Sentence], si: usize, pos: usize, nearest: bool, ok: &dyn Fn(EntityType) -> bool, ents: &DocEntities) -> Option<EntRef> {
    // "UN-backed": a modifier, not an antecedent
    // "an Islamist Libyan militia said it": a demonym qualifies a noun; the noun is the referent
    let ok = |m: &Mention| ok(ents.etype(m.ent)) && !text[m.end..].starts_with('-') && m.kind != MentionKind::Demonym;
    let s = &sentences[si];
    let mut same = ms[starting_in(ms, s.start, pos)].iter().filter(|m| m.end <= pos && ok(m) && m.kind != MentionKind::Pronoun);
    if let Some(m) = if nearest { same.next_back() } else { same.next() } {
        return Some(m.ent);
    }
    // earlier sentences of the same or the previous paragraph: the first (subject-like) one
    let para = sentences[si].para;
    for prev in (si.saturating_sub(3)..si).rev() {
        if sentences[prev].para + 1 < para {
            break;
        }
        let p = &sentences[prev];
        if let Some(m) = ms[starting_in(ms, p.start, p.end)].iter().find(|m| ok(m)) {
            return Some(m.ent);
        }
    }
    None
}

fn quote_spans(hay: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in hay.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    out.push((o, i + c.len_utf8()));
                }
            }
            '"' => match open.take() {
                Some(o) => out.push((o, i + 1)),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push((o, hay.len())); // a quote running to the end of the sentence
    }
    out
}

/// The speaker of a sentence's quote: `"…," X said` or `X said: "…"`.
fn speaker(text: &str, s: &Sentence, quotes: &[(usize, usize)], ms: &[Mention], ents: &DocEntities) -> Option<EntRef> {
    let actors = ms[starting_in(ms, s.start, s.end)].iter().filter(|m| ents.etype(m.ent).is_actor());
    for m in actors {
        let rel = m.start - s.start;
        if quotes.iter().any(|&(a, b)| a <= rel && rel < b) {
            continue;
        }
        if SPEECH_AFTER.is_match(text.get(m.end..s.end).unwrap_or("")) || SPEECH_BEFORE.is_match(&text[s.start..m.start]) {
            return Some(m.ent);
        }
    }
    None
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
        let text = "A delegation led by Deputy Minister of Defense Yunus-bek Yevkurov arrived.";
        let l = labels(text, &k);
        assert!(l.iter().any(|(_, e)| e == "Yunus-bek Yevkurov"), "{l:?}");
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
