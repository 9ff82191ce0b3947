//! Unit tests of the `inequality` module.

use super::*;
