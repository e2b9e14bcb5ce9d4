"""The one strict YAML loader: JSON-like values only, a position for every value.

Built on PyYAML's event stream (libyaml's C parser when present) rather than its
constructors, so that nothing YAML 1.1 would "helpfully" convert ever is: `no` and
`off` stay text, `012` and `1:30` stay text, dates stay text for the schema to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.loader import BaseLoader as _PureParser

from visits.findings import Finding, error

try:  # the C parser is about ten times faster; the pure one gives the same events
    from yaml._yaml import CParser as _Parser

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = _PureParser  # type: ignore[misc, assignment]  # the same event interface, another class

    LIBYAML = False

DEFAULT_MAX_BYTES = 256 * 1024
DEFAULT_MAX_DEPTH = 12
# Whatever the settings say: the builder recurses twice a level, and Python stops at 1,000.
HARDEST_MAX_DEPTH = 200
# Integers of more digits stay text: int() refuses them once past sys.get_int_max_str_digits(),
# which can be set as low as 640 (and converting long ones is slow). No record needs one.
MAX_INT_DIGITS = 640
# libyaml refuses to nest deeper than some limit of its own (1,000 in 0.2.6, none before), and
# reports it as a syntax error before a single event when the brackets share one line. A text
# with fewer flow brackets and shallower block indicators than this cannot reach it, so only
# then is libyaml used; any other goes to PyYAML's pure parser, which has no limit, and the
# builder reports the depth the same way whatever the libraries' versions.
LIBYAML_SAFE_NESTING = 256
_DEEP_BLOCK = re.compile(rf"(?<![ \t?:-])[ \t?:-]{{{LIBYAML_SAFE_NESTING}}}")
# A record holds tens of values, but each value read costs some 300 bytes of Python
# objects: a 256 KiB file of "[], [], ..." would take 20 MB. So a file may hold one
# value per 16 bytes of its size limit (16,384 for 256 KiB), some 5 MB at most.
BYTES_PER_VALUE = 16

Path = tuple  # a value's address inside the document: keys and list indexes


@dataclass(slots=True)
class Document:
    data: object
    # (line, column), 1-based, of every value; for mapping entries, of the key.
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class YamlRejected(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding

    def __reduce__(self):  # it crosses from worker processes: rebuilt from its finding, not its message
        return type(self), (self.finding,)


_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
# C0/C1 controls except tab/newline/carriage return, DEL, and the "Trojan Source" bidi set.
# U+2028/U+2029 too: YAML counts them as line breaks and most editors do not, so they
# would both hide a line break and shift every line number reported after them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# the two noncharacters of the Basic Plane that YAML refuses besides the above (surrogates
# cannot survive decoding); checked here, as libyaml reports them at a byte offset
_NONCHARACTER = re.compile("[\ufffe\uffff]")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def resolve_plain(text: str):
    """JSON-like meaning of an unquoted scalar; anything else stays text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text) if len(text) - (text[0] in "+-") <= MAX_INT_DIGITS else text
    if _FLOAT.match(text):
        return float(text)
    return text


def _position_of(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes to text, refusing what would hide content from a reviewer."""
    if len(raw) > max_bytes:
        # not the size: the file was read only that far (see reading.read_file)
        raise YamlRejected(
            error(file, 1, 1, "file-too-large", f"file is larger than {max_bytes} bytes, the most a record may be")
        )
    if raw.startswith(_BOMS):
        raise YamlRejected(error(file, 1, 1, "bom", "file starts with a byte-order mark"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")  # columns count characters, not bytes
        line, column = _position_of(before, len(before))
        raise YamlRejected(
            error(file, line, column, "invalid-utf8", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8")
        ) from None
    for pattern, code, what in (
        (_CONTROL, "control-character", "invisible control character"),
        (_BIDI, "bidi-character", "invisible text-direction control character"),
        (_NONCHARACTER, "control-character", "noncharacter"),
    ):
        found = pattern.search(text)
        if found:
            line, column = _position_of(text, found.start())
            raise YamlRejected(error(file, line, column, code, f"{what} U+{ord(found.group()):04X}"))
    return text


def load_bytes(
    raw: bytes, file: str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH
) -> Document:
    """Parse one record file. Raises YamlRejected with the first problem found."""
    return load_text(decode(raw, file, max_bytes), file, max_depth=max_depth, max_values=max_bytes // BYTES_PER_VALUE)


def _parser_for(text: str):
    """libyaml, unless the text could nest as deep as libyaml's own limit (see LIBYAML_SAFE_NESTING)."""
    if text.count("[") + text.count("{") < LIBYAML_SAFE_NESTING and not _DEEP_BLOCK.search(text):
        return _Parser
    return _PureParser


def load_text(text: str, file: str, *, max_depth: int = DEFAULT_MAX_DEPTH, max_values: int | None = None) -> Document:
    parser = _parser_for(text)
    try:
        return _Builder(file, min(max_depth, HARDEST_MAX_DEPTH), max_values).build(text, parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark:  # e.g. where the unclosed list began
            problem += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        raise YamlRejected(error(file, line, column, "yaml-syntax", f"YAML syntax: {problem}")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. U+FFFE
        index = exc.position
        if parser is not _PureParser:  # libyaml counts bytes of the UTF-8 it was given
            index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
        line, column = _position_of(text, index)
        raise YamlRejected(
            error(file, line, column, "control-character", f"character U+{exc.character:04X} is not allowed in YAML")
        ) from None
    except yaml.YAMLError as exc:  # any other error without the usual mark
        raise YamlRejected(error(file, 1, 1, "yaml-syntax", f"YAML syntax: {exc}")) from None


class _Builder:
    """Turns the event stream into plain values, refusing what JSON cannot express."""

    def __init__(self, file: str, max_depth: int, max_values: int | None):
        self.file = file
        self.max_depth = max_depth
        self.values_left = max_values if max_values is not None else float("inf")
        self.positions: dict[Path, tuple[int, int]] = {}

    def reject(self, event, code: str, message: str):
        mark = event.start_mark
        raise YamlRejected(error(self.file, mark.line + 1, mark.column + 1, code, message))

    def build(self, text: str, parser_class) -> Document:
        parser = parser_class(text)
        try:
            parser.get_event()  # stream start
            event = parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return Document(None, {(): (1, 1)})
            data = self.node(parser, parser.get_event(), (), 0)
            parser.get_event()  # document end
            event = parser.get_event()
            if not isinstance(event, yaml.StreamEndEvent):
                self.reject(event, "multiple-documents", "file holds more than one YAML document")
            return Document(data, self.positions)
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose:
                dispose()

    def check_node(self, event, depth: int) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.reject(event, "alias", f"alias '*{event.anchor}' is not allowed")
        if event.anchor is not None:
            self.reject(event, "alias", f"anchor '&{event.anchor}' is not allowed")
        if event.tag is not None and event.tag != "!":
            self.reject(event, "tag", f"tag '{event.tag}' is not allowed")
        if depth > self.max_depth:
            self.reject(event, "too-deep", f"values nested deeper than {self.max_depth} levels")

    def check_text(self, event, value: str) -> None:
        for pattern, code in ((_CONTROL, "control-character"), (_BIDI, "bidi-character")):
            found = pattern.search(value)
            if found:
                self.reject(event, code, f"escaped invisible character U+{ord(found.group()):04X}")

    def node(self, parser, event, path: Path, depth: int):
        self.check_node(event, depth)
        self.values_left -= 1
        if self.values_left < 0:
            self.reject(event, "file-too-large", "file holds too many values to be a record")
        mark = event.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(event, yaml.ScalarEvent):
            if event.style == '"':  # escapes can spell what the raw-text check refused
                self.check_text(event, event.value)
            # '!' is YAML's "non-specific" tag: the value is text, whatever it looks like
            plain = event.implicit[0] and not event.style and event.tag != "!"
            return resolve_plain(event.value) if plain else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list = []
            event = parser.get_event()
            while not isinstance(event, yaml.SequenceEndEvent):
                items.append(self.node(parser, event, path + (len(items),), depth + 1))
                event = parser.get_event()
            return items
        return self.mapping(parser, path, depth)

    def mapping(self, parser, path: Path, depth: int) -> dict:
        result: dict[str, object] = {}
        event = parser.get_event()
        while not isinstance(event, yaml.MappingEndEvent):
            key = self.key(event, depth)
            if key in result:
                line = self.positions[path + (key,)][0]
                self.reject(event, "duplicate-key", f"key '{key}' already appears on line {line}")
            mark = event.start_mark
            self.positions[path + (key,)] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(parser, parser.get_event(), path + (key,), depth + 1)
            event = parser.get_event()
        return result

    def key(self, event, depth: int) -> str:
        if not isinstance(event, yaml.ScalarEvent):
            if isinstance(event, yaml.AliasEvent):
                self.check_node(event, depth)
            self.reject(event, "non-string-key", "a key must be a plain word, not a list or mapping")
        self.check_node(event, depth)
        if event.style == '"':
            self.check_text(event, event.value)
        plain = event.implicit[0] and not event.style and event.tag != "!"
        if plain and event.value == "<<":
            self.reject(event, "merge-key", "merge keys '<<' are not allowed")
        if plain and not isinstance(resolve_plain(event.value), str):
            self.reject(event, "non-string-key", f"key '{event.value}' is not text")
        return event.value
