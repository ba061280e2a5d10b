//! 统一社会信用代码 (GB 32100-2015): parsing and check-digit validation. Pure.
//!
//! The 18 characters are: 1 registration department, 2 organisation category, 3–8 the GB/T 2260
//! administrative division code, 9–17 the organisation code (GB 11714, whose 9th character is
//! its own check digit), 18 the check digit. The character set is the digits and the capital
//! letters without I, O, Z, S, V (31 characters, valued 0–30 in that order). The weight of
//! position i is 3^(i-1) mod 31, and the check digit's value is 31 − (Σ value × weight mod 31),
//! 31 becoming 0.

use std::fmt;

use thiserror::Error;

/// The 31 characters of GB 32100-2015, in value order.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The number of characters of a code.
const LEN: usize = 18;
/// Modulus of the GB 32100 check.
const MOD_CREDIT: u32 = 31;
/// Weights of the eight body characters of a GB 11714 organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
/// Modulus of the GB 11714 check.
const MOD_ORG: u32 = 11;

/// Why a code is not a valid 统一社会信用代码. Positions count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CreditCodeError {
    /// Not 18 characters.
    #[error("统一社会信用代码应为 18 位，「{code}」为 {len} 位")]
    Length {
        /// The code as given.
        code: String,
        /// Its length in characters.
        len: usize,
    },
    /// A character outside the GB 32100 set.
    #[error(
        "统一社会信用代码第 {position} 位「{ch}」不是允许的字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）"
    )]
    Character {
        /// Position, from 1.
        position: usize,
        /// The character.
        ch: char,
    },
    /// Positions 3–8 are not six digits.
    #[error("统一社会信用代码第 3–8 位应为 6 位数字的行政区划代码，第 {position} 位为「{ch}」")]
    Region {
        /// Position, from 1.
        position: usize,
        /// The character.
        ch: char,
    },
    /// The organisation code's own check digit (position 17) is wrong.
    #[error("统一社会信用代码第 17 位（组织机构代码校验码）应为「{expected}」，实为「{found}」")]
    OrganisationCheck {
        /// The check digit the body requires.
        expected: char,
        /// The one given.
        found: char,
    },
    /// The check digit (position 18) is wrong.
    #[error("统一社会信用代码第 18 位（校验码）应为「{expected}」，实为「{found}」")]
    Check {
        /// The check digit the first 17 characters require.
        expected: char,
        /// The one given.
        found: char,
    },
}

/// A valid 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses and validates a code. Surrounding white space is ignored and lower-case letters
    /// are accepted as their capitals (as typed on forms); nothing else is forgiven.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let code = input.trim().to_ascii_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != LEN {
            return Err(CreditCodeError::Length {
                len: chars.len(),
                code,
            });
        }
        let mut values = [0u32; LEN];
        for (i, &ch) in chars.iter().enumerate() {
            values[i] = value(ch).ok_or(CreditCodeError::Character {
                position: i + 1,
                ch,
            })?;
        }
        if let Some(i) = (2..8).find(|&i| !chars[i].is_ascii_digit()) {
            return Err(CreditCodeError::Region {
                position: i + 1,
                ch: chars[i],
            });
        }
        let org_expected = organisation_check(&chars[8..16]);
        if chars[16] != org_expected {
            return Err(CreditCodeError::OrganisationCheck {
                expected: org_expected,
                found: chars[16],
            });
        }
        let expected = check_digit_of_values(&values[..LEN - 1]);
        if chars[LEN - 1] != expected {
            return Err(CreditCodeError::Check {
                expected,
                found: chars[LEN - 1],
            });
        }
        Ok(Self(code))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The GB/T 2260 administrative division code (positions 3–8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// The GB 11714 organisation code (positions 9–17).
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The GB 32100 value of a character, if it is in the set.
fn value(ch: char) -> Option<u32> {
    let b = u8::try_from(ch).ok()?;
    CHARSET.iter().position(|&c| c == b).map(|v| v as u32)
}

/// The check digit of the first 17 characters' values.
fn check_digit_of_values(values: &[u32]) -> char {
    let mut weight = 1;
    let mut sum = 0;
    for v in values {
        sum += v * weight;
        weight = weight * 3 % MOD_CREDIT;
    }
    let c = (MOD_CREDIT - sum % MOD_CREDIT) % MOD_CREDIT;
    CHARSET[c as usize] as char
}

/// The GB 11714 check character of an organisation code's eight body characters.
fn organisation_check(body: &[char]) -> char {
    let sum: u32 = body
        .iter()
        .zip(ORG_WEIGHTS)
        .map(|(ch, w)| ch.to_digit(36).unwrap_or(0) * w)
        .sum();
    match MOD_ORG - sum % MOD_ORG {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    }
}

/// Completes 16 characters (in the set; positions 9–16 an organisation code body) with the
/// organisation check and the check digit into a valid code: for tests and fixtures. `None` when
/// the input is not 16 characters of the set.
pub fn complete(first16: &str) -> Option<String> {
    let chars: Vec<char> = first16.chars().collect();
    if chars.len() != LEN - 2 || chars.iter().any(|&c| value(c).is_none()) {
        return None;
    }
    let mut s: String = chars.iter().collect();
    s.push(organisation_check(&chars[8..16]));
    let values: Option<Vec<u32>> = s.chars().map(value).collect();
    s.push(check_digit_of_values(&values?));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A published sample code (a Fuzhou enterprise), used in GB 32100 explanations.
    const SAMPLE: &str = "91350100M000100Y43";

    #[test]
    fn a_published_code_is_valid() {
        let c = CreditCode::parse(SAMPLE).unwrap();
        assert_eq!(c.region_code(), "350100");
        assert_eq!(c.organisation_code(), "M000100Y4");
    }

    #[test]
    fn computed_codes_are_valid_and_case_and_space_are_forgiven() {
        for body in ["91110108MA01ABCD", "12440300K1234567", "5132010050012345"] {
            let code = complete(body).unwrap();
            assert!(CreditCode::parse(&code).is_ok(), "{code}");
            let messy = format!("  {}  ", code.to_ascii_lowercase());
            assert_eq!(CreditCode::parse(&messy).unwrap().as_str(), code);
        }
    }

    #[test]
    fn every_wrong_check_digit_is_refused_naming_the_right_one() {
        for c in CHARSET.iter().map(|&b| b as char).filter(|&c| c != '3') {
            let bad = format!("{}{c}", &SAMPLE[..17]);
            assert_eq!(
                CreditCode::parse(&bad),
                Err(CreditCodeError::Check {
                    expected: '3',
                    found: c
                })
            );
        }
        let err = CreditCode::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(
            err.to_string(),
            "统一社会信用代码第 18 位（校验码）应为「3」，实为「4」"
        );
    }

    #[test]
    fn a_changed_character_is_caught() {
        // One digit of the body changed: the organisation check no longer holds.
        let err = CreditCode::parse("91350100M000200Y43").unwrap_err();
        assert!(
            matches!(err, CreditCodeError::OrganisationCheck { .. }),
            "{err}"
        );
        // A changed region digit: the final check no longer holds.
        let err = CreditCode::parse("91350200M000100Y43").unwrap_err();
        assert!(matches!(err, CreditCodeError::Check { .. }), "{err}");
    }

    #[test]
    fn length_charset_and_region_errors_name_the_position() {
        assert_eq!(
            CreditCode::parse("91350100M000100Y4")
                .unwrap_err()
                .to_string(),
            "统一社会信用代码应为 18 位，「91350100M000100Y4」为 17 位"
        );
        assert_eq!(
            CreditCode::parse("91350100M0001O0Y43").unwrap_err(),
            CreditCodeError::Character {
                position: 14,
                ch: 'O'
            }
        );
        let err = CreditCode::parse("9135010IM000100Y43").unwrap_err();
        assert_eq!(
            err.to_string(),
            "统一社会信用代码第 8 位「I」不是允许的字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）"
        );
        assert_eq!(
            CreditCode::parse("9135A100M000100Y43").unwrap_err(),
            CreditCodeError::Region {
                position: 5,
                ch: 'A'
            }
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y4３").unwrap_err(),
            CreditCodeError::Character {
                position: 18,
                ch: '３'
            }
        );
    }
}
