//! Time series (being written).
