//! Bad input, concurrent and interrupted builds, runaway queries. (Property tests of the
//! extractor on arbitrary text are in tests/fuzz.rs.)

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;


fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn facts_of(dir: &Path) -> (Output, BTreeSet<(String, String, String)>) {
    let o = run(&["export", "--corpus", dir.to_str().unwrap(), "--format", "csv"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let set = r.records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string())).collect();
    (o, set)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

const CLEAN: &str = "Russia backs Khalifa Haftar.\nThe UN Security Council called for a ceasefire.\nAt least 12 people were killed, the health ministry said.\n";

#[test]
fn bom_and_crlf_give_the_same_facts() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(a.path(), "x.txt", CLEAN.as_bytes());
    let mut dirty = vec![0xEF, 0xBB, 0xBF];
    dirty.extend(CLEAN.replace('\n', "\r\n").as_bytes());
    write(b.path(), "x.txt", &dirty);
    let (oa, fa) = facts_of(a.path());
    let (ob, fb) = facts_of(b.path());
    assert!(oa.status.success() && ob.status.success());
    assert!(fa.len() >= 3, "{fa:?}");
    assert_eq!(fa, fb);
}

#[test]
fn odd_files_are_diagnosed_and_the_rest_processed() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "good.txt", CLEAN.as_bytes());
    write(d.path(), "empty.txt", b"");
    write(d.path(), "punct.txt", b"... !!! ??? --- ,,, ;;;");
    write(d.path(), "binary.txt", &[0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]);
    write(d.path(), "latin1.txt", b"Caf\xe9 au lait.");
    write(d.path(), "deep/er/nested.txt", b"Egypt backs Khalifa Haftar.");
    write(d.path(), "notes.md", b"Iran backs Hezbollah.");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.path(), d.path().join("deep/loop")).unwrap();
    let (o, facts) = facts_of(d.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "skipped files make the exit code 2");
    for name in ["binary.txt", "latin1.txt", "empty.txt", "punct.txt"] {
        assert_eq!(err.lines().filter(|l| l.contains(name)).count(), 1, "one line about {name}:\n{err}");
    }
    assert!(facts.contains(&("Russia".into(), "supports".into(), "Khalifa Haftar".into())));
    assert!(facts.contains(&("Egypt".into(), "supports".into(), "Khalifa Haftar".into())), "nested folders are read");
    assert!(!facts.iter().any(|f| f.0 == "Iran"), "files of other kinds (.md) are ignored");
}

#[test]
fn a_20_mb_line_is_read_without_trouble() {
    let d = tempfile::tempdir().unwrap();
    let mut big = String::with_capacity(21 << 20);
    while big.len() < 20 << 20 {
        big.push_str("Russia backs Khalifa Haftar while fighting continues near Tripoli and ");
    }
    write(d.path(), "big.txt", big.as_bytes());
    let (o, facts) = facts_of(d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(facts.contains(&("Russia".into(), "supports".into(), "Khalifa Haftar".into())));
}

fn corpus_of(n: usize) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts: Vec<Vec<u8>> = fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    texts.sort();
    for i in 0..n {
        write(d.path(), &format!("a{i:05}.txt"), &texts[i % texts.len()]);
    }
    d
}

#[test]
fn a_second_writer_is_refused_while_readers_work() {
    let corpus = corpus_of(3);
    let store = tempfile::tempdir().unwrap();
    let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
    assert!(run(&["build", c, "--store", s]).status.success());
    // a live writer holds the OS lock: this test process; the lock file is still empty, as
    // it is for an instant after a competing build created it
    let lock = fs::OpenOptions::new().write(true).truncate(true).open(store.path().join("lock")).unwrap();
    lock.try_lock().unwrap();
    let o = run(&["build", c, "--store", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is being written by another build"), "{}", stderr(&o));
    let o = run(&["query", "who-backs-whom", "--store", s]);
    assert!(o.status.success(), "readers keep working: {}", stderr(&o));
    drop(lock); // the kernel releases it, as when a writer dies
    // a pid in the file means nothing by itself: a live foreign process (pid 1) blocks nothing
    fs::write(store.path().join("lock"), "1").unwrap();
    let o = run(&["build", c, "--store", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(store.path().join("lock").exists(), "the lock file is never deleted (deleting it races)");
}

#[test]
fn a_killed_build_leaves_the_store_before_or_after() {
    let small = corpus_of(2);
    let big = corpus_of(400);
    let store = tempfile::tempdir().unwrap();
    let s = store.path().to_str().unwrap();
    // the file store (the disk store's kill test is in tests/disk_store.rs)
    assert!(run(&["build", small.path().to_str().unwrap(), "--store", s, "--store-kind", "file"]).status.success());
    let before = fs::read(store.path().join("graph.nq")).unwrap();
    for delay in [50, 300, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["build", big.path().to_str().unwrap(), "--store", s, "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = fs::read(store.path().join("graph.nq")).unwrap();
        if now != before {
            // then it must be the finished build: it parses and holds all 400 articles
            let o = run(&["query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://newsgraph.dev/ns#Article> }", "--store", s, "--format", "csv"]);
            assert!(o.status.success(), "store readable after kill: {}", stderr(&o));
            assert_eq!(String::from_utf8_lossy(&o.stdout).lines().nth(1), Some("400"));
            break;
        }
    }
    let leftovers: Vec<_> = fs::read_dir(store.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(leftovers.iter().all(|n| n == "graph.nq" || n == "lock" || n.to_string_lossy().ends_with(".tmp")), "{leftovers:?}");
}

#[test]
fn a_runaway_query_is_stopped() {
    let o = run(&["query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("stopped after 1 s"), "{}", stderr(&o));
    let o = run(&["query", "SELECT * WHERE { ?a ?b ?c }", "--max-rows", "3", "--format", "tsv"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 4);
}

fn build(args: &[&str]) -> Output {
    let mut a = vec!["build", "--quiet"];
    a.extend_from_slice(args);
    run(&a)
}

fn csv_query(store: &Path, q: &str) -> String {
    let o = run(&["query", q, "--store", store.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn article_ids(store: &Path) -> Vec<String> {
    let out = csv_query(store, "SELECT ?id WHERE { ?d <https://newsgraph.dev/ns#docId> ?id } ORDER BY ?id");
    out.lines().skip(1).map(|l| l.trim().to_string()).collect()
}

// item 1
#[test]
fn a_changed_metadata_row_or_ontology_re_extracts() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
    write(corpus.path(), "a.txt", b"Russia backs Khalifa Haftar.\n");
    write(corpus.path(), "metadata.csv", b"id,title,outlet,date,url,date_source\na,T,A,2019-04-06,,\n");
    assert!(build(&[c, "--store", s]).status.success());
    let outlet = || csv_query(store.path(), "SELECT ?o ?d WHERE { ?x <http://schema.org/publisher> ?o ; <http://schema.org/datePublished> ?d }");
    assert!(outlet().contains("A,2019-04-06"), "{}", outlet());
    write(corpus.path(), "metadata.csv", b"id,title,outlet,date,url,date_source\na,T,B,2018-01-01,,\n");
    let o = build(&[c, "--store", s]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("changed 1"), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(outlet().contains("B,2018-01-01") && !outlet().contains("A,"), "{}", outlet());
    // an ontology without the supports rules: the store must forget what they read
    let onto = tempfile::tempdir().unwrap();
    for e in fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology")).unwrap() {
        let p = e.unwrap().path();
        let mut text = fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == "rules.tsv" {
            text = text.lines().filter(|l| !l.starts_with("rule\tsupports.")).map(|l| format!("{l}\n")).collect();
        }
        if p.file_name().unwrap() == "syntax.rules" {
            // a rule is its `rule` line and the indented lines under it
            let mut keep = true;
            text = text
                .lines()
                .filter(|l| {
                    if !l.starts_with([' ', '\t']) {
                        keep = !l.starts_with("rule supports.");
                    }
                    keep
                })
                .map(|l| format!("{l}\n"))
                .collect();
        }
        fs::write(onto.path().join(p.file_name().unwrap()), text).unwrap();
    }
    let explain = |extra: &[&str]| {
        let mut a = vec!["explain", "Russia", "supports", "Haftar", "--store", s];
        a.extend_from_slice(extra);
        run(&a).status.code()
    };
    assert_eq!(explain(&[]), Some(0));
    let o = build(&[c, "--store", s, "--ontology", onto.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(explain(&[]), Some(1), "the store equals a fresh build with that ontology");
}

// item 2
#[cfg(unix)]
#[test]
fn odd_file_names_get_distinct_reversible_ids() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "x\\y.txt", b"Russia backs Khalifa Haftar.\n");
    write(d.path(), "x/y.txt", b"Egypt backs Khalifa Haftar.\n");
    for b in [0xffu8, 0xfe] {
        let name = [b"bad".as_slice(), &[b], b".txt"].concat();
        fs::write(d.path().join(std::ffi::OsStr::from_bytes(&name)), b"Iran backs Hezbollah.\n").unwrap();
    }
    let store = tempfile::tempdir().unwrap();
    let o = build(&[d.path().to_str().unwrap(), "--store", store.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids = article_ids(store.path());
    assert_eq!(ids, ["bad%FE", "bad%FF", "x%5Cy", "x/y"]);
    for id in &ids {
        assert!(d.path().join(newsgraph::corpus::id_path(id)).is_file(), "{id} names its file");
    }
}

// item 3
#[test]
fn a_build_from_another_or_an_empty_folder_is_refused() {
    let corpus = corpus_of(2);
    let other = corpus_of(1);
    let empty = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    let s = store.path().to_str().unwrap();
    assert!(build(&[corpus.path().to_str().unwrap(), "--store", s, "--store-kind", "file"]).status.success());
    let before = fs::read(store.path().join("graph.nq")).unwrap();
    let o = build(&[other.path().to_str().unwrap(), "--store", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("mirrors") && stderr(&o).contains("--replace"), "{}", stderr(&o));
    let o = build(&[empty.path().to_str().unwrap(), "--store", s, "--replace"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("would remove all 2 articles") && stderr(&o).contains("--allow-empty"), "{}", stderr(&o));
    assert_eq!(fs::read(store.path().join("graph.nq")).unwrap(), before, "refused builds change nothing");
    // no folder given: the store's own folder, not the bundled corpus
    let o = build(&["--store", s]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("unchanged 2"), "{}", String::from_utf8_lossy(&o.stdout));
    // said explicitly, both are done
    assert!(build(&[other.path().to_str().unwrap(), "--store", s, "--replace"]).status.success());
    assert_eq!(article_ids(store.path()).len(), 1);
    assert!(build(&[empty.path().to_str().unwrap(), "--store", s, "--replace", "--allow-empty"]).status.success());
    assert!(article_ids(store.path()).is_empty());
}

// item 5
#[cfg(unix)]
#[test]
fn an_unreadable_article_keeps_its_facts() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = corpus_of(2);
    let store = tempfile::tempdir().unwrap();
    let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
    assert!(build(&[c, "--store", s]).status.success());
    let f = corpus.path().join("a00001.txt");
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = fs::read(&f).is_ok();
    if as_root {
        // root reads whatever the permissions say: a link to a file that is gone (an
        // unmounted disk) is a file that exists but cannot be read
        fs::remove_file(&f).unwrap();
        std::os::unix::fs::symlink(corpus.path().join("gone/a00001.txt"), &f).unwrap();
    }
    let o = build(&[c, "--store", s]);
    if !as_root {
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("removed 0"), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(stderr(&o).contains("a00001.txt"), "{}", stderr(&o));
    if !as_root {
        assert!(stderr(&o).contains("kept"), "{}", stderr(&o));
    }
    assert_eq!(article_ids(store.path()), ["a00000", "a00001"]);
}

// item 6
#[cfg(unix)]
#[test]
fn a_failed_export_leaves_the_old_file() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("graph.nt");
    fs::write(&out, "<a:good> <a:file> <a:here> .\n").unwrap();
    let before = fs::read(&out).unwrap();
    // a file-size limit stands in for a full disk: writes past 8 KB fail (EFBIG)
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f 16; exec '{}' export --format ntriples -o '{}'", env!("CARGO_BIN_EXE_newsgraph"), out.display()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&out.display().to_string()), "the error names the file: {}", stderr(&o));
    assert_eq!(fs::read(&out).unwrap(), before, "the good file is untouched");
    let names: Vec<_> = fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    // and a successful export replaces it
    assert!(run(&["export", "--format", "ntriples", "-o", out.to_str().unwrap()]).status.success());
    assert!(fs::read(&out).unwrap().len() > 10_000);
}

// item 7
#[test]
fn a_truncated_store_is_detected_and_rebuilt() {
    let corpus = corpus_of(2);
    let store = tempfile::tempdir().unwrap();
    let s = store.path().to_str().unwrap();
    assert!(build(&[corpus.path().to_str().unwrap(), "--store", s, "--store-kind", "file"]).status.success());
    let file = store.path().join("graph.nq");
    let good = fs::read(&file).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let cut: usize = text.match_indices('\n').nth(text.lines().count() / 2).unwrap().0 + 1;
    fs::write(&file, &good[..cut]).unwrap(); // cut at a line boundary
    let o = run(&["query", "who-backs-whom", "--store", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is damaged") && stderr(&o).contains("build --store"), "{}", stderr(&o));
    let o = build(&["--store", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(&file).unwrap(), good, "rebuilt from its folder");
}

// item 9
#[test]
fn deeply_nested_queries_are_refused_not_crashed() {
    for q in [
        format!("SELECT * WHERE {{ FILTER({}1{}) }}", "(".repeat(5000), ")".repeat(5000)),
        format!("SELECT * WHERE {}?a ?b ?c{}", "{".repeat(10_000), "}".repeat(10_000)),
    ] {
        let o = run(&["query", &q]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("levels deep"), "{}", stderr(&o));
    }
    let ok = format!("SELECT * WHERE {}?a ?b ?c{}", "{".repeat(400), "}".repeat(400));
    assert!(run(&["query", &ok, "--max-rows", "1"]).status.success());
}

// item 10
#[cfg(unix)]
#[test]
fn a_closed_pipe_or_a_full_stdout_does_not_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(["build", "--quiet"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take()); // `| true`
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(["build", "--quiet"]).stdout(full).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left") && !stderr(&o).contains("panicked"), "{}", stderr(&o));
}

// item 11
#[test]
fn a_timeout_stops_every_format_with_bounded_output() {
    let q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    for format in ["table", "csv", "json"] {
        let o = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(["query", q, "--timeout", "1", "--format", format]).stdout(Stdio::null()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains("stopped after 1 s"), "{format}: {}", stderr(&o));
    }
    // table format holds at most TABLE_HOLD rows, then streams: the whole result is written
    let o = run(&["query", "SELECT * WHERE { ?a ?b ?c }", "--max-rows", "2500"]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2502);
}

// item 13
#[test]
fn deep_folders_cost_a_constant_number_of_calls_per_level() {
    let d = tempfile::tempdir().unwrap();
    let mut p = d.path().to_path_buf();
    for _ in 0..600 {
        p.push("d");
    }
    fs::create_dir_all(&p).unwrap();
    fs::write(p.join("a.txt"), "Russia backs Khalifa Haftar.").unwrap();
    let l = newsgraph::corpus::list(d.path()).unwrap();
    assert_eq!(l.files.len(), 1);
    assert_eq!(l.files[0].0, format!("{}a", "d/".repeat(600)));
    assert!(l.fs_calls <= 2 * 602 + 2, "{} calls for 601 folders and a file", l.fs_calls);
}

// item 15
#[test]
fn clear_messages_for_updates_store_files_and_unreadable_roots() {
    let o = run(&["query", "INSERT DATA { <a:a> <a:b> <a:c> }"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("queries cannot change a store"), "{}", stderr(&o));
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("file");
    fs::write(&f, "x").unwrap();
    for args in [vec!["build", "--store", f.to_str().unwrap()], vec!["query", "who-backs-whom", "--store", f.to_str().unwrap()]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is a file, not a folder"), "{}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_corpus_root_says_so_once() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("c");
    fs::create_dir(&root).unwrap();
    fs::set_permissions(&root, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read_dir(&root).is_ok() {
        return; // root reads anything
    }
    let o = run(&["export", "--corpus", root.to_str().unwrap(), "--format", "csv"]);
    fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).matches("Permission denied").count(), 1, "{}", stderr(&o));
}

// item 16
#[test]
fn dataset_clauses_formats_and_names_are_honoured() {
    let ask = |q: &str| String::from_utf8_lossy(&run(&["query", q]).stdout).trim().to_string();
    assert_eq!(ask("ASK { ?s ?p ?o }"), "true");
    assert_eq!(ask("ASK FROM <https://newsgraph.dev/doc/no-such-article> { ?s ?p ?o }"), "false");
    assert_eq!(ask("ASK FROM NAMED <https://newsgraph.dev/doc/no-such-article> { GRAPH ?g { ?s ?p ?o } }"), "false");
    let c = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://newsgraph.dev/ns#Article> ; ?p ?o } LIMIT 3";
    let csv = run(&["query", c, "--format", "csv"]);
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("subject,predicate,object"), "{}", String::from_utf8_lossy(&csv.stdout));
    let nt = run(&["query", c, "--format", "ntriples"]);
    assert_eq!(String::from_utf8_lossy(&nt.stdout).lines().filter(|l| l.ends_with(" .")).count(), 3);
    assert_eq!(run(&["query", "SELECT * WHERE { ?s ?p ?o }", "--format", "ntriples"]).status.code(), Some(2));
    let o = run(&["query", "who-backs-whom", "--store", "x", "--corpus", "y"]);
    assert!(stderr(&o).contains("not both"), "{}", stderr(&o));
    // a file named like a bundled query does not shadow it
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("who-backs-whom"), "not sparql").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(["query", "who-backs-whom"]).current_dir(d.path()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

// item 17
#[test]
fn bad_confidences_dates_and_metadata_ids_are_reported() {
    let onto = tempfile::tempdir().unwrap();
    for e in fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, onto.path().join(p.file_name().unwrap())).unwrap();
    }
    let rules = onto.path().join("rules.tsv");
    let text = fs::read_to_string(&rules).unwrap();
    let line = text.lines().find(|l| l.starts_with("rule\t")).unwrap();
    let cols: Vec<&str> = line.split('\t').collect();
    fs::write(&rules, text.replacen(line, &[cols[0], cols[1], cols[2], "NaN", cols[4], cols[5]].join("\t"), 1)).unwrap();
    let o = run(&["ask", "--ontology", onto.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("confidence must be a number from 0 to 1"), "{}", stderr(&o));

    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", CLEAN.as_bytes());
    write(d.path(), "b.txt", CLEAN.as_bytes());
    write(d.path(), "metadata.csv", b"id,title,outlet,date,url,date_source\na,T,X,2019-13-45,,\nb,T,X,2019-04-06,,\nb,T,Y,2019-04-07,,\nzz,T,X,2019,,\n");
    let (o, _) = facts_of(d.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("line 2") && err.contains("2019-13-45"), "{err}");
    assert!(err.contains("line 4") && err.contains("appears again"), "{err}");
    assert!(err.contains("\"zz\" names no article"), "{err}");
}
