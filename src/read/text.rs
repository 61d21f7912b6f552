//! Splitting an article into paragraphs and sentences, as byte spans into the text as read.
//! Spans are never adjusted later: a sentence's span, sliced from the file, is the sentence.

/// A sentence: `text[start..end]`, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (non-empty line) the sentence belongs to.
    pub para: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "gen", "col", "mr", "mrs", "ms", "dr", "lt", "sgt", "capt", "maj", "brig", "st", "no", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "sen", "rep", "prof", "jr", "sr", "vs",
    "etc", "inc", "ltd", "co", "corp", "approx", "adm", "cmdr", "rev", "ft", "mt",
];

/// The base letter of a common accented Latin letter (é → e), else the letter itself.
pub fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'ğ' => 'g',
        'ş' => 's',
        'Ş' => 'S',
        c => c,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Split `text` into sentences. Lines are paragraphs, and a sentence crosses no line break
/// but a hard wrap: a line that ends mid-sentence (no final punctuation) and runs on into the
/// next, which starts in lower case ("forces of\nthe government") or follows a comma or a
/// function word ("said the\nBritain-based Observatory").
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut line_start = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let mut line_end = line_start + line.len();
        let mut last = line;
        while let Some(next) = lines.peek() {
            if !wrapped(last, next) {
                break;
            }
            line_end += next.len();
            last = lines.next().unwrap();
        }
        let before = out.len();
        split_line(text, line_start, line_end, para, &mut out);
        if out.len() > before {
            para += 1;
        }
        line_start = line_end;
    }
    out
}

/// Whether `line` is cut by a hard wrap and runs on into `next`.
fn wrapped(line: &str, next: &str) -> bool {
    let cur = line.trim_end();
    let nxt = next.trim_start_matches([' ', '\t']);
    let (Some(end), Some(first)) = (cur.chars().next_back(), nxt.chars().next()) else { return false };
    if cur.len() < 30 || matches!(end, '.' | '!' | '?' | '"' | '\u{201d}' | ':' | ';' | ')' | ']') || first.is_whitespace() {
        return false;
    }
    let last_word = cur.rsplit(|c: char| !c.is_alphanumeric() && c != '-').next().unwrap_or("");
    first.is_lowercase()
        || first.is_ascii_digit()
        || end == ','
        || matches!(last_word, "the" | "a" | "an" | "of" | "and" | "or" | "to" | "in" | "on" | "at" | "by" | "for" | "from" | "with" | "as" | "that" | "which" | "who" | "its" | "their" | "his" | "her")
}

fn split_line(text: &str, start: usize, end: usize, para: usize, out: &mut Vec<Sentence>) {
    let line = &text[start..end];
    let mut sent_start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // include closing quotes and brackets
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
                j += 1;
            }
            let boundary = j < chars.len() && is_space(chars[j].1) && {
                let mut k = j;
                while k < chars.len() && is_space(chars[k].1) {
                    k += 1;
                }
                k < chars.len() && starts_sentence(chars[k].1)
            };
            if boundary && !(c == '.' && is_abbreviation(&line[sent_start..pos])) {
                let end_pos = if j < chars.len() { chars[j].0 } else { line.len() };
                push(text, start + sent_start, start + end_pos, para, out);
                sent_start = end_pos;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(text, start + sent_start, end, para, out);
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '[')
}

/// Whether the word ending the text before a period is an abbreviation ("Gen", "U.S").
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| is_space(c) || c == '(' || c == '"').next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true; // U.S, U.N
    }
    let mut cs = word.chars();
    if let (Some(first), None) = (cs.next(), cs.next()) {
        return first.is_uppercase(); // initials
    }
    ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Longest sentence handed to later stages: a line without terminators (a scraped page on one
/// line) is cut at spaces into pieces of at most this many bytes, so no stage sees a giant span.
pub const MAX_SENTENCE: usize = 2000;

fn push(text: &str, s: usize, e: usize, para: usize, out: &mut Vec<Sentence>) {
    let mut s = s;
    while e - s > MAX_SENTENCE {
        let mut cut = s + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let piece = &text[s..cut];
        let at = piece.rfind(char::is_whitespace).filter(|&i| i > MAX_SENTENCE / 2).map_or(cut, |i| s + i);
        push_one(text, s, at, para, out);
        s = at;
    }
    push_one(text, s, e, para, out);
}

fn push_one(text: &str, mut s: usize, mut e: usize, para: usize, out: &mut Vec<Sentence>) {
    let slice = &text[s..e];
    let trimmed_start = slice.len() - slice.trim_start_matches(is_space).len();
    s += trimmed_start;
    let slice = &text[s..e];
    e = s + slice.trim_end_matches(is_space).len();
    if e > s && text[s..e].chars().any(|c| c.is_alphanumeric()) {
        out.push(Sentence { start: s, end: e, para });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_terminators_not_abbreviations() {
        let t = "Gen. Khalifa Hafter is here. He met the U.N. envoy. \"We urge calm.\" Then he left!\nNew line";
        assert_eq!(
            texts(t),
            ["Gen. Khalifa Hafter is here.", "He met the U.N. envoy.", "\"We urge calm.\"", "Then he left!", "New line"]
        );
    }

    #[test]
    fn a_hard_wrap_does_not_end_a_sentence() {
        let t = "Rebels took Aleppo\n\nThe rebels have pressed an offensive against forces of\nthe government since Wednesday, said the\nBritain-based Observatory on Friday.\nA new paragraph starts here.\n";
        assert_eq!(
            texts(t),
            [
                "Rebels took Aleppo",
                "The rebels have pressed an offensive against forces of\nthe government since Wednesday, said the\nBritain-based Observatory on Friday.",
                "A new paragraph starts here."
            ]
        );
        // a short line (a headline) and a line ending a sentence stay paragraphs
        assert_eq!(texts("Rebels advance on the city\nThe army withdrew.\nthen nothing."), ["Rebels advance on the city", "The army withdrew.", "then nothing."]);
    }

    #[test]
    fn spans_slice_back_to_the_sentence() {
        let t = "\u{feff}  Café été. Über alles.\r\n\r\n...\n";
        for s in sentences(t) {
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        }
        assert_eq!(texts(t), ["Café été.", "Über alles."]);
    }

    #[test]
    fn giant_lines_are_cut_into_bounded_pieces() {
        let t = "word ".repeat(10_000) + "é".repeat(3000).as_str();
        let ss = sentences(&t);
        assert!(ss.len() > 20);
        for s in &ss {
            assert!(s.end - s.start <= MAX_SENTENCE);
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        }
    }
}
