//! A bound on the memory a command may use while it renders. A template's loops, Tera's or
//! Typst's, can build a document of any size from a few lines, and neither engine can be told
//! to stop part way; so while a report is rendered a watchdog thread reads the process's
//! resident memory, and past `--max-memory` it prints why and ends the process with exit code
//! 2. Nothing is half-written: outputs are only written, whole, after rendering.
//!
//! Linux only (it reads `/proc/self/status`); elsewhere the guard does nothing, and SECURITY.md
//! says so.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the resident memory is read: growth between two readings is bounded by what a
/// renderer can allocate in this time, a few tens of megabytes.
const PERIOD: Duration = Duration::from_millis(10);

/// Watches memory until dropped.
pub(crate) struct MemoryGuard {
    stop: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
}

impl MemoryGuard {
    /// Starts watching: past `limit_mib` MiB of resident memory the process ends, saying that
    /// `what` (e.g. "rendering with template `x`") used it.
    pub(crate) fn start(limit_mib: u64, what: String) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = resident_kib().is_some().then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if resident_kib().is_some_and(|kib| kib / 1024 > limit_mib) {
                        eprintln!(
                            "error: {what} used more than {limit_mib} MiB of memory, so it was stopped\nhint: a template that loops or pages without end does this; check its loops, or raise the limit with --max-memory"
                        );
                        std::process::exit(2);
                    }
                    std::thread::sleep(PERIOD);
                }
            })
        });
        Self { stop, watcher }
    }
}

impl Drop for MemoryGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
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

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read() {
        assert!(resident_kib().is_some_and(|kib| kib > 0));
    }
}
