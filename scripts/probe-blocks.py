#!/usr/bin/env python3
"""Which blocks of modern news pages' article bodies leak into `text` (issue 13).

`probe-lines.py` puts single lines between paragraphs; this probe puts whole blocks, written
the way current publishing systems write them (a card linking to another story, a sign-up
form, an author's bio, a gallery, a player, a "most read" list, a partner widget), into the
body of an otherwise ordinary article page, one block per page, and reports for each block
the marker lines of it that are still in the CLI's text, and whether every paragraph of
prose is still there. Class names are the neutral ones many sites use, or none: a block that
a built-in rule names by its class would measure the rule, not the cleaner.

The probe measures, it does not assert: what a block should lose is a judgement, written
down here as its markers (lines a reader would not call the article's).

    python3 scripts/probe-blocks.py [BIN]     (default target/release/broadsheet)
"""
import sys

from probe_common import PROSE, clean


# (name, where, html, markers[, True]): `where` is the paragraph the block follows (-1: after
# the last). With True, the block is the article's own, and its markers must all stay.
BLOCKS = [
    ("inline story card", 3,
     '<aside class="inline-story"><a href="/news/ferry-fares"><img src="/i/ferry.jpg" alt="">'
     '<span class="kicker">Transport</span><h3>Ferry fares to rise by a tenth from June</h3></a></aside>',
     ["Transport", "Ferry fares to rise by a tenth from June"]),
    ("sign-up form", 4,
     '<div class="signup-box"><h4>The Morning Tide</h4><p>The day\'s top stories from the coast,'
     ' in your inbox every weekday.</p><form action="/subscribe"><input type="email" placeholder='
     '"Your email address"><button>Sign me up</button></form><p class="fine">By signing up you'
     ' agree to our terms of use and privacy policy.</p></div>',
     ["The Morning Tide", "The day's top stories from the coast, in your inbox every weekday.",
      "Sign me up", "By signing up you agree to our terms of use and privacy policy."]),
    ("author bio", -1,
     '<div class="author-box"><img src="/i/jane.jpg" alt="Jane Doe"><p><strong>Jane Doe</strong>'
     ' is the paper\'s coast reporter. She joined in 2017 and has covered the harbour since.</p>'
     '<p><a href="https://twitter.com/janedoe">@janedoe</a> · <a href="mailto:jane@paper.test">'
     'Email Jane</a></p><p><a href="/by/jane-doe">More from Jane Doe</a></p></div>',
     ["Jane Doe is the paper's coast reporter. She joined in 2017 and has covered the harbour since.",
      "@janedoe · Email Jane", "More from Jane Doe"]),
    ("author bio, plain markup", -1,
     '<div><p>Written by Jane Doe</p><p>Jane Doe is the paper\'s coast reporter. She has lived'
     ' in Gannet Head since 2009 and sails when the tide allows.</p></div>',
     ["Written by Jane Doe", "Jane Doe is the paper's coast reporter."]),
    ("most read list", -1,
     '<section><h2>Most read</h2><ol><li><a href="/a">Lifeboat crew honoured for rescue</a></li>'
     '<li><a href="/b">School to close for a week after flood</a></li><li><a href="/c">New bus'
     ' route for the north shore</a></li><li><a href="/d">Storm names for the year announced</a>'
     '</li></ol></section>',
     ["Most read", "Lifeboat crew honoured for rescue", "School to close for a week after flood"]),
    ("gallery", 2,
     '<div class="gallery"><figure><img src="/i/1.jpg" alt=""><figcaption>The breach at low tide'
     ' <span class="count">1 of 3</span></figcaption></figure><figure><img src="/i/2.jpg" alt="">'
     '<figcaption>Boats in the outer basin <span class="count">2 of 3</span></figcaption></figure>'
     '<button>Previous</button><button>Next image</button></div>',
     ["1 of 3", "2 of 3", "Previous", "Next image"]),
    ("ad slot with label", 5,
     '<div class="dfp-wrapper"><p class="label">Advertisement</p><div id="gpt-ad-17"></div></div>',
     ["Advertisement"]),
    ("video player", 1,
     '<div class="video-player"><video src="/v/wall.mp4"></video><p class="now">Now playing</p>'
     '<p>Watch: the moment the wall gave way</p><ul class="playlist"><li><a href="/v/2">Up next:'
     ' Lifeboat crew honoured</a></li><li><a href="/v/3">Storm names announced</a></li></ul></div>',
     ["Now playing", "Up next: Lifeboat crew honoured", "Storm names announced"]),
    ("topics", -1,
     '<div class="topics"><span>Topics:</span> <a href="/t/storms">Storms</a> <a href="/t/harbours">'
     'Harbours</a> <a href="/t/council">Council</a></div>',
     ["Topics:", "Storms Harbours Council"]),
    ("follow line", -1,
     '<p><em>Follow the Coast Gazette on <a href="https://twitter.com/x">Twitter</a>, <a href='
     '"https://facebook.com/x">Facebook</a> and <a href="https://instagram.com/x">Instagram</a>.'
     '</em></p>',
     ["Follow the Coast Gazette on Twitter, Facebook and Instagram."]),
    ("comments button", -1,
     '<div class="discussion"><button>View 23 comments</button></div>', ["View 23 comments"]),
    ("partner widget", -1,
     '<div class="partner-feed"><h3>Promoted Stories</h3><div><a href="https://ads.test/1"><img'
     ' src="/i/p1.jpg" alt=""><span>Doctors stunned by this simple trick</span><span>HealthDaily'
     '</span></a></div><div><a href="https://ads.test/2"><img src="/i/p2.jpg" alt=""><span>The'
     ' 10 best coastal towns to retire to</span><span>TravelHub</span></a></div></div>',
     ["Promoted Stories", "Doctors stunned by this simple trick", "HealthDaily"]),
    ("podcast promo", 6,
     '<p><strong>Listen:</strong> <a href="/podcast">The Coast Gazette podcast</a> is on Apple'
     ' Podcasts, Spotify and wherever you get your podcasts.</p>',
     ["Listen: The Coast Gazette podcast is on Apple Podcasts, Spotify and wherever you get your podcasts."]),
    ("read more link", 2,
     '<p><strong><a href="/news/flood-defences">Read more: Flood defences to get £2m upgrade</a>'
     '</strong></p>',
     ["Read more: Flood defences to get £2m upgrade"]),
    ("uppercase kicker", 5,
     '<p><strong>RELATED</strong></p><p><a href="/news/lifeboat">Lifeboat crew honoured for'
     ' night rescue off the point</a></p>',
     ["RELATED", "Lifeboat crew honoured for night rescue off the point"]),
    ("share bar", 0,
     '<div class="article-tools"><a href="https://www.facebook.com/sharer?u=x">Facebook</a>'
     '<a href="https://twitter.com/intent/tweet?url=x">Twitter</a><a href="mailto:?body=x">Email'
     '</a><button>Copy link</button></div>',
     ["Facebook", "Twitter", "Email", "Copy link", "FacebookTwitterEmail"]),
    ("byline block", 0,
     '<div class="byline-block"><img src="/i/jane.jpg" alt=""><span>By <a href="/by/jane-doe">Jane'
     ' Doe</a></span> <span>•</span> <time datetime="2019-05-03">May 3, 2019</time></div>',
     ["By Jane Doe", "May 3, 2019", "By Jane Doe • May 3, 2019"]),
    ("updated line", 0,
     '<p class="timestamp">Updated 10:12 a.m. ET May 3, 2019</p>', ["Updated 10:12 a.m. ET May 3, 2019"]),
    ("paywall message", -1,
     '<div class="subscriber-only"><p>This story is for subscribers. Subscribe for $1 a week to'
     ' keep reading.</p><a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>',
     ["This story is for subscribers. Subscribe for $1 a week to keep reading.", "Subscribe Log in"]),
    ("copyright notice", -1,
     '<p class="copyright">Copyright 2019 The Coast Gazette. All rights reserved. This material may'
     ' not be published, broadcast, rewritten or redistributed.</p>',
     ["Copyright 2019 The Coast Gazette. All rights reserved. This material may not be published,"
      " broadcast, rewritten or redistributed."]),
    ("poll widget", 5,
     '<div class="poll"><p class="q">Should the wall be rebuilt higher?</p><label><input type='
     '"radio" name="v">Yes</label><label><input type="radio" name="v">No</label><button>Vote'
     '</button><a href="/poll/7/results">View results</a></div>',
     ["Vote", "View results"]),
    ("shop box", 4,
     '<div class="product-card"><img src="/i/lamp.jpg" alt=""><h4>Storm lantern</h4><p>$29.99'
     '</p><a href="https://shop.test/lamp" rel="sponsored">Buy now at ShopCo</a></div>',
     ["Buy now at ShopCo", "$29.99"]),
    ("audio controls", 0,
     '<div class="audio-player"><button>Play</button><span>0:00</span> / <span>5:12</span>'
     '<button>1x</button></div>',
     ["0:00 / 5:12", "1x"]),
    ("embed consent", 3,
     '<div class="embed-consent"><p>Allow Twitter content?</p><p>This article contains content'
     ' provided by Twitter. We ask for your permission before anything is loaded, as they may be'
     ' using cookies and other technologies. To view this content choose accept and continue.</p>'
     '<button>Accept and continue</button></div>',
     ["Allow Twitter content?", "This article contains content provided by Twitter.",
      "Accept and continue"]),
    ("embed skip links", 3,
     '<div><a href="#end-1">Skip twitter post by Jane Doe</a><blockquote><p>The wall is down.'
     ' Boats everywhere.</p>&mdash; Jane Doe (@janedoe)</blockquote><p id="end-1">End of twitter'
     ' post by Jane Doe</p></div>',
     ["Skip twitter post by Jane Doe", "End of twitter post by Jane Doe"]),
    ("newsletter promotion", 4,
     '<aside><p>Skip past newsletter promotion</p><p>Sign up to The Morning Tide, our free daily'
     ' newsletter, every weekday at 7am</p><p>Privacy Notice: Newsletters may contain info about'
     ' charities, online ads, and content funded by outside parties.</p><p>after newsletter'
     ' promotion</p></aside>',
     ["Skip past newsletter promotion", "Sign up to The Morning Tide", "Privacy Notice:",
      "after newsletter promotion"]),
    ("image source lines", 2,
     '<figure><img src="/i/wall.jpg" alt=""><p>Image source, Getty Images</p><p>Image caption,'
     ' The breach at low tide</p></figure>',
     ["Image source, Getty Images", "Image caption, The breach at low tide"]),
    ("share panel", 0,
     '<div class="share-panel"><button>Share</button><div><p>Share page</p><button>Copy link'
     '</button><a href="/help/sharing">About sharing</a><button>close panel</button></div></div>',
     ["Share page", "About sharing", "close panel"]),
    ("topics to explore", -1,
     '<div><h2>Explore more on these topics</h2><ul><li><a href="/t/storms">Storms</a></li><li>'
     '<a href="/t/harbours">Harbours</a></li><li><a href="/t/council">Local government</a></li>'
     '</ul><a href="/help/reuse">Reuse this content</a></div>',
     ["Explore more on these topics", "Local government", "Reuse this content"]),
    ("support appeal", -1,
     '<div class="appeal"><h3>Support local journalism</h3><p>Our reporting on the harbour is'
     ' free to read, and we want to keep it that way. If you can, please support us with a gift'
     ' of any size.</p><a href="/support">Support the Gazette</a></div>',
     ["Support local journalism", "Support the Gazette"]),
    ("like loading", -1,
     '<div class="likes"><h3>Like this:</h3><p>Like Loading...</p></div>', ["Like this:", "Like Loading..."]),
    ("external links note", -1,
     '<div><h2>Related internet links</h2><ul><li><a href="https://council.test">Coast Council'
     '</a></li></ul><p>The Gazette is not responsible for the content of external sites.</p></div>',
     ["Related internet links", "The Gazette is not responsible for the content of external sites."]),
    ("lone linked headline", 4,
     '<p><a href="/news/lifeboat">Lifeboat crew honoured for night rescue off the point</a></p>',
     ["Lifeboat crew honoured for night rescue off the point"]),
    ("linked heading teaser", 5,
     '<h3><a href="/news/ferry">Ferry fares to rise by a tenth from June</a></h3>',
     ["Ferry fares to rise by a tenth from June"]),
    ("teaser with snippet", 3,
     '<div class="inline-related"><a href="/news/ferry"><img src="/i/f.jpg" alt=""></a><div><a'
     ' href="/news/ferry">Ferry fares to rise by a tenth from June</a><p>Passengers will pay more'
     ' from the summer, the operator said.</p></div></div>',
     ["Ferry fares to rise by a tenth from June"]),
    ("digest of other stories", -1,
     '<h2>In other news</h2>'
     + "".join(f'<p><a href="/n/{i}">{h}</a></p>' for i, h in enumerate([
         "Lifeboat crew honoured for night rescue", "School to close for a week after flood",
         "New bus route for the north shore", "Storm names for the year announced"])),
     ["In other news", "Lifeboat crew honoured for night rescue", "New bus route for the north shore"]),
    ("affiliate disclosure", 0,
     '<p class="disclosure"><em>We may earn a commission when you buy through links on our'
     ' site.</em></p>',
     ["We may earn a commission when you buy through links on our site."]),
    ("form messages", 4,
     '<form action="/signup"><label>Get the Morning Tide</label><input type="email"><button>'
     'Subscribe</button><p class="ok">Thank you for signing up!</p><p class="err">Please enter a'
     ' valid email address.</p></form>',
     ["Get the Morning Tide", "Thank you for signing up!", "Please enter a valid email address."]),
    ("player errors", 2,
     '<div class="media"><p>Video player is loading.</p><p>Sorry, this video is no longer'
     ' available.</p><p>Beginning of dialog window. Escape will cancel and close the window.</p></div>',
     ["Video player is loading.", "Sorry, this video is no longer available.",
      "Beginning of dialog window."]),
    ("feature unavailable", 5,
     '<div class="widget"><p>We\'re sorry, this feature is currently unavailable. We\'re working'
     ' to restore it. Please try again later.</p><button>Dismiss</button></div>',
     ["We're sorry, this feature is currently unavailable.", "Dismiss"]),
    ("comment thread", -1,
     '<div class="thread"><h3>3 thoughts on \u201cHarbour wall to be rebuilt by spring\u201d</h3>'
     '<div><p class="who">Posted by: Tom Reed at May 3, 2019 04:59 PM</p><p>About time too, the'
     ' quay has been a mess for months and nobody seemed to care at all.</p></div><div><p'
     ' class="who">Posted by: Ann Lee at May 3, 2019 05:12 PM</p><p>I hope they keep the old'
     ' granite, it is part of the town\'s history and should not be lost.</p></div></div>',
     ["Posted by: Tom Reed at May 3, 2019 04:59 PM", "About time too, the quay has been a mess"]),
    # Blocks that are the article's own and must stay whole.
    ("inline newsletter pitch", 5,
     '<div><p><strong>Newsletter:</strong> Get the Coast Gazette in your inbox every morning. '
     '<a href="/nl">Sign up here</a>.</p></div>',
     ["Newsletter: Get the Coast Gazette in your inbox every morning. Sign up here."]),
    ("app promo", 2,
     '<div><p>Get the Coast Gazette app for the latest news and alerts. <a href="/app">Download now</a>'
     '</p></div>',
     ["Get the Coast Gazette app for the latest news and alerts. Download now"]),
    ("call for readers", -1,
     '<div><h3>Have your say</h3><p>Do you live on the quay? Tell us what you think by emailing '
     'letters@gazette.test</p></div>',
     ["Have your say", "Do you live on the quay? Tell us what you think by emailing letters@gazette.test"]),
    ("KEEP key points", 0,
     '<div class="key-points"><h2>Key points</h2><ul><li>The wall will be a metre higher than'
     ' before</li><li>Work begins in May and ends before the autumn</li></ul></div>',
     ["Key points", "The wall will be a metre higher than before",
      "Work begins in May and ends before the autumn"], True),
    ("KEEP correction", -1,
     '<p><em>Correction: an earlier version of this story gave the wall\'s height as two metres.'
     '</em></p>',
     ["Correction: an earlier version of this story gave the wall's height as two metres."], True),
    ("KEEP data table", 4,
     '<table><tr><th>Year</th><th>Storms</th></tr><tr><td>2017</td><td>4</td></tr><tr><td>2018'
     '</td><td>7</td></tr></table>',
     ["Year", "Storms", "2018"], True),
    ("KEEP quote", 2,
     '<blockquote><p>We have waited long enough for this wall, and we will not wait another'
     ' winter.</p></blockquote>',
     ["We have waited long enough for this wall, and we will not wait another winter."], True),
    ("KEEP steps", 6,
     '<p>To comment on the plans:</p><ol><li>Visit the library exhibition</li><li>Fill in the'
     ' form at the desk</li><li>Post it in the box by the door</li></ol>',
     ["To comment on the plans:", "Visit the library exhibition", "Post it in the box by the door"], True),
    ("KEEP sub-headings", 3,
     '<h2>What happens next</h2>', ["What happens next"], True),
    ("related list with dates", -1,
     '<div class="more-on"><h3>More on this story</h3><ul><li><a href="/a">Wall collapse leaves'
     ' harbour exposed</a><span>4 February 2019</span></li><li><a href="/b">Council seeks funds'
     ' for repairs</a><span>12 March 2019</span></li></ul></div>',
     ["More on this story", "Wall collapse leaves harbour exposed", "4 February 2019"]),
]

PAGE = (
    "<!doctype html><html lang=en><head><title>Harbour wall to be rebuilt | Coast Gazette</title>"
    "</head><body><header class=site-header><a href=/>Coast Gazette</a><nav><ul><li><a href=/news>"
    "News</a></li><li><a href=/sport>Sport</a></li><li><a href=/opinion>Opinion</a></li></ul></nav>"
    "</header><main><article><h1>Harbour wall to be rebuilt by spring</h1><div class=article-body>"
    "{body}</div></article></main><footer><p>© 2019 Coast Gazette</p><a href=/privacy>Privacy</a>"
    "</footer></body></html>"
)



def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/broadsheet"
    leaked_blocks = lost_blocks = keep = 0
    for name, where, block, markers, *must_stay in BLOCKS:
        paras = [f"<p>{p}</p>" for p in PROSE]
        paras.insert(len(paras) if where < 0 else where + 1, block)
        out = clean(binary, PAGE.format(body="".join(paras)))
        # Markers are looked for anywhere in the text, not as whole lines: a block's text
        # merged into a paragraph leaks as much as one standing alone.
        text = " ".join(out.split())
        lines = {" ".join(l.split()) for l in out.split("\n") if l.strip()}
        kept = sum(1 for p in PROSE if p in lines)
        lost = "" if kept == len(PROSE) else f"  (prose kept {kept} of {len(PROSE)})"
        if must_stay:
            keep += 1
            gone = [m for m in markers if m not in text]
            lost_blocks += bool(gone)
            flag = "LOST" if gone else "ok  "
            print(f"{flag} {name}{lost}" + "".join(f"\n       {m}" for m in gone))
            continue
        leaked = [m for m in markers if m in text]
        leaked_blocks += bool(leaked)
        flag = "LEAK" if leaked else "ok  "
        print(f"{flag} {name}{lost}" + "".join(f"\n       {m}" for m in leaked))
    print(f"{leaked_blocks} of {len(BLOCKS) - keep} blocks of chrome leaked; "
          f"{lost_blocks} of {keep} blocks of the article lost")


if __name__ == "__main__":
    main()
