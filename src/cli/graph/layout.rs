//! A layered drawing of the node graph, read top to bottom: nodes in layers by their longest
//! distance from the start, each edge's label a box on the edge itself in the band below its
//! decision, crossings reduced by barycentre sweeps and boxes placed side by side without
//! overlapping. Every edge is a chain of boxes, one in each row it passes, so no line runs
//! through another edge's label or another node.

use std::collections::{HashMap, VecDeque};

/// A box's width and height, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

/// A box on the drawing, in points from the top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn centre_x(&self) -> f64 {
        self.x + self.w / 2.0
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// An edge to lay out: from one node to another, with a label box or none.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub label: Option<Size>,
}

/// What to lay out: each node's box (`None` for a node not drawn), the edges, the start, and the
/// width a row of labels should keep within (wider rows of labels are split in two or more).
#[derive(Debug, Clone)]
pub struct Input {
    pub nodes: Vec<Option<Size>>,
    pub links: Vec<Link>,
    pub start: Option<usize>,
    pub width: f64,
}

/// The drawing: where every node and label is, and each edge's path (ending where its arrow
/// points). Coordinates start at 0; `width` and `height` bound everything.
#[derive(Debug, Clone)]
pub struct Layout {
    pub nodes: Vec<Option<Rect>>,
    pub labels: Vec<Option<Rect>>,
    pub paths: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

/// Gap between two nodes side by side.
const NODE_GAP: f64 = 14.0;
/// Gap beside a label.
const LABEL_GAP: f64 = 6.0;
/// Gap beside a line passing through a row.
const PASS_GAP: f64 = 5.0;
/// Vertical gap between rows, where lines bend from one row to the next.
const ROW_GAP: f64 = 7.0;
/// Vertical gap beside a row that only lines pass through.
const THIN_GAP: f64 = 5.5;
/// How strongly each row is drawn towards the middle as it is placed, to keep the drawing narrow.
const PULL: f64 = 0.3;
/// Up and down sweeps tried to reduce crossings.
const SWEEPS: usize = 12;
/// Rounds of placing rows under the rows above and over the rows below.
const ROUNDS: usize = 8;

/// Each node's layer (its row, from 0 at the top), and which edges point upwards (they close a
/// loop). Layers follow the longest path from the start over the edges that do not close a
/// loop; nodes no path reaches sit just above what they lead to.
pub fn layers(input: &Input) -> (Vec<usize>, Vec<bool>) {
    let n = input.nodes.len();
    let drawn = |i: usize| input.nodes.get(i).is_some_and(Option::is_some);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, l) in input.links.iter().enumerate() {
        if drawn(l.from) && drawn(l.to) {
            out[l.from].push(e);
        }
    }
    let upward = upward_edges(input, &out);
    // The edges of the acyclic graph: each kept edge, upward ones turned round.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut preds = vec![0usize; n];
    for (e, l) in input.links.iter().enumerate() {
        if l.from == l.to || !drawn(l.from) || !drawn(l.to) {
            continue;
        }
        let (a, b) = if upward[e] {
            (l.to, l.from)
        } else {
            (l.from, l.to)
        };
        succ[a].push(b);
        preds[b] += 1;
    }
    let order = topological(&succ, &preds, drawn);
    let mut layer = vec![0usize; n];
    for &u in &order {
        for &v in &succ[u] {
            layer[v] = layer[v].max(layer[u] + 1);
        }
    }
    let reach = reachable(input, &out);
    for &u in order.iter().rev() {
        if reach[u] {
            continue;
        }
        if let Some(lowest) = succ[u].iter().map(|&v| layer[v]).min() {
            layer[u] = layer[u].max(lowest.saturating_sub(1));
        } else if preds[u] == 0 && Some(u) != input.start {
            // A node on its own: with the endings at the bottom.
            layer[u] = usize::MAX;
        }
    }
    let bottom = layer
        .iter()
        .filter(|&&l| l != usize::MAX)
        .max()
        .copied()
        .unwrap_or(0);
    for l in &mut layer {
        if *l == usize::MAX {
            *l = bottom;
        }
    }
    (layer, upward)
}

/// The edges that close a loop: those a depth-first walk from the start (then from every other
/// node, in file order) finds pointing back to a node still on its path. Self-loops included.
fn upward_edges(input: &Input, out: &[Vec<usize>]) -> Vec<bool> {
    let n = out.len();
    let mut upward = vec![false; input.links.len()];
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the path, 2 done
    let roots = input.start.into_iter().chain(0..n);
    for root in roots {
        if root >= n || state[root] != 0 || input.nodes[root].is_none() {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (u, ref mut k)) = stack.last_mut() {
            if let Some(&e) = out[u].get(*k) {
                *k += 1;
                let v = input.links[e].to;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => upward[e] = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    upward
}

/// The drawn nodes in an order where every edge goes forwards (Kahn's, smallest index first).
fn topological(succ: &[Vec<usize>], preds: &[usize], drawn: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut left = preds.to_vec();
    let mut queue: VecDeque<usize> = (0..succ.len())
        .filter(|&i| drawn(i) && left[i] == 0)
        .collect();
    let mut order = Vec::with_capacity(succ.len());
    while let Some(u) = queue.pop_front() {
        order.push(u);
        for &v in &succ[u] {
            left[v] -= 1;
            if left[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    order
}

fn reachable(input: &Input, out: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; out.len()];
    let Some(start) = input.start.filter(|&s| s < out.len()) else {
        return seen;
    };
    seen[start] = true;
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &e in &out[u] {
            let v = input.links[e].to;
            if !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
    }
    seen
}

/// What a box in a row stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Node(usize),
    Label(usize),
    Pass,
}

#[derive(Debug, Clone)]
struct Item {
    kind: Kind,
    w: f64,
    h: f64,
    /// The items joined to this one in the row above and the row below.
    up: Vec<usize>,
    down: Vec<usize>,
    /// Centre, once placed.
    x: f64,
}

/// Rows of items, top to bottom, and each edge's items from top to bottom.
struct Grid {
    items: Vec<Item>,
    rows: Vec<Vec<usize>>,
    chains: Vec<Vec<usize>>,
}

/// Lay out `input` with nodes in `layer` (as [`layers`] gives, with `upward` edges).
pub fn place(input: &Input, layer: &[usize], upward: &[bool]) -> Layout {
    let mut grid = grid(input, layer, upward);
    reduce_crossings(&mut grid);
    position(&mut grid);
    finish(input, &grid, upward)
}

/// The label's band for an edge: the layer above which it sits (downward edges: below the
/// decision; upward edges: above the node they leave).
fn band_of(l: &Link, layer: &[usize], upward: bool) -> usize {
    if upward && l.from != l.to {
        layer[l.from].saturating_sub(1)
    } else {
        layer[l.from]
    }
}

fn grid(input: &Input, layer: &[usize], upward: &[bool]) -> Grid {
    let drawn = |i: usize| input.nodes.get(i).is_some_and(Option::is_some);
    let layers = layer
        .iter()
        .enumerate()
        .filter(|&(i, _)| drawn(i))
        .map(|(_, &l)| l + 1)
        .max()
        .unwrap_or(0);
    // How many rows of labels each band needs, and which of them each label goes in.
    let mut band_width = vec![0.0_f64; layers];
    let mut band_count = vec![0usize; layers];
    let mut sub_row = vec![0usize; input.links.len()];
    for (e, l) in input.links.iter().enumerate() {
        if let (Some(size), true) = (l.label, drawn(l.from) && drawn(l.to)) {
            let b = band_of(l, layer, upward[e]);
            band_width[b] += size.w + LABEL_GAP;
            sub_row[e] = band_count[b];
            band_count[b] += 1;
        }
    }
    let split: Vec<usize> = band_width
        .iter()
        .map(|&w| ((w / input.width.max(1.0)).ceil() as usize).clamp(1, 8))
        .collect();
    let mut node_row = Vec::with_capacity(layers);
    let mut row = 0;
    for k in &split {
        node_row.push(row);
        row += 1 + k;
    }
    let mut grid = Grid {
        items: Vec::new(),
        rows: vec![Vec::new(); row],
        chains: vec![Vec::new(); input.links.len()],
    };
    let mut node_item = vec![usize::MAX; input.nodes.len()];
    for (i, size) in input.nodes.iter().enumerate() {
        if let Some(size) = size {
            node_item[i] = grid.push(node_row[layer[i]], Kind::Node(i), *size);
        }
    }
    for (e, l) in input.links.iter().enumerate() {
        if !drawn(l.from) || !drawn(l.to) {
            continue;
        }
        let b = band_of(l, layer, upward[e]);
        let label_row = node_row[b] + 1 + sub_row[e] % split[b];
        let (top, bottom) = if upward[e] {
            (l.to, l.from)
        } else {
            (l.from, l.to)
        };
        let mut chain = vec![node_item[top]];
        if l.from == l.to {
            let size = l.label.unwrap_or(Size { w: 12.0, h: 0.0 });
            chain.push(grid.push(node_row[b] + 1, Kind::Label(e), size));
        } else {
            for r in node_row[layer[top]] + 1..node_row[layer[bottom]] {
                let item = match l.label {
                    Some(size) if r == label_row => grid.push(r, Kind::Label(e), size),
                    _ => grid.push(r, Kind::Pass, Size { w: 0.0, h: 0.0 }),
                };
                chain.push(item);
            }
            chain.push(node_item[bottom]);
        }
        for pair in chain.windows(2) {
            grid.items[pair[0]].down.push(pair[1]);
            grid.items[pair[1]].up.push(pair[0]);
        }
        grid.chains[e] = chain;
    }
    grid
}

impl Grid {
    fn push(&mut self, row: usize, kind: Kind, size: Size) -> usize {
        let id = self.items.len();
        self.items.push(Item {
            kind,
            w: size.w,
            h: size.h,
            up: Vec::new(),
            down: Vec::new(),
            x: 0.0,
        });
        self.rows[row].push(id);
        id
    }

    fn positions(&self) -> Vec<f64> {
        let mut pos = vec![0.0; self.items.len()];
        for row in &self.rows {
            for (p, &item) in row.iter().enumerate() {
                pos[item] = p as f64;
            }
        }
        pos
    }

    /// How many pairs of lines cross between each row and the next, added up.
    fn crossings(&self) -> usize {
        let pos = self.positions();
        let mut total = 0;
        for row in &self.rows {
            let mut pairs: Vec<(f64, f64)> = row
                .iter()
                .flat_map(|&a| self.items[a].down.iter().map(move |&b| (a, b)))
                .map(|(a, b)| (pos[a], pos[b]))
                .collect();
            pairs.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
            // Count inversions of the lower ends (the rows are short: quadratic is fine).
            for i in 0..pairs.len() {
                for j in i + 1..pairs.len() {
                    if pairs[j].0 > pairs[i].0 && pairs[j].1 < pairs[i].1 {
                        total += 1;
                    }
                }
            }
        }
        total
    }
}

/// Sort each row by the mean position of its neighbours above (sweeping down) or below
/// (sweeping up), keeping the order with the fewest crossings.
fn reduce_crossings(grid: &mut Grid) {
    let mut best = grid.rows.clone();
    let mut fewest = grid.crossings();
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let rows: Vec<usize> = if down {
            (1..grid.rows.len()).collect()
        } else {
            (0..grid.rows.len().saturating_sub(1)).rev().collect()
        };
        for r in rows {
            let pos = grid.positions();
            let key: Vec<(usize, f64)> = grid.rows[r]
                .iter()
                .map(|&item| {
                    let it = &grid.items[item];
                    let near = if down { &it.up } else { &it.down };
                    let k = if near.is_empty() {
                        pos[item]
                    } else {
                        near.iter().map(|&m| pos[m]).sum::<f64>() / near.len() as f64
                    };
                    (item, k)
                })
                .collect();
            let mut sorted = key;
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1).then(pos[a.0].total_cmp(&pos[b.0])));
            grid.rows[r] = sorted.into_iter().map(|(item, _)| item).collect();
        }
        let crossings = grid.crossings();
        if crossings < fewest {
            fewest = crossings;
            best = grid.rows.clone();
        }
    }
    grid.rows = best;
}

/// The smallest distance between the centres of two neighbours in a row.
fn separation(a: &Item, b: &Item) -> f64 {
    let gap = match (a.kind, b.kind) {
        (Kind::Node(_), Kind::Node(_)) => NODE_GAP,
        (Kind::Node(_), Kind::Pass) | (Kind::Pass, Kind::Node(_)) => NODE_GAP / 2.0,
        (Kind::Pass, _) | (_, Kind::Pass) => PASS_GAP,
        _ => LABEL_GAP,
    };
    (a.w + b.w) / 2.0 + gap
}

/// Place one row as near its wished-for centres as the row's order and gaps allow (the least
/// squares answer, by pooling adjacent violators).
fn settle(grid: &mut Grid, r: usize, wish: &[f64]) {
    let row = &grid.rows[r];
    let mut offset = Vec::with_capacity(row.len());
    let mut at = 0.0;
    for (k, &item) in row.iter().enumerate() {
        if k > 0 {
            at += separation(&grid.items[row[k - 1]], &grid.items[item]);
        }
        offset.push(at);
    }
    // Blocks of (total, count) whose means must not decrease.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (k, w) in wish.iter().enumerate() {
        blocks.push((w - offset[k], 1.0, 1));
        while blocks.len() > 1 {
            let (t1, c1, n1) = blocks[blocks.len() - 1];
            let (t0, c0, n0) = blocks[blocks.len() - 2];
            if t0 / c0 <= t1 / c1 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (t0 + t1, c0 + c1, n0 + n1);
        }
    }
    let mut k = 0;
    for (total, count, n) in blocks {
        for _ in 0..n {
            let item = grid.rows[r][k];
            grid.items[item].x = total / count + offset[k];
            k += 1;
        }
    }
}

fn position(grid: &mut Grid) {
    for r in 0..grid.rows.len() {
        let wish = vec![0.0; grid.rows[r].len()];
        settle(grid, r, &wish);
    }
    let n = grid.rows.len();
    for round in 0..ROUNDS {
        let both = round + 2 >= ROUNDS;
        let down = (1..n).map(|r| (r, true));
        let up = (0..n.saturating_sub(1)).rev().map(|r| (r, false));
        for (r, from_above) in down.chain(up) {
            let wish: Vec<f64> = grid.rows[r]
                .iter()
                .map(|&item| {
                    let it = &grid.items[item];
                    let near: Vec<usize> = if both {
                        it.up.iter().chain(&it.down).copied().collect()
                    } else if from_above {
                        it.up.clone()
                    } else {
                        it.down.clone()
                    };
                    let mean = if near.is_empty() {
                        it.x
                    } else {
                        near.iter().map(|&m| grid.items[m].x).sum::<f64>() / near.len() as f64
                    };
                    mean * (1.0 - PULL)
                })
                .collect();
            settle(grid, r, &wish);
        }
    }
}

/// Row tops and heights, then every box and path in place.
fn finish(input: &Input, grid: &Grid, upward: &[bool]) -> Layout {
    let left = grid
        .items
        .iter()
        .map(|it| it.x - it.w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let left = if left.is_finite() { left } else { 0.0 };
    let heights: Vec<f64> = grid
        .rows
        .iter()
        .map(|row| row.iter().map(|&i| grid.items[i].h).fold(0.0_f64, f64::max))
        .collect();
    let mut tops = Vec::with_capacity(grid.rows.len());
    let mut y = 0.0;
    for (r, h) in heights.iter().enumerate() {
        if r > 0 {
            let thin = *h == 0.0 || heights[r - 1] == 0.0;
            let busy = !grid.rows[r].is_empty() || !grid.rows[r - 1].is_empty();
            y += match (busy, thin) {
                (false, _) => 0.0,
                (true, true) => THIN_GAP,
                (true, false) => ROW_GAP,
            };
        }
        tops.push(y);
        y += h;
    }
    let mut rect = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        grid.items.len()
    ];
    for (r, row) in grid.rows.iter().enumerate() {
        for &i in row {
            let it = &grid.items[i];
            rect[i] = Rect {
                x: it.x - it.w / 2.0 - left,
                y: tops[r] + (heights[r] - it.h) / 2.0,
                w: it.w,
                h: it.h,
            };
        }
    }
    let mut nodes = vec![None; input.nodes.len()];
    let mut labels = vec![None; input.links.len()];
    for (i, it) in grid.items.iter().enumerate() {
        match it.kind {
            Kind::Node(n) => nodes[n] = Some(rect[i]),
            Kind::Label(e) if input.links[e].label.is_some() => labels[e] = Some(rect[i]),
            _ => {}
        }
    }
    let ports = Ports::new(grid, &rect);
    let paths = grid
        .chains
        .iter()
        .enumerate()
        .map(|(e, chain)| {
            let l = &input.links[e];
            path(&rect, &ports, chain, upward[e], l.from == l.to)
        })
        .collect();
    let width = rect.iter().map(Rect::right).fold(0.0, f64::max);
    let height = rect.iter().map(Rect::bottom).fold(0.0, f64::max);
    Layout {
        nodes,
        labels,
        paths,
        width,
        height,
    }
}

/// Where lines meet a node: spread along its bottom (lines out) and top (lines in), in the order
/// of what they join, so that they fan out instead of meeting in one point.
struct Ports {
    /// For each (node item, neighbour item, below?): the x where the line meets the node.
    at: HashMap<(usize, usize, bool), f64>,
}

impl Ports {
    fn new(grid: &Grid, rect: &[Rect]) -> Self {
        let mut at = HashMap::new();
        for (i, it) in grid.items.iter().enumerate() {
            if !matches!(it.kind, Kind::Node(_)) {
                continue;
            }
            for (near, below) in [(&it.down, true), (&it.up, false)] {
                let mut order: Vec<usize> = near.clone();
                order.sort_by(|&a, &b| rect[a].centre_x().total_cmp(&rect[b].centre_x()));
                let spread = (rect[i].w * 0.6).min(order.len().saturating_sub(1) as f64 * 12.0);
                for (k, &m) in order.iter().enumerate() {
                    let step = if order.len() > 1 {
                        spread / (order.len() - 1) as f64
                    } else {
                        0.0
                    };
                    let x = rect[i].centre_x() - spread / 2.0 + step * k as f64;
                    at.insert((i, m, below), x);
                }
            }
        }
        Self { at }
    }

    fn x(&self, node: usize, near: usize, below: bool, fallback: f64) -> f64 {
        self.at
            .get(&(node, near, below))
            .copied()
            .unwrap_or(fallback)
    }
}

/// The points of an edge's path, in the direction of its arrow.
fn path(
    rect: &[Rect],
    ports: &Ports,
    chain: &[usize],
    upward: bool,
    self_loop: bool,
) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
        return points;
    };
    if self_loop {
        // A node that leads to itself: down to the label's top and back.
        let (node, label) = (rect[first], rect[last]);
        let quarter = label.w / 4.0;
        points = vec![
            (node.centre_x() - 4.0, node.bottom()),
            (label.centre_x() - quarter, label.y),
            (label.centre_x() + quarter, label.y),
            (node.centre_x() + 4.0, node.bottom()),
        ];
        return points;
    }
    points.push((
        ports.x(
            first,
            chain.get(1).copied().unwrap_or(last),
            true,
            rect[first].centre_x(),
        ),
        rect[first].bottom(),
    ));
    for &item in &chain[1..chain.len().saturating_sub(1)] {
        let r = rect[item];
        points.push((r.centre_x(), r.y));
        if r.h > 0.0 {
            points.push((r.centre_x(), r.bottom()));
        }
    }
    let before = chain[chain.len().saturating_sub(2)];
    points.push((
        ports.x(last, before, false, rect[last].centre_x()),
        rect[last].y,
    ));
    if upward {
        points.reverse();
    }
    points
}
