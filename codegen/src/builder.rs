//! Generating a client from a downstream crate's `build.rs`, in the style of `prost-build`:
//!
//! ```no_run
//! // In build.rs's `main`:
//! cloudusage_codegen::Builder::new("specs").compile().unwrap();
//! // and in src/lib.rs: include!(concat!(env!("OUT_DIR"), "/cloudusage_generated.rs"));
//! ```

use std::path::{Path, PathBuf};

use quote::quote;

use crate::emit::EmitOptions;
use crate::generate::{render_single_file, write_if_changed, GenerateError};
use crate::load::load_dir;

/// Configures and runs generation into `OUT_DIR`.
#[derive(Debug, Clone)]
pub struct Builder {
    specs: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: String,
    runtime_path: String,
}

impl Builder {
    /// Generates from the specs directory `specs` (relative to the crate root).
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Builder {
            specs: specs.into(),
            out_dir: None,
            file_name: "cloudusage_generated.rs".to_string(),
            runtime_path: "::cloudusage_runtime".to_string(),
        }
    }

    /// Where to write (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Name of the generated file (default `cloudusage_generated.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Path of the runtime crate in generated code (default `::cloudusage_runtime`), for
    /// crates that rename or re-export it.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Loads the specs, prints `cargo:rerun-if-changed` for every file and directory read
    /// and `cargo:warning=` for each warning (such as a period with no order rule), and writes the generated file unless it already holds the same text. Returns its path.
    pub fn compile(self) -> Result<PathBuf, GenerateError> {
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or(GenerateError::NoOutDir)?),
        };
        // Checked before any work, so a typo fails the build with a clear message.
        let runtime = syn::parse_str::<syn::Path>(&self.runtime_path)
            .map(|path| quote!(#path))
            .map_err(|_| GenerateError::InvalidRuntimePath {
                path: self.runtime_path.clone(),
            })?;
        let loaded = load_dir(&self.specs)?;
        for input in &loaded.inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        // Cargo shows these under the build, without failing it.
        for w in &loaded.warnings.items {
            println!("cargo:warning={}", w.to_string().replace('\n', " "));
        }
        let options = EmitOptions {
            runtime,
            features: false,
            cli: false,
        };
        let text = render_single_file(&loaded.catalog, &options)?;
        let path = out_dir.join(&self.file_name);
        write_if_changed(&path, &text)?;
        Ok(path)
    }
}

/// Generates into `out_dir` from `specs` (the function form of [`Builder`]).
pub fn compile(specs: &Path, out_dir: &Path) -> Result<PathBuf, GenerateError> {
    Builder::new(specs).out_dir(out_dir).compile()
}
