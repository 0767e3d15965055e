//! A council's framework: the kinds of node it uses (theme, business unit,
//! programme, objective, strand...) and its tree of nodes. Nodes are created,
//! renamed and closed over the years; the tree keeps that history so last
//! year's structure can still be shown.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::key::Key;
use crate::period::{FinancialYear, Period};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeKind {
    pub key: Key,
    pub name: String,
}

/// A name a node used to have, and the last day it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormerName {
    pub name: String,
    pub until: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub key: Key,
    pub kind: Key,
    /// The name now.
    pub name: String,
    pub parent: Option<Key>,
    pub created: Option<Date>,
    pub closed: Option<Date>,
    /// Earlier names, oldest first.
    pub former_names: Vec<FormerName>,
    pub outcomes: Vec<String>,
    /// The year's focus: what the programme is primarily focused on.
    pub focus: BTreeMap<FinancialYear, Vec<String>>,
    /// Delivery updates, one per period.
    pub updates: BTreeMap<Period, String>,
}

impl Node {
    /// Whether the node existed on the date.
    pub fn exists_on(&self, date: Date) -> bool {
        self.created.is_none_or(|c| c <= date) && self.closed.is_none_or(|c| date <= c)
    }
    /// The node's name on a date.
    pub fn name_on(&self, date: Date) -> &str {
        let mut former: Vec<&FormerName> = self.former_names.iter().collect();
        former.sort_by_key(|f| f.until);
        former.iter().find(|f| date <= f.until).map_or(&self.name, |f| &f.name)
    }
}

/// Problems with a framework's tree: which node, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkProblem {
    pub node: Key,
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Framework {
    pub kinds: Vec<NodeKind>,
    pub nodes: Vec<Node>,
    /// Where each node stands in `nodes`, built on the first lookup: a
    /// shared service's council has hundreds of nodes and tens of thousands
    /// of measures, each looked up by its owner on every evaluation.
    #[serde(skip)]
    index: NodeIndex,
}

/// Node positions by key. Two frameworks are equal by their kinds and
/// nodes whether or not either has been indexed yet.
#[derive(Clone, Default)]
struct NodeIndex(std::sync::OnceLock<(usize, HashMap<Key, usize>)>);

impl PartialEq for NodeIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for NodeIndex {}

impl std::fmt::Debug for NodeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NodeIndex")
    }
}

impl Framework {
    pub fn new(kinds: Vec<NodeKind>, nodes: Vec<Node>) -> Self {
        Framework { kinds, nodes, index: NodeIndex::default() }
    }

    pub fn node(&self, key: &Key) -> Option<&Node> {
        let (indexed, positions) = self.index.0.get_or_init(|| {
            let mut positions = HashMap::with_capacity(self.nodes.len());
            for (i, node) in self.nodes.iter().enumerate() {
                positions.entry(node.key.clone()).or_insert(i);
            }
            (self.nodes.len(), positions)
        });
        // The fields are public: should the nodes have changed since the
        // index was built, search them rather than trust it.
        match positions.get(key).and_then(|&i| self.nodes.get(i)) {
            Some(node) if &node.key == key => Some(node),
            _ if *indexed != self.nodes.len() || positions.contains_key(key) => {
                self.nodes.iter().find(|n| &n.key == key)
            }
            _ => None,
        }
    }
    pub fn kind(&self, key: &Key) -> Option<&NodeKind> {
        self.kinds.iter().find(|k| &k.key == key)
    }

    /// Whether `node` is `ancestor` or lies below it.
    pub fn is_under(&self, node: &Key, ancestor: &Key) -> bool {
        let mut current = Some(node);
        let mut steps = 0;
        while let Some(k) = current {
            if k == ancestor {
                return true;
            }
            current = self.node(k).and_then(|n| n.parent.as_ref());
            steps += 1;
            if steps > self.nodes.len() {
                return false;
            }
        }
        false
    }

    /// The nodes that existed on a date, in declared order.
    pub fn on(&self, date: Date) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(move |n| n.exists_on(date))
    }

    /// The children of a node (or the roots for `None`), in declared order.
    pub fn children<'a>(&'a self, parent: Option<&'a Key>) -> impl Iterator<Item = &'a Node> {
        self.nodes.iter().filter(move |n| n.parent.as_ref() == parent)
    }

    /// Checks kinds, parents, cycles, duplicate keys and dates.
    pub fn problems(&self) -> Vec<FrameworkProblem> {
        let mut problems = Vec::new();
        let mut seen = HashMap::new();
        for node in &self.nodes {
            let mut add = |field, message: String| {
                problems.push(FrameworkProblem { node: node.key.clone(), field, message });
            };
            if seen.insert(&node.key, ()).is_some() {
                add("key", format!("the key {} is used by more than one node", node.key));
            }
            if self.kind(&node.kind).is_none() {
                add("kind", format!("{} is not a node kind declared in [[node_kinds]]", node.kind));
            }
            if let Some(parent) = &node.parent {
                if self.node(parent).is_none() {
                    add("parent", format!("{parent} is not a node in this framework"));
                } else if self.is_under(parent, &node.key) {
                    add("parent", format!("{parent} is below {} already: the tree would loop", node.key));
                }
            }
            if let (Some(created), Some(closed)) = (node.created, node.closed)
                && closed < created
            {
                add("closed", format!("closed on {closed}, before it was created on {created}"));
            }
            if node.name.trim().is_empty() {
                add("name", "a node needs a name".to_string());
            }
        }
        problems
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use jiff::civil::date;

    pub(crate) fn node(key: &str, parent: Option<&str>) -> Node {
        Node {
            key: Key::parse(key).unwrap(),
            kind: Key::parse("unit").unwrap(),
            name: key.to_uppercase(),
            parent: parent.map(|p| Key::parse(p).unwrap()),
            created: None,
            closed: None,
            former_names: vec![],
            outcomes: vec![],
            focus: BTreeMap::new(),
            updates: BTreeMap::new(),
        }
    }

    fn framework(nodes: Vec<Node>) -> Framework {
        Framework::new(vec![NodeKind { key: Key::parse("unit").unwrap(), name: "Unit".into() }], nodes)
    }

    #[test]
    fn names_and_validity_over_time() {
        let mut n = node("housing", None);
        n.name = "Housing and Investment".into();
        n.former_names = vec![FormerName { name: "Housing".into(), until: date(2019, 3, 31) }];
        n.closed = Some(date(2022, 3, 31));
        assert_eq!(n.name_on(date(2018, 6, 1)), "Housing");
        assert_eq!(n.name_on(date(2019, 4, 1)), "Housing and Investment");
        assert!(n.exists_on(date(2022, 3, 31)));
        assert!(!n.exists_on(date(2022, 4, 1)));
    }

    #[test]
    fn tree_problems_are_found() {
        let f = framework(vec![node("a", Some("b")), node("b", Some("a")), node("c", Some("nope"))]);
        let fields: Vec<_> = f.problems().iter().map(|p| (p.node.to_string(), p.field)).collect();
        assert!(fields.contains(&("a".into(), "parent")));
        assert!(fields.contains(&("c".into(), "parent")));
        let ok = framework(vec![node("a", None), node("b", Some("a"))]);
        assert!(ok.problems().is_empty());
        assert!(ok.is_under(&Key::parse("b").unwrap(), &Key::parse("a").unwrap()));
        assert!(!ok.is_under(&Key::parse("a").unwrap(), &Key::parse("b").unwrap()));
    }
}
