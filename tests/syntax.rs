//! The syntax layer through its public API and the `parse` command, with the shipped model.
//! Treebank samples come from ../shared/ud (never copied into the repository).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use newsgraph::syntax::{conllu, train, Model};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ud(name: &str) -> PathBuf {
    let p = repo().join("../shared/ud").join(name);
    assert!(p.is_file(), "the UD treebanks must be beside the repository at ../shared/ud");
    p
}

fn model() -> Model {
    Model::load(&Model::bundled_path()).expect("the shipped model loads")
}

fn parse(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("parse")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    use std::io::Write;
    // a run that fails early (no model) may exit before reading its input: a broken pipe
    // here is not the behaviour under test, the exit status and message are
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// The first `n` sentences of a treebank, as CoNLL-U text.
fn sample(name: &str, n: usize) -> String {
    let text = fs::read_to_string(ud(name)).unwrap();
    text.split("\n\n").take(n).map(|s| format!("{}\n\n", s.trim_end())).collect()
}

/// Floors a little under what the shipped model scores on the first 600 sentences of EWT dev
/// (UPOS 0.961, UAS 0.861, LAS 0.833; the whole of dev and test are in BENCHMARKS.md).
#[test]
fn the_shipped_model_tags_and_parses_ewt_dev_above_its_floors() {
    let blocks = conllu::read(&sample("en_ewt-ud-dev.conllu", 600)).unwrap();
    let s = train::evaluate(&model(), &train::gold(&blocks));
    assert!(s.words > 8000, "{s}");
    assert!(s.upos >= 0.955, "UPOS fell: {s}");
    assert!(s.uas >= 0.855, "UAS fell: {s}");
    assert!(s.las >= 0.825, "LAS fell: {s}");
}

/// The mean of models is the ensemble the shipped model is made of: the mean of a model with
/// itself is that model (the same weights after requantizing, so the same tags and trees), and
/// models of different label sets are refused rather than averaged.
#[test]
fn the_mean_of_a_model_with_itself_is_that_model() {
    let m = model();
    let twice = Model::mean(&[m.clone(), m.clone()], 0.0).expect("alike models average");
    assert_eq!(twice.transitions.len(), m.transitions.len());
    assert_eq!(twice.labeller.len(), m.labeller.len());
    let blocks = conllu::read(&sample("en_ewt-ud-dev.conllu", 200)).unwrap();
    for b in &blocks {
        let forms = b.forms();
        let (a, c) = (m.analyse_words(&forms), twice.analyse_words(&forms));
        let tree = |ws: &[newsgraph::syntax::Word]| ws.iter().map(|w| (w.upos, w.head, w.deprel.clone())).collect::<Vec<_>>();
        assert_eq!(tree(&a), tree(&c), "{forms:?}");
    }
    let mut other = m.clone();
    other.labels.push("no-such-relation".into());
    assert!(Model::mean(&[m, other], 0.0).is_err());
}

/// The beam machinery at width 1 is the greedy parser (ties broken alike, states copied and
/// moved between steps without losing an arc), and a wider beam still gives every word one head.
#[test]
fn a_beam_of_one_parses_as_the_greedy_parser_does() {
    use newsgraph::syntax::parser::{self, Beam, Words};
    let m = model();
    let blocks = conllu::read(&sample("en_ewt-ud-dev.conllu", 200)).unwrap();
    let mut beam = Beam::new();
    for b in &blocks {
        let lex: Vec<_> = b.forms().iter().map(|f| m.tagger.lex(f)).collect();
        let tags = m.tagger.tag(&lex);
        let fine = m.tagger.refine(&lex, &tags);
        let x = Words { lex: &lex, tags: &tags, fine: if m.tagger.fine.is_some() { &fine } else { &[] } };
        let greedy = parser::parse(&m.transitions, &m.labeller, &x);
        assert_eq!(parser::beam_search(&m.transitions, &m.labeller, &x, 1, &mut beam), greedy);
        let (heads, _) = parser::beam_search(&m.transitions, &m.labeller, &x, 4, &mut beam);
        assert_eq!(heads.len(), lex.len());
        assert_eq!(heads.iter().filter(|&&h| h == 0).count(), 1.min(lex.len()), "one root");
        assert!(heads.iter().all(|&h| h <= lex.len()));
    }
}

/// A model that tags XPOS too (trained here on a few sentences, in a second or so) is saved as
/// format version 4 and read back to the same bytes; every word's (UPOS, XPOS) tag, which the
/// parser sees, belongs to the UPOS the tagger chose.
#[test]
fn a_model_with_xpos_round_trips_and_refines_its_own_upos() {
    let opts = train::Options { limit: Some(300), tagger_epochs: 2, parser_epochs: 1, xpos: true, xpos_epochs: 2, folds: 2, ..Default::default() };
    let m = train::train(&sample("en_ewt-ud-train.conllu", 300), &sample("en_ewt-ud-dev.conllu", 50), &opts, &mut |_| {}, &mut |_| {})
        .expect("a small model trains");
    assert!(m.tagger.fine.is_some() && m.tagger.tagset.len() > 17, "{} tags", m.tagger.tagset.len());
    assert!(m.tagger.tagset.iter().any(|t| t.xpos == "VBN"));
    let bytes = m.to_bytes();
    assert!(bytes.starts_with(b"newsgraph-syntax 4\n"));
    let again = Model::from_bytes(&bytes).expect("a version 4 model reads");
    assert!(again.to_bytes() == bytes, "a load and save round trip changed the model");
    assert!(Model::from_bytes(&bytes[..bytes.len() - 3]).is_err(), "a truncated model is refused");
    for b in conllu::read(&sample("en_ewt-ud-dev.conllu", 50)).unwrap() {
        let lex: Vec<_> = b.forms().iter().map(|f| again.tagger.lex(f)).collect();
        let upos = again.tagger.tag(&lex);
        let fine = again.tagger.refine(&lex, &upos);
        assert_eq!(fine.len(), upos.len());
        for (f, u) in fine.iter().zip(&upos) {
            assert_eq!(again.tagger.tagset[*f as usize].upos, *u, "{:?}", b.forms());
        }
        let words = again.analyse_words(&b.forms());
        assert_eq!(words.iter().filter(|w| w.head.is_none()).count(), 1, "one root");
    }
}

/// Word clusters are features the model carries (format version 5): a word is looked up as
/// written, then lower-cased, and one the clusters lack is marked unknown; a model trained with
/// clusters round-trips to the same bytes and a model without them has none (no cluster
/// features). The shipped model has them, and they move its tags.
#[test]
fn word_clusters_travel_in_the_model_and_are_looked_up_as_written_then_lower_cased() {
    use newsgraph::syntax::perceptron::hash_str;
    use newsgraph::syntax::tagger::CL_UNKNOWN;
    let mut clusters = newsgraph::syntax::perceptron::WordMap::default();
    clusters.insert(hash_str("Paris"), 0b1011u32);
    clusters.insert(hash_str("city"), 0b0110u32);
    let opts = train::Options {
        limit: Some(300),
        tagger_epochs: 2,
        parser_epochs: 1,
        xpos: true,
        xpos_epochs: 2,
        folds: 2,
        clusters: Some(std::sync::Arc::new(clusters)),
        ..Default::default()
    };
    let without_xpos = train::Options { xpos: false, ..opts.clone() };
    let refused = train::train(&sample("en_ewt-ud-train.conllu", 300), &sample("en_ewt-ud-dev.conllu", 50), &without_xpos, &mut |_| {}, &mut |_| {});
    assert!(refused.is_err_and(|e| e.contains("--xpos")), "clusters without the XPOS stage are refused before training");
    let m = train::train(&sample("en_ewt-ud-train.conllu", 300), &sample("en_ewt-ud-dev.conllu", 50), &opts, &mut |_| {}, &mut |_| {})
        .expect("a small model trains");
    let bytes = m.to_bytes();
    assert!(bytes.starts_with(b"newsgraph-syntax 5\n"));
    let again = Model::from_bytes(&bytes).expect("a version 5 model reads");
    assert!(again.to_bytes() == bytes, "a load and save round trip changed the model");
    assert!(Model::from_bytes(&[&bytes[..], b"x"].concat()).is_err(), "trailing bytes are refused");
    assert_eq!(again.tagger.lex("Paris").cl, 1 + 0b1011);
    assert_eq!(again.tagger.lex("City").cl, 1 + 0b0110, "lower-cased when not found as written");
    assert_eq!(again.tagger.lex("paris").cl, CL_UNKNOWN, "no upper-casing");
    assert_eq!(again.tagger.lex("Mosul").cl, CL_UNKNOWN);
    // without clusters: no cluster value, so no cluster features
    let mut plain = again.clone();
    plain.tagger.clusters.clear();
    assert_eq!(plain.tagger.lex("Paris").cl, 0);
    assert!(!plain.to_bytes().starts_with(b"newsgraph-syntax 5\n"));
    // the shipped model: most words have a cluster, and taking them away changes its tags
    let shipped = model();
    assert!(shipped.tagger.clusters.len() > 100_000, "{}", shipped.tagger.clusters.len());
    let mut blind = shipped.clone();
    blind.tagger.clusters.clear();
    let blocks = conllu::read(&sample("en_ewt-ud-dev.conllu", 300)).unwrap();
    let (with, without) = (train::evaluate(&shipped, &train::gold(&blocks)), train::evaluate(&blind, &train::gold(&blocks)));
    assert!(with.upos > without.upos && with.las > without.las, "{with} against {without}");
}

/// The tables a model is read into give back the very bytes they were read from.
#[test]
fn the_shipped_model_writes_back_its_own_bytes() {
    let bytes = fs::read(Model::bundled_path()).unwrap();
    let m = Model::from_bytes(&bytes).expect("the shipped model reads");
    assert!(m.to_bytes() == bytes, "a load and save round trip changed the model file");
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err(), "a truncated model is refused");
    // a beam parser's file keeps its width and margin
    let mut beam = m.clone();
    beam.beam = 8;
    beam.margin = 160.0;
    let again = Model::from_bytes(&beam.to_bytes()).expect("a beam model reads");
    assert_eq!((again.beam, again.margin), (8, 160.0));
    assert!(again.to_bytes() == beam.to_bytes());
}

#[test]
fn parse_prints_valid_conllu_whose_ranges_slice_the_input() {
    let text = "“Russia backs Haftar,” the U.S. envoy said — it doesn't.\r\nThe LNA's drones 👍🏽 hit Tripoli's airport on 11/28/2019.\n";
    let o = parse(&[], text);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let blocks = conllu::read(&out).expect("CoNLL-U");
    assert_eq!(blocks.len(), 2, "{out}");
    for b in &blocks {
        let n = b.words.len();
        let roots = b.words.iter().filter(|w| w[6] == "0").count();
        assert_eq!(roots, 1, "one root:\n{out}");
        for (i, w) in b.words.iter().enumerate() {
            assert_eq!(w[0], (i + 1).to_string());
            let head: usize = w[6].parse().unwrap();
            assert!(head <= n && head != i + 1, "head in range: {w:?}");
            let range = w[9].split('|').find_map(|m| m.strip_prefix("TokenRange=")).expect("a TokenRange");
            let (s, e) = range.split_once(':').unwrap();
            assert_eq!(&text[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()], w[1], "the range slices the input");
        }
    }
    let words: Vec<&str> = blocks[0].words.iter().map(|w| w[1].as_str()).collect();
    assert!(words.windows(2).any(|p| p == ["does", "n't"]), "{words:?}");
    // conllu_eval.py reads it back against itself
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("out.conllu");
    fs::write(&f, &out).unwrap();
    let e = Command::new("python3").arg(repo().join("../shared/eval/conllu_eval.py")).args([&f, &f]).output().expect("python3");
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    assert!(String::from_utf8_lossy(&e.stdout).starts_with("UPOS=1.000 UAS=1.000 LAS=1.000"));
}

#[test]
fn parse_tokenized_keeps_the_words_for_the_scorer() {
    let gold = sample("en_ewt-ud-test.conllu", 80);
    let o = parse(&["--tokenized", "-"], &gold);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let (g, p) = (dir.path().join("gold.conllu"), dir.path().join("pred.conllu"));
    fs::write(&g, &gold).unwrap();
    fs::write(&p, &o.stdout).unwrap();
    let e = Command::new("python3").arg(repo().join("../shared/eval/conllu_eval.py")).args([&g, &p]).output().expect("python3");
    assert!(e.status.success(), "the scorer accepts the output: {}", String::from_utf8_lossy(&e.stderr));
    let line = String::from_utf8_lossy(&e.stdout).into_owned();
    let uas: f64 = line.split_whitespace().find_map(|f| f.strip_prefix("UAS=")).unwrap().parse().unwrap();
    assert!(uas > 0.75, "{line}");
}

#[test]
fn parse_fails_clearly_on_a_missing_model_or_bad_input() {
    let o = parse(&["--model", "/nonexistent/model"], "Hello.");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/model"));
    let o = parse(&["--tokenized"], "1\tonly three\tcolumns\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 1"));
}

#[test]
fn the_api_reads_who_did_what() {
    let text = "Egypt supports Haftar. The head of the council, Ahmed Mansour, met the envoy.";
    let sents = model().analyse(text);
    assert_eq!(sents.len(), 2);
    let s = &sents[0];
    let verb = s.words.iter().position(|w| w.form == "supports").unwrap();
    assert_eq!(s.words[verb].lemma, "support");
    assert_eq!(s.words[verb].upos, "VERB");
    assert_eq!(s.root(), Some(verb));
    let subj = s.children_by(verb, "nsubj");
    assert_eq!(subj.iter().map(|&i| s.words[i].form.as_str()).collect::<Vec<_>>(), ["Egypt"]);
    assert_eq!(s.children_by(verb, "obj").len(), 1);
    let t = &sents[1];
    let head = t.words.iter().position(|w| w.form == "head").unwrap();
    let (lo, hi) = t.phrase_span(head);
    assert!(text[lo..hi].starts_with("The head of the council"), "{}", &text[lo..hi]);
}

/// `parse` works on every core a batch of sentences at a time: on more sentences than a batch,
/// the output is the same on one core as on several, every sentence once and in order.
#[test]
fn parse_output_is_the_same_on_one_core_and_on_several() {
    let input = sample("en_ewt-ud-dev.conllu", 1100);
    let run = |threads: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["parse", "--tokenized", "-"])
            .env("RAYON_NUM_THREADS", threads)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let (one, several) = (run("1"), run("3"));
    assert_eq!(one, several);
    let ids = |t: &str| t.lines().filter_map(|l| l.strip_prefix("# sent_id = ")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(ids(&one), ids(&input));
}
