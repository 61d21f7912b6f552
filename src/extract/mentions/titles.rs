//! Titles beside names ("Russian President X"): a fact, the title folded into the person's
//! mention, and the registry of who holds which title, for later descriptions and pronouns.

use super::patterns::*;
use super::*;

/// "his spokesman X", "its envoy X", "the group's deputy leader, X": a member's
/// title after a possessive pronoun, or after a description's "'s", makes the titled person a
/// member of what the possessor names; a leader's title ("its leader, X", "the movement's
/// commander X") makes the person lead an organization (a state only for a head's title), and
/// a deputy's title ("deputy leader", "senior commander") a member of the organization.
pub(super) fn possessive_titles(text: &str, ents: &DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) {
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

/// A title's holder in this document, for "the commander", "the secretary-general".
pub(super) struct TitleHolder {
    pub(super) title: String,
    pub(super) person: EntRef,
    pub(super) org: Option<EntRef>,
    pub(super) pos: usize,
}

/// Titles before person mentions: facts, the title folded into the mention, a registry.
pub(super) fn titles(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>, facts: &mut Vec<MentionFact>) -> Vec<TitleHolder> {
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
        // "the Ukrainian defence minister, Zelensky's adviser": a possessor holds no title
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

pub(super) fn first_class(k: &Knowledge, chain: &str) -> Option<TitleClass> {
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

pub(super) fn holder(registry: &[TitleHolder], title: &str, org: Option<EntRef>, pos: usize) -> Option<EntRef> {
    let fits = |h: &&TitleHolder| (h.title == title || h.title.ends_with(&format!(" {title}"))) && (org.is_none() || h.org.is_none() || h.org == org);
    registry.iter().filter(|h| h.pos < pos).rfind(fits).or_else(|| registry.iter().find(fits)).map(|h| h.person)
}
