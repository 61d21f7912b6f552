//! `profile ACTOR`: what the articles say about one actor, as one SPARQL query built for its
//! IRIs: each relation read from the actor's side ("supports X", "supported by Y"), with the
//! number of articles and outlets, the first and last date, and one sentence as evidence;
//! casualty figures the actor reported come last.

use oxigraph::model::{Literal, NamedNode};
use oxigraph::sparql::QueryResults;

use crate::store::{Graph, StoreError};
use crate::vocab::{self, Predicate};

/// How a relation reads from its subject's side and from its object's side.
fn phrases(p: Predicate) -> Option<(&'static str, &'static str)> {
    Some(match p {
        Predicate::Leads => ("leads", "led by"),
        Predicate::MemberOf => ("member of", "has member"),
        Predicate::Supports => ("supports", "supported by"),
        Predicate::AlliedWith => ("allied with", "allied with"),
        Predicate::Opposes => ("opposes", "opposes"),
        Predicate::Urges => ("urged", "urged by"),
        Predicate::CallsFor => ("calls for", "called for by"),
        Predicate::Rejects => ("rejects", "rejected by"),
        Predicate::Condemns => ("condemned", "condemned by"),
        Predicate::MetWith => ("met with", "met with"),
        Predicate::Attacked => ("attacked", "attacked by"),
        Predicate::Captured => ("captured", "captured by"),
        Predicate::WithdrewFrom => ("withdrew from", "left by"),
        Predicate::DeniesSupporting => ("denies supporting", "denied support by"),
        _ => return None,
    })
}

/// The profile query for an actor known by these IRIs (one entity, or several graph entities
/// sharing a label). Columns: relation, other, articles, outlets, first, last, evidence.
pub fn profile_query(iris: &[String]) -> String {
    let actors: Vec<String> = iris.iter().filter_map(|i| NamedNode::new(i.as_str()).ok()).map(|n| n.to_string()).collect();
    let mut values = String::new();
    for (rank, p) in Predicate::ALL.iter().enumerate() {
        if let Some((active, passive)) = phrases(*p) {
            values.push_str(&format!(
                "    (<{}> {rank} {} {})\n",
                p.iri(),
                Literal::new_simple_literal(active),
                Literal::new_simple_literal(passive)
            ));
        }
    }
    format!(
        r##"PREFIX ng: <{ng}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
SELECT ?relation ?other ?articles ?outlets ?first ?last ?evidence
WHERE {{
  {{
    SELECT ?rank ?relation ?x (COUNT(DISTINCT ?d) AS ?articles) (COUNT(DISTINCT ?outlet) AS ?outlets)
           (MIN(?when) AS ?first) (MAX(?when) AS ?last) (MIN(CONCAT(STR(?f), " ", ?text)) AS ?example)
    WHERE {{
      VALUES ?a {{ {actors} }}
      {{
        VALUES (?p ?rank ?active ?passive) {{
{values}        }}
        {{ ?f rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?x . BIND(true AS ?active_side) }}
        UNION
        {{ ?f rdf:object ?a ; rdf:predicate ?p ; rdf:subject ?x . BIND(false AS ?active_side) }}
        BIND(IF(?active_side, ?active, ?passive) AS ?relation)
      }}
      UNION
      {{
        ?f rdf:subject ?a ; ng:kind ?k ; ng:count ?x .
        BIND(100 AS ?rank) BIND(CONCAT("reported ", STRAFTER(STR(?k), "#")) AS ?relation)
      }}
      ?f ng:sentence ?sn . ?sn prov:wasDerivedFrom ?d ; ng:text ?text .
      OPTIONAL {{ ?d schema:publisher ?outlet }}
      OPTIONAL {{ ?f ng:date ?factDate }}
      OPTIONAL {{ ?d schema:datePublished ?published }}
      BIND(COALESCE(?factDate, ?published) AS ?when)
    }}
    GROUP BY ?rank ?relation ?x
  }}
  BIND(STRAFTER(?example, " ") AS ?evidence)  # the sentence of the group's first fact
  OPTIONAL {{ ?x skos:prefLabel ?label }}
  BIND(COALESCE(?label, IF(isIRI(?x), STRAFTER(STR(?x), "#"), STR(?x))) AS ?other)
}}
ORDER BY ?rank DESC(?articles) ?other"##,
        ng = vocab::NG,
        actors = actors.join(" "),
    )
}

/// Totals for the heading: facts, articles, outlets, first and last date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub facts: usize,
    pub articles: usize,
    pub outlets: usize,
    pub first: String,
    pub last: String,
}

pub fn totals(graph: &Graph, iris: &[String]) -> Result<Totals, StoreError> {
    let actors: Vec<String> = iris.iter().filter_map(|i| NamedNode::new(i.as_str()).ok()).map(|n| n.to_string()).collect();
    let q = format!(
        r#"PREFIX ng: <{ng}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
SELECT (COUNT(DISTINCT ?f) AS ?facts) (COUNT(DISTINCT ?d) AS ?articles) (COUNT(DISTINCT ?outlet) AS ?outlets)
       (MIN(?when) AS ?first) (MAX(?when) AS ?last)
WHERE {{
  VALUES ?a {{ {actors} }}
  {{ ?f rdf:subject ?a }} UNION {{ ?f rdf:object ?a }}
  ?f ng:sentence ?sn . ?sn ng:text ?s ; prov:wasDerivedFrom ?d .
  OPTIONAL {{ ?d schema:publisher ?outlet }}
  OPTIONAL {{ ?f ng:date ?factDate }}
  OPTIONAL {{ ?d schema:datePublished ?published }}
  BIND(COALESCE(?factDate, ?published) AS ?when)
}}"#,
        ng = vocab::NG,
        actors = actors.join(" ")
    );
    let QueryResults::Solutions(mut sols) = graph.query(&q)? else { return Ok(Totals::default()) };
    let Some(s) = sols.next() else { return Ok(Totals::default()) };
    let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
    let v = |n: &str| crate::query::show(s.get(n));
    Ok(Totals { facts: v("facts").parse().unwrap_or(0), articles: v("articles").parse().unwrap_or(0), outlets: v("outlets").parse().unwrap_or(0), first: v("first"), last: v("last") })
}
