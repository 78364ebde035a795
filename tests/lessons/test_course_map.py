"""The course map matches the lesson files, in lessons/README.md and README.md.

- every notebook in lessons/ is named NN_topic.ipynb, numbered 00, 01, ...
  without gaps;
- lessons/README.md has one table row per lesson, in order, linking the file,
  with the lesson's title;
- the top-level README.md lists the same lessons, in order, under "## Lessons";
- the title in both lists is the title of the notebook's first heading
  ("# NN · Title").
"""

import re

import nbformat
from lessons_testutil import LESSONS, LESSONS_DIR, NAME, REPO

MAP_ROW = re.compile(r"^\|\s*(\d\d)\s*\|\s*\[([^\]]+)\]\(([^)]+)\)", re.MULTILINE)
README_ITEM = re.compile(r"^- \[(\d\d) · ([^\]]+)\]\(lessons/([^)]+)\)", re.MULTILINE)
HEADING = re.compile(r"^#\s+(\d\d)\s+·\s+(.+?)\s*$", re.MULTILINE)


def lesson_files():
    return [path.name for path in LESSONS]


def notebook_title(path):
    nb = nbformat.read(path, as_version=4)
    first = next(cell for cell in nb.cells if cell.cell_type == "markdown")
    match = HEADING.search(first.source)
    assert match, f"{path.name}: the first cell should start with '# NN · Title'"
    assert match.group(1) == path.name[:2], f"{path.name}: heading number"
    return match.group(2)


def readme_section(text, heading):
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end == -1 else text[start:end]


def test_every_notebook_is_named_and_numbered():
    names = sorted(path.name for path in LESSONS_DIR.glob("*.ipynb"))
    assert names, "no lesson notebooks"
    odd = [name for name in names if not NAME.match(name)]
    assert not odd, f"not named NN_topic.ipynb (lowercase, underscores): {odd}"
    numbers = [int(name[:2]) for name in names]
    assert numbers == list(range(len(names))), f"numbering has gaps or repeats: {names}"


def test_lessons_readme_course_map_matches_the_files():
    rows = MAP_ROW.findall((LESSONS_DIR / "README.md").read_text(encoding="utf-8"))
    assert [file for _, _, file in rows] == lesson_files()
    for number, title, file in rows:
        assert number == file[:2], f"row {number} links {file}"
        assert title == notebook_title(LESSONS_DIR / file), file


def test_top_level_readme_lists_the_lessons():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme_section(text, "## Lessons")
    items = README_ITEM.findall(section)
    assert [file for _, _, file in items] == lesson_files()
    for number, title, file in items:
        assert number == file[:2], f"item {number} links {file}"
        assert title == notebook_title(LESSONS_DIR / file), file
