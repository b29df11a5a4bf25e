//! The cross-reference sections of a PDF read ahead of lopdf, which parses the object at the
//! offset of every entry in use, once for each entry: a cross-reference stream of a few
//! kilobytes can list a million entries at one offset (an attack of 2026-12-03 ran `verify`
//! into its five-minute watchdog), and no two objects of a PDF begin at one byte. The sections
//! are read as lopdf reads them: from the last `startxref`, each `/Prev` after it, the newest
//! entry of an object number winning (ISO 32000-1 §7.5.4, §7.5.6, §7.5.8).

use std::collections::{BTreeMap, HashSet};
use std::io::Read as _;

use super::{Lexer, Token, Value};

/// Most sections followed through `/Prev`: incremental updates, one each.
const MAX_SECTIONS: usize = 1024;

/// Where `pdf`'s entries in use, as the cross-reference sections from `start` (the last
/// `startxref`) list them, put two objects at one offset: `Ok(true)`; the reason when the
/// sections cannot be read here, which lopdf's reading of them would then not be known to
/// agree with, or when they say the file is encrypted.
///
/// # Errors
/// A sentence saying what cannot be read.
pub fn shared_offset(pdf: &[u8], start: usize, max_entries: i64) -> Result<bool, &'static str> {
    // Object number → (in use, offset): the first seen, from the newest section, wins.
    let mut entries: BTreeMap<u64, Option<u64>> = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut at = Some(start);
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
            entries.entry(number).or_insert(entry);
        }
        if i64::try_from(entries.len()).map_or(true, |n| n > max_entries) {
            return Err("its cross-references list more entries than a PDF may hold");
        }
    }
    let mut offsets = HashSet::new();
    Ok(!entries
        .values()
        .flatten()
        .all(|offset| offsets.insert(*offset)))
}

/// Reads the section at `offset` into `listed` (object number, offset of one in use); returns
/// the offset of the previous section, if any.
fn section(
    pdf: &[u8],
    offset: usize,
    listed: &mut Vec<(u64, Option<u64>)>,
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
    if get(&trailer, b"Encrypt").is_some() {
        return Err(
            "it is encrypted, and wattprint writes no encrypted report, so none is verified",
        );
    }
    match get(&trailer, b"Prev") {
        None => Ok(None),
        Some(Value::Integer(prev)) => usize::try_from(*prev).map(Some).map_err(|_| unreadable),
        Some(_) => Err(unreadable),
    }
}

fn get<'a>(entries: &'a [(Vec<u8>, Value)], key: &[u8]) -> Option<&'a Value> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A table after `xref`: subsections of a first number and a count, each entry an offset, a
/// generation and `n` or `f`; then the trailer's dictionary.
fn table(lexer: &mut Lexer, listed: &mut Vec<(u64, Option<u64>)>) -> Option<Vec<(Vec<u8>, Value)>> {
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
                    let used = match lexer.token()? {
                        Token::Keyword(b"n") => Some(u64::try_from(offset).ok()?),
                        Token::Keyword(b"f") => None,
                        _ => return None,
                    };
                    listed.push((number, used));
                }
            }
            _ => return None,
        }
    }
}

/// A cross-reference stream after its object number: its dictionary, then its entries,
/// decoded as lopdf decodes them (Flate, with or without a PNG predictor; no other filter).
fn stream(
    lexer: &mut Lexer,
    listed: &mut Vec<(u64, Option<u64>)>,
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
    let Some(Value::Integer(length)) = get(&dict, b"Length") else {
        return Err("its cross-reference stream does not give its length as a number");
    };
    let end = usize::try_from(*length)
        .ok()
        .and_then(|l| begin.checked_add(l))
        .filter(|&end| end <= lexer.pdf.len())
        .ok_or(unreadable)?;
    let Some(Value::Integers(widths)) = get(&dict, b"W") else {
        return Err(unreadable);
    };
    let widths: Vec<usize> = widths
        .iter()
        .map(|&w| usize::try_from(w).ok().filter(|&w| w <= 8))
        .collect::<Option<_>>()
        .filter(|w: &Vec<usize>| w.len() == 3)
        .ok_or(unreadable)?;
    let row: usize = widths.iter().sum();
    let ranges = match (get(&dict, b"Index"), get(&dict, b"Size")) {
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
    let rows: u64 = ranges.iter().map(|(_, n)| n).sum();
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
    let mut rows = data.chunks_exact(row.max(1));
    for (first, count) in ranges {
        for number in first..first.saturating_add(count) {
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
            let kind = if widths[0] == 0 { 1 } else { field(0) };
            listed.push((number, (kind == 1).then(|| field(1))));
        }
    }
    Ok(dict)
}

/// Whether the stream's entries carry a PNG predictor (`/Predictor` 10 to 15, with `/Columns`
/// the width of a row); any other predictor is not read here.
fn predictor(dict: &[(Vec<u8>, Value)], row: usize) -> Result<bool, &'static str> {
    let unreadable = "its cross-reference stream uses a predictor wattprint does not read";
    let Some(parms) = get(dict, b"DecodeParms") else {
        return Ok(false);
    };
    let Value::Dictionary(parms) = parms else {
        return Err(unreadable);
    };
    match (get(parms, b"Predictor"), get(parms, b"Columns")) {
        (None | Some(Value::Integer(1)), _) => Ok(false),
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
    let flate = match get(dict, b"Filter") {
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

/// Rows of `row` bytes, each after a PNG filter byte, decoded (RFC 2083 §6: None, Sub, Up,
/// Average, Paeth; one byte a pixel).
fn unpredict(data: &[u8], row: usize) -> Result<Vec<u8>, &'static str> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut above = vec![0u8; row];
    for line in data.chunks_exact(row + 1) {
        let (filter, bytes) = (line[0], &line[1..]);
        let mut current = vec![0u8; row];
        for i in 0..row {
            let left = if i > 0 { current[i - 1] } else { 0 };
            let up = above[i];
            let corner = if i > 0 { above[i - 1] } else { 0 };
            let predicted = match filter {
                0 => 0,
                1 => left,
                2 => up,
                3 => u8::midpoint(left, up),
                4 => paeth(left, up, corner),
                _ => {
                    return Err("its cross-reference stream uses a PNG filter that does not exist");
                }
            };
            current[i] = bytes[i].wrapping_add(predicted);
        }
        out.extend_from_slice(&current);
        above = current;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A PDF whose only section is a cross-reference stream of `rows` (type, offset, generation
    /// at widths 1, 2, 1) at offset 9, compressed and with a PNG predictor as asked.
    fn with_stream(rows: &[[u8; 4]], compress: bool, predict: bool) -> Vec<u8> {
        let mut data = Vec::new();
        let mut above = [0u8; 4];
        for row in rows {
            if predict {
                // PNG "Up": each byte less the one above it.
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
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend(
            format!(
                "5 0 obj\n<< /Type /XRef /Size {} /W [1 2 1]{filter} /Length {} >>\nstream\n",
                rows.len(),
                data.len()
            )
            .bytes(),
        );
        pdf.extend(data);
        pdf.extend(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn a_stream_of_entries_is_read_as_written_however_encoded() {
        let distinct = [[0, 0, 0, 255], [1, 0, 20, 0], [1, 1, 4, 0], [2, 0, 5, 0]];
        let shared = [[0, 0, 0, 255], [1, 0, 20, 0], [1, 0, 20, 0], [0, 0, 0, 0]];
        for (compress, predict) in [(false, false), (true, false), (true, true)] {
            let pdf = with_stream(&distinct, compress, predict);
            assert_eq!(
                shared_offset(&pdf, 9, 100),
                Ok(false),
                "{compress} {predict}"
            );
            let pdf = with_stream(&shared, compress, predict);
            assert_eq!(
                shared_offset(&pdf, 9, 100),
                Ok(true),
                "{compress} {predict}"
            );
        }
        // Free entries and compressed objects (type 0 and 2) begin nowhere of their own.
        let free = [[0, 0, 20, 0], [2, 0, 20, 0], [1, 0, 20, 0]];
        assert_eq!(
            shared_offset(&with_stream(&free, true, true), 9, 100),
            Ok(false)
        );
        assert!(shared_offset(&with_stream(&distinct, true, false), 9, 2).is_err());
    }

    #[test]
    fn a_table_and_the_sections_before_it_are_read_newest_first() {
        // The newer table lists object 2 again at the offset of object 1: the newer wins, so
        // two objects share it; listed again at its own offset, none do.
        let older = "xref\n0 3\n0000000000 65535 f \n0000000020 00000 n \n0000000040 00000 n \ntrailer\n<< /Size 3 >>\n";
        for (again, shared) in [(20, true), (40, false)] {
            let newer =
                format!("xref\n2 1\n{again:010} 00000 n \ntrailer\n<< /Size 3 /Prev 0 >>\n");
            let pdf = format!("{older}{newer}");
            assert_eq!(
                shared_offset(pdf.as_bytes(), older.len(), 100),
                Ok(shared),
                "{again}"
            );
        }
        // A count beyond what the file holds is no table.
        assert!(shared_offset(b"xref\n0 999999\n0000000000 65535 f \n", 0, 1 << 23).is_err());
    }

    #[test]
    fn what_is_not_read_here_is_said() {
        let mut pdf = with_stream(&[[1, 0, 20, 0]], false, false);
        let text =
            String::from_utf8_lossy(&pdf).replace("/W [1 2 1]", "/W [1 2 1] /Filter /LZWDecode");
        pdf = text.into_bytes();
        assert!(shared_offset(&pdf, 9, 100).is_err());
        assert!(shared_offset(b"%PDF-1.7\njunk", 9, 100).is_err());
    }
}
