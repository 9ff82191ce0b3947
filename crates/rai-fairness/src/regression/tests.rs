//! Unit tests of the `regression` module.

use super::*;
