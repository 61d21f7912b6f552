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
    // a live writer holds the lock: this test process
    fs::write(store.path().join("lock"), std::process::id().to_string()).unwrap();
    let o = run(&["build", c, "--store", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("in use by another process"), "{}", stderr(&o));
    let o = run(&["query", "who-backs-whom", "--store", s]);
    assert!(o.status.success(), "readers keep working: {}", stderr(&o));
    // a lock left by a dead writer is taken over
    fs::write(store.path().join("lock"), "4000000").unwrap();
    assert!(run(&["build", c, "--store", s]).status.success());
    assert!(!store.path().join("lock").exists());
}

#[test]
fn a_killed_build_leaves_the_store_before_or_after() {
    let small = corpus_of(2);
    let big = corpus_of(400);
    let store = tempfile::tempdir().unwrap();
    let s = store.path().to_str().unwrap();
    assert!(run(&["build", small.path().to_str().unwrap(), "--store", s]).status.success());
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
