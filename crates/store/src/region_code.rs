//! GB/T 2260 administrative division codes: the shape check done at the store boundary.

use crate::error::StoreError;

/// Checks that `value` looks like a GB/T 2260 code (six ASCII digits, not all zero) and returns
/// it; `field` names the field in the error.
pub fn check_region_code(field: &'static str, value: &str) -> Result<String, StoreError> {
    let v = value.trim();
    if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) && v != "000000" {
        Ok(v.to_owned())
    } else {
        Err(StoreError::InvalidRegionCode {
            field,
            value: value.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_pass_others_fail() {
        assert_eq!(check_region_code("f", " 140600 ").unwrap(), "140600");
        for bad in ["14060", "1406000", "14060A", "000000", ""] {
            let err = check_region_code("推荐单位辖区", bad).unwrap_err();
            assert!(err.to_string().contains("推荐单位辖区"), "{err}");
        }
    }
}
