//! An external SPARQL engine over HTTP: queries through the SPARQL 1.1 Protocol (results read
//! back with Oxigraph's parsers, so they are the same [`QueryResults`] a local store gives), and
//! graphs loaded through the SPARQL 1.1 Graph Store HTTP Protocol (one PUT per named graph).
//!
//! Credentials come from the environment ([`AUTH_ENV`], `user:password`), never from the
//! command line: sent as HTTP Basic or Digest, whichever the engine asks for in its 401
//! (Virtuoso asks for Digest and refuses an unasked-for Basic).

use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Triple;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QueryTripleIter};

/// The environment variable holding `user:password` for the endpoint.
pub const AUTH_ENV: &str = "NEWSGRAPH_ENDPOINT_AUTH";

/// What a query asks the engine for: any results format Oxigraph reads, RDF for CONSTRUCT.
const ACCEPT: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8, application/n-triples;q=0.9, text/turtle;q=0.8";

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("endpoint {url}: {message}")]
    Http { url: String, status: Option<u16>, message: String },
    #[error("endpoint URL {0:?} must start with http:// (https is not built in: put a TLS proxy in front)")]
    BadUrl(String),
    #[error("{AUTH_ENV} must be user:password")]
    BadAuth,
}

impl RemoteError {
    /// Worth trying again: no answer at all, a timeout, or a server-side error.
    pub fn is_transient(&self) -> bool {
        matches!(self, RemoteError::Http { status: None, .. }) || matches!(self, RemoteError::Http { status: Some(s), .. } if *s >= 500 || *s == 429)
    }
}

/// A SPARQL engine's URL (its query endpoint, or its Graph Store endpoint for [`Endpoint::put_graph`]).
pub struct Endpoint {
    url: String,
    agent: ureq::Agent,
    auth: Option<(String, String)>,
    /// How the server asked to be authenticated (none until it answers 401).
    scheme: Mutex<Option<Scheme>>,
}

enum Scheme {
    Basic,
    /// The last Digest challenge, reused with a growing nonce count.
    Digest(Challenge, u32),
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Endpoint {
    /// An endpoint; requests are cut after `timeout`. Credentials are read from [`AUTH_ENV`].
    pub fn new(url: &str, timeout: Option<Duration>) -> Result<Endpoint, RemoteError> {
        if !url.starts_with("http://") {
            return Err(RemoteError::BadUrl(url.to_string()));
        }
        let auth = match std::env::var(AUTH_ENV) {
            Ok(s) if !s.is_empty() => {
                let (u, p) = s.split_once(':').ok_or(RemoteError::BadAuth)?;
                Some((u.to_string(), p.to_string()))
            }
            _ => None,
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(timeout)
            .timeout_connect(Some(Duration::from_secs(10)))
            .build();
        Ok(Endpoint { url: url.to_string(), agent: ureq::Agent::new_with_config(config), auth, scheme: Mutex::new(None) })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Run a query on the engine (SPARQL 1.1 Protocol, POST with a URL-encoded body).
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, RemoteError> {
        let body = format!("query={}", percent_encode(sparql));
        let resp = self.send("POST", &self.url, "application/x-www-form-urlencoded", ACCEPT, body.as_bytes())?;
        let ctype = header(&resp, "content-type").unwrap_or_default();
        let media = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let reader = resp.into_body().into_reader();
        if let Some(fmt) = QueryResultsFormat::from_media_type(&media).or_else(|| (media == "application/json").then_some(QueryResultsFormat::Json)) {
            let parsed = QueryResultsParser::from_format(fmt).for_reader(reader).map_err(|e| self.error(None, format!("unreadable {media} results: {e}")))?;
            return Ok(parsed.into());
        }
        if let Some(fmt) = RdfFormat::from_media_type(&media) {
            let triples = RdfParser::from_format(fmt)
                .for_reader(reader)
                .map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object)).map_err(|e| QueryEvaluationError::Service(Box::new(e))));
            return Ok(QueryResults::Graph(QueryTripleIter::new(triples)));
        }
        Err(self.error(None, format!("answered with {ctype:?}, not SPARQL results")))
    }

    /// Replace one named graph with these N-Triples (Graph Store Protocol `PUT ?graph=IRI`).
    pub fn put_graph(&self, graph: &str, ntriples: &[u8]) -> Result<(), RemoteError> {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        let url = format!("{}{sep}graph={}", self.url, percent_encode(graph));
        // N-Triples is Turtle: every Graph Store implementation reads text/turtle
        self.send("PUT", &url, "text/turtle", "*/*", ntriples).map(|_| ())
    }

    fn error(&self, status: Option<u16>, message: String) -> RemoteError {
        RemoteError::Http { url: self.url.clone(), status, message }
    }

    /// Send a request, answering a Basic or Digest challenge once; any status but 2xx is an error.
    fn send(&self, method: &str, url: &str, ctype: &str, accept: &str, body: &[u8]) -> Result<ureq::http::Response<ureq::Body>, RemoteError> {
        let mut authorization = self.authorization(method, url);
        for attempt in 0..2 {
            let mut req = if method == "PUT" { self.agent.put(url) } else { self.agent.post(url) };
            req = req.header("Content-Type", ctype).header("Accept", accept);
            if let Some(a) = &authorization {
                req = req.header("Authorization", a);
            }
            let mut resp = req.send(body).map_err(|e| self.error(None, e.to_string()))?;
            let status = resp.status().as_u16();
            if status == 401 && attempt == 0 && self.auth.is_some() {
                let challenge = header(&resp, "www-authenticate").unwrap_or_default();
                let scheme = match Challenge::parse(&challenge) {
                    Some(c) => Some(Scheme::Digest(c, 0)),
                    None if challenge.trim_start().to_ascii_lowercase().starts_with("basic") => Some(Scheme::Basic),
                    None => None,
                };
                if scheme.is_some() {
                    *self.scheme.lock().unwrap_or_else(|e| e.into_inner()) = scheme;
                    authorization = self.authorization(method, url);
                    continue;
                }
            }
            if (200..300).contains(&status) {
                return Ok(resp);
            }
            let mut text = String::new();
            let _ = resp.body_mut().as_reader().take(2000).read_to_string(&mut text);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let hint = if status == 401 { format!(" (set {AUTH_ENV}=user:password)") } else { String::new() };
            return Err(self.error(Some(status), format!("HTTP {status}{hint}: {text}")));
        }
        Err(self.error(Some(401), format!("HTTP 401: credentials refused (check {AUTH_ENV})")))
    }

    fn authorization(&self, method: &str, url: &str) -> Option<String> {
        let (user, pass) = self.auth.as_ref()?;
        let mut scheme = self.scheme.lock().unwrap_or_else(|e| e.into_inner());
        match scheme.as_mut()? {
            Scheme::Digest(c, nc) => {
                *nc += 1;
                Some(c.answer(user, pass, method, uri_path(url), *nc))
            }
            Scheme::Basic => Some(format!("Basic {}", base64(format!("{user}:{pass}").as_bytes()))),
        }
    }
}

fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The path and query of a URL, as Digest authentication signs it.
fn uri_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// An HTTP Digest challenge (RFC 7616, MD5, `qop=auth` or none).
#[derive(Clone, Debug)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop: bool,
}

impl Challenge {
    fn parse(h: &str) -> Option<Challenge> {
        let rest = h.trim().strip_prefix("Digest").or_else(|| h.trim().strip_prefix("digest"))?;
        let mut fields = std::collections::HashMap::new();
        let mut s = rest.trim();
        while !s.is_empty() {
            let (k, v) = s.split_once('=')?;
            let v = v.trim_start();
            let (value, tail) = if let Some(q) = v.strip_prefix('"') {
                let end = q.find('"')?;
                (&q[..end], &q[end + 1..])
            } else {
                let end = v.find(',').unwrap_or(v.len());
                (&v[..end], &v[end..])
            };
            fields.insert(k.trim().to_ascii_lowercase(), value.to_string());
            s = tail.trim_start().trim_start_matches(',').trim_start();
        }
        Some(Challenge {
            realm: fields.get("realm")?.clone(),
            nonce: fields.get("nonce")?.clone(),
            opaque: fields.get("opaque").cloned(),
            qop: fields.get("qop").is_some_and(|q| q.split(',').any(|x| x.trim() == "auth")),
        })
    }

    fn answer(&self, user: &str, pass: &str, method: &str, uri: &str, nc: u32) -> String {
        use md5::{Digest, Md5};
        let hex = |s: String| Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
        let ha1 = hex(format!("{user}:{}:{pass}", self.realm));
        let ha2 = hex(format!("{method}:{uri}"));
        let cnonce = format!("{:016x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()) as u64 ^ u64::from(nc));
        let nc = format!("{nc:08x}");
        let mut out = format!(r#"Digest username="{user}", realm="{}", nonce="{}", uri="{uri}", algorithm=MD5"#, self.realm, self.nonce);
        if self.qop {
            let response = hex(format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce));
            out.push_str(&format!(r#", qop=auth, nc={nc}, cnonce="{cnonce}", response="{response}""#));
        } else {
            out.push_str(&format!(r#", response="{}""#, hex(format!("{ha1}:{}:{ha2}", self.nonce))));
        }
        if let Some(o) = &self.opaque {
            out.push_str(&format!(r#", opaque="{o}""#));
        }
        out
    }
}

/// Percent-encode everything but unreserved characters (RFC 3986), for queries and IRIs in URLs.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decode a URL query or `application/x-www-form-urlencoded` value (`+` is a space).
/// Invalid escapes are kept as written; invalid UTF-8 is an error.
pub fn form_decode(s: &str) -> Result<String, std::string::FromUtf8Error> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match (hexval(b[i + 1]), hexval(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out)
}

fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Pairs of an `a=1&b=2` string, decoded.
pub fn form_pairs(s: &str) -> Result<Vec<(String, String)>, std::string::FromUtf8Error> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Ok((form_decode(k)?, form_decode(v)?))
        })
        .collect()
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What happened to one graph during a push.
#[derive(Debug)]
pub struct PushFailure {
    pub graph: String,
    pub error: RemoteError,
}

/// Load `graphs` (IRI, N-Triples) into the engine, one PUT per graph, each retried up to
/// `retries` more times on transient failures. `progress` is called after each graph with
/// (done, total). Returns the graphs that could not be loaded; the others are loaded.
pub fn push<'a>(endpoint: &Endpoint, graphs: impl ExactSizeIterator<Item = (&'a str, Vec<u8>)>, retries: u32, progress: &dyn Fn(usize, usize)) -> Vec<PushFailure> {
    let total = graphs.len();
    let mut failures = Vec::new();
    for (i, (graph, body)) in graphs.enumerate() {
        let mut attempt = 0;
        loop {
            match endpoint.put_graph(graph, &body) {
                Ok(()) => break,
                Err(e) if e.is_transient() && attempt < retries => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(200 << attempt.min(5)));
                }
                Err(error) => {
                    failures.push(PushFailure { graph: graph.to_string(), error });
                    break;
                }
            }
        }
        progress(i + 1, total);
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_round_trip() {
        let q = "SELECT * WHERE { ?s ?p \"a+b & c=d é\" } # 100%";
        assert_eq!(form_decode(&percent_encode(q)).unwrap(), q);
        assert_eq!(form_decode("a+b%20c%2").unwrap(), "a b c%2");
        assert_eq!(form_pairs("query=ASK%7B%7D&x=&y").unwrap(), vec![("query".into(), "ASK{}".into()), ("x".into(), String::new()), ("y".into(), String::new())]);
        assert!(form_decode("%FF").is_err());
    }

    #[test]
    fn base64_as_rfc_4648() {
        assert_eq!(base64(b"dba:dba"), "ZGJhOmRiYQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn digest_answer_as_rfc_2617_example() {
        let c = Challenge::parse(r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#).unwrap();
        assert!(c.qop);
        // the qop=auth response depends on a fresh cnonce: tests/serve.rs checks it end to end
        let a = c.answer("Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1);
        assert!(a.contains(r#"uri="/dir/index.html""#) && a.contains("nc=00000001") && a.contains(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#), "{a}");
        let no_qop = Challenge { qop: false, ..c };
        // RFC 2069's example (no qop): response = MD5(HA1:nonce:HA2)
        assert!(no_qop.answer("Mufasa", "CircleOfLife", "GET", "/dir/index.html", 1).contains(r#"response="1949323746fe6a43ef61f9606e7febea""#));
    }

    #[test]
    fn uri_path_keeps_query() {
        assert_eq!(uri_path("http://h:8890/sparql-graph-crud-auth?graph=x"), "/sparql-graph-crud-auth?graph=x");
        assert_eq!(uri_path("http://h"), "/");
    }
}
