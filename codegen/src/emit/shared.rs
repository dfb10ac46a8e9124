//! Which named types of a service are emitted once, in the service's `types` module.
//!
//! The spec format keeps each API self-contained: an API file declares every named type it
//! uses, so the same type is written in every API that uses it (Tencent's metadata does the
//! same). A type that two or more APIs of a service declare with the same shape (docs aside)
//! is emitted once per service; a name whose shapes differ stays in each API's module. A
//! shared type can only refer to shared types, so sharing is narrowed until that holds.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Field, Service, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// The service-level named types.
#[derive(Debug, Default)]
pub(crate) struct SharedTypes {
    /// Name -> (the definition of the first API that declares it, whether any API sends it).
    pub types: BTreeMap<String, (TypeDef, bool)>,
}

impl SharedTypes {
    /// Whether the spec type `name` is emitted in the service's `types` module.
    pub fn contains(&self, name: &str) -> bool {
        self.types.contains_key(&naming::type_name(name))
    }
}

/// The shape of a type: the definition without its docs.
fn shape(def: &TypeDef) -> TypeDef {
    let strip_fields = |fields: &[Field]| -> Vec<Field> {
        fields
            .iter()
            .map(|f| Field {
                doc: None,
                ..f.clone()
            })
            .collect()
    };
    TypeDef {
        name: def.name.clone(),
        doc: None,
        kind: match &def.kind {
            TypeKind::Struct(fields) => TypeKind::Struct(strip_fields(fields)),
            TypeKind::Enum(e) => {
                let mut e = e.clone();
                for v in &mut e.values {
                    v.doc = None;
                }
                TypeKind::Enum(e)
            }
        },
    }
}

/// The Rust names of the named types a type refers to.
fn references(def: &TypeDef) -> Vec<String> {
    fn named(ty: &TypeRef) -> Option<String> {
        match ty {
            TypeRef::List(inner) => named(inner),
            TypeRef::Named(n) => Some(naming::type_name(n)),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(fields) => fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Finds the shared types of `service`; `sent(api)` gives the structs an API serialises.
pub(crate) fn shared_types(
    service: &Service,
    sent: impl Fn(&Api) -> BTreeSet<String>,
) -> SharedTypes {
    // Name -> (shape, first definition, number of APIs, consistent so far, sent by any).
    struct Seen {
        shape: TypeDef,
        first: TypeDef,
        apis: usize,
        consistent: bool,
        sent: bool,
    }
    // Keyed by Rust name: two spellings of one Rust name are one item in the module.
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    for api in &service.apis {
        let sent_here = sent(api);
        for def in &api.types {
            let is_sent = sent_here.contains(&def.name);
            let key = naming::type_name(&def.name);
            match seen.get_mut(&key) {
                Some(s) => {
                    s.apis += 1;
                    s.sent |= is_sent;
                    if s.consistent && s.shape != shape(def) {
                        s.consistent = false;
                    }
                }
                None => {
                    seen.insert(
                        key,
                        Seen {
                            shape: shape(def),
                            first: def.clone(),
                            apis: 1,
                            consistent: true,
                            sent: is_sent,
                        },
                    );
                }
            }
        }
    }
    let mut shared: BTreeSet<String> = seen
        .iter()
        .filter(|(_, s)| s.consistent && s.apis >= 2)
        .map(|(name, _)| name.clone())
        .collect();
    // A shared type's references must be shared too (they resolve in the same module).
    loop {
        let broken: Vec<String> = shared
            .iter()
            .filter(|name| {
                references(&seen[name.as_str()].first)
                    .iter()
                    .any(|r| !shared.contains(r))
            })
            .cloned()
            .collect();
        if broken.is_empty() {
            break;
        }
        for name in &broken {
            shared.remove(name);
        }
    }
    // A shared struct that one API sends is serialised by all: sending is a property of the
    // one emitted type, and what it refers to is sent with it.
    let mut sent_names: BTreeSet<String> = shared
        .iter()
        .filter(|n| seen[n.as_str()].sent)
        .cloned()
        .collect();
    loop {
        let more: Vec<String> = sent_names
            .iter()
            .flat_map(|n| references(&seen[n.as_str()].first))
            .filter(|r| !sent_names.contains(r))
            .collect();
        if more.is_empty() {
            break;
        }
        sent_names.extend(more);
    }
    SharedTypes {
        types: shared
            .into_iter()
            .map(|name| {
                let s = &seen[&name];
                let sent = sent_names.contains(&name);
                (name, (s.first.clone(), sent))
            })
            .collect(),
    }
}
