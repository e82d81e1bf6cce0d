"""Sphinx extension: the book's ``index.html`` is a page of its own that carries the book's icon.

The book's first page is ``intro``, so nothing writes an ``index.html``; ``sphinx_external_toc``
then writes a one-line ``<meta http-equiv="Refresh">`` file after the build. A browser opening that
file finds no ``<link rel="icon">`` and asks the server for ``/favicon.ico``: a 404 in the console,
and whether it is asked before the redirect fires depends on timing. This extension writes the
landing page first (``sphinx_external_toc`` leaves an existing ``index.html`` alone): a complete
HTML document with the book's title, its icon, the same redirect and a plain link for a reader whose
browser does not follow it.
"""

from __future__ import annotations

import html
from pathlib import Path


def landing_page(title: str, target: str, icon: str | None) -> str:
    """The HTML of a page that sends the reader to *target*, titled *title*, with *icon* (a path
    relative to the build folder) as its icon when given."""
    title_text, href = html.escape(title), html.escape(target, quote=True)
    icon_link = (f'  <link rel="icon" href="{html.escape(icon, quote=True)}">\n' if icon else "")
    return ("<!DOCTYPE html>\n<html>\n<head>\n  <meta charset=\"utf-8\">\n"
            f"  <title>{title_text}</title>\n{icon_link}"
            f'  <meta http-equiv="Refresh" content="0; url={href}">\n</head>\n'
            f'<body><p><a href="{href}">{title_text}</a></p></body>\n</html>\n')


def _write(app, exception) -> None:
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    path = Path(app.outdir) / "index.html"
    favicon = app.config.html_favicon
    icon = f"_static/{Path(favicon).name}" if favicon and "://" not in favicon else favicon
    target = app.builder.get_target_uri(app.config.root_doc)
    path.write_text(landing_page(app.config.html_title or app.config.project, target, icon),
                    encoding="utf-8")


def setup(app):
    # Before sphinx_external_toc's own redirect (default priority 500), which then leaves it be.
    app.connect("build-finished", _write, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
