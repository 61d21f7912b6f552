//! newsgraph: news articles about a conflict → a knowledge graph with provenance.
//!
//! Stages, each a module, with plain data between them:
//! [`corpus`] reads articles → [`text`] splits sentences → [`mentions`] finds entities →
//! [`extract`](mod@extract) reads facts with [`rules`] and [`dates`] → [`rdf`] turns facts into quads →
//! [`store`] holds them → [`query`], [`export`] and [`graph`] answer. [`knowledge`] loads the
//! ontology folder; [`vocab`] names its IRIs; [`eval`] scores facts against gold.

pub mod ask;
pub mod corpus;
pub mod dates;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod inputs;
pub mod knowledge;
pub mod mentions;
pub mod output;
pub mod pipeline;
pub mod prefilter;
pub mod profile;
pub mod query;
pub mod rdf;
pub mod remote;
pub mod report;
pub mod rules;
pub mod serve;
pub mod sorted;
pub mod store;
pub mod syntax;
pub mod text;
pub mod vocab;

pub use corpus::Article;
pub use extract::{extract, Extraction, Fact, FactObject};
pub use knowledge::Knowledge;
