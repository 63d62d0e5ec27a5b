//! Times decoding (and summarizing) a body natively: `cargo run --release --example
//! decode_timing -- body.json [runs]`. A quick profile aid beside benches/, which measure
//! wasm. Prints the best of `runs` (default 7) for each step.
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
    let opts = chatwoot_reporting::DecodeOptions::default();
    let mut best = f64::INFINITY;
    let mut events = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let d = chatwoot_reporting::decode(&bytes, &opts);
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        events = d.events.len();
    }
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
}
