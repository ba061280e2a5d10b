//! Sentences joined from their pieces.

/// Joins the pieces (each anything that is `AsRef<str>`) into one `String`, allocated once.
///
/// Why not `format!`: a report's sentence is a dozen short pieces, and `format!` spent more of
/// the self-check's time in the formatting machinery (a dynamic call and a padding check per
/// piece, the buffer grown piece by piece) than in copying text (callgrind: about a fifth of
/// every check).
macro_rules! cat {
    ($($piece:expr),+ $(,)?) => {
        [$(::core::convert::AsRef::<str>::as_ref(&$piece)),+].concat()
    };
}

pub(crate) use cat;

/// A date as its `Display` text (`2024-06-30`), held inline; the years 0 to 9999, which jiff
/// writes as four digits, without the formatter (reports write several dates each).
pub(crate) fn date_text(d: jiff::civil::Date) -> arrayvec::ArrayString<24> {
    let mut text = arrayvec::ArrayString::new();
    let (y, m, day) = (d.year(), d.month(), d.day());
    if let (Ok(y), Ok(m), Ok(day)) = (u16::try_from(y), u16::try_from(m), u16::try_from(day))
        && y <= 9999
    {
        let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
        let digits = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            '-',
            digit(m / 10),
            digit(m),
            '-',
            digit(day / 10),
            digit(day),
        ];
        for c in digits {
            text.push(c);
        }
    } else {
        use std::fmt::Write;
        // A sign and six digits of year at most: it fits.
        let _ = write!(text, "{d}");
    }
    text
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Every year jiff allows, four digits or six with a sign, as its `Display` writes it.
        #[test]
        fn a_date_reads_as_jiff_writes_it(y in -9999i16..=9999, m in 1i8..=12, d in 1i8..=28) {
            let date = jiff::civil::date(y, m, d);
            let text = super::date_text(date);
            prop_assert_eq!(text.as_str(), date.to_string());
        }
    }

    #[test]
    fn pieces_of_every_kind_are_joined_in_order() {
        let owned = String::from("不低于");
        let borrowed: &str = "500";
        assert_eq!(
            cat!("公共服务面积", owned, borrowed, String::from("㎡")),
            "公共服务面积不低于500㎡"
        );
    }
}
