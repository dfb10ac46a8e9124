//! Drift between hand-written specs and the provider's current metadata.
//!
//! Specs are transcribed by hand from documentation pages and then age while the provider
//! changes its APIs. This compares each spec'd API with the metadata of the same service
//! version and reports what the metadata knows that the spec does not say any more: fields
//! added, removed or retyped (request, response and nested types), requirement changes,
//! and actions the provider no longer lists. Types are compared by meaning, not spelling: a
//! `datetime` with a wire format, or an enum, where the metadata says `string` is no drift.

use std::collections::BTreeMap;
use std::path::Path;

use crate::import::metadata::{MemberMeta, ObjectMeta, ServiceMeta};
use crate::import::{read_metadata, MetadataError};
use crate::load::{load_dir, LoadError};
use crate::model::{Api, Field, Param, TypeDef, TypeKind, TypeRef, WireQuirk};

/// Why the comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    #[error("the specs have no `tencent` provider")]
    NoProvider,
}

/// Findings per API (`service/Action`), in order.
#[derive(Debug, Default, PartialEq)]
pub struct DriftReport {
    pub apis: BTreeMap<String, Vec<String>>,
}

impl DriftReport {
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }

    fn add(&mut self, api: &str, finding: String) {
        self.apis.entry(api.to_string()).or_default().push(finding);
    }
}

impl std::fmt::Display for DriftReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (api, findings) in &self.apis {
            writeln!(f, "{api}:")?;
            for finding in findings {
                writeln!(f, "  {finding}")?;
            }
        }
        let total: usize = self.apis.values().map(Vec::len).sum();
        writeln!(f, "{total} differences in {} APIs", self.apis.len())
    }
}

/// Compares the `tencent` specs under `specs` with the metadata at `metadata` (a tccli
/// wheel, its services folder or one `api.json`).
pub fn drift_tencent(specs: &Path, metadata: &Path) -> Result<DriftReport, DriftError> {
    let catalog = load_dir(specs)?.catalog;
    let metas = read_metadata(metadata)?.services;
    let provider = catalog
        .providers
        .iter()
        .find(|p| p.id == "tencent")
        .ok_or(DriftError::NoProvider)?;
    let mut report = DriftReport::default();
    for service in &provider.services {
        let meta = metas
            .iter()
            .find(|m| m.service == service.signing_name && m.version == service.version);
        let Some(meta) = meta else {
            report.add(
                &service.id,
                format!(
                    "the metadata has no service `{}` version {}",
                    service.signing_name, service.version
                ),
            );
            continue;
        };
        for api in &service.apis {
            compare_api(
                &mut report,
                &format!("{}/{}", service.id, api.action),
                api,
                meta,
            );
        }
    }
    Ok(report)
}

fn compare_api(report: &mut DriftReport, key: &str, api: &Api, meta: &ServiceMeta) {
    let Some(action) = meta.actions.get(&api.action) else {
        report.add(key, "the provider no longer lists this action".to_string());
        return;
    };
    if let Some(input) = meta.objects.get(&action.input) {
        let spec: Vec<Member<'_>> = api.params.iter().map(Member::param).collect();
        compare_members(report, key, "request", &spec, input, api, true);
    }
    if let Some(output) = meta.objects.get(&action.output) {
        let spec: Vec<Member<'_>> = api
            .response
            .iter()
            .filter(|f| f.name != "RequestId")
            .map(Member::field)
            .collect();
        compare_members(report, key, "response", &spec, output, api, false);
    }
    for t in &api.types {
        if let (TypeKind::Struct(fields), Some(object)) = (&t.kind, meta.objects.get(&t.name)) {
            let spec: Vec<Member<'_>> = fields.iter().map(Member::field).collect();
            compare_members(
                report,
                key,
                &format!("type {}", t.name),
                &spec,
                object,
                api,
                false,
            );
        }
    }
}

/// A spec'd parameter or field, as the comparison sees it.
struct Member<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    required: bool,
    quirk: WireQuirk,
}

impl<'a> Member<'a> {
    fn param(p: &'a Param) -> Self {
        Member {
            name: &p.name,
            ty: &p.ty,
            required: p.required,
            quirk: WireQuirk::None,
        }
    }

    fn field(f: &'a Field) -> Self {
        Member {
            name: &f.name,
            ty: &f.ty,
            required: f.required,
            quirk: f.wire,
        }
    }
}

fn compare_members(
    report: &mut DriftReport,
    key: &str,
    place: &str,
    spec: &[Member<'_>],
    object: &ObjectMeta,
    api: &Api,
    compare_required: bool,
) {
    let live: Vec<&MemberMeta> = object
        .members
        .iter()
        .filter(|m| !m.disabled && m.has_expressible_kind())
        .collect();
    for m in &live {
        if m.name == "RequestId" && place == "response" {
            continue;
        }
        match spec.iter().find(|s| s.name == m.name) {
            None => report.add(
                key,
                format!(
                    "{place}: added `{}` ({}{})",
                    m.name,
                    meta_type(m),
                    if compare_required && m.required {
                        ", required"
                    } else {
                        ""
                    }
                ),
            ),
            Some(s) => {
                if !compatible(s.ty, s.quirk, m, api) {
                    report.add(
                        key,
                        format!(
                            "{place}: `{}` retyped: the spec says {}, the metadata {}",
                            m.name,
                            spec_type(s.ty),
                            meta_type(m)
                        ),
                    );
                }
                if compare_required && s.required != m.required {
                    let word = |r: bool| if r { "required" } else { "optional" };
                    report.add(
                        key,
                        format!(
                            "{place}: `{}` is {} in the spec, {} in the metadata",
                            m.name,
                            word(s.required),
                            word(m.required)
                        ),
                    );
                }
            }
        }
    }
    for s in spec {
        if !live.iter().any(|m| m.name == s.name) {
            report.add(
                key,
                format!(
                    "{place}: removed `{}` (the metadata no longer has it)",
                    s.name
                ),
            );
        }
    }
}

fn meta_type(m: &MemberMeta) -> String {
    if m.kind == "list" {
        format!("list of {}", m.member)
    } else {
        m.member.clone()
    }
}

fn spec_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::List(inner) => format!("list of {}", spec_type(inner)),
        TypeRef::Named(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Whether a spec type means the metadata's type.
fn compatible(ty: &TypeRef, quirk: WireQuirk, m: &MemberMeta, api: &Api) -> bool {
    let is_list = m.kind == "list";
    match (ty, is_list) {
        (TypeRef::List(inner), true) => scalar_compatible(inner, quirk, &m.member, api),
        (TypeRef::List(_), false) | (_, true) => false,
        (ty, false) => scalar_compatible(ty, quirk, &m.member, api),
    }
}

fn scalar_compatible(ty: &TypeRef, quirk: WireQuirk, member: &str, api: &Api) -> bool {
    let named = |n: &str| api.types.iter().find(|t| t.name == n);
    let is_enum = |t: Option<&TypeDef>| matches!(t.map(|t| &t.kind), Some(TypeKind::Enum(_)));
    match member {
        "string" | "binary" => {
            matches!(ty, TypeRef::String | TypeRef::DateTime | TypeRef::Date)
                || matches!(ty, TypeRef::Named(n) if is_enum(named(n)))
                // Numbers or ids sent as strings, declared so.
                || quirk != WireQuirk::None
        }
        "datetime" | "datetime_iso" | "date" => {
            matches!(ty, TypeRef::String | TypeRef::DateTime | TypeRef::Date)
        }
        "int64" | "int" | "uint64" => {
            ty.is_integer()
                || matches!(ty, TypeRef::Named(n) if is_enum(named(n)))
                || (quirk == WireQuirk::IdOrWord)
        }
        "float" | "double" => matches!(ty, TypeRef::F64) || ty.is_integer(),
        "bool" => matches!(ty, TypeRef::Bool),
        // An object: any spec'd struct (names may differ from the metadata's).
        _ => {
            matches!(ty, TypeRef::Named(n) if matches!(named(n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
        }
    }
}
