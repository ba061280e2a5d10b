//! The fact dictionary: the one vocabulary every policy and profile uses to speak of a space.

mod dictionary;

pub use dictionary::{
    Choice, Constraint, DictionaryError, FactDef, FactDictionary, FactName, FactType,
};
