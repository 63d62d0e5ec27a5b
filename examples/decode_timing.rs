//! Times decoding (and summarizing) a body natively: `cargo run --release --example
//! decode_timing -- body.json`. A quick profile aid beside benches/, which measure wasm.
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: decode_timing BODY.json");
        std::process::exit(2);
    };
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
    for _ in 0..7 {
        let t = Instant::now();
        let d = chatwoot_reporting::decode(&bytes, &opts);
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        events = d.events.len();
    }
    let set = chatwoot_reporting::decode(&bytes, &opts).events;
    let t = Instant::now();
    let s = chatwoot_reporting::summary::summarize(&set, &Default::default());
    let summarize_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{events} events, {:.1} MB: decode {best:.1} ms ({:.0} MB/s), summarize {summarize_ms:.1} ms (mean first response {:?})",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / 1e6 / (best / 1000.0),
        s.overall.first_response.mean
    );
}
