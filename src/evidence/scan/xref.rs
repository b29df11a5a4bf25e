//! The cross-reference sections of a PDF read ahead of lopdf, which parses the object at the
//! offset of every entry in use, once for each entry: a cross-reference stream of a few
//! kilobytes can list a million entries at one offset (an attack of 2026-12-03 ran `verify`
//! into its five-minute watchdog), and no two objects of a PDF begin at one byte. The sections
//! are read as lopdf reads them: from the last `startxref`, each `/Prev` after it, the newest
//! entry of an object number winning (ISO 32000-1 §7.5.4, §7.5.6, §7.5.8).

use std::collections::{HashMap, HashSet};
use std::io::Read as _;

use super::{Lexer, Token, Value};

/// Most sections followed through `/Prev`: incremental updates, one each.
const MAX_SECTIONS: usize = 1024;

/// Fewest bytes an object in use takes in the file: `1 0 obj` and a value.
const SMALLEST_OBJECT: usize = 8;

/// An entry of a cross-reference as lopdf keeps it: free entries it does not keep at all, so
/// that an older section's entry in use stands (a review of 2026-12-03, helper 63: a newer
/// free entry hid one here that lopdf still read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// An object at this offset.
    Normal(u64),
    /// An object inside an object stream.
    Compressed,
}

/// The reason given when two entries in use share an offset.
const SHARED_OFFSET: &str = "its cross-reference puts two objects at one offset, which the PDF library would read once for each";

/// Reads `pdf`'s cross-reference sections from `start` (the last `startxref`), and the object
/// streams of the objects they list, as lopdf will.
///
/// # Errors
/// A sentence saying why lopdf is not to read the file: two objects at one offset, sections or
/// object streams that cannot be read here (lopdf's reading of them would then not be known to
/// agree) or not within bounds, or encryption.
pub fn read_ahead(pdf: &[u8], start: usize, max_entries: i64) -> Result<(), &'static str> {
    // Object number → entry: the first seen, from the newest section, wins.
    let mut entries: HashMap<u64, Entry> = HashMap::new();
    let mut seen = HashSet::new();
    let mut at = Some(start);
    let mut normal = 0usize;
    while let Some(offset) = at {
        if !seen.insert(offset) {
            break;
        }
        if seen.len() > MAX_SECTIONS {
            return Err("it has more cross-reference sections than any PDF wattprint reads");
        }
        let mut listed = Vec::new();
        at = section(pdf, offset, &mut listed)?;
        for (number, entry) in listed {
            if let std::collections::hash_map::Entry::Vacant(place) = entries.entry(number) {
                place.insert(entry);
                normal += usize::from(matches!(entry, Entry::Normal(_)));
            }
        }
        if i64::try_from(entries.len()).map_or(true, |n| n > max_entries)
            || normal > most_objects(pdf)
        {
            return Err("its cross-references list more objects than the file can hold");
        }
    }
    let normal = || {
        entries.iter().filter_map(|(&number, entry)| match *entry {
            Entry::Normal(offset) => Some((number, offset)),
            Entry::Compressed => None,
        })
    };
    let mut offsets = HashSet::new();
    if !normal().all(|(_, offset)| offsets.insert(offset)) {
        return Err(SHARED_OFFSET);
    }
    let mut streams = ObjectStreams::default();
    for (number, offset) in normal() {
        let Some(after) = begins_object(pdf, offset, number) else {
            return Err(
                "an entry of its cross-reference does not point at its object's `obj` header, which the PDF library would search for",
            );
        };
        streams.check(pdf, after)?;
    }
    Ok(())
}

/// Most bytes all a file's object streams may decompress to: lopdf expands every one it
/// loads, without a bound of its own (a review of 2026-12-03, helper 64: 918 KB gave 900 MB).
const MAX_OBJECT_STREAM_BYTES: usize = 64 << 20;

/// Most bytes lopdf may read to parse the objects of all object streams, counted as each
/// stream's objects times its length: it parses each object from its offset to as far as the
/// object runs, and an index may list one offset, or offsets inside one long string, many
/// times (helper 64: 1.2 KB listing one object 100,000 times behind 100,000 spaces took 6 s,
/// with a 100 KB string 2 GB).
const MAX_OBJECT_STREAM_READS: usize = 1 << 29;

/// What the object streams of a file read so far add up to.
#[derive(Default)]
struct ObjectStreams {
    bytes: usize,
    reads: usize,
}

impl ObjectStreams {
    /// Checks the object whose `obj` header ends at `after`, if it is an object stream
    /// (`/Type /ObjStm`): a length, a filter and parameters read alike by lopdf and here; a
    /// size, and objects times size, within the bounds; an index of `/N` pairs whose offsets
    /// rise, each at an object, not white space.
    fn check(&mut self, pdf: &[u8], after: usize) -> Result<(), &'static str> {
        let unreadable = "an object stream in it cannot be read ahead of the PDF library";
        let mut lexer = Lexer { pdf, at: after };
        if lexer.token() != Some(Token::DictOpen) {
            return Ok(());
        }
        let Some(dict) = lexer.dictionary() else {
            return Err(unreadable);
        };
        if only(&dict, b"Type")? != Some(&Value::Name(b"ObjStm".to_vec())) {
            return Ok(());
        }
        if lexer.token() != Some(Token::Keyword(b"stream"))
            || only(&dict, b"DecodeParms")?.is_some()
        {
            return Err(unreadable);
        }
        let mut begin = lexer.at;
        if pdf.get(begin) == Some(&b'\r') {
            begin += 1;
        }
        if pdf.get(begin) == Some(&b'\n') {
            begin += 1;
        }
        let (
            Some(Value::Integer(length)),
            Some(Value::Integer(count)),
            Some(Value::Integer(first)),
        ) = (
            only(&dict, b"Length")?,
            only(&dict, b"N")?,
            only(&dict, b"First")?,
        )
        else {
            return Err(unreadable);
        };
        let end = usize::try_from(*length)
            .ok()
            .and_then(|l| begin.checked_add(l))
            .filter(|&end| end <= pdf.len())
            .ok_or(unreadable)?;
        let room = MAX_OBJECT_STREAM_BYTES - self.bytes;
        let data = decode(&pdf[begin..end], &dict, room)?;
        if data.len() > room {
            return Err("its object streams decompress to more than 64 MiB");
        }
        self.bytes += data.len();
        let count = usize::try_from(*count).map_err(|_| unreadable)?;
        self.reads = count
            .checked_mul(data.len())
            .and_then(|r| r.checked_add(self.reads))
            .filter(|&r| r <= MAX_OBJECT_STREAM_READS)
            .ok_or(
                "its object streams list more objects than the PDF library can read within bounds",
            )?;
        let first = usize::try_from(*first)
            .ok()
            .filter(|&f| f <= data.len())
            .ok_or(unreadable)?;
        let mut index = Lexer {
            pdf: &data[..first],
            at: 0,
        };
        let mut previous = None;
        for _ in 0..count {
            let (Some(Token::Integer(_)), Some(Token::Integer(offset))) =
                (index.token(), index.token())
            else {
                return Err(unreadable);
            };
            let at = usize::try_from(offset)
                .ok()
                .and_then(|o| o.checked_add(first))
                .filter(|&at| at < data.len())
                .ok_or(unreadable)?;
            if previous.is_some_and(|p| at <= p) || data[at].is_ascii_whitespace() {
                return Err(
                    "an object stream in it lists its objects out of order, or at white space, which the PDF library would read again for each",
                );
            }
            previous = Some(at);
        }
        Ok(())
    }
}

/// Most objects in use `pdf` can hold, each at an offset of its own.
fn most_objects(pdf: &[u8]) -> usize {
    pdf.len() / SMALLEST_OBJECT + 1
}

/// Where the header of object `number`, `number G obj`, ends, when it begins at `offset`,
/// right there:
/// lopdf reads from the offset past white space and comments, once for each entry, so an
/// entry inside a long run of them costs the run's length each time (a review of 2026-12-03,
/// helper 63: 60 KB of spaces took 35 s).
fn begins_object(pdf: &[u8], offset: u64, number: u64) -> Option<usize> {
    let at = usize::try_from(offset).ok()?;
    if !pdf.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut lexer = Lexer { pdf, at };
    matches!(
        (lexer.token(), lexer.token(), lexer.token()),
        (Some(Token::Integer(n)), Some(Token::Integer(_)), Some(Token::Keyword(b"obj")))
            if u64::try_from(n) == Ok(number)
    )
    .then_some(lexer.at)
}

/// The value of `key` in `entries`, or why it cannot be known: a key written twice is read by
/// lopdf as its last copy and by other readers as its first (a review of 2026-12-03, helper
/// 63: a second `/Prev` led lopdf to a section this reader never saw).
fn only<'a>(
    entries: &'a [(Vec<u8>, Value)],
    key: &[u8],
) -> Result<Option<&'a Value>, &'static str> {
    let mut found = entries.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
    let first = found.next();
    if found.next().is_some() {
        return Err(
            "a dictionary of its cross-reference gives one key twice, which PDF readers read differently",
        );
    }
    Ok(first)
}

/// Reads the section at `offset` into `listed` (object number and entry, free entries left
/// out); returns the offset of the previous section, if any.
fn section(
    pdf: &[u8],
    offset: usize,
    listed: &mut Vec<(u64, Entry)>,
) -> Result<Option<usize>, &'static str> {
    let unreadable = "its cross-reference cannot be read ahead of the PDF library";
    let mut lexer = Lexer {
        pdf,
        at: offset.min(pdf.len()),
    };
    let trailer = match lexer.token() {
        Some(Token::Keyword(b"xref")) => table(&mut lexer, listed).ok_or(unreadable)?,
        Some(Token::Integer(_)) => stream(&mut lexer, listed)?,
        _ => return Err(unreadable),
    };
    // What lopdf decrypts is not what a reader shown no password sees; wattprint writes none.
    if only(&trailer, b"Encrypt")?.is_some() {
        return Err(
            "it is encrypted, and wattprint writes no encrypted report, so none is verified",
        );
    }
    match only(&trailer, b"Prev")? {
        None => Ok(None),
        Some(Value::Integer(prev)) => usize::try_from(*prev).map(Some).map_err(|_| unreadable),
        Some(_) => Err(unreadable),
    }
}

/// A table after `xref`: subsections of a first number and a count, each entry an offset, a
/// generation and `n` or `f`; then the trailer's dictionary.
fn table(lexer: &mut Lexer, listed: &mut Vec<(u64, Entry)>) -> Option<Vec<(Vec<u8>, Value)>> {
    loop {
        match lexer.token()? {
            Token::Keyword(b"trailer") => {
                return (lexer.token()? == Token::DictOpen)
                    .then(|| lexer.dictionary())
                    .flatten();
            }
            Token::Integer(first) => {
                let Token::Integer(count) = lexer.token()? else {
                    return None;
                };
                let (first, count) = (u64::try_from(first).ok()?, u64::try_from(count).ok()?);
                // Each entry takes at least six bytes ("0 0 n "): a count beyond what is left
                // of the file is no table.
                if count > u64::try_from(lexer.pdf.len().saturating_sub(lexer.at) / 6).ok()? {
                    return None;
                }
                for number in first..first.checked_add(count)? {
                    let (Token::Integer(offset), Token::Integer(_)) =
                        (lexer.token()?, lexer.token()?)
                    else {
                        return None;
                    };
                    match lexer.token()? {
                        Token::Keyword(b"n") => {
                            listed.push((number, Entry::Normal(u64::try_from(offset).ok()?)));
                            if listed.len() > most_objects(lexer.pdf) {
                                return None;
                            }
                        }
                        Token::Keyword(b"f") => {}
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
    }
}

/// A cross-reference stream after its object number: its dictionary, then its entries,
/// decoded as lopdf decodes them. Only what lopdf and this reader are known to read alike is
/// read (a review of 2026-12-03, helper 63, found five ways they differed): Flate or no
/// filter, a PNG predictor of rows filtered None, Sub or Up, an offset of at most 4 bytes
/// (lopdf keeps 32 bits), entries of types 0 to 2, every key once.
fn stream(
    lexer: &mut Lexer,
    listed: &mut Vec<(u64, Entry)>,
) -> Result<Vec<(Vec<u8>, Value)>, &'static str> {
    let unreadable = "its cross-reference stream cannot be read ahead of the PDF library";
    let header = (lexer.token(), lexer.token(), lexer.token());
    if !matches!(
        header,
        (
            Some(Token::Integer(_)),
            Some(Token::Keyword(b"obj")),
            Some(Token::DictOpen)
        )
    ) {
        return Err(unreadable);
    }
    let dict = lexer.dictionary().ok_or(unreadable)?;
    if lexer.token() != Some(Token::Keyword(b"stream")) {
        return Err(unreadable);
    }
    // The data begins after the end of line that follows `stream` (§7.3.8.1).
    let mut begin = lexer.at;
    if lexer.pdf.get(begin) == Some(&b'\r') {
        begin += 1;
    }
    if lexer.pdf.get(begin) == Some(&b'\n') {
        begin += 1;
    }
    let Some(Value::Integer(length)) = only(&dict, b"Length")? else {
        return Err("its cross-reference stream does not give its length as a number");
    };
    let end = usize::try_from(*length)
        .ok()
        .and_then(|l| begin.checked_add(l))
        .filter(|&end| end <= lexer.pdf.len())
        .ok_or(unreadable)?;
    let (widths, ranges) = fields(&dict)?;
    let row: usize = widths.iter().sum();
    let rows = ranges
        .iter()
        .try_fold(0u64, |sum, (_, n)| sum.checked_add(*n))
        .ok_or(unreadable)?;
    let predicted = predictor(&dict, row)?;
    // What the entries take decoded, one predictor byte a row beside their fields.
    let expected = usize::try_from(rows)
        .ok()
        .and_then(|r| r.checked_mul(row + usize::from(predicted)))
        .ok_or(unreadable)?;
    let data = decode(&lexer.pdf[begin..end], &dict, expected)?;
    let data = if predicted {
        unpredict(&data, row)?
    } else {
        data
    };
    let mut rows = data.chunks_exact(row);
    for (first, count) in ranges {
        for number in first..first.checked_add(count).ok_or(unreadable)? {
            let Some(fields) = rows.next() else {
                return Err(unreadable);
            };
            let field = |i: usize| -> u64 {
                let start: usize = widths[..i].iter().sum();
                fields[start..start + widths[i]]
                    .iter()
                    .fold(0, |n, &b| (n << 8) | u64::from(b))
            };
            // A type field of no bytes is type 1 (§7.5.8.2, Table 18).
            match if widths[0] == 0 { 1 } else { field(0) } {
                0 => {}
                1 => {
                    listed.push((number, Entry::Normal(field(1))));
                    // Refused as soon as there are more than the file can hold, not after
                    // millions (a review of 2026-12-03, helper 63: 8 million took seconds).
                    if listed.len() > most_objects(lexer.pdf) {
                        return Err(
                            "its cross-references list more objects than the file can hold",
                        );
                    }
                }
                2 => listed.push((number, Entry::Compressed)),
                _ => {
                    return Err(
                        "its cross-reference stream lists an entry of a type that does not exist, which PDF readers read differently",
                    );
                }
            }
        }
    }
    Ok(dict)
}

/// A range of object numbers a stream lists: its first and how many.
type Range = (u64, u64);

/// The widths of a stream's entry fields (`/W`) and the ranges of object numbers it lists
/// (`/Index`, else `/Size`), where this reader and lopdf read them alike.
fn fields(dict: &[(Vec<u8>, Value)]) -> Result<([usize; 3], Vec<Range>), &'static str> {
    let unreadable = "its cross-reference stream cannot be read ahead of the PDF library";
    let Some(Value::Integers(widths)) = only(dict, b"W")? else {
        return Err(unreadable);
    };
    let [kind_width, offset_width, generation_width] = widths.as_slice() else {
        return Err(unreadable);
    };
    let widths = [*kind_width, *offset_width, *generation_width];
    if !(0..=1).contains(&widths[0])
        || !(1..=4).contains(&widths[1])
        || !(0..=4).contains(&widths[2])
    {
        return Err(
            "its cross-reference stream gives fields of widths PDF readers read differently",
        );
    }
    let widths = widths.map(|w| usize::try_from(w).unwrap_or(0));
    let ranges = match (only(dict, b"Index")?, only(dict, b"Size")?) {
        (Some(Value::Integers(index)), _) if index.len() % 2 == 0 => index
            .chunks(2)
            .map(|p| Some((u64::try_from(p[0]).ok()?, u64::try_from(p[1]).ok()?)))
            .collect::<Option<Vec<_>>>()
            .ok_or(unreadable)?,
        (None, Some(Value::Integer(size))) => {
            vec![(0, u64::try_from(*size).map_err(|_| unreadable)?)]
        }
        _ => return Err(unreadable),
    };
    Ok((widths, ranges))
}

/// Whether the stream's entries carry a PNG predictor (`/Predictor` 10 to 15, with `/Columns`
/// the width of a row); any other predictor, or any other parameter (`/Colors`,
/// `/BitsPerComponent`, which lopdf reads into the width of a row), is not read here.
fn predictor(dict: &[(Vec<u8>, Value)], row: usize) -> Result<bool, &'static str> {
    let unreadable = "its cross-reference stream uses a predictor wattprint does not read";
    let Some(parms) = only(dict, b"DecodeParms")? else {
        return Ok(false);
    };
    let Value::Dictionary(parms) = parms else {
        return Err(unreadable);
    };
    if parms
        .iter()
        .any(|(k, _)| k.as_slice() != b"Predictor" && k.as_slice() != b"Columns")
    {
        return Err(unreadable);
    }
    match (only(parms, b"Predictor")?, only(parms, b"Columns")?) {
        (None | Some(Value::Integer(1)), None) => Ok(false),
        (Some(Value::Integer(10..=15)), Some(Value::Integer(columns)))
            if usize::try_from(*columns) == Ok(row) =>
        {
            Ok(true)
        }
        _ => Err(unreadable),
    }
}

/// The stream's bytes decoded: as they are, or inflated (`/FlateDecode`), to `expected` bytes
/// at most.
fn decode(raw: &[u8], dict: &[(Vec<u8>, Value)], expected: usize) -> Result<Vec<u8>, &'static str> {
    let flate = match only(dict, b"Filter")? {
        None => false,
        Some(Value::Name(name)) if name == b"FlateDecode" => true,
        Some(_) => {
            return Err("its cross-reference stream uses a compression wattprint does not read");
        }
    };
    if !flate {
        return Ok(raw.to_vec());
    }
    let mut out = Vec::new();
    let limit = u64::try_from(expected)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    flate2::read::ZlibDecoder::new(raw)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| "its cross-reference stream does not decompress")?;
    Ok(out)
}

/// Rows of `row` bytes, each after a PNG filter byte, decoded (RFC 2083 §6): None, Sub and Up,
/// one byte a pixel. Average and Paeth are refused: lopdf computes Average otherwise.
fn unpredict(data: &[u8], row: usize) -> Result<Vec<u8>, &'static str> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut above = vec![0u8; row];
    for line in data.chunks_exact(row + 1) {
        let (filter, bytes) = (line[0], &line[1..]);
        let mut current = vec![0u8; row];
        for i in 0..row {
            let left = if i > 0 { current[i - 1] } else { 0 };
            let predicted = match filter {
                0 => 0,
                1 => left,
                2 => above[i],
                _ => {
                    return Err(
                        "its cross-reference stream uses a PNG filter PDF readers decode differently",
                    );
                }
            };
            current[i] = bytes[i].wrapping_add(predicted);
        }
        out.extend_from_slice(&current);
        above = current;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// `%PDF-1.7` and objects 1 to 3, each `null`; their offsets.
    fn objects() -> (Vec<u8>, [u8; 3]) {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = [0u8; 3];
        for (i, offset) in offsets.iter_mut().enumerate() {
            *offset = u8::try_from(pdf.len()).unwrap();
            pdf.extend(format!("{} 0 obj\nnull\nendobj\n", i + 1).bytes());
        }
        (pdf, offsets)
    }

    /// The objects, then a cross-reference stream of `rows` (type, offset, generation at widths
    /// 1, 2, 1), compressed and with a PNG predictor ("Up") as asked; with its offset.
    fn with_stream(rows: &[[u8; 4]], compress: bool, predict: bool) -> (Vec<u8>, usize) {
        let mut data = Vec::new();
        let mut above = [0u8; 4];
        for row in rows {
            if predict {
                data.push(2);
                data.extend(row.iter().zip(above).map(|(b, a)| b.wrapping_sub(a)));
                above = *row;
            } else {
                data.extend_from_slice(row);
            }
        }
        let mut filter = String::new();
        if compress {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(&data).unwrap();
            data = encoder.finish().unwrap();
            filter.push_str(" /Filter /FlateDecode");
        }
        if predict {
            filter.push_str(" /DecodeParms << /Predictor 12 /Columns 4 >>");
        }
        let (mut pdf, _) = objects();
        let at = pdf.len();
        pdf.extend(
            format!(
                "9 0 obj\n<< /Type /XRef /Size {} /W [1 2 1]{filter} /Length {} >>\nstream\n",
                rows.len(),
                data.len()
            )
            .bytes(),
        );
        pdf.extend(data);
        pdf.extend(b"\nendstream\nendobj\n");
        (pdf, at)
    }

    #[test]
    fn a_stream_of_entries_is_read_as_written_however_encoded() {
        let (_, [a, b, c]) = objects();
        let distinct = [[0, 0, 0, 255], [1, 0, a, 0], [1, 0, b, 0], [1, 0, c, 0]];
        let shared = [[0, 0, 0, 255], [1, 0, a, 0], [1, 0, a, 0], [0, 0, 0, 0]];
        for (compress, predict) in [(false, false), (true, false), (true, true)] {
            let (pdf, at) = with_stream(&distinct, compress, predict);
            assert_eq!(read_ahead(&pdf, at, 100), Ok(()), "{compress} {predict}");
            let (pdf, at) = with_stream(&shared, compress, predict);
            assert_eq!(
                read_ahead(&pdf, at, 100),
                Err(SHARED_OFFSET),
                "{compress} {predict}"
            );
        }
        // Free entries and compressed objects (type 0 and 2) begin nowhere of their own.
        let free = [[0, 0, a, 0], [2, 0, a, 0], [1, 0, b, 0]];
        let (pdf, at) = with_stream(&free, true, true);
        assert_eq!(read_ahead(&pdf, at, 100), Ok(()));
        let (pdf, at) = with_stream(&distinct, true, false);
        assert!(read_ahead(&pdf, at, 2).is_err());
    }

    #[test]
    fn an_entry_points_at_its_own_objects_header() {
        let (_, [a, b, _]) = objects();
        // Object 1 listed at object 2's offset, or one byte before its own.
        for rows in [
            [[0, 0, 0, 255], [1, 0, b, 0]],
            [[0, 0, 0, 255], [1, 0, a - 1, 0]],
        ] {
            let (pdf, at) = with_stream(&rows, false, false);
            assert!(read_ahead(&pdf, at, 100).is_err(), "{rows:?}");
        }
        // A type that does not exist shifts lopdf's rows (review of 2026-12-03, helper 63).
        let (pdf, at) = with_stream(&[[0, 0, 0, 255], [3, 0, a, 0]], false, false);
        assert!(read_ahead(&pdf, at, 100).is_err());
    }

    #[test]
    fn a_table_and_the_sections_before_it_are_read_newest_first() {
        let (body, [a, b, _]) = objects();
        let body = String::from_utf8(body).unwrap();
        let older_at = body.len();
        let older = format!(
            "xref\n0 3\n0000000000 65535 f \n{a:010} 00000 n \n{b:010} 00000 n \ntrailer\n<< /Size 3 >>\n"
        );
        // The newer table lists object 2 again at the offset of object 1: the newer wins, so
        // two objects share it; listed again at its own offset, none do.
        for (again, shared) in [(a, true), (b, false)] {
            let newer = format!(
                "xref\n2 1\n{again:010} 00000 n \ntrailer\n<< /Size 3 /Prev {older_at} >>\n"
            );
            let pdf = format!("{body}{older}{newer}");
            let at = body.len() + older.len();
            assert_eq!(
                read_ahead(pdf.as_bytes(), at, 100),
                if shared { Err(SHARED_OFFSET) } else { Ok(()) },
                "{again}"
            );
        }
        // A newer free entry does not hide an older one in use: lopdf keeps no free entry.
        let newer =
            format!("xref\n2 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Prev {older_at} >>\n");
        let shadowed = format!(
            "{body}xref\n0 3\n0000000000 65535 f \n{a:010} 00000 n \n{a:010} 00000 n \ntrailer\n<< /Size 3 >>\n{newer}"
        );
        let at = shadowed.len() - newer.len();
        assert_eq!(read_ahead(shadowed.as_bytes(), at, 100), Err(SHARED_OFFSET));
        // A key written twice is read as its last copy by lopdf, as its first by others.
        let twice = format!("{body}{older}xref\n0 0\ntrailer\n<< /Prev {older_at} /Prev 0 >>\n");
        assert!(read_ahead(twice.as_bytes(), body.len() + older.len(), 100).is_err());
        // A count beyond what the file holds is no table.
        assert!(read_ahead(b"xref\n0 999999\n0000000000 65535 f \n", 0, 1 << 23).is_err());
    }

    #[test]
    fn what_is_not_read_here_is_said() {
        let (_, [a, _, _]) = objects();
        for (from, to) in [
            ("/W [1 2 1]", "/W [1 2 1] /Filter /LZWDecode"),
            (
                "/W [1 2 1]",
                "/W [1 2 1] /DecodeParms << /Predictor 12 /Columns 4 /Colors 2 >>",
            ),
            ("/W [1 2 1]", "/W [1 2 1] /W [1 2 1]"),
        ] {
            let (pdf, at) = with_stream(&[[1, 0, a, 0]], false, false);
            let text = String::from_utf8_lossy(&pdf).replace(from, to);
            assert!(read_ahead(text.as_bytes(), at, 100).is_err(), "{to}");
        }
        // Average and Paeth rows, which lopdf decodes otherwise.
        let (pdf, at) = with_stream(&[[1, 0, a, 0]], false, true);
        let mut pdf = pdf;
        let row = pdf.len() - b"\nendstream\nendobj\n".len() - 5;
        pdf[row] = 3;
        assert!(read_ahead(&pdf, at, 100).is_err());
        assert!(read_ahead(b"%PDF-1.7\njunk", 9, 100).is_err());
    }

    /// A PDF of one object stream whose index is `index` (ten bytes, before `null true`),
    /// listed by a table; with the table's offset.
    fn with_object_stream(index: &str) -> (Vec<u8>, usize) {
        let data = format!("{index}null true");
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let at = pdf.len();
        pdf.extend(
            format!(
                "1 0 obj\n<< /Type /ObjStm /N 2 /First 10 /Length {} >>\nstream\n{data}\nendstream\nendobj\n",
                data.len()
            )
            .bytes(),
        );
        let xref = pdf.len();
        pdf.extend(
            format!("xref\n0 2\n0000000000 65535 f \n{at:010} 00000 n \ntrailer\n<< /Size 2 >>\n")
                .bytes(),
        );
        (pdf, xref)
    }

    #[test]
    fn an_object_streams_index_rises_through_its_objects() {
        let (pdf, at) = with_object_stream("10 0 11 5 ");
        assert_eq!(read_ahead(&pdf, at, 100), Ok(()));
        // One object listed twice, or an offset at white space, which lopdf would skip once
        // for each (review of 2026-12-03, helper 64).
        for index in ["10 0 11 0 ", "10 0 11 4 ", "10 5 11 0 "] {
            let (pdf, at) = with_object_stream(index);
            assert!(read_ahead(&pdf, at, 100).is_err(), "{index}");
        }
    }
}
