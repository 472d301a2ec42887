"""What the probes of issue 13 share (`probe-lines.py`, `probe-blocks.py`,
`probe-layouts.py`): the article's prose, and the CLI run on one page."""
import subprocess

# Eight paragraphs of an ordinary news story, into which the probes put chrome.
PROSE = [
    "The harbour wall that fell in the February storm will be rebuilt by the spring, the council"
    " said on Monday, with money from the regional fund and a loan from the port authority.",
    "Engineers who surveyed the breach said the old wall, built in 1884 from granite blocks, had"
    " been undermined by years of scour at its base, which the storm finally opened.",
    "Fishermen, who have moored in the outer basin since the collapse, said the delay had cost"
    " them a season, and that insurers had yet to pay for the boats lost on the night.",
    "The new wall will be a metre higher than the old one, to allow for rising seas, and its"
    " base will be sunk into the bedrock rather than laid on the shingle, the engineers said.",
    "Residents of the harbour streets, several of whose homes flooded, asked at Thursday's"
    " meeting whether the work would close the quay road, and for how long it would do so.",
    "The council's leader said the road would stay open for most of the work, though lorries"
    " bringing stone would use it at night, and the ferry would sail from the north pier.",
    "A public exhibition of the plans opens at the library on Saturday, and comments can be"
    " sent to the council until the end of next month, when the final design will be chosen.",
    "Work is due to begin in May, weather permitting, and to finish before the autumn gales,"
    " which the harbourmaster said gave the builders little room for any delay at all.",
]


def clean(binary, page, url="https://www.paper.test/news/wall"):
    """The text the CLI at `binary` makes of `page` (HTML), cleaned as if at `url`."""
    args = [binary, "clean", "-", "--format", "text"] + (["--url", url] if url else [])
    return subprocess.run(args, input=page.encode(), capture_output=True, check=False).stdout.decode()
