//! Times decoding (and summarizing) a body natively: `cargo run --release --example
//! decode_timing -- body.json [runs] [chunk]`. A quick profile aid beside benches/, which
//! measure wasm. Prints the best of `runs` (default 7) for each step: the whole body at
//! once, then the same body streamed in pieces of `chunk` bytes (default 64 KiB).
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: decode_timing BODY.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
        .max(1);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let chunk: usize = std::env::args()
        .nth(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(64 * 1024)
        .max(1);
    let opts = chatwoot_reporting::DecodeOptions::default();
    // The whole body at once, then streamed without and with its length told ahead (a
    // Content-Length), taking turns so that a busy machine slows all three alike.
    let mut ms = [f64::INFINITY; 3];
    let mut events = 0;
    let mut held = 0;
    for _ in 0..runs {
        for (way, best) in ms.iter_mut().enumerate() {
            let t = Instant::now();
            let d = if way == 0 {
                chatwoot_reporting::decode(&bytes, &opts)
            } else {
                let mut s = chatwoot_reporting::StreamDecoder::new(&opts);
                if way == 2 {
                    s.size_hint(bytes.len());
                }
                for piece in bytes.chunks(chunk) {
                    s.push(piece);
                    held = held.max(s.held());
                }
                s.finish()
            };
            *best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            if way == 0 {
                events = d.events.len();
            }
            assert_eq!(d.events.len(), events);
        }
    }
    let best = ms[0];
    let set = chatwoot_reporting::decode(&bytes, &opts).events;
    let mut summarize_ms = f64::INFINITY;
    let mut mean = None;
    for _ in 0..runs {
        let t = Instant::now();
        let s = chatwoot_reporting::summary::summarize(&set, &Default::default());
        summarize_ms = summarize_ms.min(t.elapsed().as_secs_f64() * 1000.0);
        mean = s.overall.first_response.mean;
    }
    println!(
        "{events} events, {:.1} MB: decode {best:.1} ms ({:.0} MB/s), summarize {summarize_ms:.1} ms (mean first response {mean:?})",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / 1e6 / (best / 1000.0),
    );
    println!(
        "streamed in {chunk} B pieces: {:.1} ms ({:+.1} %), with size_hint {:.1} ms ({:+.1} %); at most {held} B held",
        ms[1],
        (ms[1] / best - 1.0) * 100.0,
        ms[2],
        (ms[2] / best - 1.0) * 100.0,
    );
}
