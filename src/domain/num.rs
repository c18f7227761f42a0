//! The one float tolerance. Every judgement of the domain (over capacity,
//! a long week, a book too large, a value that differs from its default)
//! compares through these, so views and reports never compare floats.

/// Slack for floating-point noise when comparing figures.
pub const EPSILON: f64 = 1e-9;

/// Whether `a` is above `b` by more than floating-point noise.
pub fn above(a: f64, b: f64) -> bool {
    a > b + EPSILON * b.abs().max(1.0)
}

/// Whether `a` and `b` differ by more than floating-point noise.
pub fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > EPSILON * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_not_a_difference() {
        assert!(!differs(0.1 + 0.2, 0.3));
        assert!(differs(1.0, 1.001));
        assert!(!above(40.000_000_000_01, 40.0));
        assert!(above(40.01, 40.0));
        assert!(!above(39.0, 40.0));
    }
}
