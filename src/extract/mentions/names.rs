//! Names: those the ontology knows (one multi-pattern scan, case rules for acronyms, look-alike
//! letters folded), those it does not (typed by their context and minted), and surnames.

use super::patterns::*;
use super::*;

/// The ASCII letter a look-alike stands for (Cyrillic "С" in a Latin name), and the plain
/// apostrophe for the curly one, so known names match however the text was typed.
pub(super) fn lookalike(c: char) -> Option<char> {
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
pub(super) fn fold_lookalikes(hay: &str) -> Option<(String, Vec<usize>)> {
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

pub(super) fn known_names(text: &str, s: &Sentence, si: usize, k: &Knowledge, ms: &mut Vec<Mention>) {
    let folded = fold_lookalikes(&text[s.start..s.end]);
    let (hay, at): (&str, &dyn Fn(usize) -> usize) = match &folded {
        Some((f, map)) => (f.as_str(), &|i| map[i]),
        None => (&text[s.start..s.end], &|i| i),
    };
    let mut pos = 0;
    while pos < hay.len() {
        let input = aho_corasick::Input::new(hay).span(pos..hay.len());
        let Some(mut m) = k.matcher.find(input) else { break };
        // a name ends at a word's end, or one "s" before it: "Rwanda Defence Forces" is the
        // known "Rwanda Defence Force" in the plural
        let end_of = |m: &aho_corasick::Match| {
            let (a, b) = (m.start(), m.end());
            let last_is_word = is_word_char(hay[a..b].chars().next_back());
            if !is_word_char(hay[b..].chars().next()) || !last_is_word {
                Some(b)
            } else if hay[b..].starts_with('s') && !is_word_char(hay[b + 1..].chars().next()) && b - a > 4 {
                Some(b + 1)
            } else {
                None
            }
        };
        let fits = |m: &aho_corasick::Match| {
            let a = m.start();
            let left_ok = !is_word_char(hay[..a].chars().next_back());
            let b = end_of(m).filter(|_| left_ok)?;
            let matched = &hay[a..m.end()];
            k.patterns[m.pattern().as_usize()].iter().find(|(_, _, case)| case_ok(*case, matched)).map(|c| (c, b))
        };
        // the longest name that starts here, else a shorter one that fits ("Fano militiamen":
        // not "Fano militia", which ends inside a word, but "Fano")
        let mut found = fits(&m);
        while found.is_none() && m.end() > m.start() + 1 {
            let shorter = k.matcher.find(aho_corasick::Input::new(hay).span(m.start()..m.end() - 1)).filter(|n| n.start() == m.start());
            let Some(n) = shorter else { break };
            m = n;
            found = fits(&m);
        }
        let (a, b) = (m.start(), found.map_or(m.end(), |f| f.1));
        let candidate = found.map(|f| f.0);
        match candidate {
            Some(&(idx, kind, _)) => {
                // "the Aden-based Presidential Leadership Council": a name that starts inside a
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
pub(super) fn case_ok(case: CaseRule, matched: &str) -> bool {
    match case {
        CaseRule::Any => true,
        CaseRule::Capitalised => matched.chars().next().is_some_and(|c| c.is_uppercase()),
        // acronyms: "IS" is the group, "is" is a verb
        CaseRule::Exact => matched.chars().all(|c| !c.is_lowercase()),
    }
}

pub(super) fn unknown_names(text: &str, s: &Sentence, si: usize, k: &Knowledge, ents: &mut DocEntities, ms: &[Mention], added: &mut Vec<Mention>) {
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
                let ent = abbreviated(hay, s.start, found.1, here, ents).filter(|_| ents.etype(found.2) == EntityType::Organization).unwrap_or(found.2);
                added.push(Mention { start: s.start + found.0, end: s.start + found.1, ent, kind: MentionKind::Name, sent: si });
            }
        }
    }
}

/// "The National Liberation Army (ELN) attacked": an organization's name the knowledge lacks,
/// followed by its known abbreviation in brackets, names what the abbreviation names.
fn abbreviated(hay: &str, start: usize, b: usize, here: &[Mention], ents: &DocEntities) -> Option<EntRef> {
    let open = b + 2;
    if !hay[b..].starts_with(" (") {
        return None;
    }
    let m = here.iter().find(|m| m.start == start + open && m.kind == MentionKind::Name)?;
    (hay[m.end - start..].starts_with(')') && ents.etype(m.ent) == EntityType::Organization).then_some(m.ent)
}

/// Type a capitalised sequence `hay[a..b]` by its context; mint it if it is a name.
pub(super) fn unknown_name(hay: &str, mut a: usize, mut b: usize, k: &Knowledge, ents: &mut DocEntities) -> Option<(usize, usize, EntRef)> {
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
    // "Deputy Minister of Defense X", "Director of the Office of the Chief of Staff X": the
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

/// "Anna Maria Wagner" is a person, not the Wagner Group: a one-word organization name
/// right after a capitalised word that names nothing is the end of someone's name.
pub(super) fn surname_collisions(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
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

/// Later mentions of a minted person (or of a known one in another spelling) by surname ("Gnounou" after "Mohamed Gnounou").
pub(super) fn surnames(text: &str, sentences: &[Sentence], ents: &DocEntities, ms: &mut Vec<Mention>) {
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
