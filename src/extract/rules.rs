//! Relation rules: named patterns over a *masked sentence*, read from `ontology/rules.tsv`.
//!
//! A masked sentence is the sentence with every mention replaced by a token `<N t>` written
//! `<3p>` (mention 3, a person; `o` organization, `c` country, `l` place, `k` concept), quotes
//! and dashes normalised, and "the" before a mention dropped. A rule's pattern is a regular
//! expression with placeholders, compiled once:
//!
//! - `{S}` / `{O}`: a list of actor mentions ("Egypt and the UAE") that is the subject /
//!   object; `{O:l}` restricts the types (letters as above; default `poc`); `{O*:k}` takes
//!   every mention of those types in the rest of the clause.
//! - `{N}`: a number ("2,800", "eleven").
//! - `{g}`: a gap of words that crosses no actor mention except one after a preposition.
//! - `{w}`: up to three words; `{W}`: up to eight.
//! - `@name`: a macro from a `define` line, or a title class (`@title_head`, `@title_chief`,
//!   `@title_member`, `@title`) from `titles.tsv`.

use regex::Regex;

use crate::knowledge::TitleClass;
use crate::vocab::Predicate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleOutput {
    Fact(Predicate),
    /// The sentence's claims are attributed to the subject.
    Reporter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Subject,
    Object,
    Number,
    /// A `{g}` gap, checked for clause barriers ("despite", "said") after matching.
    Gap,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub role: Role,
    /// The pattern lets the argument be a possessor ("{S}'s offensive"); otherwise a match
    /// whose argument is followed by 's is not read ("X's envoy said" is not X saying).
    pub possessor_ok: bool,
    /// `{O*:..}`: every mention of `types` in the captured rest of the clause.
    pub rest: bool,
    pub types: String,
}

#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// Skip the modality check (calls and intentions are statements of position).
    pub no_modal: bool,
    /// Skip negation and modality checks (the rule reads the negation itself).
    pub no_check: bool,
    /// An attack on an actor is also opposition to it.
    pub also_opposes: bool,
    /// Skip the negation check only ("refused to" is the rule's own word).
    pub no_neg: bool,
    /// The subject must be the agent: no gap ending in a passive "was"/"were".
    pub active: bool,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    /// The prefilter form of the pattern (see [`compile_loose`]).
    pub loose: String,
    pub output: RuleOutput,
    pub confidence: f32,
    pub flags: Flags,
    pub regex: Regex,
    pub groups: Vec<Group>,
}

const LIST_NOUNS: &str = "extremists|militants|fighters|forces|troops|militias|militiamen|officials|diplomats|authorities|governments?|group|rebels|soldiers|units|mercenaries|leaders|delegation|army|air power|air force|warplanes|jets|aircraft|advisers|advisors|drones|special forces";
const GAP_PREPS: &str = "of|in|to|with|by|from|near|at|on|for|against|toward|towards|into|former|outside|around|across|over|under|about|between|including|via|like|alongside";
const SCALES: &str = "million|thousand|billion";
const NUMBER_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred";

/// The value of a number as written ("2,800" → 2800, "eleven" → 11).
pub fn parse_number(s: &str) -> Option<u64> {
    let s = s.trim();
    // "2 million", "1.5 million", "one million"
    if let Some((num, scale)) = s.rsplit_once(' ') {
        let factor = match scale.to_ascii_lowercase().as_str() {
            "thousand" => 1e3,
            "million" => 1e6,
            "billion" => 1e9,
            _ => 0.0,
        };
        if factor > 0.0 {
            let base: f64 = num.replace(',', "").parse().ok().or_else(|| parse_number(num).map(|n| n as f64))?;
            return Some((base * factor).round() as u64);
        }
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let words = NUMBER_WORDS.split('|');
    let values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    words.zip(values).find(|(w, _)| w.eq_ignore_ascii_case(s.trim())).map(|(_, v)| v)
}

fn mention_list(types: &str) -> String {
    // an item may carry a possessor ("Serraj's unity government"): the possessor is not the argument
    let item = format!("(?:<\\d+[poc]>'s )?<\\d+[{types}]>(?: (?:{LIST_NOUNS}))?");
    format!("{item}(?:(?:,? and |, |,? or |/|,? as well as ){item})*")
}

fn title_alternation(titles: &[(String, TitleClass)], keep: impl Fn(TitleClass) -> bool) -> String {
    let alts: Vec<String> = titles
        .iter()
        .filter(|(_, c)| keep(*c))
        .map(|(t, _)| regex::escape(t).replace("\\ ", "\\s+").replace(' ', "\\s+"))
        .collect();
    alts.join("|")
}

/// Expand placeholders and macros of one pattern into a regex and its groups.
pub fn compile_pattern(pattern: &str, macros: &[(String, String)]) -> Result<(String, Vec<Group>), String> {
    compile(pattern, macros, false)
}

/// A looser regex that matches wherever the rule can (gaps become "anything but ';'"): one
/// `RegexSet` of these tells cheaply which rules to run on a sentence.
pub fn compile_loose(pattern: &str, macros: &[(String, String)]) -> Result<String, String> {
    compile(pattern, macros, true).map(|(body, _)| body)
}

fn compile(pattern: &str, macros: &[(String, String)], loose: bool) -> Result<(String, Vec<Group>), String> {
    let mut out = String::new();
    let mut groups = Vec::new();
    let mut rest = pattern;
    let mut counts = [0usize; 4];
    while let Some(open) = rest.find(['{', '@']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if let Some(after) = tail.strip_prefix('@') {
            let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            let name = &after[..len];
            let body = macros
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| b)
                .ok_or_else(|| format!("unknown macro @{name}"))?;
            out.push_str(&format!("(?:{body})"));
            rest = &after[len..];
            continue;
        }
        let close = tail.find('}').ok_or("unclosed {")?;
        let inner = &tail[1..close];
        rest = &tail[close + 1..];
        // `{2,5}`-style regex repetition: keep as is
        if inner.chars().next().is_some_and(|c| c.is_ascii_digit() || c == ',') {
            out.push_str(&tail[..close + 1]);
            continue;
        }
        let (head, types) = inner.split_once(':').unwrap_or((inner, "poc"));
        let (role_str, is_rest) = head.strip_suffix('*').map_or((head, false), |h| (h, true));
        match role_str {
            "g" if loose => out.push_str("[^;]*?"),
            "g" => {
                let name = format!("g{}", counts[Role::Gap as usize]);
                counts[Role::Gap as usize] += 1;
                // a relative clause ("X, which dominated Y's coalition, accuses Z") is crossed whole
                // and so is a coordinated verb's object ("X met Y in Z and urged"), and a title
                // apposition with its organization ("X, the AU Commission's chairman, called"; "X,
                // a Russian mercenary outfit, has fought": the demonym describes X)
                out.push_str(&format!("(?P<{name}>(?:, (?:which|who|whose|supported|backed|led|armed|based|headed|commanded|funded|allied|aligned) (?:[^,;]|, <\\d+[a-z]>)*,|, (?:an? |the )?<\\d+[oc]>(?:'s)? (?:[a-z][\\w-]* ){{0,3}}[a-z][\\w-]*,|<\\d+[a-z]>(?: [\\w'-]+| <\\d+[lk]>){{0,8}} and\\b|[^<>;]|<\\d+[lk]>|\\b(?:{GAP_PREPS}) <\\d+[a-z]>(?:'s)?)*?)"));
                groups.push(Group { name, role: Role::Gap, rest: false, types: String::new(), possessor_ok: true });
            }
            "w" => out.push_str("(?:[\\w'’,.-]+ ){0,3}?"),
            "W" => out.push_str("(?:[\\w'’,.\"-]+ ){0,8}?"),
            "S" | "O" | "N" => {
                let role = match role_str {
                    "S" => Role::Subject,
                    "O" => Role::Object,
                    _ => Role::Number,
                };
                let slot = role as usize;
                let name = format!("{}{}{}", role_str.to_lowercase(), if is_rest { "r" } else { "" }, counts[slot]);
                counts[slot] += 1;
                if !types.chars().all(|c| "poclk".contains(c)) {
                    return Err(format!("bad types {types:?} in {{{inner}}}"));
                }
                let body = match (role, is_rest) {
                    (Role::Number, _) => format!("(?:\\d+(?:\\.\\d+)?|{NUMBER_WORDS}) (?:{SCALES})\\b|\\d{{1,3}}(?:,\\d{{3}})+\\b|\\d+\\b|(?:{NUMBER_WORDS})\\b"),
                    (_, true) => "[^;]*".to_string(),
                    (_, false) => mention_list(types),
                };
                if loose {
                    out.push_str(&format!("(?:{body})"));
                } else {
                    out.push_str(&format!("(?P<{name}>{body})"));
                }
                let possessor_ok = rest.starts_with("'s") || rest.starts_with("(?:'s)");
                groups.push(Group { name, role, rest: is_rest, types: types.to_string(), possessor_ok });
            }
            other => return Err(format!("unknown placeholder {{{other}}}")),
        }
    }
    out.push_str(rest);
    Ok((out, groups))
}

/// The pattern with `\w`, `\d`, `\s` and `\b` spelled as their ASCII forms. Masked sentences
/// are pure ASCII, so a match is the same either way, but the Unicode classes make automata
/// of thousands of states that the lazy DFA rebuilds on every new sentence (40× slower on
/// varied text).
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('d') => out.push_str("[0-9]"),
            Some('s') => out.push_str("[\\t\\n\\x0B\\x0C\\r ]"),
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Parse `rules.tsv`: `define NAME REGEX` and `rule NAME PREDICATE CONFIDENCE FLAGS PATTERN`.
pub fn parse_rules(text: &str, titles: &[(String, TitleClass)]) -> Result<Vec<Rule>, String> {
    let mut macros: Vec<(String, String)> = vec![
        ("title_head".into(), title_alternation(titles, |c| c == TitleClass::Head)),
        ("title_chief".into(), title_alternation(titles, |c| c == TitleClass::Chief)),
        ("title_lead".into(), title_alternation(titles, |c| matches!(c, TitleClass::Head | TitleClass::Chief))),
        ("title_member".into(), title_alternation(titles, |c| c == TitleClass::Member)),
        ("title".into(), title_alternation(titles, |_| true)),
    ];
    let mut rules = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = |m: String| format!("line {}: {m}", n + 1);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        match cols[0] {
            "define" if cols.len() == 3 => {
                let (body, groups) = compile_pattern(cols[2], &macros).map_err(at)?;
                if !groups.is_empty() {
                    return Err(at("a define may not hold {S}/{O}/{N}".into()));
                }
                macros.push((cols[1].to_string(), body));
            }
            "rule" if cols.len() == 6 => {
                let output = match cols[2] {
                    "reporter" => RuleOutput::Reporter,
                    p => RuleOutput::Fact(Predicate::from_name(p).ok_or_else(|| at(format!("unknown predicate {p:?}")))?),
                };
                let confidence: f32 = cols[3]
                    .parse()
                    .ok()
                    .filter(|c: &f32| c.is_finite() && (0.0..=1.0).contains(c))
                    .ok_or_else(|| at(format!("rule {}: confidence must be a number from 0 to 1, not {:?}", cols[1], cols[3])))?;
                let mut flags = Flags::default();
                for f in cols[4].split(',').filter(|f| !f.is_empty() && *f != "-") {
                    match f {
                        "nomodal" => flags.no_modal = true,
                        "nocheck" => flags.no_check = true,
                        "opposes" => flags.also_opposes = true,
                        "noneg" => flags.no_neg = true,
                        "active" => flags.active = true,
                        other => return Err(at(format!("unknown flag {other:?}"))),
                    }
                }
                let (body, groups) = compile_pattern(cols[5], &macros).map_err(at)?;
                let loose = format!("(?i){}", compile_loose(cols[5], &macros).map_err(at)?);
                let regex = regex::RegexBuilder::new(&format!("(?i){}", ascii_classes(&body))).dfa_size_limit(32 << 20).build().map_err(|e| at(format!("rule {}: {e}", cols[1])))?;
                rules.push(Rule { name: cols[1].to_string(), loose, output, confidence, flags, regex, groups });
            }
            _ => return Err(at("expected `define NAME REGEX` or `rule NAME PREDICATE CONFIDENCE FLAGS PATTERN` (tab-separated)".into())),
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_placeholders() {
        let (re, groups) = compile_pattern("{S} backs {O:o}", &[]).unwrap();
        assert_eq!(groups.len(), 2);
        let re = Regex::new(&re).unwrap();
        let caps = re.captures("<0c> and <1c> backs <2o>").unwrap();
        assert_eq!(&caps["s0"], "<0c> and <1c>");
        assert_eq!(&caps["o0"], "<2o>");
        assert!(re.captures("<0c> backs <2l>").is_none());
    }

    #[test]
    fn ascii_classes_match_as_the_unicode_ones_on_ascii() {
        let p = r"\b(?:said|told)\s+[\w'-]+ \d+[^\w]";
        assert_eq!(ascii_classes(p), r"(?-u:\b)(?:said|told)[\t\n\x0B\x0C\r ]+[[0-9A-Za-z_]'-]+ [0-9]+[^[0-9A-Za-z_]]");
        let (u, a) = (Regex::new(p).unwrap(), Regex::new(&ascii_classes(p)).unwrap());
        for s in ["he said  it's 12.", "retold x 1 ", "said a_b 99!", "xsaid y 3 "] {
            assert_eq!(u.find(s).map(|m| m.range()), a.find(s).map(|m| m.range()), "{s}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("2,800"), Some(2800));
        assert_eq!(parse_number("eleven"), Some(11));
        assert_eq!(parse_number("2 million"), Some(2_000_000));
        assert_eq!(parse_number("1.5 million"), Some(1_500_000));
        // "hundreds of thousands" is no number: {N} never stops inside a word
        let (re, _) = compile_pattern("@qty{N} people fled", &[("qty".into(), String::new())]).unwrap();
        let re = regex::Regex::new(&re).unwrap();
        assert!(!re.is_match("hundreds of thousands people fled"));
        assert!(re.is_match("250,000 people fled"));
        assert_eq!(parse_number("many"), None);
    }

    #[test]
    fn bad_rules_are_reported_with_line() {
        let err = parse_rules("rule\tx\tnope\t1\t-\t{S}", &[]).unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
    }

    #[test]
    fn confidences_outside_0_to_1_are_refused() {
        for bad in ["NaN", "7", "-1", "inf", "0.5x"] {
            let err = parse_rules(&format!("rule\tx\tsupports\t{bad}\t-\t{{S}} backs {{O}}"), &[]).unwrap_err();
            assert!(err.starts_with("line 1: rule x: confidence must be a number from 0 to 1"), "{bad}: {err}");
        }
        assert!(parse_rules("rule\tx\tsupports\t0.8\t-\t{S} backs {O}", &[]).is_ok());
    }
}
