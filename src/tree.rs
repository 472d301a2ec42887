//! The slim block tree: what survives the scan, as an arena of nodes.
//!
//! lol_html streams tokens and builds no DOM; it also applies none of HTML's implied end tags
//! (`<p>a<p>b` nests in its view). [`TreeBuilder`] keeps its own stack of open elements, closes
//! elements the way an HTML parser would (a block start closes an open `p`, `li` closes `li`,
//! table parts close each other, …) and credits each text node to the innermost open element.
//! Only what later stages read is stored: tag names, attributes (minus event handlers) and
//! decoded text. Script and style bodies are dropped, except JSON-LD, which metadata reads.
//!
//! Memory: a node is 48 bytes with no allocation of its own in the common case (see [`Node`]);
//! names, attributes and text live in a few tree-wide buffers. Markup as dense as one node per
//! 13 input bytes exists (`<div class=x><span>filler</span></div>` repeated), and every byte
//! of a node is paid again for each such node, so the arena's layout is what bounds the peak.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::article::Kind;

/// Index of a node in [`Tree::nodes`]. The document node is always `0`.
pub(crate) type NodeId = usize;

/// The document node's id.
pub(crate) const ROOT: NodeId = 0;

/// A node's children. Up to two are held inline (most elements have one or two children, and
/// text nodes none): a heap list per element was ~48 bytes of allocation for one id. With
/// smallvec's `union` layout this is as small as a `Vec`.
type Kids = SmallVec<[NodeId; 2]>;

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
    /// Every element's attributes, each element's a run of this list (name, value) as spans
    /// of `attr_text`: three allocations per element (list, name, value) were most of an
    /// element's cost on dense markup. A changed element gets a new run; the old one stays
    /// unused (changes are rare: merged `<body>` tags, unhidden paywalls, hints).
    attrs: Vec<(Span, Span)>,
    attr_text: String,
    /// Tag names outside [`KNOWN_TAGS`] (custom elements, junk from broken markup), each
    /// stored once; a name id at or past `KNOWN_TAGS.len()` indexes this.
    custom_names: Vec<Box<str>>,
    /// `custom_names` by text, so each distinct name is stored once. (The map type the
    /// summarizer already uses: a new one would be more wasm code.)
    custom_ids: hashbrown::HashMap<String, u32>,
    /// While a scoring attempt runs: how to undo it (see [`Tree::checkpoint`]).
    journal: Option<Journal>,
    /// Per node id, its text's non-space characters once a stage asked ([`Tree::text_chars`];
    /// `u32::MAX`: not counted yet). Text nodes never change, and the heuristics, the scorer
    /// and the refiner each counted the same ones again. A rollback drops the entries of the
    /// nodes it drops, whose ids new nodes then take.
    text_chars: std::cell::RefCell<Vec<u32>>,
}

/// A subtree's elements of some tags, from one walk, for a run of steps that each look up
/// elements by tag ([`Tree::find_all_of`] walks the whole subtree every time: the scorer's
/// `prep_article` did so a dozen times, 3 % of a clean, and metadata four times). Valid only
/// while the steps take elements out or rename them: an element added or moved after the
/// walk is not in it, and a renamed one stays under the tag it had.
pub(crate) struct ByTag {
    tags: &'static [&'static str],
    /// Per tag of `tags`, its elements with their place in the walk (document order).
    lists: Vec<Vec<(u32, NodeId)>>,
}

impl ByTag {
    pub(crate) fn gather(t: &Tree, root: NodeId, tags: &'static [&'static str]) -> ByTag {
        // Name id → index in `tags`, so each element costs one lookup.
        let ids: Vec<Option<u32>> = tags.iter().map(|n| t.find_name_id(n)).collect();
        let len = ids.iter().flatten().max().map_or(0, |&m| m as usize + 1);
        let mut slot = vec![u8::MAX; len];
        for (i, id) in ids.iter().enumerate() {
            if let Some(id) = id {
                slot[*id as usize] = i as u8;
            }
        }
        let mut lists = vec![Vec::new(); tags.len()];
        // A name outside `tags` finds no slot, or `u8::MAX`, which indexes no list.
        for (at, d) in t.descendants(root).enumerate() {
            let Some(&i) = t.name_id_of(d).and_then(|n| slot.get(n as usize)) else {
                continue;
            };
            if let Some(list) = lists.get_mut(i as usize) {
                list.push((at as u32, d));
            }
        }
        ByTag { tags, lists }
    }

    /// The gathered elements named any of `tags` that are still under `root`, in document
    /// order: what [`Tree::find_all_of`] would find now.
    pub(crate) fn still_under(&self, t: &Tree, root: NodeId, tags: &[&str]) -> Vec<NodeId> {
        self.merged(tags, |n| t.ancestors(n).any(|a| a == root))
    }

    /// The gathered elements named any of `tags` for which `keep` holds, in document order.
    pub(crate) fn merged(&self, tags: &[&str], keep: impl Fn(NodeId) -> bool) -> Vec<NodeId> {
        // The tags' lists merged by place in the walk, the smallest head first (a few lists:
        // no sort, whose code costs kilobytes of wasm).
        let mut lists: Vec<&[(u32, NodeId)]> = self
            .tags
            .iter()
            .zip(&self.lists)
            .filter(|(n, _)| tags.contains(n))
            .map(|(_, l)| l.as_slice())
            .collect();
        let mut found = Vec::new();
        while let Some(next) = lists
            .iter_mut()
            .filter(|l| !l.is_empty())
            .min_by_key(|l| l[0].0)
        {
            let n = next[0].1;
            *next = &next[1..];
            if keep(n) {
                found.push(n);
            }
        }
        found
    }
}

/// How to undo the changes since [`Tree::checkpoint`]: the fields of every node changed since,
/// as they were then. Only touched nodes are saved: copying every node before each scoring
/// attempt was most of the peak memory on big pages, and an attempt changes a small part of
/// the tree. A node's parent, its child list and its other fields are saved apart, each only
/// when it changes: most touched nodes only move (their parent changes), and a scoring attempt
/// on dense markup touches most nodes, so a record is what every node costs again.
#[derive(Debug, Clone, Default)]
struct Journal {
    /// Nodes in the arena at the checkpoint; nodes created later are dropped on rollback.
    len: usize,
    /// Marks at the checkpoint; marks added later are dropped on rollback.
    marks: usize,
    /// Attribute runs and their text at the checkpoint; later ones are dropped on rollback.
    attrs: usize,
    attr_text: usize,
    /// Per node: [`SAVED_PARENT`], [`SAVED_FIELDS`] and [`SAVED_KIDS`] once saved.
    touched: Vec<u8>,
    /// (node, its parent): 8 bytes a moved node.
    saved_parents: Vec<(u32, Link)>,
    saved: Vec<Saved>,
    /// (node, start, count) of its child list in `kid_ids`: the lists back to back, as
    /// `u32`s, rather than one list value (32 bytes even when inline) per node.
    saved_kids: Vec<(u32, u32, u32)>,
    kid_ids: Vec<u32>,
}

/// A node's parent was saved.
const SAVED_PARENT: u8 = 1;
/// A node's mark and data (name and attributes) were saved.
const SAVED_FIELDS: u8 = 2;
/// A node's child list was saved.
const SAVED_KIDS: u8 = 4;

/// A node's mark and data as at the checkpoint (20 bytes).
#[derive(Debug, Clone)]
struct Saved {
    id: u32,
    removed: u32,
    data: Data,
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

/// `Node::removed` of a node with no mark.
const NO_MARK: u32 = u32::MAX;

/// 48 bytes (a test holds it there): ids and marks in four bytes each, the name and
/// attributes as ids into the tree's buffers, children inline up to two.
#[derive(Debug, Clone)]
struct Node {
    parent: Link,
    /// Where this node is in its parent's `children`, kept exact by every change to a child
    /// list, so sibling steps are O(1) (pages with 100 000 siblings exist).
    index: std::cell::Cell<u32>,
    /// Set when a rule or heuristic removed this node (and so its whole subtree): an index
    /// into [`Tree::marks`], or [`NO_MARK`].
    removed: u32,
    data: Data,
    children: Kids,
}

impl Node {
    /// A node holding `data`, with no parent and no children yet.
    fn new(data: Data) -> Node {
        Node {
            parent: Link::NONE,
            index: Default::default(),
            removed: NO_MARK,
            data,
            children: Kids::new(),
        }
    }
}

/// What a node is, as stored (12 bytes).
#[derive(Debug, Clone, Copy)]
enum Data {
    Document,
    /// `name`: a tag name id (see [`Tree::name_of`]); the attributes are
    /// `Tree::attrs[attrs..attrs + n_attrs]`.
    Element {
        name: u32,
        attrs: u32,
        n_attrs: u16,
    },
    Text(Span),
}

/// What a node is: the document, an element (a view of its name and attributes) or a text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NodeData<'a> {
    Document,
    Element(Elem<'a>),
    Text(Span),
}

/// Where a text lies in one of [`Tree`]'s text buffers (byte offsets; input is at most
/// a few hundred MB, so `u32` holds them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(buf: &str, span: Span) -> &str {
        buf.get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// [`Span::of`] as bytes, for comparing (no character-boundary checks).
    fn bytes(buf: &str, span: Span) -> &[u8] {
        buf.as_bytes()
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }
}

/// An element as later stages read it: its name and attributes, borrowed from the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Elem<'a> {
    /// Lower-case local name (`div`, `p`, `svg`, …).
    pub name: &'a str,
    /// Attributes in source order, names lower-case, values entity-decoded, as spans of
    /// `text`. `on*` handlers are never stored.
    pairs: &'a [(Span, Span)],
    text: &'a str,
}
/// A few tag names as one tree's name ids ([`Tree::name_set`]): known tags as bits of a mask
/// (there are fewer than 128; one past it would go to the list), any other name in a list.
pub(crate) struct NameSet {
    known: u128,
    custom: SmallVec<[u32; 2]>,
}

impl NameSet {
    #[inline(always)]
    fn contains(&self, name: u32) -> bool {
        match 1u128.checked_shl(name) {
            Some(bit) if is_known_tag(name) => self.known & bit != 0,
            _ => self.custom.contains(&name),
        }
    }
}

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

/// The place of `name` in [`KNOWN_TAGS`]. Hashed rather than binary-searched: every start
/// tag of the page is looked up, and seven string comparisons cost several times a hash.
/// The map has the type of [`Tree`]'s `custom_ids`, so the wasm module holds one copy of
/// its code.
pub(crate) fn known_tag(name: &str) -> Option<u32> {
    static INDEX: std::sync::OnceLock<hashbrown::HashMap<String, u32>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut m = hashbrown::HashMap::default();
            for (i, t) in KNOWN_TAGS.iter().enumerate() {
                m.insert(t.to_string(), i as u32);
            }
            m
        })
        .get(name)
        .copied()
}

/// Whether name id `id` is one of [`KNOWN_TAGS`] (its place there), not a page's own name.
pub(crate) fn is_known_tag(id: u32) -> bool {
    (id as usize) < KNOWN_TAGS.len()
}

/// One element's attributes as the scan collects them (names lower-case, values
/// entity-decoded, in source order): one text buffer and where each pair lies in it. The scan
/// keeps one and refills it for every start tag, so once its buffers have grown an element's
/// attributes cost no allocation (a `Vec<(String, String)>` cost one per name and value).
#[derive(Debug, Clone, Default)]
pub(crate) struct AttrList {
    text: String,
    pairs: Vec<(Span, Value)>,
    /// Values that arrived as a `String` of their own (lol_html's getter, or decoded
    /// entities): kept as they are, not copied into `text`. A 10 MB `data:` URL copied once
    /// more also cost 10 MB more peak memory.
    owned: Vec<String>,
}

/// Where an [`AttrList`] value lies: in its `text`, or the `owned` string of this index.
#[derive(Debug, Clone, Copy)]
enum Value {
    Text(Span),
    Owned(usize),
}

impl AttrList {
    /// Empties the list, keeping its buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.pairs.clear();
        self.owned.clear();
    }

    /// Appends a pair; the name is stored ASCII-lower-cased (as lol_html's `name()` gives it).
    pub fn push_lower(&mut self, name: &str, value: Cow<'_, str>) {
        let at = self.text.len();
        let n = push_span(&mut self.text, name);
        self.text[at..].make_ascii_lowercase();
        let v = match value {
            Cow::Borrowed(v) => Value::Text(push_span(&mut self.text, v)),
            Cow::Owned(v) => {
                self.owned.push(v);
                Value::Owned(self.owned.len() - 1)
            }
        };
        self.pairs.push((n, v));
    }

    /// Bytes held by the text buffer.
    pub fn capacity(&self) -> usize {
        self.text.capacity()
    }

    fn value(&self, v: Value) -> &str {
        match v {
            Value::Text(span) => Span::of(&self.text, span),
            Value::Owned(i) => self.owned.get(i).map_or("", |s| s),
        }
    }

    /// The pairs, in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs
            .iter()
            .map(move |&(n, v)| (Span::of(&self.text, n), self.value(v)))
    }

    /// The names, in source order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        let text = self.text.as_str();
        self.pairs.iter().map(move |&(n, _)| Span::of(text, n))
    }

    /// The value of the first attribute named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let text = self.text.as_str();
        self.pairs
            .iter()
            .find(|&&(n, _)| Span::bytes(text, n) == name.as_bytes())
            .map(|&(_, v)| self.value(v))
    }

    /// A list of these pairs (names lower-cased).
    #[cfg(test)]
    pub fn from_pairs<N: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> AttrList {
        let mut list = AttrList::default();
        for (n, v) in pairs {
            list.push_lower(n.as_ref(), Cow::Borrowed(v.as_ref()));
        }
        list
    }
}

/// A removal recorded against a node: what kind of block it was and which rule said so.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub kind: Kind,
    pub rule: String,
}

impl<'a> Elem<'a> {
    /// The attributes, in source order.
    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let text = self.text;
        self.pairs
            .iter()
            .map(move |&(n, v)| (Span::of(text, n), Span::of(text, v)))
    }

    /// The attributes as owned pairs, to change and store with [`Tree::set_attrs`].
    pub fn attrs_vec(&self) -> Vec<(String, String)> {
        self.attrs()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    pub fn attr(&self, name: &str) -> Option<&'a str> {
        // Names compared as bytes and only the match's value sliced out: the scorer, the
        // renderer and metadata ask every element for its class, id, href…
        let text = self.text;
        self.pairs
            .iter()
            .find(|&&(n, _)| Span::bytes(text, n) == name.as_bytes())
            .map(|&(_, v)| Span::of(text, v))
    }

    pub fn has_attr(&self, name: &str) -> bool {
        let text = self.text;
        self.pairs
            .iter()
            .any(|&(n, _)| Span::bytes(text, n) == name.as_bytes())
    }

    /// `class` and `id` joined by a space: the string Readability-style hints match against.
    /// Borrowed when the element has only one of them (most elements: no allocation).
    pub fn class_and_id(&self) -> Cow<'a, str> {
        match (self.attr("class"), self.attr("id")) {
            (None, None) => Cow::Borrowed(""),
            (Some(c), None) => Cow::Borrowed(c),
            (None | Some(""), Some(i)) => Cow::Borrowed(i),
            (Some(c), Some(i)) => Cow::Owned(format!("{c} {i}")),
        }
    }

    /// [`Elem::class_and_id`], lower-cased (borrowed when it already is, as it usually is).
    pub fn class_and_id_lower(&self) -> Cow<'a, str> {
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
            nodes: vec![Node::new(Data::Document)],
            marks: Vec::new(),
            texts: String::new(),
            attrs: Vec::new(),
            attr_text: String::new(),
            custom_names: Vec::new(),
            custom_ids: hashbrown::HashMap::default(),
            journal: None,
            text_chars: Default::default(),
        }
    }

    /// Nodes in the arena (ids are `0..len()`, detached ones included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The text of tag name id `name`.
    fn name_of(&self, name: u32) -> &str {
        let i = name as usize;
        match KNOWN_TAGS.get(i) {
            Some(s) => s,
            None => self
                .custom_names
                .get(i - KNOWN_TAGS.len())
                .map_or("", |s| s),
        }
    }

    /// The id of tag name `name`: its place in [`KNOWN_TAGS`], else in `custom_names`
    /// (added the first time it is seen).
    fn name_id(&mut self, name: &str) -> u32 {
        if let Some(i) = known_tag(name) {
            return i;
        }
        if let Some(&i) = self.custom_ids.get(name) {
            return (KNOWN_TAGS.len() + i as usize) as u32;
        }
        let i = self.custom_names.len() as u32;
        self.custom_names.push(name.into());
        self.custom_ids.insert(name.to_string(), i);
        (KNOWN_TAGS.len() + i as usize) as u32
    }

    /// The id of tag name `name` if some element may carry it ([`Tree::name_id`] without
    /// adding it): a name never stored names no element.
    pub(crate) fn find_name_id(&self, name: &str) -> Option<u32> {
        match known_tag(name) {
            Some(i) => Some(i),
            None => self
                .custom_ids
                .get(name)
                .map(|&i| (KNOWN_TAGS.len() + i as usize) as u32),
        }
    }

    /// Stores `attrs` as a new run of the attribute list: (start, count). A run holds at most
    /// `u16::MAX` pairs (the scan keeps 256 per tag, merged tags 256 in all).
    fn store_attrs<'a>(
        &mut self,
        attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (u32, u16) {
        let start = self.attrs.len() as u32;
        let mut n: u16 = 0;
        for (name, value) in attrs.into_iter().take(u16::MAX as usize) {
            let a = push_span(&mut self.attr_text, name);
            let b = push_span(&mut self.attr_text, value);
            self.attrs.push((a, b));
            n += 1;
        }
        (start, n)
    }

    /// What the node is: the document, an element or a text.
    pub fn data(&self, id: NodeId) -> NodeData<'_> {
        match self.nodes[id].data {
            Data::Document => NodeData::Document,
            Data::Element {
                name,
                attrs,
                n_attrs,
            } => NodeData::Element(Elem {
                name: self.name_of(name),
                pairs: self
                    .attrs
                    .get(attrs as usize..attrs as usize + n_attrs as usize)
                    .unwrap_or_default(),
                text: &self.attr_text,
            }),
            Data::Text(span) => NodeData::Text(span),
        }
    }

    /// The mark a rule or heuristic put on this very node.
    pub fn mark_of(&self, id: NodeId) -> Option<&Mark> {
        self.marks.get(self.nodes[id].removed as usize)
    }

    pub fn is_marked(&self, id: NodeId) -> bool {
        self.nodes[id].removed != NO_MARK
    }

    /// Every mark made, in order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    pub fn elem(&self, id: NodeId) -> Option<Elem<'_>> {
        match self.data(id) {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The id of an element's name (as [`Tree::find_name_id`] gives it), `None` for text and
    /// the document.
    pub(crate) fn name_id_of(&self, id: NodeId) -> Option<u32> {
        match self.nodes[id].data {
            Data::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The element's tag name, or `""` for text and the document.
    pub fn name(&self, id: NodeId) -> &str {
        match self.nodes[id].data {
            Data::Element { name, .. } => self.name_of(name),
            _ => "",
        }
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
            .filter(move |&c| matches!(self.nodes[c].data, Data::Element { .. }))
    }

    /// All nodes below `id` in document order (not including `id`).
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        // Room for the pending siblings of a usual walk from the start: grown from the exact
        // size of the first children, the stack was reallocated at the first step and again
        // as the walk went deeper, in most of the walks a clean makes.
        let children = &self.nodes[id].children;
        let mut stack: Vec<NodeId> = Vec::with_capacity(children.len() + 64);
        stack.extend(children.iter().rev().copied());
        Descendants { tree: self, stack }
    }

    /// Descendant elements named `name`. (Compared as text: through [`Tree::find_all_of`]
    /// each of its ~40 callers inlined the name lookup, +1.2 kB gzipped of wasm, and these
    /// walks are not the hot ones.)
    pub fn find_all<'a>(&'a self, id: NodeId, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(id).filter(move |&d| self.name(d) == name)
    }

    /// Descendant elements named any of `names`, document order. The names are looked up
    /// once and each node's name id compared, rather than each node's name text against
    /// every name: the scorer's walks for `p`, `br`, `h1`… visit every node of the article
    /// several times.
    pub fn find_all_of(&self, id: NodeId, names: &[&str]) -> impl Iterator<Item = NodeId> + '_ {
        let set = self.name_set(names);
        self.descendants(id).filter(move |&d| self.is_in(d, &set))
    }

    /// `names` as the tree's name ids, for [`Tree::is_in`]: names no element carries are
    /// left out.
    pub fn name_set(&self, names: &[&str]) -> NameSet {
        let mut set = NameSet {
            known: 0,
            custom: SmallVec::new(),
        };
        for id in names.iter().filter_map(|n| self.find_name_id(n)) {
            match 1u128.checked_shl(id) {
                Some(bit) if is_known_tag(id) => set.known |= bit,
                _ => set.custom.push(id),
            }
        }
        set
    }

    /// Whether `id` is an element named in `set`: one id compare per name instead of a
    /// string compare.
    #[inline(always)]
    pub fn is_in(&self, id: NodeId, set: &NameSet) -> bool {
        matches!(self.nodes[id].data, Data::Element { name, .. } if set.contains(name))
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
            Data::Text(span) => Some(self.span(span)),
            _ => None,
        }
    }

    /// [`crate::text::non_space`] of a text node's text, counted once per node; 0 for an
    /// element or the document.
    pub(crate) fn text_chars(&self, id: NodeId) -> usize {
        let Some(s) = self.text(id) else { return 0 };
        let mut cache = self.text_chars.borrow_mut();
        match cache.get(id) {
            Some(&n) if n != u32::MAX => n as usize,
            _ => {
                let n = crate::text::non_space(s);
                if cache.len() <= id {
                    cache.resize(self.nodes.len(), u32::MAX);
                }
                // Texts are under 4 GB (spans are `u32`); one at the limit is counted again.
                cache[id] = u32::try_from(n).unwrap_or(u32::MAX);
                n
            }
        }
    }

    /// The text a [`Span`] of a text node covers.
    pub fn span(&self, span: Span) -> &str {
        Span::of(&self.texts, span)
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
            .map(|n| self.nodes[n].removed)
            .find(|&m| m != NO_MARK)
    }

    /// A new element with no parent.
    pub fn create(&mut self, name: &str) -> NodeId {
        self.create_with_attrs(name, Vec::new())
    }

    /// A new element with no parent and these attributes.
    pub fn create_with_attrs(&mut self, name: &str, attrs: Vec<(String, String)>) -> NodeId {
        self.create_with_attr_list(name, attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }

    /// [`Tree::create_with_attrs`] from borrowed pairs (the scan's [`AttrList`]): copied
    /// straight into the tree's attribute buffer, no string of their own on the way.
    pub fn create_with_attr_list<'a>(
        &mut self,
        name: &str,
        attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> NodeId {
        let name = self.name_id(name);
        let (attrs, n_attrs) = self.store_attrs(attrs);
        self.nodes.push(Node::new(Data::Element {
            name,
            attrs,
            n_attrs,
        }));
        self.nodes.len() - 1
    }

    /// Appends `text` to `parent` as its last child: joined to the last child when that is a
    /// text node already (text arriving in pieces makes one node), else as a new text node.
    pub fn append_text_child(&mut self, parent: NodeId, text: &str) -> NodeId {
        if let Some(&last) = self.nodes[parent].children.last() {
            if let Data::Text(span) = self.nodes[last].data {
                self.touch(last);
                let joined = self.push_text(text, Some(span));
                self.nodes[last].data = Data::Text(joined);
                return last;
            }
        }
        let id = self.create_text(text);
        self.append(parent, id);
        id
    }

    /// Replaces an element's attributes.
    pub fn set_attrs(&mut self, id: NodeId, attrs: Vec<(String, String)>) {
        if !matches!(self.nodes[id].data, Data::Element { .. }) {
            return;
        }
        self.touch(id);
        let (start, n) = self.store_attrs(attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        if let Data::Element { attrs, n_attrs, .. } = &mut self.nodes[id].data {
            *attrs = start;
            *n_attrs = n;
        }
    }

    /// A new text node with no parent.
    pub fn create_text(&mut self, text: &str) -> NodeId {
        let span = self.push_text(text, None);
        self.nodes.push(Node::new(Data::Text(span)));
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
            attrs: self.attrs.len(),
            attr_text: self.attr_text.len(),
            touched: vec![0; self.nodes.len()],
            saved_parents: Vec::new(),
            saved: Vec::new(),
            saved_kids: Vec::new(),
            kid_ids: Vec::new(),
        });
    }

    /// Puts back the links, names, attributes and marks saved since the checkpoint and drops
    /// nodes created since; recording goes on from the restored state.
    pub fn rollback(&mut self) {
        let Some(mut j) = self.journal.take() else {
            return;
        };
        for (id, parent) in j.saved_parents.drain(..) {
            self.nodes[id as usize].parent = parent;
            j.touched[id as usize] = 0;
        }
        for s in j.saved.drain(..) {
            let id = s.id as usize;
            self.nodes[id].removed = s.removed;
            self.nodes[id].data = s.data;
            j.touched[id] = 0;
        }
        for (id, start, n) in j.saved_kids.drain(..) {
            let id = id as usize;
            let ids = j
                .kid_ids
                .get(start as usize..start as usize + n as usize)
                .unwrap_or_default();
            // Sibling-index hints of restored lists are refreshed: a stale hint costs a scan
            // of the whole list, and lists of 100 000 siblings exist.
            for (i, &c) in ids.iter().enumerate() {
                self.nodes[c as usize].index.set(i as u32);
            }
            self.nodes[id].children = ids.iter().map(|&c| c as NodeId).collect();
            j.touched[id] = 0;
        }
        j.kid_ids.clear();
        self.nodes.truncate(j.len);
        self.text_chars.get_mut().truncate(j.len);
        self.marks.truncate(j.marks);
        self.attrs.truncate(j.attrs);
        self.attr_text.truncate(j.attr_text);
        self.journal = Some(j);
    }

    /// Stops recording; the tree keeps its current shape.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Saves `id`'s parent before a change, the first time it changes.
    fn touch_parent(&mut self, id: NodeId) {
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        if id >= j.len || j.touched[id] & SAVED_PARENT != 0 {
            return;
        }
        j.touched[id] |= SAVED_PARENT;
        j.saved_parents.push((id as u32, self.nodes[id].parent));
    }

    /// Saves `id`'s mark, name and attributes before a change, the first time any of them
    /// changes.
    fn touch(&mut self, id: NodeId) {
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        if id >= j.len || j.touched[id] & SAVED_FIELDS != 0 {
            return;
        }
        j.touched[id] |= SAVED_FIELDS;
        let node = &self.nodes[id];
        j.saved.push(Saved {
            id: id as u32,
            removed: node.removed,
            data: node.data,
        });
    }

    /// Saves `id`'s child list before a change, the first time it changes.
    fn touch_kids(&mut self, id: NodeId) {
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        if id >= j.len || j.touched[id] & SAVED_KIDS != 0 {
            return;
        }
        j.touched[id] |= SAVED_KIDS;
        let kids = &self.nodes[id].children;
        j.saved_kids
            .push((id as u32, j.kid_ids.len() as u32, kids.len() as u32));
        j.kid_ids.extend(kids.iter().map(|&c| c as u32));
    }

    /// Takes `id` out of its parent's children (the node and its subtree stay in the arena).
    pub fn detach(&mut self, id: NodeId) {
        if let Some(i) = self.index_in_parent(id) {
            if let Some(p) = self.nodes[id].parent.get() {
                self.touch_parent(id);
                self.touch_kids(p);
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
    ///
    /// A leaving child is known by its cleared parent link, so the call allocates nothing in
    /// proportion to the tree: two flags per node of the page, made on every call (the scorer
    /// makes a dozen calls per attempt, most of them with nothing to detach), cost 1–2 % of a
    /// clean on pages of many nodes.
    pub fn detach_all(&mut self, ids: &[NodeId]) {
        let mut parents: Vec<NodeId> = Vec::new();
        for &n in ids {
            if let Some(p) = self.nodes[n].parent.get() {
                self.touch_parent(n);
                self.touch_kids(p);
                self.nodes[n].parent = Link::NONE;
                parents.push(p);
            }
        }
        parents.sort_unstable();
        parents.dedup();
        for p in parents {
            let mut ch = std::mem::take(&mut self.nodes[p].children);
            work::add(ch.len());
            let nodes = &self.nodes;
            ch.retain(|c| nodes[*c].parent.get() == Some(p));
            for (i, &c) in ch.iter().enumerate() {
                self.nodes[c].index.set(i as u32);
            }
            self.nodes[p].children = ch;
        }
    }

    /// Takes all of `id`'s children out (they keep their own subtrees), in order. Appending
    /// them back one by one is then O(1) each: a way to rebuild a long child list in one pass.
    pub fn take_children(&mut self, id: NodeId) -> Vec<NodeId> {
        self.touch_kids(id);
        let kids = std::mem::take(&mut self.nodes[id].children);
        for &k in &kids {
            self.touch_parent(k);
            self.nodes[k].parent = Link::NONE;
        }
        kids.into_vec()
    }

    /// Appends `child` (detached first) to `parent`.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        self.touch_parent(child);
        self.touch_kids(parent);
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
        self.touch_kids(new_parent);
        for &n in nodes {
            self.touch_parent(n);
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
        self.touch_parent(old);
        self.touch_kids(p);
        self.touch_parent(new);
        self.nodes[old].parent = Link::NONE;
        self.nodes[p].children[i] = new;
        self.nodes[new].parent = Link::new(Some(p));
        self.nodes[new].index.set(i as u32);
    }

    /// Renames an element (Readability's `_setNodeTag`; attributes and children stay).
    pub fn set_name(&mut self, id: NodeId, name: &str) {
        if !matches!(self.nodes[id].data, Data::Element { .. }) {
            return;
        }
        self.touch(id);
        let new = self.name_id(name);
        if let Data::Element { name, .. } = &mut self.nodes[id].data {
            *name = new;
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
        if self.is_marked(id) {
            return;
        }
        self.touch(id);
        let idx = self.marks.len() as u32;
        self.marks.push(Mark {
            kind,
            rule: rule.to_string(),
        });
        self.nodes[id].removed = idx;
    }
}

/// Appends `s` to `buf` and returns where it lies.
fn push_span(buf: &mut String, s: &str) -> Span {
    let start = buf.len() as u32;
    buf.push_str(s);
    Span {
        start,
        end: buf.len() as u32,
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
        b.open(
            name,
            &crate::tree::AttrList::default(),
            false,
            usize::MAX / 2,
        )
    }

    #[test]
    fn known_tags_are_found_by_their_place() {
        for (i, &name) in KNOWN_TAGS.iter().enumerate() {
            assert_eq!(known_tag(name), Some(i as u32), "{name}");
            // Neither a name with a NUL or any other byte after it, nor any shorter piece of
            // it, is taken for it.
            for extra in ["\0", "\0\0", "x", "-"] {
                let longer = format!("{name}{extra}");
                assert_eq!(
                    known_tag(&longer),
                    KNOWN_TAGS
                        .iter()
                        .position(|&t| t == longer)
                        .map(|p| p as u32),
                    "{longer:?}"
                );
            }
            for end in 0..name.len() {
                let piece = &name[..end];
                let want = KNOWN_TAGS
                    .iter()
                    .position(|&t| t == piece)
                    .map(|p| p as u32);
                assert_eq!(known_tag(piece), want, "{piece}");
            }
        }
        for name in ["", "DIV", "blockquotes", "a-very-long-custom-element-name"] {
            assert_eq!(known_tag(name), None, "{name}");
        }
    }

    #[test]
    fn known_tags_are_sorted_and_names_are_stored_once() {
        assert!(KNOWN_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN_TAGS.binary_search(&crate::PLACEHOLDER).is_ok());
        let mut t = Tree::new();
        let a = t.create("my-widget");
        let b = t.create_with_attrs("my-widget", vec![("x".into(), "1".into())]);
        let c = t.create("div");
        assert_eq!(
            (t.name(a), t.name(b), t.name(c)),
            ("my-widget", "my-widget", "div")
        );
        assert_eq!(t.custom_names.len(), 1);
        assert_eq!(t.attr(b, "x"), Some("1"));
        assert_eq!(t.attr(a, "x"), None);
        t.set_name(a, "other-widget");
        assert_eq!(t.name(a), "other-widget");
        assert_eq!(t.custom_names.len(), 2);
    }

    /// The node's size is what dense markup pays per node (see the module comment); a field
    /// added carelessly would grow every page's peak.
    #[test]
    fn a_node_stays_small() {
        assert_eq!(std::mem::size_of::<Data>(), 12);
        assert_eq!(std::mem::size_of::<Kids>(), 24);
        assert!(std::mem::size_of::<Node>() <= 48);
        assert!(std::mem::size_of::<Saved>() <= 20);
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
                    t.elem(i).map(|e| e.attrs_vec()).unwrap_or_default(),
                    t.mark_of(i).cloned(),
                    t.is_marked(i),
                )
            })
            .collect()
    }

    #[test]
    fn text_chars_are_counted_once_and_forgotten_with_their_node() {
        let mut t = Tree::new();
        let root = t.append_text_child(ROOT, " a b ");
        assert_eq!(t.text_chars(root), 2);
        assert_eq!(t.text_chars(ROOT), 0);
        t.checkpoint();
        let gone = t.create_text("abc");
        assert_eq!(t.text_chars(gone), 3);
        t.rollback();
        // A new node takes the dropped one's id: its own text is counted.
        let new = t.create_text("hello world");
        assert_eq!(new, gone);
        assert_eq!(t.text_chars(new), 10);
        assert_eq!(t.text_chars(root), 2);
    }

    #[test]
    fn descendants_walk_in_document_order() {
        // The definition: each child, then its descendants, recursively.
        fn reference(t: &Tree, id: NodeId, out: &mut Vec<NodeId>) {
            for &c in t.children(id) {
                out.push(c);
                reference(t, c, out);
            }
        }
        let mut next = crate::test_rng(0x5eed_0d0e);
        for round in 0..200 {
            let mut t = Tree::new();
            let mut ids = vec![ROOT];
            // Random trees, every fourth one a chain (as deep as it is long), with nodes
            // detached after they were built, as scoring does.
            let deep = round % 4 == 0;
            for _ in 0..next(120) {
                let parent = if deep {
                    *ids.last().unwrap()
                } else {
                    ids[next(ids.len())]
                };
                let id = if next(3) == 0 {
                    t.create_text("x")
                } else {
                    t.create("div")
                };
                t.append(parent, id);
                if t.text(id).is_none() {
                    ids.push(id);
                }
            }
            for _ in 0..next(10) {
                let n = ids[next(ids.len())];
                if n != ROOT && next(2) == 0 {
                    t.detach(n);
                }
            }
            for &id in &ids {
                let mut want = Vec::new();
                reference(&t, id, &mut want);
                assert_eq!(t.descendants(id).collect::<Vec<_>>(), want, "round {round}");
            }
        }
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
