//! Fuzzes the decoder: any bytes, both modes, with and without an account id.
//!
//! Checks, beyond "never panics":
//! - `decode` gives either a body-level failure (exactly one issue, at path "") or events;
//! - no kept event has an error issue and every error is tied to a dropped event or the body
//!   (lenient semantics), and strict `parse` succeeds exactly when there is no error;
//! - an account id only drops events of other accounts;
//! - whatever was kept re-encodes (`encode::to_json`) to JSON that strict `parse` accepts
//!   and that gives back exactly the same events.

#![no_main]

use chatwoot_reporting::decode::apply_mode;
use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::{decode, parse, DecodeOptions, Decoded, Mode, Severity};
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8], opts: &DecodeOptions) -> Decoded {
    let d = decode(bytes, opts);
    let issues = &d.events.issues;
    if d.body_failed {
        assert_eq!(issues.len(), 1, "a body failure is one issue: {issues:?}");
        assert_eq!(issues[0].path(), "");
        assert_eq!(issues[0].severity(), Severity::Error);
        assert!(d.events.is_empty());
    } else {
        for i in issues {
            // Body-level issues are only ever body failures.
            assert!(
                i.location.index.is_some(),
                "event issue without index: {i:?}"
            );
            assert!(!i.message.is_empty());
        }
    }
    // Strict and lenient `parse` agree with `decode`.
    let has_errors = d.has_errors();
    let strict = parse(
        bytes,
        &DecodeOptions {
            mode: Mode::Strict,
            ..*opts
        },
    );
    assert_eq!(strict.is_ok(), !has_errors && !d.body_failed);
    let lenient = parse(
        bytes,
        &DecodeOptions {
            mode: Mode::Lenient,
            ..*opts
        },
    );
    assert_eq!(lenient.is_ok(), !d.body_failed);
    if let Ok(set) = &lenient {
        assert_eq!(set.to_events(), d.events.to_events());
    }

    // Round trip of what was kept.
    let json = to_json(&d.events);
    let again = match parse(json.as_bytes(), &DecodeOptions::default()) {
        Ok(set) => set,
        Err(f) => panic!("re-encoded events failed to parse: {f:?}\n{json}"),
    };
    assert!(
        again
            .issues
            .iter()
            .all(|i| i.severity() == Severity::Warning),
        "{:?}",
        again.issues
    );
    assert_eq!(again.to_events(), d.events.to_events(), "{json}");
    // And the encoding is a fixed point.
    assert_eq!(to_json(&again), json);
    d
}

fuzz_target!(|data: &[u8]| {
    let open = check(data, &DecodeOptions::default());
    // The fixtures and most generated events use account 3.
    for account in [3, 1] {
        let only = check(
            data,
            &DecodeOptions {
                mode: Mode::Lenient,
                account_id: Some(account),
                ..DecodeOptions::default()
            },
        );
        assert!(only.events.columns.account_id.iter().all(|a| a == account));
        if !open.body_failed {
            // An account id only drops events of other accounts: every event kept without
            // it that belongs to the account is still kept (possibly alongside a later copy
            // of an id whose first use was another account's event, now dropped).
            let with: Vec<_> = only.events.to_events();
            for e in open
                .events
                .to_events()
                .iter()
                .filter(|e| e.account_id == account)
            {
                assert!(with.contains(e), "{e:?} lost with accountId {account}");
            }
        }
    }
    let _ = apply_mode(open, Mode::Strict);
});
