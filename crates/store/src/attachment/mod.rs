//! Attachments: content-addressed files (sha256) on disk, their type sniffed from the content,
//! limited by size and type, written durably, recorded and audited in the database.

mod blob;
mod error;
mod media_type;
mod repo;
mod sniff;

pub use blob::{BlobDir, DurableWrite};
pub use error::AttachmentError;
pub use media_type::MediaType;
pub use repo::{Attachment, check_upload, get, put, put_for, read, used_bytes};
pub use sniff::sniff;
