//! newsgraph: news articles about a conflict → a knowledge graph with provenance.
//!
//! Stages, each a folder (`read/`, `extract/`, `syntax/`, `graph/`), with plain data between them:
//! [`corpus`] reads articles → [`text`] splits sentences → [`mentions`] finds entities →
//! [`extract`](mod@extract) reads facts with [`rules`] and [`dates`] → [`rdf`] turns facts into quads →
//! [`store`] holds them → [`query`], [`export`] and [`graph`] answer. [`knowledge`] loads the
//! ontology folder; [`vocab`] names its IRIs; [`eval`] scores facts against gold.

// stages, each a folder
pub mod extract;
pub mod graph;
pub mod read;
pub mod syntax;
// shared by the stages
pub mod eval;
pub mod knowledge;
pub mod output;
pub mod pipeline;
pub mod vocab;

// every module keeps its short path ("newsgraph::text", "newsgraph::store")
pub use extract::{mentions, prefilter, rules};
pub use graph::{ask, export, profile, query, rdf, remote, report, serve, sorted, store};
pub use read::{corpus, dates, inputs, text};

pub use corpus::Article;
pub use extract::{extract, Extraction, Fact, FactObject};
pub use knowledge::Knowledge;
