//! Time zones (being written).
