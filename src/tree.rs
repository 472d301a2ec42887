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
    pub nodes: Vec<Node>,
    /// Why nodes were marked removed during the scan; `Node::removed` indexes this.
    pub marks: Vec<Mark>,
    /// The text of every text node, back to back: a text node holds a [`Span`] of it, so
    /// the page's text costs one growing buffer instead of an allocation per text node.
    texts: String,
    /// While a scoring attempt runs: how to undo it (see [`Tree::checkpoint`]).
    journal: Option<Journal>,
}

/// The links and names of every node changed since [`Tree::checkpoint`], as they were then.
/// Only touched nodes are saved: copying every node's links before each scoring attempt was
/// most of the peak memory on big pages, and an attempt changes a small part of the tree.
#[derive(Debug, Clone, Default)]
struct Journal {
    /// Nodes in the arena at the checkpoint; nodes created later are dropped on rollback.
    len: usize,
    touched: Vec<bool>,
    saved: Vec<Saved>,
}

#[derive(Debug, Clone)]
struct Saved {
    id: NodeId,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
    name: Option<TagName>,
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
pub(crate) struct Node {
    pub parent: Link,
    pub children: Vec<NodeId>,
    pub data: NodeData,
    /// Set when a rule or heuristic removed this node (and so its whole subtree).
    pub removed: Option<u32>,
    /// Where this node last was in its parent's `children`: a hint that makes sibling steps
    /// O(1) (pages with 100 000 siblings exist), checked before use and refreshed on a miss.
    pub index: std::cell::Cell<u32>,
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

impl Tree {
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
        self.nodes.push(Node::new(NodeData::Element(Elem {
            name: TagName::new(name),
            attrs: Vec::new(),
        })));
        self.nodes.len() - 1
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

    /// Starts recording changes to the tree's shape, so [`Tree::rollback`] can undo them.
    pub fn checkpoint(&mut self) {
        self.journal = Some(Journal {
            len: self.nodes.len(),
            touched: vec![false; self.nodes.len()],
            saved: Vec::new(),
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
            if let (NodeData::Element(e), Some(name)) = (&mut node.data, s.name) {
                e.name = name;
            }
            j.touched[s.id] = false;
        }
        self.nodes.truncate(j.len);
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
        });
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

/// Elements that never have content.
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "image"
            // Legacy elements the HTML parser treats as void ("in body" insertion mode); a
            // stray `<frame>` left open would otherwise swallow the rest of the page.
            | "frame"
            | "basefont"
            | "bgsound"
    )
}

/// Elements the HTML parser keeps inside `<head>` ("in head" insertion mode). Any other start
/// tag (or non-blank text) closes an open head and opens the body: pages that never write
/// `</head>` or `<body>` (legal HTML, common on older sites) put their article there.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "noframes"
            | "style"
            | "script"
            | "template"
            | "head"
            | "html"
    )
}

/// Start tags that close an open `<p>` (HTML's "close a p element" list).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "search"
            | "summary"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
            | "listing"
            | "xmp"
            | "plaintext"
    )
}

/// Elements that bound the search for an open element to close implicitly: an implied end
/// never reaches through these.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "table"
            | "td"
            | "th"
            | "caption"
            | "template"
            | "button"
            | "object"
            | "applet"
            | "marquee"
            | "svg"
            | "math"
    )
}

/// Builds a [`Tree`] from start-tag, end-tag and text events in document order.
pub(crate) struct TreeBuilder {
    tree: Tree,
    /// Open elements, innermost last. `stack[0]` is the document.
    stack: Vec<NodeId>,
    /// Whether each node is still open (indexed by node id); late end tags for closed nodes are
    /// ignored.
    open: Vec<bool>,
    max_depth: usize,
    /// The document's `html`, `head` and `body` elements once seen or implied: HTML has one
    /// of each, and a repeated start tag only adds attributes the first one lacks.
    html: Option<NodeId>,
    head: Option<NodeId>,
    body: Option<NodeId>,
}

/// Nodes any page may have, however small.
const NODE_BUDGET_BASE: usize = 16 * 1024;
/// Past the base, one more node per this many input bytes. Real pages use 20–200 bytes per
/// node (the densest of the 130 Readability test pages: 21); hostile markup such as a million
/// `<br>`s uses 4, and every node costs ~100–250 bytes through the stages, so an unbounded
/// tree would cost 25–60× its input.
const BYTES_PER_NODE: usize = 16;

/// How many nodes the tree may hold once the scan has reached byte `offset` of the input. It
/// depends on the position in the input, never on how the input was chunked.
pub(crate) fn node_budget(offset: usize) -> usize {
    NODE_BUDGET_BASE + offset / BYTES_PER_NODE
}

impl TreeBuilder {
    pub fn new(max_depth: usize) -> Self {
        TreeBuilder {
            tree: Tree {
                nodes: vec![Node::new(NodeData::Document)],
                marks: Vec::new(),
                texts: String::new(),
                journal: None,
            },
            stack: vec![ROOT],
            open: vec![true],
            max_depth: max_depth.max(2),
            html: None,
            head: None,
            body: None,
        }
    }

    pub fn tree_mut(&mut self) -> &mut Tree {
        &mut self.tree
    }

    fn current(&self) -> NodeId {
        *self.stack.last().unwrap_or(&ROOT)
    }

    fn push_node(&mut self, data: NodeData) -> NodeId {
        let parent = self.current();
        let id = self.tree.nodes.len();
        self.tree.nodes.push(Node {
            parent: Link::new(Some(parent)),
            index: std::cell::Cell::new(self.tree.nodes[parent].children.len() as u32),
            ..Node::new(data)
        });
        self.open.push(false);
        self.tree.nodes[parent].children.push(id);
        id
    }

    /// Pops the stack down to and including the element at stack index `i`.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            if let Some(n) = self.stack.pop() {
                self.open[n] = false;
            }
        }
    }

    /// Finds the innermost open element whose name satisfies `want`, not looking past a scope
    /// boundary or an element satisfying `stop`.
    fn find_open(&self, want: impl Fn(&str) -> bool, stop: impl Fn(&str) -> bool) -> Option<usize> {
        for i in (1..self.stack.len()).rev() {
            let name = self.tree.name(self.stack[i]);
            if want(name) {
                return Some(i);
            }
            if is_scope_boundary(name) || stop(name) {
                return None;
            }
        }
        None
    }

    /// Applies HTML's implied end tags for a start tag named `name`.
    fn implied_ends(&mut self, name: &str) {
        if closes_p(name) {
            if let Some(i) = self.find_open(|n| n == "p", |_| false) {
                self.pop_to(i);
            }
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let top = self.tree.name(self.current());
                if matches!(top, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    let i = self.stack.len() - 1;
                    self.pop_to(i);
                }
            }
            "li" => {
                if let Some(i) =
                    self.find_open(|n| n == "li", |n| matches!(n, "ul" | "ol" | "menu"))
                {
                    self.pop_to(i);
                }
            }
            "dt" | "dd" => {
                if let Some(i) = self.find_open(|n| matches!(n, "dt" | "dd"), |n| n == "dl") {
                    self.pop_to(i);
                }
            }
            "option" | "optgroup" => {
                let want_group = name == "optgroup";
                if let Some(i) = self.find_open(
                    |n| n == "option" || (want_group && n == "optgroup"),
                    |n| n == "select",
                ) {
                    self.pop_to(i);
                }
            }
            "tr" => {
                if let Some(i) = self.find_table_part(&["tr", "td", "th"]) {
                    self.pop_to(i);
                }
            }
            "td" | "th" => {
                if let Some(i) = self.find_table_part(&["td", "th"]) {
                    self.pop_to(i);
                }
            }
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => {
                if let Some(i) = self.find_table_part(&[
                    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup",
                ]) {
                    self.pop_to(i);
                }
            }
            "a" => {
                // Nested links are invalid; browsers close the outer one.
                if let Some(i) = self.find_open(|n| n == "a", |_| false) {
                    self.pop_to(i);
                }
            }
            _ => {}
        }
    }

    /// The outermost open table part named in `parts` inside the innermost open table.
    fn find_table_part(&self, parts: &[&str]) -> Option<usize> {
        let mut found = None;
        for i in (1..self.stack.len()).rev() {
            let name = self.tree.name(self.stack[i]);
            if name == "table" || name == "template" {
                break;
            }
            if parts.contains(&name) {
                found = Some(i);
            }
        }
        found
    }

    /// A start tag found at byte `offset` of the input. Returns the new node's id, or `None`
    /// when the depth limit or the node budget swallowed it: such an element is flattened into
    /// the open one, its text kept (text merges into the open element's last text node, so
    /// text nodes cannot outgrow the elements either).
    pub fn open(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        void: bool,
        offset: usize,
    ) -> Option<NodeId> {
        // Our own restore placeholders are elements of this name (render turns them into the
        // reader's restore points); the page's elements may not pose as one.
        let name = if name == crate::PLACEHOLDER {
            format!("{name}-page")
        } else {
            name
        };
        match name.as_str() {
            "html" | "body" => {
                if name == "body" {
                    self.close_head();
                }
                let seen = if name == "html" { self.html } else { self.body };
                if let Some(first) = seen {
                    self.merge_attrs(first, attrs);
                    if name == "body" {
                        self.enter_body();
                    }
                    return None;
                }
            }
            // A second head, or one after the body has begun, is ignored (as in browsers).
            "head" if self.head.is_some() || self.body.is_some() => return None,
            n if !is_head_content(n) => self.enter_body(),
            _ => {}
        }
        self.implied_ends(&name);
        if self.stack.len() > self.max_depth {
            return None;
        }
        if self.tree.nodes.len() >= node_budget(offset) {
            return None;
        }
        let void = void || is_void(&name);
        let id = self.push_node(NodeData::Element(Elem {
            name: TagName::new(&name),
            attrs,
        }));
        match name.as_str() {
            "html" if self.html.is_none() => self.html = Some(id),
            "head" if self.head.is_none() => self.head = Some(id),
            "body" if self.body.is_none() => self.body = Some(id),
            _ => {}
        }
        if !void {
            self.open[id] = true;
            self.stack.push(id);
        }
        Some(id)
    }

    /// The end tag of node `id` (as lol_html matched it). Ignored when the node was already
    /// closed by an implied end.
    pub fn close(&mut self, id: NodeId) {
        if !self.open.get(id).copied().unwrap_or(false) {
            return;
        }
        if let Some(i) = self.stack.iter().rposition(|&n| n == id) {
            self.pop_to(i);
        }
    }

    /// Closes an open `head` (its end tag was left out).
    fn close_head(&mut self) {
        if let Some(head) = self.head.filter(|&h| self.open[h]) {
            if let Some(i) = self.stack.iter().rposition(|&n| n == head) {
                self.pop_to(i);
            }
        }
    }

    /// Where flow content (a start tag that cannot be in a head, or non-blank text) arrives
    /// outside the body — in an unclosed `head`, in `html` before `<body>`, or after
    /// `</body>` — it goes into the body, as HTML's tree construction puts it ("in head",
    /// "after head" and "after body" insertion modes): the body is implied when the page never
    /// opened one, and reopened after its end tag.
    fn enter_body(&mut self) {
        self.close_head();
        let cur = self.current();
        if cur != ROOT && Some(cur) != self.html {
            return;
        }
        match self.body {
            Some(body) if !self.open[body] => {
                self.open[body] = true;
                self.stack.push(body);
            }
            Some(_) => {}
            None => {
                let body = self.push_node(NodeData::Element(Elem {
                    name: TagName::new("body"),
                    attrs: Vec::new(),
                }));
                self.open[body] = true;
                self.stack.push(body);
                self.body = Some(body);
            }
        }
    }

    /// A repeated `<html>` or `<body>` start tag adds the attributes the first one lacks.
    fn merge_attrs(&mut self, id: NodeId, attrs: Vec<(String, String)>) {
        if let NodeData::Element(e) = &mut self.tree.nodes[id].data {
            for (n, v) in attrs {
                // The scan keeps at most 256 attributes per tag; a flood of repeated tags must
                // not grow one element past that.
                if e.attrs.len() >= 256 {
                    break;
                }
                if !e.has_attr(&n) {
                    e.attrs.push((n, v));
                }
            }
        }
    }

    /// A complete, decoded text node for the innermost open element.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
        {
            let cur = self.current();
            if cur == ROOT || Some(cur) == self.html || Some(cur) == self.head {
                self.enter_body();
            }
        }
        let cur = self.current();
        if let Some(&last) = self.tree.nodes[cur].children.last() {
            if let NodeData::Text(span) = self.tree.nodes[last].data {
                let joined = self.tree.push_text(text, Some(span));
                self.tree.nodes[last].data = NodeData::Text(joined);
                return;
            }
        }
        let span = self.tree.push_text(text, None);
        self.push_node(NodeData::Text(span));
    }

    /// The innermost open element.
    pub fn current_element(&self) -> NodeId {
        self.current()
    }

    pub fn finish(self) -> Tree {
        self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(b: &mut TreeBuilder, name: &str) -> Option<NodeId> {
        b.open(name.to_string(), vec![], false, usize::MAX / 2)
    }

    #[test]
    fn p_is_closed_by_block_start() {
        let mut b = TreeBuilder::new(512);
        let body = el(&mut b, "body").unwrap();
        let p = el(&mut b, "p").unwrap();
        b.text("a");
        let div = el(&mut b, "div").unwrap();
        b.close(div);
        b.close(p); // late end tag: ignored
        let t = b.finish();
        assert_eq!(t.parent(div), Some(body));
        assert_eq!(t.text_content(p), "a");
    }

    #[test]
    fn li_and_table_parts_close_siblings() {
        let mut b = TreeBuilder::new(512);
        let ul = el(&mut b, "ul").unwrap();
        let a = el(&mut b, "li").unwrap();
        let c = el(&mut b, "li").unwrap();
        let table = el(&mut b, "table").unwrap();
        let tr1 = el(&mut b, "tr").unwrap();
        let td1 = el(&mut b, "td").unwrap();
        let td2 = el(&mut b, "td").unwrap();
        let tr2 = el(&mut b, "tr").unwrap();
        let t = b.finish();
        assert_eq!(t.parent(a), Some(ul));
        assert_eq!(t.parent(c), Some(ul));
        assert_eq!(t.parent(table), Some(c));
        assert_eq!(t.parent(td1), Some(tr1));
        assert_eq!(t.parent(td2), Some(tr1));
        assert_eq!(t.parent(tr2), Some(table));
    }

    #[test]
    fn flow_content_outside_the_body_goes_into_the_one_body() {
        // <html><head><title>t</title><div>a</div>  (no </head>, no <body>)
        let mut b = TreeBuilder::new(512);
        let html = el(&mut b, "html").unwrap();
        let head = el(&mut b, "head").unwrap();
        let title = el(&mut b, "title").unwrap();
        b.text("t");
        b.close(title);
        let meta = el(&mut b, "meta").unwrap();
        let div = el(&mut b, "div").unwrap();
        b.text("a");
        b.close(div);
        // A late </head> and an explicit <body>: the body already exists; its attributes join.
        b.close(head);
        let late_body = b.open("body".into(), vec![("class".into(), "x".into())], false, 0);
        assert_eq!(late_body, None);
        let p = el(&mut b, "p").unwrap();
        b.close(p);
        // After </body>, content goes back into the body, not beside it.
        let t0 = b.tree.body();
        b.close(t0);
        let after = el(&mut b, "aside").unwrap();
        b.text("b");
        b.close(after);
        // A page element named like our placeholders is renamed.
        let fake = el(&mut b, crate::PLACEHOLDER).unwrap();
        let t = b.finish();
        let body = t.body();
        assert_eq!(t.parent(meta), Some(head));
        assert_eq!(t.parent(head), Some(html));
        assert_eq!(t.parent(body), Some(html));
        assert_eq!(t.name(body), "body");
        assert_eq!(t.attr(body, "class"), Some("x"));
        assert_eq!(t.children(body), &[div, p, after, fake]);
        assert_ne!(t.name(fake), crate::PLACEHOLDER);
        assert_eq!(t.find_all(ROOT, "body").count(), 1);

        // Text alone also leaves the head; whitespace does not.
        let mut b = TreeBuilder::new(512);
        let head = el(&mut b, "head").unwrap();
        b.text("\n  ");
        let link = el(&mut b, "link").unwrap();
        b.text("words");
        let t = b.finish();
        assert_eq!(t.parent(link), Some(head));
        assert_eq!(t.text_content(t.body()), "words");
        assert_eq!(t.text_content(head), "\n  ");
    }

    #[test]
    fn depth_limit_flattens_instead_of_growing() {
        let mut b = TreeBuilder::new(4);
        for _ in 0..100 {
            el(&mut b, "div");
        }
        b.text("deep");
        let t = b.finish();
        assert!(t.nodes.len() < 10);
        assert_eq!(t.text_content(ROOT), "deep");
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

    /// Every node's parent, children and name: what a rollback must restore.
    fn shape(t: &Tree) -> Vec<(Option<NodeId>, Vec<NodeId>, String)> {
        (0..t.nodes.len())
            .map(|i| (t.parent(i), t.children(i).to_vec(), t.name(i).to_string()))
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
        let orphans: Vec<NodeId> = (0..3).map(|_| el(&mut b, "hr").unwrap()).collect();
        let mut t = b.finish();
        // Nodes already out of the tree at the checkpoint (as scoring finds the page's
        // scripts): putting them back in must be undone too.
        for &o in &orphans {
            t.detach(o);
        }
        let before = shape(&t);
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
            assert_ne!(
                shape(&t),
                before,
                "round {round}: the mutations changed nothing"
            );
            t.rollback();
            assert_eq!(shape(&t), before, "round {round}");
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

    #[test]
    fn node_budget_flattens_and_keeps_text() {
        let mut b = TreeBuilder::new(512);
        let p = b.open("p".into(), vec![], false, 0).unwrap();
        let mut refused = 0;
        for i in 0..NODE_BUDGET_BASE + 100 {
            b.text(&format!("w{i} "));
            if b.open("br".into(), vec![], false, 0).is_none() {
                refused += 1;
            }
        }
        assert!(refused > 0);
        let t = b.finish();
        assert!(t.nodes.len() <= node_budget(0) + 1);
        let text = t.text_content(p);
        assert!(text.contains("w0 ") && text.contains(&format!("w{} ", NODE_BUDGET_BASE + 99)));
        // Further in the input, more nodes are allowed.
        assert!(node_budget(1 << 20) > node_budget(0));
    }
}
