//! The names of administrative divisions by their GB/T 2260 codes, for display only
//! (`policies/law/regions-cn.toml`, written by `scripts/regions-data`): a register line reads
//! 内蒙古自治区呼和浩特市新城区 rather than 150102. Whether a place lies within a measure's
//! jurisdiction is still decided by the code's levels ([`RegionCode::contains`]), never by a
//! name.

use std::collections::HashMap;

use serde::Deserialize;

use crate::model::RegionCode;

/// The divisions' names, by code.
#[derive(Debug, Clone, Default)]
pub struct RegionNames {
    names: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    #[allow(dead_code)]
    about: String,
    #[allow(dead_code)]
    source: String,
    names: HashMap<String, String>,
}

impl RegionNames {
    /// Reads the file; every key must be a six-digit code.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: RegionsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(bad) = file.names.keys().find(|k| RegionCode::parse(k).is_err()) {
            return Err(format!("「{bad}」不是6位行政区划代码"));
        }
        Ok(Self { names: file.names })
    }

    /// The division's own name (新城区), where the code is listed.
    pub fn name(&self, code: &RegionCode) -> Option<&str> {
        self.names.get(code.as_str()).map(String::as_str)
    }

    /// The full name from the province down (内蒙古自治区呼和浩特市新城区; 北京市东城区, a
    /// municipality's districts having no prefecture of their own), where the code is listed.
    pub fn full_name(&self, code: &RegionCode) -> Option<String> {
        let own = self.name(code)?;
        let s = code.as_str();
        let province = format!("{}0000", &s[..2]);
        let prefecture = format!("{}00", &s[..4]);
        let mut full = String::new();
        for level in [province, prefecture] {
            if level == s {
                break;
            }
            if let Some(name) = self.names.get(&level) {
                full.push_str(name);
            }
        }
        full.push_str(own);
        Some(full)
    }

    /// The full name of a code given as text; `None` where it is not a code or not listed.
    pub fn named(&self, code: &str) -> Option<String> {
        RegionCode::parse(code)
            .ok()
            .and_then(|c| self.full_name(&c))
    }

    /// The full name, or the code itself where it is not listed (a code issued after the list,
    /// or one that does not exist): what a page shows for a code.
    pub fn display(&self, code: &str) -> String {
        self.named(code).unwrap_or_else(|| code.to_string())
    }

    /// The full name with the code after it (内蒙古自治区呼和浩特市新城区（150102）), or the code
    /// alone where it is not listed.
    pub fn with_code(&self, code: &str) -> String {
        match self.named(code) {
            Some(name) => format!("{name}（{code}）"),
            None => code.to_string(),
        }
    }

    /// How many divisions are listed.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RegionNames {
        RegionNames::from_toml(
            r#"
about = "test"
source = "test"
[names]
"110000" = "北京市"
"110101" = "东城区"
"150000" = "内蒙古自治区"
"150100" = "呼和浩特市"
"150102" = "新城区"
"#,
        )
        .unwrap()
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn full_names_read_from_the_province_down() {
        let r = sample();
        assert_eq!(
            r.full_name(&code("150102")).unwrap(),
            "内蒙古自治区呼和浩特市新城区"
        );
        assert_eq!(
            r.full_name(&code("150100")).unwrap(),
            "内蒙古自治区呼和浩特市"
        );
        assert_eq!(r.full_name(&code("150000")).unwrap(), "内蒙古自治区");
        // A municipality's district: no prefecture between (市辖区 is not a name).
        assert_eq!(r.full_name(&code("110101")).unwrap(), "北京市东城区");
    }

    #[test]
    fn an_unlisted_code_is_shown_as_it_is() {
        let r = sample();
        assert_eq!(r.full_name(&code("150199")), None);
        assert_eq!(r.display("150199"), "150199");
        assert_eq!(r.display("not a code"), "not a code");
        assert_eq!(r.display("150102"), "内蒙古自治区呼和浩特市新城区");
        assert_eq!(
            r.with_code("150102"),
            "内蒙古自治区呼和浩特市新城区（150102）"
        );
        // Not the code twice.
        assert_eq!(r.with_code("150199"), "150199");
    }

    #[test]
    fn keys_must_be_codes() {
        let err =
            RegionNames::from_toml("about = \"\"\nsource = \"\"\n[names]\n\"1501\" = \"x\"\n")
                .unwrap_err();
        assert!(err.contains("1501"), "{err}");
    }
}
