//! The disk store (cargo feature `rocksdb`): layout, incremental updates, kill -9, the lock,
//! damage, and what a binary says about a store of the other kind. Without the feature only
//! the last applies.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// `n` articles cycling through the bundled ones.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
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

#[cfg(not(feature = "rocksdb"))]
#[test]
fn a_disk_store_is_named_by_a_binary_without_the_feature() {
    let store = tempfile::tempdir().unwrap();
    let s = store.path().to_str().unwrap();
    // what a newsgraph built with `--features rocksdb` leaves in a store folder
    write(store.path(), "rocksdb.current", b"# newsgraph store 1 rocksdb\nversion v000001\nquads 10\n");
    fs::create_dir_all(store.path().join("v000001/db")).unwrap();
    for args in [vec!["query", "who-backs-whom", "--store", s], vec!["build", "--store", s], vec!["build", "corpus", "--store", s]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("on-disk (RocksDB) store") && stderr(&o).contains("--features rocksdb"), "{args:?}: {}", stderr(&o));
    }
    assert!(!store.path().join("graph.nq").exists(), "a build never writes over a store of the other kind");
    let o = run(&["build", "--store", tempfile::tempdir().unwrap().path().to_str().unwrap(), "--store-kind", "rocksdb"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--features rocksdb"), "{}", stderr(&o));
}

#[cfg(feature = "rocksdb")]
mod disk {
    use super::*;
    use std::process::Stdio;
    use std::time::Duration;

    fn export_csv(src: &[&str]) -> String {
        let mut a = vec!["export", "--format", "csv"];
        a.extend_from_slice(src);
        let o = run(&a);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    }

    fn count_articles(s: &str) -> Option<String> {
        let o = run(&["query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://newsgraph.dev/ns#Article> }", "--store", s, "--format", "csv"]);
        assert!(o.status.success(), "store readable: {}", stderr(&o));
        stdout(&o).lines().nth(1).map(str::to_string)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    }

    #[test]
    fn a_new_store_is_on_disk_and_answers_like_the_corpus() {
        let corpus = corpus_of(5);
        let store = tempfile::tempdir().unwrap();
        let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
        let o = run(&["build", c, "--store", s, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(names(store.path()), ["lock", "rocksdb.current", "v000001"]);
        assert!(store.path().join("v000001/db/CURRENT").is_file() && store.path().join("v000001/manifest").is_file());
        assert_eq!(export_csv(&["--store", s]), export_csv(&["--corpus", c]));
        // the quad count printed by build is the one the store keeps (no scan on open)
        let quads = stdout(&o).split("quads: ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
        let o = run(&["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", s, "--format", "csv"]);
        assert_eq!(stdout(&o).lines().nth(1), Some(quads.as_str()));
        // readers work while a writer holds the lock
        let lock = fs::OpenOptions::new().write(true).open(store.path().join("lock")).unwrap();
        lock.try_lock().unwrap();
        let o = run(&["build", c, "--store", s]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is being written by another build"), "{}", stderr(&o));
        assert_eq!(count_articles(s).as_deref(), Some("5"));
    }

    #[test]
    fn an_update_equals_a_fresh_build_and_replaces_the_version() {
        let corpus = corpus_of(6);
        let store = tempfile::tempdir().unwrap();
        let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
        assert!(run(&["build", c, "--store", s, "--quiet"]).status.success());
        write(corpus.path(), "a00000.txt", b"Egypt backs Khalifa Haftar. Turkey backs the Government of National Accord.\n");
        write(corpus.path(), "new.txt", b"Russia backs Khalifa Haftar.\n");
        fs::remove_file(corpus.path().join("a00003.txt")).unwrap();
        let o = run(&["build", c, "--store", s, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("(added 1, changed 1, removed 1, unchanged 4)"), "{}", stdout(&o));
        assert_eq!(names(store.path()), ["lock", "rocksdb.current", "v000002"], "the old version is gone");
        let fresh = tempfile::tempdir().unwrap();
        let f = fresh.path().to_str().unwrap();
        let o2 = run(&["build", c, "--store", f, "--quiet"]);
        assert!(o2.status.success(), "{}", stderr(&o2));
        assert_eq!(export_csv(&["--store", s]), export_csv(&["--store", f]));
        let nq = |s: &str| {
            let o = run(&["export", "--format", "nquads", "--store", s]);
            assert!(o.status.success());
            o.stdout
        };
        assert_eq!(nq(s), nq(f), "the updated store holds exactly the quads of a fresh build");
        let quads = |o: &Output| stdout(o).split("quads: ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
        assert_eq!(quads(&o), quads(&o2));
        // nothing changed: nothing re-extracted
        let o = run(&["build", "--store", s, "--quiet"]);
        assert!(stdout(&o).contains("(added 0, changed 0, removed 0, unchanged 6)"), "{}", stdout(&o));
    }

    #[test]
    fn a_killed_build_or_update_leaves_the_store_before_or_after() {
        let big = corpus_of(400);
        let store = tempfile::tempdir().unwrap();
        let s = store.path().to_str().unwrap();
        let kill_after = |args: &[&str], ms: u64| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(ms));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        };
        // a fresh build (bulk load) killed at several points: no store, or the whole one
        let b = big.path().to_str().unwrap();
        let mut finished = false;
        for delay in [50, 300, 900, 2500] {
            kill_after(&["build", b, "--store", s, "--quiet"], delay);
            let o = run(&["query", "ASK { ?s ?p ?o }", "--store", s]);
            if o.status.success() {
                assert_eq!(count_articles(s).as_deref(), Some("400"), "a store after a kill is the finished one");
                finished = true;
                break;
            }
            assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
        }
        if !finished {
            assert!(run(&["build", b, "--store", s, "--quiet"]).status.success());
        }
        // an update of half the articles killed at several points: the export is the old one
        // or the new one, never a mixture
        let before = export_csv(&["--store", s]);
        for i in (0..400).step_by(2) {
            write(big.path(), &format!("a{i:05}.txt"), format!("Egypt backs Khalifa Haftar in article {i}.\n").as_bytes());
        }
        let reference = tempfile::tempdir().unwrap();
        assert!(run(&["build", b, "--store", reference.path().to_str().unwrap(), "--quiet"]).status.success());
        let after = export_csv(&["--store", reference.path().to_str().unwrap()]);
        assert_ne!(before, after);
        for delay in [100, 400, 1200, 3000] {
            kill_after(&["build", b, "--store", s, "--quiet"], delay);
            let now = export_csv(&["--store", s]);
            assert!(now == before || now == after, "after a kill at {delay} ms the store is neither the old nor the new one");
            if now == after {
                break;
            }
        }
        let o = run(&["build", b, "--store", s, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(export_csv(&["--store", s]), after);
        // what killed builds left is cleared by the next one
        let left = names(store.path());
        assert_eq!(left.len(), 3, "{left:?}");
        assert!(left[0] == "lock" && left[1] == "rocksdb.current" && left[2].starts_with('v'), "{left:?}");
    }

    #[test]
    fn a_damaged_disk_store_is_reported_and_rebuilt() {
        let corpus = corpus_of(2);
        let store = tempfile::tempdir().unwrap();
        let (c, s) = (corpus.path().to_str().unwrap(), store.path().to_str().unwrap());
        assert!(run(&["build", c, "--store", s, "--quiet"]).status.success());
        let good = export_csv(&["--store", s]);
        fs::remove_file(store.path().join("v000001/db/CURRENT")).unwrap();
        let o = run(&["query", "who-backs-whom", "--store", s]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is damaged") && stderr(&o).contains("build --store"), "{}", stderr(&o));
        let o = run(&["build", "--store", s, "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("is damaged"), "the rebuild says why: {}", stderr(&o));
        assert_eq!(export_csv(&["--store", s]), good, "rebuilt from its folder");
        // an altered manifest is damage too
        let m = store.path().join("v000002/manifest");
        fs::write(&m, fs::read_to_string(&m).unwrap().replace("# doc ", "# doc 0")).unwrap();
        let o = run(&["query", "who-backs-whom", "--store", s]);
        assert!(o.status.success(), "readers need no manifest: {}", stderr(&o));
        let o = run(&["build", "--store", s, "--quiet"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("does not say which folder"), "{}", stderr(&o));
        let o = run(&["build", c, "--store", s, "--quiet"]);
        assert!(o.status.success() && stderr(&o).contains("checksum"), "{}", stderr(&o));
        assert_eq!(export_csv(&["--store", s]), good);
        // a pointer file that is not ours
        fs::write(store.path().join("rocksdb.current"), "hello\n").unwrap();
        let o = run(&["query", "who-backs-whom", "--store", s]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is damaged"), "{}", stderr(&o));
    }

    #[test]
    fn kinds_are_kept_and_refusals_change_nothing() {
        let corpus = corpus_of(2);
        let other = corpus_of(1);
        let empty = tempfile::tempdir().unwrap();
        let (c, o_, e) = (corpus.path().to_str().unwrap(), other.path().to_str().unwrap(), empty.path().to_str().unwrap());
        // a file store stays a file store in this binary
        let file = tempfile::tempdir().unwrap();
        let fs_ = file.path().to_str().unwrap();
        assert!(run(&["build", c, "--store", fs_, "--store-kind", "file", "--quiet"]).status.success());
        assert!(file.path().join("graph.nq").is_file() && !file.path().join("rocksdb.current").exists());
        assert!(run(&["build", "--store", fs_, "--quiet"]).status.success());
        assert!(!file.path().join("rocksdb.current").exists());
        let o = run(&["build", "--store", fs_, "--store-kind", "rocksdb"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is a file store"), "{}", stderr(&o));
        assert_eq!(export_csv(&["--store", fs_]), export_csv(&["--corpus", c]));
        // refusals on a disk store leave it as it was
        let store = tempfile::tempdir().unwrap();
        let s = store.path().to_str().unwrap();
        assert!(run(&["build", c, "--store", s, "--quiet"]).status.success());
        let before = (names(store.path()), fs::read(store.path().join("rocksdb.current")).unwrap());
        let o = run(&["build", o_, "--store", s]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--replace"), "{}", stderr(&o));
        let o = run(&["build", e, "--store", s, "--replace"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--allow-empty"), "{}", stderr(&o));
        let o = run(&["build", c, "--store", s, "--store-kind", "file"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is a rocksdb store"), "{}", stderr(&o));
        assert_eq!((names(store.path()), fs::read(store.path().join("rocksdb.current")).unwrap()), before, "refused builds change nothing");
        assert!(run(&["build", e, "--store", s, "--replace", "--allow-empty", "--quiet"]).status.success());
        assert_eq!(count_articles(s).as_deref(), Some("0"));
    }
}
