//! Use case: the council's tree as it stood on a date: the nodes that existed
//! then, under the names they had then, with the measures each owned.

use jiff::civil::Date;
use outturn_core::{Framework, Key, Node};
use outturn_store::Store;

use crate::AppError;
use crate::actor::Actor;

/// One node of the tree on a date, with its depth for indenting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    pub depth: usize,
    pub key: String,
    pub kind: String,
    /// The name on the date asked about.
    pub name: String,
    /// Codes of the measures the node owns.
    pub measures: Vec<String>,
}

pub async fn framework_tree(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    on: Date,
) -> Result<Vec<TreeLine>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let mut lines = Vec::new();
    let owned = |key: &Key| -> Vec<String> {
        council.measures.iter().filter(|m| &m.owner == key).map(|m| m.code.to_string()).collect()
    };
    walk(&council.framework, None, 0, on, &owned, &mut lines);
    Ok(lines)
}

fn walk(
    framework: &Framework,
    parent: Option<&Key>,
    depth: usize,
    on: Date,
    owned: &dyn Fn(&Key) -> Vec<String>,
    lines: &mut Vec<TreeLine>,
) {
    let children: Vec<&Node> = framework.children(parent).filter(|n| n.exists_on(on)).collect();
    for node in children {
        let kind = framework.kind(&node.kind).map_or_else(|| node.kind.to_string(), |k| k.name.clone());
        lines.push(TreeLine {
            depth,
            key: node.key.to_string(),
            kind,
            name: node.name_on(on).to_string(),
            measures: owned(&node.key),
        });
        walk(framework, Some(&node.key), depth + 1, on, owned, lines);
    }
}
