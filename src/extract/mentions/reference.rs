//! References: pronouns and their antecedents, quote speakers, and pair references ("both
//! sides").

use super::patterns::*;
use super::*;

/// "both sides", "the two parties", "the warring parties", "each other": the two actors named
/// last as a pair ("talks between the Ethiopian army and the Tigrayan forces", "war between
/// X and Y") in this sentence or an earlier one; nothing where no pair was named. The mention
/// names the first; the second is returned, by the mention's start.
pub(super) fn pairs(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) -> Vec<(usize, EntRef)> {
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

/// Pronouns: he/she → the last person (the subject of the last sentence that named one);
/// it/they → the last organization or country; we/I inside a quote → the speaker.
pub(super) fn pronouns(text: &str, sentences: &[Sentence], ents: &DocEntities, registry: &[TitleHolder], ms: &mut Vec<Mention>) {
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

pub(super) fn possessive(word: &str) -> bool {
    matches!(word, "his" | "her" | "its" | "their")
}

/// The antecedent of a pronoun at `pos`. In its own sentence, a subject pronoun ("it said")
/// most often means the sentence's subject, the first candidate; a possessive ("halt their
/// advance") the nearest one. Before that, the first candidate of a recent sentence.
#[allow(clippy::too_many_arguments)]
pub(super) fn antecedent(text: &str, ms: &[Mention], sentences: &[Sentence], si: usize, pos: usize, nearest: bool, ok: &dyn Fn(EntityType) -> bool, ents: &DocEntities) -> Option<EntRef> {
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

pub(super) fn quote_spans(hay: &str) -> Vec<(usize, usize)> {
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
pub(super) fn speaker(text: &str, s: &Sentence, quotes: &[(usize, usize)], ms: &[Mention], ents: &DocEntities) -> Option<EntRef> {
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
