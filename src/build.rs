//! Tree construction: lol_html's start tags, end tags and text, built into a [`Tree`] the way
//! an HTML parser would build it.
//!
//! lol_html applies none of HTML's tree-construction rules (`<p>a<p>b` nests in its view, a
//! `<div>` in an unclosed `<head>` stays there). [`TreeBuilder`] keeps its own stack of open
//! elements and applies the rules that decide where text lands: implied end tags (a block
//! start closes an open `p`, `li` closes `li`, table parts close each other, …), void
//! elements, and the one `html`/`head`/`body` (flow content outside the body goes into it).
//! It also bounds what the tree may hold (depth limit, node budget). Then, before scoring,
//! [`unwrap_noscript_images`] puts lazy-loading pages' real images in place.

use crate::tree::{AttrList, NodeData, NodeId, Tree, ROOT};

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
            tree: Tree::new(),
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

    /// A new element, the innermost open element's last child (not yet open itself).
    fn push_element(&mut self, name: &str, attrs: &AttrList) -> NodeId {
        let parent = self.current();
        let id = self.tree.create_with_attr_list(name, attrs.iter());
        self.tree.append(parent, id);
        id
    }

    /// Whether `id` is an element still open (on the stack).
    fn is_open(&self, id: NodeId) -> bool {
        self.open.get(id).copied().unwrap_or(false)
    }

    fn set_open(&mut self, id: NodeId, open: bool) {
        if self.open.len() <= id {
            self.open.resize(id + 1, false);
        }
        self.open[id] = open;
    }

    /// Pops the stack down to and including the element at stack index `i`.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            if let Some(n) = self.stack.pop() {
                self.set_open(n, false);
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
        name: &str,
        attrs: &AttrList,
        void: bool,
        offset: usize,
    ) -> Option<NodeId> {
        // Our own restore placeholders are elements of this name (render turns them into the
        // reader's restore points); the page's elements may not pose as one.
        let renamed;
        let name = match name {
            crate::PLACEHOLDER => {
                renamed = format!("{name}-page");
                renamed.as_str()
            }
            // HTML's parser reads `<image>` as `<img>` (an old authoring mistake it forgives).
            "image" => "img",
            _ => name,
        };
        match name {
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
        self.implied_ends(name);
        if self.stack.len() > self.max_depth {
            return None;
        }
        if self.tree.len() >= node_budget(offset) {
            return None;
        }
        let void = void || is_void(name);
        let id = self.push_element(name, attrs);
        match name {
            "html" if self.html.is_none() => self.html = Some(id),
            "head" if self.head.is_none() => self.head = Some(id),
            "body" if self.body.is_none() => self.body = Some(id),
            _ => {}
        }
        if !void {
            self.set_open(id, true);
            self.stack.push(id);
        }
        Some(id)
    }

    /// The end tag of node `id` (as lol_html matched it). Ignored when the node was already
    /// closed by an implied end.
    pub fn close(&mut self, id: NodeId) {
        if !self.is_open(id) {
            return;
        }
        if let Some(i) = self.stack.iter().rposition(|&n| n == id) {
            self.pop_to(i);
        }
    }

    /// Closes an open `head` (its end tag was left out).
    fn close_head(&mut self) {
        if let Some(head) = self.head.filter(|&h| self.is_open(h)) {
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
            Some(body) if !self.is_open(body) => {
                self.set_open(body, true);
                self.stack.push(body);
            }
            Some(_) => {}
            None => {
                let body = self.push_element("body", &AttrList::default());
                self.set_open(body, true);
                self.stack.push(body);
                self.body = Some(body);
            }
        }
    }

    /// A repeated `<html>` or `<body>` start tag adds the attributes the first one lacks.
    fn merge_attrs(&mut self, id: NodeId, attrs: &AttrList) {
        let Some(e) = self.tree.elem(id) else {
            return;
        };
        let mut merged = e.attrs_vec();
        for (n, v) in attrs.iter() {
            // The scan keeps at most 256 attributes per tag; a flood of repeated tags must
            // not grow one element past that.
            if merged.len() >= 256 {
                break;
            }
            if !merged.iter().any(|(m, _)| *m == n) {
                merged.push((n.to_string(), v.to_string()));
            }
        }
        self.tree.set_attrs(id, merged);
    }

    /// A complete, decoded text node for the innermost open element.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        // HTML's white space is ASCII, and no byte of a non-ASCII character is one of them:
        // bytes, not decoded characters (white-space runs between tags are most text nodes).
        if !text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0c | b'\r'))
        {
            let cur = self.current();
            if cur == ROOT || Some(cur) == self.html || Some(cur) == self.head {
                self.enter_body();
            }
        }
        let cur = self.current();
        self.tree.append_text_child(cur, text);
    }

    /// The innermost open element.
    pub fn current_element(&self) -> NodeId {
        self.current()
    }

    pub fn finish(self) -> Tree {
        self.tree
    }
}

/// Lazy-loading pages often put the real `<img>` inside `<noscript>`, which the scan keeps as
/// raw text. Like Readability, a `<noscript>` holding a single image replaces the placeholder
/// image just before it; where there is no image at all beside it, its image is inserted.
///
/// Every decision is taken on the tree as the page built it (an image inserted for one
/// `<noscript>` is not the "image before" the next one), and the surgery is batched per
/// parent, so the cost is linear in the tree: galleries of 40 000 `<noscript>` siblings exist.
pub(crate) fn unwrap_noscript_images(t: &mut Tree) {
    unwrap_noscript_images_counted(t, &mut 0);
}

/// An element's attributes, as the tree stores them.
type Attrs = Vec<(String, String)>;

/// [`unwrap_noscript_images`], adding the nodes it visits to `steps` (a linearity witness for
/// the tests).
fn unwrap_noscript_images_counted(t: &mut Tree, steps: &mut usize) {
    let noscripts: Vec<NodeId> = t.find_all(crate::tree::ROOT, "noscript").collect();
    *steps += t.len();
    // The image of each <noscript> that holds one, by the parent it sits in.
    let mut by_parent: hashbrown::HashMap<NodeId, Vec<(NodeId, Attrs)>> = hashbrown::HashMap::new();
    let mut parents: Vec<NodeId> = Vec::new();
    for ns in noscripts {
        *steps += 1;
        let raw = t.text_content(ns);
        if !raw.to_ascii_lowercase().contains("<img") {
            continue;
        }
        let (Some(attrs), Some(parent)) = (first_img_attrs(&raw), t.parent(ns)) else {
            continue;
        };
        by_parent
            .entry(parent)
            .or_insert_with(|| {
                parents.push(parent);
                Vec::new()
            })
            .push((ns, attrs));
    }
    if parents.is_empty() {
        return;
    }
    let has_img = img_ancestors(t, steps);
    // Decide everything first, on the unchanged tree.
    let mut overwrite: Vec<(NodeId, Attrs)> = Vec::new();
    let mut rebuild: Vec<(NodeId, hashbrown::HashMap<NodeId, Option<NodeId>>)> = Vec::new();
    for &parent in &parents {
        let Some(found) = by_parent.remove(&parent) else {
            continue;
        };
        let mut found: hashbrown::HashMap<NodeId, Attrs> = found.into_iter().collect();
        // Each <noscript> child's fate: `Some(img)` stands in for it, `None` drops it.
        let mut fate: hashbrown::HashMap<NodeId, Option<NodeId>> = hashbrown::HashMap::new();
        let kids = t.children(parent).to_vec();
        *steps += kids.len();
        let mut prev_elem: Option<NodeId> = None;
        for c in kids {
            if t.elem(c).is_none() {
                continue;
            }
            if let Some(attrs) = found.remove(&c) {
                let prev_img = prev_elem.and_then(|p| {
                    if t.name(p) == "img" {
                        Some(p)
                    } else {
                        single_img(t, p, steps)
                    }
                });
                if let Some(img) = prev_img {
                    overwrite.push((img, attrs));
                    // The <noscript> is dropped later anyway (with the other non-content
                    // elements); dropping it here saves that pass a shift per node.
                    fate.insert(c, None);
                } else if !has_img[parent] {
                    let img = t.create_with_attrs("img", attrs);
                    fate.insert(c, Some(img));
                }
            }
            prev_elem = Some(c);
        }
        if !fate.is_empty() {
            rebuild.push((parent, fate));
        }
    }
    for (img, mut attrs) in overwrite {
        // The placeholder's alt text stays when the <noscript> image has none.
        let alt = t.attr(img, "alt").map(str::to_string);
        let has_alt = attrs.iter().any(|(n, v)| n == "alt" && !v.is_empty());
        if let (Some(a), false) = (alt, has_alt) {
            attrs.retain(|(n, _)| n != "alt");
            attrs.push(("alt".into(), a));
        }
        t.set_attrs(img, attrs);
    }
    // One pass over each parent's children: replacing or removing nodes one at a time would
    // shift the child list each time.
    for (parent, fate) in rebuild {
        let kids = t.take_children(parent);
        let mut keep = Vec::with_capacity(kids.len());
        for k in kids {
            *steps += 1;
            match fate.get(&k) {
                Some(Some(img)) => keep.push(*img),
                Some(None) => {}
                None => keep.push(k),
            }
        }
        t.move_into(&keep, parent);
    }
}

/// For every node, whether an `<img>` is inside it: each image marks its ancestors up to the
/// first one already marked, so every node is marked at most once.
fn img_ancestors(t: &Tree, steps: &mut usize) -> Vec<bool> {
    let mut has = vec![false; t.len()];
    for img in t.find_all(crate::tree::ROOT, "img") {
        let mut cur = t.parent(img);
        while let Some(a) = cur {
            *steps += 1;
            if std::mem::replace(&mut has[a], true) {
                break;
            }
            cur = t.parent(a);
        }
    }
    *steps += t.len();
    has
}

/// Nodes a wrapper may hold and still count as one image (`<picture>`, `<a><img></a>`, a
/// `<figure>` without caption…): bigger blocks are content, and the bound keeps every check
/// short.
const SINGLE_IMG_MAX_NODES: usize = 32;

/// The only `img` inside `id` when it holds no text.
fn single_img(t: &Tree, id: NodeId, steps: &mut usize) -> Option<NodeId> {
    let mut img = None;
    for (i, d) in t.descendants(id).enumerate() {
        *steps += 1;
        if i >= SINGLE_IMG_MAX_NODES {
            return None;
        }
        match t.data(d) {
            NodeData::Text(s) if !t.span(s).trim().is_empty() => return None,
            NodeData::Element(e) if e.name == "img" && img.replace(d).is_some() => return None,
            _ => {}
        }
    }
    img
}

/// Attributes of the first `<img>` in an HTML fragment, decoded, without event handlers.
fn first_img_attrs(fragment: &str) -> Option<Attrs> {
    let mut found: Option<Attrs> = None;
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(
        lol_html::element!("img", |el| {
            if found.is_none() {
                found = Some(
                    el.attributes()
                        .iter()
                        .filter(|a| !a.name().starts_with("on"))
                        .map(|a| {
                            (
                                a.name(),
                                htmlize::unescape_attribute(a.value().as_str()).into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            Ok(())
        }),
    );
    let _ = lol_html::rewrite_str(fragment, settings);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(b: &mut TreeBuilder, name: &str) -> Option<NodeId> {
        b.open(
            name,
            &crate::tree::AttrList::default(),
            false,
            usize::MAX / 2,
        )
    }

    /// A `<div>` of `n` lazy images: each a `<noscript>` holding the real `<img>`, after a
    /// placeholder `<img>` when `with_placeholders`.
    fn gallery(n: usize, with_placeholders: bool) -> Tree {
        let mut b = crate::build::TreeBuilder::new(64);
        let at = usize::MAX / 2; // past any node budget
        let div = b
            .open("div", &crate::tree::AttrList::default(), false, at)
            .unwrap();
        for i in 0..n {
            if with_placeholders {
                let alt = crate::tree::AttrList::from_pairs([("alt", format!("alt {i}"))]);
                b.open("img", &alt, true, at);
            }
            let ns = b
                .open("noscript", &crate::tree::AttrList::default(), false, at)
                .unwrap();
            b.text(&format!("<img src=\"/i/{i}.jpg\">"));
            b.close(ns);
        }
        b.close(div);
        b.finish()
    }

    /// The `src` of every image in the tree, in document order, and how many `<noscript>`s are
    /// left.
    fn images(t: &Tree) -> (Vec<String>, usize) {
        let srcs = t
            .find_all(crate::tree::ROOT, "img")
            .map(|i| t.attr(i, "src").unwrap_or("-").to_string())
            .collect();
        (srcs, t.find_all(crate::tree::ROOT, "noscript").count())
    }

    #[test]
    fn each_noscript_image_stands_on_its_own() {
        let want: Vec<String> = (0..3).map(|i| format!("/i/{i}.jpg")).collect();
        // No images beside them: each <noscript> becomes its image, in place. (An image
        // inserted for one is not "the image before" the next, which it would overwrite.)
        let mut t = gallery(3, false);
        unwrap_noscript_images(&mut t);
        assert_eq!(images(&t).0, want);
        // Placeholders before them: each placeholder takes its own <noscript>'s image and
        // keeps its alt text.
        let mut t = gallery(3, true);
        unwrap_noscript_images(&mut t);
        assert_eq!(images(&t), (want, 0));
        let alts: Vec<&str> = t
            .find_all(crate::tree::ROOT, "img")
            .filter_map(|i| t.attr(i, "alt"))
            .collect();
        assert_eq!(alts, ["alt 0", "alt 1", "alt 2"]);
    }

    #[test]
    fn noscript_unwrapping_is_linear() {
        // The work counted (nodes visited) stays within a constant of the tree's size, for
        // both shapes and at n and 4n: one detach or sibling scan per <noscript> would grow
        // with n².
        for with_placeholders in [false, true] {
            let mut per_node = Vec::new();
            for n in [2_000, 8_000] {
                let mut t = gallery(n, with_placeholders);
                let nodes = t.len();
                let mut steps = 0;
                unwrap_noscript_images_counted(&mut t, &mut steps);
                assert_eq!(images(&t).0.len(), n);
                per_node.push(steps as f64 / nodes as f64);
            }
            assert!(
                per_node.iter().all(|&r| r < 8.0) && per_node[1] < per_node[0] * 1.1,
                "steps per node at n and 4n: {per_node:?}"
            );
        }
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
        let late_body = b.open("body", &AttrList::from_pairs([("class", "x")]), false, 0);
        assert_eq!(late_body, None);
        let p = el(&mut b, "p").unwrap();
        b.close(p);
        // After </body>, content goes back into the body, not beside it.
        let t0 = b.tree.body();
        b.close(t0);
        let after = el(&mut b, "aside").unwrap();
        b.text("b");
        b.close(after);
        // A page element named like our placeholders is renamed; <image> is an img.
        let image = el(&mut b, "image").unwrap();
        let fake = el(&mut b, crate::PLACEHOLDER).unwrap();
        let t = b.finish();
        let body = t.body();
        assert_eq!(t.parent(meta), Some(head));
        assert_eq!(t.parent(head), Some(html));
        assert_eq!(t.parent(body), Some(html));
        assert_eq!(t.name(body), "body");
        assert_eq!(t.attr(body, "class"), Some("x"));
        assert_eq!(t.children(body), &[div, p, after, image, fake]);
        assert_ne!(t.name(fake), crate::PLACEHOLDER);
        assert_eq!(t.name(image), "img");
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
        assert!(t.len() < 10);
        assert_eq!(t.text_content(ROOT), "deep");
    }

    #[test]
    fn node_budget_flattens_and_keeps_text() {
        let mut b = TreeBuilder::new(512);
        let p = b
            .open("p", &crate::tree::AttrList::default(), false, 0)
            .unwrap();
        let mut refused = 0;
        for i in 0..NODE_BUDGET_BASE + 100 {
            b.text(&format!("w{i} "));
            if b.open("br", &crate::tree::AttrList::default(), false, 0)
                .is_none()
            {
                refused += 1;
            }
        }
        assert!(refused > 0);
        let t = b.finish();
        assert!(t.len() <= node_budget(0) + 1);
        let text = t.text_content(p);
        assert!(text.contains("w0 ") && text.contains(&format!("w{} ", NODE_BUDGET_BASE + 99)));
        // Further in the input, more nodes are allowed.
        assert!(node_budget(1 << 20) > node_budget(0));
    }
}
