"""book/_ext/landing.py: the book's index.html is a complete page with the book's icon."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

from conftest import load_book_extension

landing = load_book_extension("landing")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(text: str) -> Tags:
    tags = Tags()
    tags.feed(text)
    return tags


def test_the_page_redirects_links_and_carries_the_icon():
    page = parsed(landing.landing_page("Kazakhstan–Azerbaijan", "intro.html", "_static/favicon.svg"))
    tags = dict(page.tags)
    assert tags["link"] == {"rel": "icon", "href": "_static/favicon.svg"}
    assert {"charset": "utf-8"} in [a for t, a in page.tags if t == "meta"]
    refresh = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Refresh"]
    assert refresh == [{"http-equiv": "Refresh", "content": "0; url=intro.html"}]
    assert tags["a"] == {"href": "intro.html"}
    assert "Kazakhstan–Azerbaijan" in "".join(page.text)


def test_title_and_target_are_escaped_and_no_icon_means_no_link():
    text = landing.landing_page('A <b>"book"</b>', 'x.html?a=1&b="2"', None)
    page = parsed(text)
    assert "<b>" not in text and not any(t == "link" for t, _ in page.tags)
    assert dict(page.tags)["a"] == {"href": 'x.html?a=1&b="2"'}


def test_the_build_writes_it_before_the_toc_extension_would(tmp_path):
    app = SimpleNamespace(
        outdir=str(tmp_path),
        builder=SimpleNamespace(name="html", get_target_uri=lambda doc: f"{doc}.html"),
        config=SimpleNamespace(root_doc="intro", html_favicon="book/_theme/favicon.svg",
                               html_title="The book", project="p"))
    landing._write(app, None)
    page = parsed((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert dict(page.tags)["link"]["href"] == "_static/favicon.svg"
    assert dict(page.tags)["a"]["href"] == "intro.html"
    (tmp_path / "index.html").unlink()
    landing._write(app, RuntimeError("the build failed"))
    assert not (tmp_path / "index.html").exists()
