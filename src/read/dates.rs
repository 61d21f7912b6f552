//! Dates: an article's publication date (from metadata, else from its text) and each fact's
//! date resolved against it ("on April 4", "on Sunday", "last week", "in 2014"), written with
//! the precision the text gives: `2019-04-04`, `2019-04`, `2014`.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Article;
use crate::text::Sentence;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?").unwrap()
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+(\d{4}))?").unwrap()
});
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:(?:on|late on|early on|late|since|last)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:in|since|by|of|until)\s+((?:19|20)\d{2})\b").unwrap());
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:copyright|©)\s*((?:19|20)\d{2})").unwrap());
static SINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bsince\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|\d{1,2}\s+\w+|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:19|20)\d{2})").unwrap()
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(yesterday|today|last week|this week|earlier this month|this month|last month|last year|this year|a day earlier)\b").unwrap()
});

fn month_index(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    // the first three letters (characters, not bytes: a case-folded "ſ" is two bytes)
    let head: String = n.chars().take(3).collect();
    MONTHS.iter().position(|m| m.starts_with(&head) && n.len() >= 3).map(|i| i as u32 + 1)
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> Day {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + if m <= 2 { 1 } else { 0 }) as i32;
    Day { year: y, month: m, day: d }
}

impl Day {
    fn ordinal(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }
    /// 0 = Monday.
    fn weekday(self) -> i64 {
        (self.ordinal() + 3).rem_euclid(7)
    }
    fn plus(self, days: i64) -> Day {
        civil_from_days(self.ordinal() + days)
    }
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    fn valid(y: i32, m: u32, d: u32) -> Option<Day> {
        let day = Day { year: y, month: m, day: d };
        ((1..=12).contains(&m) && d >= 1 && civil_from_days(day.ordinal()) == day).then_some(day)
    }
}

/// Parse `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<Day> {
    let c = ISO.captures(s.trim())?;
    Day::valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// An article's publication day and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub day: Day,
    /// `metadata.csv`'s `date_source` (else "metadata"), "record", "page metadata",
    /// "published line", "dateline", "url" or "text".
    pub source: String,
}

const MONTH_NAMES: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

/// "Published on April 7, 2019", "Posted: 2019-04-07", "First published Sun 7 Apr 2019".
static PUBLISHED_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^[^\w\n]*(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s*([^\n]{0,60})").unwrap());
/// "GENEVA, Oct 23 (Reuters) -", "BENGHAZI, Libya, April 4, 2019 (AP) —": a dateline opening
/// the text, with or without a year.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?m)^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .'’-]*?)?,\s+({MONTH_NAMES})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\s*(?:\([^)\n]{{1,40}}\)\s*)?[-–—]"
    ))
    .unwrap()
});
static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:/|\b)((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|\b)|/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|[_-]|$)").unwrap());
static URL_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/").unwrap());
static ANY_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").unwrap());

/// A full date written out: `2019-04-07`, `April 7, 2019`, `7 April 2019`.
fn full_date(s: &str) -> Option<Day> {
    if let Some(c) = ISO.captures(s) {
        return Day::valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let a = MONTH_DAY.captures(s).and_then(|c| Day::valid(c.get(3)?.as_str().parse().ok()?, month_index(&c[1])?, c[2].parse().ok()?));
    a.or_else(|| DAY_MONTH.captures(s).and_then(|c| Day::valid(c.get(3)?.as_str().parse().ok()?, month_index(&c[2])?, c[1].parse().ok()?)))
}

fn url_date(url: &str) -> Option<Day> {
    URL_DATE.captures_iter(url).find_map(|c| {
        let (y, m, d) = match c.get(1) {
            Some(y) => (y.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
            None => (c.get(4)?.as_str(), c.get(5)?.as_str(), c.get(6)?.as_str()),
        };
        Day::valid(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    })
}

/// Publication date of an article, by precedence: (1) its metadata (`metadata.csv`, or the
/// JSON record's or HTML page's own date), (2) a "Published …" line, (3) a dateline opening
/// the text ("GENEVA, Oct 23 (Reuters) -"; without a year, the year of the URL, metadata,
/// "Published" line or copyright line), (4) a date in the URL (`/2019/04/07/`), (5) the first
/// full date in the first sentences. A copyright year alone is not a day.
pub fn publication(article: &Article, sentences: &[Sentence]) -> Option<Published> {
    let found = |day: Day, source: &str| Some(Published { day, source: source.to_string() });
    let meta = &article.meta;
    if let Some(d) = parse_iso(&meta.date) {
        return found(d, if meta.date_source.is_empty() { "metadata" } else { &meta.date_source });
    }
    // the first 2,000 bytes, cut on a character boundary
    let cut = (0..=article.text.len().min(2000)).rev().find(|&i| article.text.is_char_boundary(i)).unwrap_or(0);
    let head = &article.text[..cut];
    let published_line = PUBLISHED_LINE.captures(head).map(|c| c[1].to_string());
    if let Some(d) = published_line.as_deref().and_then(full_date) {
        return found(d, "published line");
    }
    if let Some(c) = DATELINE.captures(head) {
        let year = c.get(3).and_then(|y| y.as_str().parse().ok()).or_else(|| {
            URL_YEAR.captures(&meta.url).and_then(|y| y[1].parse().ok())
                .or_else(|| meta.date.get(..4).and_then(|y| y.parse().ok()))
                .or_else(|| published_line.as_deref().and_then(|l| ANY_YEAR.captures(l)).and_then(|y| y[1].parse().ok()))
                .or_else(|| COPYRIGHT.captures(&article.text).and_then(|y| y[1].parse().ok()))
        });
        if let Some(d) = year.and_then(|y| Day::valid(y, month_index(&c[1])?, c[2].parse().ok()?)) {
            return found(d, "dateline");
        }
    }
    if let Some(d) = url_date(&meta.url) {
        return found(d, "url");
    }
    let head: String = sentences.iter().take(8).map(|s| &article.text[s.start..s.end]).collect::<Vec<_>>().join(" ");
    if let Some(d) = ISO.captures(&head).and_then(|c| Day::valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)) {
        return found(d, "text");
    }
    MONTH_DAY
        .captures_iter(&head)
        .find_map(|c| {
            let y: i32 = c.get(3)?.as_str().parse().ok()?;
            Day::valid(y, month_index(&c[1])?, c[2].parse().ok()?)
        })
        .and_then(|d| found(d, "text"))
}

/// Publication day of an article ([`publication`] without its source).
pub fn publication_date(article: &Article, sentences: &[Sentence]) -> Option<Day> {
    publication(article, sentences).map(|p| p.day)
}

/// The year an article was published, from metadata or a copyright line, when no day is known.
pub fn publication_year(article: &Article) -> Option<i32> {
    article.meta.date.get(..4).and_then(|y| y.parse().ok()).or_else(|| COPYRIGHT.captures(&article.text).and_then(|c| c[1].parse().ok()))
}

/// The date a sentence's fact happened or was stated, resolved against the publication day.
pub fn fact_date(sentence: &str, published: &Day) -> Option<String> {
    // "since April 4" dates a span's start, not the event or the statement
    let sentence = &*SINCE.replace_all(sentence, "");
    // a dateline dates the report, not what the sentence after it says
    let sentence = &*DATELINE.replace(sentence, "");
    if let Some(c) = ISO.captures(sentence) {
        return Day::valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).map(Day::iso);
    }
    // the first date expression in the sentence is the likeliest date of its main clause
    let mut found: Vec<(usize, String)> = Vec::new();
    let year_of = |m: u32, y: Option<i32>| y.unwrap_or(if m > published.month { published.year - 1 } else { published.year });
    for c in MONTH_DAY.captures_iter(sentence) {
        if let (Some(m), Ok(d)) = (month_index(&c[1]), c[2].parse::<u32>()) {
            if let Some(day) = Day::valid(year_of(m, c.get(3).and_then(|y| y.as_str().parse().ok())), m, d) {
                found.push((c.get(0).unwrap().start(), day.iso()));
            }
        }
    }
    for c in DAY_MONTH.captures_iter(sentence) {
        if let (Some(m), Ok(d)) = (month_index(&c[2]), c[1].parse::<u32>()) {
            if let Some(day) = Day::valid(year_of(m, c.get(3).and_then(|y| y.as_str().parse().ok())), m, d) {
                found.push((c.get(0).unwrap().start(), day.iso()));
            }
        }
    }
    if let Some(c) = WEEKDAY.captures(sentence) {
        if let Some(wd) = WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(&c[1])) {
            let back = (published.weekday() - wd as i64).rem_euclid(7);
            found.push((c.get(0).unwrap().start(), published.plus(-back).iso()));
        }
    }
    if let Some(c) = RELATIVE.captures(sentence) {
        let p = *published;
        let text = match c[1].to_lowercase().as_str() {
            "yesterday" | "a day earlier" => p.plus(-1).iso(),
            "today" => p.iso(),
            "last week" => {
                let d = p.plus(-7);
                format!("{:04}-{:02}", d.year, d.month)
            }
            "this week" | "earlier this month" | "this month" => format!("{:04}-{:02}", p.year, p.month),
            "last month" => {
                let d = Day { day: 1, ..p }.plus(-1);
                format!("{:04}-{:02}", d.year, d.month)
            }
            "last year" => format!("{:04}", p.year - 1),
            _ => format!("{:04}", p.year),
        };
        found.push((c.get(0).unwrap().start(), text));
    }
    if let Some(c) = YEAR.captures(sentence) {
        found.push((c.get(0).unwrap().start(), c[1].to_string()));
    }
    found.into_iter().min_by_key(|(pos, _)| *pos).map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUB: Day = Day { year: 2019, month: 4, day: 8 }; // a Monday

    #[test]
    fn resolves_dates_against_publication() {
        assert_eq!(fact_date("Haftar's LNA on April 4 launched the offensive.", &PUB).as_deref(), Some("2019-04-04"));
        assert_eq!(fact_date("The forces said Sunday they struck.", &PUB).as_deref(), Some("2019-04-07"));
        assert_eq!(fact_date("Late on Monday it ended.", &PUB).as_deref(), Some("2019-04-08"));
        assert_eq!(fact_date("In 2014 he seized Benghazi.", &PUB).as_deref(), Some("2014"));
        assert_eq!(fact_date("The LNA launched an offensive last week.", &PUB).as_deref(), Some("2019-04"));
        assert_eq!(fact_date("On December 30 they met.", &PUB).as_deref(), Some("2018-12-30"));
        assert_eq!(fact_date("Nothing here.", &PUB), None);
        assert_eq!(fact_date("TRIPOLI, April 8 (Reuters) - The LNA took Gharyan on Thursday.", &PUB).as_deref(), Some("2019-04-04"));
        assert_eq!(fact_date("30 people have been killed since fighting broke out on April 4.", &PUB).as_deref(), Some("2019-04-04"));
        assert_eq!(fact_date("30 people have been killed since April 4.", &PUB), None);
    }

    fn article(text: &str, url: &str) -> Article {
        let mut a = Article::from_text("a", text);
        a.meta.url = url.to_string();
        a
    }

    fn published(text: &str, url: &str) -> Option<(String, String)> {
        publication(&article(text, url), &crate::text::sentences(text)).map(|p| (p.day.iso(), p.source))
    }

    #[test]
    fn publication_dates_by_precedence() {
        let p = |d: &str, s: &str| Some((d.to_string(), s.to_string()));
        assert_eq!(published("GENEVA, Oct 23 (Reuters) - Talks began.\n© 2019 Reuters", ""), p("2019-10-23", "dateline"));
        assert_eq!(published("BENGHAZI, Libya, April 4, 2019 (AP) — Fighting.", ""), p("2019-04-04", "dateline"));
        assert_eq!(published("TRIPOLI, April 4 (Reuters) - Fighting.", "https://x.com/2019/04/04/libya"), p("2019-04-04", "dateline"));
        assert_eq!(published("Fighting went on.", "https://x.com/world/2019/04/07/libya-fighting"), p("2019-04-07", "url"));
        assert_eq!(published("Published on April 8, 2019\nTRIPOLI, April 4 (Reuters) - x", ""), p("2019-04-08", "published line"));
        assert_eq!(published("Posted: 2019-04-09 10:00\nFighting.", ""), p("2019-04-09", "published line"));
        // a yearless dateline with nothing to give the year is no date
        assert_eq!(published("TRIPOLI, April 4 (Reuters) - Fighting.", ""), None);
        // a copyright year alone is not a day
        assert_eq!(published("Fighting went on.\nCopyright 2019 Reuters", ""), None);
        let mut a = article("GENEVA, Oct 23 (Reuters) - x", "");
        a.meta.date = "2019-10-24".into();
        assert_eq!(publication(&a, &[]).map(|p| p.source).as_deref(), Some("metadata"));
    }

    /// An article whose 2,000th byte falls inside a character (a curly quote) is dated, not a
    /// panic: the head read for datelines is cut on a character boundary.
    #[test]
    fn a_long_article_cut_inside_a_character_is_dated() {
        let text = format!("TRIPOLI, April 4, 2019 (Reuters) - {}’s forces advanced.", "x".repeat(2000 - 36));
        assert!(!text.is_char_boundary(2000));
        assert_eq!(published(&text, ""), Some(("2019-04-04".to_string(), "dateline".to_string())));
    }

    #[test]
    fn weekday_arithmetic() {
        assert_eq!(PUB.weekday(), 0);
        assert_eq!(PUB.plus(-8).iso(), "2019-03-31");
        assert!(Day::valid(2019, 2, 29).is_none());
    }
}
