fn main() {
    if let Err(err) = cloudusage_codegen::Builder::new("specs").compile() {
        // Every problem at once, each as `path/to/spec.yaml:line:column: key.path: message`.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
