//! Tracing to `<state dir>/bosun.log`, never to the screen (it would corrupt the TUI).
//!
//! The log names accounts, clusters and ARNs, so it is readable by its owner only (0600), and
//! it is bounded: past [`MAX_LOG_BYTES`] the file rolls over to `bosun.log.1` (replacing the
//! previous one), so the two never hold more than twice that.
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "bosun.log";
/// Size at which the log rolls over (checked at start and on every write).
pub const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;

/// Keep the returned guard alive for the whole run: dropping it flushes the log.
pub fn init(state_dir: &Path) -> Option<WorkerGuard> {
    if std::fs::create_dir_all(state_dir).is_err() {
        return None;
    }
    let file = LogFile::open(state_dir, MAX_LOG_BYTES).ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = EnvFilter::try_from_env("BOSUN_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"));
    let ok = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().is_ok();
    ok.then_some(guard)
}

/// `bosun.log`, owner-only, rolled over to `bosun.log.1` when it would pass `max_bytes`.
pub struct LogFile {
    path: PathBuf,
    file: File,
    size: u64,
    max_bytes: u64,
}

impl LogFile {
    /// Opens (or creates) `<dir>/bosun.log` for appending, rolling it over first if it is
    /// already at the limit, and tightens the mode of a file an older version left 0644.
    pub fn open(dir: &Path, max_bytes: u64) -> io::Result<LogFile> {
        let path = dir.join(LOG_FILE);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let mut log = LogFile { file: open_private(&path)?, path, size, max_bytes: max_bytes.max(1) };
        if log.size >= log.max_bytes {
            log.roll()?;
        }
        Ok(log)
    }

    fn roll(&mut self) -> io::Result<()> {
        let mut old = self.path.clone().into_os_string();
        old.push(".1");
        std::fs::rename(&self.path, &old)?;
        self.file = open_private(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

impl Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size > 0 && self.size + buf.len() as u64 > self.max_bytes {
            // A failed roll-over keeps logging to the current file rather than losing lines.
            if let Err(e) = self.roll() {
                let _ = writeln!(self.file, "bosun: cannot roll the log over: {e}");
            }
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

pub(crate) fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` only applies to a new file; an existing one is tightened here.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_owner_only_even_if_it_existed() {
        let dir = tempfile::tempdir().expect("dir");
        let mut log = LogFile::open(dir.path(), MAX_LOG_BYTES).expect("open");
        log.write_all(b"hello\n").expect("write");
        assert_eq!(mode(&dir.path().join(LOG_FILE)), 0o600);

        let old = tempfile::tempdir().expect("dir");
        let path = old.path().join(LOG_FILE);
        std::fs::write(&path, "from an older version\n").expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        LogFile::open(old.path(), MAX_LOG_BYTES).expect("open");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn the_log_stays_bounded() {
        let dir = tempfile::tempdir().expect("dir");
        let limit = 1000;
        let line = [b'x'; 99];
        let mut log = LogFile::open(dir.path(), limit).expect("open");
        for _ in 0..100 {
            log.write_all(&line).expect("write");
            log.write_all(b"\n").expect("write");
        }
        log.flush().expect("flush");
        let size = |name: &str| std::fs::metadata(dir.path().join(name)).map(|m| m.len()).unwrap_or(0);
        assert!(size(LOG_FILE) <= limit, "{}", size(LOG_FILE));
        assert!(size("bosun.log.1") <= limit && size("bosun.log.1") > 0, "{}", size("bosun.log.1"));
        let files = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(files, 2, "bosun.log and bosun.log.1, nothing more");
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir.path().join(LOG_FILE)), 0o600);
            assert_eq!(mode(&dir.path().join("bosun.log.1")), 0o600);
        }
        // A log already over the limit at start rolls over before the first line.
        let big = tempfile::tempdir().expect("dir");
        std::fs::write(big.path().join(LOG_FILE), vec![b'y'; 2000]).expect("write");
        let mut log = LogFile::open(big.path(), limit).expect("open");
        log.write_all(b"fresh\n").expect("write");
        assert_eq!(std::fs::read(big.path().join(LOG_FILE)).expect("read"), b"fresh\n");
        assert_eq!(std::fs::metadata(big.path().join("bosun.log.1")).expect("rolled").len(), 2000);
    }
}
