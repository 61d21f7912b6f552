//! `ask` for a reader: the bundled questions in the order an analyst reads a conflict (the
//! sides and their backers, who leads, positions and calls, events and territory, casualties,
//! contradictions, the timeline), each with its top rows and its total.
//!
//! [`answer`] turns one query's results (whatever ran it: the embedded store or an endpoint)
//! into plain data; [`write_text`] and [`to_json`] print it. Only `limit` rows are ever held.

use std::io::Write;

use oxigraph::sparql::QueryResults;

use crate::query::{self, Bundled};
use crate::store::{CancellationToken, Graph, StoreError};

/// Bundled question names in reading order. Questions not listed (an analyst's own `.rq`
/// files) follow, by name.
pub const READING_ORDER: &[&str] = &[
    "sides",
    "who-backs-whom",
    "alliances",
    "who-leads-what",
    "ceasefire-calls",
    "who-urged-whom",
    "condemnations",
    "rejections",
    "denials",
    "meetings",
    "territory",
    "withdrawals",
    "casualties",
    "contradictions",
    "timeline",
    "most-discussed-actors",
];

/// Default number of rows shown per question.
pub const DEFAULT_LIMIT: usize = 10;

/// One answered question: its first `rows`, how many rows the query gave (`listed`), and how
/// many the answer has in all (`total`): more than `listed` when the question lists only the
/// summary graph's first 1,000 and its `# total:` list is longer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Answer {
    pub name: String,
    pub question: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub listed: usize,
    pub total: usize,
}

/// Bundled questions sorted into [`READING_ORDER`].
pub fn in_reading_order(mut bundled: Vec<Bundled>) -> Vec<Bundled> {
    let rank = |name: &str| READING_ORDER.iter().position(|n| *n == name).unwrap_or(READING_ORDER.len());
    bundled.sort_by(|a, b| rank(&a.name).cmp(&rank(&b.name)).then_with(|| a.name.cmp(&b.name)));
    bundled
}

/// The answer to `b` from its query's results: the first `limit` rows kept, the rest counted.
pub fn answer(b: &Bundled, results: QueryResults<'_>, limit: usize) -> Result<Answer, StoreError> {
    let err = |e: oxigraph::sparql::QueryEvaluationError| StoreError::Query(e.to_string());
    let mut a = Answer { name: b.name.clone(), question: b.question.clone(), columns: Vec::new(), rows: Vec::new(), listed: 0, total: 0 };
    match results {
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            a.columns = vars.iter().map(|v| v.as_str().to_string()).collect();
            for s in sols {
                let s = s.map_err(err)?;
                if a.rows.len() < limit {
                    a.rows.push(vars.iter().map(|v| query::show(s.get(v))).collect());
                }
                a.total += 1;
            }
        }
        QueryResults::Boolean(v) => {
            a.columns = vec!["answer".to_string()];
            a.rows = vec![vec![v.to_string()]];
            a.total = 1;
        }
        QueryResults::Graph(triples) => {
            a.columns = ["subject", "predicate", "object"].map(String::from).to_vec();
            for t in triples {
                let t = t.map_err(err)?;
                if a.rows.len() < limit {
                    a.rows.push(vec![t.subject.to_string(), t.predicate.to_string(), t.object.to_string()]);
                }
                a.total += 1;
            }
        }
    }
    a.listed = a.total;
    Ok(a)
}

/// The query giving the full size of the summary list `list` (one `ng:total` lookup).
pub fn total_query(list: &str) -> String {
    format!("SELECT ?total WHERE {{ <{}> <{}> ?total }}", crate::store::summary::total_iri(list).as_str(), crate::vocab::ng("total"))
}

/// The number `total_query` gives, if any.
pub fn read_total(results: QueryResults<'_>) -> Result<Option<usize>, StoreError> {
    let QueryResults::Solutions(mut sols) = results else { return Ok(None) };
    let Some(s) = sols.next() else { return Ok(None) };
    let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
    Ok(match s.get("total") {
        Some(oxigraph::model::Term::Literal(l)) => l.value().parse().ok(),
        _ => None,
    })
}

/// Run every question on the embedded store, in reading order, each stopped after `timeout`.
pub fn ask(graph: &Graph, bundled: Vec<Bundled>, limit: usize, timeout: Option<std::time::Duration>) -> Result<Vec<Answer>, StoreError> {
    let mut out = Vec::new();
    for b in in_reading_order(bundled) {
        let token = CancellationToken::new();
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let timer = timeout.map(|t| {
            let token = token.clone();
            std::thread::spawn(move || {
                if wait.recv_timeout(t) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                    token.cancel();
                }
            })
        });
        let a = graph.query_cancellable(&b.sparql, token.clone()).and_then(|r| answer(&b, r, limit)).and_then(|mut a| {
            // the true total: the list's full size in the summary graph, when the question names one
            if let Some(list) = &b.total {
                let total = graph.query_cancellable(&total_query(list), token.clone()).and_then(read_total)?;
                a.total = a.listed.max(total.unwrap_or(0));
            }
            Ok(a)
        });
        drop(done);
        if let Some(t) = timer {
            let _ = t.join();
        }
        match a {
            Err(_) if token.is_cancelled() => return Err(StoreError::Timeout(timeout.map_or(0, |t| t.as_secs()))),
            Err(e) => return Err(StoreError::Query(format!("bundled query {}: {e}", b.name))),
            Ok(a) => out.push(a),
        }
    }
    Ok(out)
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The answers as text: a heading per question, its table, and "N of M rows".
pub fn write_text(answers: &[Answer], w: &mut dyn Write) -> std::io::Result<()> {
    for a in answers {
        writeln!(w, "## {}  ({})\n", a.question, a.name)?;
        query::write_table(&a.columns, &a.rows, w)?;
        if a.total > a.listed {
            writeln!(w, "({} of {} rows; the first {}: newsgraph query {})", a.rows.len(), thousands(a.total), thousands(a.listed), a.name)?;
        } else if a.total > a.rows.len() {
            writeln!(w, "({} of {} rows; all: newsgraph query {})", a.rows.len(), thousands(a.total), a.name)?;
        } else if a.total > 0 {
            writeln!(w, "({} row{})", a.total, if a.total == 1 { "" } else { "s" })?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// The answers as JSON: `{"questions": [{name, question, columns, rows, total}]}`.
pub fn to_json(answers: &[Answer]) -> serde_json::Value {
    serde_json::json!({ "questions": answers })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(name: &str) -> Bundled {
        Bundled { name: name.to_string(), question: name.to_string(), sparql: String::new(), total: None }
    }

    #[test]
    fn reading_order_puts_sides_first_and_unknown_questions_last() {
        let names: Vec<String> = in_reading_order(vec![b("zz-mine"), b("timeline"), b("aa-mine"), b("sides"), b("who-leads-what")]).into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["sides", "who-leads-what", "timeline", "aa-mine", "zz-mine"]);
    }

    #[test]
    fn answer_keeps_limit_rows_and_counts_all() {
        let g = Graph::new().unwrap();
        let q = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 6 7 } } ORDER BY ?n";
        let a = answer(&b("n"), g.query(q).unwrap(), 3).unwrap();
        assert_eq!(a.rows, [["1"], ["2"], ["3"]]);
        assert_eq!(a.total, 7);
        let mut text = Vec::new();
        write_text(&[a], &mut text).unwrap();
        assert!(String::from_utf8(text).unwrap().contains("(3 of 7 rows; all: newsgraph query n)"));
    }

    /// A question over the summary's first 1,000 pairs: the total is the list's full size.
    #[test]
    fn totals_come_from_the_summary_when_the_question_lists_its_first_thousand() {
        use oxigraph::model::{Literal, NamedNode, Quad};
        let g = Graph::new().unwrap();
        let (ng, rdf) = (crate::vocab::ng, |l: &str| NamedNode::new_unchecked(format!("http://www.w3.org/1999/02/22-rdf-syntax-ns#{l}")));
        let doc = NamedNode::new_unchecked(crate::vocab::doc_iri("d"));
        let graph = oxigraph::model::GraphName::NamedNode(doc.clone());
        let sn = NamedNode::new_unchecked(crate::vocab::sentence_iri("s"));
        let mut quads = vec![
            Quad::new(doc.clone(), NamedNode::new_unchecked(ng("docId")), Literal::new_simple_literal("d"), graph.clone()),
            Quad::new(sn.clone(), NamedNode::new_unchecked(crate::vocab::PROV_DERIVED), doc.clone(), graph.clone()),
            Quad::new(sn.clone(), NamedNode::new_unchecked(ng("text")), Literal::new_simple_literal("A backs B."), graph.clone()),
        ];
        // 1,234 backers of one side, each with a name
        let backed = NamedNode::new_unchecked(crate::vocab::entity_iri("b"));
        quads.push(Quad::new(backed.clone(), NamedNode::new_unchecked(crate::vocab::SKOS_PREF), Literal::new_simple_literal("B"), graph.clone()));
        for i in 0..1234 {
            let (e, f) = (NamedNode::new_unchecked(crate::vocab::entity_iri(&format!("a{i}"))), NamedNode::new_unchecked(crate::vocab::fact_iri(&i.to_string())));
            quads.push(Quad::new(e.clone(), NamedNode::new_unchecked(crate::vocab::SKOS_PREF), Literal::new_simple_literal(format!("A{i:04}")), graph.clone()));
            quads.push(Quad::new(f.clone(), rdf("subject"), e, graph.clone()));
            quads.push(Quad::new(f.clone(), rdf("predicate"), NamedNode::new_unchecked(ng("supports")), graph.clone()));
            quads.push(Quad::new(f.clone(), rdf("object"), backed.clone(), graph.clone()));
            quads.push(Quad::new(f, NamedNode::new_unchecked(ng("sentence")), sn.clone(), graph.clone()));
        }
        g.bulk_load(quads).unwrap();
        g.rebuild_summary().unwrap();
        let bundled: Vec<Bundled> = query::bundled(&query::default_dir()).unwrap().into_iter().filter(|b| b.name == "who-backs-whom").collect();
        assert_eq!(bundled[0].total.as_deref(), Some("supports"));
        let a = ask(&g, bundled, 10, None).unwrap();
        assert_eq!((a[0].rows.len(), a[0].listed, a[0].total), (10, 1000, 1234));
        assert_eq!(a[0].rows[0][0], "A0000");
        let mut text = Vec::new();
        write_text(&a, &mut text).unwrap();
        assert!(String::from_utf8(text).unwrap().contains("(10 of 1,234 rows; the first 1,000: newsgraph query who-backs-whom)"));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(76543), "76,543");
        assert_eq!(thousands(999), "999");
    }
}
