"""Saving pictures for slides: SVG and PNG files that parse, one per step.

Every file written is read back: SVG with ``xml.etree`` (a well-formed
document whose root is ``<svg>``), PNG by its signature and by decoding it
with matplotlib (which reads PNG with Pillow).
"""

import xml.etree.ElementTree as ET

import matplotlib.image
import numpy as np
import pytest

from widgets import BackwardStepper, GraphView, theme_context
from widgets._render import write_picture
from widgets.dot import draw_graph

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_svg(path):
    """The parsed SVG root; fails unless the file is well-formed SVG."""
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    return root


def svg_text(path) -> str:
    """All the text drawn in an SVG file."""
    return " ".join(t.strip() for t in read_svg(path).itertext() if t.strip())


def read_png(path) -> np.ndarray:
    """The decoded pixels; fails unless the file is a valid PNG."""
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 20 and pixels.shape[1] > 20
    assert pixels.std() > 0  # a picture, not a blank
    return pixels


def test_graph_view_saves_svg_and_png(scalar, tmp_path):
    view = GraphView(scalar["loss"], names=scalar)
    assert view.save(tmp_path / "graph.svg") == tmp_path / "graph.svg"
    text = svg_text(tmp_path / "graph.svg")
    assert "AddBackward0" in text and "x" in text
    view.save(tmp_path / "graph.png")
    read_png(tmp_path / "graph.png")


def test_format_overrides_the_suffix_and_unknown_suffixes_are_refused(scalar, tmp_path):
    view = GraphView(scalar["loss"])
    view.save(tmp_path / "picture", format="png")
    read_png(tmp_path / "picture")
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        view.save(tmp_path / "graph.jpg")
    assert not (tmp_path / "graph.jpg").exists()


def test_stepper_saves_the_current_step(scalar, tmp_path):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    for _ in range(3):
        stepper.next_button.click()
    stepper.save(tmp_path / "now.svg")
    text = svg_text(tmp_path / "now.svg")
    assert f"▶ now {stepper.model.current.name}" in text
    stepper.save(tmp_path / "now.png")
    read_png(tmp_path / "now.png")


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_save_steps_writes_one_numbered_file_per_step(scalar, tmp_path, kind):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    stepper.next_button.click()
    stepper.next_button.click()
    grads = {name: scalar[name].grad for name in ("x", "y")}
    paths = stepper.save_steps(tmp_path / "slides", format=kind)
    total = stepper.model.total
    assert total == 7
    assert [p.name for p in paths] == [f"step_{k:02d}.{kind}" for k in range(total + 1)]
    assert sorted(p.name for p in (tmp_path / "slides").iterdir()) == [
        p.name for p in paths
    ]
    # The stepper is back where it was, and so are the leaves' gradients.
    assert stepper.model.position == 2 and "step 2 of 7" in stepper.status.value
    assert {name: scalar[name].grad for name in ("x", "y")} == grads
    if kind == "png":
        pictures = [read_png(p) for p in paths]
        assert len({p.tobytes() for p in pictures}) == len(paths)  # all differ
        return
    texts = [svg_text(p) for p in paths]
    assert texts[0].count("▶ now") == 1  # in the legend only: no node runs yet
    for k, text in enumerate(texts[1:], start=1):
        step = stepper.model.history[k - 1]
        assert f"▶ now {step.name}" in text, k
        assert text.count("✓") >= k - 1
    # After the last step the leaves hold their gradients: dloss/dx = 14.
    assert "grad 14" in texts[-1] and "grad 4" in texts[-1]


def test_save_steps_stops_where_the_engine_failed(scalar, tmp_path):
    def broken(grad):
        raise ValueError("hook failed")

    scalar["x"].register_hook(broken)
    stepper = BackwardStepper(scalar["loss"])
    paths = stepper.save_steps(tmp_path)
    assert len(paths) == stepper.model.total + 1 == 6  # failed at step 6
    for path in paths:
        read_svg(path)
    assert stepper.model.position == 0


def test_numbers_are_padded_so_files_sort_in_step_order(tmp_path):
    import minigrad

    x = minigrad.tensor(0.5, requires_grad=True)
    h = x
    for _ in range(110):
        h = h * 1.01
    stepper = BackwardStepper(h, max_nodes=5)  # grouped: quick to draw
    paths = stepper.save_steps(tmp_path)
    assert len(paths) == stepper.model.total + 1 == 112
    assert paths[0].name == "step_000.svg" and paths[-1].name == "step_111.svg"
    assert sorted(paths) == paths


def test_present_theme_and_scale_make_bigger_pngs(scalar, tmp_path):
    picture = draw_graph(scalar["loss"], names=scalar, direction="LR")
    small = read_png(write_picture(picture, tmp_path / "s.png", scale=1))
    sharp = read_png(write_picture(picture, tmp_path / "d.png"))  # scale 2
    assert sharp.shape[0] == pytest.approx(2 * small.shape[0], abs=2)
    with theme_context("present"):
        big = read_png(
            write_picture(
                draw_graph(scalar["loss"], names=scalar, direction="LR"),
                tmp_path / "p.png",
            )
        )
    assert big.shape[0] > sharp.shape[0] and big.shape[1] > sharp.shape[1]
