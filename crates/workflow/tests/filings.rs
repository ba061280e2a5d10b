//! Statistics filings: field rules refuse impossible numbers; jumps are flagged for review.

use std::collections::BTreeMap;

use policy::Library;
use rust_decimal::Decimal;
use workflow::filings::{Filing, FilingForm, validate};

fn form() -> FilingForm {
    let lib = Library::embedded().unwrap();
    FilingForm::from_toml(
        lib.file("forms/statistics.toml")
            .expect("form shipped with the policies"),
    )
    .unwrap()
}

fn good() -> Filing {
    let v = |n: i64| Decimal::from(n);
    BTreeMap::from([
        ("premises.total_area_m2".into(), v(800)),
        ("premises.public_area_m2".into(), v(420)),
        ("premises.workstations".into(), v(60)),
        ("residents.current".into(), v(24)),
        ("residents.new_in_period".into(), v(6)),
        ("residents.graduated_in_period".into(), v(2)),
        ("staff.total_excluding_property".into(), v(8)),
        ("staff.professional_incubation".into(), v(6)),
        ("mentors".into(), v(5)),
        ("activities.in_period".into(), v(7)),
        ("growth.financed_in_period".into(), v(2)),
    ])
}

#[test]
fn a_sound_filing_is_accepted_without_flags() {
    let r = validate(&form(), &good(), Some(&good()));
    assert!(r.accepted(), "{r:?}");
    assert!(r.flags.is_empty());
}

#[test]
fn a_part_larger_than_its_whole_is_refused_naming_the_field() {
    let mut f = good();
    f.insert("staff.professional_incubation".into(), Decimal::from(9));
    let r = validate(&form(), &f, None);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].field, "staff.professional_incubation");
    assert!(r.errors[0].message.contains("大于"));
}

#[test]
fn missing_negative_fractional_and_unknown_fields_are_refused() {
    let mut f = good();
    f.remove("mentors");
    f.insert("premises.workstations".into(), Decimal::new(605, 1));
    f.insert("residents.graduated_in_period".into(), Decimal::from(-1));
    f.insert("revenue".into(), Decimal::ONE);
    let r = validate(&form(), &f, None);
    let fields: Vec<&str> = r.errors.iter().map(|e| e.field.as_str()).collect();
    for expected in [
        "mentors",
        "premises.workstations",
        "residents.graduated_in_period",
        "revenue",
    ] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
}

#[test]
fn an_implausible_jump_is_flagged_not_refused() {
    let mut now = good();
    now.insert("residents.current".into(), Decimal::from(80));
    let r = validate(&form(), &now, Some(&good()));
    assert!(r.accepted());
    assert_eq!(r.flags.len(), 1);
    assert_eq!(r.flags[0].field, "residents.current");
}
