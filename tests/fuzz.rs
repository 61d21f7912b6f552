//! Property tests over the extractor (proptest): arbitrary text, and arbitrary mixes of names,
//! quotes, dashes, emoji and abbreviations, never panic, and every fact's span lies inside its
//! document and slices out exactly its sentence. Bounded (a few hundred cases) so CI stays fast.

use std::sync::LazyLock;

use newsgraph::{extract, Article, Knowledge};
use proptest::prelude::*;

static K: LazyLock<Knowledge> = LazyLock::new(|| Knowledge::load(&Knowledge::default_dir()).unwrap());

const PIECES: &[&str] = &[
    "Haftar", "Hifter's", "the U.N.", "U.S.", "Gen.", "Mr.", "Russia", "Moscow", "backs", "backed by", "called on", "to halt",
    "ceasefire", "\u{201c}", "\u{201d}", "\"", "'", "\u{2019}s", "\u{2014}", "-", "\u{2013}", "\u{1F525}", "\u{1F1FA}\u{1F1F8}", "é", "ß",
    "\u{feff}", "\r\n", "\n", ". ", "? ", "! ", ",", "(", ")", "[", "…", "2,800", "at least", "killed", "wounded", "he", "it", "its",
    "the council", "the capital", "Forces loyal to", "Prime Minister", "Colonel Abdel", "al-Serraj", "‹0p›", "<1o>", "said", "not",
    "\u{0301}", "\u{200d}", "\t", "   ", "IS", "is", "WHO", "who", "Saudi-led coalition", "government forces", "2 million", "which",
];

fn check(text: &str) {
    let a = Article::from_text("p", text);
    for f in extract(&a, &K).facts {
        assert!(f.start <= f.end && f.end <= text.len());
        assert_eq!(&text[f.start..f.end], f.sentence);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_safe(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn arbitrary_bytes_decoded_lossily_are_safe(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mixes_of_news_pieces_are_safe(picks in proptest::collection::vec((0..PIECES.len(), any::<bool>()), 0..80)) {
        let mut text = String::new();
        for (i, space) in picks {
            text.push_str(PIECES[i]);
            if space {
                text.push(' ');
            }
        }
        check(&text);
    }
}

/// Inputs the property tests once found panicking (a description crossing a line break).
#[test]
fn found_cases_are_safe() {
    for text in ["Hifter's\r\ngovernment forcesHaftar", "Hifter's\ngovernment forces Haftar", "Hifter's\r\n\r\ngovernment forces in Tripoli"] {
        check(text);
    }
}
