//! What the native integration tests share (`mod common;` in each).

use proptest::test_runner::Config;

/// Property-test settings: `PROPTEST_CASES` overrides `default_cases`; a failure prints
/// its minimal input instead of writing a regression file inside tests/.
pub fn proptest_config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}
