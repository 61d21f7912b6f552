//! IRIs of the ontology (mirrors `ontology/newsgraph.ttl`) and the typed terms built on them.
//! This is the one place that spells out IRIs; everything else asks it.

use std::fmt;

pub const NG: &str = "https://newsgraph.dev/ns#";
pub const ENT: &str = "https://newsgraph.dev/id/";
pub const DOC: &str = "https://newsgraph.dev/doc/";
pub const FACT: &str = "https://newsgraph.dev/fact/";
pub const SENTENCE: &str = "https://newsgraph.dev/sentence/";
/// Reading nodes (a rule and a confidence), described once in the ontology graph.
pub const READING: &str = "https://newsgraph.dev/reading/";
pub const ONTOLOGY_GRAPH: &str = "https://newsgraph.dev/graph/ontology";
/// The summary graph (`store::summary`): names, and the ranked pairs, sides and actors the
/// bundled questions read.
pub const SUMMARY_GRAPH: &str = "https://newsgraph.dev/graph/summary";
pub const SUMMARY_PAIR: &str = "https://newsgraph.dev/summary/pair/";
pub const SUMMARY_SIDE: &str = "https://newsgraph.dev/summary/side/";
pub const SUMMARY_CONFLICT: &str = "https://newsgraph.dev/summary/conflict/";
pub const SUMMARY_FIGURES: &str = "https://newsgraph.dev/summary/figures/";
/// Nodes holding the full size of a summary list (`ng:total`), however many it ranks.
pub const SUMMARY_TOTAL: &str = "https://newsgraph.dev/summary/total/";

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDF_STATEMENT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
pub const RDF_SUBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject";
pub const RDF_PREDICATE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate";
pub const RDF_OBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object";
pub const SKOS_PREF: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
pub const SKOS_ALT: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const SKOS_HIDDEN: &str = "http://www.w3.org/2004/02/skos/core#hiddenLabel";
pub const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
pub const PROV_ATTRIBUTED: &str = "http://www.w3.org/ns/prov#wasAttributedTo";
pub const SCHEMA_HEADLINE: &str = "http://schema.org/headline";
pub const SCHEMA_PUBLISHER: &str = "http://schema.org/publisher";
pub const SCHEMA_DATE_PUBLISHED: &str = "http://schema.org/datePublished";
pub const SCHEMA_URL: &str = "http://schema.org/url";
pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
pub const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";

/// `ng:` + local name.
pub fn ng(local: &str) -> String {
    format!("{NG}{local}")
}

/// The IRI of an entity from its key (`haftar`, `person/mohamed-gnounou`).
pub fn entity_iri(key: &str) -> String {
    format!("{ENT}{key}")
}

/// The IRI of an article, also the name of its graph.
pub fn doc_iri(doc_id: &str) -> String {
    format!("{DOC}{}", iri_safe(doc_id))
}

pub fn fact_iri(id: &str) -> String {
    format!("{FACT}{id}")
}

/// The IRI of a sentence node (shared by the facts read from that sentence).
pub fn sentence_iri(id: &str) -> String {
    format!("{SENTENCE}{id}")
}

/// The IRI of a reading: a rule's name and a confidence (`supports.passive`, `0.72`).
pub fn reading_iri(rule: &str, confidence: &str) -> String {
    format!("{READING}{}/{}", iri_safe(rule), iri_safe(confidence))
}

/// Keep IRI-safe characters, percent-encode the rest.
pub fn iri_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Organization,
    Country,
    Place,
    Concept,
}

impl EntityType {
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Country,
        EntityType::Place,
        EntityType::Concept,
    ];
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Country => "Country",
            EntityType::Place => "Place",
            EntityType::Concept => "Concept",
        }
    }
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == s)
    }
    /// One-letter code used in masked sentences and rule patterns.
    pub fn code(self) -> char {
        match self {
            EntityType::Person => 'p',
            EntityType::Organization => 'o',
            EntityType::Country => 'c',
            EntityType::Place => 'l',
            EntityType::Concept => 'k',
        }
    }
    pub fn is_actor(self) -> bool {
        matches!(self, EntityType::Person | EntityType::Organization | EntityType::Country)
    }
    pub fn iri(self) -> String {
        ng(self.name())
    }
}

/// The predicates of FACTS.md plus the four casualty kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predicate {
    Leads,
    MemberOf,
    Supports,
    AlliedWith,
    Opposes,
    Urges,
    CallsFor,
    Rejects,
    Condemns,
    MetWith,
    Attacked,
    Captured,
    WithdrewFrom,
    DeniesSupporting,
    Killed,
    Wounded,
    Displaced,
    Prisoners,
}

impl Predicate {
    pub const ALL: [Predicate; 18] = [
        Predicate::Leads,
        Predicate::MemberOf,
        Predicate::Supports,
        Predicate::AlliedWith,
        Predicate::Opposes,
        Predicate::Urges,
        Predicate::CallsFor,
        Predicate::Rejects,
        Predicate::Condemns,
        Predicate::MetWith,
        Predicate::Attacked,
        Predicate::Captured,
        Predicate::WithdrewFrom,
        Predicate::DeniesSupporting,
        Predicate::Killed,
        Predicate::Wounded,
        Predicate::Displaced,
        Predicate::Prisoners,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Predicate::Leads => "leads",
            Predicate::MemberOf => "memberOf",
            Predicate::Supports => "supports",
            Predicate::AlliedWith => "alliedWith",
            Predicate::Opposes => "opposes",
            Predicate::Urges => "urges",
            Predicate::CallsFor => "callsFor",
            Predicate::Rejects => "rejects",
            Predicate::Condemns => "condemns",
            Predicate::MetWith => "metWith",
            Predicate::Attacked => "attacked",
            Predicate::Captured => "captured",
            Predicate::WithdrewFrom => "withdrewFrom",
            Predicate::DeniesSupporting => "deniesSupporting",
            Predicate::Killed => "killed",
            Predicate::Wounded => "wounded",
            Predicate::Displaced => "displaced",
            Predicate::Prisoners => "prisoners",
        }
    }
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(s))
    }
    pub fn is_casualty(self) -> bool {
        matches!(self, Predicate::Killed | Predicate::Wounded | Predicate::Displaced | Predicate::Prisoners)
    }
    pub fn is_symmetric(self) -> bool {
        matches!(self, Predicate::AlliedWith | Predicate::Opposes | Predicate::MetWith)
    }
    pub fn iri(self) -> String {
        ng(self.name())
    }
    /// Whether `t` may be this predicate's object.
    pub fn accepts_object(self, t: EntityType) -> bool {
        use EntityType::*;
        match self {
            Predicate::CallsFor | Predicate::Rejects => t == Concept,
            Predicate::Captured => t == Place,
            Predicate::Attacked | Predicate::WithdrewFrom => t != Concept,
            Predicate::Leads | Predicate::MemberOf => matches!(t, Organization | Country),
            _ => t.is_actor(),
        }
    }
    pub fn accepts_subject(self, t: EntityType) -> bool {
        match self {
            Predicate::Leads => matches!(t, EntityType::Person | EntityType::Organization),
            _ => t.is_actor(),
        }
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicate_names_round_trip() {
        for p in Predicate::ALL {
            assert_eq!(Predicate::from_name(p.name()), Some(p));
        }
        assert_eq!(Predicate::from_name("nope"), None);
    }

    #[test]
    fn iri_safe_encodes() {
        assert_eq!(iri_safe("a b/ç"), "a%20b%2F%C3%A7");
    }
}
