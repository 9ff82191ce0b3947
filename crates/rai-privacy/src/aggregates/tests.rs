//! Aggregate tests.
