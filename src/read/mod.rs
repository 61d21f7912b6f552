//! Reading: articles from folders, JSON records and HTML pages ([`corpus`], [`inputs`]), their
//! sentences as byte spans ([`text`]) and their dates ([`dates`]).

pub mod corpus;
pub mod dates;
pub mod inputs;
pub mod text;
