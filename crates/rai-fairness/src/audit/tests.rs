//! Unit tests of the `audit` module.

use super::*;
