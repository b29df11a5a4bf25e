//! The WebAssembly module's functions, as the page's worker (`web/src/worker.js`) calls them.
//!
//! The script copies a request into memory it asked for with `wp_alloc`, calls `wp_run`, which
//! returns the [`Status`](crate::Status), reads the answer at `wp_answer_ptr` for
//! `wp_answer_len` bytes, and frees the request with `wp_free`. The answer stays until the next
//! call. Random seeds for hash tables come from the page's `crypto.getRandomValues`, imported as
//! `env.random_fill`.
//!
//! This is the one place with `unsafe` code: the module's boundary speaks in addresses and
//! lengths.
#![allow(
    unsafe_code,
    reason = "the WebAssembly boundary passes memory as address and length"
)]

use std::cell::RefCell;

thread_local! {
    /// The last answer, kept until the script has read it.
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Memory of `len` bytes for the script to write a request into.
#[unsafe(no_mangle)]
pub extern "C" fn wp_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0_u8; len].into_boxed_slice()).cast::<u8>()
}

/// Frees memory `wp_alloc` gave.
///
/// # Safety
/// `ptr` and `len` must be what one call of `wp_alloc` gave and took, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wp_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back a boxed slice of this length, once.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Answers the request of `len` bytes at `ptr` ([`crate::run`]); returns its status.
///
/// # Safety
/// `ptr` must point to `len` initialised bytes, such as memory from `wp_alloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wp_run(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: the caller passes memory it wrote the request into.
    let request = unsafe { std::slice::from_raw_parts(ptr, len) };
    let (status, bytes) = crate::run(request);
    ANSWER.with(|answer| *answer.borrow_mut() = bytes);
    status as u32
}

/// Where the last answer starts.
#[unsafe(no_mangle)]
pub extern "C" fn wp_answer_ptr() -> *const u8 {
    ANSWER.with(|answer| answer.borrow().as_ptr())
}

/// The last answer's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn wp_answer_len() -> usize {
    ANSWER.with(|answer| answer.borrow().len())
}

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// Fills `len` bytes at `ptr` from `crypto.getRandomValues`.
    fn random_fill(ptr: *mut u8, len: usize);
}

/// getrandom's custom backend (`.cargo/config.toml`): the seeds of hash tables. getrandom 0.3
/// and 0.4 both call this one symbol, with error types of the same layout.
///
/// # Safety
/// `dest` must point to `len` writable bytes, as getrandom guarantees.
#[unsafe(no_mangle)]
#[allow(clippy::unnecessary_wraps, reason = "the signature getrandom calls")]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: getrandom passes a buffer of `len` writable bytes; the page's function writes
    // exactly that many.
    unsafe { random_fill(dest, len) };
    Ok(())
}
