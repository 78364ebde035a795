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

    A subclass has ``picture()`` (the ``graphviz.Digraph`` it shows now),
    ``canvas`` (the ``GraphCanvas`` that draws it in the browser) and
    ``error`` (None, or why there is nothing to draw).
    """

    canvas = None
    error = None

    def shown_picture(self):
        """The picture the widget shows now (by default ``picture()``)."""
        return self.picture()

    @property
    def svg(self) -> str:
        """The picture as SVG text: drawn by Graphviz's ``dot`` in the kernel
        where it is installed, else the SVG the browser drew ("" when there
        is nothing to draw, or no browser has drawn it yet)."""
        from ._render import DRAWING_FAILED, render_svg

        if self.error is not None:
            return ""
        try:
            return render_svg(self.shown_picture())
        except DRAWING_FAILED:
            return self.canvas.drawn_svg if self.canvas is not None else ""

    def to_svg(self) -> str:
        """The picture as SVG text.

        Raises:
            GraphvizNotFound: no ``dot`` in the kernel and no browser has
                drawn the widget; the message says what to do.
        """
        svg = self.svg
        if not svg:
            from ._render import GraphvizNotFound

            raise GraphvizNotFound(NO_PICTURE_HINT)
        return svg

    def save(self, path, format=None, scale=2.0):
        """Save the picture as it is now, for slides.

        With Graphviz's ``dot`` in the kernel, it draws the file. Without it
        the browser does: an SVG is written at once (the one it drew), a PNG
        when the browser answers, just after the running cell ends.

        Args:
            path: an ``.svg`` or ``.png`` file name.
            format: ``"svg"`` or ``"png"``, to override the suffix.
            scale: PNG resolution, relative to 96 dpi.

        Returns:
            The ``Path`` written (or, for a PNG from the browser, to be
            written).

        Raises:
            GraphvizNotFound: no ``dot`` in the kernel and no browser has
                drawn the widget; the message says what to do.

        Example:
            >>> view.save("graph.png")   # doctest: +SKIP
        """
        from pathlib import Path

        from ._render import (
            DRAWING_FAILED,
            GraphvizNotFound,
            picture_format,
            write_picture,
        )

        chosen = picture_format(path, format)
        try:
            return write_picture(self.shown_picture(), path, format, scale)
        except DRAWING_FAILED:
            drawn = self.canvas.drawn_svg if self.canvas is not None else ""
            if not drawn:
                raise GraphvizNotFound(NO_PICTURE_HINT) from None
        path = Path(path)
        if chosen == "svg":
            path.write_text(drawn, encoding="utf-8")
        else:
            self.canvas.request_png(path, scale)
            print(
                f"Graphviz's dot is not installed here, so the browser draws "
                f"the PNG: {path} is written when this cell has finished."
            )
        return path

    def static_bundle(self) -> dict:
        # The same picture the widget shows, for saved and exported
        # notebooks: only where the kernel has `dot` (the browser's SVG
        # comes after the display, too late for it).
        svg = self.svg if self.error is None else ""
        if not svg:
            return {}
        from ._render import fit_html

        fit = getattr(self, "draw_options", {}).get("fit", True)
        return {"text/html": fit_html(svg, fit), "image/svg+xml": svg}


NO_PICTURE_HINT = (
    "There is no picture to save yet: Graphviz's `dot` program is not "
    "installed here, and no browser has drawn this widget. Show the widget in "
    "a notebook first, then save in a later cell run on its own (the browser "
    "supplies the picture once it has drawn it, after the widget's cell; in "
    "Run All the next cells come first), or install "
    "Graphviz for files from scripts: `sudo apt-get install graphviz`, "
    "`brew install graphviz`, `conda install -c conda-forge graphviz`, or "
    "the Windows installer from graphviz.org."
)
