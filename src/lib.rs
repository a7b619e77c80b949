//! bosun: a terminal console for operating AWS ECS.
pub mod api;
pub mod aws;
pub mod cli;
pub mod config;
pub mod dump;
pub mod exec;
pub mod logging;
pub mod model;
pub mod state;
pub mod table;
pub mod tui;
pub mod ui;
pub mod worker;
#[cfg(test)]
pub(crate) mod fixtures;
