//! bosun: a terminal console for operating AWS ECS.
pub mod api;
pub mod app;
pub mod audit;
pub mod aws;
pub mod cli;
pub mod config;
pub mod connect;
pub mod dump;
pub mod exec;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod launch;
pub mod logging;
pub mod model;
pub mod mutation;
pub mod runtime;
pub mod sim;
pub mod state;
pub mod table;
pub mod tail;
pub mod triage;
pub mod tui;
pub mod ui;
pub mod update;
pub mod views;
