//! Long notes as chapter sets: where a note splits into pages, one per top-level part.
//!
//! A note splits when its front matter says `chapters = true`, or when it has more than
//! [`MIN_WORDS`] words and no `chapters = false`; in both cases it needs at least two
//! top-level parts. A top-level part starts at a heading of the highest level that occurs
//! more than once below the title (a lone `#` over many `##` leaves the `##` as parts); a
//! contents list's heading before the first part is not one. What comes before the first
//! part (the lead-in) stays on the note's own page, with the list of chapters.
//!
//! A slide export is flat: hundreds of parts of a screen each. A page per slide would make
//! previous/next the only way through, so parts shorter than [`CHAPTER_WORDS`] are joined
//! with the parts after them until the chapter has that many words (a part is never cut);
//! a last chapter of less than half that joins the one before (not with `chapters = true`,
//! where every part is a chapter). The site map turns the
//! starts into pages (`site::chapters`).

use super::Note;

/// Notes with more words than this become chapter sets (about 27 minutes of reading).
pub const MIN_WORDS: usize = 6_000;

/// A chapter gathers top-level parts until it has at least this many words (about 11
/// minutes of reading).
pub const CHAPTER_WORDS: usize = 2_500;

impl Note {
    /// The sections (indices into [`Note::sections`]) where the note's chapters start, in
    /// order; empty when the note stays one page.
    pub fn chapter_starts(&self) -> Vec<usize> {
        let wanted = match self.front_matter.chapters {
            Some(chosen) => chosen,
            None => self.word_count > MIN_WORDS,
        };
        if !wanted || self.is_folder_index {
            return Vec::new();
        }
        let title = self
            .title_from_heading
            .then(|| self.sections.iter().position(|s| s.level > 0))
            .flatten();
        let below_title = || {
            self.sections
                .iter()
                .enumerate()
                .filter(move |&(i, s)| s.level > 0 && Some(i) != title)
        };
        let mut counts = [0usize; 7];
        for (_, section) in below_title() {
            counts[usize::from(section.level.min(6))] += 1;
        }
        let Some(top) = (1..=6u8).find(|&l| counts[usize::from(l)] > 1) else {
            return Vec::new();
        };
        let parts: Vec<usize> = below_title()
            .filter(|(_, s)| s.level <= top)
            .map(|(i, _)| i)
            .skip_while(|&i| super::outline::is_contents_heading(&self.markdown, &self.sections, i))
            .collect();
        // Asked for, every part is a chapter; by size, short parts are joined.
        let starts = if self.front_matter.chapters == Some(true) {
            parts
        } else {
            self.join_short_parts(&parts)
        };
        if starts.len() < 2 {
            return Vec::new();
        }
        starts
    }

    /// The parts starting at `parts` joined into chapters of at least [`CHAPTER_WORDS`].
    fn join_short_parts(&self, parts: &[usize]) -> Vec<usize> {
        let offset = |part: usize| {
            parts
                .get(part)
                .map_or(self.markdown.len(), |&s| self.sections[s].range.start)
        };
        let words = |from: usize, to: usize| {
            self.markdown
                .get(offset(from)..offset(to))
                .map_or(0, |text| text.split_whitespace().count())
        };
        let mut starts: Vec<usize> = Vec::new();
        let mut chapter = 0;
        // Words of the chapter so far, part by part: parts start at a heading's line, so no
        // word spans two of them (counting the chapter again from its start at each part
        // made a note of thousands of one-line sections take time in the square of them).
        let mut chapter_words = 0;
        for part in 1..=parts.len() {
            chapter_words += words(part - 1, part);
            if part == parts.len() || chapter_words >= CHAPTER_WORDS {
                starts.push(chapter);
                chapter = part;
                chapter_words = 0;
            }
        }
        if starts.len() > 1 && words(starts[starts.len() - 1], parts.len()) < CHAPTER_WORDS / 2 {
            starts.pop();
        }
        starts.into_iter().map(|p| parts[p]).collect()
    }
}
