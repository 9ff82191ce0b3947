//! Unit tests of the `disparity` module.

use super::*;
