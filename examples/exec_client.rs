//! Opens an ECS Exec data channel with bosun's native engine and relays the terminal until
//! the session ends, exiting with its end reason.
//!
//! ```text
//! cargo run --example exec_client -- --url URL --token TOKEN [--kms-key-id ARN]
//! ```
//!
//! Against a loopback URL (e.g. from `exec_peer`) the peer's fixed-key KMS is used and
//! resuming is unavailable; against any other URL, AWS KMS and SSM are used with the
//! default credential chain.

use std::io::{Read, Write};
use std::sync::Arc;

use bosun::aws::{SdkKms, SdkSsm};
use bosun::exec::peer::FixedKeyKms;
use bosun::exec::{DataKeyProvider, EndReason, ExecEvent, ExecOptions, ExecSession, NoControl, SessionControl};
use clap::Parser;

#[derive(Parser, Debug)]
#[command(about = "Native ECS Exec client: relays this terminal to a data channel")]
struct Args {
    /// The session's streamUrl.
    #[arg(long)]
    url: String,
    /// The session's tokenValue.
    #[arg(long)]
    token: String,
    /// The sessionId (default: the last path segment of the URL).
    #[arg(long)]
    session_id: Option<String>,
    /// The cluster's exec KMS key: refuse a session that starts unencrypted.
    #[arg(long)]
    kms_key_id: Option<String>,
    /// SSM target id (ecs:<cluster>_<taskId>_<runtimeId>), for the KMS encryption context.
    #[arg(long, default_value = "")]
    target: String,
}

fn main() {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            std::process::exit(2);
        }
    };
    let code = runtime.block_on(run(args));
    std::process::exit(code);
}

async fn run(args: Args) -> i32 {
    let url = match url::Url::parse(&args.url) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("invalid --url: {e}");
            return 2;
        }
    };
    let session_id = args
        .session_id
        .clone()
        .unwrap_or_else(|| url.path_segments().and_then(|mut s| s.next_back()).unwrap_or_default().to_owned());
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let (kms, control): (Arc<dyn DataKeyProvider>, Arc<dyn SessionControl>) = if loopback {
        (Arc::new(FixedKeyKms::default()), Arc::new(NoControl))
    } else {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        (Arc::new(SdkKms::new(&config, None)), Arc::new(SdkSsm::new(&config, None)))
    };
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let options = ExecOptions {
        kms_key_id: args.kms_key_id.clone(),
        target_id: args.target.clone(),
        initial_size: size,
        ..ExecOptions::default()
    };
    let session = ExecSession { session_id, stream_url: args.url.clone(), token_value: args.token.clone() };
    let handle = match bosun::exec::connect(session, options, kms, control).await {
        Ok(h) => h,
        Err(reason) => {
            eprintln!("{reason}");
            return 1;
        }
    };
    let (input, mut events) = handle.split();

    let raw = crossterm::terminal::enable_raw_mode().is_ok();
    // Stdin is read on a plain thread: a blocking read must not hold a runtime worker.
    let keys = input.clone();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut buf = [0u8; 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if keys.blocking_send_input(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
    });
    #[cfg(unix)]
    {
        let resizer = input.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let Ok(mut winch) = signal(SignalKind::window_change()) else {
                return;
            };
            while winch.recv().await.is_some() {
                if let Ok((cols, rows)) = crossterm::terminal::size() {
                    let _ = resizer.resize(cols, rows).await;
                }
            }
        });
    }

    let mut stdout = std::io::stdout();
    let reason = loop {
        match events.recv().await {
            Some(ExecEvent::Output(bytes)) => {
                let _ = stdout.write_all(&bytes);
                let _ = stdout.flush();
            }
            Some(ExecEvent::Stderr(bytes)) => {
                let _ = std::io::stderr().write_all(&bytes);
            }
            Some(ExecEvent::HandshakeComplete { customer_message }) if !customer_message.is_empty() => {
                let _ = write!(stdout, "{customer_message}\r\n");
                let _ = stdout.flush();
            }
            Some(ExecEvent::Reconnecting { attempt }) => {
                let _ = write!(stdout, "\r\n[reconnecting, attempt {attempt}]\r\n");
            }
            Some(ExecEvent::Ended(reason)) => break reason,
            Some(_) => {}
            None => {
                break EndReason::Protocol { reason: "the session stopped without a reason".to_owned() };
            }
        }
    };
    if raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    eprintln!("\r\n{reason}");
    match (&reason, reason.exit_code()) {
        (_, Some(code)) => code,
        (EndReason::Exited { .. }, None) => 0,
        _ => 1,
    }
}
