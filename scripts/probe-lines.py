#!/usr/bin/env python3
"""Which chrome lines of modern news pages leak into `text` (issue 13).

Each line below stands alone as a <p> between two paragraphs of prose in one article; the
CLI cleans the page and the script lists the lines still in its text, and checks that every
paragraph of prose is still there. A second page holds sentences of prose that open with a
label's words ("Share this burden with …"), and the script lists those the cleaner lost. Lines kept on purpose (photo credits, date lines and
sign-offs, which the dragnet annotators keep) are in the list too: the probe measures, it
does not assert.

    python3 scripts/probe-lines.py [BIN]     (default target/release/broadsheet)
"""
import html
import sys

import probe_common

LINES = """
Continue reading the main story|Story continues below advertisement|Article continues below advertisement
Advertisement|ADVERTISEMENT|Listen to this article|Listen to this story|Already a subscriber? Log in
Subscribe now for unlimited access|Get unlimited digital access|Sign up for our newsletter
Sign up for the Morning Briefing newsletter|Download our app|Download the app|Click here to subscribe
Click here for more|Recommended|Recommended for you|You may also like|You might also like|Most popular
Most read|Trending now|Trending|Sponsored content|Paid content|Skip Ad|Ad|Related Coverage
Related coverage|More from Politics|More in Politics|Read next|Up next|Top stories|Latest news
Follow us on Facebook|Like us on Facebook|Join the conversation|Comments are closed.
Share this article|Share on Facebook|Share on Twitter|Copy link|Link copied|Email this article
Print this article|Photo gallery|View gallery|Enlarge this image|Toggle caption|hide caption
toggle caption|Image copyright Getty Images|Image caption The harbour at dawn|Getty Images|Reuters
AP Photo|Reporting by Jane Doe; Editing by John Smith
Our Standards: The Thomson Reuters Trust Principles.|Support our journalism|Become a member
Make a contribution|This article is more than 5 years old|Last modified on Fri 3 May 2019 10.12 BST
Updated 10:12 AM ET, Fri May 3, 2019|Published 3 hours ago|5 min read|Loading...|Open in app
We use cookies to improve your experience|Accept cookies
Get the latest news delivered to your inbox|Want to read more? Subscribe|Thank you for reading
Please enable JavaScript to view the comments|Video|Watch: Harbour wall collapses in storm
WATCH: Harbour wall collapses in storm|Read the full story|Keep reading|Show more|Show comments
View comments|Report an error|Send us a tip|Contact the author|Related Topics|Topics|Tags
View this post on Instagram|A post shared by Jane Doe (@janedoe) on May 3, 2019 at 9:12am PDT
Your browser does not support the video tag.|Your browser does not support the audio element.
This content is not available due to your privacy preferences.|Click to expand|Loading comments...
Story continues below|Continue reading below|Scroll to continue with content|Ad Feedback|Close
Expand|Embed|Download|Replay|Play|Pause|Mute|Fullscreen|Next slide|Previous slide
Open image in gallery|Sponsored Links|Most Viewed|Top Articles|Comments|Show all comments
Be the first to comment|Add a comment|Your email address will not be published.
Required fields are marked *|Subscribe to our YouTube channel|Follow @janedoe
Follow us on Instagram|Related Articles|Also read|ALSO READ|Read also|See also:|Don't miss
Must read|Editor's picks|Click here to sign up
5 min listen|Tap to unmute|Replay video|Watch live|LIVE|Read full article|Reuse this content
Thank you for your patience while we verify access.|Show caption|Save article|Gift article
Share full article|Change font size|Text size|Listen|Send us your feedback
Was this article helpful?|Thanks for your feedback!|Follow this topic|Add topic|Get email alerts
Notifications|Most shared|Explore more|See all|View all|Load more|Privacy Notice
Terms of service|Cookie settings|Accept all cookies|1/12|Sign up to our free newsletter
I would like to be emailed about offers, events and updates|Read more from Jane Doe
"""

# Sentences of prose that open with a chrome label's words: they must all stay.
OPENINGS = """
Advertising revenue at the paper fell by a tenth last year, the company said on Monday.
Powered by wind and tide, the mill ran for a century before the storm took its wheel away.
Home is where the harbour is, said the keeper, who has lived on the point for forty years.
Follow me, the guide said, and led the group along the wall to the broken lamp room.
Share this burden with your neighbours, the council urged residents of the flooded streets.
Never miss a tide, the old pilots used to say, and the young ones still do today.
Don't miss the museum's new lamp room, which opens to visitors on Saturday morning.
Related articles in the county archive describe a similar storm in the winter of 1881.
Close to the quay, the water rose a metre in less than an hour on Tuesday night.
Comments from residents will be heard at the town hall meeting on Thursday evening.
Categories of damage were set by the insurers, who sent assessors within a day.
Tagged fish were found as far north as the islands, the survey reported later.
Previous storms had damaged the wall, but never breached it, the engineers said.
More on that later, the mayor said, before turning to the question of the ferry fares.
Sign up for the volunteer rota opened on Monday, and forty people joined by noon.
Subscribe to the idea that walls can be rebuilt forever, and you will be disappointed.
Jump to: the last section of the report, which deals with the ferry, was the shortest.
Print editions of the paper were delayed by the flooding at the works on the quay.
Like many towns on the coast, Gannet Head depends on its harbour for most of its trade.
Image 1 of the survey shows the breach from the air, the engineers said.
Listen to the pilots, the keeper said, and you will hear the wall was never safe.
Live music will return to the quay in May, once the wall is rebuilt, the council said.
"""

PROSE = [
    "The harbour wall that fell in the February storm will be rebuilt by the spring, the council"
    " said on Monday, with money from the regional fund and a loan from the port authority, number {}.",
    "Engineers who surveyed the breach said the old wall, built in 1884 from granite blocks, had"
    " been undermined by years of scour at its base, which the storm finally opened, item {}.",
]


def clean(binary, body):
    page = (
        "<html><head><title>Harbour wall to be rebuilt</title></head><body><article>"
        "<h1>Harbour wall to be rebuilt</h1>" + "".join(body) + "</article></body></html>"
    )
    return probe_common.clean(binary, page, url=None)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/broadsheet"
    lines = [l for row in LINES.strip().split("\n") for l in row.split("|")]
    body = []
    for i, line in enumerate(lines):
        body.append(f"<p>{PROSE[i % 2].format(i)}</p><p>{html.escape(line)}</p>")
    body.append(f"<p>{PROSE[0].format(len(lines))}</p>")
    out = clean(binary, body)
    blocks = {b.strip() for b in out.split("\n") if b.strip()}
    prose = sum(1 for b in blocks if "harbour wall that fell" in b or "Engineers who" in b)
    leaked = [l for l in lines if l in blocks]
    print(f"{len(leaked)} of {len(lines)} lines leaked; prose paragraphs kept {prose} of {len(lines) + 1}")
    for l in leaked:
        print("  ", l)
    openings = OPENINGS.strip().split("\n")
    body = [f"<p>{PROSE[0].format(i)}</p><p>{html.escape(o)}</p>" for i, o in enumerate(openings)]
    body.append(f"<p>{PROSE[0].format(len(openings))}</p>")
    out = clean(binary, body)
    lost = [o for o in openings if o not in out]
    print(f"{len(lost)} of {len(openings)} sentences that open like a label lost")
    for o in lost:
        print("  ", o)


if __name__ == "__main__":
    main()
