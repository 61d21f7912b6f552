//! The command line, run as a user would, in temporary folders.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn corpus_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records().map(|r| r.expect("valid CSV row")).collect()
}

#[test]
fn ask_answers_who_backs_haftar() {
    let o = run(&["ask"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let section = out.split("## ").find(|s| s.starts_with("Who backs whom?")).expect("a who-backs-whom section");
    for backer in ["Russia", "Egypt", "United Arab Emirates"] {
        assert!(
            section.lines().any(|l| l.starts_with(backer) && (l.contains("Khalifa Haftar") || l.contains("Libyan National Army"))),
            "{backer} should back Haftar:\n{section}"
        );
    }
    assert!(out.matches("## ").count() >= 10, "at least ten bundled questions");
}

#[test]
fn csv_export_has_the_contract_columns_and_exact_spans() {
    let o = run(&["export", "--corpus", repo().join("corpus").to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("subject,predicate,object,doc,sentence,start,end,date,reporter,rule,confidence"));
    let rows = csv_rows(&text);
    assert!(rows.len() > 50);
    for r in &rows {
        let file = fs::read(repo().join("corpus").join(format!("{}.txt", &r[3]))).unwrap();
        let (start, end): (usize, usize) = (r[5].parse().unwrap(), r[6].parse().unwrap());
        assert_eq!(&file[start..end], r[4].as_bytes(), "span of row {r:?}");
        assert!(!r[9].is_empty(), "every fact names its rule");
    }
}

#[test]
fn dates_resolve_against_publication() {
    let o = run(&["export", "--format", "csv"]);
    let rows = csv_rows(&stdout(&o));
    let find = |p: &str, obj: &str, needle: &str| {
        rows.iter().find(|r| &r[1] == p && &r[2] == obj && r[4].contains(needle)).map(|r| r[7].to_string())
    };
    assert_eq!(find("attacked", "Tripoli", "on April 4 launched").as_deref(), Some("2019-04-04"));
    assert_eq!(find("displaced", "2800", "2,800").as_deref(), Some("2019-04-08"));
    assert_eq!(find("killed", "11", "11 people").as_deref(), Some("2019-04-07"));
}

#[test]
fn turtle_and_ntriples_parse_back_with_the_same_triples() {
    let dir = tempfile::tempdir().unwrap();
    let ttl = dir.path().join("g.ttl");
    let nt = dir.path().join("g.nt");
    assert!(run(&["export", "--format", "turtle", "-o", ttl.to_str().unwrap()]).status.success());
    assert!(run(&["export", "--format", "ntriples", "-o", nt.to_str().unwrap()]).status.success());
    let count = |path: &Path, format| {
        oxigraph::io::RdfParser::from_format(format).for_reader(fs::File::open(path).unwrap()).inspect(|q| assert!(q.is_ok(), "parses: {q:?}")).count()
    };
    let (a, b) = (count(&ttl, oxigraph::io::RdfFormat::Turtle), count(&nt, oxigraph::io::RdfFormat::NTriples));
    assert!(a > 1000);
    assert_eq!(a, b);
    assert!(!fs::read_to_string(&ttl).unwrap().contains("<<"), "no RDF 1.2 triple terms in the default export");
}

#[test]
fn exports_are_deterministic() {
    let a = run(&["export", "--format", "nquads"]);
    let b = run(&["export", "--format", "nquads"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn graph_has_clusters_and_escapes_names() {
    let dir = corpus_dir(&[(
        "a.txt",
        "Russia backs the \"Free\" Army of Back\\slash. Egypt supports the Libyan National Army. Clashes between the Libyan National Army and the Government of National Accord continued.".as_bytes(),
    )]);
    let o = run(&["graph", "--corpus", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dot = stdout(&o);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("subgraph cluster_"));
    assert!(dot.contains("supports"));
    assert!(dot.contains("opposes"));
}

#[test]
fn malformed_query_exits_2_with_a_message() {
    let o = run(&["query", "SELECT ?x WHERE { ?x "]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("malformed query"), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn unknown_bundled_query_lists_the_bundled_ones() {
    let o = run(&["query", "no-such-question"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("who-backs-whom"));
}

#[test]
fn missing_corpus_exits_2() {
    let o = run(&["export", "--corpus", "/no/such/folder", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/folder"), "{}", stderr(&o));
}

#[test]
fn bad_files_are_reported_and_the_rest_processed() {
    let dir = corpus_dir(&[
        ("good.txt", b"Russia backs Khalifa Haftar."),
        ("bad.txt", &[0x52, 0xff, 0xfe, 0x20]),
        ("notes.md", b"Egypt backs Khalifa Haftar."),
    ]);
    let o = run(&["export", "--corpus", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt"), "{}", stderr(&o));
    let rows = csv_rows(&stdout(&o));
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][0], &rows[0][1], &rows[0][2]), ("Russia", "supports", "Khalifa Haftar"));
}

#[test]
fn query_formats_are_valid() {
    let o = run(&["query", "who-backs-whom", "--format", "json"]);
    assert!(o.status.success());
    let json = stdout(&o);
    assert!(json.contains("\"head\"") && json.contains("\"bindings\""));
    let o = run(&["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"]);
    assert!(stdout(&o).starts_with("n\r\n"));
}

fn export_csv(args: &[&str]) -> BTreeSet<String> {
    let mut full = args.to_vec();
    full.extend(["export", "--format", "nquads"]);
    let o = run(&full);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(String::from).collect()
}

#[test]
fn store_is_reused_and_mirrors_the_corpus() {
    let src = repo().join("corpus");
    let names: Vec<String> = (0..5).map(|i| format!("{i:03}")).collect();
    let files: Vec<PathBuf> = fs::read_dir(&src).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    let mut files = files;
    files.sort();
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("c");
    fs::create_dir(&corpus).unwrap();
    for f in &files[..3] {
        fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
    }
    let store = work.path().join("s");
    let (c, s) = (corpus.to_str().unwrap(), store.to_str().unwrap());
    let o = run(&["build", c, "--store", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("articles: 3"));
    // add two, change one, remove one
    for f in &files[3..] {
        fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
    }
    let changed = corpus.join(files[0].file_name().unwrap());
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nEgypt backs the Libyan National Army.\n");
    fs::write(&changed, text).unwrap();
    fs::remove_file(corpus.join(files[1].file_name().unwrap())).unwrap();
    let o = run(&["build", c, "--store", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("added 2, changed 1, removed 1, unchanged 1"), "{}", stdout(&o));
    assert_eq!(export_csv(&["--store", s]), export_csv(&["--corpus", c]));
    let _ = names;
}

#[test]
fn eval_agrees_with_the_seed_threshold() {
    let gold = repo().join("../shared/gold/seed.tsv");
    assert!(gold.is_file(), "the seed gold file must be beside the repository at ../shared");
    let o = run(&["eval", "--gold", gold.to_str().unwrap(), "--corpus", repo().join("corpus").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    let field = |name: &str| -> f64 { last.split_whitespace().find_map(|w| w.strip_prefix(&format!("{name}="))).unwrap().parse().unwrap() };
    assert!(field("F1") >= 0.95, "{last}");
    assert!(field("P") >= 0.92, "{last}");
    let numbers = out.lines().find(|l| l.starts_with("numbers")).unwrap();
    let nf1: f64 = numbers.split_whitespace().find_map(|w| w.strip_prefix("F1=")).unwrap().parse().unwrap();
    assert!(nf1 >= 0.90, "{numbers}");
}

#[test]
fn explain_shows_the_evidence_and_exits_1_without_it() {
    let o = run(&["explain", "Russia", "supports", "Hifter"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("001_4c350e0e6b11bc14") && out.contains("002_6512c107f44f42a5"), "{out}");
    assert!(out.contains("rule ") && out.contains("bytes "));
    let o = run(&["explain", "Egypt", "opposes", "Haftar"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["explain", "Egypt", "likes", "Haftar"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn contradictions_name_russia() {
    let o = run(&["query", "contradictions", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).lines().any(|l| l.contains("denies") && l.contains("Russia")), "{}", stdout(&o));
}

#[test]
fn progress_bar_on_a_terminal_only() {
    let src: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = fs::read_dir(repo().join("corpus")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        v.sort();
        v
    };
    let dir = tempfile::tempdir().unwrap();
    for i in 0..600 {
        fs::copy(&src[i % src.len()], dir.path().join(format!("a{i:04}.txt"))).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    // piped: no bar
    let o = run(&["build", d]);
    assert!(o.status.success());
    assert!(stderr(&o).is_empty(), "no progress output when stderr is not a terminal: {:?}", stderr(&o));
    // on a pseudo-terminal (util-linux `script`): a bar with articles/s and ETA
    let cmd = format!("{} build {d}", env!("CARGO_BIN_EXE_newsgraph"));
    let o = Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().expect("util-linux `script` runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("/600 articles") && out.contains("ETA"), "a progress bar on a terminal: {out:?}");
    // --quiet: none even on a terminal
    let o = Command::new("script").args(["-qec", &format!("{cmd} --quiet"), "/dev/null"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("ETA"));
}

#[test]
fn an_article_written_for_the_tests_scores_well() {
    // an article about another war, written for this test, with its own gold
    let fx = repo().join("tests/fixtures");
    let o = run(&["eval", "--gold", fx.join("heldout-gold.tsv").to_str().unwrap(), "--corpus", fx.join("heldout").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    let f1: f64 = last.split_whitespace().find_map(|w| w.strip_prefix("F1=")).unwrap().parse().unwrap();
    assert!(f1 >= 0.85, "{out}");
}

fn inputs_fixture() -> String {
    repo().join("tests/fixtures/inputs").to_str().unwrap().to_string()
}

#[test]
fn scraped_inputs_give_ids_titles_dates_and_outlets() {
    let q = "PREFIX ng: <https://newsgraph.dev/ns#> PREFIX schema: <http://schema.org/> \
             SELECT ?id ?title ?date ?source ?outlet WHERE { ?d ng:docId ?id \
             OPTIONAL { ?d schema:headline ?title } OPTIONAL { ?d schema:datePublished ?date } \
             OPTIONAL { ?d ng:dateSource ?source } OPTIONAL { ?d schema:publisher ?outlet } } ORDER BY ?id";
    let o = run(&["query", "--corpus", &inputs_fixture(), "--format", "csv", q]);
    // bad records are skipped with a line each; the good ones are all read
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    for bad in ["news.jsonl:3: record is not valid JSON", "news.jsonl:5: record is not a JSON object", "archive.json[1]: record is not a JSON object", "broken.json: not valid JSON", "news.jsonl:4: record has no text"] {
        assert!(err.contains(bad), "expected {bad:?} in:\n{err}");
    }
    let rows: Vec<Vec<String>> = csv_rows(&stdout(&o)).iter().map(|r| r.iter().map(str::to_string).collect()).collect();
    let expected = [
        ["archive#7", "Turkey and the GNA", "2019-12-27", "record", "Daily Override"],
        ["archive#www.example-daily.net/2020/01/05/libya", "", "2020-01-05", "url", "example-daily.net"],
        ["news#line-7", "Talks", "2019-10-23", "dateline", "Geneva Wire"],
        ["news#r-001", "Russia backs Haftar, diplomats say", "2019-04-08", "record", "example-news.com"],
        ["news#r-001~2", "A repeated id", "", "", ""],
        ["news#wire.example.org/libya-gharyan-idUS", "Gharyan falls", "2019-04-13", "dateline", "wire.example.org"],
        ["page", "UN urges ceasefire in Libya", "2019-04-06", "page metadata", "Example Times"],
    ];
    assert_eq!(rows, expected.map(|r| r.map(str::to_string).to_vec()).to_vec());
}

#[test]
fn a_dateline_dates_on_thursday() {
    let o = run(&["export", "--corpus", &inputs_fixture(), "--format", "csv"]);
    let rows = csv_rows(&stdout(&o));
    let date_of = |doc: &str, object: &str| rows.iter().find(|r| &r[3] == doc && &r[2] == object).map(|r| r[7].to_string());
    // "TRIPOLI, April 13, 2019 (Reuters) - ... captured Gharyan on Thursday": April 13 is a Saturday
    assert_eq!(date_of("news#wire.example.org/libya-gharyan-idUS", "Gharyan").as_deref(), Some("2019-04-11"));
    // "GENEVA, Oct 23 (Reuters) - ... said on Monday", the year from "© 2019"
    assert_eq!(date_of("news#line-7", "Khalifa Haftar").as_deref(), Some("2019-10-21"));
    // the record's own date
    assert_eq!(date_of("news#r-001", "Khalifa Haftar").as_deref(), Some("2019-04-08"));
}

#[test]
fn an_html_page_gives_its_main_text_only() {
    let o = run(&["export", "--corpus", &inputs_fixture(), "--format", "csv"]);
    let rows = csv_rows(&stdout(&o));
    let page: Vec<_> = rows.iter().filter(|r| &r[3] == "page").collect();
    assert!(page.iter().any(|r| &r[0] == "United Nations" && &r[1] == "callsFor" && &r[2] == "Ceasefire"), "{page:?}");
    assert!(page.iter().any(|r| &r[0] == "Russia" && &r[1] == "supports" && &r[2] == "Khalifa Haftar"), "{page:?}");
    assert!(page.iter().all(|r| !r[4].contains("Subscribe") && !r[4].contains("Home") && !r[4].contains('<')), "{page:?}");
}

#[test]
fn profile_groups_what_the_articles_say_about_an_actor() {
    let o = run(&["profile", "Hifter", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = csv_rows(&stdout(&o));
    for backer in ["Russia", "Egypt", "United Arab Emirates"] {
        assert!(rows.iter().any(|r| &r[0] == "supported by" && &r[1] == backer && r[2].parse::<u32>().unwrap() >= 1), "{backer}: {rows:?}");
    }
    assert!(rows.iter().any(|r| &r[0] == "leads" && &r[1] == "Libyan National Army"));
    let table = stdout(&run(&["profile", "Haftar"]));
    assert!(table.starts_with("Khalifa Haftar: "), "{table}");
    // a name the articles introduced
    let dir = corpus_dir(&[("a.txt", b"The Free Syrian Brigade, a rebel group, is backed by Turkey.\n")]);
    let o = run(&["profile", "Syrian Brigade", "--corpus", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert!(stdout(&o).contains("supported by,Turkey,1,"), "{}{}", stdout(&o), stderr(&o));
    let o = run(&["profile", "Nobody At All"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ask_reads_in_order_with_capped_rows_and_totals() {
    let o = run(&["ask", "--limit", "2", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let qs = v["questions"].as_array().unwrap();
    let names: Vec<&str> = qs.iter().map(|q| q["name"].as_str().unwrap()).collect();
    assert_eq!(&names[..3], ["sides", "who-backs-whom", "alliances"]);
    assert!(names.iter().position(|n| *n == "timeline") > names.iter().position(|n| *n == "casualties"));
    for q in qs {
        let shown = q["rows"].as_array().unwrap().len();
        assert!(shown <= 2 && q["total"].as_u64().unwrap() as usize >= shown, "{q}");
    }
    assert!(qs.iter().any(|q| q["total"].as_u64().unwrap() > 2), "some question has more rows than shown");
    let text = stdout(&run(&["ask", "--limit", "1"]));
    assert!(text.starts_with("## What are the sides"), "{}", &text[..200]);
    assert!(text.contains("(1 of "), "totals are printed");
}

/// Each question's total is the full size of its list in the summary graph (`# total:`): on the
/// bundled corpus no list reaches the 1,000 a question shows, so every total equals the rows its
/// query gives, and `ask` reports that total.
#[test]
fn summary_totals_count_every_row_of_each_question() {
    let o = run(&["ask", "--limit", "1", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut checked = 0;
    for entry in fs::read_dir(repo().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let list = text.lines().find_map(|l| l.strip_prefix("# total:")).and_then(|t| t.split_whitespace().next())
            .unwrap_or_else(|| panic!("{name} names its summary list in a # total: header"));
        let rows = csv_rows(&stdout(&run(&["query", &name, "--format", "csv"]))).len();
        let q = format!("SELECT ?total WHERE {{ <https://newsgraph.dev/summary/total/{list}> <https://newsgraph.dev/ns#total> ?total }}");
        let total = csv_rows(&stdout(&run(&["query", &q, "--format", "csv"])));
        let total: usize = total.first().map_or(0, |r| r[0].parse().unwrap());
        assert!(rows < 1000, "{name}: {rows} rows");
        assert_eq!(total, rows, "{name}: the summary's total for {list} is not its row count");
        let answer = v["questions"].as_array().unwrap().iter().find(|q| q["name"] == name.as_str()).unwrap();
        assert_eq!((answer["total"].as_u64(), answer["listed"].as_u64()), (Some(rows as u64), Some(rows as u64)), "{name}");
        checked += (rows > 0) as usize;
    }
    assert!(checked >= 12, "questions with rows: {checked}");
}

#[test]
fn no_bundled_query_names_an_actor() {
    for entry in fs::read_dir(repo().join("queries")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let body: String = text.lines().filter(|l| !l.starts_with("PREFIX")).collect::<Vec<_>>().join("\n");
        assert!(!body.contains("ent:") && !body.contains("newsgraph.dev/id/"), "{body}");
    }
}

#[test]
fn alliance_sides_need_support_and_opposition() {
    let dir = corpus_dir(&[(
        "a.txt",
        b"Libyan leader Muammar Gaddafi ruled for decades.\nRussia backs Egypt.\nTurkey backs the Government of National Accord.\n\
Clashes between the Government of National Accord and the Libyan National Army continued.\n\
Fighting between the Libyan National Army and the Government of National Accord went on.\n",
    )]);
    let dot = stdout(&run(&["graph", "--corpus", dir.path().to_str().unwrap()]));
    assert_eq!(dot.matches("subgraph cluster_").count(), 1, "{dot}");
    let cluster = dot.split("subgraph cluster_0").nth(1).unwrap().split("  }").next().unwrap();
    assert!(cluster.contains("Turkey") && cluster.contains("Government of National Accord"), "{dot}");
    for outside in ["Gaddafi", "Libya\"", "Russia", "Egypt"] {
        assert!(!cluster.contains(outside), "{outside} is no side:\n{dot}");
    }
    assert_eq!(dot.matches("opposes (").count(), 1, "opposition drawn once:\n{dot}");
}

/// `graph --top N` draws the N most documented actors and at most 2N relations among them;
/// without it, or with N at least the number of actors, the whole graph.
#[test]
fn graph_top_draws_the_most_documented_actors() {
    let nodes = |dot: &str| dot.lines().filter(|l| l.trim_start().starts_with('n') && l.contains("[label=") && !l.contains("->")).count();
    let edges = |dot: &str| dot.matches(" -> ").count();
    let all = stdout(&run(&["graph"]));
    assert!(nodes(&all) > 6, "{all}");
    let top = stdout(&run(&["graph", "--top", "3"]));
    assert_eq!(nodes(&top), 3, "{top}");
    assert!((1..=6).contains(&edges(&top)), "{top}");
    assert_eq!(stdout(&run(&["graph", "--top", "100000"])), all);
    assert!(!run(&["graph", "--top", "0"]).status.success());
}

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser"].into_iter().find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success())).map(str::to_string)
}

#[test]
fn report_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    for layout in ["auto", "builtin"] {
        let o = run(&["report", "-o", html.to_str().unwrap(), "--layout", layout]);
        assert!(o.status.success(), "{}", stderr(&o));
        let page = fs::read_to_string(&html).unwrap();
        assert!(page.contains("<svg") && page.contains("Khalifa Haftar") && page.contains("<table"), "{layout}");
        // self-contained: no scripts, no external resources
        assert!(!page.contains("<script") && !page.contains("src=\"http") && !page.contains("<link"), "{layout}");
    }
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("NEWSGRAPH_REQUIRE_CHROMIUM").is_none(), "chromium is required (NEWSGRAPH_REQUIRE_CHROMIUM is set) but not installed");
        eprintln!("chromium not installed: report checked without rendering (CI installs it)");
        return;
    };
    let profile = dir.path().join("profile");
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
    ];
    let url = format!("file://{}", html.display());
    let dom = Command::new(&browser).args(flags).arg(format!("--user-data-dir={}", profile.display())).args(["--dump-dom", &url]).output().unwrap();
    let (dom_out, dom_err) = (String::from_utf8_lossy(&dom.stdout), String::from_utf8_lossy(&dom.stderr));
    assert!(dom.status.success(), "{dom_err}");
    for shown in ["Khalifa Haftar", "Government of National Accord", "Russia", "<svg", "<table", "Side 1", "Casualty figures by reporter", "Timeline", "Contradictions", "Made by newsgraph"] {
        assert!(dom_out.contains(shown), "{shown} missing from the rendered page");
    }
    for error in ["Uncaught", "Failed to load resource", "CONSOLE"] {
        assert!(!dom_err.contains(error), "page error: {dom_err}");
    }
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = fs::remove_file(&shot);
    let o = Command::new(&browser)
        .args(flags)
        .arg(format!("--user-data-dir={}", dir.path().join("profile2").display()))
        .args(["--window-size=1000,2400", &format!("--screenshot={}", shot.display()), &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot of {} bytes", png.len());
    eprintln!("screenshot: {}", shot.display());
}

/// Issue 12: provenance costs at most 10 quads a fact on the bundled articles (the ontology's
/// own graph and the summary graph, derived from the others, aside), each sentence is one node
/// shared by its facts, every fact reaches its article through it, and its rule and confidence
/// through its reading, which the ontology graph describes (article graphs describe none).
#[test]
fn provenance_is_at_most_ten_quads_a_fact_with_shared_sentence_nodes() {
    let q = "PREFIX ng: <https://newsgraph.dev/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> \
             SELECT ?quads ?facts ?sentences ?traced ?readings ?described WHERE { \
               { SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g NOT IN (<https://newsgraph.dev/graph/ontology>, <https://newsgraph.dev/graph/summary>)) } } \
               { SELECT (COUNT(DISTINCT ?f) AS ?facts) (COUNT(DISTINCT ?sn) AS ?sentences) WHERE { ?f ng:sentence ?sn } } \
               { SELECT (COUNT(DISTINCT ?f) AS ?traced) WHERE { ?f ng:sentence ?sn ; ng:reading ?r . ?r ng:rule ?rule ; ng:confidence ?c . \
                   ?sn prov:wasDerivedFrom ?d ; ng:text ?t ; ng:start ?a . ?d ng:docId ?id } } \
               { SELECT (COUNT(DISTINCT ?r) AS ?readings) WHERE { ?f ng:reading ?r } } \
               { SELECT (COUNT(*) AS ?described) WHERE { GRAPH ?g { ?r ng:rule ?rule } FILTER(?g != <https://newsgraph.dev/graph/ontology>) } } }";
    let o = run(&["query", q, "--format", "csv", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = csv_rows(&stdout(&o));
    let n = |i: usize| rows[0][i].parse::<f64>().unwrap();
    let (quads, facts, sentences, traced, readings, described) = (n(0), n(1), n(2), n(3), n(4), n(5));
    assert!(facts > 100.0, "the bundled articles give facts");
    assert_eq!(traced, facts, "every fact reaches its sentence's text, span and article, and its rule and confidence");
    assert!(sentences < facts, "facts of one sentence share its node: {sentences} sentences for {facts} facts");
    assert!(readings > 10.0 && readings < facts, "facts of one rule and confidence share a reading: {readings} for {facts} facts");
    assert_eq!(described, 0.0, "every reading a fact carries is one the ontology graph lists (extract::possible_readings)");
    assert!(quads / facts <= 10.0, "{quads} quads for {facts} facts: {:.2} a fact", quads / facts);
}

/// A store written with the RDF shape before rdf.3 (`ng:end`, rule and confidence on each fact)
/// is refused by the reading commands with what to do, and `build` rewrites it (its articles'
/// fingerprints name the older shape, so every article is re-extracted).
#[test]
fn a_store_of_the_older_rdf_shape_is_refused_until_rebuilt() {
    use sha2::{Digest, Sha256};
    let work = tempfile::tempdir().unwrap();
    let (corpus, store) = (repo().join("corpus"), work.path().join("s"));
    let (corpus, store_s) = (corpus.to_str().unwrap(), store.to_str().unwrap());
    let o = run(&["build", corpus, "--store", store_s, "--store-kind", "file", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // what an older newsgraph wrote: other fingerprints, and ng:end on a sentence node (the
    // manifest's count and checksum cover the quad lines)
    let path = store.join("graph.nq");
    let text = fs::read_to_string(&path).unwrap();
    let (head, body) = text.split_once("# end\n").unwrap();
    let id = head.lines().find_map(|l| l.strip_prefix("# doc ")).and_then(|l| l.split_once(' ')).unwrap().1.to_string();
    let old = format!(
        "<https://newsgraph.dev/sentence/x> <https://newsgraph.dev/ns#end> \"26\"^^<http://www.w3.org/2001/XMLSchema#integer> <{}> .\n",
        newsgraph::vocab::doc_iri(&id)
    );
    let body = format!("{old}{body}");
    let sum: String = Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let head: Vec<String> = head
        .lines()
        .map(|l| match l.split_once(' ').map(|(_, r)| r.split_once(' ').unwrap_or((r, ""))) {
            Some(("doc", rest)) => format!("# doc {} {}", "0".repeat(64), rest.split_once(' ').unwrap().1),
            Some(("quads", _)) => format!("# quads {:020}", body.lines().count()),
            Some(("sha256", _)) => format!("# sha256 {sum}"),
            _ => l.to_string(),
        })
        .collect();
    fs::write(&path, format!("{}\n# end\n{body}", head.join("\n"))).unwrap();
    let o = run(&["query", "ASK {}", "--store", store_s]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("written by an older newsgraph") && stderr(&o).contains("newsgraph build --store"), "{}", stderr(&o));
    let o = run(&["build", corpus, "--store", store_s, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("changed 5"), "every article re-extracted: {}", stdout(&o));
    let o = run(&["explain", "Egypt", "supports", "Khalifa Haftar", "--store", store_s]);
    assert!(o.status.success() && stdout(&o).contains("bytes 3399..3523"), "{}{}", stdout(&o), stderr(&o));
}
