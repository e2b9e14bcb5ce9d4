"""Built sites shared by the site, privacy and browser tests: each is built once per session.

Import the fixtures you need into a test module (`from sitefixtures import example_sites`);
the builds are memoised here, so several modules share one build.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from visits.layout import KINDS
from visits.site.reference import fields
from visits.yamlstrict import load_bytes
from visits.yamlwrite import dump

from conftest import REPO, copy_repository, run_visits

# A deep page of each site in each language, as docs/pages.yml maps them: the language
# switcher must lead from each to the same page in the others, not to that language's home.
COUNTERPARTS = {
    "public": {"nl": "veelgestelde-vragen", "fr": "questions-frequentes", "en": "faq"},
    "internal": {
        "nl": "opleiding/actief-luisteren",
        "fr": "formation/ecoute-active",
        "en": "training/active-listening",
    },
}

_BUILT: dict[str, Built] = {}


@dataclass
class Built:
    root: Path  # the repository the sites were built from
    out: Path  # holds public/ and internal/
    code: int
    out_text: str
    err_text: str

    @property
    def public(self) -> Path:
        return self.out / "public"

    @property
    def internal(self) -> Path:
        return self.out / "internal"


def site_repository(target: Path) -> Path:
    """A copy of this repository with what the sites are built from: records, schemas,
    settings, docs/ and mkdocs.yml."""
    copy_repository(target)
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build(root: Path, *args: str) -> Built:
    out = root / "site"
    result = run_visits("site", *args, "--out", str(out), root=root)
    return Built(root, out, result.code, result.out, result.err)


def build_once(name: str, tmp_path_factory, prepare=None, *args: str) -> Built:
    """Build a copy of the example repository (changed by `prepare`) once per session."""
    if name not in _BUILT:
        root = site_repository(tmp_path_factory.mktemp(name) / "repo")
        if prepare:
            prepare(root)
        _BUILT[name] = build(root, *args)
        assert _BUILT[name].code == 0, _BUILT[name].err_text
    return _BUILT[name]


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory) -> Built:
    """Both sites from the example records, as the README's main command builds them."""
    return build_once("example", tmp_path_factory, None, "--verbose")


# --- reading what was built -----------------------------------------------------------


def site_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def text_of(path: Path) -> str:
    """A built file's text; compressed files (sitemap.xml.gz) are read uncompressed."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


class Html(HTMLParser):
    """Every tag with its attributes, the text a reader sees, and inline scripts and styles."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._inside = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)
        else:
            self.text += data


# --- changing records ------------------------------------------------------------------


def free_text_fields(schema: dict) -> list[str]:
    """Paths of the text fields a person types freely: no pattern, list of values or format."""
    found = []
    for field in fields(schema):
        spec = field.schema
        if spec.get("type") == "string" and not ({"pattern", "enum", "const", "format"} & set(spec)):
            found.append(field.path)
    return found


def rewrite_records(root: Path, kind: str, change) -> int:
    """Apply `change(data) -> data` to every record of a kind; returns how many changed."""
    count = 0
    for path in sorted((root / "records" / KINDS[kind].folder).rglob("*.yaml")):
        raw = path.read_bytes()
        header = raw.split(b"\n", 1)[0].decode() if raw.startswith(b"#") else ""
        data = load_bytes(raw, path.name).data
        path.write_text(dump(change(data), header), encoding="utf-8")
        count += 1
    return count


def set_path(data: dict, path: str, make_value) -> None:
    """Set the value at a field path like `follow_up[].action`, adding it where the
    record has the enclosing object or list item but not the field."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        for item in data.get(head[:-2], []):
            set_path(item, rest, make_value)
    elif rest:
        if isinstance(data.get(head), dict):
            set_path(data[head], rest, make_value)
    else:
        data[head] = make_value()
