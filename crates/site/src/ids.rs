//! Typed ids for the things the pipeline lists: services, notes and pages.
//!
//! Input: a position in [`Services::list`](crate::knowledge::services::Services::list),
//! [`Corpus::notes`](crate::content::Corpus::notes) or
//! [`SiteMap::pages`](crate::site::SiteMap::pages). Output: an id that indexes only the
//! lists kept in that order (the list itself and its per-item tables), so a note id can
//! no longer be used where a service id is meant. Ids serialize as the bare number.
//!
//! ```compile_fail
//! # use notesite_site::{content::Corpus, ids::ServiceId};
//! // A service id does not index the notes.
//! let corpus = Corpus::default();
//! let _ = &corpus.notes[ServiceId::new(0)];
//! ```

use crate::content::Note;
use crate::knowledge::graph::CoMention;
use crate::knowledge::services::Service;
use crate::knowledge::ServiceStats;
use crate::site::Page;
use serde::Serialize;
use std::ops::{Index, IndexMut};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(usize);

        impl $name {
            /// The id of the item at `index` in its list.
            pub const fn new(index: usize) -> Self {
                Self(index)
            }

            /// The item's position in its list.
            pub const fn index(self) -> usize {
                self.0
            }

            /// The ids of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = Self> + Clone {
                (0..len).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

/// Lets `$id` index vectors and slices of each `$item` (and nothing else).
macro_rules! indexes {
    ($id:ty => $($item:ty),+) => {$(
        impl Index<$id> for [$item] {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.index()]
            }
        }
        impl IndexMut<$id> for [$item] {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.index()]
            }
        }
        impl Index<$id> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.index()]
            }
        }
        impl IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.index()]
            }
        }
    )+};
}

id!(
    /// A service: its position in `Services::list` and in the per-service tables of
    /// `Knowledge` (`related`, `has_page`, `stats`).
    ServiceId
);
id!(
    /// A note: its position in `Corpus::notes`.
    NoteId
);
id!(
    /// A page: its position in `SiteMap::pages`.
    PageId
);

indexes!(ServiceId => Service, ServiceStats, Vec<CoMention>, bool);
indexes!(NoteId => Note);
indexes!(PageId => Page);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialize_and_print_as_the_bare_index() {
        let page = PageId::new(7);
        assert_eq!(serde_json::to_string(&page).unwrap(), "7");
        assert_eq!(serde_json::to_string(&Some(NoteId::new(3))).unwrap(), "3");
        assert_eq!(format!("n{}-", NoteId::new(12)), "n12-");
    }

    #[test]
    fn an_id_indexes_its_list_at_its_position() {
        let flags = vec![false, true, false];
        let ids: Vec<ServiceId> = ServiceId::all(flags.len()).collect();
        assert_eq!(ids.iter().map(|&s| flags[s]).collect::<Vec<_>>(), flags);
        assert_eq!(ids[1].index(), 1);
    }
}
