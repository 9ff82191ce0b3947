//! Unit tests of the `bootstrap` module.

use super::*;
