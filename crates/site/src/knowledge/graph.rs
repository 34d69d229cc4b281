//! Related services: how often two services are mentioned in the same section.
//!
//! Input: mentions. Output: per service, the others sorted by co-mention count (drawn as a
//! graph by `render::graph`).

use super::mentions::Mention;
use crate::ids::ServiceId;
use serde::Serialize;
use std::collections::HashMap;

/// Another service mentioned alongside a service, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CoMention {
    /// The other service.
    pub service: ServiceId,
    /// Sections where both are mentioned.
    pub sections: usize,
}

/// For each service, the others mentioned in the same sections, most first.
/// `mentions` are in note order (as [`super::Knowledge::mentions`] are).
pub fn co_mentions(mentions: &[Mention], service_count: usize) -> Vec<Vec<CoMention>> {
    let mut counts: Vec<HashMap<ServiceId, usize>> = vec![HashMap::new(); service_count];
    let mut in_note: Vec<(usize, ServiceId)> = Vec::new();
    for note_mentions in mentions.chunk_by(|a, b| a.note == b.note) {
        in_note.clear();
        in_note.extend(note_mentions.iter().map(|m| (m.section, m.service)));
        in_note.sort_unstable();
        in_note.dedup();
        for section in in_note.chunk_by(|a, b| a.0 == b.0) {
            for &(_, a) in section {
                for &(_, b) in section {
                    if a != b {
                        *counts[a.index()].entry(b).or_default() += 1;
                    }
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|c| {
            let mut related: Vec<CoMention> = c
                .into_iter()
                .map(|(service, sections)| CoMention { service, sections })
                .collect();
            related.sort_by(|x, y| (y.sections.cmp(&x.sections)).then(x.service.cmp(&y.service)));
            related
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(service: usize, note: usize, section: usize) -> Mention {
        Mention {
            service: ServiceId::new(service),
            note: crate::ids::NoteId::new(note),
            section,
            source: None,
            sentence: String::new(),
            highlight: 0..0,
            in_heading: false,
        }
    }

    #[test]
    fn co_mentions_count_shared_sections() {
        let mentions = [
            mention(0, 0, 0),
            mention(1, 0, 0),
            mention(1, 0, 0),
            mention(0, 1, 2),
            mention(2, 1, 2),
            mention(1, 1, 2),
        ];
        let related = co_mentions(&mentions, 3);
        let pairs: Vec<_> = related[0]
            .iter()
            .map(|r| (r.service.index(), r.sections))
            .collect();
        assert_eq!(pairs, [(1, 2), (2, 1)]);
    }
}
