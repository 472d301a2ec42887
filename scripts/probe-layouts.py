#!/usr/bin/env python3
"""Which parts of a whole page's layout leak into `text`, or which of the article is lost
(issue 13).

`probe-lines.py` and `probe-blocks.py` put chrome inside an article's body. This probe varies
the page around it, as current sites lay pages out: a body cut into chunks between ad slots,
a rail of most-read stories beside it, a grid of cards after it in the same wrapper, a menu,
breadcrumbs and a footer in the article's own container, a comment thread, a live blog,
table layouts, text in `div`s with `<br>`s, pagination and previous/next links. Each layout
is one page; the probe reports the marker lines of chrome still in the CLI's text, and
whether every paragraph of the article is still there. Class names are neutral, or the
common ones for that part of a page, never one a built-in rule names.

The probe measures, it does not assert.

    python3 scripts/probe-layouts.py [BIN]     (default target/release/broadsheet)
"""
import sys

from probe_common import PROSE, clean


HEAD = "<!doctype html><html lang=en><head><title>Harbour wall to be rebuilt | Coast Gazette</title></head><body>"
TAIL = "</body></html>"
H1 = "<h1>Harbour wall to be rebuilt by spring</h1>"
NAV = ('<header><a href="/">Coast Gazette</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">'
       'Sport</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/business">Business</a></li>'
       '<li><a href="/weather">Weather</a></li></ul></nav></header>')


def paras(ps=None):
    return "".join(f"<p>{p}</p>" for p in (ps or PROSE))


def teasers(n, snippet=True, cls="card"):
    out = []
    for i in range(n):
        s = (f"<p>The town's {['bakery','lifeboat','school','ferry','museum','market','bridge','choir'][i % 8]}"
             f" marks a milestone this week, with events planned for residents and visitors.</p>") if snippet else ""
        out.append(f'<div class="{cls}"><h3><a href="/news/story-{i}">Story number {i} makes the'
                   f' news on the coast</a></h3>{s}</div>')
    return "".join(out)


MOST_READ = ('<aside class="rail"><h2>Most read</h2><ol>' + "".join(
    f'<li><a href="/news/read-{i}">Most read headline number {i} about the coast</a></li>' for i in range(8))
    + "</ol></aside>")

FOOTER_LINES = ["Coast Gazette, 12 Quay Street, Harbourtown HT1 2AB",
                "© 2019 Coast Gazette Ltd. All rights reserved.",
                "Registered in England and Wales No. 0123456"]
FOOTER = ('<div class="bottom"><p>' + "</p><p>".join(FOOTER_LINES) + '</p><ul><li><a href="/about">About us'
          '</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li></ul></div>')

COMMENTS = ('<section class="responses"><h2>12 responses</h2>' + "".join(
    f'<div class="response"><p class="who">Reader{i} <span>March {i + 1}, 2019 at 4:5{i} pm</span></p>'
    f'<p>Comment number {i}: I have lived here all my life and I think this is long overdue, frankly.</p>'
    f'<a href="#reply">Reply</a></div>' for i in range(5)) + "</section>")

LAYOUTS = [
    ("chunks between ad slots",
     HEAD + NAV + "<main><article>" + H1 + "".join(
         f'<div class="body-chunk">{paras(PROSE[i:i + 2])}</div><div class="slot"><span>Advertisement</span></div>'
         for i in range(0, 8, 2)) + "</article></main>" + TAIL,
     ["Advertisement"]),
    ("chunks without a shared wrapper class",
     HEAD + NAV + "<div class=page>" + H1 + "".join(
         f'<section>{paras(PROSE[i:i + 2])}</section><div><a href="/offer">Get 3 months for $1</a></div>'
         for i in range(0, 8, 2)) + "</div>" + TAIL,
     ["Get 3 months for $1"]),
    ("rail of most read beside",
     HEAD + NAV + "<div class=wrap><div class=col-main>" + H1 + paras() + "</div>" + MOST_READ + "</div>" + TAIL,
     ["Most read", "Most read headline number 1 about the coast"]),
    ("cards after, same wrapper",
     HEAD + NAV + "<main><div class=content>" + H1 + paras() + "<h2>More stories</h2>" + teasers(6)
     + "</div></main>" + TAIL,
     ["More stories", "Story number 1 makes the news on the coast",
      "The town's lifeboat marks a milestone this week, with events planned for residents and visitors."]),
    ("cards after, unheaded",
     HEAD + NAV + "<main><div class=content>" + H1 + "<div>" + paras() + "</div>" + teasers(6)
     + "</div></main>" + TAIL,
     ["Story number 1 makes the news on the coast",
      "The town's lifeboat marks a milestone this week, with events planned for residents and visitors."]),
    ("menu and footer in the article's container",
     HEAD + "<div class=container>" + NAV + H1 + paras() + FOOTER + "</div>" + TAIL,
     ["News Sport Opinion", "News", "Coast Gazette"] + FOOTER_LINES + ["About us"]),
    ("breadcrumbs",
     HEAD + NAV + '<main><ol class="crumbs"><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
     '<li><a href="/news/local">Local</a></li></ol><article>' + H1 + paras() + "</article></main>" + TAIL,
     ["Home", "Local", "Home News Local"]),
    ("comment thread after",
     HEAD + NAV + "<main><div class=post>" + H1 + paras() + COMMENTS + "</div></main>" + TAIL,
     ["12 responses", "Comment number 1: I have lived here all my life and I think this is long overdue, frankly.",
      "Reply"]),
    ("previous and next",
     HEAD + NAV + "<main><article>" + H1 + paras() + '<div class="pager"><a href="/news/older">« Previous: Lifeboat'
     ' crew honoured</a> <a href="/news/newer">Next: Ferry timetable changes »</a></div></article></main>' + TAIL,
     ["Previous: Lifeboat crew honoured", "Next: Ferry timetable changes"]),
    ("pagination",
     HEAD + NAV + "<main><article>" + H1 + paras() + '<div class="pages">Page 1 of 3 <a href="?page=2">2</a> <a href='
     '"?page=3">3</a> <a href="?page=2">Next page</a></div></article></main>' + TAIL,
     ["Page 1 of 3", "Next page"]),
    ("table layout with a menu cell",
     HEAD + '<table><tr><td class="menu"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/sport">Sport</a>'
     '<br><a href="/links">Links</a></td><td>' + H1 + paras() + "</td></tr></table>" + TAIL,
     ["Home", "Links"]),
    ("text in divs with breaks",
     HEAD + NAV + "<div id=story>" + H1 + "<div>" + "<br><br>".join(PROSE) + "</div></div>" + MOST_READ + TAIL,
     ["Most read", "Most read headline number 1 about the coast"]),
    ("live blog",
     HEAD + NAV + "<main><div class=live>" + H1 + "".join(
         f'<div class="entry"><time>1{i}:00</time>{paras([p])}</div>' for i, p in enumerate(PROSE))
     + "</div></main>" + TAIL,
     []),
    ("short paragraphs",
     HEAD + NAV + "<main><article>" + H1 + paras([s.strip() + "." for p in PROSE for s in p.split(",")[:1]]
                                                  ) + paras(PROSE[:3]) + "</article></main>" + TAIL,
     []),
    ("sponsored widget after",
     HEAD + NAV + "<main><article>" + H1 + paras() + "</article><div class=widget><h3>Promoted stories</h3>"
     + teasers(6, cls="w-item") + "</div></main>" + TAIL,
     ["Promoted stories", "Story number 1 makes the news on the coast"]),
    ("standfirst and key facts",
     HEAD + NAV + "<main><article>" + H1 + '<p class="standfirst">The council will spend £4m on a higher wall.</p>'
     + paras(PROSE[:4]) + "<h2>Key facts</h2><ul><li>The wall was built in 1884.</li><li>It fell in the February"
     " storm.</li><li>Work begins in May.</li></ul>" + paras(PROSE[4:]) + "</article></main>" + TAIL,
     [], ["Key facts", "The wall was built in 1884.", "Work begins in May."]),
    ("tags and share after, in article",
     HEAD + NAV + "<main><article>" + H1 + paras() + '<div class="meta-bottom"><span>Topics</span> <a href="/t/harbour">'
     'Harbour</a> <a href="/t/council">Council</a> <a href="/t/storms">Storms</a></div><div><a href="#fb">Facebook</a> '
     '<a href="#tw">Twitter</a> <a href="#mail">Email</a></div></article></main>' + TAIL,
     ["Topics", "Harbour Council Storms", "Facebook", "Twitter"]),
    ("cookie banner",
     HEAD + '<div class="consent"><p>We use cookies to improve your experience on our site and to show you'
     ' relevant advertising. By continuing you agree to our use of cookies.</p><button>Accept</button>'
     '<button>Manage settings</button></div>' + NAV + "<main><article>" + H1 + paras() + "</article></main>" + TAIL,
     ["We use cookies to improve your experience", "Accept", "Manage settings"]),
    ("wordpress comments, no heading",
     HEAD + NAV + "<div id=content><div class=hentry>" + H1 + '<div class="entry-content">' + paras()
     + "</div></div><ol class=commentlist>" + "".join(
         f'<li><div><cite>Reader{i}</cite> says:</div><div><a href="#c{i}">March {i + 1}, 2019 at 4:5{i} pm</a></div>'
         f'<p>Comment number {i}: I have lived here all my life and I think this is long overdue, frankly.</p></li>'
         for i in range(5)) + "</ol></div>" + TAIL,
     ["Reader1 says:", "Comment number 1: I have lived here all my life and I think this is long overdue, frankly."]),
    ("blurb beside a table article",
     HEAD + '<table><tr><td width=200><p>Coast Gazette is the independent voice of the harbour towns, published'
     ' every week since 1921 by a trust of local readers, and read in every house on the quay.</p>'
     '<p>Write to us at the office, or call in on a weekday morning, and we will print your letter.</p></td><td>'
     + H1 + paras() + "</td></tr></table>" + TAIL,
     ["Coast Gazette is the independent voice of the harbour towns",
      "Write to us at the office, or call in on a weekday morning, and we will print your letter."]),
    ("author blurb in the sidebar",
     HEAD + NAV + "<div class=wrap><div class=main>" + H1 + paras() + '</div><div class=side><h3>About me</h3>'
     "<p>I am a retired harbour pilot who writes about the coast, its boats and its people, and I have lived on"
     " the quay for forty years, which is long enough to have seen the wall fall twice.</p></div></div>" + TAIL,
     ["About me", "I am a retired harbour pilot who writes about the coast"]),
    ("related cards with images inside the article",
     HEAD + NAV + "<main><article>" + H1 + paras(PROSE[:5]) + '<div class="grid">' + "".join(
         f'<a href="/news/r{i}"><img src="/i/r{i}.jpg" alt=""><span>Related story {i}: the quay road'
         f' reopens after repairs</span></a>' for i in range(4)) + "</div>" + paras(PROSE[5:])
     + "</article></main>" + TAIL,
     ["Related story 1: the quay road reopens after repairs"]),
    ("link-rich roundup",
     HEAD + NAV + "<main><article>" + H1 + "".join(
         f'<p>{p.split(",")[0]}, <a href="https://other.test/{i}">as the county paper reported</a>,'
         f'{",".join(p.split(",")[1:])}</p>' for i, p in enumerate(PROSE)) + "</article></main>" + TAIL,
     []),
    ("dated teasers after, unheaded",
     HEAD + NAV + "<main><div class=content>" + H1 + "<div>" + paras() + "</div><ul>" + "".join(
         f'<li><a href="/news/t{i}">Story number {i} makes the news on the coast</a> <span>March {i + 1},'
         f' 2019</span></li>' for i in range(4)) + "</ul></div></main>" + TAIL,
     ["Story number 1 makes the news on the coast March 2, 2019", "Story number 1 makes the news on the coast"]),
    ("newsletter box after, in the wrapper",
     HEAD + NAV + "<main><div class=content>" + H1 + paras() + "<div><h3>Get the Gazette in your inbox</h3>"
     "<p>Our free weekly email brings you the week's news from the harbour towns every Friday morning.</p>"
     '<input type=email placeholder="Email address"><button>Subscribe</button></div></div></main>' + TAIL,
     ["Get the Gazette in your inbox",
      "Our free weekly email brings you the week's news from the harbour towns every Friday morning.",
      "Subscribe"]),
    ("short article over a long comment thread",
     HEAD + NAV + "<main><article>" + H1 + paras(PROSE[:3]) + "</article><div class=discussion><h2>Discussion</h2>"
     + "".join(f'<div class=c><p class=who><a href="/u/{i}">Reader{i}</a> {i + 1} hours ago</p><p>Comment number {i}: '
               "I have lived on the quay all my life, and my father before me, and I can tell you that the wall was"
               " never properly looked after, whatever the council says now, and the money should have been spent"
               " years ago, when the first cracks appeared, instead of on the new offices.</p></div>"
               for i in range(15)) + "</div></main>" + TAIL,
     ["Discussion", "Comment number 1: I have lived on the quay all my life"]),
    ("short article over many teasers with snippets",
     HEAD + NAV + "<main><article>" + H1 + paras(PROSE[:3]) + "</article><section><h2>Around the coast</h2>"
     + "".join(f'<div class=t><h3><a href="/news/c{i}">Coast story number {i} in the news today</a></h3><p>The'
               f' {["bakery","lifeboat","school","ferry"][i % 4]} in town number {i} marks a milestone this week, with'
               " events planned for residents, visitors, and the schools, the organisers said.</p></div>"
               for i in range(12)) + "</section></main>" + TAIL,
     ["Around the coast", "Coast story number 1 in the news today", "in town number 1 marks a milestone"]),
    ("two-paragraph article with a long sidebar essay",
     HEAD + NAV + "<div class=cols><div class=a>" + H1 + paras(PROSE[:2]) + "</div><div class=b><h3>From the archive</h3>"
     + "".join(f"<p>Archive paragraph {i}: in 1953 the sea came over the wall at high tide, and the quay flooded to the"
               " depth of a man's knee, and the lifeboat rowed down the high street, which the older residents still"
               " remember, and talk about, whenever the wind turns to the east.</p>" for i in range(4))
     + "</div></div>" + TAIL,
     ["From the archive", "Archive paragraph 1: in 1953 the sea came over the wall"]),
]



def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/broadsheet"
    leaked_pages = lost_pages = 0
    for name, page, markers, *keep in LAYOUTS:
        out = clean(binary, page)
        lines = {" ".join(l.split()) for l in out.split("\n") if l.strip()}
        text = " ".join(out.split())
        prose = [p for p in PROSE if p in page]
        kept = sum(1 for p in prose if p in text)
        must = keep[0] if keep else []
        gone = [m for m in must if m not in text]
        # A marker of a few words leaks as a whole line; a long one anywhere in the text.
        leaked = [m for m in markers if (m in lines if len(m) < 20 else m in text)]
        lost = kept < len(prose) or gone
        leaked_pages += bool(leaked)
        lost_pages += bool(lost)
        flag = ("LEAK" if leaked else "") + ("LOST" if lost else "") or "ok  "
        note = f"  (prose kept {kept} of {len(prose)})" if kept < len(prose) else ""
        print(f"{flag} {name}{note}" + "".join(f"\n       {m}" for m in leaked)
              + "".join(f"\n       lost: {m}" for m in gone))
    print(f"{leaked_pages} of {len(LAYOUTS)} layouts leaked chrome; {lost_pages} lost article text")


if __name__ == "__main__":
    main()
