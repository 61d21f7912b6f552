//! Descriptions: "the council", "the commander", "government forces", "the administration in
//! Y", bodies of organizations, "X-led coalition", "the government of X", "X's forces",
//! "X-backed" compounds, the scene's country and its capital's metonymy.

use super::patterns::*;
use super::*;

/// "the M23 armed group", "the Hamas militant movement": an organization's name and the
/// generic words after it are one mention (the parser reads "armed" as a verb otherwise).
pub(super) fn generic_tails(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut [Mention]) {
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
pub(super) fn bodies(text: &str, sentences: &[Sentence], ents: &mut DocEntities, ms: &mut [Mention]) {
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

/// "the internationally recognized government" names the GNA only in an article that speaks of
/// Libya: a description of an actor tied to a country counts where that country is present.
pub(super) fn descriptions_need_their_country(text: &str, ents: &DocEntities, ms: &mut Vec<Mention>) {
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
pub(super) fn led_coalitions(text: &str, s: &Sentence, si: usize, ents: &mut DocEntities, ms: &mut Vec<Mention>, facts: &mut Vec<MentionFact>) {
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

/// The country a document is about: most mentioned, counting its places.
pub(super) fn main_country(ents: &DocEntities, ms: &[Mention]) -> Option<EntRef> {
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
pub(super) fn capital_metonymy(text: &str, ents: &DocEntities, main: Option<EntRef>, ms: &mut [Mention]) {
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
/// A demonym that qualifies an organization's name ("their Yemeni Houthi allies",
/// "the Iranian Quds Force") describes it and is no actor of its own.
pub(super) fn drop_scene_demonyms(text: &str, main: Option<EntRef>, ms: &mut Vec<Mention>, ents: &DocEntities) {
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

pub(super) fn descriptions(text: &str, sentences: &[Sentence], ents: &mut DocEntities, registry: &[TitleHolder], main: Option<EntRef>, ms: &mut Vec<Mention>) {
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
            // "the Islamic State-linked group ISWAP": the name right after is what the phrase names
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
pub(super) fn scene_government(ents: &mut DocEntities, ms: &[Mention], main: Option<EntRef>) -> Option<EntRef> {
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

/// "the government of Prime Minister X": X leads that government.
pub(super) fn government_of(text: &str, ents: &mut DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) -> Vec<Mention> {
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

/// "Haftar's forces", "forces loyal to Haftar": the actor's armed forces; "Burkina Faso's
/// junta", "Israel's government": the state.
pub(super) fn forces(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
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
        if ents.etype(m.ent) == EntityType::Country {
            if let Some(c) = STATE_BODY_AFTER.find(text.get(m.end..s.end).unwrap_or("")) {
                changes.push((m.start, m.end + c.end(), m.ent, m.sent));
                continue;
            }
        }
        let prev_end = if i > 0 && ms[i - 1].sent == m.sent { ms[i - 1].end } else { s.start };
        // "troops of the Chinese- and Russian-backed junta": a hyphenated modifier owns none
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

pub(super) fn is_compound_backer(text: &str, m: &Mention) -> bool {
    BACKED_AFTER.is_match(&text[m.end..])
}

/// "X-backed Y" inside one mention's words ("the U.N.-backed government", "Haftar's
/// Russia-backed forces"): X supports what the mention names.
pub(super) fn compounds(text: &str, ents: &DocEntities, ms: &[Mention], facts: &mut Vec<MentionFact>) {
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
