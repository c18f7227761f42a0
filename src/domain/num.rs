//! The one float tolerance. Every judgement of the domain (over capacity,
//! a long week, a book too large, a value that differs from its default)
//! compares through these, so views and reports never compare floats; and
//! the one tolerance for figures a person wrote (an imported page's sums).

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

/// Whether `a` reaches `b`, allowing floating-point noise below it.
pub fn at_least(a: f64, b: f64) -> bool {
    !above(b, a)
}

/// The whole number at or below `value`, where a value a hair under a
/// whole number (noise) counts as that number: 34.999999999 → 35.
pub fn floor(value: f64) -> f64 {
    let nearest = value.round();
    if differs(value, nearest) {
        value.floor()
    } else {
        nearest
    }
}

/// How far apart two figures written by a person (a page's hours and
/// their sum, rounded to what was typed) may be and still agree: one part
/// in a million.
pub const WRITTEN: f64 = 1e-6;

/// Whether two written figures agree (see [`WRITTEN`]).
pub fn agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= WRITTEN * a.abs().max(b.abs()).max(1.0)
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
        assert!(at_least(0.899_999_999_999_9, 0.9));
        assert!(!at_least(0.89, 0.9));
        assert!((floor(34.999_999_999_99) - 35.0).abs() < f64::EPSILON);
        assert!((floor(34.9) - 34.0).abs() < f64::EPSILON);
        assert!(agree(948.0, 948.000_000_1));
        assert!(!agree(948.0, 948.1));
    }
}
