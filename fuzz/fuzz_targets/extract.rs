//! Feed arbitrary bytes to every extractor: none may panic. Run with
//! `cargo +nightly fuzz run extract` from the project folder (see docs/reliability.md).
#![no_main]

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Format, Kind, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Html, Format::Markdown, Format::Csv] {
        let source = Source {
            id: "fuzz".into(),
            title: "fuzz".into(),
            author: None,
            event: "e".into(),
            year: 2031,
            published: None,
            kind: if format == Format::Csv { Kind::Program } else { Kind::Ideas },
            format,
            url: "https://fuzz.example/".into(),
            fetch_url: None,
            snapshot: true,
            line: 1,
        };
        let _ = extract(&source, data, None);
    }
});
