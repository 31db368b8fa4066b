//! Integration tests: the `newsdex` binary on the bundled corpus, generated fixtures and the shared
//! Reuters-21578 and seed articles. One binary; each test works in its own temp folder.

mod common;

mod architecture;
mod batch;
mod bench;
mod browser;
mod companies;
mod corpus;
mod entities;
mod errors;
mod export;
mod extract;
mod grouping;
mod incremental;
mod kill;
mod languages;
mod limits;
mod people;
mod properties;
mod ranking;
mod readers;
mod recent;
mod reliability;
mod reuters;
mod search;
mod seeds;
mod serve;
mod stories;
mod suggest;
mod unicode;
