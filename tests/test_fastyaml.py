"""The compiled reader may only ever say "not sure": when it answers, it answers like the strict loader.

`fastyaml.read` reads a file's raw bytes with _plainyaml.c; whenever it answers, its value
must be `yamlstrict.load_bytes`'s, types included. Where the reader was not built (no C
compiler at install) these tests skip, except in CI, where the reader must be there.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visits import fastyaml
from visits.fastyaml import read
from visits.yamlstrict import YamlRejected, load_bytes, load_text
from visits.yamlwrite import dump

MAX_BYTES = 4096
MAX_VALUES = MAX_BYTES // 16  # as check_file derives it from the size limit
pytestmark = pytest.mark.skipif(
    not fastyaml.COMPILED and not os.environ.get("CI"), reason="the compiled reader was not built"
)

TRICKY = [
    "no",
    "off",
    "NO",
    "yes",
    "012",
    "1:30",
    "14:00",
    "2026-02-30",
    "~",
    "null",
    "true",
    "- x",
    "a: b",
    "#",
    " # c",
    "&a",
    "*a",
    "!tag",
    "<<",
    "|",
    ">",
    "[]",
    "{}",
    '"',
    "'",
    "\\",
    "\t",
    "\u202e",
    "x\n y",
    "  ",
    "",
    "1e3",
    ".inf",
    "0x1F",
    "+1",
    "-",
    "?",
    "%",
    "@",
    "`",
    "\ufffe",
    "\uffff",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\x85",
    "\x01",
    "\x7f",
    "a\\/b",
    "+0",
    "1.",
    "1e999",
    "-0",
    "00",
    "1.5e-3",
    "é",
    "\U0001f600",
    "|-",
    "\r",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.sampled_from(TRICKY),
    st.text(max_size=30),
)
keys = st.one_of(
    st.sampled_from(["id", "date", "notes", "topics", "a_b", "no", "true", "Null", "1", "<<", "x y"]),
    st.text(min_size=1, max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
documents = st.dictionaries(keys, values, min_size=1, max_size=6)
# what records hold: mostly inside the subset, so that the readers answer and are compared
words = st.text(st.sampled_from('abcXYZ019 .-/()+_éü\u00a0\n:#"\\'), max_size=24)
plain_values = st.recursive(
    st.one_of(words, st.integers(-5, 10**4), st.booleans(), st.none(), st.sampled_from(TRICKY)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True), inner, max_size=3),
    ),
    max_leaves=10,
)
plain_documents = st.dictionaries(
    st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True), plain_values, min_size=1, max_size=8
)
records = st.one_of(documents, plain_documents)
# bytes no text editor should write, and UTF-8 that is cut, overlong or a surrogate
RAW_DAMAGE = [
    b"\xff",
    b"\xc2\x85",
    b"\xe2\x80\xae",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\xe2\x80",
    b"\xef\xbb\xbf",
    b"\xef\xbf\xbe",
    b"\x00",
    b"\r\n",
    b"\xd8\x9c",
    b"\xc2\xa0",
]


def typed(value):
    """A form in which 1, 1.0 and True differ, as they do in a record."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, value


def strict(raw: bytes):
    try:
        return typed(load_bytes(raw, "f.yaml", max_bytes=MAX_BYTES, max_depth=12).data)
    except YamlRejected:
        return YamlRejected


def readers_agree(raw: bytes, max_values: int = MAX_VALUES) -> bool:
    """Whether the reader answered; when it did, the strict loader gives the same value."""
    fast = read(raw, 12, max_values)
    if fast is not None:
        assert strict(raw) == typed(fast), raw
    return fast is not None


def test_the_compiled_reader_is_built():
    assert fastyaml.COMPILED, "pip install -e . should have built visits._plainyaml"


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_readers_agree_on_written_records(data):
    raw = dump(data).encode("utf-8", "surrogatepass")
    readers_agree(raw)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True),
        st.one_of(st.from_regex(r"[a-z][a-z0-9 .-]{0,20}[a-z0-9]", fullmatch=True), st.integers(0, 10**4)),
        min_size=1,
        max_size=8,
    )
)
def test_the_reader_answers_on_plain_records(data):
    assert readers_agree(dump(data).encode())


@pytest.mark.parametrize("value", TRICKY)
def test_readers_agree_on_each_tricky_value(value):
    for text in (dump({"a": value, "b": [value]}), f"a: {value}\n", f"a:\n- {value}\n", f'a: "{value}"\n'):
        readers_agree(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.lists(st.tuples(st.integers(0, 400), st.sampled_from(TRICKY + ["\n", " ", ":", "- "])), max_size=4))
def test_readers_agree_on_damaged_text(data, edits):
    text = dump(data)
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    readers_agree(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.lists(st.tuples(st.integers(0, 400), st.sampled_from(RAW_DAMAGE)), min_size=1, max_size=3))
def test_readers_agree_on_damaged_bytes(data, edits):
    raw = dump(data).encode("utf-8", "surrogatepass")
    for position, insert in edits:
        position %= len(raw) + 1
        raw = raw[:position] + insert + raw[position:]
    readers_agree(raw)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 12), st.integers(1, 30), st.booleans())
def test_readers_count_values_as_the_strict_loader_does(max_values, items, nested):
    raw = ("a:\n" + "".join("- x: 1\n" if nested else "- 1\n" for _ in range(items))).encode()
    fast = read(raw, 12, max_values)
    try:
        expected = load_text(raw.decode(), "f.yaml", max_depth=12, max_values=max_values).data
    except YamlRejected as rejected:
        assert rejected.finding.code == "file-too-large" and fast is None
    else:
        assert fast == expected


def test_the_reader_reads_a_typical_visit_report(example_repo):
    raw = next((example_repo / "records" / "visits").rglob("*.yaml")).read_bytes()
    data = read(raw, 12, MAX_VALUES)
    assert data is not None and typed(data) == strict(raw)
    assert data["schema_version"] == 2 and isinstance(data["start_time"], str)
    # field names and short texts shared, as records.compact would make them
    assert all(key is sys.intern(key) for key in data)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "<<: {a: 1}\n",
        "a: !!str 1\n",
        "a: 1\n---\nb: 2\n",
        "1: x\n",
        "a: 14:00\n",
        "a: |\n  x\n\n   \n",
        "- a\n",
        "a:\n\tb: 1\n",
        "a: 'q'\n",
        # found by holding the reader to the strict loader: a noncharacter the YAML reader refuses,
        # a no-break space (text, not a blank line) ending a literal block, too many values
        "a: x\ufffe\n",
        'a: "x\uffff"\n',
        "a: |\n  hello\n\u00a0\n  world\n",
        "a:\n" + "- 1\n" * MAX_VALUES,
    ],
)
def test_the_reader_declines_what_only_the_strict_loader_may_judge(text):
    assert read(text.encode(), 12, MAX_VALUES) is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_compiled_compact_shares_what_the_python_one_does(value):
    from visits.records import _compact

    shared = fastyaml.compact(value)
    assert typed(shared) == typed(_compact(value))

    def texts(node):
        if isinstance(node, dict):
            yield from node
            for item in node.values():
                yield from texts(item)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)
        elif isinstance(node, str) and len(node) <= 40:
            yield node

    assert all(text is sys.intern(text) for text in texts(shared))


# --- real records, damaged: the readers agree or decline, and validate never fails itself ---------

from visits.config import DEFAULTS  # noqa: E402

from conftest import REPO, copy_repository, run_visits  # noqa: E402

LIMITS = DEFAULTS["limits"]


def _samples() -> list[str]:
    """A few records of every kind, spread over the example repository."""
    chosen = []
    for kind in sorted(path for path in (REPO / "records").iterdir() if path.is_dir()):
        files = sorted(kind.rglob("*.yaml"))
        chosen += [str(path.relative_to(REPO)) for path in files[:: max(1, len(files) // 4)][:4]]
    return chosen


SAMPLES = _samples()
# what a hand, an editor or an attacker might put into a record
CONSTRUCTS = [
    b"&a ",
    b"*a",
    b"!!str ",
    b"!x ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"? ",
    b": ",
    b"- ",
    b"|\n",
    b"|-\n",
    b">\n",
    b"---\n",
    b"...\n",
    b"'",
    b'"',
    b"#",
    b"\t",
    b"\r",
    b"\\",
    b"<<: ",
    b"%YAML 1.1\n",
    b"k" * 1100 + b": 1\n",
    b"9" * 700,
    b"-" + b"9" * 641,
    b"[" * 300,
    b"{a: " * 40,
    b"- " * 40,
    b"\n  ",
    b"\n",
    b"  ",
    b"\xf0\x9f\x98\x80",
    b"\xef\xbf\xbe",
    b"\xef\xbf\xbf",
    b"\xc3\xa9",
    b"0x1F",
    b"1e999",
    b"null",
    b"~",
    b"true",
    b"no",
    b"12:30",
    b"2026-02-30",
]
INSERTS = st.sampled_from(CONSTRUCTS + RAW_DAMAGE + [value.encode("utf-8", "surrogatepass") for value in TRICKY])


@st.composite
def damaged_records(draw) -> bytes:
    raw = (REPO / draw(st.sampled_from(SAMPLES))).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        lines = raw.split(b"\n")
        at = draw(st.integers(0, max(len(raw), 1)))
        line = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["insert", "insert", "delete", "byte", "duplicate", "swap", "indent", "dedent"]))
        if how == "insert":
            raw = raw[:at] + draw(INSERTS) + raw[at:]
        elif how == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 12)) :]
        elif how == "byte" and raw:
            raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
        elif how == "duplicate":
            raw = b"\n".join(lines[: line + 1] + lines[line:])
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
            raw = b"\n".join(lines)
        else:
            lines[line] = b"  " + lines[line] if how == "indent" else lines[line].removeprefix(b" ")
            raw = b"\n".join(lines)
    return raw


def _strict_at_limits(raw: bytes):
    try:
        return typed(load_bytes(raw, "f.yaml", max_bytes=LIMITS["max_file_bytes"], max_depth=LIMITS["max_depth"]).data)
    except YamlRejected:
        return YamlRejected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_records())
def test_readers_agree_or_decline_on_damaged_real_records(raw):
    fast = read(raw, LIMITS["max_depth"], LIMITS["max_file_bytes"] // 16)
    if fast is not None:
        assert _strict_at_limits(raw) == typed(fast), raw


def test_the_samples_are_real_records_the_readers_take():
    assert len(SAMPLES) >= 20
    taken = [read((REPO / path).read_bytes(), 12, 16384) is not None for path in SAMPLES]
    assert sum(taken) >= len(SAMPLES) * 3 // 4  # mostly inside the subset: compared, not declined


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory):
    root = copy_repository(tmp_path_factory.mktemp("damaged") / "repo", records=False)
    for path in SAMPLES:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes((REPO / path).read_bytes())
    return root


@settings(
    max_examples=max(20, settings.default.max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(SAMPLES), damaged_records(), st.booleans())
def test_validate_never_fails_itself_on_a_damaged_record(small_repo, path, raw, cached):
    target = small_repo / path
    original = target.read_bytes()
    target.write_bytes(raw)
    try:
        result = run_visits("validate", *([] if cached else ["--no-cache"]), root=small_repo)
    finally:
        target.write_bytes(original)
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.out + result.err and "internal error" not in result.err


def test_the_reader_declines_keys_longer_than_the_bound():
    longest = b"k" * fastyaml.MAX_KEY_LENGTH
    assert read(longest + b": 1\n", 12, MAX_VALUES) == {longest.decode(): 1}
    assert read(b"a:\n- " + longest + b": 1\n", 12, MAX_VALUES) == {"a": [{longest.decode(): 1}]}
    for raw in (longest + b"k: 1\n", b"a:\n- " + longest + b"k: 1\n", b"a:\n  " + longest + b"k: 1\n"):
        assert read(raw, 12, MAX_VALUES) is None


def test_the_reader_keeps_long_integers_as_text_as_the_strict_loader_does():
    from visits.yamlstrict import MAX_INT_DIGITS

    for digits in (18, 19, MAX_INT_DIGITS, MAX_INT_DIGITS + 1, 5000):
        raw = b"a: " + b"8" * digits + b"\n"
        expected = load_bytes(raw, "f.yaml").data
        assert typed(read(raw, 12, MAX_VALUES)) == typed(expected)
        assert isinstance(expected["a"], int if digits <= MAX_INT_DIGITS else str)


def test_the_reader_holds_to_the_hardest_depth_limit_whatever_they_are_asked():
    from visits.yamlstrict import HARDEST_MAX_DEPTH

    nested = "".join(" " * depth + f"k{depth}:\n" for depth in range(HARDEST_MAX_DEPTH + 5)) + " " * 300 + "v: 1\n"
    assert read(nested.encode(), 10**6, 10**6) is None
    shallow = "".join(" " * depth + f"k{depth}:\n" for depth in range(50)) + " " * 50 + "v: 1\n"
    assert read(shallow.encode(), 10**6, 10**6) is not None


def test_compact_stops_sharing_far_below_any_record_instead_of_overflowing_the_stack():
    from visits.records import COMPACT_DEPTH, _compact

    deep: list = ["leaf"]
    for _ in range(100_000):  # the compiled one recursed without a bound: a crash at this depth
        deep = [deep]

    def down(node, levels: int):
        for _ in range(levels):
            node = node[0]
        return node

    for compact in (_compact, fastyaml.compact):
        shared = compact(deep)
        assert down(shared, COMPACT_DEPTH) is not down(deep, COMPACT_DEPTH)  # copied down to the bound
        assert down(shared, COMPACT_DEPTH + 2) is down(deep, COMPACT_DEPTH + 2)  # below it, as it was
