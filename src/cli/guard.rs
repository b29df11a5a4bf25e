//! Bounds on the memory and time a command may use while it renders. A template's loops,
//! Tera's or Typst's, can build a document of any size, or run for ever, from a few lines, and
//! neither engine can be told to stop part way; so while a report is rendered a watchdog
//! thread reads the process's resident memory and the time spent, and past `--max-memory` or
//! `--max-render-seconds` it prints why and ends the process with exit code 2. Nothing is
//! half-written: outputs are only written, whole, after rendering.
//!
//! The memory bound reads `/proc/self/status`, so it holds on Linux only (SECURITY.md says so);
//! the time bound holds everywhere.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the resident memory and the time are read: growth between two readings is bounded by what a
/// renderer can allocate in this time, a few tens of megabytes.
const PERIOD: Duration = Duration::from_millis(10);

/// Watches memory and time until dropped.
pub(crate) struct MemoryGuard {
    /// Dropped to stop the watcher: it waits on the other end between readings, so it wakes
    /// at once rather than at its next reading (a report waited up to a period for it).
    stop: Option<Sender<()>>,
    watcher: Option<JoinHandle<()>>,
}

impl MemoryGuard {
    /// Starts watching: past `limit_mib` MiB of resident memory, or `limit_seconds` seconds,
    /// the process ends, saying that `what` (e.g. "rendering with template `x`") used them.
    pub(crate) fn start(limit_mib: u64, limit_seconds: u64, what: String) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let started = Instant::now();
        let watcher = std::thread::spawn(move || {
            loop {
                if resident_kib().is_some_and(|kib| kib / 1024 > limit_mib) {
                    eprintln!(
                        "error: {what} used more than {limit_mib} MiB of memory, so it was stopped\nhint: a template that loops or pages without end, a disclosure asking for very many Monte Carlo draws of very many lines, or a PDF whose streams expand without end does this; check the template's loops and the draws, do not trust such a PDF, or raise the limit with --max-memory"
                    );
                    std::process::exit(2);
                }
                if started.elapsed() > Duration::from_secs(limit_seconds) {
                    eprintln!(
                        "error: {what} took more than {limit_seconds} s, so it was stopped\nhint: a template that loops without end, a disclosure asking for very many Monte Carlo draws of very many lines, or a PDF built to be slow to read does this; check the template's loops and the draws, do not trust such a PDF, or raise the limit with --max-render-seconds"
                    );
                    std::process::exit(2);
                }
                if stopped.recv_timeout(PERIOD) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
        });
        Self {
            stop: Some(stop),
            watcher: Some(watcher),
        }
    }
}

impl Drop for MemoryGuard {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

/// The process's resident memory in KiB, from `/proc/self/status` (`VmRSS:  1234 kB`).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_guard_stops_its_watcher_at_once() {
        // The watcher is woken, not left to finish its period: a thousand guards started and
        // dropped would take ten seconds otherwise.
        let started = Instant::now();
        for _ in 0..1000 {
            drop(MemoryGuard::start(u64::MAX, u64::MAX, String::new()));
        }
        assert!(started.elapsed() < PERIOD * 500, "{:?}", started.elapsed());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read() {
        assert!(resident_kib().is_some_and(|kib| kib > 0));
    }
}
