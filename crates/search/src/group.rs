//! Results grouped by page: the list a student reads is pages, each with its best sections
//! under it (as Pagefind's sub-results), not one line per section.
//!
//! Input: hits in rank order ([`crate::query::search_with`]) and a way to tell each one's
//! page. Output: [`PageHit`]s. The browser (`search.js` `pages()`) groups with the same rule,
//! so `notesite search` and the site list the same pages in the same order.
//!
//! The rule: walk the hits in rank order; a hit of a page already listed joins it (up to
//! [`crate::query::Ranking::sections_per_page`] sections a page); a hit of a new page opens
//! it, unless `limit` pages are listed, where the walk stops. So a page ranks by its best
//! section, and its sections are those that rank above the first section of the first page
//! not shown. Stopping there lets the browser tell the page of only a prefix of the hits
//! (a few dozen), never of every hit.

use crate::index::field;
use crate::query::{search_with, Hit, Ranking};
use crate::shards::ShardTable;
use serde::Serialize;
use tantivy::schema::Value as _;
use tantivy::{DocAddress, Index, TantivyDocument};

/// The page of a document, as the export numbers pages: the part of its URL before `#`.
pub fn page_key(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// One page of the grouped results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageHit<K> {
    /// The page (its number in the export, or its URL).
    pub page: K,
    /// The score of its best section.
    pub score: f32,
    /// Its sections in rank order, the best first.
    pub sections: Vec<Hit>,
}

/// Group `hits` (in rank order) into at most `limit` pages of at most `per_page` sections
/// each, by the rule of this module. `page_of` tells a document's page; it is asked in
/// rank order and only until the walk stops.
pub fn group<K: PartialEq, E>(
    hits: impl IntoIterator<Item = Hit>,
    mut page_of: impl FnMut(u32) -> Result<K, E>,
    limit: usize,
    per_page: usize,
) -> Result<Vec<PageHit<K>>, E> {
    let mut pages: Vec<PageHit<K>> = Vec::new();
    if limit == 0 {
        return Ok(pages);
    }
    for hit in hits {
        let page = page_of(hit.doc)?;
        let full = pages.len() == limit;
        match pages.iter_mut().find(|p| p.page == page) {
            Some(listed) => {
                if listed.sections.len() < per_page {
                    listed.sections.push(hit);
                }
            }
            None if full => break,
            None => pages.push(PageHit {
                page,
                score: hit.score,
                sections: vec![hit],
            }),
        }
    }
    Ok(pages)
}

/// The grouped results of a query, and how many sections matched in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grouped {
    /// At most `limit` pages, best first; each page is its URL (before any `#`).
    pub pages: Vec<PageHit<String>>,
    /// Sections that matched the query.
    pub total: usize,
}

/// Run a query with `ranking` and group its hits into at most `limit` pages.
pub fn search_pages(
    index: &Index,
    table: &ShardTable,
    query: &str,
    limit: usize,
    ranking: &Ranking,
) -> tantivy::Result<Grouped> {
    let hits = search_with(index, table, query, usize::MAX, ranking)?;
    let total = hits.len();
    let searcher = index.reader()?.searcher();
    let url = field(&index.schema(), "url");
    let pages = group(
        hits,
        |doc| -> tantivy::Result<String> {
            let stored: TantivyDocument = searcher.doc(DocAddress::new(0, doc))?;
            let value = stored.get_first(url).and_then(|v| v.as_str()).unwrap_or("");
            Ok(page_key(value).to_string())
        },
        limit,
        ranking.sections_per_page,
    )?;
    Ok(Grouped { pages, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(docs: &[(u32, f32)]) -> Vec<Hit> {
        docs.iter()
            .map(|&(doc, score)| Hit { doc, score })
            .collect()
    }

    /// Pages as (page, docs of its sections).
    fn grouped(pages_of: &[char], limit: usize, per_page: usize) -> Vec<(char, Vec<u32>)> {
        let list: Vec<(u32, f32)> = (0..pages_of.len())
            .map(|i| (i as u32, 10.0 - i as f32))
            .collect();
        group::<char, ()>(
            hits(&list),
            |doc| Ok(pages_of[doc as usize]),
            limit,
            per_page,
        )
        .unwrap()
        .into_iter()
        .map(|p| (p.page, p.sections.iter().map(|h| h.doc).collect()))
        .collect()
    }

    #[test]
    fn pages_rank_by_their_best_section_and_keep_their_best_sections() {
        assert_eq!(
            grouped(&['a', 'b', 'a', 'c', 'a', 'a', 'b'], 10, 3),
            [('a', vec![0, 2, 4]), ('b', vec![1, 6]), ('c', vec![3])]
        );
    }

    #[test]
    fn the_walk_stops_at_the_first_page_not_shown() {
        // Two pages shown: `c` (doc 2) ends the walk, so b's later section (doc 3) is not
        // taken, and the page of doc 3 is never asked.
        let mut asked = Vec::new();
        let pages = group::<char, ()>(
            hits(&[(0, 4.0), (1, 3.0), (2, 2.0), (3, 1.0)]),
            |doc| {
                asked.push(doc);
                Ok(['a', 'b', 'c', 'b'][doc as usize])
            },
            2,
            3,
        )
        .unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].sections.len(), 1);
        assert_eq!(asked, [0, 1, 2]);
        assert!(grouped(&['a'], 0, 3).is_empty());
    }

    #[test]
    fn a_page_key_is_its_url_before_the_fragment() {
        assert_eq!(page_key("notes/a.html#intro"), "notes/a.html");
        assert_eq!(page_key("services/x/index.html"), "services/x/index.html");
    }
}
