//! The graph and what answers from it: facts as quads ([`rdf`]), the store ([`store`]),
//! questions ([`query`], [`ask`], [`profile`]), exports ([`export`], [`sorted`]), the alliance
//! graph ([`alliance`]), the HTML report ([`report`]), the SPARQL endpoint ([`serve`]) and
//! remote engines ([`remote`]).

pub mod alliance;
pub mod ask;
pub mod export;
pub mod profile;
pub mod query;
pub mod rdf;
pub mod remote;
pub mod report;
pub mod serve;
pub mod sorted;
pub mod store;

pub use alliance::*;
