//! Feed arbitrary bytes to every extractor: none may panic. Run with
//! `cargo +nightly fuzz run extract` from the project folder (see docs/reliability.md).
#![no_main]

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Format, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Html, Format::Markdown, Format::Csv] {
        let source = Source::adhoc("fuzz", format, 2031, "https://fuzz.example/");
        let _ = extract(&source, data, None);
    }
});
