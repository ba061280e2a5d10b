//! The divisions' names shipped with the policies (`policies/law/regions-cn.toml`): each
//! measure's jurisdiction is named as its policy names it, and a county reads from its province
//! down.

use policy::Library;
use policy::model::RegionCode;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

#[test]
fn every_jurisdiction_has_its_own_name() {
    let lib = Library::embedded().unwrap();
    assert!(
        lib.regions.len() > 3000,
        "county level and up: {}",
        lib.regions.len()
    );
    for m in lib.measures() {
        let j = &m.measure.measure.jurisdiction;
        let full = lib.regions.full_name(&j.code).unwrap_or_default();
        assert!(
            full.ends_with(&j.name),
            "{}: {} is {full:?}",
            m.id(),
            j.code
        );
    }
}

#[test]
fn the_demo_and_fixture_districts_read_in_full() {
    let lib = Library::embedded().unwrap();
    for (c, full) in [
        ("150102", "内蒙古自治区呼和浩特市新城区"),
        ("650102", "新疆维吾尔自治区乌鲁木齐市天山区"),
        ("140602", "山西省朔州市朔城区"),
        ("210302", "辽宁省鞍山市铁东区"),
        ("110101", "北京市东城区"),
        ("140600", "山西省朔州市"),
    ] {
        assert_eq!(
            lib.regions.full_name(&code(c)).as_deref(),
            Some(full),
            "{c}"
        );
    }
}
