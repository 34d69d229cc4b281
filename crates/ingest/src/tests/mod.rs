//! Tests of the whole recovery: the no-words-lost checker, fixtures in each style, and the
//! seed notes when `shared/seeds/` is present.

mod checker;
mod fixtures;
mod seeds;
