//! Structure recovery speed: a 300 KB slide export (the seed when `../shared/seeds` exists,
//! else a synthetic deck in the same style) recovered in one call.
#![allow(missing_docs)] // criterion's macros define undocumented public functions

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use notesite::content::ingest::{recover, NoteKind};

/// A slide export of about `bytes` bytes: title lines, bullets, captions, tables and code.
fn synthetic_deck(bytes: usize) -> String {
    let mut deck = String::new();
    let mut n = 0;
    while deck.len() < bytes {
        n += 1;
        deck.push_str(&format!(
            "Slide {n}: Amazon Bedrock Topic\n\n- First point about model access number {n}\n- Second point: pricing is per token\n  - nested detail\n\nAmazon Transcribe\n\n| Service | Use |\n| --- | --- |\n| Comprehend | text |\n\n```\n{{\"slide\": {n}}}\n```\n\n"
        ));
    }
    deck
}

fn bench(c: &mut Criterion) {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seeds/004_2c5f8ffa445570ce.txt");
    let (name, text) = match std::fs::read_to_string(&seed) {
        Ok(text) => ("seed slide export", text),
        Err(_) => ("synthetic slide export", synthetic_deck(310_000)),
    };
    let mut group = c.benchmark_group("recovery");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(name, |b| b.iter(|| recover(&text, NoteKind::PlainText)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
