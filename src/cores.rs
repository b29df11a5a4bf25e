//! Sharing work among the machine's cores, with results that do not depend on the threads:
//! every stage that splits work (the Monte Carlo's draws and scenarios, hourly files, the
//! built-in tables beside the schema, `validate`'s files) asks here how many cores it may use,
//! so that work already shared is not split again.

/// `f` of every item, in order, the items shared among the machine's cores in contiguous
/// chunks: for independent work of some weight each (a scenario's simulation, an hourly file).
/// The result does not depend on the threads.
pub fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = available();
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || on_this_thread(|| part.iter().map(f).collect::<Vec<_>>()))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(part) => part,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// The cores work may be shared among: one where the platform has no threads (a browser's
/// WebAssembly), so that every computation also runs, with the same results, on one thread.
/// Inside a thread that already shares the cores with others (a worker of [`on_every_core`],
/// or of a caller's own, see [`on_this_thread`]), one: work split again would only add threads
/// to cores that are busy.
pub fn available() -> usize {
    // Asked once: on Linux the answer reads the process's CPU set and cgroup limits.
    static MACHINE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if SHARING.get() {
        return 1;
    }
    *MACHINE.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

thread_local! {
    /// Whether this thread is one of several that share the machine's cores.
    static SHARING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f()`, with every computation inside it kept on the calling thread: for a caller that
/// already shares the cores among threads of its own (`validate` checking many files at once).
/// The results are those of any other thread.
pub fn on_this_thread<R>(f: impl FnOnce() -> R) -> R {
    /// Puts the flag back as it was, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SHARING.set(self.0);
        }
    }
    let _restore = Restore(SHARING.replace(true));
    f()
}

/// `a()` and `b()`, on two threads where there are two cores, else one after the other.
pub fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if available() < 2 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        match first.join() {
            Ok(first) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
