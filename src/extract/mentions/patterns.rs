//! The word patterns the mention stages share, compiled once per run.

use std::sync::LazyLock;

use regex::Regex;

pub(super) const ORG_HEADS: &str = "Army|Forces|Force|Council|Ministry|Group|Party|Front|Brigade|Brigades|Militia|Movement|Agency|Command|Corps|Committee|Organization|Organisation|Union|Alliance|Coalition|Battalion|Office|Department|Authority|Bank|Company|Corporation|Court|Parliament|Assembly|Guard|Guards|Police|Network|Crescent|Mission|Service|Commission|Division|Regiment|Battalions|Revolutionaries|Tribunal|Cabinet|Government|Administration|Institute|Foundation|Observatory|Association|Federation|League|Congress|Senate|Mechanism|Secretariat|Quartet|Troika|Panel|Taskforce|Consortium";
pub(super) const PLACE_CUES: &str = r"(?:(?:town|city|village|district|region|province|suburb|port|outskirts|neighbou?rhood|area|oasis|governorate|municipality|state|county|enclave|settlement|capture|recapture|seizure|fall|siege|liberation|shelling|bombardment|bombing|battle)\s+of|\b(?:captured|recaptured|seized|overran|retook|took\s+(?:full\s+)?control\s+of|taken\s+(?:full\s+)?control\s+of|control\s+over|advanced\s+on|stormed|shelled|besieged|pushed\s+into|withdrew\s+from|retreated\s+from|pulled\s+out\s+of|fled))\s+$";
pub(super) const FORCE_NOUNS: &str = "forces|fighters|troops|units|militias|militia|militiamen|soldiers|loyalists|gunmen|army|men|force|brigades";

pub(super) static NAME_SEQ: LazyLock<Regex> = LazyLock::new(|| {
    let tok = r"(?:(?:al|el|ad|as|ash|abu|bin|ibn|de|van|von|der|la|le)[-\s])?[A-Z][A-Za-z]*(?:-[A-Za-z]+)*";
    Regex::new(&format!(r"\b{tok}(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{tok})*")).unwrap()
});
pub(super) static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][\w.]*-)*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-led\s+(coalition|alliance|forces|force|mission|bloc|campaign)\b").unwrap()
});
pub(super) static PERSONS_GOVERNMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^['’]s\s+(?:(?:own|new|interim|transitional|internationally[\s-]recogni[sz]ed)\s+)?(government)\b").unwrap());
pub(super) static GOV_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:government|administration|cabinet)$").unwrap());
pub(super) static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:led|headed|commanded|chaired|founded|run)\s+by|\bunder\s+the\s+(?:command|leadership)\s+of|\b(?:spokesman|spokeswoman|spokesperson|minister|envoy|ambassador|commander|official|adviser|advisor|representative)\s+(?:for|of|to|at)\s+[^,;]{1,60},)\s+$").unwrap()
});
pub(super) static PLACE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){PLACE_CUES}")).unwrap());
pub(super) static PLACE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:International\s+)?(?:Airport|airport|air\s+base|Air\s+Base|airbase|Airbase)\b").unwrap());
/// "the Quad countries", "the Troika nations": a group of states named by a word of its own.
pub(super) static STATES_GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:countries|nations|member states)\s+\(").unwrap());
pub(super) static ORG_HEAD_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b(?:{ORG_HEADS})$")).unwrap());
/// The body noun after an organization's name: "(AU) mediation team", "(UN) expert panel".
pub(super) static BODY_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:[a-z][a-z-]+ )?(?:team|panel|committee|delegation|task force|secretariat|mechanism)\b").unwrap());
/// "Iran-backed", "Russian-aligned": a backer's compound before a group noun.
pub(super) static BACKED_MODIFIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[A-Z][\w.]*-(?:{BACKER_SUFFIXES})$")).unwrap());
pub(super) static GENERIC_FORCE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:the|national|armed|regular|special|security|defen[cs]e|air|naval|land|ground|federal|government|military|police|forces?|army|navy|troops|general|staff|command)\s*)+$").unwrap()
});
pub(super) static FORCES_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^['’]s\s+(?:[\w.-]+\s+){{0,2}}?(?:{FORCE_NOUNS})\b")).unwrap()
});
/// "Burkina Faso's junta", "Israel's government": a state's ruling body is the state (in
/// lower case: "Libya's Government of National Accord" is a name).
pub(super) static STATE_BODY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^['’]s\s+(?:(?:military|ruling|transitional|new|current|interim)\s+)?(?:junta|government|regime|authorities|administration|leadership)\b").unwrap()
});
pub(super) static FORCES_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{FORCE_NOUNS}|groups)\s+(?:of|loyal\s+to|allied\s+(?:with|to)|under|backing|supporting|aligned\s+(?:with|to))\s+(?:the\s+)?(?:[\w.-]+\s+){{0,4}}?$"
    ))
    .unwrap()
});
pub(super) static SEAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:government|administration|authorities|authority|parliament|cabinet)\s+(?:based\s+)?in\s+(?:[\w'’-]+\s+){0,4}?$").unwrap()
});
pub(super) static SEAT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^-based\s+(?:[\w-]+\s+)?(?:government|administration|authorities|parliament|cabinet)\b").unwrap());
/// The participles that make "X-backed" a backer's compound.
pub(super) const BACKER_SUFFIXES: &str = "backed|supported|sponsored|funded|armed|aligned|allied";
pub(super) static BACKED_BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^-({BACKER_SUFFIXES})\s+$")).unwrap());
pub(super) static COMPOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|[\s'’])([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-({BACKER_SUFFIXES})\b")).unwrap()
});
/// Modifiers that make "the X group" an armed group.
pub(super) static ARMED_GROUP_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:militant|jihadist|rebel|insurgent|extremist|terrorist|armed|islamist|separatist|paramilitary)$").unwrap());
/// Labels of organizations that are no armed group: coalitions, states' and international bodies.
pub(super) static STATE_OR_INTERNATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:coalition|council|union|nations|mission|government|ministry|league|community|organi[sz]ation|court|administration|parliament|assembly|agency|bank|fund|committee|office)\b").unwrap()
});
pub(super) static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|The)\s+(?:([A-Za-z.-]+)\s+)?(council|ministry|department|mission|agency|command|government|administration|court|parliament|coalition|alliance|bloc|body|organi[sz]ation|capital|country|facility|airport|base|group|rebels|militants|insurgents|jihadists|militia|paramilitaries|separatists|movement|junta|army|military|city|town|village)\b").unwrap()
});
pub(super) static COALITION_FORCES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Cc]oalition\s+(?:forces|troops|warplanes|jets|aircraft|planes|airstrikes|strikes|spokesman|officials)\b").unwrap());
/// "government forces", "central government forces", "loyalist fighters": the scene's
/// government ("Gaddafi loyalist forces" name their leader: that name is a mention, so skipped).
pub(super) static GOVERNMENT_FORCES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[A-Z][a-z]+\s+)?(?:(?:(?:[Cc]entral|[Nn]ational|[Ff]ederal)\s+)?[Gg]overnment|[Ff]ederal|[Ll]oyalist)\s+(?:forces|troops|soldiers|fighters|army|units)\b").unwrap());
pub(super) static PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Ii]t|[Ii]ts|[Tt]hey|[Tt]heir|[Ww]e|[Oo]ur|I|[Mm]y)\b").unwrap());
pub(super) static EXPLETIVE_IT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:is|was|'s|seems|seemed|remains|remained)\s+(?:not\s+)?(?:possible|likely|unlikely|unclear|clear|important|necessary|time|hard|difficult|too|impossible|true|known|expected|thought|believed|reported|said|feared)\b").unwrap()
});
pub(super) static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:['’]s\s+(?:statement|spokesman|office)\s+)?\s*(?:\w+\s+)?(?:said|says|added|told|wrote|tweeted|stated|announced|declared|warned)\b").unwrap()
});
pub(super) static SPEECH_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:said|says|added|told\s+\w+|wrote|tweeted|stated|announced|declared|warned)\s*$").unwrap());

pub(super) static ACTOR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:accused|accuses|accusing|condemned|condemns|urged|urges|called on|calls on|warned|warns|blamed|blames|critici[sz]ed|critici[sz]es|sanctioned|pressed|supporting|backing|arming|supplying|helping|supports|backs|arms|backed|supported|armed)\s+$").unwrap()
});
pub(super) static ACTOR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:has\s+|had\s+)?(?:said|says|denied|denies|accused|accuses|announced|announces|warned|warns|insisted|insists|claimed|claims|rejected|rejects|dismissed|dismisses|refuted|refutes|responded|responds|condemned|condemns|called|calls|blamed|blames|urged|urges|vowed|vows|welcomed|welcomes)\b").unwrap()
});
pub(super) static DATELINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:,[^()\n]{0,30})?\s*(?:\([A-Za-z .]{2,20}\)|[—–-])").unwrap());
pub(super) static PLACE_PREP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:in|at|near|outside|around|inside|within|across|through|into|toward|towards)\s+(?:the\s+)?(?:[a-z-]+\s+)?|\b(?:travell?ed|went|flew|returned|came|moved|headed|arrived|trip|visit|visits|visited|journey|way|road|march|advance|advanced|push|pushed)\s+(?:back\s+)?to\s+|\b(?:shelling|bombing|bombardment|siege|capture|fall|outskirts|streets|suburbs|centre|center|battle|defence|defense|control|seizure|takeover|recapture|liberation)\s+(?:of|for|over)\s+|\b(?:withdr[a-z]+|pull(?:ed|ing|s)?\s+out|retreat(?:ed|ing|s)?|evacuat[a-z]+|fled|expelled|driven\s+out|pushed\s+out)\s+(?:[\w-]+\s+){0,3}?(?:from|of)\s+(?:the\s+)?|\b(?:seized?|seizes|seizing|captured?|captures|capturing|took|take|takes|taking|retook|retake|recaptured?|overran|overrun|stormed|storm|entered|enter|entering|besieged?|surrounded|encircled|shelled|bombed|struck|attacked|fled|evacuated|reached|liberated|abandoned)\s+)$").unwrap()
});
/// The complement of a title that holds "of": "of Defense", "of the Office of the Chief of Staff".
pub(super) static TITLE_COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    let word = format!(r"(?:{ORG_HEADS}|{PORTFOLIOS}|Chiefs?|Commander-in-Chief|Staff|Operations|Joint|General|Room|High|Supreme|Armed|Air|Navy|Naval|Land|Ground|Special|Republican|Presidential|National|Foreign|Internal|External|Public|Civil|Military|Intelligence|Security|Affairs)");
    Regex::new(&format!(r"^(?:(?:of|for)\s+(?:the\s+)?{word}(?:\s+(?:and\s+|of\s+(?:the\s+)?|for\s+(?:the\s+)?)?{word})*\s+)+")).unwrap()
});
/// After a demonym: the state's armed forces or officials ("Syrian government troops").
pub(super) static STATE_ORGAN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // "government" and "federal forces" are left to the scene-government descriptions
    // ("Mozambican and Rwandan troops": each demonym of the pair)
    Regex::new(r"^\s+(?:and\s+[A-Z][a-z]+\s+)?(?:(?:security|armed|regular|special|regime)\s+)?(?:army|armed\s+forces|troops|soldiers|military|regime|air\s+force|navy|warplanes|(?:fighter\s+)?jets|aircraft|security\s+forces|(?:air|drone|missile)\s*strikes?|strikes?|(?:air\s+)?raids?|offensive|invasion|incursion|border\s+(?:guards?|forces|police|troops)|police|[Gg]eneral\s+[Ss]taff|drones|missiles|artillery|shelling|bombardment|warships|gunships|helicopters|tanks|(?:military\s+)?(?:targets|positions|bases|outposts)|(?:(?:air|land|ground|naval|support)\s+(?:and\s+)?)+(?:units|forces|assets))\b").unwrap()
});
/// Between a demonym and the organization it qualifies: a space, perhaps one adjective.
pub(super) static DEMONYM_MODIFIES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:(?:Shia|Shiite|Sunni|Islamist|Kurdish|militant|armed|rebel|jihadist|paramilitary|powerful|elite)\s+)?$").unwrap());
/// Capitalised words that qualify a group's name rather than end a person's ("Sunni Islamist").
pub(super) static GROUP_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Shia|Shiite|Shi'ite|Sunni|Islamist|Jihadist|Salafist|Christian|Muslim|Islamic|Arab|Druze|Alawite|Tuareg|Tigrayan|Amhara|Oromo|Pashtun|Hazara|Baloch|Yazidi|Kurdish|Tamil|Rohingya|Hutu|Tutsi|Somali|Fulani|Nuer|Dinka|Masalit|Zaghawa|Pro-\w+|Anti-\w+|Rival|Rebel|Militant|Allied|Loyalist)$").unwrap()
});
/// Ministers' portfolios, as in "Minister of Defense".
pub(super) const PORTFOLIOS: &str = "Defen[cs]e|Interior|Justice|Finance|Economy|Health|Education|Information|Communications?|Energy|Oil|Petroleum|Trade|Commerce|Agriculture|Labou?r|Transport|Planning|Culture|Tourism|Youth|Sports?|Religious|Endowments|Water|Electricity|Housing|Industry|Mines|Interior|State|Cooperation|Integration|Reconciliation|Displacement|Refugees|Humanitarian|Women|Social|Welfare|Veterans|Media|Diaspora|Emergency|Emergencies";
pub(super) static FORMER_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:former|ex|late|then)[\s-]+$").unwrap());
pub(super) static FORMER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:former|ex|late|then|acting|designate|elect)\b").unwrap());
/// "the president of Chad": a title with its organization named right after.
pub(super) static TITLE_OF_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:of|for)\s+(?:the\s+)?[A-Z]").unwrap());
pub(super) static SUBNATIONAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:regional|local|provincial|state|municipal|city|county|district|autonomous|breakaway|rebel|parallel|rival|shadow)$").unwrap());
pub(super) static GENERIC_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:(?:armed|militant|rebel|jihadist|terrorist|paramilitary|insurgent|separatist|Islamist|extremist|political|opposition)\s+)?(?:group|movement|organi[sz]ation)\b").unwrap()
});
pub(super) static NON_STATE_ARMY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:rebel|militia|private|mercenary|jihadist|insurgent|separatist|opposition|tribal|clan)$").unwrap());
/// What may follow "the army" or "the military" used as a noun: punctuation, a possessive, a
/// function word or a common verb ("the military said"), not a noun ("the military offensive").
pub(super) static ARMY_AS_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*[,.;:!?)\x22”’']|\s*$|\s+(?:said|says|say|has|had|have|is|was|were|are|will|would|could|may|might|also|then|and|or|but|in|on|at|of|after|before|for|to|from|with|by|which|that|who|took|seized|launched|announced|denied|claimed|carried|killed|attacked|began|regained|retook|captured|shelled|struck|fired|responded|accused|blamed|rejected|declared|ordered|withdrew|pulled|entered|stormed|sent|lost|fought|[a-z]+ed)\b)").unwrap()
});
pub(super) static THE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bthe\s+(?:[\w-]+\s+)?$").unwrap());
pub(super) static OF_NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+of\s+(?:the\s+)?[A-Z]").unwrap());
pub(super) static REGION_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:province|region|state|governorate|district|county|countryside|valley|desert|mountains?|river|sea|gulf|strip|bank|coast|border|corridor|front)\b").unwrap());
pub(super) static REGION_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:province|region|state|governorate|district|county|countryside|valley)\b").unwrap());
pub(super) static BOTH_SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:both\s+(?:sides|parties|camps)|the\s+two\s+(?:warring\s+)?(?:sides|parties)|the\s+warring\s+(?:sides|parties)|each\s+other|one\s+another)\b").unwrap()
});
/// "talks between", "war between the": what comes right before a pair's first name.
pub(super) static BETWEEN_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$").unwrap());
pub(super) static PAIR_AND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\s*\([^)]{1,20}\))?,?\s+and\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$").unwrap());
pub(super) static ARMY_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|[^\w'’-])(?:army|military)\s+$").unwrap());
pub(super) static ARMY_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:army|military)\s+(?:chief|commander|head|leader)$").unwrap());
/// Words that make a title one of several holders': "deputy leader", "a senior Hamas
/// commander" are members.
pub(super) const DEPUTY_WORDS: &str = "deputy|vice|assistant|senior|junior|local|regional|field";
pub(super) static DEPUTY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{DEPUTY_WORDS})\b")).unwrap());
/// Those words before a title ("deputy leader X", lower case).
pub(super) static DEPUTY_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:(?:{DEPUTY_WORDS})[ -])+")).unwrap());
pub(super) static INDEFINITE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|\s)(?:an?|one|another)\s+(?:(?:senior|top|prominent|high-ranking|mid-level|military|local|regional|field|powerful|influential|key|leading|notorious|well-known)\s+){0,2}$").unwrap());
pub(super) static IN_PLACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(?:based\s+)?in\s+(?:[\w'’-]+\s+){0,5}?$").unwrap());
pub(super) static BACKED_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^-(?:backed|supported|sponsored|funded|armed)\b").unwrap());
