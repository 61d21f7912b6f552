//! Rewrites the summary graph of a saved store (as every build does when it commits), without
//! reading its corpus: for a store written before the summary existed, or to time the summary.
//! Usage: cargo run --release [--features rocksdb] --example resummarize -- STORE
use std::path::Path;
use std::time::Instant;

use newsgraph::store::{Staged, WriteLock};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: resummarize STORE");
    let dir = Path::new(&dir);
    let _lock = WriteLock::acquire(dir).expect("the store's write lock");
    let t = Instant::now();
    let (staged, manifest) = Staged::update(dir).expect("the store opens for update");
    let opened = t.elapsed().as_secs_f64();
    staged.commit(&manifest).expect("the summary is written and committed");
    println!("opened for update in {opened:.2} s, summary written and committed in {:.2} s", t.elapsed().as_secs_f64() - opened);
}
