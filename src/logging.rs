//! Tracing to `<state dir>/bosun.log`, never to the screen (it would corrupt the TUI).
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Keep the returned guard alive for the whole run: dropping it flushes the log.
pub fn init(state_dir: &Path) -> Option<WorkerGuard> {
    if std::fs::create_dir_all(state_dir).is_err() {
        return None;
    }
    let appender = tracing_appender::rolling::never(state_dir, "bosun.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("BOSUN_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"));
    let ok = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().is_ok();
    ok.then_some(guard)
}
