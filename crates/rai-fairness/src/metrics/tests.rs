//! Unit tests of the `metrics` module.

use super::*;
