//! The encodings of the browser's search files: posting lists as bytes, and the packed
//! container most files use (raw deflate, then Z85 text, inside a script that registers it).
//!
//! Input: postings read back from the index, JSON values and bytes. Output: bytes, and
//! [`ExportFile`]s `search/<name>.js` holding `NotesiteSearch.add("<name>", ...)`.
//!
//! A packed file's data is the [`z85`] text of raw deflate (RFC 1951) of: a 4-byte
//! little-endian length `n`, `n` bytes of UTF-8 JSON (none when `n` is 0), then binary data.
//! Browsers inflate it with their built-in `DecompressionStream("deflate-raw")`, so the
//! runtime has no decompressor of its own; Z85 keeps it a plain string in a classic script
//! at 5 characters per 4 bytes (base64 takes 5.33).
//!
//! A posting list of `df` documents is three runs, each `df` long: the doc id deltas
//! (LEB128 varints; the first is the doc id itself), the term frequencies (varints), then the
//! fieldnorm ids (one byte each). Keeping like values together lets deflate find their
//! repetitions (most term frequencies are 1).

use crate::ExportFile;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde_json::Value;
use std::io::Write;

/// One posting: doc id, term frequency, fieldnorm id.
pub type Posting = (u32, u32, u8);

/// The bytes of a posting list (doc ids ascending), in the three-run layout.
pub fn encode_postings(postings: &[Posting]) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 3);
    let mut previous = 0;
    for &(doc, _, _) in postings {
        push_varint(&mut out, doc - previous);
        previous = doc;
    }
    for &(_, tf, _) in postings {
        push_varint(&mut out, tf);
    }
    out.extend(postings.iter().map(|&(_, _, norm)| norm));
    out
}

/// Decode a posting list of `df` documents (the inverse of [`encode_postings`]).
pub fn decode_postings(bytes: &[u8], df: usize) -> Option<Vec<Posting>> {
    let mut at = 0;
    let mut docs = Vec::with_capacity(df);
    let mut doc = 0u32;
    for _ in 0..df {
        doc += read_varint(bytes, &mut at)?;
        docs.push(doc);
    }
    let mut tfs = Vec::with_capacity(df);
    for _ in 0..df {
        tfs.push(read_varint(bytes, &mut at)?);
    }
    let norms = bytes.get(at..at + df)?;
    Some(
        docs.into_iter()
            .zip(tfs)
            .zip(norms)
            .map(|((d, t), &n)| (d, t, n))
            .collect(),
    )
}

/// The Z85 text of a packed container of `json` and `binary`, deflated at `level` (0–9).
pub fn pack(json: Option<&Value>, binary: &[u8], level: u32) -> String {
    let json = json.map_or_else(Vec::new, |v| {
        serde_json::to_vec(v).expect("plain data serializes")
    });
    let mut raw = Vec::with_capacity(4 + json.len() + binary.len());
    raw.extend_from_slice(&(json.len() as u32).to_le_bytes());
    raw.extend_from_slice(&json);
    raw.extend_from_slice(binary);
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(level));
    encoder.write_all(&raw).expect("writing to memory");
    z85(&encoder.finish().expect("writing to memory"))
}

/// The ZeroMQ Z85 alphabet: no quote, backslash or space, so it needs no escaping in a
/// JavaScript string.
const Z85: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Z85 text of `bytes`: a digit saying how many zero bytes pad the end to a multiple of 4,
/// then 5 characters per 4 bytes (big-endian base 85).
pub fn z85(bytes: &[u8]) -> String {
    let pad = (4 - bytes.len() % 4) % 4;
    let mut out = String::with_capacity(1 + (bytes.len() + pad) / 4 * 5);
    out.push(char::from(b'0' + pad as u8));
    for chunk in bytes.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut value = u32::from_be_bytes(word);
        let mut group = [0u8; 5];
        for digit in group.iter_mut().rev() {
            *digit = Z85[(value % 85) as usize];
            value /= 85;
        }
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out
}

/// The bytes of [`z85`] text.
pub fn from_z85(text: &str) -> Option<Vec<u8>> {
    let (pad, groups) = text.split_at_checked(1)?;
    let pad = usize::from(pad.as_bytes()[0].checked_sub(b'0')?);
    if pad > 3 || groups.len() % 5 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(groups.len() / 5 * 4);
    for group in groups.as_bytes().chunks(5) {
        let mut value = 0u64;
        for &c in group {
            value = value * 85 + Z85.iter().position(|&z| z == c)? as u64;
        }
        out.extend_from_slice(&u32::try_from(value).ok()?.to_be_bytes());
    }
    out.truncate(out.len().checked_sub(pad)?);
    Some(out)
}

/// The JSON and binary parts of a packed container (the inverse of [`pack`]), for tests.
pub fn unpack(packed: &str) -> Option<(Option<Value>, Vec<u8>)> {
    use std::io::Read;
    let deflated = from_z85(packed)?;
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

/// A packed file: `NotesiteSearch.add("d/3","<z85>");`.
pub fn packed_script(name: &str, json: Option<&Value>, binary: &[u8], level: u32) -> ExportFile {
    // Z85 needs no escaping in a JavaScript string (and `<` is harmless in a script file).
    let text = format!(
        "NotesiteSearch.add({name:?},\"{}\");\n",
        pack(json, binary, level)
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

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
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
    fn z85_matches_the_zeromq_test_vector_and_round_trips() {
        // The specification's example: 0x86 0x4F 0xD2 0x6F 0xB5 0x59 0xF7 0x5B is "HelloWorld".
        let hello = [0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b];
        assert_eq!(z85(&hello), "0HelloWorld");
        for bytes in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcd",
            &[0xff; 7],
            &[0, 0, 0, 0, 1],
        ] {
            let text = z85(bytes);
            assert!(!text.contains(['"', '\\', '\'', ' ']));
            assert_eq!(from_z85(&text).unwrap(), bytes);
        }
        assert_eq!(from_z85("0abc"), None);
    }

    #[test]
    fn varints_use_seven_bits_a_byte() {
        let mut out = Vec::new();
        push_varint(&mut out, 5);
        push_varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }

    #[test]
    fn postings_are_deltas_then_frequencies_then_norms() {
        let postings = [(3, 1, 9), (5, 2, 30), (300, 1, 7)];
        let bytes = encode_postings(&postings);
        assert_eq!(bytes, [3, 2, 0xa7, 0x02, 1, 2, 1, 9, 30, 7]);
        assert_eq!(decode_postings(&bytes, 3).unwrap(), postings);
        assert_eq!(decode_postings(&bytes[..9], 3), None);
    }

    #[test]
    fn packed_containers_round_trip() {
        let value = json!({"terms": [["bedrock", [[0, 2, [0, 4]]]]]});
        for level in [1, 6] {
            let packed = pack(Some(&value), &[1, 2, 3], level);
            assert_eq!(
                unpack(&packed).unwrap(),
                (Some(value.clone()), vec![1, 2, 3])
            );
            assert_eq!(unpack(&pack(None, &[7], level)).unwrap(), (None, vec![7]));
        }
    }
}
