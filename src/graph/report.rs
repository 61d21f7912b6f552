//! `report`: one self-contained, offline HTML page for a reader: the alliance graph as inline
//! SVG (laid out by Graphviz `dot` when installed, else by the pure-Rust `layout-rs`), each
//! side with its members and backers, who backs whom with the evidence sentences and links to
//! the sources, casualty figures by reporter, contradictions, the timeline, the sources, and a
//! footer saying how the page was made. No scripts, no external files; readable on a phone
//! (tables scroll sideways, the graph shrinks) and in print.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use oxigraph::sparql::QueryResults;
use petgraph::visit::EdgeRef;

use crate::ask::{self, Answer};
use crate::graph::{self, AllianceGraph};
use crate::query::{self, Bundled};
use crate::store::{Graph, StoreError};
use crate::vocab::Predicate;

/// How the graph is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Graphviz `dot` when installed, else the built-in layout.
    Auto,
    /// Graphviz `dot` only.
    Graphviz,
    /// The pure-Rust layout (`layout-rs`).
    Builtin,
}

/// What the footer says about how the report was made.
#[derive(Clone, Debug, Default)]
pub struct Made {
    pub corpus: String,
    pub version: String,
}

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The DOT graph as SVG, and the name of the layout that drew it.
pub fn render_svg(dot: &str, layout: Layout) -> Result<(String, &'static str), String> {
    if layout != Layout::Builtin {
        match graphviz(dot) {
            Ok(svg) => return Ok((svg, "Graphviz dot")),
            Err(e) if layout == Layout::Graphviz => return Err(e),
            Err(_) => {}
        }
    }
    builtin(dot).map(|svg| (svg, "layout-rs"))
}

fn graphviz(dot: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("running Graphviz dot: {e}"))?;
    child.stdin.take().expect("piped").write_all(dot.as_bytes()).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err("Graphviz dot failed".to_string());
    }
    let svg = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    Ok(svg.find("<svg").map_or(svg.clone(), |i| svg[i..].to_string()))
}

fn builtin(dot: &str) -> Result<String, String> {
    let dot = dot.to_string();
    std::panic::catch_unwind(move || {
        let mut parser = layout::gv::DotParser::new(&dot);
        let ast = parser.process().map_err(|e| format!("built-in layout: {e}"))?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut vg = builder.get();
        let mut svg = layout::backends::svg::SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        let out = svg.finalize();
        Ok(out.find("<svg").map_or(out.clone(), |i| out[i..].to_string()))
    })
    .unwrap_or_else(|_| Err("built-in layout failed on this graph".to_string()))
}

/// One supports fact with one piece of evidence.
struct Backing {
    backer: String,
    backed: String,
    doc: String,
    sentence: String,
    date: String,
}

/// A source article.
#[derive(Clone, Debug, Default)]
struct Source {
    title: String,
    outlet: String,
    date: String,
    url: String,
}

fn solutions(graph: &Graph, q: &str) -> Result<Vec<BTreeMap<String, String>>, StoreError> {
    let QueryResults::Solutions(sols) = graph.query(q)? else { return Ok(Vec::new()) };
    let vars: Vec<_> = sols.variables().to_vec();
    let mut out = Vec::new();
    for s in sols {
        let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
        out.push(vars.iter().map(|v| (v.as_str().to_string(), query::show(s.get(v)))).collect());
    }
    Ok(out)
}

const PREFIXES: &str = "PREFIX ng: <https://newsgraph.dev/ns#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX schema: <http://schema.org/>\n";

fn sources(graph: &Graph) -> Result<BTreeMap<String, Source>, StoreError> {
    let q = format!(
        "{PREFIXES}SELECT ?doc ?title ?outlet ?date ?url WHERE {{ ?d a ng:Article ; ng:docId ?doc . \
         OPTIONAL {{ ?d schema:headline ?title }} OPTIONAL {{ ?d schema:publisher ?outlet }} \
         OPTIONAL {{ ?d schema:datePublished ?date }} OPTIONAL {{ ?d schema:url ?url }} }} ORDER BY ?doc"
    );
    Ok(solutions(graph, &q)?
        .into_iter()
        .map(|r| (r["doc"].clone(), Source { title: r["title"].clone(), outlet: r["outlet"].clone(), date: r["date"].clone(), url: r["url"].clone() }))
        .collect())
}

fn backings(graph: &Graph) -> Result<Vec<Backing>, StoreError> {
    let q = format!(
        "{PREFIXES}SELECT DISTINCT ?backer ?backed ?doc ?sentence ?date WHERE {{ \
         ?f rdf:predicate ng:supports ; rdf:subject ?s ; rdf:object ?o ; ng:sentence ?sn . ?sn ng:text ?sentence ; prov:wasDerivedFrom ?d . \
         ?d ng:docId ?doc . ?s skos:prefLabel ?backer . ?o skos:prefLabel ?backed . OPTIONAL {{ ?f ng:date ?date }} }} \
         ORDER BY ?backer ?backed ?doc ?sentence"
    );
    Ok(solutions(graph, &q)?
        .into_iter()
        .map(|r| Backing { backer: r["backer"].clone(), backed: r["backed"].clone(), doc: r["doc"].clone(), sentence: r["sentence"].clone(), date: r["date"].clone() })
        .collect())
}

fn casualties(graph: &Graph) -> Result<Vec<BTreeMap<String, String>>, StoreError> {
    let q = format!(
        "{PREFIXES}SELECT ?reporter ?kind ?count ?date ?doc ?sentence WHERE {{ \
         ?f ng:kind ?k ; ng:count ?count ; ng:sentence ?sn . ?sn ng:text ?sentence ; prov:wasDerivedFrom ?d . ?d ng:docId ?doc . \
         OPTIONAL {{ ?f rdf:subject ?r . ?r skos:prefLabel ?rl }} OPTIONAL {{ ?f ng:reporter ?r2 . ?r2 skos:prefLabel ?rl2 }} \
         OPTIONAL {{ ?f ng:date ?date }} \
         BIND(COALESCE(?rl, ?rl2, \"(not said)\") AS ?reporter) BIND(STRAFTER(STR(?k), \"#\") AS ?kind) }} \
         ORDER BY ?reporter ?kind DESC(?count) ?doc LIMIT 500"
    );
    solutions(graph, &q)
}

fn count(graph: &Graph, q: &str) -> usize {
    solutions(graph, &format!("{PREFIXES}{q}")).ok().and_then(|r| r.first().and_then(|r| r.get("n").and_then(|n| n.parse().ok()))).unwrap_or(0)
}

const CSS: &str = r#"
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --support: #2e7d32; --oppose: #c62828; }
* { box-sizing: border-box; }
body { font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.lede, .muted, footer { color: var(--muted); }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { background: #f4f4f6; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: .8rem; }
.side { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
.side h3 { margin-top: 0; }
blockquote { margin: .3rem 0 .6rem; padding: .2rem .8rem; border-left: 3px solid var(--support); }
.backing { margin-bottom: 1rem; }
.legend span { margin-right: 1rem; white-space: nowrap; }
a { color: #1a56b0; }
@media (max-width: 600px) { body { font-size: 15px; padding: .6rem; } th, td { padding: .3rem; } }
@media print { body { max-width: none; font-size: 11pt; } .scroll { overflow: visible; } h2 { break-after: avoid; } .side, .backing, tr { break-inside: avoid; } a { color: inherit; } }
"#;

fn doc_link(doc: &str, anchors: &BTreeMap<String, usize>) -> String {
    match anchors.get(doc) {
        Some(n) => format!("<a href=\"#src-{n}\">[{n}]</a>"),
        None => esc(doc),
    }
}

fn answer_table(a: &Answer, anchors: &BTreeMap<String, usize>, out: &mut String) {
    if a.rows.is_empty() {
        out.push_str("<p class=\"muted\">None found.</p>\n");
        return;
    }
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for c in &a.columns {
        let _ = write!(out, "<th>{}</th>", esc(&c.replace('_', " ")));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in &a.rows {
        out.push_str("<tr>");
        for (c, v) in a.columns.iter().zip(r) {
            let cell = if c == "doc" { doc_link(v, anchors) } else { esc(v) };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if a.total > a.rows.len() {
        let _ = writeln!(out, "<p class=\"muted\">{} of {} rows; all with <code>newsgraph query {}</code>.</p>", a.rows.len(), a.total, esc(&a.name));
    }
}

/// The most actors and edges the report's graph draws: Graphviz lays out a few dozen in well
/// under a second, thousands in tens of minutes and gigabytes (the built-in layout is slower).
pub const MAX_DRAWN: usize = 40;
pub const MAX_DRAWN_EDGES: usize = 80;

/// The report as one HTML page.
pub fn report(graph: &Graph, bundled: &[Bundled], layout: Layout, made: &Made) -> Result<String, StoreError> {
    let g: AllianceGraph = graph::alliance_graph(graph)?;
    // a large archive's graph is drawn for its most documented actors (the tables below list all)
    let drawn = g.most_documented(MAX_DRAWN, MAX_DRAWN_EDGES);
    let dot = graph::to_dot(drawn.as_ref().unwrap_or(&g));
    let (svg, drawn_by) = match render_svg(&dot, layout) {
        Ok((svg, by)) => (svg, by),
        Err(e) => (format!("<p class=\"muted\">The graph could not be drawn: {}</p>", esc(&e)), "nothing"),
    };
    let sources = sources(graph)?;
    let anchors: BTreeMap<String, usize> = sources.keys().enumerate().map(|(i, d)| (d.clone(), i + 1)).collect();
    let answer = |name: &str, limit: usize| -> Result<Option<Answer>, StoreError> {
        match bundled.iter().find(|b| b.name == name) {
            Some(b) => Ok(Some(ask::answer(b, graph.query(&b.sparql)?, limit)?)),
            None => Ok(None),
        }
    };
    let facts = count(graph, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f ng:sentence ?s }");
    let quads = graph.len()?;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>newsgraph report</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Who backs whom: what the articles say</h1>\n");
    let _ = writeln!(out, "<p class=\"lede\">{} articles, {} facts, each traceable to its sentence. Numbers in brackets link to the sources.</p>\n</header>", sources.len(), facts);

    // the graph
    out.push_str("<section id=\"graph\">\n<h2>Alliance graph</h2>\n");
    out.push_str("<p class=\"legend muted\"><span style=\"color:var(--support)\">&#9632; supports</span><span style=\"color:#1565c0\">&#9632; allied with</span><span style=\"color:var(--oppose)\">&#9632; opposes</span><span>&#9632; leads (dotted)</span> Boxes: organizations; hexagons: countries; ellipses: people. Edge labels count articles.</p>\n");
    if let Some(d) = &drawn {
        let _ = writeln!(
            out,
            "<p class=\"muted\">The {} actors with the most articles behind their relations, of {}, and the {} relations among them with the most articles, of {}; <code>newsgraph graph</code> draws them all.</p>",
            d.graph.node_count(),
            g.graph.node_count(),
            d.graph.edge_count(),
            g.graph.edge_count()
        );
    }
    let _ = writeln!(out, "<figure>{svg}</figure>\n</section>");

    // sides
    out.push_str("<section id=\"sides\">\n<h2>Sides</h2>\n");
    let mut by_side: BTreeMap<usize, Vec<petgraph::graph::NodeIndex>> = BTreeMap::new();
    for i in g.graph.node_indices() {
        if let Some(s) = g.sides[i.index()] {
            by_side.entry(s).or_default().push(i);
        }
    }
    if by_side.is_empty() {
        out.push_str("<p class=\"muted\">No sides: no group both backs or allies with someone and opposes someone else.</p>\n");
    } else {
        out.push_str("<div class=\"sides\">\n");
        for (side, nodes) in &by_side {
            let in_side: BTreeSet<_> = nodes.iter().copied().collect();
            let backers: BTreeSet<String> = g
                .graph
                .edge_references()
                .filter(|e| e.weight().predicate == Predicate::Supports && in_side.contains(&e.weight().from) && in_side.contains(&e.weight().to))
                .filter(|e| !g.graph.edges(e.weight().from).any(|o| o.weight().predicate == Predicate::Opposes))
                .map(|e| g.graph[e.weight().from].label.clone())
                .collect();
            let members: BTreeSet<String> = nodes.iter().map(|i| g.graph[*i].label.clone()).filter(|l| !backers.contains(l)).collect();
            let opposed: BTreeSet<String> = nodes
                .iter()
                .flat_map(|i| g.graph.edges(*i))
                .filter(|e| e.weight().predicate == Predicate::Opposes)
                .map(|e| if in_side.contains(&e.source()) && in_side.contains(&e.target()) { e.source() } else if in_side.contains(&e.source()) { e.target() } else { e.source() })
                .filter(|o| !in_side.contains(o))
                .map(|o| g.graph[o].label.clone())
                .collect();
            let list = |s: &BTreeSet<String>| if s.is_empty() { "—".to_string() } else { s.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ") };
            let _ = writeln!(
                out,
                "<div class=\"side\"><h3>Side {}</h3><p><strong>Members:</strong> {}</p><p><strong>Backers:</strong> {}</p><p><strong>Opposes:</strong> {}</p></div>",
                side + 1,
                list(&members),
                list(&backers),
                list(&opposed)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");

    // who backs whom, with evidence
    out.push_str("<section id=\"backing\">\n<h2>Who backs whom</h2>\n");
    let backs = backings(graph)?;
    if backs.is_empty() {
        out.push_str("<p class=\"muted\">No support found.</p>\n");
    }
    let mut pairs: BTreeMap<(String, String), Vec<&Backing>> = BTreeMap::new();
    for b in &backs {
        pairs.entry((b.backer.clone(), b.backed.clone())).or_default().push(b);
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by_key(|(k, v)| (std::cmp::Reverse(v.iter().map(|b| &b.doc).collect::<BTreeSet<_>>().len()), k.clone()));
    for ((backer, backed), ev) in &pairs {
        let docs: BTreeSet<&String> = ev.iter().map(|b| &b.doc).collect();
        let _ = writeln!(out, "<div class=\"backing\"><h3>{} supports {} <span class=\"muted\">({} article{})</span></h3>", esc(backer), esc(backed), docs.len(), if docs.len() == 1 { "" } else { "s" });
        for b in ev.iter().take(3) {
            let date = if b.date.is_empty() { String::new() } else { format!(" {}", esc(&b.date)) };
            let _ = writeln!(out, "<blockquote>{} {}{date}</blockquote>", esc(&b.sentence), doc_link(&b.doc, &anchors));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");

    // casualties by reporter
    out.push_str("<section id=\"casualties\">\n<h2>Casualty figures by reporter</h2>\n");
    let cas = casualties(graph)?;
    if cas.is_empty() {
        out.push_str("<p class=\"muted\">No casualty figures found.</p>\n");
    } else {
        out.push_str("<div class=\"scroll\"><table><thead><tr><th>reported by</th><th>kind</th><th>number</th><th>date</th><th>source</th><th>sentence</th></tr></thead><tbody>\n");
        for r in &cas {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r["reporter"]),
                esc(&r["kind"]),
                esc(&r["count"]),
                esc(&r["date"]),
                doc_link(&r["doc"], &anchors),
                esc(&r["sentence"])
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</section>\n");

    for (id, title, name, limit) in [("contradictions", "Contradictions", "contradictions", 50), ("timeline", "Timeline", "timeline", 100)] {
        let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{title}</h2>");
        match answer(name, limit)? {
            Some(a) => {
                let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(&a.question));
                answer_table(&a, &anchors, &mut out);
            }
            None => out.push_str("<p class=\"muted\">(question not bundled)</p>\n"),
        }
        out.push_str("</section>\n");
    }

    // sources
    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
    for (doc, s) in &sources {
        let n = anchors[doc];
        let title = if s.title.is_empty() { doc.clone() } else { s.title.clone() };
        let title = if s.url.is_empty() { esc(&title) } else { format!("<a href=\"{}\">{}</a>", esc(&s.url), esc(&title)) };
        let extra: Vec<String> = [&s.outlet, &s.date].iter().filter(|x| !x.is_empty()).map(|x| esc(x)).collect();
        let _ = writeln!(out, "<li id=\"src-{n}\" value=\"{n}\">{title} <span class=\"muted\">{} · <code>{}</code></span></li>", extra.join(", "), esc(doc));
    }
    out.push_str("</ol>\n</section>\n");

    let _ = writeln!(
        out,
        "<footer>\n<hr>\n<p>Made by newsgraph {} from {} ({} articles, {} facts, {} quads). Graph laid out by {}. Facts were read by rules from each sentence; check the sentence before relying on a fact. Each fact's full evidence: <code>newsgraph explain SUBJECT PREDICATE OBJECT</code>.</p>\n</footer>\n</body>\n</html>",
        esc(&made.version),
        esc(&made.corpus),
        sources.len(),
        facts,
        quads,
        drawn_by
    );
    Ok(out)
}
