//! Cargo.lock keeps the disk store's build tools on one `syn`: a re-resolution (any change of
//! dependencies) has twice paired bindgen with syn 3 and prettyplease 0.2 (which is on syn 2),
//! a combination that does not compile, and only the `rocksdb` feature (CI's second suite)
//! would find out.

fn block<'a>(lock: &'a str, name: &str) -> &'a str {
    let start = lock.find(&format!("[[package]]\nname = \"{name}\"\n")).unwrap_or_else(|| panic!("{name} is in Cargo.lock"));
    let rest = &lock[start + 11..];
    &rest[..rest.find("[[package]]").unwrap_or(rest.len())]
}

/// The `syn` a package of the lock depends on ("syn" alone when the lock has one version).
fn syn_of(lock: &str, name: &str) -> String {
    block(lock, name).lines().map(str::trim).find(|l| l.starts_with("\"syn")).unwrap_or_else(|| panic!("{name} depends on syn")).to_string()
}

#[test]
fn bindgen_and_prettyplease_share_one_syn() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let pretty = syn_of(&lock, "prettyplease");
    assert_eq!(syn_of(&lock, "bindgen"), pretty, "bindgen must use prettyplease's syn (edit Cargo.lock back)");
    assert_eq!(syn_of(&lock, "cssparser-macros"), pretty, "cssparser-macros likewise");
}
