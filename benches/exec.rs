//! ECS Exec engine over the loopback peer: keystroke round trip and bulk output throughput.
//!
//! `cargo bench --bench exec` (figures and machine in docs/performance.md).

use std::time::{Duration, Instant};

use bosun::exec::peer::{AgentPeer, PeerConfig};
use bosun::exec::{ExecEvent, ExecHandle, ExecOptions};

const KEYSTROKES: usize = 2000;
const BULK_BYTES: usize = 32 * 1024 * 1024;
const BULK_RUNS: usize = 3;

struct Session {
    peer: AgentPeer,
    id: String,
    handle: ExecHandle,
}

async fn open(kms: bool) -> Session {
    let config = PeerConfig {
        kms_key_id: kms.then(|| "arn:aws:kms:eu-west-1:111122223333:key/bench".to_owned()),
        ..PeerConfig::default()
    };
    let peer = AgentPeer::start(config).await.expect("peer");
    let session = peer.new_session();
    let id = session.session_id.clone();
    let options = ExecOptions { target_id: "ecs:bench_task_runtime".to_owned(), ..ExecOptions::default() };
    let mut handle = bosun::exec::connect(session, options, peer.kms(), peer.control()).await.expect("connect");
    loop {
        match handle.next_event().await {
            Some(ExecEvent::Ready) => break,
            Some(ExecEvent::Ended(r)) => panic!("ended: {r}"),
            Some(_) => {}
            None => panic!("no events"),
        }
    }
    // Drain the greeting.
    wait_output(&mut handle, 2).await;
    Session { peer, id, handle }
}

/// Reads events until `n` output bytes arrived.
async fn wait_output(handle: &mut ExecHandle, n: usize) {
    let mut got = 0;
    while got < n {
        match handle.next_event().await {
            Some(ExecEvent::Output(b)) => got += b.len(),
            Some(ExecEvent::Ended(r)) => panic!("ended: {r}"),
            Some(_) => {}
            None => panic!("no events"),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn keystrokes(s: &mut Session) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(KEYSTROKES);
    for i in 0..KEYSTROKES {
        let key = [b'a' + (i % 26) as u8];
        let t0 = Instant::now();
        s.handle.send_input(key.to_vec()).await.expect("send");
        wait_output(&mut s.handle, 1).await;
        samples.push(t0.elapsed());
    }
    samples.sort_unstable();
    samples
}

async fn bulk(s: &mut Session) -> Vec<f64> {
    let payload = vec![b'x'; BULK_BYTES];
    let mut rates = Vec::new();
    for _ in 0..BULK_RUNS {
        let t0 = Instant::now();
        s.peer.emit(&s.id, payload.clone());
        wait_output(&mut s.handle, BULK_BYTES).await;
        let secs = t0.elapsed().as_secs_f64();
        rates.push(BULK_BYTES as f64 / secs / 1_000_000.0);
    }
    rates.sort_by(f64::total_cmp);
    rates
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        println!(
            "ECS Exec engine over the loopback peer ({} CPUs)",
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
        );
        for kms in [false, true] {
            let label = if kms { "KMS (AES-256-GCM)" } else { "plain" };
            let mut s = open(kms).await;
            let lat = keystrokes(&mut s).await;
            println!(
                "{label:>18}  keystroke round trip over {KEYSTROKES}: median {:.3} ms, p90 {:.3} ms, p99 {:.3} ms",
                percentile(&lat, 0.5).as_secs_f64() * 1e3,
                percentile(&lat, 0.9).as_secs_f64() * 1e3,
                percentile(&lat, 0.99).as_secs_f64() * 1e3,
            );
            let rates = bulk(&mut s).await;
            println!(
                "{label:>18}  bulk output, {} MiB x {BULK_RUNS}: median {:.1} MB/s (min {:.1}, max {:.1})",
                BULK_BYTES / (1024 * 1024),
                rates[rates.len() / 2],
                rates[0],
                rates[rates.len() - 1],
            );
            s.handle.abort().ok();
        }
    });
}
