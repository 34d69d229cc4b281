//! The encodings of the browser's search files: posting lists as bytes, and the packed
//! container most files use (raw deflate, then seven-bit text, inside a script that
//! registers it).
//!
//! Input: postings read back from the index, JSON values and bytes. Output: bytes, and
//! [`ExportFile`]s `search/<name>.js` holding `NotesiteSearch.add("<name>", ...)`.
//!
//! A packed file's data is the [`to_text`] text of raw deflate (RFC 1951) of: a 4-byte
//! little-endian length `n`, `n` bytes of UTF-8 JSON (none when `n` is 0), then binary data.
//! Browsers inflate it with their built-in `DecompressionStream("deflate-raw")`, so the
//! runtime has no decompressor of its own. The files are loaded by `<script>` tags (so that
//! search works from `file://`, where `fetch` does not) and counted in raw bytes, so the
//! text carries seven bits a byte: 8 characters per 7 bytes, where Z85 took 10 and base64
//! almost 11.
//!
//! A posting list stores doc ids, term frequencies and fieldnorm ids in one of three
//! layouts ([`PostingsLayout`]), chosen by how many of the index's documents it holds.

use crate::ExportFile;
use serde_json::Value;

/// One posting: doc id, term frequency, fieldnorm id.
pub type Posting = (u32, u32, u8);

/// The layout of a posting list, chosen by its density: the share of all `docs` documents
/// it holds (`df / docs`), which the decoder knows too, so no byte says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingsLayout {
    /// Under 1 in 12: doc id deltas, then term frequencies (varints), then fieldnorm ids.
    Runs,
    /// 1 in 12 to 1 in 5: a varint per posting of `delta * 4 + min(tf, 4) - 1`, then
    /// `tf - 4` (varints) of the postings whose code said 4 or more, then fieldnorm ids.
    Joint,
    /// 1 in 5 or more: the first doc id (varint), then two bits per document from it on,
    /// four to a byte, low bits first (0: absent, 1 or 2: tf, 3: tf of 3 or more), ending
    /// with the byte of the last posting; then `tf - 3` (varints) of the postings coded 3,
    /// then fieldnorm ids.
    Dense,
}

impl PostingsLayout {
    /// The layout of a list of `df` postings in an index of `docs` documents.
    pub fn of(df: usize, docs: usize) -> PostingsLayout {
        if df * 5 >= docs {
            PostingsLayout::Dense
        } else if df * 12 >= docs {
            PostingsLayout::Joint
        } else {
            PostingsLayout::Runs
        }
    }
}

/// The bytes of a posting list (doc ids ascending) in an index of `docs` documents, in the
/// [`PostingsLayout`] its density selects. Deflate codes each byte value by its frequency, so
/// keeping like values together (and, in a dense list, a document's presence and term
/// frequency in one symbol) lets it reach close to their entropy
/// (figures: bench/decisions.md#first-query-bytes).
pub fn encode_postings(postings: &[Posting], docs: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 3);
    match PostingsLayout::of(postings.len(), docs) {
        PostingsLayout::Runs => {
            let mut previous = 0;
            for &(doc, _, _) in postings {
                push_varint(&mut out, u64::from(doc - previous));
                previous = doc;
            }
            for &(_, tf, _) in postings {
                push_varint(&mut out, u64::from(tf));
            }
        }
        PostingsLayout::Joint => {
            let mut previous = 0;
            for &(doc, tf, _) in postings {
                let code = u64::from(tf.clamp(1, 4) - 1);
                push_varint(&mut out, u64::from(doc - previous) * 4 + code);
                previous = doc;
            }
            for &(_, tf, _) in postings.iter().filter(|p| p.1 >= 4) {
                push_varint(&mut out, u64::from(tf - 4));
            }
        }
        PostingsLayout::Dense => {
            let first = postings.first().map_or(0, |p| p.0);
            push_varint(&mut out, u64::from(first));
            let start = out.len();
            for &(doc, tf, _) in postings {
                let at = (doc - first) as usize;
                if start + at / 4 >= out.len() {
                    out.resize(start + at / 4 + 1, 0);
                }
                out[start + at / 4] |= (tf.clamp(1, 3) as u8) << (2 * (at % 4));
            }
            for &(_, tf, _) in postings.iter().filter(|p| p.1 >= 3) {
                push_varint(&mut out, u64::from(tf - 3));
            }
        }
    }
    out.extend(postings.iter().map(|&(_, _, norm)| norm));
    out
}

/// Decode a posting list of `df` documents in an index of `docs` documents (the inverse of
/// [`encode_postings`]).
pub fn decode_postings(bytes: &[u8], df: usize, docs: usize) -> Option<Vec<Posting>> {
    let mut at = 0;
    let mut ids = Vec::with_capacity(df);
    let mut tfs = Vec::with_capacity(df);
    let narrow = |v: u64| u32::try_from(v).ok();
    match PostingsLayout::of(df, docs) {
        PostingsLayout::Runs => {
            let mut doc = 0u32;
            for _ in 0..df {
                doc = doc.checked_add(narrow(read_varint(bytes, &mut at)?)?)?;
                ids.push(doc);
            }
            for _ in 0..df {
                tfs.push(narrow(read_varint(bytes, &mut at)?)?);
            }
        }
        PostingsLayout::Joint => {
            let mut doc = 0u32;
            for _ in 0..df {
                let value = read_varint(bytes, &mut at)?;
                doc = doc.checked_add(narrow(value / 4)?)?;
                ids.push(doc);
                tfs.push(narrow(value % 4 + 1)?);
            }
            for tf in tfs.iter_mut().filter(|tf| **tf == 4) {
                *tf += narrow(read_varint(bytes, &mut at)?)?;
            }
        }
        PostingsLayout::Dense => {
            let first = narrow(read_varint(bytes, &mut at)?)?;
            let mut doc = first;
            while ids.len() < df {
                let byte = *bytes.get(at)?;
                at += 1;
                for shift in [0, 2, 4, 6] {
                    let code = (byte >> shift) & 3;
                    if code != 0 && ids.len() < df {
                        ids.push(doc);
                        tfs.push(u32::from(code));
                    }
                    doc = doc.checked_add(1)?;
                }
            }
            for tf in tfs.iter_mut().filter(|tf| **tf == 3) {
                *tf += narrow(read_varint(bytes, &mut at)?)?;
            }
        }
    }
    let norms = bytes.get(at..at + df)?;
    Some(
        ids.into_iter()
            .zip(tfs)
            .zip(norms)
            .map(|((d, t), &n)| (d, t, n))
            .collect(),
    )
}

/// The [`to_text`] text of a packed container of `json` and `binary`, deflated at `level`
/// (0–9); `filtered` selects zlib's filtered strategy (fewer, longer string matches).
pub fn pack(json: Option<&Value>, binary: &[u8], level: u32, filtered: bool) -> String {
    let json = json.map_or_else(Vec::new, |v| {
        serde_json::to_vec(v).expect("plain data serializes")
    });
    let mut raw = Vec::with_capacity(4 + json.len() + binary.len());
    raw.extend_from_slice(&(json.len() as u32).to_le_bytes());
    raw.extend_from_slice(&json);
    raw.extend_from_slice(binary);
    to_text(&deflate(&raw, level, filtered))
}

/// Raw deflate (no zlib header: window bits -15) of `raw`.
///
/// Each thread keeps one compressor per (level, strategy) and resets it between files:
/// making a new one allocates and clears a few hundred kilobytes of tables, which for the
/// ~20,000 small files of a 10,000-note site took longer than compressing them
/// (bench/issue18-2026-12-07.md). A reset compressor writes the same bytes as a new one.
fn deflate(raw: &[u8], level: u32, filtered: bool) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<((u32, bool), zlib_rs::Deflate)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let level = level.min(9);
    COMPRESSORS.with_borrow_mut(|compressors| {
        let at = match compressors
            .iter()
            .position(|(key, _)| *key == (level, filtered))
        {
            Some(at) => at,
            None => {
                let config = zlib_rs::DeflateConfig {
                    level: level as i32,
                    window_bits: -15,
                    strategy: if filtered {
                        zlib_rs::Strategy::Filtered
                    } else {
                        zlib_rs::Strategy::Default
                    },
                    ..zlib_rs::DeflateConfig::default()
                };
                compressors.push(((level, filtered), zlib_rs::Deflate::new_with_config(config)));
                compressors.len() - 1
            }
        };
        let compressor = &mut compressors[at].1;
        compressor.reset();
        let mut out = vec![0; zlib_rs::compress_bound(raw.len())];
        let status = compressor
            .compress(raw, &mut out, zlib_rs::DeflateFlush::Finish)
            .expect("deflating to memory");
        assert_eq!(status, zlib_rs::Status::StreamEnd, "deflating to memory");
        out.truncate(compressor.total_out() as usize);
        out
    })
}

/// The seven-bit values that cannot stand for themselves in a JavaScript string between
/// double quotes: NUL (kept out of text files), line feed, carriage return, `"` and `\\`.
const ESCAPED: [u8; 5] = [0, b'\n', b'\r', b'"', b'\\'];

/// Each seven-bit value's place in [`ESCAPED`] plus one, or 0.
const ESCAPE_PLACE: [u8; 128] = {
    let mut places = [0; 128];
    let mut i = 0;
    while i < ESCAPED.len() {
        places[ESCAPED[i] as usize] = i as u8 + 1;
        i += 1;
    }
    places
};

/// Text of `bytes` for a double-quoted JavaScript string, 8 bytes in 7 characters or so
/// (Z85 would take 10, base64 almost 11): a digit, then the bits of `bytes`, most
/// significant first, in groups of seven (the last padded with zeros), each group the ASCII
/// character of its value, except the five of [`ESCAPED`]: such a group and the one after it
/// (zero at the end) are one character, `0x80 + 128 * (its place in ESCAPED) + next`
/// (below U+0300: two bytes of UTF-8, so 14 bits in 2 bytes like the others). The digit is
/// how many bytes the groups hold beyond `bytes` (0 or 1, from that extra group).
///
/// The text holds control characters (tab, escape, ...): legal in a JavaScript string, and
/// the price of the eighth bit (an alphabet of the 94 printable characters carries at most
/// 6.55 bits a byte). Nothing but this data is written this way; what it carries is JSON.
pub fn to_text(bytes: &[u8]) -> String {
    // Group `i` is bits 7i..7i+7 of `bytes`: it starts in byte 7i/8, and ends there or in the
    // next one (zeros past the end).
    let group = |i: usize| {
        let bit = i * 7;
        let high = u16::from(bytes[bit / 8]) << 8;
        let low = u16::from(bytes.get(bit / 8 + 1).copied().unwrap_or(0));
        (((high | low) >> (9 - bit % 8)) & 0x7f) as u8
    };
    let groups = (bytes.len() * 8).div_ceil(7);
    let mut out = Vec::with_capacity(groups + groups / 16 + 2);
    out.push(b'0');
    let mut i = 0;
    while i < groups {
        let value = group(i);
        match ESCAPE_PLACE[usize::from(value)] {
            0 => {
                out.push(value);
                i += 1;
            }
            place => {
                let next = if i + 1 < groups { group(i + 1) } else { 0 };
                let code = 0x80 + 128 * u16::from(place - 1) + u16::from(next);
                // Two bytes of UTF-8: 110xxxxx 10xxxxxx.
                out.push(0xc0 | (code >> 6) as u8);
                out.push(0x80 | (code & 0x3f) as u8);
                i += 2;
            }
        }
    }
    out[0] = b'0' + (i * 7 / 8 - bytes.len()) as u8;
    String::from_utf8(out).expect("ASCII and two-byte characters")
}

/// The bytes of [`to_text`] text.
pub fn from_text(text: &str) -> Option<Vec<u8>> {
    let mut chars = text.chars();
    let extra = chars.next()?.to_digit(10)? as usize;
    let mut out = Vec::with_capacity(text.len() * 7 / 8);
    let (mut acc, mut bits) = (0u32, 0);
    let mut push = |group: u32| {
        acc = (acc << 7) | group;
        bits += 7;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    };
    for c in chars {
        let code = u32::from(c);
        if code < 0x80 {
            if ESCAPED.contains(&(code as u8)) {
                return None;
            }
            push(code);
        } else {
            let place = (code - 0x80) / 128;
            push(u32::from(*ESCAPED.get(place as usize)?));
            push((code - 0x80) % 128);
        }
    }
    out.truncate(out.len().checked_sub(extra)?);
    Some(out)
}

/// The JSON and binary parts of a packed container (the inverse of [`pack`]), for tests.
pub fn unpack(packed: &str) -> Option<(Option<Value>, Vec<u8>)> {
    use std::io::Read;
    let deflated = from_text(packed)?;
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(&deflated[..])
        .read_to_end(&mut raw)
        .ok()?;
    let length = u32::from_le_bytes(raw.get(..4)?.try_into().ok()?) as usize;
    let json = raw.get(4..4 + length)?;
    let json = if length == 0 {
        None
    } else {
        Some(serde_json::from_slice(json).ok()?)
    };
    Some((json, raw[4 + length..].to_vec()))
}

/// A packed file: a UTF-8 byte order mark, then `NotesiteSearch.add("d/3","<text>");`.
pub fn packed_script(
    name: &str,
    json: Option<&Value>,
    binary: &[u8],
    level: u32,
    filtered: bool,
) -> ExportFile {
    // The text needs no escaping in a JavaScript string (and `<` is harmless in a script
    // file); it holds control characters, so it is not JSON. Its few characters from U+0080
    // must be read as UTF-8: a browser decodes a script in the encoding of the page that
    // loads it unless the file starts with a byte order mark, and a page without a
    // `<meta charset>` is windows-1252 (3 bytes a file, against any page and any loader).
    let text = format!(
        "\u{feff}NotesiteSearch.add({name:?},\"{}\");\n",
        pack(json, binary, level, filtered)
    );
    ExportFile {
        path: format!("search/{name}.js"),
        bytes: text.into_bytes(),
    }
}

/// A plain file that registers `data` under `name`: `NotesiteSearch.add("manifest",{...});`.
pub fn script(name: &str, data: &Value) -> ExportFile {
    let json = serde_json::to_string(data)
        .expect("plain data serializes")
        .replace('<', "\\u003c");
    ExportFile {
        path: format!("search/{name}.js"),
        bytes: format!("NotesiteSearch.add({name:?},{json});\n").into_bytes(),
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_carries_seven_bits_a_character_and_round_trips() {
        // 0xfe 0x02: groups 1111111 0000000 10(00000): 0 is escaped with the group after it.
        assert_eq!(to_text(&[0xfe, 0x02]), "0\u{7f}\u{c0}");
        // 0x7f 0xfc: groups 0111111 1111111 00(00000): the last group, escaped, takes a zero
        // group along, and with it a byte that is not there (the leading 1).
        assert_eq!(to_text(&[0x7f, 0xfc]), "1?\u{7f}\u{80}");
        let mut all: Vec<u8> = (0..=255).collect();
        all.extend((0..=255).rev());
        for bytes in [
            &b""[..],
            b"a",
            b"ab",
            b"abcdefg",
            b"abcdefgh",
            &[0; 9],
            &[0xff; 7],
            &[b'"'; 8],
            &[b'\\'; 15],
            &all,
        ] {
            let text = to_text(bytes);
            assert!(!text.contains(['"', '\\', '\n', '\r', '\0']), "{text:?}");
            assert!(text.chars().all(|c| u32::from(c) < 0x300));
            assert!(
                text.len() <= 1 + bytes.len().div_ceil(7) * 8 + 2,
                "{}",
                text.len()
            );
            assert_eq!(from_text(&text).unwrap(), bytes);
        }
        assert_eq!(
            to_text(&[0x7f, 0xfc]).len(),
            5,
            "two bytes of UTF-8 for the last"
        );
        assert_eq!(from_text("0a\\"), None);
        assert_eq!(from_text("0\u{300}"), None);
        assert_eq!(from_text(""), None);
    }

    #[test]
    fn varints_use_seven_bits_a_byte() {
        let mut out = Vec::new();
        push_varint(&mut out, 5);
        push_varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }

    #[test]
    fn sparse_postings_are_deltas_then_frequencies_then_norms() {
        let postings = [(3, 1, 9), (5, 2, 30), (300, 1, 7)];
        assert_eq!(PostingsLayout::of(3, 1000), PostingsLayout::Runs);
        let bytes = encode_postings(&postings, 1000);
        assert_eq!(bytes, [3, 2, 0xa7, 0x02, 1, 2, 1, 9, 30, 7]);
        assert_eq!(decode_postings(&bytes, 3, 1000).unwrap(), postings);
        assert_eq!(decode_postings(&bytes[..9], 3, 1000), None);
    }

    #[test]
    fn middling_postings_join_each_delta_with_its_frequency() {
        let postings = [(3, 1, 9), (5, 2, 30), (6, 4, 30), (40, 9, 7)];
        assert_eq!(PostingsLayout::of(4, 48), PostingsLayout::Joint);
        let bytes = encode_postings(&postings, 48);
        // 3*4+0, 2*4+1, 1*4+3, 34*4+3 (two bytes), then 4-4 and 9-4, then the norms.
        assert_eq!(bytes, [12, 9, 7, 0x8b, 0x01, 0, 5, 9, 30, 30, 7]);
        assert_eq!(decode_postings(&bytes, 4, 48).unwrap(), postings);
        assert_eq!(decode_postings(&bytes[..10], 4, 48), None);
    }

    #[test]
    fn dense_postings_take_two_bits_a_document() {
        let postings = [(2, 1, 9), (3, 2, 30), (4, 3, 30), (9, 7, 31)];
        assert_eq!(PostingsLayout::of(4, 20), PostingsLayout::Dense);
        let bytes = encode_postings(&postings, 20);
        // From doc 2: 1, 2, 3, 0 | 0, 0, 0, 3 (doc 9); then 3-3 and 7-3, then the norms.
        assert_eq!(
            bytes,
            [2, 0b00_11_10_01, 0b11_00_00_00, 0, 4, 9, 30, 30, 31]
        );
        assert_eq!(decode_postings(&bytes, 4, 20).unwrap(), postings);
        assert_eq!(decode_postings(&bytes[..8], 4, 20), None);
        // Every document, one with a large frequency, from doc 0.
        let all: Vec<Posting> = (0..10)
            .map(|d| (d, if d == 5 { 300 } else { 1 }, 3))
            .collect();
        let bytes = encode_postings(&all, 10);
        assert_eq!(decode_postings(&bytes, 10, 10).unwrap(), all);
    }

    #[test]
    fn every_layout_round_trips_lists_of_any_density() {
        // A fixed pseudo-random sequence (xorshift), so a failure can be replayed.
        let mut state = 0x2545_f491_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for docs in [1usize, 7, 100, 5000] {
            for keep in [1, 3, 6, 10, 20, 100] {
                let mut postings: Vec<Posting> = Vec::new();
                for d in 0..docs as u32 {
                    if next(100) < keep {
                        let tf = 1 + next(4).pow(next(4) as u32) as u32;
                        postings.push((d, tf, next(256) as u8));
                    }
                }
                let bytes = encode_postings(&postings, docs);
                let decoded = decode_postings(&bytes, postings.len(), docs);
                assert_eq!(decoded.unwrap(), postings, "{docs} docs, {keep} %");
            }
        }
    }

    #[test]
    fn packed_containers_round_trip() {
        let value = json!({"terms": [["bedrock", [[0, 2, [0, 4]]]]]});
        for level in [1, 6, 7] {
            for filtered in [false, true] {
                let packed = pack(Some(&value), &[1, 2, 3], level, filtered);
                assert_eq!(
                    unpack(&packed).unwrap(),
                    (Some(value.clone()), vec![1, 2, 3])
                );
                let packed = pack(None, &[7], level, filtered);
                assert_eq!(unpack(&packed).unwrap(), (None, vec![7]));
            }
        }
    }
}
