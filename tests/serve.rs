//! `newsgraph serve`, `push` and `--endpoint`, run as a user would: the endpoint started on a
//! free loopback port and asked with curl, rdflib and newsgraph itself; `push` against a small
//! Graph Store written here that demands Digest authentication and fails once.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running `newsgraph serve`, stopped when dropped.
struct Served {
    child: Child,
    /// http://127.0.0.1:PORT/sparql
    url: String,
}

impl Served {
    fn start(extra: &[&str]) -> Served {
        let mut child = bin()
            .args(["serve", "--bind", "127.0.0.1:0", "--quiet"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split_whitespace().find(|w| w.starts_with("http://") && w.ends_with("/sparql")).unwrap_or_else(|| panic!("no endpoint URL in {line:?}")).to_string();
        Served { child, url }
    }

    fn base(&self) -> &str {
        self.url.trim_end_matches("/sparql")
    }

    fn addr(&self) -> String {
        self.base().trim_start_matches("http://").to_string()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run curl; (HTTP status, body).
fn curl(args: &[&str]) -> (u16, String) {
    let o = Command::new("curl").args(["-s", "--max-time", "120", "-w", "\n%{http_code}"]).args(args).output().expect("curl runs (install curl)");
    let out = String::from_utf8(o.stdout).expect("UTF-8 answer");
    let (body, code) = out.rsplit_once('\n').unwrap();
    (code.trim().parse().unwrap_or(0), body.to_string())
}

fn cli(args: &[&str]) -> String {
    let o = bin().args(args).output().unwrap();
    assert!(o.status.success(), "newsgraph {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn bundled(name: &str) -> String {
    repo().join("queries").join(format!("{name}.rq")).to_str().unwrap().to_string()
}

#[test]
fn serve_answers_as_the_cli_does() {
    let s = Served::start(&[]);
    let q = bundled("who-backs-whom");

    // JSON by GET, CSV by a URL-encoded POST: the CLI's bytes exactly
    let (code, json) = curl(&["-G", &s.url, "--data-urlencode", &format!("query@{q}")]);
    assert_eq!(code, 200, "{json}");
    assert_eq!(json, cli(&["query", "who-backs-whom", "--format", "json"]));
    assert!(json.contains("Khalifa Haftar"), "{json}");
    let (code, csv) = curl(&["-H", "Accept: text/csv", "--data-urlencode", &format!("query@{q}"), &s.url]);
    assert_eq!(code, 200, "{csv}");
    assert_eq!(csv, cli(&["query", "who-backs-whom", "--format", "csv"]));
    let (code, tsv) = curl(&["-G", &s.url, "-H", "Accept: text/tab-separated-values", "--data-urlencode", &format!("query@{q}")]);
    assert_eq!(code, 200);
    assert_eq!(tsv, cli(&["query", "who-backs-whom", "--format", "tsv"]));

    // a direct POST, XML results; CONSTRUCT as N-Triples and as Turtle
    let (code, xml) = curl(&["-H", "Content-Type: application/sparql-query", "-H", "Accept: application/sparql-results+xml", "--data", "ASK { ?s ?p ?o }", &s.url]);
    assert_eq!((code, xml.contains("<boolean>true</boolean>")), (200, true), "{xml}");
    let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3";
    let (code, nt) = curl(&["-G", &s.url, "-H", "Accept: application/n-triples", "--data-urlencode", &format!("query={construct}")]);
    assert_eq!(code, 200);
    assert_eq!(nt.lines().filter(|l| l.ends_with(" .")).count(), 3, "{nt}");
    let head = Command::new("curl").args(["-s", "-D", "-", "-o", "/dev/null", "-G", &s.url, "-H", "Accept: text/turtle", "--data-urlencode", &format!("query={construct}")]).output().unwrap();
    assert!(String::from_utf8_lossy(&head.stdout).to_lowercase().contains("content-type: text/turtle"));

    // CORS, for browser query editors
    let pre = Command::new("curl").args(["-s", "-i", "-X", "OPTIONS", "-H", "Origin: http://yasgui.example", &s.url]).output().unwrap();
    let pre = String::from_utf8_lossy(&pre.stdout).to_lowercase();
    assert!(pre.starts_with("http/1.1 204") && pre.contains("access-control-allow-origin: *") && pre.contains("access-control-allow-methods: get, post"), "{pre}");

    // the landing page links every bundled question to its results
    let (code, page) = curl(&[&format!("{}/", s.base())]);
    assert_eq!(code, 200);
    assert!(page.contains("Who backs whom?") && page.contains("Which places were attacked or taken"), "{page}");
    let href = page.split("href=\"").nth(1).and_then(|h| h.split('"').next()).expect("a link").replace("&amp;", "&");
    let (code, linked) = curl(&[&format!("{}{href}", s.base())]);
    assert_eq!(code, 200);
    assert!(linked.contains("\"bindings\""), "{linked}");

    // newsgraph itself as the client: every bundled question, the alliance graph, one fact
    assert_eq!(cli(&["ask", "--endpoint", &s.url]), cli(&["ask"]));
    assert_eq!(cli(&["graph", "--endpoint", &s.url]), cli(&["graph"]));
    assert_eq!(cli(&["explain", "Russia", "supports", "Haftar", "--endpoint", &s.url]), cli(&["explain", "Russia", "supports", "Haftar"]));

    // rdflib, as an analyst's notebook would
    let script = r#"
import csv, sys
try:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
except ImportError as e:
    print("SKIP", e); sys.exit(0)
store = SPARQLStore(sys.argv[1], returnFormat="json")
w = csv.writer(sys.stdout, lineterminator="\n")
for r in store.query(open(sys.argv[2]).read()):
    w.writerow([str(v) if v is not None else "" for v in r])
"#;
    match Command::new("python3").args(["-c", script, &s.url, &q]).output() {
        Err(e) => eprintln!("skipping the rdflib check: python3 not found ({e})"),
        Ok(o) => {
            let out = String::from_utf8_lossy(&o.stdout).into_owned();
            assert!(o.status.success(), "rdflib: {}", String::from_utf8_lossy(&o.stderr));
            if let Some(reason) = out.strip_prefix("SKIP") {
                eprintln!("skipping the rdflib check: rdflib not installed ({})", reason.trim());
            } else {
                let records = |text: &str, header: bool| csv::ReaderBuilder::new().has_headers(header).from_reader(text.as_bytes()).records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect::<Vec<_>>();
                let rows = records(&out, false);
                assert!(!rows.is_empty());
                let expected = records(&csv, true);
                assert_eq!(rows, expected, "rdflib's rows differ from the CLI's CSV");
            }
        }
    }
}

#[test]
fn serve_stands_up_to_bad_requests_slow_clients_and_load() {
    let s = Served::start(&["--timeout", "2"]);

    // malformed: 400 with the parser's message
    let (code, body) = curl(&["-G", &s.url, "--data-urlencode", "query=SELECT ?x WHERE { ?x ?y }"]);
    assert_eq!(code, 400, "{body}");
    assert!(body.contains("malformed query") && body.contains("1:"), "{body}");
    // updates: 403, however they come
    for args in [
        vec!["--data-urlencode", "update=INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"],
        vec!["-H", "Content-Type: application/sparql-update", "--data", "CLEAR ALL"],
        vec!["-H", "Content-Type: application/sparql-query", "--data", "DELETE WHERE { ?s ?p ?o }"],
    ] {
        let mut a: Vec<&str> = args.clone();
        a.push(&s.url);
        let (code, body) = curl(&a);
        assert_eq!(code, 403, "{args:?}: {body}");
        assert!(body.contains("read-only"), "{body}");
    }
    let (_, count) = curl(&["-G", &s.url, "-H", "Accept: text/csv", "--data-urlencode", "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]);
    assert!(count.lines().nth(1).is_some_and(|n| n.trim().parse::<u64>().unwrap() > 1000), "the graph is still whole: {count}");
    // a huge body: 413
    let big = std::env::temp_dir().join(format!("newsgraph-big-{}.rq", std::process::id()));
    std::fs::write(&big, format!("ASK {{ }} #{}", "x".repeat(3 << 20))).unwrap();
    let (code, body) = curl(&["-H", "Content-Type: application/sparql-query", "--data-binary", &format!("@{}", big.display()), &s.url]);
    std::fs::remove_file(&big).unwrap();
    assert_eq!(code, 413, "{body}");
    // wrong path, method, format, no query
    assert_eq!(curl(&[&format!("{}/nowhere", s.base())]).0, 404);
    assert_eq!(curl(&["-X", "PUT", "--data", "x", &s.url]).0, 405);
    assert_eq!(curl(&["-G", &s.url, "-H", "Accept: image/png", "--data-urlencode", "query=ASK {}"]).0, 406);
    assert_eq!(curl(&[&s.url]).0, 400);

    // stalled clients (half a request line; a body that never comes; garbage) hold nobody up
    let mut stalled = Vec::new();
    for raw in ["GET /sparql?query=ASK", "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK {", "\u{1}\u{2}garbage\r\n\r\n"] {
        let mut t = TcpStream::connect(s.addr()).unwrap();
        t.write_all(raw.as_bytes()).unwrap();
        stalled.push(t);
    }
    std::thread::sleep(Duration::from_millis(300));

    // 20 clients at once get the right answer
    let q = bundled("who-backs-whom");
    let (_, expected) = curl(&["-G", &s.url, "--data-urlencode", &format!("query@{q}")]);
    assert!(expected.contains("Khalifa Haftar"));
    let answers: Vec<_> = (0..20)
        .map(|i| {
            let (url, q) = (s.url.clone(), q.clone());
            std::thread::spawn(move || if i % 2 == 0 { curl(&["-G", &url, "--data-urlencode", &format!("query@{q}")]) } else { curl(&["--data-urlencode", &format!("query@{q}"), &url]) })
        })
        .collect();
    for a in answers {
        assert_eq!(a.join().unwrap(), (200, expected.clone()));
    }

    // a runaway query is cut at the timeout (503), and the endpoint goes on
    let (code, body) = curl(&["-G", &s.url, "--data-urlencode", "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]);
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("stopped after 2 s"), "{body}");
    assert_eq!(curl(&["-G", &s.url, "--data-urlencode", "query=ASK { ?s ?p ?o }"]).0, 200);
    drop(stalled);

    // SIGTERM: a clean stop, exit 0
    let mut s = s;
    assert!(Command::new("kill").args(["-TERM", &s.child.id().to_string()]).status().unwrap().success());
    let start = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    s.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(err.contains("endpoint stopped"), "{err}");
}

#[test]
fn serve_binds_loopback_unless_asked() {
    let o = bin().args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("[default: 127.0.0.1:7878]"));
    let o = bin().args(["export", "--format", "csv", "--endpoint", "http://127.0.0.1:1/sparql"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--endpoint works with query, ask, graph, explain and push"));
    let o = bin().args(["query", "ASK {}", "--endpoint", "http://127.0.0.1:1/sparql"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("endpoint http://127.0.0.1:1/sparql"));
}

/// One request as the mock Graph Store saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    authorization: Option<String>,
    body: String,
    status: u16,
}

/// A Graph Store on loopback that asks for Digest authentication (user `ana`, password
/// `s3cret`) and fails the first authorized PUT of each graph whose IRI contains `flaky` with
/// a 503, and every PUT of a graph containing `broken` with a 400.
fn mock_graph_store(flaky: &'static str, broken: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut failed_once = std::collections::BTreeSet::new();
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let mut r = BufReader::new(conn.try_clone().unwrap());
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
            let (mut len, mut authorization) = (0usize, None);
            loop {
                let mut h = String::new();
                r.read_line(&mut h).unwrap();
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                let (k, v) = h.split_once(':').unwrap();
                match k.to_ascii_lowercase().as_str() {
                    "content-length" => len = v.trim().parse().unwrap(),
                    "authorization" => authorization = Some(v.trim().to_string()),
                    _ => {}
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let status = match &authorization {
                None => 401,
                Some(a) if !digest_ok(a, &method, &target) => 401,
                Some(_) if target.contains(broken) => 400,
                Some(_) if target.contains(flaky) && failed_once.insert(target.clone()) => 503,
                Some(_) => 201,
            };
            let extra = if status == 401 { "WWW-Authenticate: Digest realm=\"store\", nonce=\"n0nce\", qop=\"auth\", algorithm=\"MD5\"\r\n" } else { "" };
            let mut w = conn;
            let _ = write!(w, "HTTP/1.1 {status} X\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
            log.lock().unwrap().push(Seen { method, target, authorization, body: String::from_utf8_lossy(&body).into_owned(), status });
        }
    });
    (url, seen)
}

fn digest_ok(authorization: &str, method: &str, uri: &str) -> bool {
    use md5::{Digest, Md5};
    let field = |name: &str| authorization.split(&format!("{name}=")).nth(1).map(|v| v.trim_start_matches('"').split(['"', ',']).next().unwrap_or("").to_string()).unwrap_or_default();
    let hex = |s: String| Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let ha1 = hex("ana:store:s3cret".to_string());
    let ha2 = hex(format!("{method}:{uri}"));
    let expected = hex(format!("{ha1}:n0nce:{}:{}:auth:{ha2}", field("nc"), field("cnonce")));
    authorization.starts_with("Digest ") && field("username") == "ana" && field("uri") == uri && field("response") == expected
}

fn one_article() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flaky.txt"), "Russia backs Khalifa Haftar. Egypt supports the Libyan National Army.\n").unwrap();
    dir
}

#[test]
fn push_puts_each_graph_with_digest_auth_and_retries() {
    let (url, seen) = mock_graph_store("flaky", "never-matches");
    let corpus = one_article();
    let o = bin().args(["push", "--corpus", corpus.path().to_str().unwrap(), "--endpoint", &url]).env("NEWSGRAPH_ENDPOINT_AUTH", "ana:s3cret").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("pushed 3 of 3 graphs"), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(err.contains("pushed 3/3 graphs"), "progress shown: {err}");
    let seen = seen.lock().unwrap().clone();
    let loaded: Vec<&Seen> = seen.iter().filter(|s| s.status == 201).collect();
    let targets: Vec<&str> = loaded.iter().map(|s| s.target.as_str()).collect();
    // the article's graph, the ontology's and the summary graph the bundled questions read
    assert_eq!(
        targets,
        [
            "/store?graph=https%3A%2F%2Fnewsgraph.dev%2Fdoc%2Fflaky",
            "/store?graph=https%3A%2F%2Fnewsgraph.dev%2Fgraph%2Fontology",
            "/store?graph=https%3A%2F%2Fnewsgraph.dev%2Fgraph%2Fsummary"
        ]
    );
    assert!(loaded.iter().all(|s| s.method == "PUT"));
    assert!(seen.iter().any(|s| s.status == 503), "the flaky graph failed once and was tried again");
    assert!(loaded[0].body.contains("<https://newsgraph.dev/id/russia>") && loaded[0].body.lines().all(|l| l.ends_with(" .")), "N-Triples: {}", loaded[0].body);
    // the ontology graph was not sent with the article's triples
    assert!(!loaded[1].body.contains("/doc/flaky"));
    assert!(seen.iter().all(|s| s.authorization.as_deref().is_none_or(|a| !a.contains("s3cret"))), "the password never crosses the wire");
}

#[test]
fn push_reports_each_graph_that_fails() {
    let (url, _) = mock_graph_store("never-matches", "doc%2Fflaky");
    let corpus = one_article();
    let o = bin().args(["push", "--corpus", corpus.path().to_str().unwrap(), "--endpoint", &url, "--quiet"]).env("NEWSGRAPH_ENDPOINT_AUTH", "ana:s3cret").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("graph <https://newsgraph.dev/doc/flaky> not loaded") && err.contains("HTTP 400"), "{err}");
    assert!(!err.contains("graph/ontology> not loaded"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("pushed 2 of 3 graphs"));
    // without credentials the engine's 401 says what to set
    let o = bin().args(["push", "--corpus", corpus.path().to_str().unwrap(), "--endpoint", &url, "--quiet"]).env_remove("NEWSGRAPH_ENDPOINT_AUTH").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NEWSGRAPH_ENDPOINT_AUTH"));
}
