//! bosun: a terminal console for operating AWS ECS.
pub mod api;
pub mod exec;
pub mod model;
