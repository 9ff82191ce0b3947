//! Accountant unit tests.

use super::*;

#[test]
fn debug_curve() -> rai_core::Result<()> {
    let mut acc = RdpAccountant::default();
    acc.compose(&DpEvent::dp_sgd(1.1, 0.01, 1000))?;
    let (o, r) = acc.curve();
    for (a, v) in o.iter().zip(r) {
        if [1.5, 2.0, 8.0, 10.5, 11.0, 12.0, 20.0].contains(a) {
            eprintln!("{a} {v}");
        }
    }
    eprintln!("{:?}", rdp_to_epsilon(o, r, 1e-5));
    Ok(())
}
