//! The principles catalogue (`principles.ron`): the practice principles that choices cite.

use std::collections::HashMap;

use super::diagnostic::{Code, Diagnostic};
use super::model::Principle;

/// The catalogue, with a lookup by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    principles: Vec<Principle>,
    by_id: HashMap<String, usize>,
}

impl Catalogue {
    /// The catalogue from its parsed entries; a repeated id keeps its first entry.
    pub fn new(principles: Vec<Principle>) -> Self {
        let mut by_id = HashMap::new();
        for (i, p) in principles.iter().enumerate() {
            by_id.entry(p.id.0.clone()).or_insert(i);
        }
        Self { principles, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Principle> {
        self.by_id.get(id).map(|&i| &self.principles[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.principles.iter().map(|p| p.id.as_str())
    }

    pub fn principles(&self) -> &[Principle] {
        &self.principles
    }

    /// The principle's name, or the id itself when the catalogue does not list it.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |p| p.name.as_str())
    }

    /// Problems in the catalogue itself: repeated ids.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for (i, p) in self.principles.iter().enumerate() {
            if let Some(first) = seen.insert(p.id.as_str(), i) {
                out.push(
                    Diagnostic::new(
                        Code::DuplicatePrinciple,
                        format!("the principle id \"{}\" is used twice", p.id),
                    )
                    .at(format!("[{i}].id"))
                    .with_help(format!("the first is entry {} of the catalogue", first + 1)),
                );
                seen.insert(p.id.as_str(), first);
            }
        }
        out
    }
}
