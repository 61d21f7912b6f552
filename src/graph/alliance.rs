//! The alliance graph: actors as nodes (shape by type), edges for supports, alliedWith,
//! opposes and leads (style by relation, width by the number of articles behind them), and
//! actors on the same side grouped in clusters. A side is a group of actors joined by support
//! or alliance (leaders joining what they lead) that holds at least one support or alliance
//! and opposes someone outside it: leadership alone ("Gaddafi leads Libya") or a pair that
//! opposes no one is not a side. Symmetric relations (alliedWith, opposes) are one edge
//! whichever way the articles put them.
//! Written as Graphviz DOT by hand, because petgraph's DOT writer has no clusters.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;

use crate::store::{Graph, StoreError};
use crate::vocab::{self, EntityType, Predicate};

#[derive(Clone, Debug)]
pub struct Node {
    pub iri: String,
    pub label: String,
    pub etype: EntityType,
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub predicate: Predicate,
    /// Direction as read (subject → object); the petgraph edge is undirected.
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub docs: usize,
}

pub struct AllianceGraph {
    pub graph: UnGraph<Node, Edge>,
    /// Side number of each node (same number = same side); sides of one actor are `None`.
    pub sides: Vec<Option<usize>>,
}

fn query() -> String {
    let ng = vocab::NG;
    format!(
        r#"PREFIX ng: <{ng}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?sl ?st ?p ?o ?ol ?ot ?docs WHERE {{
  {{
    SELECT ?s ?p ?o (GROUP_CONCAT(DISTINCT STR(?d); separator=" ") AS ?docs) WHERE {{
      VALUES ?p {{ ng:supports ng:alliedWith ng:opposes ng:leads }}
      ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ng:sentence/prov:wasDerivedFrom ?d .
    }} GROUP BY ?s ?p ?o
  }}
  # one label and one actor type per entity (names minted by articles repeat in each one's graph)
  {{ SELECT ?s (MIN(STR(?sl_)) AS ?sl) WHERE {{ ?s skos:prefLabel ?sl_ }} GROUP BY ?s }}
  {{ SELECT ?s (MIN(?st_) AS ?st) WHERE {{ ?s a ?st_ . FILTER(?st_ IN (ng:Person, ng:Organization, ng:Country)) }} GROUP BY ?s }}
  {{ SELECT ?o (MIN(STR(?ol_)) AS ?ol) WHERE {{ ?o skos:prefLabel ?ol_ }} GROUP BY ?o }}
  {{ SELECT ?o (MIN(?ot_) AS ?ot) WHERE {{ ?o a ?ot_ . FILTER(?ot_ IN (ng:Person, ng:Organization, ng:Country)) }} GROUP BY ?o }}
}} ORDER BY ?sl ?p ?ol"#
    )
}

fn text(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        _ => String::new(),
    }
}

/// Read the alliance graph out of the store.
impl AllianceGraph {
    /// The `max` actors with the most articles behind their relations (the sum over their
    /// edges; ties by label), with their sides and the `max_edges` edges among them with the
    /// most articles (ties: in order), or `None` if the graph has no more actors or edges than
    /// that. What a drawing of a large archive can show: Graphviz lays out thousands of actors
    /// in tens of minutes and gigabytes, and no reader could follow it.
    pub fn most_documented(&self, max: usize, max_edges: usize) -> Option<AllianceGraph> {
        if self.graph.node_count() <= max && self.graph.edge_count() <= max_edges {
            return None;
        }
        let max = max.min(self.graph.node_count());
        let mut weight = vec![0usize; self.graph.node_count()];
        for e in self.graph.edge_weights() {
            weight[e.from.index()] += e.docs;
            weight[e.to.index()] += e.docs;
        }
        let mut order: Vec<NodeIndex> = self.graph.node_indices().collect();
        order.sort_by(|&a, &b| weight[b.index()].cmp(&weight[a.index()]).then_with(|| self.graph[a].label.cmp(&self.graph[b].label)));
        let mut keep = vec![false; self.graph.node_count()];
        for &i in &order[..max] {
            keep[i.index()] = true;
        }
        // kept nodes keep their order, so the drawing reads like the full one's
        let mut new_index = vec![None; self.graph.node_count()];
        let mut graph: UnGraph<Node, Edge> = UnGraph::new_undirected();
        let mut sides = Vec::with_capacity(max);
        for i in self.graph.node_indices().filter(|i| keep[i.index()]) {
            new_index[i.index()] = Some(graph.add_node(self.graph[i].clone()));
            sides.push(self.sides[i.index()]);
        }
        let mut edges: Vec<(usize, &Edge)> =
            self.graph.edge_weights().enumerate().filter(|(_, e)| keep[e.from.index()] && keep[e.to.index()]).collect();
        if edges.len() > max_edges {
            edges.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then(a.0.cmp(&b.0)));
            edges.truncate(max_edges);
            edges.sort_by_key(|&(i, _)| i);
        }
        for (_, e) in edges {
            if let (Some(a), Some(b)) = (new_index[e.from.index()], new_index[e.to.index()]) {
                graph.add_edge(a, b, Edge { from: a, to: b, ..e.clone() });
            }
        }
        Some(AllianceGraph { graph, sides })
    }
}

pub fn alliance_graph(store: &Graph) -> Result<AllianceGraph, StoreError> {
    let mut graph: UnGraph<Node, Edge> = UnGraph::new_undirected();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let QueryResults::Solutions(sols) = store.query(&query())? else { unreachable!("SELECT gives solutions") };
    let mut node = |graph: &mut UnGraph<Node, Edge>, iri: String, label: String, t: String| {
        *index.entry(iri.clone()).or_insert_with(|| {
            let etype = t.strip_prefix(vocab::NG).and_then(EntityType::from_name).unwrap_or(EntityType::Organization);
            graph.add_node(Node { iri, label, etype })
        })
    };
    // symmetric relations are keyed by the unordered pair, so each is drawn once, with the
    // articles of both directions
    let mut edges: BTreeMap<(Predicate, NodeIndex, NodeIndex), std::collections::BTreeSet<String>> = BTreeMap::new();
    for s in sols {
        let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
        let a = node(&mut graph, text(s.get("s")), text(s.get("sl")), text(s.get("st")));
        let b = node(&mut graph, text(s.get("o")), text(s.get("ol")), text(s.get("ot")));
        let p = text(s.get("p"));
        let Some(predicate) = p.strip_prefix(vocab::NG).and_then(Predicate::from_name) else { continue };
        if a == b {
            continue;
        }
        let (a, b) = if predicate.is_symmetric() && b < a { (b, a) } else { (a, b) };
        edges.entry((predicate, a, b)).or_default().extend(text(s.get("docs")).split(' ').filter(|d| !d.is_empty()).map(str::to_string));
    }
    for ((predicate, a, b), docs) in edges {
        graph.add_edge(a, b, Edge { predicate, from: a, to: b, docs: docs.len().max(1) });
    }
    let sides = find_sides(&graph);
    Ok(AllianceGraph { graph, sides })
}

/// Side numbers: groups joined by support, alliance or leadership, kept when they hold a
/// support or alliance and oppose someone outside; numbered by their first node.
fn find_sides(graph: &UnGraph<Node, Edge>) -> Vec<Option<usize>> {
    let mut uf = UnionFind::<usize>::new(graph.node_count());
    for e in graph.edge_weights() {
        if matches!(e.predicate, Predicate::Supports | Predicate::AlliedWith | Predicate::Leads) {
            uf.union(e.from.index(), e.to.index());
        }
    }
    let labels = uf.into_labeling();
    let mut bonded = std::collections::BTreeSet::new();
    let mut opposing = std::collections::BTreeSet::new();
    for e in graph.edge_weights() {
        let (a, b) = (labels[e.from.index()], labels[e.to.index()]);
        match e.predicate {
            Predicate::Supports | Predicate::AlliedWith => {
                bonded.insert(a);
            }
            Predicate::Opposes if a != b => {
                opposing.insert(a);
                opposing.insert(b);
            }
            _ => {}
        }
    }
    let mut numbers: BTreeMap<usize, usize> = BTreeMap::new();
    labels
        .iter()
        .map(|l| {
            (bonded.contains(l) && opposing.contains(l)).then(|| {
                let next = numbers.len();
                *numbers.entry(*l).or_insert(next)
            })
        })
        .collect()
}

/// Escape a string for a DOT double-quoted ID.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn shape(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "ellipse",
        EntityType::Organization => "box",
        EntityType::Country => "hexagon",
        _ => "plaintext",
    }
}

/// The graph as DOT.
pub fn to_dot(g: &AllianceGraph) -> String {
    let mut out = String::new();
    out.push_str("digraph alliances {\n  graph [rankdir=LR, fontname=\"Helvetica\", label=\"newsgraph alliance graph\"];\n");
    out.push_str("  node [fontname=\"Helvetica\", style=filled, fillcolor=\"#f4f4f4\"];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    let node_line = |i: NodeIndex| {
        let n = &g.graph[i];
        format!("n{} [label=\"{}\", shape={}, tooltip=\"{}\"];", i.index(), dot_escape(&n.label), shape(n.etype), dot_escape(&n.iri))
    };
    let mut by_side: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for i in g.graph.node_indices() {
        match g.sides[i.index()] {
            Some(s) => by_side.entry(s).or_default().push(i),
            None => {
                let _ = writeln!(out, "  {}", node_line(i));
            }
        }
    }
    for (side, nodes) in &by_side {
        let _ = writeln!(out, "  subgraph cluster_{side} {{\n    label=\"side {}\";\n    style=rounded;\n    color=\"#888888\";", side + 1);
        for &i in nodes {
            let _ = writeln!(out, "    {}", node_line(i));
        }
        out.push_str("  }\n");
    }
    for e in g.graph.edge_weights() {
        let (style, color, dir) = match e.predicate {
            Predicate::Supports => ("solid", "#2e7d32", "forward"),
            Predicate::AlliedWith => ("dashed", "#1565c0", "none"),
            Predicate::Opposes => ("bold", "#c62828", "none"),
            _ => ("dotted", "#555555", "forward"),
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label=\"{} ({})\", style={style}, color=\"{color}\", dir={dir}, penwidth={}, weight={}];",
            e.from.index(),
            e.to.index(),
            e.predicate.name(),
            e.docs,
            1 + e.docs.min(5),
            e.docs
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str) -> Node {
        Node { iri: format!("x:{label}"), label: label.into(), etype: EntityType::Organization }
    }

    /// A drawing of a large archive keeps the actors with the most articles behind them, the
    /// edges among them and their sides; a small graph is drawn whole.
    #[test]
    fn the_most_documented_actors_and_their_edges() {
        let mut graph: UnGraph<Node, Edge> = UnGraph::new_undirected();
        let n: Vec<NodeIndex> = ["A", "B", "C", "D"].iter().map(|l| graph.add_node(node(l))).collect();
        let mut edge = |a: usize, b: usize, predicate, docs| {
            graph.add_edge(n[a], n[b], Edge { predicate, from: n[a], to: n[b], docs });
        };
        edge(0, 1, Predicate::Supports, 5); // A 5+1, B 5+3
        edge(1, 2, Predicate::Opposes, 3); // C 3
        edge(0, 3, Predicate::Opposes, 1); // D 1
        let g = AllianceGraph { graph, sides: vec![Some(0), Some(0), None, None] };
        assert!(g.most_documented(4, 3).is_none());
        let top = g.most_documented(3, 3).expect("one actor too many");
        let labels: Vec<&str> = top.graph.node_weights().map(|x| x.label.as_str()).collect();
        assert_eq!(labels, ["A", "B", "C"]);
        assert_eq!(top.sides, [Some(0), Some(0), None]);
        let edges: Vec<(&str, &str, usize)> =
            top.graph.edge_weights().map(|e| (top.graph[e.from].label.as_str(), top.graph[e.to].label.as_str(), e.docs)).collect();
        assert_eq!(edges, [("A", "B", 5), ("B", "C", 3)]);
        assert!(to_dot(&top).contains("n1 -> n2 [label=\"opposes (3)\""));
        // too many edges: the ones with the most articles stay
        let strongest = g.most_documented(4, 1).expect("one edge too many");
        assert_eq!(strongest.graph.node_count(), 4);
        assert_eq!(strongest.graph.edge_weights().map(|e| e.docs).collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn escapes_quotes_and_backslashes() {
        assert_eq!(dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }
}
