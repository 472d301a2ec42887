//! Cosmetic rules: adblock element-hiding syntax, parsed and validated up front.
//!
//! The built-in list (`rules/builtin.txt`) and a user's own list use the same syntax, the
//! subset of adblock cosmetic filters that a streaming parser can run:
//!
//! ```text
//! ! a comment; `! kind: paywall` sets the kind of the rules below it
//! ##.selector                       generic: every site
//! example.com,news.example.org##.x  only on these domains and their subdomains
//! ~example.com##.x                  everywhere except example.com (and its subdomains)
//! example.com#@#.x                  exemption: no rule with selector `.x` runs on example.com
//! #@#.x                             exemption everywhere
//! ```
//!
//! Every selector is parsed with lol_html when the list is parsed, and a rule lol_html cannot
//! match while streaming (`:has()`, `+`, `~`, `:last-child`, uBlock/AdGuard procedural syntax,
//! …) is an [`Error::InvalidRule`] naming its line: a rule is never dropped silently. Network
//! filters (`||example.com^`, `/ads/`) are errors too, because Broadsheet makes no requests.
//!
//! Exemptions match rules by their selector text, exactly as written, and apply across lists:
//! a user's `example.com#@#.tp-modal` switches the built-in `##.tp-modal` off on example.com.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::article::Kind;
use crate::error::Error;
use crate::tree::AttrList;

/// The built-in rule list: data, not code.
const BUILTIN_RULES: &str = include_str!("rules/builtin.txt");

/// Short promotional phrases for the promo-text heuristic.
const BUILTIN_PHRASES: &str = include_str!("rules/phrases.txt");

/// One rule that lol_html can run.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// The parsed selector, borrowed by the scan's lol_html settings. `None` for a
    /// [`Rule::cached`] rule, which the scan matches itself: lol_html's parse of the ~330
    /// built-in selectors was a sixth of what every new instance did before its first page
    /// (the reader starts one per open). [`Rule::lol_html_selector`] parses it when asked.
    selector: Option<lol_html::Selector>,
    /// The kind of block it removes.
    pub kind: Kind,
    /// How the rule is named in `Article::removed[].rule`: `builtin:LINE ##selector`, or
    /// `builtin:LINE example.com##selector` for a domain rule.
    pub label: String,
    /// The selector as written (trimmed); exemptions match on it.
    selector_text: String,
    /// Where the rule applies.
    domains: Domains,
    /// The selector as compound selectors the scan can match itself (see `matcher.rs`), or
    /// `None` when it needs lol_html (combinators, structural pseudo-classes).
    pub fast: Option<Vec<crate::matcher::Compound>>,
    /// The selector as a child combinator of two compounds (`.offer > iframe`), which the
    /// shared matcher of [`builtin_generic`] also takes (see `matcher::Child`).
    pub child: Option<crate::matcher::Child>,
    /// A built-in rule for every site with a simple or a child selector: matched by the
    /// shared, build-once matcher of [`builtin_generic`], not by lol_html. One child
    /// selector made lol_html keep its selector stack for every element of every page:
    /// 3 % of `clean()`'s instructions.
    pub cached: bool,
}

/// An exemption (`example.com#@#selector`): rules with this selector text do not run where
/// `domains` match.
#[derive(Debug, Clone)]
struct Exemption {
    selector_text: String,
    domains: Domains,
}

/// The domain part of a rule: which hosts it applies to.
#[derive(Debug, Clone, Default)]
struct Domains {
    /// Hosts the rule is limited to (each matches itself and its subdomains). Empty: any host.
    include: Vec<String>,
    /// Hosts the rule never applies on (`~example.com`), with their subdomains.
    exclude: Vec<String>,
}

impl Domains {
    /// No domain constraint at all.
    fn is_everywhere(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether a rule with these domains applies on `host` (already normalised). With no host
    /// only rules without included domains apply; `~domain` exclusions cannot match then.
    fn matches(&self, host: Option<&str>) -> bool {
        match host {
            None => self.include.is_empty(),
            Some(host) => {
                (self.include.is_empty() || self.include.iter().any(|d| on_domain(host, d)))
                    && !self.exclude.iter().any(|d| on_domain(host, d))
            }
        }
    }
}

/// `host` is `domain` or one of its subdomains (`www.example.com` is on `example.com`,
/// `badexample.com` is not).
fn on_domain(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// A parsed list of rules.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    exemptions: Vec<Exemption>,
}

impl Rule {
    /// The selector as lol_html runs it: parsed with the rule, or now for a cached rule
    /// (the scan hands those to lol_html only when an exemption turned its own matcher off).
    pub(crate) fn lol_html_selector(&self) -> Result<Cow<'_, lol_html::Selector>, Error> {
        match &self.selector {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => self
                .selector_text
                .parse()
                .map(Cow::Owned)
                .map_err(|e: lol_html::errors::SelectorError| Error::Parse(e.to_string())),
        }
    }
}

impl RuleSet {
    /// Parses rule text; `origin` names it in labels (`builtin`, `user`). Fails with the first
    /// [`Error::InvalidRule`]. Rules in the `builtin` origin must each follow a `! kind:` header;
    /// user rules default to kind `other`.
    pub(crate) fn parse(text: &str, origin: &str) -> Result<RuleSet, Error> {
        let (set, mut errors) = parse_all(text, origin);
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors.swap_remove(0))
        }
    }

    /// Number of rules, exemptions included (what a user wrote, minus comments and blanks).
    pub(crate) fn len(&self) -> usize {
        self.rules.len() + self.exemptions.len()
    }

    /// The built-in rules, parsed once. A unit test keeps the list free of errors; should one
    /// slip through anyway, cleaning goes on without built-in rules rather than panicking.
    pub(crate) fn builtin() -> &'static RuleSet {
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN.get_or_init(|| RuleSet::parse(BUILTIN_RULES, "builtin").unwrap_or_default())
    }
}

/// The rules that apply on `host`, in list order (built-in rules first, then the user's),
/// minus every rule whose selector an applicable exemption of either list names.
///
/// `host` is matched case-insensitively; a trailing dot is ignored and an internationalised
/// name may be given in Unicode or punycode. With `None` only rules without domains apply.
pub(crate) fn active<'a>(
    builtin: &'a RuleSet,
    user: &'a RuleSet,
    host: Option<&str>,
) -> Vec<&'a Rule> {
    active_where(builtin, user, host, |_| true)
}

/// [`active`] without the [`Rule::cached`] rules, which the shared matcher
/// ([`builtin_generic`]) already covers: the scan of every page asks for this, and skipping
/// the ~300 cached rules first spares their domain and exemption checks.
pub(crate) fn active_uncached<'a>(
    builtin: &'a RuleSet,
    user: &'a RuleSet,
    host: Option<&str>,
) -> Vec<&'a Rule> {
    active_where(builtin, user, host, |r| !r.cached)
}

fn active_where<'a>(
    builtin: &'a RuleSet,
    user: &'a RuleSet,
    host: Option<&str>,
    keep: impl Fn(&Rule) -> bool,
) -> Vec<&'a Rule> {
    let host = host.and_then(|h| normalize_domain(h).ok());
    let host = host.as_deref();
    let exempt: HashSet<&str> = builtin
        .exemptions
        .iter()
        .chain(&user.exemptions)
        .filter(|e| e.domains.matches(host))
        .map(|e| e.selector_text.as_str())
        .collect();
    builtin
        .rules
        .iter()
        .chain(&user.rules)
        .filter(|r| {
            keep(r)
                && r.domains.matches(host)
                && (exempt.is_empty() || !exempt.contains(r.selector_text.as_str()))
        })
        .collect()
}

/// The built-in rules marked [`Rule::cached`], and a matcher over their selectors whose match
/// numbers index `rules`. Built once: compiling a matcher for every page cost more than
/// cleaning a small page.
pub(crate) struct Compiled {
    pub matcher: crate::matcher::Matcher,
    pub rules: Vec<&'static Rule>,
    /// The child rules. `matcher` also holds their parent compounds, numbered
    /// `rules.len() + k` for child rule `k` (see [`Matcher::split_match`]), so one pass over an
    /// element's classes answers both; `children` holds their child compounds, numbered `k`.
    ///
    /// [`Matcher::split_match`]: crate::matcher::Matcher::split_match
    pub children: crate::matcher::Matcher,
    pub child_rules: Vec<&'static Rule>,
}

impl Compiled {
    /// The first simple rule matching an element, and the bits of the child rules whose
    /// parent compound it matches.
    pub fn first_match(&self, tag: &str, attrs: &AttrList) -> (Option<&'static Rule>, u64) {
        let (best, bits) = self.matcher.split_match(tag, attrs, self.rules.len());
        (best.map(|r| self.rules[r]), bits)
    }

    /// The first child rule (in list order) that matches an element whose parent matched
    /// the parent compounds `parent_bits` (from [`Compiled::first_match`]).
    pub fn child_match(&self, tag: &str, attrs: &AttrList, parent_bits: u64) -> Option<&Rule> {
        if parent_bits == 0 {
            return None;
        }
        let bits = self.children.matching(tag, attrs) & parent_bits;
        (bits != 0).then(|| self.child_rules[bits.trailing_zeros() as usize])
    }
}

pub(crate) fn builtin_generic() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut matcher = crate::matcher::Matcher::default();
        let mut children = crate::matcher::Matcher::default();
        let mut rules = Vec::new();
        let mut child_rules = Vec::new();
        let cached = || RuleSet::builtin().rules.iter().filter(|r| r.cached);
        for r in cached() {
            if let Some(f) = &r.fast {
                matcher.add(f, rules.len());
                rules.push(r);
            }
        }
        for r in cached() {
            if let Some(c) = &r.child {
                let k = child_rules.len();
                matcher.add(std::slice::from_ref(&c.parent), rules.len() + k);
                children.add(std::slice::from_ref(&c.child), k);
                child_rules.push(r);
            }
        }
        Compiled {
            matcher,
            rules,
            children,
            child_rules,
        }
    })
}

/// Whether an exemption in force on `host` names a [`Rule::cached`] rule, in which case the
/// shared matcher cannot be used as is.
pub(crate) fn cached_rule_exempted(user: &RuleSet, host: Option<&str>) -> bool {
    let host = host.and_then(|h| normalize_domain(h).ok());
    let builtin = RuleSet::builtin();
    builtin
        .exemptions
        .iter()
        .chain(&user.exemptions)
        .filter(|e| e.domains.matches(host.as_deref()))
        .any(|e| {
            builtin
                .rules
                .iter()
                .any(|r| r.cached && r.selector_text == e.selector_text)
        })
}

/// Parses every line, collecting all errors (the builtin test reports them all at once).
fn parse_all(text: &str, origin: &str) -> (RuleSet, Vec<Error>) {
    let mut set = RuleSet::default();
    let mut errors = Vec::new();
    let strict_kinds = origin == "builtin";
    let mut children = 0;
    let mut kind = if strict_kinds {
        None
    } else {
        Some(Kind::Other)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        let fail = |reason: String| Error::InvalidRule {
            line,
            rule: t.to_string(),
            reason,
        };
        if t.is_empty() || is_list_header(t) {
            continue;
        }
        if let Some(comment) = t.strip_prefix('!') {
            match kind_header(comment) {
                None => {}
                Some(Ok(k)) => kind = Some(k),
                Some(Err(reason)) => errors.push(fail(reason)),
            }
            continue;
        }
        let parsed = match parse_line(t) {
            Ok(p) => p,
            Err(reason) => {
                errors.push(fail(reason));
                continue;
            }
        };
        match parsed {
            Line::Hide {
                domains_text,
                domains,
                selector_text,
            } => {
                let Some(kind) = kind else {
                    errors.push(fail(
                        "built-in rules must follow a `! kind: …` header".to_string(),
                    ));
                    continue;
                };
                let fast = crate::matcher::parse_simple(&selector_text);
                // At most 64 child rules (their matches are bits of a `u64`); a rule past
                // that goes to lol_html.
                let child = fast
                    .is_none()
                    .then(|| crate::matcher::parse_child(&selector_text))
                    .flatten()
                    .filter(|_| children < 64);
                let shared = fast.is_some() || child.is_some();
                let cached = strict_kinds && shared && domains.is_everywhere();
                // A cached rule's selector is one the scan's matcher recognised, and a unit test
                // parses every built-in one with lol_html; any other is validated now, so a
                // user's mistake is reported on its line.
                let selector = if cached {
                    None
                } else {
                    match parse_selector(&selector_text) {
                        Ok(s) => Some(s),
                        Err(reason) => {
                            errors.push(fail(reason));
                            continue;
                        }
                    }
                };
                children += usize::from(cached && child.is_some());
                // Concatenated, not `format!`ted: `format!` took ~1 600 instructions a rule, a
                // tenth of a new instance's setup.
                let line = line.to_string();
                let mut label = String::with_capacity(
                    origin.len() + line.len() + domains_text.len() + selector_text.len() + 4,
                );
                for part in [origin, ":", &line, " ", &domains_text, "##", &selector_text] {
                    label.push_str(part);
                }
                set.rules.push(Rule {
                    cached,
                    fast,
                    child,
                    selector,
                    kind,
                    label,
                    selector_text,
                    domains,
                });
            }
            Line::Exempt {
                domains,
                selector_text,
            } => set.exemptions.push(Exemption {
                selector_text,
                domains,
            }),
        }
    }
    (set, errors)
}

/// One rule line, parsed.
enum Line {
    Hide {
        domains_text: String,
        domains: Domains,
        selector_text: String,
    },
    Exempt {
        domains: Domains,
        selector_text: String,
    },
}

/// `[Adblock Plus 2.0]`-style list headers, as at the top of lists pasted from elsewhere.
fn is_list_header(t: &str) -> bool {
    t.starts_with('[')
        && t.ends_with(']')
        && t[1..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("adblock")
}

/// `Some` when a comment is a `kind:` header (`! kind: paywall`), with the kind or why the
/// name is unknown.
fn kind_header(comment: &str) -> Option<Result<Kind, String>> {
    let c = comment.trim();
    let name = c
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("kind:"))
        .map(|_| c[5..].trim().to_ascii_lowercase())?;
    Some(Kind::from_name(&name).ok_or_else(|| {
        format!(
            "unknown kind `{name}`; kinds are paywall, promo, newsletter, related, ad, cookie, \
             social, comments, nav, hidden, other"
        )
    }))
}

/// Separators of extended cosmetic syntax (AdGuard, uBlock Origin, ABP) that cannot run here.
const EXTENDED_SEPARATORS: [&str; 8] =
    ["#?#", "#@?#", "#$#", "#@$#", "#$?#", "#@$?#", "#%#", "#@%#"];

/// Parses one non-comment line (trimmed); the error is the reason.
fn parse_line(t: &str) -> Result<Line, String> {
    let Some(hash) = t.find('#') else {
        return Err(not_cosmetic(t));
    };
    let (domains_part, rest) = t.split_at(hash);
    if let Some(sep) = EXTENDED_SEPARATORS.iter().find(|s| rest.starts_with(**s)) {
        return Err(format!(
            "`{sep}` is extended (AdGuard/uBlock Origin) syntax: scripts, CSS injection and \
             procedural selectors are not supported; only `##selector` element-hiding rules are"
        ));
    }
    let (exempt, selector_text) = if let Some(s) = rest.strip_prefix("#@#") {
        (true, s.trim())
    } else if let Some(s) = rest.strip_prefix("##") {
        (false, s.trim())
    } else {
        return Err(not_cosmetic(t));
    };
    let domains = parse_domains(domains_part)?;
    // A rule's selector is parsed by the caller (see `parse_all`); an exemption's is only
    // checked.
    if exempt {
        parse_selector(selector_text)?;
    }
    let selector_text = selector_text.to_string();
    Ok(if exempt {
        Line::Exempt {
            domains,
            selector_text,
        }
    } else {
        Line::Hide {
            domains_text: domains_part.trim().to_string(),
            domains,
            selector_text,
        }
    })
}

/// The reason for a line that is not an element-hiding rule at all.
fn not_cosmetic(t: &str) -> String {
    let cosmetic = "element-hiding rules look like `##.promo` or `example.com##.promo`";
    if t.contains("$$") || t.contains("$@$") {
        format!("HTML filtering rules (`$$`) are not supported; {cosmetic}")
    } else if t.starts_with("||")
        || t.starts_with('|')
        || t.starts_with("@@")
        || t.starts_with('/')
        || t.contains('^')
        || t.contains('$')
        || t.contains("://")
    {
        format!(
            "this is a network filter (like `||example.com^` or `/ads/`): those block requests, \
             and Broadsheet makes none; {cosmetic}"
        )
    } else {
        format!("not an element-hiding rule: {cosmetic}")
    }
}

/// Parses `example.com,~sub.example.com` (possibly empty) into domain lists.
fn parse_domains(part: &str) -> Result<Domains, String> {
    let mut domains = Domains::default();
    let part = part.trim();
    if part.is_empty() {
        return Ok(domains);
    }
    if part.starts_with("||")
        || part.starts_with('|')
        || part.starts_with("@@")
        || part.contains('/')
        || part.contains('^')
        || part.contains('$')
    {
        return Err(not_cosmetic(part));
    }
    for item in part.split(',') {
        let item = item.trim();
        let (negated, name) = match item.strip_prefix('~') {
            Some(n) => (true, n.trim()),
            None => (false, item),
        };
        let name = normalize_domain(name).map_err(|why| format!("bad domain `{item}`: {why}"))?;
        if negated {
            domains.exclude.push(name);
        } else {
            domains.include.push(name);
        }
    }
    Ok(domains)
}

/// Lower-cases a host or rule domain, drops a trailing dot and turns an internationalised name
/// into punycode (the form URL parsers give), so both sides compare alike.
fn normalize_domain(name: &str) -> Result<String, &'static str> {
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() {
        return Err("empty domain");
    }
    if name.contains('*') {
        return Err(
            "wildcard domains (`example.*`, `*.example.com`) are not supported; \
                    `example.com` already covers its subdomains",
        );
    }
    let ascii = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        // No IDNA tables in the build (idna_adapter 1.0, see Cargo.toml): lower-cased and
        // punycoded label by label, without UTS #46's other mappings, which covers names
        // written in their usual form (`Bücher.de` -> `xn--bcher-kva.de`).
        let lower = name.to_lowercase();
        let mut labels = Vec::new();
        for label in lower.split('.') {
            if label.is_ascii() {
                labels.push(label.to_string());
            } else {
                match idna::punycode::encode_str(label) {
                    Some(p) => labels.push(format!("xn--{p}")),
                    None => return Err("not a valid domain name"),
                }
            }
        }
        labels.join(".")
    };
    let valid = ascii
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        && !ascii.starts_with('.')
        && !ascii.contains("..");
    if valid {
        Ok(ascii)
    } else {
        Err("not a valid domain name")
    }
}

/// Parses a selector with lol_html, explaining the common unsupported cases.
fn parse_selector(text: &str) -> Result<lol_html::Selector, String> {
    if text.is_empty() {
        return Err("empty selector".to_string());
    }
    if text.starts_with("+js(") {
        return Err(
            "scriptlet injection (`##+js(…)`) runs scripts in the page; Broadsheet only removes \
             elements"
                .to_string(),
        );
    }
    if text.starts_with('^') {
        return Err(
            "HTML filtering (`##^…`) is not supported; write a plain CSS selector".to_string(),
        );
    }
    text.parse::<lol_html::Selector>().map_err(|e| {
        let message = e.to_string();
        let message = message.trim_end_matches('.');
        match selector_hint(text, &e) {
            Some(hint) => format!("{message}: {hint}"),
            None => message.to_string(),
        }
    })
}

/// Procedural / extended pseudo-classes of uBlock Origin, AdGuard and ABP.
const PROCEDURAL: [&str; 19] = [
    ":upward(",
    ":nth-ancestor(",
    ":xpath(",
    ":matches-css(",
    ":matches-css-before(",
    ":matches-css-after(",
    ":matches-path(",
    ":matches-attr(",
    ":matches-prop(",
    ":matches-media(",
    ":min-text-length(",
    ":watch-attr(",
    ":watch-attrs(",
    ":others(",
    ":if(",
    ":if-not(",
    ":-abp-properties(",
    ":remove-attr(",
    ":remove-class(",
];

/// A human hint for the selector errors people meet most, or `None`.
fn selector_hint(text: &str, err: &lol_html::errors::SelectorError) -> Option<String> {
    use lol_html::errors::SelectorError as E;
    let t = text.to_ascii_lowercase();
    let has = |needle: &str| t.contains(needle);
    let hint = match err {
        E::UnsupportedCombinator(c) => format!(
            "sibling combinators (`{c}`) are not supported, only descendant (` `) and child (`>`); \
             target the element itself by class, id or attribute"
        ),
        E::NamespacedSelector => "namespaced selectors (`svg|a`) are not supported".to_string(),
        _ if has(":has(") || has(":-abp-has(") => {
            "`:has()` depends on an element's descendants, which have not streamed in when the \
             element starts; target the element itself by class, id or attribute"
                .to_string()
        }
        _ if has(":has-text(") || has(":contains(") || has(":-abp-contains(") => {
            "text matching (`:has-text()`, `:contains()`) is extended adblock syntax; an \
             element's text has not streamed in when the element starts"
                .to_string()
        }
        _ if has(":remove(") || has(":style(") => {
            "`:remove()` and `:style()` are uBlock Origin actions; leave them off, a matching \
             element is always removed"
                .to_string()
        }
        _ if PROCEDURAL.iter().any(|p| has(p)) => {
            let found = PROCEDURAL.iter().find(|p| has(p)).map_or("", |p| p);
            format!(
                "`{}…)` is procedural adblock syntax (uBlock Origin/AdGuard/ABP); only plain CSS \
                 that lol_html can stream is supported",
                found
            )
        }
        _ if has(":is(") || has(":where(") || has(":matches(") || has("-any(") => {
            "`:is()`/`:where()` are not supported; write the alternatives as a comma-separated \
             list"
                .to_string()
        }
        _ if has(":last-child")
            || has(":last-of-type")
            || has(":only-child")
            || has(":only-of-type")
            || has(":nth-last-") =>
        {
            "this needs the element's later siblings, which have not streamed in yet; use \
             `:first-child`, `:nth-child()` or a class"
                .to_string()
        }
        _ if has(":empty") => {
            "`:empty` needs the element's content, which has not streamed in yet".to_string()
        }
        _ if has(":root") => "write `html` instead of `:root`".to_string(),
        _ if has("::") => {
            "pseudo-elements (`::before`, `::after`) are not elements and cannot be removed"
                .to_string()
        }
        _ if has(":not(") && matches!(err, E::UnsupportedPseudoClassOrElement) => {
            "`:not()` takes simple selectors only (no combinators inside)".to_string()
        }
        E::UnsupportedPseudoClassOrElement => {
            "supported: tag, .class, #id, [attr] with = ~= ^= $= *= |= (and `i`), descendant, \
             `>`, :nth-child, :first-child, :nth-of-type, :first-of-type, :not(simple)"
                .to_string()
        }
        _ => return None,
    };
    Some(hint)
}

/// A short promotional phrase ("Subscribe now", "Download the app"). The promo-text heuristic
/// removes a short block whose whole text is one of these.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// The phrase as [`normalize_phrase`] leaves it: lower-case, whitespace collapsed, curly
    /// quotes straightened, leading and trailing punctuation trimmed.
    pub text: String,
    /// The kind of block a match is.
    pub kind: Kind,
}

/// The built-in phrases (`rules/phrases.txt`), parsed once. Lines before any `! kind:` header,
/// or under an unknown one, are skipped (a unit test keeps the file free of both).
pub(crate) fn phrases() -> &'static [Phrase] {
    static PHRASES: OnceLock<Vec<Phrase>> = OnceLock::new();
    PHRASES.get_or_init(|| parse_phrases(BUILTIN_PHRASES).0)
}

/// Normalises text for comparison with [`Phrase::text`]: lower-case, runs of whitespace
/// (including no-break spaces) as one space, curly quotes and apostrophes straightened, and
/// punctuation trimmed from both ends (`"One app."` → `"one app"`, `"› Read more"` →
/// `"read more"`). Inner punctuation stays (`"already a member? sign in here"`).
pub(crate) fn normalize_phrase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => {
                    out.push('\'')
                }
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    let keep = |c: char| c.is_alphanumeric() || c == '+' || c == '%';
    // Trimmed in place: this runs for every short block on the page.
    let end = out.trim_end_matches(|c: char| !keep(c)).len();
    out.truncate(end);
    let start = end - out.trim_start_matches(|c: char| !keep(c)).len();
    out.drain(..start);
    out
}

/// Parses phrase text: one phrase a line under `! kind:` headers. Returns the phrases and
/// the problems found (`line N: …`).
fn parse_phrases(text: &str) -> (Vec<Phrase>, Vec<String>) {
    let mut phrases = Vec::new();
    let mut problems = Vec::new();
    let mut kind = None;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(comment) = t.strip_prefix('!') {
            match kind_header(comment) {
                None => {}
                Some(Ok(k)) => kind = Some(k),
                Some(Err(reason)) => {
                    problems.push(format!("line {}: {reason}", i + 1));
                    kind = None;
                }
            }
            continue;
        }
        let normalized = normalize_phrase(t);
        match kind {
            _ if normalized.is_empty() => {
                problems.push(format!("line {}: no words in `{t}`", i + 1))
            }
            Some(kind) => phrases.push(Phrase {
                text: normalized,
                kind,
            }),
            None => problems.push(format!(
                "line {}: `{t}` is not under a `! kind:` header",
                i + 1
            )),
        }
    }
    (phrases, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> (usize, String, String) {
        match RuleSet::parse(text, "user") {
            Err(Error::InvalidRule { line, rule, reason }) => (line, rule, reason),
            Err(other) => panic!("unexpected error {other:?}"),
            Ok(set) => panic!("{text:?} parsed into {} rules", set.len()),
        }
    }

    fn labels(rules: &[&Rule]) -> Vec<String> {
        rules.iter().map(|r| r.label.clone()).collect()
    }

    fn selectors<'a>(rules: &[&'a Rule]) -> Vec<&'a str> {
        rules.iter().map(|r| r.selector_text.as_str()).collect()
    }

    #[test]
    fn builtin_parses_without_errors_and_every_rule_has_a_kind() {
        let (set, errors) = parse_all(BUILTIN_RULES, "builtin");
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            messages.is_empty(),
            "builtin.txt errors:\n{}",
            messages.join("\n")
        );
        assert!(
            set.rules.len() >= 150,
            "only {} builtin rules",
            set.rules.len()
        );
        assert_eq!(RuleSet::builtin().len(), set.len());
        // A rule with no header before it is an error in the builtin origin (checked above);
        // make sure that check is real.
        assert!(RuleSet::parse("##.promo", "builtin").is_err());
        assert!(RuleSet::parse("! kind: promo\n##.promo", "builtin").is_ok());
        // The cached rules' selectors are not parsed by lol_html when the list is (the scan
        // matches them itself): lol_html must still take every one, for the path that hands
        // them to it, and the matcher's recognising them is no proof of that.
        for rule in &set.rules {
            assert_eq!(rule.cached, rule.selector.is_none(), "{}", rule.label);
            assert!(
                parse_selector(&rule.selector_text).is_ok() && rule.lol_html_selector().is_ok(),
                "{}",
                rule.label
            );
        }
        // A user's rule is validated on its line, whatever its shape.
        let e = RuleSet::parse("##.ok\n##..x", "user").unwrap_err();
        assert!(matches!(e, Error::InvalidRule { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn builtin_has_no_duplicate_selectors() {
        let mut seen = HashSet::new();
        for r in &RuleSet::builtin().rules {
            assert!(seen.insert(&r.selector_text), "duplicate: {}", r.label);
        }
    }

    #[test]
    fn kind_headers_set_the_kind_and_user_rules_default_to_other() {
        let set = RuleSet::parse(
            "##.a\n! kind: Paywall\n##.b\n!kind:cookie\n##.c\n! just a comment\n##.d",
            "user",
        )
        .unwrap();
        let kinds: Vec<Kind> = set.rules.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Other, Kind::Paywall, Kind::Cookie, Kind::Cookie]
        );
        let (line, _, reason) = invalid("##.a\n! kind: popup\n##.b");
        assert_eq!(line, 2);
        assert!(reason.contains("unknown kind `popup`"), "{reason}");
    }

    #[test]
    fn unsupported_selectors_are_errors_on_their_line() {
        for (sel, needle) in [
            (":has(p)", ":has()"),
            ("div:has(> p)", ":has()"),
            ("a + b", "`+`"),
            ("a ~ b", "`~`"),
            ("div:last-child", "later siblings"),
            ("div:empty", ":empty"),
            ("p:contains(Subscribe)", "text matching"),
            ("div:is(.a, .b)", "comma-separated"),
            ("div:where(.a)", "comma-separated"),
            (".x:upward(2)", "procedural"),
            (".x:remove()", ":remove()"),
            (".x:style(display: none !important)", ":style()"),
            (".x:matches-css(position: fixed)", "procedural"),
            ("div::before", "pseudo-elements"),
            (":not(.a .b)", ":not()"),
            ("+js(set-constant, x, 1)", "scriptlet"),
            ("^script:has-text(ad)", "HTML filtering"),
            ("", "empty selector"),
        ] {
            let text = format!("! first line\n\n##.fine\n##{sel}\n##.also-fine");
            let (line, rule, reason) = invalid(&text);
            assert_eq!(line, 4, "{sel}");
            assert_eq!(rule, format!("##{sel}").trim(), "{sel}");
            assert!(reason.contains(needle), "{sel}: {reason}");
        }
        // The lol_html message is kept in front of the hint.
        let (_, _, reason) = invalid("##a + b");
        assert!(
            reason.starts_with("Unsupported combinator `+` in selector"),
            "{reason}"
        );
        // The Display of the error names line and rule.
        let err = RuleSet::parse("##.ok\nexample.com##div:has(p)", "user").unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("line 2") && shown.contains("example.com##div:has(p)"),
            "{shown}"
        );
    }

    #[test]
    fn extended_syntax_and_network_filters_are_errors_not_skipped() {
        for (text, needle) in [
            ("||example.com^", "network filter"),
            ("||ads.example.com^$third-party", "network filter"),
            ("/ads/", "network filter"),
            ("@@||example.com^$elemhide", "network filter"),
            ("https://example.com/banner.js", "network filter"),
            ("example.com$$script[data-src=\"ad\"]", "HTML filtering"),
            ("example.com#?#.ad:-abp-has(.x)", "`#?#`"),
            ("example.com#$#.ad { display: none !important; }", "`#$#`"),
            (
                "example.com#%#//scriptlet('abort-on-property-read', 'x')",
                "`#%#`",
            ),
            ("example.com#@?#.ad", "`#@?#`"),
            ("example.com#@$#.ad { color: red }", "`#@$#`"),
            (".promo", "element-hiding rules look like"),
            ("example.com#.promo", "element-hiding rules look like"),
            ("example.*##.promo", "wildcard"),
            ("exa mple.com##.promo", "bad domain"),
            (",example.com##.promo", "empty domain"),
        ] {
            let (line, rule, reason) = invalid(&format!("##.ok\n{text}"));
            assert_eq!(line, 2, "{text}");
            assert_eq!(rule, text, "{text}");
            assert!(reason.contains(needle), "{text}: {reason}");
        }
    }

    #[test]
    fn comments_blank_lines_and_list_headers_are_skipped() {
        let text =
            "[Adblock Plus 2.0]\n! Title: mine\n\n   \n! ##.commented-out\n  ##.a  \r\n\t##.b\n";
        let set = RuleSet::parse(text, "user").unwrap();
        assert_eq!(set.len(), 2);
        let none = RuleSet::default();
        let rules = active(&none, &set, None);
        assert_eq!(labels(&rules), ["user:6 ##.a", "user:7 ##.b"]);
        assert_eq!(RuleSet::parse("", "user").unwrap().len(), 0);
        assert_eq!(RuleSet::parse("\u{feff}##.a", "user").unwrap().len(), 1);
    }

    #[test]
    fn labels_name_origin_line_domains_and_selector() {
        let set = RuleSet::parse(
            "! kind: promo\n##.promo\n\nexample.com, news.example.org ##  div > .x , .y \n~foo.com##[id^=\"ad-\"]",
            "builtin",
        )
        .unwrap();
        let none = RuleSet::default();
        let rules = active(&set, &none, Some("news.example.org"));
        assert_eq!(
            labels(&rules),
            [
                "builtin:2 ##.promo",
                "builtin:4 example.com, news.example.org##div > .x , .y",
                "builtin:5 ~foo.com##[id^=\"ad-\"]",
            ]
        );
    }

    #[test]
    fn comma_separated_selector_lists_are_one_rule() {
        let set = RuleSet::parse("##.a, #b, div[data-x] > .c", "user").unwrap();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn domain_rules_match_the_domain_and_its_subdomains_only() {
        let user = RuleSet::parse(
            "##.generic\nexample.com##.ex\nnews.example.org,OTHER.net##.multi",
            "user",
        )
        .unwrap();
        let none = RuleSet::default();
        let on = |host: Option<&str>| selectors(&active(&none, &user, host));
        assert_eq!(on(None), [".generic"]);
        assert_eq!(on(Some("example.com")), [".generic", ".ex"]);
        assert_eq!(on(Some("www.example.com")), [".generic", ".ex"]);
        assert_eq!(on(Some("WWW.Example.COM.")), [".generic", ".ex"]);
        assert_eq!(on(Some("a.b.example.com")), [".generic", ".ex"]);
        assert_eq!(on(Some("badexample.com")), [".generic"]);
        assert_eq!(on(Some("example.com.evil.net")), [".generic"]);
        assert_eq!(on(Some("example.org")), [".generic"]);
        assert_eq!(on(Some("news.example.org")), [".generic", ".multi"]);
        assert_eq!(on(Some("other.net")), [".generic", ".multi"]);
        assert_eq!(on(Some("")), [".generic"]);
    }

    #[test]
    fn negated_domains_exclude_the_domain_and_its_subdomains() {
        let user = RuleSet::parse(
            "~example.com##.not-ex\nexample.com,~shop.example.com##.ex-but-shop",
            "user",
        )
        .unwrap();
        let none = RuleSet::default();
        let on = |host: Option<&str>| selectors(&active(&none, &user, host));
        assert_eq!(on(Some("other.com")), [".not-ex"]);
        assert_eq!(on(Some("example.com")), [".ex-but-shop"]);
        assert_eq!(on(Some("www.example.com")), [".ex-but-shop"]);
        assert_eq!(on(Some("shop.example.com")), Vec::<&str>::new());
        assert_eq!(on(Some("eu.shop.example.com")), Vec::<&str>::new());
        // No host: a rule limited to some domains cannot apply; one with only exclusions can.
        assert_eq!(on(None), [".not-ex"]);
    }

    #[test]
    fn internationalised_domains_match_in_either_form() {
        let user = RuleSet::parse("bücher.de##.x", "user").unwrap();
        let none = RuleSet::default();
        assert_eq!(active(&none, &user, Some("www.xn--bcher-kva.de")).len(), 1);
        assert_eq!(active(&none, &user, Some("bücher.de")).len(), 1);
        assert_eq!(active(&none, &user, Some("BÜCHER.DE")).len(), 1);
        assert_eq!(
            normalize_domain("Bücher.de").as_deref(),
            Ok("xn--bcher-kva.de")
        );
        assert_eq!(
            normalize_domain("中国.example").as_deref(),
            Ok("xn--fiqs8s.example")
        );
    }

    #[test]
    fn user_exemptions_disable_builtin_rules_on_the_domain_and_subdomains() {
        let builtin = RuleSet::parse(
            "! kind: paywall\n##.tp-modal\n##.tp-backdrop\n! kind: ad\nexample.com##.tp-modal",
            "builtin",
        )
        .unwrap();
        let user = RuleSet::parse("example.com#@#.tp-modal\n##.mine", "user").unwrap();
        assert_eq!(user.len(), 2);
        let on = |host: Option<&str>| labels(&active(&builtin, &user, host));
        let only_backdrop = ["builtin:3 ##.tp-backdrop", "user:2 ##.mine"];
        assert_eq!(on(Some("example.com")), only_backdrop);
        assert_eq!(on(Some("www.example.com")), only_backdrop);
        assert_eq!(
            on(Some("example.org")),
            [
                "builtin:2 ##.tp-modal",
                "builtin:3 ##.tp-backdrop",
                "user:2 ##.mine"
            ]
        );
        assert_eq!(
            on(None),
            [
                "builtin:2 ##.tp-modal",
                "builtin:3 ##.tp-backdrop",
                "user:2 ##.mine"
            ]
        );
        // Exact selector text only: `.tp-modal ` is trimmed, `div.tp-modal` is another rule.
        let user = RuleSet::parse("example.com#@#div.tp-modal", "user").unwrap();
        assert_eq!(active(&builtin, &user, Some("example.com")).len(), 3);
    }

    #[test]
    fn exemptions_without_domains_apply_everywhere_and_to_user_rules() {
        let builtin = RuleSet::parse("! kind: social\n##.share\n##.share-bar", "builtin").unwrap();
        let user = RuleSet::parse("#@#.share\n##.promo\n~example.com#@#.promo", "user").unwrap();
        let on = |host: Option<&str>| selectors(&active(&builtin, &user, host));
        assert_eq!(on(None), [".share-bar"]);
        assert_eq!(on(Some("foo.com")), [".share-bar"]);
        assert_eq!(on(Some("example.com")), [".share-bar", ".promo"]);
        // An exemption's selector is validated like any other.
        let (line, _, reason) = invalid("##.a\nexample.com#@#div:has(p)");
        assert_eq!(line, 2);
        assert!(reason.contains(":has()"), "{reason}");
    }

    #[test]
    fn phrases_parse_cleanly_and_cover_the_aggregator_examples() {
        let (list, problems) = parse_phrases(BUILTIN_PHRASES);
        assert!(problems.is_empty(), "phrases.txt: {problems:?}");
        assert_eq!(list.len(), phrases().len());
        let mut seen = HashSet::new();
        for p in phrases() {
            assert!(seen.insert(p.text.as_str()), "duplicate phrase {}", p.text);
            assert_eq!(normalize_phrase(&p.text), p.text);
        }
        for example in [
            "Get all your news in one place",
            "100’s of premium titles",
            "One app.",
            "Start reading",
            "Sign up to read this article",
            "Read news from 100’s of titles, curated specifically for you",
            "Already a member? Sign in here",
            "Related Stories",
            "Our Picks",
            "Fourteen days free",
            "Download the app",
            "One app. One membership.",
            "100+ trusted global sources.",
            "Subscribe now",
            "Already a subscriber?",
            "Advertisement",
            "You may also like",
        ] {
            let n = normalize_phrase(example);
            assert!(
                seen.contains(n.as_str()),
                "missing phrase {example:?} ({n:?})"
            );
        }
    }

    #[test]
    fn phrase_normalisation() {
        assert_eq!(normalize_phrase("  One\u{a0}app.  "), "one app");
        assert_eq!(
            normalize_phrase("100’s of  premium\ttitles"),
            "100's of premium titles"
        );
        assert_eq!(normalize_phrase("› Read more »"), "read more");
        assert_eq!(
            normalize_phrase("Already a member? Sign in here"),
            "already a member? sign in here"
        );
        assert_eq!(
            normalize_phrase("100+ trusted global sources."),
            "100+ trusted global sources"
        );
        assert_eq!(normalize_phrase("“Quoted”"), "quoted");
        assert_eq!(normalize_phrase("…"), "");
        let (_, problems) = parse_phrases("subscribe now\n! kind: nope\n! kind: promo\n...\nok");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    /// Runs the active builtin rules over `html` and returns `(kind, element description)`
    /// for every element some rule matches.
    fn matches_in(html: &str) -> Vec<(Kind, String)> {
        use std::cell::RefCell;
        let hits = RefCell::new(Vec::new());
        let none = RuleSet::default();
        let rules = active(RuleSet::builtin(), &none, Some("example.com"));
        let mut settings = lol_html::Settings::new();
        for rule in &rules {
            let hits = &hits;
            let kind = rule.kind;
            let label = rule.label.clone();
            settings = settings.append_element_content_handler((
                rule.lol_html_selector().expect("a valid selector"),
                lol_html::ElementContentHandlers::default().element(
                    move |el: &mut lol_html::html_content::Element| {
                        let id = el.get_attribute("data-t").unwrap_or_default();
                        hits.borrow_mut().push((kind, format!("{id} by {label}")));
                        Ok(())
                    },
                ),
            ));
        }
        let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| ());
        rewriter.write(html.as_bytes()).unwrap();
        rewriter.end().unwrap();
        hits.into_inner()
    }

    /// Wrappers that real sites put around the article text, with class names a careless list
    /// would match. None may be matched by a built-in rule.
    #[test]
    fn builtin_rules_leave_known_article_wrappers_alone() {
        let html = r#"<html class="tp-modal-open no-js" data-t="html">
<body class="has-paywall paywall-active cookie-banner-visible newsletter-signup-open sp-message-open single category-social tag-newsletter" data-t="body">
<div id="page" class="site has-cookie-banner has-newsletter-signup" data-t="page">
<main id="main" class="site-main" data-t="main">
<div class="entry-content social-share-enabled has-related-posts" data-t="entry">
<article id="zephr-article-content" class="post newsletter-post typography" data-t="substack-zephr">
<div class="paywall" data-t="google-paywall-markup"><p data-t="p1">Paid text.</p></div>
<div class="paywall-content" data-t="paywall-content"><p>More.</p></div>
<div class="premium-content subscriber-content meteredContent" data-t="premium"><p>More.</p></div>
<section subscriptions-section="content" data-t="amp-content"><p>AMP text.</p></section>
<div data-poool="80" data-t="poool-content"><p>Poool text.</p></div>
<div data-pelcro-entitlements="premium" data-t="pelcro-content"><p>Pelcro text.</p></div>
<div id="freestar-instream-content" class="tp-container-inner" data-t="fortune-body"><p>Text.</p></div>
<div class="fence-body" data-t="fence"><p>Text.</p></div>
<div class="subscribe-article article__body" data-t="subscribe-article"><p>Text.</p></div>
<div class="available-content" data-t="substack-body"><p>Text.</p></div>
<div amp-access="access" data-t="amp-access"><p>Text.</p></div>
<div class="article-body entry-content" hidden aria-hidden="true" style="display:none" data-t="hidden-body"><p>Text.</p></div>
<section id="piano-lessons" class="piano-content" data-t="piano-word"><p>Scales.</p></section>
<h2 id="how-to-reject-cookie-banners" data-t="heading-anchor">How to reject cookie banners</h2>
<h2 id="newsletter-signup-forms" data-t="heading-anchor-2">Newsletter signup forms</h2>
<div id="why-cookie-banners-annoy" class="section level2" data-t="rmarkdown-section"><p>Text.</p></div>
<div id="taboola-and-outbrain" class="section level2" data-t="rmarkdown-section-2"><p>Text.</p></div>
<blockquote class="twitter-tweet" data-t="tweet"><p>Embedded tweet.</p></blockquote>
<div class="read-more" data-t="read-more-expander"><p>The rest of the story.</p></div>
</article></div></main></div></body></html>"#;
        let hits = matches_in(html);
        assert!(hits.is_empty(), "rules matched article wrappers: {hits:#?}");
    }

    /// Typical junk: each sample must be matched by a rule of the expected kind.
    #[test]
    fn builtin_rules_catch_typical_junk() {
        let samples = [
            (Kind::Paywall, r#"<div class="tp-modal">x</div>"#),
            (
                Kind::Paywall,
                r#"<div class="tp-backdrop tp-active"></div>"#,
            ),
            (Kind::Paywall, r#"<div id="poool-widget">x</div>"#),
            (
                Kind::Paywall,
                r#"<div class="leaky_paywall_message_wrap">x</div>"#,
            ),
            (Kind::Paywall, r#"<div id="pelcro-login-modal">x</div>"#),
            (
                Kind::Paywall,
                r#"<section subscriptions-section="actions">x</section>"#,
            ),
            (Kind::Paywall, r#"<div subscriptions-dialog>x</div>"#),
            (Kind::Paywall, r#"<div class="paywall-overlay">x</div>"#),
            (Kind::Cookie, r#"<div id="onetrust-consent-sdk">x</div>"#),
            (Kind::Cookie, r#"<div id="CybotCookiebotDialog">x</div>"#),
            (Kind::Cookie, r#"<div class="qc-cmp2-container">x</div>"#),
            (Kind::Cookie, r#"<div id="didomi-host">x</div>"#),
            (
                Kind::Cookie,
                r#"<div id="sp_message_container_12345">x</div>"#,
            ),
            (Kind::Cookie, r#"<div id="site-cookie-banner">x</div>"#),
            (
                Kind::Newsletter,
                r#"<div class="newsletter-signup">x</div>"#,
            ),
            (
                Kind::Newsletter,
                r#"<div id="article-newsletter-signup">x</div>"#,
            ),
            (
                Kind::Related,
                r#"<div id="taboola-below-article-thumbnails">x</div>"#,
            ),
            (
                Kind::Related,
                r#"<div class="OUTBRAIN" data-widget-id="AR_1">x</div>"#,
            ),
            (
                Kind::Related,
                r#"<div class="trc_related_container">x</div>"#,
            ),
            (Kind::Related, r#"<aside class="c-related-links">x</aside>"#),
            (Kind::Social, r#"<div class="social-share">x</div>"#),
            (Kind::Social, r#"<div id="post-share-buttons-top">x</div>"#),
            (
                Kind::Social,
                r#"<div class="addthis_inline_share_toolbox">x</div>"#,
            ),
            (Kind::Promo, r#"<div class="smartbanner">x</div>"#),
            (Kind::Promo, r#"<div class="app-download">x</div>"#),
            (Kind::Ad, r#"<div class="ad">x</div>"#),
            (Kind::Ad, r#"<div id="div-gpt-ad-1234-0">x</div>"#),
            (
                Kind::Ad,
                r#"<ins class="adsbygoogle" data-ad-slot="1"></ins>"#,
            ),
            (Kind::Ad, r#"<amp-ad type="doubleclick"></amp-ad>"#),
            (Kind::Comments, r#"<div id="disqus_thread">x</div>"#),
            (
                Kind::Comments,
                r#"<div id="comments" class="comments-area">x</div>"#,
            ),
            (Kind::Nav, r#"<nav class="breadcrumbs">x</nav>"#),
            (Kind::Nav, r##"<a class="skip-link" href="#main">Skip</a>"##),
        ];
        for (kind, html) in samples {
            let hits = matches_in(html);
            assert!(
                hits.iter().any(|(k, _)| *k == kind),
                "{html} not matched as {kind:?}: {hits:?}"
            );
        }
    }
}
