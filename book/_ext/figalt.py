"""Sphinx extension: every glued figure's image has alt text that describes it.

Without ``:alt:`` an image's alt text is its file path ("../_images/2278….png"), which tells a
screen-reader user nothing. The book glues each figure with a description of what it shows
(``analysis.book.pages.FigureOutput``: its titles, axes and legend, as the ``text/plain`` of the
glued output); this extension's ``{glue:figure}`` uses that description as the image's alt text
when the directive gives none, and, for a figure glued without one (a notebook executed before the
descriptions existed), the figure's caption. Nothing changes in the PDF.
"""

from __future__ import annotations

from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import retrieve_glue_data

#: The ``text/plain`` matplotlib gives a figure (no description): "<Figure size 680x380 with 1 Axes>".
_UNDESCRIBED = "<Figure"


def glued_description(document, key: str) -> str | None:
    """The description glued with figure *key* on this page, or None."""
    try:
        data = retrieve_glue_data(document, key).data
    except RetrievalError:
        return None
    text = data.get("text/plain")
    if not isinstance(text, str) or not text.strip() or text.startswith(_UNDESCRIBED):
        return None
    return " ".join(text.split())


class DescribedFigure(PasteFigureDirective):
    """``{glue:figure}`` whose image's alt text describes the figure."""

    def run(self):
        if "alt" not in self.options:
            alt = glued_description(self.document, self.arguments[0])
            if alt:
                self.options["alt"] = alt
        result = super().run()
        for figure in (n for n in result if isinstance(n, nodes.figure)):
            caption = figure.next_node(nodes.caption)
            for image in figure.findall(nodes.image):
                if not image.get("alt") and caption is not None:
                    image["alt"] = " ".join(caption.astext().split())
        return result


def setup(app):
    app.setup_extension("myst_nb")
    app.add_directive_to_domain("glue", "figure", DescribedFigure, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
