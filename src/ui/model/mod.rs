//! Plain data the layers above share: what a dialog asks and what waits on its answer, what a
//! request in flight is for, and a request read from a paste. No drawing, no behaviour beyond
//! the data's own.

pub mod dialog;
pub mod intake;
pub mod purpose;
