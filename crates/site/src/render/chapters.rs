//! What the first page of a chapter set adds: the script that sends old links on.
//!
//! Links written in the notes and every generated link are rewritten at build time to the
//! chapter page that has their anchor (see [`crate::site::chapters`]). A link made before
//! the note was split (a bookmark, another site) still says `note/#heading`: an anchor map
//! cannot be written as `<a id>` targets across pages, so the first page carries a small
//! inline script that maps each anchor of its chapters to their page and moves there.

use crate::content::Note;
use crate::site::chapters::{section_of_anchor, Chapters};
use crate::site::urls::relative_url;
use crate::site::SiteMap;
use std::collections::BTreeMap;

/// The inline script of a chapter set's first page: `#anchor` of a chapter → that chapter.
pub fn redirect_script(site: &SiteMap, note: &Note, chapters: &Chapters) -> String {
    let own = &site.pages[site.page_of_note[&note.path]].url;
    let urls: Vec<String> = chapters
        .pages
        .iter()
        .map(|&p| relative_url(own, &site.pages[p].url))
        .collect();
    let mut map: BTreeMap<&str, usize> = BTreeMap::new();
    for chapter in 0..chapters.pages.len() {
        for section in &note.sections[chapters.sections(chapter, note)] {
            for id in std::iter::once(section.id.as_str()).chain(section.github_id.as_deref()) {
                if !id.is_empty() {
                    map.entry(id).or_insert(chapter);
                }
            }
        }
    }
    for anchor in &note.html_anchors {
        if let Some(chapter) = section_of_anchor(note, anchor).and_then(|s| chapters.chapter_of(s))
        {
            map.entry(anchor.as_str()).or_insert(chapter);
        }
    }
    let json = |value: String| value.replace("</", "<\\/");
    let urls = json(serde_json::to_string(&urls).unwrap_or_default());
    let map = json(serde_json::to_string(&map).unwrap_or_default());
    format!(
        "<script>(function () {{ var pages = {urls}, at = {map}, h = location.hash.slice(1); \
try {{ h = decodeURIComponent(h); }} catch (e) {{}} \
if (Object.prototype.hasOwnProperty.call(at, h) && !document.getElementById(h)) \
location.replace(pages[at[h]] + location.hash); }})();</script>\n"
    )
}
