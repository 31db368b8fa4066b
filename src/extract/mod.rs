//! stub until the read branch lands
pub mod language;
use chrono::{DateTime, Utc};
pub struct ExtractContext {
    pub reference_date: Option<DateTime<Utc>>,
}
pub fn extract(_article: &mut crate::article::Article, _context: &ExtractContext) {}
