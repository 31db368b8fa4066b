//! Bytes as a file of any format: the first byte picks the format, the rest is the file. Every
//! article read then goes through extraction.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::read::{Format, read_bytes};

const FORMATS: [Format; 5] = [Format::Text, Format::Markdown, Format::Json, Format::JsonLines, Format::Sgml];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    let Ok(file_read) = read_bytes(format, bytes) else { return };
    assert!(!file_read.articles.is_empty(), "a successful read gives articles");
    let context = newsdex_fuzz::context();
    for mut article in file_read.articles {
        newsdex_fuzz::assert_position_in_file(&article, bytes);
        if let Some(title) = &article.title {
            newsdex_fuzz::assert_clean_value("title", title);
        }
        newsdex::extract::extract(&mut article, &context);
        newsdex_fuzz::assert_extracted_fields(&article);
    }
});
