//! Unit tests of the `multiclass` module.

use super::*;
