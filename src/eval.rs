//! Scoring facts against a gold file, exactly as `shared/eval/score.py` does.

/// Normalise a label the way the scorer does: accents, case, full stops, possessive,
/// punctuation and a leading "the" ignored.
pub fn norm(label: &str) -> String {
    let mut s: String = label.chars().flat_map(fold_accent).collect::<String>().to_lowercase();
    s = s.replace(['\u{2019}', '\u{2018}'], "'").replace('.', "");
    for suffix in ["'s", "'"] {
        if let Some(x) = s.strip_suffix(suffix) {
            s = x.to_string();
        }
    }
    let s: String = s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

fn fold_accent(c: char) -> Vec<char> {
    let base = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ğ' => 'g',
        'ş' => 's',
        c => c,
    };
    vec![base]
}
