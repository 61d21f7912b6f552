//! The summary graph (`vocab::SUMMARY_GRAPH`): what the bundled questions rank, computed from
//! the article graphs once per build so that a question reads a thousand small nodes instead
//! of joining every fact through its reification.
//!
//! It holds, and nothing else:
//! - `ent:x ng:name "…"`: one display name per entity a fact names (subject, object, casualty
//!   kind), the least of its `skos:prefLabel`s (a minted name may be spelled differently by
//!   different articles; this is the `MIN(STR(?label))` the questions took before);
//! - for each relation, its first [`TOP`] pairs as pair nodes (`ng:pairSubject`,
//!   `ng:pairPredicate`, `ng:pairObject`, `ng:articleCount`, `ng:outletCount`, `ng:evidence`
//!   the sentence of the pair's first fact by IRI, `ng:firstDate`/`ng:lastDate` over its dated
//!   facts, `ng:rank` from 1), ranked by articles (most first), then subject and object names;
//! - the first [`TOP`] unordered opposition pairs as side nodes (`ng:sideA` ≤ `ng:sideB` by
//!   IRI, `ng:articleCount`, `ng:rank`), ranked the same way;
//! - the first [`TOP`] actors (persons, organisations, countries) by the facts about them
//!   (`ng:articleCount`, `ng:outletCount`, `ng:factCount`, `ng:actorRank`);
//! - each list's full size (`ng:total` on a [`total_iri`] node), however many of it is ranked:
//!   `ask`'s totals.
//!
//! Pairs, sides and actors are counted only when every entity they show has a name (a
//! question drops a row it cannot label). The summary is a function of the other graphs: it is
//! rewritten whole by [`rebuild`] when a build commits (fresh or incremental), so an updated
//! store's summary equals a fresh build's. Its size is bounded (3 × [`TOP`] ranked nodes per
//! relation at most, plus one name per entity), whatever the size of the corpus.

use std::collections::{HashMap, HashSet};

use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use sha2::{Digest, Sha256};

use super::{storage, StoreError};
use crate::vocab::{self, ng};

/// How many pairs, sides and actors the summary ranks and describes, per list.
pub const TOP: usize = 1000;

/// Interned strings: IRIs and literal values, numbered from 0.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    strs: Vec<String>,
}

impl Names {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.strs.len() as u32;
        self.ids.insert(s.to_string(), i);
        self.strs.push(s.to_string());
        i
    }
    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
    fn s(&self, i: u32) -> &str {
        &self.strs[i as usize]
    }
}

/// One relation fact, as the questions join it.
struct Fact {
    iri: u32,
    p: u32,
    s: Option<u32>,
    o: Option<u32>,
    sentence: Option<u32>,
    date: Option<u32>,
}

#[derive(Default)]
struct Tally {
    docs: HashSet<u32>,
    outlets: HashSet<u32>,
    facts: HashSet<u32>,
    first_fact: Option<u32>,
    first_date: Option<u32>,
    last_date: Option<u32>,
}

/// The value of a term as `STR()` gives it.
fn str_of(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => b.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        _ => t.to_string(),
    }
}

fn subject_str(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(b) => b.as_str().to_string(),
    }
}

/// `(subject, object)` of every `?s predicate ?o` quad in any graph.
fn scan(store: &Store, predicate: &str, mut each: impl FnMut(String, Term)) -> Result<(), StoreError> {
    let p = NamedNode::new_unchecked(predicate);
    for q in store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
        let q = q.map_err(storage)?;
        if summary_graph(&q) {
            continue;
        }
        each(subject_str(&q.subject), q.object);
    }
    Ok(())
}

/// `(subject, object, graph)` of every `?s predicate ?o` quad in a named graph.
fn scan_graphs(store: &Store, predicate: &str, mut each: impl FnMut(String, Term, String)) -> Result<(), StoreError> {
    let p = NamedNode::new_unchecked(predicate);
    for q in store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
        let q = q.map_err(storage)?;
        if summary_graph(&q) {
            continue;
        }
        if let oxigraph::model::GraphName::NamedNode(g) = &q.graph_name {
            each(subject_str(&q.subject), q.object, g.as_str().to_string());
        }
    }
    Ok(())
}

fn summary_graph(q: &Quad) -> bool {
    matches!(&q.graph_name, oxigraph::model::GraphName::NamedNode(g) if g.as_str() == vocab::SUMMARY_GRAPH)
}

fn hash_iri(prefix: &str, parts: &[&str]) -> NamedNode {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    NamedNode::new_unchecked(format!("{prefix}{hex}"))
}

/// The summary's quads, computed from every other graph of `store`.
pub(super) fn compute(store: &Store) -> Result<Vec<Quad>, StoreError> {
    let mut n = Names::default();
    // relation facts: those with rdf:predicate (casualty figures have ng:kind instead)
    let mut facts: HashMap<u32, Fact> = HashMap::new();
    scan(store, vocab::RDF_PREDICATE, |f, p| {
        let (iri, p) = (n.id(&f), n.id(&str_of(&p)));
        facts.insert(iri, Fact { iri, p, s: None, o: None, sentence: None, date: None });
    })?;
    let mut kinds: HashSet<u32> = HashSet::new();
    let mut kind_of: HashMap<u32, u32> = HashMap::new();
    scan(store, &ng("kind"), |f, k| {
        let (f, k) = (n.id(&f), n.id(&str_of(&k)));
        kinds.insert(k);
        kind_of.insert(f, k);
    })?;
    // casualty figures in the casualties question's order: kind, largest count, fact IRI
    let mut figures: Vec<(u32, i128, u32)> = Vec::new();
    let mut count_of: HashMap<u32, Vec<String>> = HashMap::new();
    scan(store, &ng("count"), |f, c| {
        let Some(f) = n.get(&f) else { return };
        if let (Some(&k), Term::Literal(c)) = (kind_of.get(&f), &c) {
            count_of.entry(f).or_default().push(c.value().to_string());
            if let Ok(c) = c.value().parse::<i128>() {
                figures.push((k, c, f));
            }
        }
    })?;
    // dated facts (relations and figures) in the timeline's order: date, fact IRI
    let mut dated: Vec<(String, String)> = Vec::new();
    let mut named: HashSet<u32> = kinds.clone();
    let mut figure_subjects: Vec<(u32, u32)> = Vec::new();
    scan(store, vocab::RDF_SUBJECT, |f, s| {
        let s = n.id(&str_of(&s));
        named.insert(s);
        let Some(f) = n.get(&f) else { return };
        if let Some(fact) = facts.get_mut(&f) {
            fact.s = Some(s);
        } else if kind_of.contains_key(&f) {
            figure_subjects.push((f, s));
        }
    })?;
    scan(store, vocab::RDF_OBJECT, |f, o| {
        let o = n.id(&str_of(&o));
        named.insert(o);
        if let Some(fact) = n.get(&f).and_then(|f| facts.get_mut(&f)) {
            fact.o = Some(o);
        }
    })?;
    let mut figure_sentence: HashMap<u32, u32> = HashMap::new();
    scan(store, &ng("sentence"), |f, sn| {
        let Some(f) = n.get(&f) else { return };
        if let Some(fact) = facts.get_mut(&f) {
            fact.sentence = Some(n.id(&str_of(&sn)));
        } else if kind_of.contains_key(&f) {
            figure_sentence.insert(f, n.id(&str_of(&sn)));
        }
    })?;
    scan(store, &ng("date"), |f, d| {
        let d = str_of(&d);
        if let Some(fact) = n.get(&f).and_then(|f| facts.get_mut(&f)) {
            fact.date = Some(n.id(&d));
        }
        dated.push((d, f));
    })?;
    // sentence → article, article → outlets
    let mut doc_of: HashMap<u32, Vec<u32>> = HashMap::new();
    scan(store, vocab::PROV_DERIVED, |sn, d| {
        if let Some(sn) = n.get(&sn) {
            let d = n.id(&str_of(&d));
            doc_of.entry(sn).or_default().push(d);
        }
    })?;
    let mut outlets: HashMap<u32, Vec<u32>> = HashMap::new();
    scan(store, vocab::SCHEMA_PUBLISHER, |d, o| {
        if let Some(d) = n.get(&d) {
            let o = n.id(&str_of(&o));
            outlets.entry(d).or_default().push(o);
        }
    })?;
    // one name per entity a fact names: the least of its preferred labels
    let mut names: HashMap<u32, String> = HashMap::new();
    scan(store, vocab::SKOS_PREF, |e, l| {
        let Some(e) = n.get(&e).filter(|e| named.contains(e)) else { return };
        let l = str_of(&l);
        match names.get_mut(&e) {
            Some(old) if *old <= l => {}
            Some(old) => *old = l,
            None => {
                names.insert(e, l);
            }
        }
    })?;
    let (mut actors, mut places): (HashSet<u32>, HashSet<u32>) = (HashSet::new(), HashSet::new());
    for t in ["Person", "Organization", "Country", "Place"] {
        let set = if t == "Place" { &mut places } else { &mut actors };
        let t = NamedNode::new_unchecked(ng(t));
        for q in store.quads_for_pattern(None, Some(NamedNodeRef::new_unchecked(vocab::RDF_TYPE)), Some(t.as_ref().into()), None) {
            let q = q.map_err(storage)?;
            if let Some(e) = n.get(&subject_str(&q.subject)) {
                set.insert(e);
            }
        }
    }

    // the tallies, as the questions' GROUP BYs make them
    let mut pairs: HashMap<(u32, u32, u32), Tally> = HashMap::new();
    let mut sides: HashMap<(u32, u32), Tally> = HashMap::new();
    let mut about: HashMap<u32, Tally> = HashMap::new();
    let opposes = n.get(&ng("opposes"));
    let mut ordered: Vec<&Fact> = facts.values().collect();
    ordered.sort_by_key(|f| f.iri); // deterministic insertion order (tallies are sets anyway)
    for f in ordered {
        let Some(sn) = f.sentence else { continue };
        let Some(docs) = doc_of.get(&sn) else { continue };
        let add = |t: &mut Tally, with_outlets: bool| {
            for &d in docs {
                t.docs.insert(d);
                if with_outlets {
                    t.outlets.extend(outlets.get(&d).into_iter().flatten().copied());
                }
            }
            t.facts.insert(f.iri);
        };
        for a in [f.s, f.o].into_iter().flatten() {
            add(about.entry(a).or_default(), true);
        }
        let (Some(s), Some(o)) = (f.s, f.o) else { continue };
        let t = pairs.entry((s, f.p, o)).or_default();
        add(t, true);
        if t.first_fact.is_none_or(|x| n.s(f.iri) < n.s(x)) {
            t.first_fact = Some(f.iri);
        }
        if let Some(d) = f.date {
            if t.first_date.is_none_or(|x| n.s(d) < n.s(x)) {
                t.first_date = Some(d);
            }
            if t.last_date.is_none_or(|x| n.s(d) > n.s(x)) {
                t.last_date = Some(d);
            }
        }
        if Some(f.p) == opposes {
            let key = if n.s(s) <= n.s(o) { (s, o) } else { (o, s) };
            add(sides.entry(key).or_default(), false);
        }
    }

    // contradictions (1): an actor that denies backing, or urges, a side it backs: itself, its
    // forces or its leader (asserted ng:supports, ng:forces and ng:leads in any graph)
    let mut supports_of: HashMap<u32, HashSet<u32>> = HashMap::new();
    scan(store, &ng("supports"), |a, x| {
        let (a, x) = (n.id(&a), n.id(&str_of(&x)));
        supports_of.entry(a).or_default().insert(x);
    })?;
    let mut near: HashMap<u32, HashSet<u32>> = HashMap::new();
    for p in ["forces", "leads"] {
        scan(store, &ng(p), |x, y| {
            let (x, y) = (n.id(&x), n.id(&str_of(&y)));
            near.entry(x).or_default().insert(y);
            near.entry(y).or_default().insert(x);
        })?;
    }
    let mut conflicts: HashMap<(u32, u32, u32), HashSet<u32>> = HashMap::new();
    for p in ["deniesSupporting", "urges"] {
        let pid = n.id(&ng(p));
        scan_graphs(store, &ng(p), |a, b, d| {
            let (a, b, d) = (n.id(&a), n.id(&str_of(&b)), n.id(&d));
            conflicts.entry((a, pid, b)).or_default().insert(d);
        })?;
    }
    let backs_side = |a: u32, b: u32| {
        supports_of.get(&a).is_some_and(|xs| xs.iter().any(|x| *x == b || near.get(x).is_some_and(|ys| ys.contains(&b))))
    };
    // contradictions (2): in one article, different figures of one kind from different reporters
    let mut doc_id: HashMap<u32, String> = HashMap::new();
    scan(store, &ng("docId"), |d, id| {
        if let Some(d) = n.get(&d) {
            doc_id.insert(d, str_of(&id));
        }
    })?;
    // (article, kind) → (counts, reporters, "count (reporter)" items)
    type Group = (HashSet<String>, HashSet<u32>, std::collections::BTreeSet<String>);
    let mut groups: HashMap<(u32, u32), Group> = HashMap::new();
    figure_subjects.sort_unstable();
    for &(f, r) in &figure_subjects {
        let (Some(&k), Some(sn)) = (kind_of.get(&f), figure_sentence.get(&f)) else { continue };
        let Some(rl) = names.get(&r) else { continue };
        for &d in doc_of.get(sn).into_iter().flatten() {
            for c in count_of.get(&f).into_iter().flatten() {
                let g = groups.entry((d, k)).or_default();
                g.0.insert(c.clone());
                g.1.insert(r);
                g.2.insert(format!("{c} ({rl})"));
            }
        }
    }

    let g = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(vocab::SUMMARY_GRAPH));
    let mut out = Vec::new();
    let iri = |i: u32| NamedNode::new_unchecked(n.s(i));
    let int = |v: usize| Literal::new_typed_literal(v.to_string(), NamedNode::new_unchecked(vocab::XSD_INTEGER));
    let plain = |s: &str| Literal::new_simple_literal(s);
    let mut quad = |s: &NamedNode, p: &str, o: Term| out.push(Quad::new(s.clone(), NamedNode::new_unchecked(p), o, g.into_owned()));
    let name = |e: u32| names.get(&e).map(String::as_str);

    let mut entities: Vec<(&u32, &String)> = names.iter().collect();
    entities.sort_by(|a, b| n.s(*a.0).cmp(n.s(*b.0)));
    for (&e, label) in entities {
        quad(&iri(e), &ng("name"), plain(label).into());
    }

    // pairs: per relation, most articles first, then names (and IRIs, for a total order)
    let mut by_relation: HashMap<u32, Vec<(&(u32, u32, u32), &Tally)>> = HashMap::new();
    for (k, t) in &pairs {
        if name(k.0).is_some() && name(k.2).is_some() {
            by_relation.entry(k.1).or_default().push((k, t));
        }
    }
    let mut relations: Vec<u32> = by_relation.keys().copied().collect();
    relations.sort_by(|a, b| n.s(*a).cmp(n.s(*b)));
    // the territory question: attacks on and captures of places, among all pairs
    let territory = by_relation
        .iter()
        .filter(|(p, _)| matches!(n.s(**p).strip_prefix(vocab::NG), Some("attacked" | "captured")))
        .flat_map(|(_, list)| list.iter())
        .filter(|(k, _)| places.contains(&k.2))
        .count();
    quad(&total_iri("territory"), &ng("total"), int(territory).into());
    for p in relations {
        let mut list = by_relation.remove(&p).unwrap_or_default();
        quad(&total_iri(n.s(p).strip_prefix(vocab::NG).unwrap_or(n.s(p))), &ng("total"), int(list.len()).into());
        list.sort_by(|(a, ta), (b, tb)| {
            tb.docs.len().cmp(&ta.docs.len())
                .then_with(|| name(a.0).cmp(&name(b.0)))
                .then_with(|| name(a.2).cmp(&name(b.2)))
                .then_with(|| n.s(a.0).cmp(n.s(b.0)))
                .then_with(|| n.s(a.2).cmp(n.s(b.2)))
        });
        for (rank, ((s, p, o), t)) in list.into_iter().take(TOP).enumerate() {
            let node = hash_iri(vocab::SUMMARY_PAIR, &[n.s(*s), n.s(*p), n.s(*o)]);
            quad(&node, &ng("pairSubject"), iri(*s).into());
            quad(&node, &ng("pairPredicate"), iri(*p).into());
            quad(&node, &ng("pairObject"), iri(*o).into());
            quad(&node, &ng("articleCount"), int(t.docs.len()).into());
            quad(&node, &ng("outletCount"), int(t.outlets.len()).into());
            quad(&node, &ng("rank"), int(rank + 1).into());
            if let Some(f) = t.first_fact {
                if let Some(text) = sentence_text(store, n.s(f))? {
                    quad(&node, &ng("evidence"), plain(&text).into());
                }
            }
            if let Some(d) = t.first_date {
                quad(&node, &ng("firstDate"), plain(n.s(d)).into());
            }
            if let Some(d) = t.last_date {
                quad(&node, &ng("lastDate"), plain(n.s(d)).into());
            }
        }
    }

    let mut list: Vec<(&(u32, u32), &Tally)> = sides.iter().filter(|(k, _)| name(k.0).is_some() && name(k.1).is_some()).collect();
    list.sort_by(|(a, ta), (b, tb)| {
        tb.docs.len().cmp(&ta.docs.len())
            .then_with(|| name(a.0).cmp(&name(b.0)))
            .then_with(|| name(a.1).cmp(&name(b.1)))
            .then_with(|| n.s(a.0).cmp(n.s(b.0)))
            .then_with(|| n.s(a.1).cmp(n.s(b.1)))
    });
    quad(&total_iri("sides"), &ng("total"), int(list.len()).into());
    let mut backed: HashMap<u32, Vec<u32>> = HashMap::new();
    for (x, targets) in &supports_of {
        for t in targets {
            backed.entry(*t).or_default().push(*x);
        }
    }
    let mut side_entities: Vec<u32> = list.iter().take(TOP).flat_map(|((a, b), _)| [*a, *b]).collect();
    side_entities.sort_by(|a, b| n.s(*a).cmp(n.s(*b)));
    side_entities.dedup();
    for e in side_entities {
        let mut xs = backed.get(&e).cloned().unwrap_or_default();
        xs.sort_by(|a, b| n.s(*a).cmp(n.s(*b)));
        for x in xs {
            quad(&iri(e), &ng("backedBy"), iri(x).into());
        }
    }
    for (rank, ((a, b), t)) in list.into_iter().take(TOP).enumerate() {
        let node = hash_iri(vocab::SUMMARY_SIDE, &[n.s(*a), n.s(*b)]);
        quad(&node, &ng("sideA"), iri(*a).into());
        quad(&node, &ng("sideB"), iri(*b).into());
        quad(&node, &ng("articleCount"), int(t.docs.len()).into());
        quad(&node, &ng("rank"), int(rank + 1).into());
    }

    let mut list: Vec<(&u32, &Tally)> = about.iter().filter(|(a, _)| actors.contains(a) && name(**a).is_some()).collect();
    list.sort_by(|(a, ta), (b, tb)| {
        tb.docs.len().cmp(&ta.docs.len())
            .then_with(|| tb.outlets.len().cmp(&ta.outlets.len()))
            .then_with(|| tb.facts.len().cmp(&ta.facts.len()))
            .then_with(|| name(**a).cmp(&name(**b)))
            .then_with(|| n.s(**a).cmp(n.s(**b)))
    });
    let how = |p: u32| if n.s(p).ends_with("#urges") { "urges it to halt" } else { "denies backing it" };
    let mut conflict_list: Vec<(&(u32, u32, u32), &HashSet<u32>)> =
        conflicts.iter().filter(|((a, _, b), _)| name(*a).is_some() && name(*b).is_some() && backs_side(*a, *b)).collect();
    conflict_list.sort_by(|((a1, p1, b1), _), ((a2, p2, b2), _)| {
        how(*p1).cmp(how(*p2)).then_with(|| name(*a1).cmp(&name(*a2))).then_with(|| name(*b1).cmp(&name(*b2)))
            .then_with(|| n.s(*a1).cmp(n.s(*a2))).then_with(|| n.s(*b1).cmp(n.s(*b2)))
    });
    for ((a, p, b), docs) in conflict_list.iter().take(TOP) {
        let node = hash_iri(vocab::SUMMARY_CONFLICT, &[n.s(*a), n.s(*p), n.s(*b)]);
        quad(&node, &ng("conflictActor"), iri(*a).into());
        quad(&node, &ng("conflictRelation"), iri(*p).into());
        quad(&node, &ng("conflictWith"), iri(*b).into());
        quad(&node, &ng("articleCount"), int(docs.len()).into());
    }
    let mut group_list: Vec<(String, &str, String, u32, u32)> = groups
        .iter()
        .filter(|(_, g)| g.0.len() > 1 && g.1.len() > 1)
        .filter_map(|((d, k), g)| {
            let detail = g.2.iter().cloned().collect::<Vec<_>>().join("; ");
            Some((name(*k)?.to_string(), doc_id.get(d)?.as_str(), detail, *d, *k))
        })
        .collect();
    group_list.sort();
    quad(&total_iri("contradictions"), &ng("total"), int(conflict_list.len() + group_list.len()).into());
    for (_, _, detail, d, k) in group_list.into_iter().take(TOP) {
        let node = hash_iri(vocab::SUMMARY_FIGURES, &[n.s(d), n.s(k)]);
        quad(&node, &ng("figureDoc"), iri(d).into());
        quad(&node, &ng("figureKind"), iri(k).into());
        quad(&node, &ng("detail"), plain(&detail).into());
    }
    figures.sort_by(|a, b| n.s(a.0).cmp(n.s(b.0)).then(b.1.cmp(&a.1)).then_with(|| n.s(a.2).cmp(n.s(b.2))));
    // a casualty figure is a row of its question if its kind has a name
    quad(&total_iri("figures"), &ng("total"), int(figures.iter().filter(|f| name(f.0).is_some()).count()).into());
    for (rank, (_, _, f)) in figures.iter().take(TOP).enumerate() {
        quad(&iri(*f), &ng("figureRank"), int(rank + 1).into());
    }
    dated.sort();
    dated.dedup();
    // a dated fact is a row of the timeline if it is a casualty figure or its object has a name
    let on_timeline = |f: &str| {
        n.get(f).is_some_and(|f| kind_of.contains_key(&f) || facts.get(&f).is_some_and(|x| x.o.is_some_and(|o| name(o).is_some())))
    };
    quad(&total_iri("timeline"), &ng("total"), int(dated.iter().filter(|(_, f)| on_timeline(f)).count()).into());
    for (rank, (_, f)) in dated.iter().take(TOP).enumerate() {
        quad(&NamedNode::new_unchecked(f), &ng("dateRank"), int(rank + 1).into());
    }
    quad(&total_iri("actors"), &ng("total"), int(list.len()).into());
    for (rank, (a, t)) in list.into_iter().take(TOP).enumerate() {
        let node = iri(*a);
        quad(&node, &ng("articleCount"), int(t.docs.len()).into());
        quad(&node, &ng("outletCount"), int(t.outlets.len()).into());
        quad(&node, &ng("factCount"), int(t.facts.len()).into());
        quad(&node, &ng("actorRank"), int(rank + 1).into());
    }
    Ok(out)
}

/// The node that holds the full size of one of the summary's lists (`ng:total`): a relation's
/// pairs (its local name: `supports`), `sides`, `actors`, `figures`, `timeline`, `territory`,
/// `contradictions`. A question names its list in a `# total:` header (`ask`).
pub fn total_iri(list: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{}", vocab::SUMMARY_TOTAL, vocab::iri_safe(list)))
}

/// The text of the sentence fact `f` was read from.
fn sentence_text(store: &Store, f: &str) -> Result<Option<String>, StoreError> {
    let (fnode, sp, tp) = (NamedNode::new_unchecked(f), NamedNode::new_unchecked(ng("sentence")), NamedNode::new_unchecked(ng("text")));
    for q in store.quads_for_pattern(Some(fnode.as_ref().into()), Some(sp.as_ref()), None, None) {
        let q = q.map_err(storage)?;
        let Term::NamedNode(sn) = q.object else { continue };
        let mut texts: Vec<String> = Vec::new();
        for t in store.quads_for_pattern(Some(sn.as_ref().into()), Some(tp.as_ref()), None, None) {
            texts.push(str_of(&t.map_err(storage)?.object));
        }
        texts.sort();
        if let Some(t) = texts.into_iter().next() {
            return Ok(Some(t));
        }
    }
    Ok(None)
}
