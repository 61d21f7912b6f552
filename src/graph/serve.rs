//! `newsgraph serve`: a read-only SPARQL 1.1 Protocol endpoint over a [`Graph`].
//!
//! In: HTTP requests (GET `?query=`, POST URL-encoded or `application/sparql-query`).
//! Out: results as JSON, XML, CSV or TSV (SELECT, ASK) or Turtle / N-Triples (CONSTRUCT,
//! DESCRIBE), chosen by the `Accept` header (or `format=`), written by [`query::run_limited`]
//! under the same timeout and row cap as the CLI. Updates are refused (403).
//!
//! Each request runs on its own thread (up to [`Config::max_clients`] at once), so a slow or
//! stalled client holds one thread and nobody else; a panic is caught and answered 500. The
//! HTTP layer is `tiny_http`: small, synchronous, and enough for a loopback or LAN endpoint.

use std::io::Read;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, ReaderQueryResultsParserOutput};
use spargebra::Query;

use crate::query::{self, Bundled, Limits, QueryError, ResultFormat};
use crate::remote::{form_pairs, percent_encode};
use crate::store::{self, Graph, StoreError};

/// How the endpoint behaves.
#[derive(Clone, Debug)]
pub struct Config {
    pub bind: SocketAddr,
    /// Timeout and row cap of every query.
    pub limits: Limits,
    /// Largest request body accepted (413 above).
    pub max_body: usize,
    /// Requests answered at once; more get 503.
    pub max_clients: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { bind: SocketAddr::from(([127, 0, 0, 1], 7878)), limits: Limits::default(), max_body: 1 << 20, max_clients: 64 }
    }
}

/// A bound endpoint, not yet answering: [`Server::run`] answers until [`Stopper::stop`].
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    ctx: Arc<Ctx>,
}

struct Ctx {
    graph: Graph,
    config: Config,
    bundled: Vec<Bundled>,
    active: AtomicUsize,
}

/// Stops a running [`Server`] from another thread (a signal handler, a test).
#[derive(Clone)]
pub struct Stopper {
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
}

impl Stopper {
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.http.unblock();
    }
}

impl Server {
    /// Bind the address; the landing page lists `bundled`.
    pub fn bind(graph: Graph, config: Config, bundled: Vec<Bundled>) -> std::io::Result<Server> {
        let http = tiny_http::Server::http(config.bind).map_err(|e| std::io::Error::other(format!("cannot listen on {}: {e}", config.bind)))?;
        let addr = http.server_addr().to_ip().unwrap_or(config.bind);
        Ok(Server { http: Arc::new(http), addr, stopping: Arc::new(AtomicBool::new(false)), ctx: Arc::new(Ctx { graph, config, bundled, active: AtomicUsize::new(0) }) })
    }

    /// The address bound (the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stopper(&self) -> Stopper {
        Stopper { http: self.http.clone(), stopping: self.stopping.clone() }
    }

    /// Answer requests until stopped, then wait (at most `grace`) for those under way.
    pub fn run(self, grace: Duration) {
        while !self.stopping.load(Ordering::SeqCst) {
            let req = match self.http.recv() {
                Ok(r) => r,
                Err(_) => continue, // unblocked (the loop test stops), or a failed accept: go on
            };
            let ctx = self.ctx.clone();
            if ctx.active.fetch_add(1, Ordering::SeqCst) >= ctx.config.max_clients {
                ctx.active.fetch_sub(1, Ordering::SeqCst);
                let _ = req.respond(Reply::error(503, "too many requests at once: try again shortly").into_response());
                continue;
            }
            let spawned = std::thread::Builder::new().name("sparql".into()).spawn(move || {
                handle(&ctx, req);
                ctx.active.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                self.ctx.active.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let deadline = Instant::now() + grace;
        while self.ctx.active.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Stop `server` on SIGINT or SIGTERM.
pub fn stop_on_signal(server: &Server) -> Result<(), ctrlc::Error> {
    let stopper = server.stopper();
    ctrlc::set_handler(move || stopper.stop())
}

/// An answer, before it is written.
#[derive(Debug)]
struct Reply {
    status: u16,
    ctype: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn error(status: u16, message: &str) -> Reply {
        Reply { status, ctype: "text/plain; charset=utf-8", body: format!("{message}\n").into_bytes(), headers: Vec::new() }
    }

    fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut r = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut add = |k: &str, v: &str| {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                r.add_header(h);
            }
        };
        add("Content-Type", self.ctype);
        add("Access-Control-Allow-Origin", "*");
        add("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        add("Access-Control-Allow-Headers", "Content-Type, Accept");
        add("Access-Control-Max-Age", "86400");
        add("Vary", "Accept");
        for (k, v) in &self.headers {
            add(k, v);
        }
        r
    }
}

fn handle(ctx: &Ctx, mut req: tiny_http::Request) {
    let reply = catch_unwind(AssertUnwindSafe(|| answer(ctx, &mut req))).unwrap_or_else(|_| Reply::error(500, "internal error while answering this request (the endpoint goes on)"));
    let _ = req.respond(reply.into_response());
}

fn header(req: &tiny_http::Request, name: &str) -> Option<String> {
    req.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.as_str().to_string())
}

/// Where a request's query comes from, once the protocol is read.
fn answer(ctx: &Ctx, req: &mut tiny_http::Request) -> Reply {
    use tiny_http::Method;
    let url = req.url().to_string();
    let (path, qs) = url.split_once('?').unwrap_or((&url, ""));
    let Ok(mut params) = form_pairs(qs) else { return Reply::error(400, "the URL's parameters are not valid UTF-8") };
    match (req.method(), path) {
        (Method::Options, _) => return Reply { status: 204, ctype: "text/plain", body: Vec::new(), headers: Vec::new() },
        (Method::Get, "/") => return landing_page(ctx),
        (_, "/sparql" | "/query") => {}
        _ => return Reply::error(404, "not found: the SPARQL endpoint is /sparql; / lists the bundled questions"),
    }
    let mut direct: Option<String> = None;
    match req.method() {
        Method::Get => {}
        Method::Post => {
            let ctype = header(req, "content-type").unwrap_or_default();
            let media = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if media == "application/sparql-update" {
                return read_only();
            }
            if req.body_length().is_some_and(|n| n > ctx.config.max_body) {
                return too_large(ctx);
            }
            let mut body = Vec::new();
            if req.as_reader().take(ctx.config.max_body as u64 + 1).read_to_end(&mut body).is_err() {
                return Reply::error(400, "could not read the request body");
            }
            if body.len() > ctx.config.max_body {
                return too_large(ctx);
            }
            let Ok(body) = String::from_utf8(body) else { return Reply::error(400, "the request body is not valid UTF-8") };
            match media.as_str() {
                "application/x-www-form-urlencoded" => match form_pairs(&body) {
                    Ok(p) => params.extend(p),
                    Err(_) => return Reply::error(400, "the form is not valid UTF-8"),
                },
                "application/sparql-query" => direct = Some(body),
                _ => return Reply::error(415, "send the query as application/sparql-query or application/x-www-form-urlencoded (query=...)"),
            }
        }
        _ => {
            let mut r = Reply::error(405, "use GET or POST");
            r.headers.push(("Allow", "GET, POST, OPTIONS".into()));
            return r;
        }
    }
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if param("update").is_some() {
        return read_only();
    }
    if params.iter().any(|(k, _)| k == "default-graph-uri" || k == "named-graph-uri") {
        return Reply::error(400, "default-graph-uri and named-graph-uri are not supported: the default graph is the union of all graphs; use GRAPH in the query");
    }
    let Some(sparql) = direct.or_else(|| param("query")) else {
        return Reply::error(400, "no query: give ?query=SPARQL (GET), a query= form field or an application/sparql-query body (POST)");
    };
    let accept = header(req, "accept").unwrap_or_default();
    run_query(ctx, &sparql, &accept, param("format").as_deref())
}

fn read_only() -> Reply {
    Reply::error(403, "this endpoint is read-only: SPARQL updates are refused (change the graph with `newsgraph build`)")
}

fn too_large(ctx: &Ctx) -> Reply {
    let mut r = Reply::error(413, &format!("request body over {} bytes: send a shorter query", ctx.config.max_body));
    r.headers.push(("Connection", "close".into()));
    r
}

/// A results format the endpoint writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    NTriples,
}

impl Out {
    fn media_type(self) -> &'static str {
        match self {
            Out::Json => "application/sparql-results+json; charset=utf-8",
            Out::Xml => "application/sparql-results+xml; charset=utf-8",
            Out::Csv => "text/csv; charset=utf-8",
            Out::Tsv => "text/tab-separated-values; charset=utf-8",
            Out::Turtle => "text/turtle; charset=utf-8",
            Out::NTriples => "application/n-triples; charset=utf-8",
        }
    }
}

const SOLUTION_TYPES: &[(&str, Out)] = &[
    ("application/sparql-results+json", Out::Json),
    ("application/json", Out::Json),
    ("application/sparql-results+xml", Out::Xml),
    ("application/xml", Out::Xml),
    ("text/xml", Out::Xml),
    ("text/csv", Out::Csv),
    ("text/tab-separated-values", Out::Tsv),
];
const GRAPH_TYPES: &[(&str, Out)] = &[("text/turtle", Out::Turtle), ("application/n-triples", Out::NTriples), ("text/plain", Out::NTriples), ("application/x-turtle", Out::Turtle)];

/// The format an `Accept` header asks for, among `offered` (first = default); None if none fits.
fn negotiate(accept: &str, offered: &[(&str, Out)]) -> Option<Out> {
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    let mut any = false;
    for (i, part) in accept.split(',').enumerate() {
        let mut bits = part.split(';');
        let media = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        if media.is_empty() {
            continue;
        }
        any = true;
        let q = bits.filter_map(|b| b.trim().strip_prefix("q=")).find_map(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
        if q > 0.0 {
            ranges.push((q, i, media));
        }
    }
    if !any {
        return Some(offered[0].1); // no Accept header: the default
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.iter().find_map(|(_, _, m)| {
        if m == "*/*" {
            return Some(offered[0].1);
        }
        if let Some(major) = m.strip_suffix("/*") {
            return offered.iter().find(|(t, _)| t.split('/').next() == Some(major)).map(|(_, o)| *o);
        }
        offered.iter().find(|(t, _)| t == m).map(|(_, o)| *o)
    })
}

fn by_name(name: &str, graph_form: bool) -> Option<Out> {
    let out = match name {
        "json" => Out::Json,
        "xml" => Out::Xml,
        "csv" => Out::Csv,
        "tsv" => Out::Tsv,
        "turtle" | "ttl" => Out::Turtle,
        "ntriples" | "nt" => Out::NTriples,
        _ => return None,
    };
    (graph_form == matches!(out, Out::Turtle | Out::NTriples)).then_some(out)
}

fn run_query(ctx: &Ctx, sparql: &str, accept: &str, format: Option<&str>) -> Reply {
    let parsed = match spargebra::SparqlParser::new().parse_query(sparql) {
        Ok(q) => q,
        Err(e) if !store::is_update(sparql) => return Reply::error(400, &format!("malformed query: {}", e.to_string().split_whitespace().collect::<Vec<_>>().join(" "))),
        Err(_) => return read_only(),
    };
    let graph_form = matches!(parsed, Query::Construct { .. } | Query::Describe { .. });
    let offered = if graph_form { GRAPH_TYPES } else { SOLUTION_TYPES };
    let out = match format {
        Some(f) => by_name(f, graph_form),
        None => negotiate(accept, offered),
    };
    let Some(out) = out else {
        let names: Vec<&str> = offered.iter().map(|(t, _)| *t).collect();
        return Reply::error(406, &format!("cannot answer in {accept:?}{}: this query's results come as {}", format.map(|f| format!(" / format={f}")).unwrap_or_default(), names.join(", ")));
    };
    let fmt = match out {
        Out::Csv => ResultFormat::Csv,
        Out::Tsv => ResultFormat::Tsv,
        Out::Turtle => ResultFormat::Turtle,
        Out::NTriples => ResultFormat::NTriples,
        _ => ResultFormat::Json,
    };
    let mut body = Vec::new();
    let rows = match query::run_limited(&ctx.graph, sparql, fmt, &mut body, ctx.config.limits) {
        Ok(n) => n,
        Err(QueryError::Store(e @ StoreError::Timeout(_))) => return Reply::error(503, &e.to_string()),
        Err(QueryError::Store(e @ StoreError::Malformed(_))) => return Reply::error(400, &e.to_string()),
        Err(e) => return Reply::error(500, &format!("query failed: {e}")),
    };
    if out == Out::Xml {
        body = match json_to_xml(&body) {
            Ok(b) => b,
            Err(e) => return Reply::error(500, &format!("writing XML results: {e}")),
        };
    }
    let mut reply = Reply { status: 200, ctype: out.media_type(), body, headers: Vec::new() };
    if ctx.config.limits.max_rows.is_some_and(|cap| rows >= cap) {
        reply.headers.push(("X-Newsgraph-Row-Cap", rows.to_string()));
    }
    reply
}

/// Re-write SPARQL JSON results as SPARQL XML results, with Oxigraph's parser and serializer.
fn json_to_xml(json: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let xml = QueryResultsSerializer::from_format(QueryResultsFormat::Xml);
    match QueryResultsParser::from_format(QueryResultsFormat::Json).for_reader(json)? {
        ReaderQueryResultsParserOutput::Boolean(b) => Ok(xml.serialize_boolean_to_writer(Vec::new(), b)?),
        ReaderQueryResultsParserOutput::Solutions(sols) => {
            let mut w = xml.serialize_solutions_to_writer(Vec::new(), sols.variables().to_vec())?;
            for s in sols {
                w.serialize(&s?)?;
            }
            Ok(w.finish()?)
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The bundled questions, each a link to its results, and a box for any query.
fn landing_page(ctx: &Ctx) -> Reply {
    let mut items = String::new();
    for b in &ctx.bundled {
        let q = percent_encode(&b.sparql);
        items.push_str(&format!(
            "<li><a href=\"/sparql?query={q}\">{}</a> <small>({}; <a href=\"/sparql?query={q}&amp;format=csv\">CSV</a>)</small></li>\n",
            html_escape(&b.question),
            html_escape(&b.name)
        ));
    }
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsgraph SPARQL endpoint</title></head>
<body>
<h1>newsgraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 Protocol endpoint at <code>/sparql</code> (GET or POST). Results as JSON, XML, CSV or TSV; graphs as Turtle or N-Triples, by the <code>Accept</code> header or <code>format=</code>. The default graph is the union of every article's graph. Queries stop after {timeout}.</p>
<form action="/sparql" method="get"><textarea name="query" rows="8" cols="90">SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10</textarea><br><button type="submit">Run</button></form>
<h2>Bundled questions</h2>
<ul>
{items}</ul>
</body></html>
"#,
        timeout = ctx.config.limits.timeout.map_or("no limit".to_string(), |t| format!("{} s", t.as_secs()))
    );
    Reply { status: 200, ctype: "text/html; charset=utf-8", body: page.into_bytes(), headers: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_picks_by_quality_then_order() {
        assert_eq!(negotiate("", SOLUTION_TYPES), Some(Out::Json));
        assert_eq!(negotiate("*/*", GRAPH_TYPES), Some(Out::Turtle));
        assert_eq!(negotiate("text/csv;q=0.5, application/sparql-results+xml", SOLUTION_TYPES), Some(Out::Xml));
        assert_eq!(negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", SOLUTION_TYPES), Some(Out::Xml));
        assert_eq!(negotiate("text/*", SOLUTION_TYPES), Some(Out::Xml));
        assert_eq!(negotiate("application/n-triples", GRAPH_TYPES), Some(Out::NTriples));
        assert_eq!(negotiate("image/png", SOLUTION_TYPES), None);
        assert_eq!(negotiate("text/csv;q=0", SOLUTION_TYPES), None);
    }

    #[test]
    fn format_names_fit_the_query_form() {
        assert_eq!(by_name("csv", false), Some(Out::Csv));
        assert_eq!(by_name("csv", true), None);
        assert_eq!(by_name("turtle", true), Some(Out::Turtle));
    }

    #[test]
    fn json_results_rewritten_as_xml() {
        let json = br#"{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://e/a"}}]}}"#;
        let xml = String::from_utf8(json_to_xml(json).unwrap()).unwrap();
        assert!(xml.contains("<uri>http://e/a</uri>") && xml.contains(r#"<variable name="s"/>"#), "{xml}");
        let b = String::from_utf8(json_to_xml(br#"{"head":{},"boolean":true}"#).unwrap()).unwrap();
        assert!(b.contains("<boolean>true</boolean>"), "{b}");
    }
}
