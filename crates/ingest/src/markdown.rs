//! Markdown → markdown: lines kept as written except headings (cleaned, re-levelled, or
//! recovered from bold-only lines and, when the note has no headings, from title lines).
//! Dollar signs are the author's business in markdown (`\$` for money), so they stay.
//!
//! Input: lines, units, headings. Output: the markdown and warnings.

use super::blocks::{Kind, Unit};
use super::heads::{HeadKind, Heading};
use super::lines::Line;

/// Write markdown units, replacing heading units.
pub(super) fn emit(
    lines: &[Line<'_>],
    units: &[Unit],
    heads: &[Heading],
) -> (String, Vec<(usize, String)>) {
    let mut head_at: Vec<Option<&Heading>> = vec![None; units.len()];
    for h in heads {
        head_at[h.unit] = Some(h);
    }
    let warnings = Vec::new();
    let mut md = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum::<usize>() + 64);
    for (ui, u) in units.iter().enumerate() {
        if let Some(h) = head_at[ui] {
            for _ in 0..h.level {
                md.push('#');
            }
            md.push(' ');
            md.push_str(&h.text);
            // A heading made from other lines (a title, a label, a setext heading joined onto
            // one line) that ends in `}` would lose its end as heading attributes.
            let joined = matches!(u.kind, Kind::Setext { .. }) && u.end - u.start > 2;
            let recovered = !matches!(h.kind, HeadKind::Written(_)) || joined;
            if recovered && h.text.ends_with('}') && !h.text.ends_with("\\}") {
                md.pop();
                md.push_str("\\}");
            }
            md.push('\n');
            continue;
        }
        match u.kind {
            // An unclosed fence stays as written; the outline stage warns about it.
            Kind::Fence { .. } => {
                for line in &lines[u.start..u.end] {
                    md.push_str(line.text);
                    md.push('\n');
                }
            }
            _ => {
                for line in &lines[u.start..u.end] {
                    md.push_str(line.text);
                    md.push('\n');
                }
            }
        }
    }
    (md, warnings)
}
