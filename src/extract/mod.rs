//! Fills the fields a file did not give, from its text; given metadata always wins. No I/O.
