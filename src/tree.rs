//! The slim block tree: what survives the scan, as an arena of nodes.
//!
//! lol_html streams tokens and builds no DOM; it also applies none of HTML's implied end tags
//! (`<p>a<p>b` nests in its view). [`TreeBuilder`] keeps its own stack of open elements, closes
//! elements the way an HTML parser would (a block start closes an open `p`, `li` closes `li`,
//! table parts close each other, …) and credits each text node to the innermost open element.
//! Only what later stages read is stored: tag names, attributes (minus event handlers) and
//! decoded text. Script and style bodies are dropped, except JSON-LD, which metadata reads.

use std::borrow::Cow;

use crate::article::Kind;

/// Index of a node in [`Tree::nodes`]. The document node is always `0`.
pub(crate) type NodeId = usize;

/// The document node's id.
pub(crate) const ROOT: NodeId = 0;

#[derive(Debug, Clone)]
pub(crate) struct Tree {
    /// Private: every change goes through a method that records it in the journal while a
    /// scoring attempt runs, so [`Tree::rollback`] can undo any change, not only the ones made
    /// by code that happens to run after the checkpoint.
    nodes: Vec<Node>,
    /// Why nodes were marked removed; `Node::removed` indexes this.
    marks: Vec<Mark>,
    /// The text of every text node, back to back: a text node holds a [`Span`] of it, so
    /// the page's text costs one growing buffer instead of an allocation per text node.
    texts: String,
    /// While a scoring attempt runs: how to undo it (see [`Tree::checkpoint`]).
    journal: Option<Journal>,
}

/// The links, names, marks and attributes of every node changed since [`Tree::checkpoint`],
/// as they were then. Only touched nodes are saved: copying every node before each scoring
/// attempt was most of the peak memory on big pages, and an attempt changes a small part of
/// the tree.
#[derive(Debug, Clone, Default)]
struct Journal {
    /// Nodes in the arena at the checkpoint; nodes created later are dropped on rollback.
    len: usize,
    /// Marks at the checkpoint; marks added later are dropped on rollback.
    marks: usize,
    touched: Vec<bool>,
    saved: Vec<Saved>,
    /// Attributes are saved apart, the first time they change (rarely: they are big).
    attrs_touched: Vec<bool>,
    saved_attrs: Vec<(NodeId, Vec<(String, String)>)>,
}

#[derive(Debug, Clone)]
struct Saved {
    id: NodeId,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
    name: Option<TagName>,
    removed: Option<u32>,
}

/// An optional node id in four bytes (`u32::MAX` is none): every node stores one, and pages
/// have hundreds of thousands of nodes (the node budget keeps ids far below `u32::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Link(u32);

impl Link {
    pub const NONE: Link = Link(u32::MAX);

    pub fn new(id: Option<NodeId>) -> Link {
        id.and_then(|i| u32::try_from(i).ok())
            .filter(|&i| i != u32::MAX)
            .map_or(Link::NONE, Link)
    }

    pub fn get(self) -> Option<NodeId> {
        (self != Link::NONE).then_some(self.0 as NodeId)
    }
}

#[derive(Debug, Clone)]
struct Node {
    parent: Link,
    children: Vec<NodeId>,
    data: NodeData,
    /// Set when a rule or heuristic removed this node (and so its whole subtree).
    removed: Option<u32>,
    /// Where this node is in its parent's `children`, kept exact by every change to a child
    /// list, so sibling steps are O(1) (pages with 100 000 siblings exist).
    index: std::cell::Cell<u32>,
}

impl Node {
    /// A node holding `data`, with no parent and no children yet.
    fn new(data: NodeData) -> Node {
        Node {
            parent: Link::NONE,
            children: Vec::new(),
            data,
            removed: None,
            index: Default::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum NodeData {
    Document,
    Element(Elem),
    Text(Span),
}

/// Where a text node's text lies in [`Tree`]'s text buffer (byte offsets; input is at most
/// a few hundred MB, so `u32` holds them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Elem {
    /// Lower-case local name (`div`, `p`, `svg`, …).
    pub name: TagName,
    /// Attributes in source order, names lower-case, values entity-decoded. `on*` handlers are
    /// never stored.
    pub attrs: Vec<(String, String)>,
}

/// An element's tag name. The names HTML defines (and the few we create) are shared statics,
/// so an element costs no allocation for its name; any other name owns its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagName(Cow<'static, str>);

/// Tag names stored without an allocation, sorted for binary search.
static KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "bs-removed",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "path",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

impl TagName {
    pub fn new(name: &str) -> TagName {
        match KNOWN_TAGS.binary_search(&name) {
            Ok(i) => TagName(Cow::Borrowed(KNOWN_TAGS[i])),
            Err(_) => TagName(Cow::Owned(name.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for TagName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for TagName {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for TagName {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

/// A removal recorded against a node: what kind of block it was and which rule said so.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub kind: Kind,
    pub rule: String,
}

impl Elem {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| n == name)
    }

    /// `class` and `id` joined by a space: the string Readability-style hints match against.
    /// Borrowed when the element has only one of them (most elements: no allocation).
    pub fn class_and_id(&self) -> Cow<'_, str> {
        match (self.attr("class"), self.attr("id")) {
            (None, None) => Cow::Borrowed(""),
            (Some(c), None) => Cow::Borrowed(c),
            (None | Some(""), Some(i)) => Cow::Borrowed(i),
            (Some(c), Some(i)) => Cow::Owned(format!("{c} {i}")),
        }
    }

    /// [`Elem::class_and_id`], lower-cased (borrowed when it already is, as it usually is).
    pub fn class_and_id_lower(&self) -> Cow<'_, str> {
        let s = self.class_and_id();
        if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return s;
        }
        let mut s = s.into_owned();
        if s.is_ascii() {
            s.make_ascii_lowercase();
            Cow::Owned(s)
        } else {
            Cow::Owned(s.to_lowercase())
        }
    }
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

impl Tree {
    /// A tree holding only the document node.
    pub fn new() -> Tree {
        Tree {
            nodes: vec![Node::new(NodeData::Document)],
            marks: Vec::new(),
            texts: String::new(),
            journal: None,
        }
    }

    /// Nodes in the arena (ids are `0..len()`, detached ones included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// What the node is: the document, an element or a text.
    pub fn data(&self, id: NodeId) -> &NodeData {
        &self.nodes[id].data
    }

    /// The mark a rule or heuristic put on this very node.
    pub fn mark_of(&self, id: NodeId) -> Option<&Mark> {
        self.nodes[id]
            .removed
            .and_then(|m| self.marks.get(m as usize))
    }

    pub fn is_marked(&self, id: NodeId) -> bool {
        self.nodes[id].removed.is_some()
    }

    /// Every mark made, in order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    pub fn elem(&self, id: NodeId) -> Option<&Elem> {
        match &self.nodes[id].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The element's tag name, or `""` for text and the document.
    pub fn name(&self, id: NodeId) -> &str {
        self.elem(id).map_or("", |e| e.name.as_str())
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.elem(id).and_then(|e| e.attr(name))
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id].children
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent.get()
    }

    /// Element children only.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(move |&c| matches!(self.nodes[c].data, NodeData::Element(_)))
    }

    /// All nodes below `id` in document order (not including `id`).
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        stack.shrink_to_fit();
        Descendants { tree: self, stack }
    }

    /// Descendant elements named `name`.
    pub fn find_all<'a>(&'a self, id: NodeId, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(id).filter(move |&d| self.name(d) == name)
    }

    /// Concatenated text of the subtree, like DOM `textContent`.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut s = String::new();
        self.append_text(id, &mut s);
        s
    }

    pub fn append_text(&self, id: NodeId, out: &mut String) {
        if let Some(t) = self.text(id) {
            out.push_str(t);
            return;
        }
        for d in self.descendants(id) {
            if let Some(t) = self.text(d) {
                out.push_str(t);
            }
        }
    }

    /// A text node's text; `None` for elements and the document.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.nodes[id].data {
            NodeData::Text(span) => Some(self.span(span)),
            _ => None,
        }
    }

    /// The text a [`Span`] covers.
    pub fn span(&self, span: Span) -> &str {
        self.texts
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// Appends `text` to the text buffer; `extend` is a span ending at the buffer's end that
    /// the new text continues (otherwise the new span covers `text` alone).
    fn push_text(&mut self, text: &str, extend: Option<Span>) -> Span {
        let start = match extend {
            Some(s) if s.end as usize == self.texts.len() => s.start,
            Some(s) => {
                // Not at the end: copy it there so the joined text stays contiguous.
                let from = self.texts.len();
                let old = self.span(s).to_string();
                self.texts.push_str(&old);
                from as u32
            }
            None => self.texts.len() as u32,
        };
        self.texts.push_str(text);
        Span {
            start,
            end: self.texts.len() as u32,
        }
    }

    /// Ancestors from the parent up to the document node.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].parent.get(), move |&p| {
            self.nodes[p].parent.get()
        })
    }

    /// The first `<body>` element, else the document.
    pub fn body(&self) -> NodeId {
        self.find_all(ROOT, "body").next().unwrap_or(ROOT)
    }

    /// The removal mark on this node or its nearest marked ancestor.
    pub fn removal(&self, id: NodeId) -> Option<u32> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find_map(|n| self.nodes[n].removed)
    }

    /// A new element with no parent.
    pub fn create(&mut self, name: &str) -> NodeId {
        self.create_with_attrs(name, Vec::new())
    }

    /// A new element with no parent and these attributes.
    pub fn create_with_attrs(&mut self, name: &str, attrs: Vec<(String, String)>) -> NodeId {
        self.nodes.push(Node::new(NodeData::Element(Elem {
            name: TagName::new(name),
            attrs,
        })));
        self.nodes.len() - 1
    }

    /// Appends `text` to `parent` as its last child: joined to the last child when that is a
    /// text node already (text arriving in pieces makes one node), else as a new text node.
    pub fn append_text_child(&mut self, parent: NodeId, text: &str) -> NodeId {
        if let Some(&last) = self.nodes[parent].children.last() {
            if let NodeData::Text(span) = self.nodes[last].data {
                let joined = self.push_text(text, Some(span));
                self.nodes[last].data = NodeData::Text(joined);
                return last;
            }
        }
        let id = self.create_text(text);
        self.append(parent, id);
        id
    }

    /// Replaces an element's attributes.
    pub fn set_attrs(&mut self, id: NodeId, attrs: Vec<(String, String)>) {
        self.touch_attrs(id);
        if let NodeData::Element(e) = &mut self.nodes[id].data {
            e.attrs = attrs;
        }
    }

    /// A new text node with no parent.
    pub fn create_text(&mut self, text: &str) -> NodeId {
        let span = self.push_text(text, None);
        self.nodes.push(Node::new(NodeData::Text(span)));
        self.nodes.len() - 1
    }

    /// The position of `id` in its parent's `children`: O(1), since every change to a child
    /// list refreshes the positions it moves. (The search behind it never runs while that
    /// holds; the linearity tests count it.)
    pub fn index_in_parent(&self, id: NodeId) -> Option<usize> {
        let p = self.nodes[id].parent.get()?;
        let ch = &self.nodes[p].children;
        let hint = self.nodes[id].index.get() as usize;
        if ch.get(hint) == Some(&id) {
            return Some(hint);
        }
        work::add(ch.len());
        let found = ch.iter().position(|&c| c == id)?;
        self.nodes[id].index.set(found as u32);
        Some(found)
    }

    /// Starts recording changes to the tree, so [`Tree::rollback`] can undo them.
    pub fn checkpoint(&mut self) {
        self.journal = Some(Journal {
            len: self.nodes.len(),
            marks: self.marks.len(),
            touched: vec![false; self.nodes.len()],
            saved: Vec::new(),
            attrs_touched: vec![false; self.nodes.len()],
            saved_attrs: Vec::new(),
        });
    }

    /// Puts back the links and names saved since the checkpoint and drops nodes created since;
    /// recording goes on from the restored state.
    pub fn rollback(&mut self) {
        let Some(mut j) = self.journal.take() else {
            return;
        };
        for s in j.saved.drain(..) {
            // Sibling-index hints of restored lists are refreshed: a stale hint costs a scan
            // of the whole list, and lists of 100 000 siblings exist.
            for (i, &c) in s.children.iter().enumerate() {
                self.nodes[c].index.set(i as u32);
            }
            let node = &mut self.nodes[s.id];
            node.parent = Link::new(s.parent);
            node.children = s.children;
            node.removed = s.removed;
            if let (NodeData::Element(e), Some(name)) = (&mut node.data, s.name) {
                e.name = name;
            }
            j.touched[s.id] = false;
        }
        for (id, attrs) in j.saved_attrs.drain(..) {
            if let NodeData::Element(e) = &mut self.nodes[id].data {
                e.attrs = attrs;
            }
            j.attrs_touched[id] = false;
        }
        self.nodes.truncate(j.len);
        self.marks.truncate(j.marks);
        self.journal = Some(j);
    }

    /// Stops recording; the tree keeps its current shape.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Saves `id`'s links and name before a change, the first time it changes.
    fn touch(&mut self, id: NodeId) {
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        if id >= j.len || std::mem::replace(&mut j.touched[id], true) {
            return;
        }
        let node = &self.nodes[id];
        j.saved.push(Saved {
            id,
            parent: node.parent.get(),
            children: node.children.clone(),
            name: match &node.data {
                NodeData::Element(e) => Some(e.name.clone()),
                _ => None,
            },
            removed: node.removed,
        });
    }

    /// Saves `id`'s attributes before a change, the first time they change.
    fn touch_attrs(&mut self, id: NodeId) {
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        if id >= j.len || std::mem::replace(&mut j.attrs_touched[id], true) {
            return;
        }
        if let NodeData::Element(e) = &self.nodes[id].data {
            j.saved_attrs.push((id, e.attrs.clone()));
        }
    }

    /// Takes `id` out of its parent's children (the node and its subtree stay in the arena).
    pub fn detach(&mut self, id: NodeId) {
        if let Some(i) = self.index_in_parent(id) {
            if let Some(p) = self.nodes[id].parent.get() {
                self.touch(id);
                self.touch(p);
                self.nodes[id].parent = Link::NONE;
                self.nodes[p].children.remove(i);
                // The later siblings moved one place up: their positions follow (the same
                // order of work as the shift itself). Detaching many nodes of one parent is
                // `detach_all`'s job: one by one is quadratic.
                work::add(self.nodes[p].children.len() - i);
                for j in i..self.nodes[p].children.len() {
                    let c = self.nodes[p].children[j];
                    self.nodes[c].index.set(j as u32);
                }
            }
        }
    }

    /// Takes every node of `ids` out of its parent, in one pass per parent (detaching them one
    /// by one shifts the parent's list each time: quadratic for a run of 100 000 `<br>`s).
    pub fn detach_all(&mut self, ids: &[NodeId]) {
        let mut leaving = vec![false; self.nodes.len()];
        let mut seen = vec![false; self.nodes.len()];
        let mut parents: Vec<NodeId> = Vec::new();
        for &n in ids {
            if let Some(p) = self.nodes[n].parent.get() {
                self.touch(n);
                self.touch(p);
                self.nodes[n].parent = Link::NONE;
                leaving[n] = true;
                if !std::mem::replace(&mut seen[p], true) {
                    parents.push(p);
                }
            }
        }
        for p in parents {
            let mut ch = std::mem::take(&mut self.nodes[p].children);
            work::add(ch.len());
            ch.retain(|&c| !leaving[c]);
            for (i, &c) in ch.iter().enumerate() {
                self.nodes[c].index.set(i as u32);
            }
            self.nodes[p].children = ch;
        }
    }

    /// Takes all of `id`'s children out (they keep their own subtrees), in order. Appending
    /// them back one by one is then O(1) each: a way to rebuild a long child list in one pass.
    pub fn take_children(&mut self, id: NodeId) -> Vec<NodeId> {
        self.touch(id);
        let kids = std::mem::take(&mut self.nodes[id].children);
        for &k in &kids {
            self.touch(k);
            self.nodes[k].parent = Link::NONE;
        }
        kids
    }

    /// Appends `child` (detached first) to `parent`.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        self.touch(child);
        self.touch(parent);
        self.nodes[child].parent = Link::new(Some(parent));
        self.nodes[child]
            .index
            .set(self.nodes[parent].children.len() as u32);
        self.nodes[parent].children.push(child);
    }

    /// Moves `nodes` (in this order) to the end of `new_parent`'s children, taking each out of
    /// its old parent in one pass per parent rather than one shift per node.
    pub fn move_into(&mut self, nodes: &[NodeId], new_parent: NodeId) {
        self.detach_all(nodes);
        self.touch(new_parent);
        for &n in nodes {
            self.touch(n);
            self.nodes[n].parent = Link::new(Some(new_parent));
            self.nodes[n]
                .index
                .set(self.nodes[new_parent].children.len() as u32);
            self.nodes[new_parent].children.push(n);
        }
    }

    /// Puts `new` (detached first) where `old` stands; `old` is left detached.
    pub fn replace(&mut self, old: NodeId, new: NodeId) {
        self.detach(new);
        let Some(i) = self.index_in_parent(old) else {
            return;
        };
        let Some(p) = self.nodes[old].parent.get() else {
            return;
        };
        self.touch(old);
        self.touch(p);
        self.touch(new);
        self.nodes[old].parent = Link::NONE;
        self.nodes[p].children[i] = new;
        self.nodes[new].parent = Link::new(Some(p));
        self.nodes[new].index.set(i as u32);
    }

    /// Renames an element (Readability's `_setNodeTag`; attributes and children stay).
    pub fn set_name(&mut self, id: NodeId, name: &str) {
        self.touch(id);
        if let NodeData::Element(e) = &mut self.nodes[id].data {
            e.name = TagName::new(name);
        }
    }

    /// The next sibling node.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id].parent.get()?;
        let i = self.index_in_parent(id)?;
        self.nodes[p].children.get(i + 1).copied()
    }

    /// Marks `id` removed for `kind` by `rule`, unless it already is.
    pub fn mark(&mut self, id: NodeId, kind: Kind, rule: &str) {
        if self.nodes[id].removed.is_some() {
            return;
        }
        self.touch(id);
        let idx = self.marks.len() as u32;
        self.marks.push(Mark {
            kind,
            rule: rule.to_string(),
        });
        self.nodes[id].removed = Some(idx);
    }
}

pub(crate) struct Descendants<'a> {
    tree: &'a Tree,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        work::add(1);
        self.stack
            .extend(self.tree.nodes[id].children.iter().rev().copied());
        Some(id)
    }
}

/// A count of the tree work done — nodes visited by walks, child-list entries shifted or
/// searched — that the unit tests read to show a stage is linear: the same shape at n and at
/// 4n must cost about 4× (a quadratic pass costs 16×). Counting instead of timing makes the
/// test exact and immune to a busy machine. Compiled only into the unit tests.
#[cfg(test)]
pub(crate) mod work {
    use std::cell::Cell;

    thread_local! {
        static STEPS: Cell<u64> = const { Cell::new(0) };
    }

    pub fn add(n: usize) {
        STEPS.with(|s| s.set(s.get() + n as u64));
    }

    /// The steps counted on this thread since the last call.
    pub fn take() -> u64 {
        STEPS.with(|s| s.replace(0))
    }
}

#[cfg(not(test))]
mod work {
    #[inline(always)]
    pub fn add(_: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::TreeBuilder;

    fn el(b: &mut TreeBuilder, name: &str) -> Option<NodeId> {
        b.open(name.to_string(), vec![], false, usize::MAX / 2)
    }

    #[test]
    fn known_tags_are_sorted_and_shared() {
        assert!(KNOWN_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(matches!(TagName::new("div").0, Cow::Borrowed(_)));
        assert!(matches!(
            TagName::new(crate::PLACEHOLDER).0,
            Cow::Borrowed(_)
        ));
        assert_eq!(TagName::new("my-widget").as_str(), "my-widget");
    }

    /// Every node's parent, children, name, attributes and mark: what a rollback restores.
    #[allow(clippy::type_complexity)]
    fn shape(
        t: &Tree,
    ) -> Vec<(
        Option<NodeId>,
        Vec<NodeId>,
        String,
        Vec<(String, String)>,
        Option<Mark>,
        bool,
    )> {
        (0..t.nodes.len())
            .map(|i| {
                (
                    t.parent(i),
                    t.children(i).to_vec(),
                    t.name(i).to_string(),
                    t.elem(i).map(|e| e.attrs.clone()).unwrap_or_default(),
                    t.mark_of(i).cloned(),
                    t.is_marked(i),
                )
            })
            .collect()
    }

    #[test]
    fn rollback_restores_the_shape_at_the_checkpoint() {
        // Each mutator below is the first to touch some node, so leaving out any one of its
        // journal entries fails the comparison.
        let mut b = TreeBuilder::new(512);
        let body = el(&mut b, "body").unwrap();
        let div = el(&mut b, "div").unwrap();
        b.text("one");
        let p = el(&mut b, "p").unwrap();
        b.text("two");
        b.close(p);
        b.close(div);
        let font = el(&mut b, "font").unwrap();
        b.text("three");
        b.close(font);
        let section = el(&mut b, "section").unwrap();
        let em = el(&mut b, "em").unwrap();
        b.text("four");
        b.close(em);
        b.close(section);
        let quote = el(&mut b, "blockquote").unwrap();
        let q = el(&mut b, "q").unwrap();
        b.text("five");
        b.close(q);
        b.close(quote);
        let list = el(&mut b, "ul").unwrap();
        let li = el(&mut b, "li").unwrap();
        b.text("six");
        b.close(li);
        b.close(list);
        let ol = el(&mut b, "ol").unwrap();
        let item = el(&mut b, "li").unwrap();
        b.text("seven");
        b.close(item);
        b.close(ol);
        let aside = el(&mut b, "aside").unwrap();
        b.text("eight");
        b.close(aside);
        let orphans: Vec<NodeId> = (0..3).map(|_| el(&mut b, "hr").unwrap()).collect();
        let mut t = b.finish();
        // Nodes already out of the tree at the checkpoint (as scoring finds the page's
        // scripts): putting them back in must be undone too.
        for &o in &orphans {
            t.detach(o);
        }
        t.set_attrs(div, vec![("id".into(), "story".into())]); // before the checkpoint: kept
        t.mark(quote, Kind::Related, "kept");
        let before = shape(&t);
        let marks_before = t.marks().len();
        let texts_before = t.text_content(ROOT);

        for round in 0..2 {
            t.checkpoint();
            t.set_name(font, "span"); // set_name: font
            let kids = t.take_children(div); // take_children: div, its children
            let wrapper = t.create("article");
            t.move_into(&kids, wrapper); // (wrapper is new)
            t.append(body, wrapper); // append: body
            t.detach(em); // detach: em, section
            let extra = t.create_text("added");
            t.replace(q, extra); // replace: q, blockquote
            let moved = t.take_children(li);
            t.move_into(&moved, list); // move_into: list (li and its text by take_children)
            t.move_into(&[item], wrapper); // detach_all: item, ol
            t.append(wrapper, orphans[0]); // append: an orphan
            t.move_into(&[orphans[1]], wrapper); // move_into: an orphan
            let spare = t.create("p");
            t.append(wrapper, spare);
            t.replace(spare, orphans[2]); // replace: an orphan as the new node
            t.mark(aside, Kind::Promo, "test"); // mark: aside (its mark, the marks list)
            t.set_attrs(div, vec![("class".into(), "x".into())]); // set_attrs: div
            t.set_attrs(div, vec![]); // the second change keeps the first saved copy
            assert_ne!(
                shape(&t),
                before,
                "round {round}: the mutations changed nothing"
            );
            t.rollback();
            assert_eq!(shape(&t), before, "round {round}");
            assert_eq!(t.marks().len(), marks_before);
            assert_eq!(t.text_content(ROOT), texts_before);
            // Sibling-index hints agree with the restored lists.
            for id in 1..t.nodes.len() {
                if let Some(parent) = t.parent(id) {
                    assert_eq!(t.children(parent)[t.index_in_parent(id).unwrap()], id);
                }
            }
        }
        // After commit, changes stay.
        t.checkpoint();
        t.set_name(div, "article");
        t.commit();
        t.rollback();
        assert_eq!(t.name(div), "article");
    }
}
