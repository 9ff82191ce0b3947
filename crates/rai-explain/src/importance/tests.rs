//! Unit tests for this module.
