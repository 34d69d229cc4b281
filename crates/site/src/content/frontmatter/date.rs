//! Front-matter dates: a `date` must name a real day, so pages never show `yesterday` in a
//! `<time>` element.
//!
//! Input: the `date` value as TOML or YAML gives it. Output: the date as written, or an error
//! the front-matter parser locates at the value.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Toml(toml::value::Datetime),
    Text(String),
}

/// What the error for a bad date says, so it can be told from others.
pub(super) const NOT_A_DATE: &str = "is not a date";

/// What to do about a bad date.
pub(super) const HINT: &str =
    "write the date as 2025-03-01 (or 2025-03-01T14:30:00Z), or remove the `date` line";

/// 1-based (line, column) of the value of the top-level `date:` of a YAML block
/// (serde_yaml_ng places errors raised while reading a value at the mapping's start).
pub(super) fn yaml_position(inner: &str) -> Option<(usize, usize)> {
    inner.lines().enumerate().find_map(|(index, line)| {
        let value = line.strip_prefix("date")?.strip_prefix(':')?.trim_start();
        Some((index + 1, line.len() - value.len() + 1))
    })
}

/// A date as written, refused (so the parser locates the value) unless it is a real
/// date: `YYYY-MM-DD`, optionally with a time and a zone (RFC 3339, TOML, YAML).
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = match Option::<Raw>::deserialize(d)? {
        None => return Ok(None),
        Some(Raw::Toml(dt)) => dt.to_string(),
        Some(Raw::Text(s)) if s.trim().is_empty() => return Ok(None),
        Some(Raw::Text(s)) => s.trim().to_string(),
    };
    if is_date(&text) {
        Ok(Some(text))
    } else {
        Err(D::Error::custom(format!(
            "date `{text}` {NOT_A_DATE}: write it as YYYY-MM-DD (e.g. 2025-03-01), optionally with a time (2025-03-01T14:30:00Z)"
        )))
    }
}

/// `YYYY-MM-DD` naming a real day, then optionally `T`/space, `HH:MM[:SS[.fraction]]`
/// and a zone (`Z`, `+02:00`, ` -5`).
#[expect(
    clippy::string_slice,
    reason = "every cut is at an offset that text.get() above proved a boundary, or after its ASCII byte"
)]
pub(super) fn is_date(text: &str) -> bool {
    let number = |s: Option<&str>, len: usize| {
        s.filter(|s| s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let (Some(year), Some(month), Some(day)) = (
        number(text.get(0..4), 4),
        number(text.get(5..7), 2),
        number(text.get(8..10), 2),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if &text[4..5] != "-" || &text[7..8] != "-" || !(1..=days).contains(&day) {
        return false;
    }
    match text[10..].chars().next() {
        None => true,
        Some('T' | 't' | ' ') => is_time(&text[11..]),
        Some(_) => false,
    }
}

/// `HH:MM[:SS[.fraction]]` and an optional zone.
fn is_time(text: &str) -> bool {
    let two = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let end = text.find(['Z', 'z', '+', '-', ' ']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(end);
    let mut parts = clock.splitn(3, ':');
    let (Some(hours), Some(minutes)) = (parts.next(), parts.next()) else {
        return false;
    };
    let seconds_ok = parts.next().is_none_or(|s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        two(whole, 60) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    let zone = zone.trim_start_matches(' ');
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        _ => zone.strip_prefix(['+', '-']).is_some_and(|offset| {
            let (h, m) = offset.split_once(':').unwrap_or((offset, "00"));
            (1..=2).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit()) && two(m, 59)
        }),
    };
    two(hours, 23) && two(minutes, 59) && seconds_ok && zone_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::split;
    use std::path::Path;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn a_date_must_be_a_real_date() {
        for good in [
            "2025-03-01",
            "2024-02-29",
            "2025-03-01T14:30:00Z",
            "2025-03-01T14:30:00.5+02:00",
            "2025-03-01 14:30",
            "2001-12-14 21:59:43.10 -5",
        ] {
            assert!(is_date(good), "{good} is a date");
        }
        for bad in [
            "yesterday",
            "2025-3-1",
            "2025-02-30",
            "2023-02-29",
            "2025-13-01",
            "2025-03-01T25:00",
            "2025-03-01 soon",
            "01/03/2025",
            "2025-03-01T14:30+2:00x",
            "2025-03-01T14:30 é",
        ] {
            assert!(!is_date(bad), "{bad} is not a date");
        }
    }

    #[test]
    fn a_date_that_is_not_a_date_is_an_error_at_the_value() {
        let toml = split("+++\ntitle = \"A\"\ndate = \"yesterday\"\n+++\n", p()).unwrap_err();
        let text = toml.to_string();
        assert!(text.contains("content/a.md:3:8"), "{text}");
        assert!(text.contains("YYYY-MM-DD"), "{text}");
        let yaml = split("---\ntitle: A\ndate: yesterday\n---\n", p()).unwrap_err();
        let text = yaml.to_string();
        assert!(text.contains("content/a.md:3:7"), "{text}");
        assert!(text.contains("YYYY-MM-DD"), "{text}");
        for good in [
            "+++\ndate = 2025-03-01T10:00:00Z\n+++\n",
            "+++\ndate = 2025-03-01\n+++\n",
            "---\ndate: 2025-03-01\n---\n",
            "---\ndate:\n---\n",
        ] {
            assert!(split(good, p()).is_ok(), "{good}");
        }
        assert!(
            split("+++\ndate = 10:30:00\n+++\n", p()).is_err(),
            "a time alone is no date"
        );
    }
}
