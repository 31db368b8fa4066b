//! placeholder until the read branch lands
pub fn normalize_language(value: &str) -> Option<String> {
    Some(value.trim().to_lowercase())
}
