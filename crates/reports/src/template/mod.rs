//! The typst templates. One template prints every jurisdiction's application form from the
//! data the policy gives (title, sections in order, fields, materials); no template knows a
//! jurisdiction.

/// The application form (申报书): reads `/data.json` (a [`crate::FormDocument`]).
pub const APPLICATION_FORM: &str = include_str!("application_form.typ");
