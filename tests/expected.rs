//! Expected outputs: the facts read from the bundled corpus, as a sorted text file whose diff
//! shows any change (regenerate with `UPDATE_EXPECT=1 cargo test --release --test expected`),
//! and the score on the real reports of `../shared/dev`, which may not fall.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("the binary runs");
    assert!(o.status.success(), "newsgraph {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// The facts table of `corpus/`: subject, predicate, object, document and rule, one fact a line, sorted.
fn facts_table() -> String {
    let csv = run(&["export", "--corpus", repo().join("corpus").to_str().unwrap(), "--format", "csv", "--quiet"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap_or_else(|| panic!("column {name}"));
    let cols = ["subject", "predicate", "object", "doc", "rule"].map(col);
    let rows: BTreeSet<String> = r
        .records()
        .map(|rec| {
            let rec = rec.expect("valid CSV row");
            cols.iter().map(|&i| &rec[i]).collect::<Vec<_>>().join("\t")
        })
        .collect();
    let mut out = String::from("# subject\tpredicate\tobject\tdoc\trule  (UPDATE_EXPECT=1 cargo test --release --test expected)\n");
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

#[test]
fn bundled_corpus_facts_match_the_expected_file() {
    let path = repo().join("tests/expected/corpus_facts.tsv");
    let actual = facts_table();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let old: BTreeSet<&str> = expected.lines().collect();
        let new: BTreeSet<&str> = actual.lines().collect();
        let mut diff = String::new();
        for l in old.difference(&new) {
            diff.push_str(&format!("- {l}\n"));
        }
        for l in new.difference(&old) {
            diff.push_str(&format!("+ {l}\n"));
        }
        panic!("the facts read from corpus/ changed (UPDATE_EXPECT=1 to accept):\n{diff}");
    }
}

/// The dev-set figures reached when this test was last raised (`newsgraph eval --gold
/// ../shared/dev/gold.tsv --corpus ../shared/dev/corpus`); a change may cost at most 0.02.
const DEV_F1: f64 = 0.77;
const DEV_P: f64 = 0.96;
const DEV_NUMBERS_F1: f64 = 0.97;

fn field(line: &str, name: &str) -> f64 {
    line.split_whitespace().find_map(|w| w.strip_prefix(&format!("{name}="))).unwrap_or_else(|| panic!("{name} in {line}")).parse().unwrap()
}

#[test]
fn dev_score_does_not_fall() {
    let dev = repo().join("../shared/dev");
    assert!(dev.join("gold.tsv").is_file(), "the dev set must be beside the repository at ../shared/dev");
    let out = run(&["eval", "--gold", dev.join("gold.tsv").to_str().unwrap(), "--corpus", dev.join("corpus").to_str().unwrap(), "--quiet"]);
    let facts = out.lines().last().unwrap();
    assert!(field(facts, "F1") >= DEV_F1 - 0.02, "dev facts fell below {DEV_F1} - 0.02:\n{out}");
    assert!(field(facts, "P") >= DEV_P - 0.02, "dev precision fell below {DEV_P} - 0.02:\n{out}");
    let numbers = out.lines().find(|l| l.starts_with("numbers")).unwrap();
    assert!(field(numbers, "F1") >= DEV_NUMBERS_F1 - 0.02, "dev casualty figures fell:\n{out}");
}
