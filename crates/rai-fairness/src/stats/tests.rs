//! Unit tests of the `stats` module.

use super::*;
