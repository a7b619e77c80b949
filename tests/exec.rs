//! The native ECS Exec engine: codec golden bytes, decoder fuzzing, and the real client
//! driven against the loopback agent peer, faults included. Only 127.0.0.1 is contacted.

#[path = "exec/support.rs"]
mod support;

#[path = "exec/fallback.rs"]
mod fallback;
#[path = "exec/faults.rs"]
mod faults;
#[path = "exec/fuzz.rs"]
mod fuzz;
#[path = "exec/golden.rs"]
mod golden;
#[path = "exec/handshake.rs"]
mod handshake;
#[path = "exec/resume.rs"]
mod resume;
#[path = "exec/session.rs"]
mod session;
#[path = "exec/signing.rs"]
mod signing;
