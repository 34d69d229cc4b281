//! Tables: pipe rows (with or without a delimiter row) and tab-separated rows become GFM
//! tables with one column count, so no cell is dropped.
//!
//! Input: the table's lines. Output: GFM table lines appended to `out`.

use super::inline::{escape_plain, Ctx};
use super::lines::is_delimiter_row;

/// Split a pipe row into raw cells (outer pipes dropped, `\|` kept inside a cell).
#[expect(
    clippy::string_slice,
    reason = "cuts at ASCII `|` bytes; a skipped escape never lands a cut inside a character"
)]
fn pipe_cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = match t.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => t,
    };
    let b = t.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'|' => {
                cells.push(&t[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    cells.push(&t[start.min(t.len())..]);
    cells
}

/// Alignment markers of a delimiter row.
fn alignments(line: &str) -> Vec<&'static str> {
    pipe_cells(line)
        .iter()
        .map(|c| {
            let c = c.trim();
            match (c.starts_with(':'), c.ends_with(':')) {
                (true, true) => ":---:",
                (true, false) => ":---",
                (false, true) => "---:",
                (false, false) => "---",
            }
        })
        .collect()
}

/// Render `rows` (the lines of one table) as a GFM table. Returns true when rows had to be
/// padded or a header row invented.
pub(super) fn render(rows: &[&str], tsv: bool, out: &mut Vec<String>) -> bool {
    let mut cells: Vec<Vec<&str>> = Vec::with_capacity(rows.len());
    let mut aligns: Vec<&'static str> = Vec::new();
    let mut header_invented = false;
    for (k, row) in rows.iter().enumerate() {
        if tsv {
            cells.push(row.trim().split('\t').map(str::trim).collect());
        } else if is_delimiter_row(row) {
            if k == 0 {
                header_invented = true;
                aligns = alignments(row);
            } else if k == 1 && aligns.is_empty() {
                aligns = alignments(row);
            }
            // Any other delimiter row carries no words; drop it.
        } else {
            cells.push(pipe_cells(row).into_iter().map(str::trim).collect());
        }
    }
    let columns = cells
        .iter()
        .map(Vec::len)
        .chain([aligns.len(), 1])
        .max()
        .unwrap_or(1);
    let ragged = cells.iter().any(|r| r.len() != columns);
    let row_line = |row: &[&str]| {
        let mut line = String::from("|");
        for c in 0..columns {
            line.push(' ');
            if let Some(cell) = row.get(c) {
                escape_plain(cell, Ctx::Cell, &mut line);
            }
            line.push_str(" |");
        }
        line
    };
    if header_invented || cells.is_empty() {
        out.push(row_line(&[]));
    } else {
        out.push(row_line(&cells[0]));
    }
    let mut delim = String::from("|");
    for c in 0..columns {
        delim.push(' ');
        delim.push_str(aligns.get(c).copied().unwrap_or("---"));
        delim.push_str(" |");
    }
    out.push(delim);
    let body = if header_invented {
        &cells[..]
    } else {
        cells.get(1..).unwrap_or_default()
    };
    for row in body {
        out.push(row_line(row));
    }
    ragged || header_invented
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&str], tsv: bool) -> Vec<String> {
        let mut out = Vec::new();
        render(rows, tsv, &mut out);
        out
    }

    #[test]
    fn ragged_pipe_rows_are_padded() {
        let out = table(&["| a | b |", "|---|:-:|", "| 1 | 2 | 3 |"], false);
        assert_eq!(
            out,
            ["| a | b |  |", "| --- | :---: | --- |", "| 1 | 2 | 3 |"]
        );
    }

    #[test]
    fn missing_delimiter_row_is_added() {
        let out = table(&["| a | b |", "| 1 | 2 |"], false);
        assert_eq!(out, ["| a | b |", "| --- | --- |", "| 1 | 2 |"]);
    }

    #[test]
    fn tab_separated_rows_become_a_table() {
        let out = table(&["Name\tUse", "Vault\tkeeps a|b"], true);
        assert_eq!(
            out,
            ["| Name | Use |", "| --- | --- |", "| Vault | keeps a\\|b |"]
        );
    }

    #[test]
    fn a_cells_formatting_tags_and_entities_render_and_other_html_stays_text() {
        let out = table(
            &[
                "Term\tMeaning",
                "<b>Privacy &amp; Security</b>\tline<br>break, <I>tilted</I>",
                "<script>x</script>\t<b class=\"x\">y</b> &copy;",
            ],
            true,
        );
        assert_eq!(
            out[2..],
            [
                "| <b>Privacy &amp; Security</b> | line<br>break, <I>tilted</I> |",
                "| &lt;script>x&lt;/script> | &lt;b class=\"x\">y</b> &copy; |",
            ]
        );
    }

    #[test]
    fn escaped_pipes_stay_in_their_cell() {
        assert_eq!(pipe_cells("| a \\| b | c |"), [" a \\| b ", " c "]);
    }
}
