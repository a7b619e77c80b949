//! A loopback stand-in for the SSM agent: point `exec_client` (or any data-channel client)
//! at the URL it prints.
//!
//! ```text
//! cargo run --example exec_peer -- --port 7000
//! cargo run --example exec_peer -- --port 7000 --kms-key-id arn:aws:kms:eu-west-1:111122223333:key/demo --reorder --duplicate
//! ```

use std::net::SocketAddr;

use bosun::exec::peer::{AgentPeer, PeerConfig, Script};
use clap::Parser;

#[derive(Parser, Debug)]
#[command(about = "Loopback ECS Exec agent peer: echoes input, plays scripted faults")]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Run the KMS handshake naming this key (the client must use the peer's fixed key).
    #[arg(long)]
    kms_key_id: Option<String>,
    /// Message shown by the client when the handshake completes.
    #[arg(long, default_value = "")]
    customer_message: String,
    /// Send output frames in swapped pairs.
    #[arg(long)]
    reorder: bool,
    /// Send every output frame twice.
    #[arg(long)]
    duplicate: bool,
    /// Lose the acknowledgements of this many input frames.
    #[arg(long, default_value_t = 0)]
    withhold_acks: usize,
    /// Send pause/start publication before the first output.
    #[arg(long)]
    pause_publication: bool,
    /// How many sessions to register.
    #[arg(long, default_value_t = 1)]
    sessions: usize,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = PeerConfig {
        kms_key_id: args.kms_key_id.clone(),
        greeting: b"bosun loopback peer: input is echoed; type exit to end.\r\n$ ".to_vec(),
        customer_message: args.customer_message.clone(),
        tty_echo: true,
        script: Script {
            reorder: args.reorder,
            duplicate: args.duplicate,
            withhold_acks: args.withhold_acks,
            pause_publication: args.pause_publication,
            ..Script::default()
        },
    };
    let peer = AgentPeer::bind(SocketAddr::from(([127, 0, 0, 1], args.port)), config).await?;
    println!("exec peer listening on {}", peer.addr());
    for _ in 0..args.sessions.max(1) {
        let session = peer.new_session();
        // A loopback test token, printed so a client can be pointed at it.
        println!("session id: {}", session.session_id);
        println!("stream url: {}", session.stream_url);
        println!("token:      {}", session.token_value);
        let mut cmd = format!(
            "cargo run --example exec_client -- --url '{}' --token {}",
            session.stream_url, session.token_value
        );
        if let Some(key) = &args.kms_key_id {
            cmd.push_str(&format!(" --kms-key-id {key}"));
        }
        println!("connect:    {cmd}");
        println!();
    }
    tokio::signal::ctrl_c().await?;
    Ok(())
}
