//! Unit tests of the `frame` module.

use super::*;
