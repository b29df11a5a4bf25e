//! A log read in blocks of whole lines, parsed on every core and integrated in the log's order.
//!
//! Parsing (splitting fields, reading timestamps and numbers) is most of the cost of ingesting a
//! log, and each line parses on its own: a log has one record a line, and the reader refuses a
//! quote left open across a line break. So blocks can be parsed in any order on any thread.
//! Integrating cannot: it is one pass over each device's samples in time order. The blocks'
//! readings are therefore handed to one integrator in the order of the log, and it sees exactly
//! the pushes a single-threaded reader would make: the figures are the same to the last bit.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::{Mutex, mpsc};

/// Bytes a block holds before it is cut at the next line break.
const BLOCK_BYTES: usize = 1 << 20;

/// Reads `reader` in blocks of whole lines, parses each with `parse` (on every core when there
/// is more than one block) and hands the results to `integrate` in the order of the log. A
/// read error is handed over in its place, after every block before it; `integrate` stops the
/// reading by returning an error. A line longer than `max_line` bytes is passed on cut, for
/// `parse` to refuse.
///
/// Memory is bounded by the blocks in flight, two per core.
///
/// # Errors
/// The first error `integrate` returns.
pub fn read<P: Send, E>(
    mut reader: impl BufRead,
    max_line: usize,
    parse: impl Fn(&[u8]) -> P + Sync,
    mut integrate: impl FnMut(std::io::Result<P>) -> Result<(), E>,
) -> Result<(), E> {
    let first = match next(&mut reader, max_line) {
        Ok(block) => block,
        Err(e) => return integrate(Err(e)),
    };
    let at_end = reader.fill_buf().map(<[u8]>::is_empty);
    if first.is_empty() || matches!(at_end, Ok(true)) {
        // One block: no thread is worth starting.
        return if first.is_empty() {
            Ok(())
        } else {
            integrate(Ok(parse(&first)))
        };
    }
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (work, queue) = mpsc::channel::<(usize, Vec<u8>)>();
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        // Owned here, so that it is dropped, and the workers stop, however the scope ends.
        let work = work;
        let (done, results) = mpsc::channel::<(usize, P)>();
        for _ in 0..workers {
            let done = done.clone();
            let (queue, parse) = (&queue, &parse);
            scope.spawn(move || {
                loop {
                    let next = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => break,
                    };
                    let Ok((sequence, block)) = next else {
                        break;
                    };
                    if done.send((sequence, parse(&block))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut failure = at_end.err();
        let mut sent = 0;
        if work.send((sent, first)).is_ok() {
            sent += 1;
        }
        let mut integrated = 0;
        let mut ready = BTreeMap::new();
        let mut exhausted = failure.is_some();
        loop {
            while !exhausted && sent - integrated < 2 * workers {
                match next(&mut reader, max_line) {
                    Ok(block) if block.is_empty() => exhausted = true,
                    Ok(block) => {
                        if work.send((sent, block)).is_err() {
                            exhausted = true;
                        } else {
                            sent += 1;
                        }
                    }
                    Err(e) => {
                        failure = Some(e);
                        exhausted = true;
                    }
                }
            }
            if integrated == sent {
                break;
            }
            // Every worker gone with blocks unparsed: one panicked, and the scope says so.
            let Ok((sequence, parsed)) = results.recv() else {
                break;
            };
            ready.insert(sequence, parsed);
            while let Some(parsed) = ready.remove(&integrated) {
                integrated += 1;
                integrate(Ok(parsed))?;
            }
        }
        drop(work);
        failure.map_or(Ok(()), |e| integrate(Err(e)))
    })
}

/// The next block: about [`BLOCK_BYTES`] and then up to the end of the line it stops in, or,
/// when that line runs on past `max_line` more bytes, cut there. Empty at the end of the log.
fn next(reader: &mut impl BufRead, max_line: usize) -> std::io::Result<Vec<u8>> {
    let mut block = Vec::with_capacity(BLOCK_BYTES + 4096);
    while block.len() < BLOCK_BYTES {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(block);
        }
        let take = available.len().min(BLOCK_BYTES - block.len());
        block.extend_from_slice(&available[..take]);
        reader.consume(take);
    }
    // One byte past the limit is enough for the parser to see a line too long; saturating, as
    // `--max-line-bytes` may be the largest number.
    let past = max_line.saturating_add(1);
    let mut more = 0;
    while block.last() != Some(&b'\n') && more < past {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        let take = memchr::memchr(b'\n', available)
            .map_or(available.len(), |at| at + 1)
            .min(past - more);
        block.extend_from_slice(&available[..take]);
        reader.consume(take);
        more += take;
    }
    Ok(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `log` as `read` hands them over, block by block.
    fn blocks(log: &[u8], max_line: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let result: Result<(), ()> = read(log, max_line, <[u8]>::to_vec, |block| {
            out.push(block.map_err(|_| ())?);
            Ok(())
        });
        assert!(result.is_ok());
        out
    }

    #[test]
    fn blocks_end_at_line_breaks_and_come_in_order() {
        let line = b"1767225600.000,gpu0,250.00,\n";
        let log: Vec<u8> = line
            .iter()
            .copied()
            .cycle()
            .take(line.len() * 100_000)
            .collect();
        let parts = blocks(&log, 1 << 20);
        assert!(parts.len() > 2, "{} blocks", parts.len());
        assert!(parts.iter().all(|b| b.ends_with(b"\n")));
        assert_eq!(parts.concat(), log);
    }

    #[test]
    fn a_line_longer_than_the_limit_is_cut_for_the_parser_to_refuse() {
        let mut log = vec![b'a'; BLOCK_BYTES - 10];
        log.extend(std::iter::repeat_n(b'b', 100));
        log.push(b'\n');
        log.extend_from_slice(b"next\n");
        let parts = blocks(&log, 50);
        // The first block stops 51 bytes into the long line: longer than the limit.
        assert_eq!(parts[0].len(), BLOCK_BYTES + 51);
        assert_eq!(parts.concat(), log);
    }

    #[test]
    fn the_largest_line_limit_reads_to_the_line_break() {
        // Review of issue 24: `--max-line-bytes 18446744073709551615` overflowed the bound and
        // read nothing more, for ever.
        let log = b"x\n".repeat(BLOCK_BYTES);
        let mut log = [&b"y"[..], &log].concat();
        log.push(b'z');
        let parts = blocks(&log, usize::MAX);
        assert!(parts[0].ends_with(b"\n"));
        assert_eq!(parts.concat(), log);
    }

    #[test]
    fn an_error_stops_the_reading() {
        let log: Vec<u8> = b"x\n".repeat(2 * BLOCK_BYTES);
        let mut seen = 0;
        let result = read(&log[..], 1 << 30, <[u8]>::len, |_| {
            seen += 1;
            if seen == 2 { Err("stop") } else { Ok(()) }
        });
        assert_eq!(result, Err("stop"));
        assert_eq!(seen, 2);
    }
}
