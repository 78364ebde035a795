"""A static picture beside every widget.

A notebook exported, or opened without a running kernel, cannot show a live
widget. ``StaticPicture`` makes each widget's display carry a plain picture
too (SVG or PNG): front-ends that can draw the widget draw it, the others
show the picture. Works with ipywidgets 7.7 (Colab) and 8.
"""

from __future__ import annotations

import base64
import io

import ipywidgets
from matplotlib.figure import Figure

_WIDGETS_7 = int(ipywidgets.__version__.split(".")[0]) < 8


class StaticPicture:
    """Mixin for ipywidgets composites that can also be shown as a picture.

    A subclass implements ``static_bundle()`` returning ``{mimetype: data}``
    (for example ``{"image/svg+xml": svg}``).
    """

    def static_bundle(self) -> dict:
        """The static picture(s) of the widget as it is now."""
        return {}

    def _repr_mimebundle_(self, **kwargs):
        data = {"text/plain": f"<{type(self).__name__}: run the notebook to use it>"}
        data.update(self.static_bundle())
        data["application/vnd.jupyter.widget-view+json"] = {
            "version_major": 2,
            "version_minor": 0,
            "model_id": self.model_id,
        }
        return data

    if _WIDGETS_7:

        def _ipython_display_(self, **kwargs):
            from IPython.display import display

            display(self._repr_mimebundle_(), raw=True)
            handle = getattr(self, "_handle_displayed", None)
            if handle is not None:
                handle(**kwargs)


def close_parts(widget) -> None:
    """Close every widget inside ``widget`` (``children`` at any depth, and
    the layout and style widgets of each), but not ``widget`` itself.

    ``Widget.close()`` closes only the widget itself: its children stay
    registered with ipywidgets, and their callbacks keep the composite (and
    whatever it holds, such as a graph) alive. A composite's ``close()``
    calls this, then ``super().close()``.

    Example:
        >>> close_parts(view)   # doctest: +SKIP
    """
    # Each widget here has its own layout and style (none are shared).
    parts = [getattr(widget, name, None) for name in ("layout", "style")]
    for child in getattr(widget, "children", ()):
        child.close()
        close_parts(child)
    for part in parts:
        if isinstance(part, ipywidgets.Widget):
            part.close()


def png_bundle(png: bytes) -> dict:
    """A mime bundle entry for PNG bytes."""
    return {"image/png": base64.b64encode(png).decode("ascii")} if png else {}


class TeachingFigure(Figure):
    """A matplotlib Figure that a notebook shows as a PNG wherever it is returned.

    The plots are made without pyplot (so they appear once, where returned);
    a plain Figure is only drawn once IPython's inline backend is active, so
    in a fresh kernel it would show as `<Figure size ...>`. This one brings
    its own PNG, and an SVG that JupyterLab and Notebook prefer: sharp on
    every screen (an inch shows as 96 CSS px), never a stretched bitmap.
    """

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()

    def _repr_svg_(self):
        buffer = io.StringIO()
        self.savefig(buffer, format="svg")
        return buffer.getvalue()


class GraphPicture(StaticPicture):
    """Mixin for widgets that show a Graphviz picture of the graph.

    A subclass has ``picture()`` (the ``graphviz.Digraph`` it shows now) and
    ``svg`` (the SVG text last shown, or "").
    """

    svg = ""

    def to_svg(self) -> str:
        """The picture as SVG text."""
        from ._render import render_svg

        return self.svg or render_svg(self.picture())

    def save(self, path, format=None, scale=2.0):
        """Save the picture as it is now, for slides.

        Args:
            path: an ``.svg`` or ``.png`` file name.
            format: ``"svg"`` or ``"png"``, to override the suffix.
            scale: PNG resolution, relative to 96 dpi.

        Returns:
            The ``Path`` written.

        Example:
            >>> view.save("graph.png")   # doctest: +SKIP
        """
        from ._render import write_picture

        return write_picture(self.picture(), path, format, scale)

    def static_bundle(self) -> dict:
        # The same picture the widget shows, scaled to the page as it is.
        if not self.svg:
            return {}
        from ._render import fit_html

        fit = getattr(self, "draw_options", {}).get("fit", True)
        return {"text/html": fit_html(self.svg, fit), "image/svg+xml": self.svg}
