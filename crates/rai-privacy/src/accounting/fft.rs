//! A small iterative radix-2 complex FFT (in place), for PLD composition.

/// A complex number (re, im).
pub(crate) type C = (f64, f64);

fn mul(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// In-place FFT of a power-of-two-length buffer; `inverse` scales by 1/n.
pub(crate) fn fft(buf: &mut [C], inverse: bool) {
    let n = buf.len();
    if n <= 1 {
        return;
    }
    let mut j = 0usize;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            buf.swap(i, j);
        }
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    let mut len = 2;
    while len <= n {
        let ang = sign * 2.0 * std::f64::consts::PI / len as f64;
        let half = len / 2;
        let tw: Vec<C> = (0..half)
            .map(|k| ((ang * k as f64).cos(), (ang * k as f64).sin()))
            .collect();
        for start in (0..n).step_by(len) {
            for k in 0..half {
                let u = buf[start + k];
                let v = mul(buf[start + k + half], tw[k]);
                buf[start + k] = (u.0 + v.0, u.1 + v.1);
                buf[start + k + half] = (u.0 - v.0, u.1 - v.1);
            }
        }
        len <<= 1;
    }
    if inverse {
        let s = 1.0 / n as f64;
        for x in buf.iter_mut() {
            x.0 *= s;
            x.1 *= s;
        }
    }
}

/// z^n by repeated squaring.
pub(crate) fn cpow(z: C, mut n: u64) -> C {
    let mut acc = (1.0, 0.0);
    let mut base = z;
    while n > 0 {
        if n & 1 == 1 {
            acc = mul(acc, base);
        }
        base = mul(base, base);
        n >>= 1;
    }
    acc
}
