//! Any bytes as a report to `verify` or `diff`: its attachments read to a bound, the attached
//! JSON report and manifest parsed, the document compared with itself and the figures diffed.
//! Seeded with real PDF reports (`seed.sh`), so mutations land in their objects, streams and
//! attachments.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wattprint::evidence::{self, read};

/// The bound `verify` applies by default (`--max-input-size`, 16 MiB).
const LIMIT: u64 = 16 << 20;

fuzz_target!(|data: &[u8]| {
    let Ok(attachments) = read::attachments(data, LIMIT) else {
        return;
    };
    let total: u64 = attachments.iter().map(|(_, b)| b.len() as u64).sum();
    assert!(total <= LIMIT, "attachments decompressed to {total} bytes");
    if let Ok(json) = read::attachment(&attachments, "wattprint-report.json")
        && let Ok(report) = serde_json::from_slice::<serde_json::Value>(json)
    {
        if let Ok(manifest) =
            serde_json::from_value::<evidence::Manifest>(report["manifest"].clone())
        {
            // A manifest that parses names no folder and holds well-formed digests.
            let _ = manifest.report_id();
            assert!(!manifest.input.as_str().contains('/'));
        }
        let _ = read::compare(&report, &report);
        let _ = evidence::diff::compare(&report, &report);
    }
    if let Ok(same) = read::same_document(data, data, LIMIT) {
        assert!(same, "a document differs from itself");
    }
});
