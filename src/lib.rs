//! cfp-taxonomy: turn conference talk-idea posts into one topic taxonomy.
//!
//! The pipeline runs one way: manifest ([`sources`]) → [`fetch`] → [`extract`] →
//! [`normalize`] → [`graph`] → [`analyze`] → [`output`]. `fetch` and `output` do the I/O; the
//! stages between take data and return data, so they are tested without disk or network.
//! [`pipeline`] runs them in order for one build; the [`cli`] commands only configure and print.

#![warn(missing_docs)]

pub mod analyze;
pub mod checks;
pub mod cli;
pub mod discover;
pub mod eval;
pub mod extract;
pub mod fetch;
pub mod graph;
pub mod hash;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod review;
pub mod seeds;
pub mod sources;
pub mod synth;
pub mod text;
