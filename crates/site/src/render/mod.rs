//! Rendering: markdown to HTML (ids, links, code, math), and pages through the theme's
//! tera templates.
//!
//! Input: the corpus and the site map. Output: HTML strings, one per page, and the CSS
//! generated for code highlighting.

pub mod chapters;
pub mod graph;
pub mod highlight;
pub mod knowledge_pages;
pub mod markdown;
pub mod math;
pub mod page;
pub mod sanitize;
pub mod service_page;
pub mod study_page;
pub mod theme;
