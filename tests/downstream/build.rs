fn main() {
    if let Err(err) = cloudusage_codegen::Builder::new("specs").compile() {
        // Diagnostics name every problem with file:line:column; fail the build with them.
        panic!("cannot generate the client:\n{err}");
    }
}
