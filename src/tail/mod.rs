//! The log tail: fetching a target's CloudWatch Logs lines with Live Tail or FilterLogEvents
//! polling, and handing them on in bounded, de-duplicated batches (see docs/logs.md, "How lines
//! are fetched"). The runtime runs one [`run`] per `Effect::Tail` as a job.
pub mod batch;
pub mod dedup;
mod engine;
pub mod source;
pub mod window;

#[cfg(test)]
mod tests;

pub use engine::{Clock, Config, Out, Spec, bounds, live_refusal, run};
