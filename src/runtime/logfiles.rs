//! A log view's files and clipboard: saving its lines (off the loop, 0600: log lines can hold
//! secrets) and copying a line through the terminal (OSC 52).
use super::Reply;
use crate::state::Msg;
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Write `lines` to `dir/name` on a blocking thread and answer `Msg::LogSaved`.
pub fn save(dir: PathBuf, name: String, lines: Vec<String>, tx: mpsc::UnboundedSender<Reply>) {
    tokio::task::spawn_blocking(move || {
        let path = dir.join(&name);
        let count = lines.len();
        let result = write(&path, &lines).map_err(|e| e.to_string());
        let _ = tx.send(Reply::Msg(Msg::LogSaved { path: path.display().to_string(), lines: count, result }));
    });
}

fn write(path: &Path, lines: &[String]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    let mut out = std::io::BufWriter::new(file);
    for line in lines {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// The OSC 52 sequence that puts `text` on the clipboard of the terminal that reads it.
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64::engine::general_purpose::STANDARD.encode(text))
}

/// Send `text` to the terminal's clipboard. Written between frames by the loop's own thread,
/// so it never lands inside a frame being drawn.
pub fn copy(text: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(osc52(text).as_bytes());
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("hi ✓"), "\u{1b}]52;c;aGkg4pyT\u{7}");
    }

    #[test]
    fn saved_lines_are_private_and_never_overwrite() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("logs").join("a.log");
        write(&path, &["one".into(), "two".into()]).expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one\ntwo\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(write(&path, &["three".into()]).is_err(), "an existing file is kept");
    }
}
