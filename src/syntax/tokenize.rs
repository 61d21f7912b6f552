//! Words of a sentence as byte spans into the article, following UD English (EWT) conventions:
//! punctuation apart, clitics split (`do|n't`, `John|'s`, `ca|n't`, `gon|na`), hyphens and
//! slashes between words apart, abbreviations (`U.S.`, `Mr.`), numbers (`1,000.5`, `10:30`,
//! `11/28/2000`), URLs and e-mail addresses kept whole. Spans are never adjusted: every
//! `text[start..end]` is the word as written.

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "brig", "adm", "cmdr", "gov", "sen",
    "rep", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "no", "approx", "dept", "est", "fig", "mt", "ft", "rev", "e.g", "i.e",
];

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '@' || ('\u{300}'..='\u{36f}').contains(&c) || ('\u{900}'..='\u{dff}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Joins the character before (emoji sequences, variation selectors, skin tones).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{20e3}' | '\u{e0020}'..='\u{e007f}' | '\u{1f1e6}'..='\u{1f1ff}')
}

/// The words of `text[start..end]`, as byte spans into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let slice = &text[start..end];
    let mut chunk_start = None;
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() || c == '\u{feff}' {
            if let Some(s) = chunk_start.take() {
                chunk(text, start + s, start + i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        chunk(text, start + s, end, &mut out);
    }
    out
}

/// Splits one whitespace-free chunk.
fn chunk(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let w = &text[s..e];
    let lower = w.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        // a URL: whole, less trailing punctuation
        let body = w.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '"', '\'', '”', '’']);
        out.push((s, s + body.len()));
        if body.len() < w.len() {
            chunk(text, s + body.len(), e, out);
        }
        return;
    }
    let has_at = w.contains('@');
    let chars: Vec<(usize, char)> = w.char_indices().map(|(i, c)| (s + i, c)).chain([(e, ' ')]).collect();
    let n = chars.len() - 1;
    let at = |k: usize| if k < n { chars[k].1 } else { ' ' };
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if is_word_char(c) {
            // a word: letters, digits, and what may sit inside one
            let mut j = k;
            let mut seg = k; // start of the current period-separated segment
            while j < n {
                let c = at(j);
                let prev = if j > 0 { at(j - 1) } else { ' ' };
                let next = at(j + 1);
                if is_word_char(c) {
                    j += 1;
                } else if matches!(c, '.' | ',' | ':' | '/') && next.is_ascii_digit() && prev.is_ascii_digit() {
                    j += 1; // 1,000.5  10:30  11/28/2000
                } else if c == '.' && next.is_alphanumeric() && (j - seg == 1 && prev.is_alphabetic() || has_at || is_domain(&chars[j + 1..n])) {
                    j += 1; // U.S  e.g  example.com
                    seg = j;
                } else if c == '&' && prev.is_uppercase() && next.is_uppercase() {
                    j += 1; // AT&T
                } else if is_apostrophe(c) && prev.is_alphabetic() && next.is_alphabetic() && !is_clitic_at(&chars, j, n) {
                    j += 1; // O'Brien, don't (split below)
                } else {
                    break;
                }
            }
            // a final period belongs to abbreviations and initials
            if at(j) == '.' && at(j + 1) != '.' && j + 1 < n || at(j) == '.' && j + 1 == n {
                let word: String = chars[k..j].iter().map(|x| x.1).collect();
                if is_abbreviation(&word) {
                    j += 1;
                }
            }
            split_word(&chars, k, j, out);
            k = j;
        } else if is_clitic_at(&chars, k, n) {
            let j = clitic_end(&chars, k, n);
            out.push((chars[k].0, chars[j].0));
            k = j;
        } else {
            // punctuation and symbols: runs of one character together ("...", "!!", "--")
            let mut j = k + 1;
            while j < n && (at(j) == c && !matches!(c, '(' | ')' | '[' | ']' | '"' | '“' | '”' | '\'') || is_joiner(at(j))) {
                j += 1;
            }
            out.push((chars[k].0, chars[j].0));
            k = j;
        }
    }
}

/// `com`, `org` after a period: a domain name.
fn is_domain(rest: &[(usize, char)]) -> bool {
    let tld: String = rest.iter().take_while(|x| x.1.is_alphanumeric()).map(|x| x.1.to_ascii_lowercase()).collect();
    matches!(tld.as_str(), "com" | "org" | "net" | "edu" | "gov" | "int" | "io" | "uk" | "de" | "fr")
}

fn is_abbreviation(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    let mut cs = word.chars();
    if let (Some(first), None) = (cs.next(), cs.next()) {
        return first.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// An apostrophe at `k` starting `'s`, `'re`, ... that ends the word.
fn is_clitic_at(chars: &[(usize, char)], k: usize, n: usize) -> bool {
    if k >= n || !is_apostrophe(chars[k].1) {
        return false;
    }
    let j = clitic_end(chars, k, n);
    let s: String = chars[k + 1..j].iter().flat_map(|x| x.1.to_lowercase()).collect();
    CLITICS.contains(&s.as_str()) && (j >= n || !is_word_char(chars[j].1))
}

fn clitic_end(chars: &[(usize, char)], k: usize, n: usize) -> usize {
    let mut j = k + 1;
    while j < n && chars[j].1.is_alphabetic() {
        j += 1;
    }
    j
}

/// Pushes the word `chars[k..j]`, split before `n't` or inside `cannot`, `gonna`, `wanna`,
/// `gotta`.
fn split_word(chars: &[(usize, char)], k: usize, j: usize, out: &mut Vec<(usize, usize)>) {
    if j >= k + 4 && chars[j - 3].1.eq_ignore_ascii_case(&'n') && is_apostrophe(chars[j - 2].1) && chars[j - 1].1.eq_ignore_ascii_case(&'t') {
        out.push((chars[k].0, chars[j - 3].0));
        out.push((chars[j - 3].0, chars[j].0));
        return;
    }
    if j == k + 5 || j == k + 6 {
        let word: String = chars[k..j].iter().flat_map(|x| x.1.to_lowercase()).collect();
        if matches!(word.as_str(), "cannot" | "gonna" | "wanna" | "gotta") {
            out.push((chars[k].0, chars[k + 3].0));
            out.push((chars[k + 3].0, chars[j].0));
            return;
        }
    }
    out.push((chars[k].0, chars[j].0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t, 0, t.len()).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn follows_ud_english_conventions() {
        assert_eq!(words("I don't think the U.S. can't win."), ["I", "do", "n't", "think", "the", "U.S.", "ca", "n't", "win", "."]);
        assert_eq!(words("Haftar's forces (LNA) took 1,000.5 km at 10:30."), ["Haftar", "'s", "forces", "(", "LNA", ")", "took", "1,000.5", "km", "at", "10:30", "."]);
        assert_eq!(words("Mr. Smith's soldiers' anti-war e-mail: a@b.com, see www.x.org."), ["Mr.", "Smith", "'s", "soldiers", "'", "anti", "-", "war", "e", "-", "mail", ":", "a@b.com", ",", "see", "www.x.org", "."]);
        assert_eq!(words("We're gonna win... I cannot!!"), ["We", "'re", "gon", "na", "win", "...", "I", "can", "not", "!!"]);
        assert_eq!(words("on 11/28/2000 and/or $50"), ["on", "11/28/2000", "and", "/", "or", "$", "50"]);
    }

    #[test]
    fn offsets_slice_odd_text_back() {
        let t = "“Quoted,” she said—then left – O’Brien’s 👍🏽 bye 🇺🇳.\r\nNext…\tline";
        let spans = tokenize(t, 0, t.len());
        let ws: Vec<&str> = spans.iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(ws, ["“", "Quoted", ",", "”", "she", "said", "—", "then", "left", "–", "O’Brien", "’s", "👍🏽", "bye", "🇺🇳", ".", "Next", "…", "line"]);
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "spans overlap or go backwards");
        }
        for &(s, e) in &spans {
            assert!(s < e && t.is_char_boundary(s) && t.is_char_boundary(e));
            assert!(!t[s..e].chars().any(char::is_whitespace));
        }
        // a slice of a larger text keeps absolute offsets
        let p = t.find("she").unwrap();
        let inner: Vec<&str> = tokenize(t, p, p + 8).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(inner, ["she", "said"]);
    }
}
