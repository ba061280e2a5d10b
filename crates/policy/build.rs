//! Rebuild when the embedded policies change (include_dir cannot track them on stable).
fn main() {
    println!("cargo:rerun-if-changed=../../policies");
}
