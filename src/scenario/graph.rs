//! The node graph: ids to indices, successors, and reachability both ways.

use std::collections::{HashMap, VecDeque};

use super::model::{NodeKind, Scenario};

/// A scenario's nodes as a graph of indices. References to unknown nodes are left out (the
/// validator reports them), so the graph of a broken scenario is still safe to walk.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Node id to the index of the first node with that id.
    pub index: HashMap<String, usize>,
    /// Successor indices of each node (choices, next and chance targets), without duplicates.
    pub succ: Vec<Vec<usize>>,
    pub start: Option<usize>,
}

impl Graph {
    pub fn new(s: &Scenario) -> Self {
        let mut index = HashMap::with_capacity(s.nodes.len());
        for (i, n) in s.nodes.iter().enumerate() {
            index.entry(n.id.0.clone()).or_insert(i);
        }
        let succ = s
            .nodes
            .iter()
            .map(|n| {
                let mut out: Vec<usize> = n
                    .successors()
                    .filter_map(|id| index.get(id.as_str()).copied())
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        let start = index.get(s.start.as_str()).copied();
        Self { index, succ, start }
    }

    pub fn len(&self) -> usize {
        self.succ.len()
    }

    pub fn is_empty(&self) -> bool {
        self.succ.is_empty()
    }

    /// Which nodes a path from `start` reaches.
    pub fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        if let Some(start) = self.start {
            bfs(&self.succ, [start], &mut seen);
        }
        seen
    }

    /// Which nodes can reach one of `targets`.
    pub fn reaching(&self, targets: impl IntoIterator<Item = usize>) -> Vec<bool> {
        let mut pred = vec![Vec::new(); self.len()];
        for (from, succ) in self.succ.iter().enumerate() {
            for &to in succ {
                pred[to].push(from);
            }
        }
        let mut seen = vec![false; self.len()];
        bfs(&pred, targets, &mut seen);
        seen
    }

    /// The indices of ending nodes.
    pub fn endings(s: &Scenario) -> impl Iterator<Item = usize> + '_ {
        s.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind(), Some(NodeKind::Ending(_))))
            .map(|(i, _)| i)
    }
}

fn bfs(adj: &[Vec<usize>], from: impl IntoIterator<Item = usize>, seen: &mut [bool]) {
    let mut queue = VecDeque::new();
    for f in from {
        if !seen[f] {
            seen[f] = true;
            queue.push_back(f);
        }
    }
    while let Some(n) = queue.pop_front() {
        for &m in &adj[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
}
