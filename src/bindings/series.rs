//! `timeseries` bindings (being written).
