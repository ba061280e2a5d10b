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

#[cfg(test)]
mod tests {
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
