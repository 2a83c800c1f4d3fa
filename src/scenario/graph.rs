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

    /// Strongly connected components of the graph restricted to the edges `keep` allows: the
    /// component number of each node (iterative Tarjan, so no recursion on long chains).
    pub fn components(&self, keep: impl Fn(usize, usize) -> bool) -> Vec<usize> {
        const UNSEEN: usize = usize::MAX;
        let n = self.len();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut component = vec![UNSEEN; n];
        let mut stack = Vec::new();
        let mut next_index = 0;
        let mut next_component = 0;
        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            // (node, position in its successor list)
            let mut work = vec![(root, 0usize)];
            index[root] = next_index;
            low[root] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut k)) = work.last_mut() {
                if let Some(&w) = self.succ[v].get(*k) {
                    *k += 1;
                    if !keep(v, w) {
                        continue;
                    }
                    if index[w] == UNSEEN {
                        index[w] = next_index;
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = next_component;
                        if w == v {
                            break;
                        }
                    }
                    next_component += 1;
                }
            }
        }
        component
    }

    /// Whether node `i` lies on a cycle within its component: the component has another node,
    /// or `i` leads to itself.
    pub fn in_cycle(&self, i: usize, component: &[usize]) -> bool {
        self.succ[i].contains(&i)
            || self.succ[i]
                .iter()
                .any(|&t| t != i && component[t] == component[i])
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
