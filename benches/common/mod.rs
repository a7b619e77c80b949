//! What the benchmarks share: reading `--name value` arguments and printing timings.
use std::time::Duration;

/// The value after `name` on the command line (`--lines 100000`), else `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One row of timings: median, p99 and max, the label in `label_width` columns and each
/// figure in `figure_width`.
pub fn report(label: &str, label_width: usize, figure_width: usize, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "  {label:<label_width$} median {:>figure_width$.3} ms   p99 {:>figure_width$.3} ms   max {:>figure_width$.3} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );
}
