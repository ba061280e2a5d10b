//! Every encoded element carries `cite`, `quote` and an optional `reading` as its own fields
//! (serde cannot flatten them into a table that denies unknown keys); this trait gives lint,
//! coverage and `show` one way to reach them.

use super::Provision;

/// An element anchored to an article.
pub trait Cited {
    /// The element's identifier, for messages.
    fn element_id(&self) -> &str;
    /// Its legal anchor.
    fn provision(&self) -> Provision<'_>;
}

/// Implements [`Cited`] for structs with `id`, `cite`, `quote` and `reading` fields.
macro_rules! impl_cited {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::model::Cited for $ty {
            fn element_id(&self) -> &str {
                &self.id
            }
            fn provision(&self) -> $crate::model::Provision<'_> {
                $crate::model::Provision {
                    cite: &self.cite,
                    quote: &self.quote,
                    reading: self.reading.as_deref(),
                }
            }
        }
    )*};
}
pub(crate) use impl_cited;
