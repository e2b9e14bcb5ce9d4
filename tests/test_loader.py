"""The strict YAML loader: JSON-like values only, nothing converted behind a reviewer's back."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visits import yamlstrict, yamlwrite
from visits.yamlstrict import YamlRejected, load_bytes, load_text


def rejection(raw: bytes, **limits) -> tuple[str, int, int]:
    with pytest.raises(YamlRejected) as caught:
        load_bytes(raw, "f.yaml", **limits)
    found = caught.value.finding
    assert found.file == "f.yaml"
    return found.code, found.line, found.column


# --- YAML 1.1 surprises: values stay what they look like -----------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("no", "no"),
        ("off", "off"),
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("y", "y"),
        ("n", "n"),
        ("1:30", "1:30"),
        ("14:00", "14:00"),
        ("012", "012"),
        ("0o7", "0o7"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("2026-11-22", "2026-11-22"),
        ("2026-11-22T10:00:00", "2026-11-22T10:00:00"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        (".5", ".5"),
        ("+.5", "+.5"),
        ("=", "="),
        ("true", True),
        ("false", False),
        ("True", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
    ],
)
def test_plain_values_keep_their_json_meaning(text, value):
    loaded = load_text(f"key: {text}\n", "f.yaml").data["key"]
    assert loaded == value and type(loaded) is type(value)


@pytest.mark.parametrize(
    "text, value",
    [
        ('"no"', "no"),
        ("'012'", "012"),
        ('"12"', "12"),
        ("'true'", "true"),
        ('"null"', "null"),
        ("''", ""),
        ('"1:30"', "1:30"),
        ("! 12", "12"),
        ("|\n  12\n", "12\n"),
        (">-\n  true\n", "true"),
    ],
)
def test_quoted_and_block_values_stay_text(text, value):
    assert load_text(f"key: {text}\n", "f.yaml").data["key"] == value


def test_keys_that_yaml_1_1_reads_as_booleans_stay_text():
    assert load_text("no: 1\noff: 2\nyes: 3\n", "f.yaml").data == {"no": 1, "off": 2, "yes": 3}


def test_block_text_keeps_its_lines():
    data = load_text("notes: |\n  first line\n  second: not a key\n\nafter: 1\n", "f.yaml").data
    assert data == {"notes": "first line\nsecond: not a key\n", "after": 1}


# --- positions -----------------------------------------------------------------------------

POSITIONED = """\
# a comment line
id: x
outcome:
  kind: released
  date: 2026-01-02
languages:
- fr
-   ar
follow_up:
- kind: lawyer
  owner: anne-peeters
flow: {a: 1, b: [2, 3]}
"""


@pytest.mark.parametrize(
    "path, position",
    [
        ((), (2, 1)),
        (("id",), (2, 1)),
        (("outcome",), (3, 1)),
        (("outcome", "kind"), (4, 3)),
        (("outcome", "date"), (5, 3)),
        (("languages", 0), (7, 3)),
        (("languages", 1), (8, 5)),
        (("follow_up", 0), (10, 3)),
        (("follow_up", 0, "owner"), (11, 3)),
        (("flow", "b"), (12, 14)),
        (("flow", "b", 1), (12, 21)),
    ],
)
def test_positions_of_nested_values_and_list_items(path, position):
    document = load_text(POSITIONED, "f.yaml")
    assert document.positions[path] == position


def test_locate_falls_back_to_the_nearest_existing_ancestor():
    document = load_text(POSITIONED, "f.yaml")
    assert document.locate(("outcome", "missing")) == (3, 1)
    assert document.locate(("nowhere", 3)) == (2, 1)


# --- rejections (the corpus covers them inside a repository; these pin the details) ---------


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"a: 1\nb: caf\xe9\n", ("invalid-utf8", 2, 7)),
        ("a: é\nb: Zoë".encode() + b"\xff\n", ("invalid-utf8", 2, 7)),  # columns count characters
        (b"\xff\xfea\x00:\x00", ("bom", 1, 1)),
        (b"a: x\x00y\n", ("control-character", 1, 5)),
        ("a: x\u0085y\n".encode(), ("control-character", 1, 5)),
        ("a: x\u2029y\n".encode(), ("control-character", 1, 5)),
        ("a: x\ufffey\n".encode(), ("control-character", 1, 5)),
        ("a: 'x\u200fy'\n".encode(), ("bidi-character", 1, 6)),
        (b'a: "x\\0y"\n', ("control-character", 1, 4)),
        (b'a: "x\\u2066y"\n', ("bidi-character", 1, 4)),
        (b'"k\\u202e": 1\n', ("bidi-character", 1, 1)),
        (b"a: &x 1\nb: *x\n", ("alias", 1, 4)),
        (b"a: [*x]\n", ("alias", 1, 5)),
        (b"a: 1\n? [b]\n: 2\n", ("non-string-key", 2, 3)),
        (b"a: 1\n{b: 1}: 2\n", ("non-string-key", 2, 1)),
        (b"true: 1\n", ("non-string-key", 1, 1)),
        (b"~: 1\n", ("non-string-key", 1, 1)),
        (b"1.5: 1\n", ("non-string-key", 1, 1)),
        (b"a: 1\n'a': 2\n", ("duplicate-key", 2, 1)),
        (b"- a: 1\n  a: 2\n", ("duplicate-key", 2, 3)),
        (b"a: !!binary aGVsbG8=\n", ("tag", 1, 4)),
        (b"a: !!python/object:os.system x\n", ("tag", 1, 4)),
        (b"a: 1\n---\na: 2\n", ("multiple-documents", 2, 1)),
        (b"a: 1\n<<: {b: 2}\n", ("merge-key", 2, 1)),
    ],
)
def test_rejections_name_code_line_and_column(raw, expected):
    assert rejection(raw) == expected


def test_quoted_merge_key_is_an_ordinary_key():
    assert load_text('"<<": 1\n', "f.yaml").data == {"<<": 1}


def test_nesting_limit_counts_levels_below_the_record():
    # the record is level 0; "a: {k1: {... {leaf: 1}}}" puts the 1 at level 12
    nested = "a:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 11)) + "  " * 11 + "leaf: 1\n"
    assert load_text(nested, "f.yaml", max_depth=12).data["a"]["k1"]
    with pytest.raises(YamlRejected) as caught:
        load_text(nested, "f.yaml", max_depth=11)
    assert (caught.value.finding.code, caught.value.finding.line) == ("too-deep", 12)


def test_size_limit_is_inclusive():
    exact = b"a: " + b"x" * 97
    assert load_bytes(exact, "f.yaml", max_bytes=100).data == {"a": "x" * 97}
    assert rejection(exact + b"x", max_bytes=100) == ("file-too-large", 1, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: é\nb: x\ufffe\n", ("control-character", 2, 5)),
        ("a: 😀😀\nb: x\uffff\n", ("control-character", 2, 5)),
        ("a: 😀 [1,\n  😀😀: x\ufffe]\n", ("control-character", 2, 8)),
    ],
)
def test_positions_count_characters_after_non_ascii_and_noncharacters(text, expected):
    assert rejection(text.encode()) == expected
    with pytest.raises(YamlRejected) as caught:  # the YAML reader's own refusal, past decode()
        load_text(text, "f.yaml")
    assert (caught.value.finding.code, caught.value.finding.line, caught.value.finding.column) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 😀😀 x: y\n", ("yaml-syntax", 1, 8)),
        ("a: 😀\n'b': &x 1\n", ("alias", 2, 6)),
    ],
)
def test_positions_after_characters_beyond_the_basic_plane(text, expected):
    assert rejection(text.encode()) == expected


def test_rejections_survive_pickling_as_they_cross_from_worker_processes():
    import pickle

    with pytest.raises(YamlRejected) as caught:
        load_text("a: 1\na: 2\n", "f.yaml")
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is YamlRejected and again.finding == caught.value.finding


@pytest.mark.parametrize("digits", [1, 18, 19, yamlstrict.MAX_INT_DIGITS])
def test_integers_up_to_the_digit_bound_are_numbers(digits):
    for sign in ("", "-", "+"):
        text = sign + "7" * digits
        assert load_text(f"a: {text}\n", "f.yaml").data["a"] == int(text)


def test_longer_integers_stay_text_without_a_conversion():
    long = "9" * (yamlstrict.MAX_INT_DIGITS + 1)
    for text in (long, "-" + long, "9" * 100_000):
        assert load_text(f"a: {text}\n", "f.yaml").data["a"] == text
    assert load_text(f"? {long}\n: 1\n", "f.yaml").data == {long: 1}  # a text key, then
    assert yamlstrict.resolve_plain(long) == long


def test_a_key_past_libyamls_length_limit_is_a_syntax_error():
    assert rejection(b"a: 1\n" + b"k" * 1100 + b": 1\n")[:2] == ("yaml-syntax", 2)


def _deep(levels: int) -> dict[str, str]:
    return {
        "flow-one-line": "a: " + "[" * levels + "]" * levels + "\n",
        "flow-mappings": "a: " + "{k: " * levels + "1" + "}" * levels + "\n",
        "block-sequences": "a:\n" + "- " * levels + "x\n",
        "block-mappings": "".join(" " * depth + "k:\n" for depth in range(levels)) + " " * levels + "k: 1\n",
    }


@pytest.mark.parametrize("shape", sorted(_deep(1)))
@pytest.mark.parametrize("levels", [13, 255, 300, 1100, 5000])
def test_deep_nesting_is_too_deep_whichever_parser_reads_it(shape, levels):
    # libyaml 0.2.6 stops at 1,000 levels with a syntax error of its own; older ones do not
    code, line, _ = rejection(_deep(levels)[shape].encode(), max_bytes=1 << 26)
    assert code == "too-deep" and line == (14 if shape == "block-mappings" else 1 if shape.startswith("flow") else 2)


@pytest.mark.parametrize("max_depth", [12, 500, 100_000])
def test_depth_limit_holds_whatever_the_settings_say(max_depth):
    # the builder recurses: no setting may take it past Python's own limit
    with pytest.raises(YamlRejected) as caught:
        load_text(_deep(3000)["flow-one-line"], "f.yaml", max_depth=max_depth)
    limit = min(max_depth, yamlstrict.HARDEST_MAX_DEPTH)
    assert caught.value.finding.code == "too-deep" and f"{limit} levels" in caught.value.finding.message


@pytest.mark.parametrize(
    "text",
    [POSITIONED, "a: [" + ", ".join(["[1, {b: 'x'}]"] * 300) + "]\n", "notes: |\n" + "  " + " " * 300 + "wide\n"],
)
def test_both_parsers_give_the_same_values_and_positions(text, monkeypatch):
    via_choice = load_text(text, "f.yaml")
    monkeypatch.setattr(yamlstrict, "_parser_for", lambda _: yamlstrict._PureParser)
    pure = load_text(text, "f.yaml")
    assert (pure.data, pure.positions) == (via_choice.data, via_choice.positions)


def test_syntax_error_names_where_the_unclosed_construct_began():
    with pytest.raises(YamlRejected) as caught:
        load_text("a: 1\nb: [x,\nc: 2\n", "f.yaml")
    found = caught.value.finding
    assert found.code == "yaml-syntax" and "line 2" in found.message


# --- hostile files: refused or read quickly, in little memory --------------------------------

KIB = 1024


def _hostile_files() -> dict[str, bytes]:
    laughs = ["a0: &a0 lol"] + [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    return {
        "nested-flow-sequences": b"[" * (128 * KIB) + b"]" * (128 * KIB),
        "wide-flow-sequences": b"a: [" + b"[], " * (64 * KIB - 2) + b"[]]\n",
        "billion-laughs": "\n".join(laughs).encode() + b"\n",
        "very-long-line": b"a: " + b"x" * (256 * KIB - 4) + b"\n",
        "deep-mapping": b"".join(b" " * depth + b"k:\n" for depth in range(700)) + b" " * 700 + b"k: 1\n",
        "many-keys": b"".join(b"k%05d: %d\n" % (n, n) for n in range(16000)),
    }


@pytest.mark.parametrize("name", sorted(_hostile_files()))
def test_hostile_file_is_cheap(name):
    raw = _hostile_files()[name]
    assert len(raw) <= 256 * KIB
    tracemalloc.start()
    try:
        try:
            outcome = load_bytes(raw, "f.yaml").data  # measured without tracing: 0.1 s at most
        except YamlRejected as exc:
            outcome = exc.finding.code
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024
    expected = {
        "nested-flow-sequences": "too-deep",
        "billion-laughs": "alias",
        "deep-mapping": "too-deep",
        "wide-flow-sequences": "file-too-large",
    }
    if name in expected:
        assert outcome == expected[name]
    elif name == "very-long-line":
        assert outcome == {"a": "x" * (256 * KIB - 4)}
    else:
        assert len(outcome) == 16000 and outcome["k15999"] == 15999


def test_value_limit_follows_the_size_limit():
    items = b"a:\n" + b"- x\n" * 62  # with the record and the list: 64 values, one per 16 bytes
    assert len(load_bytes(items, "f.yaml", max_bytes=1024).data["a"]) == 62
    assert rejection(items + b"- x\n", max_bytes=1024) == ("file-too-large", 64, 3)


# --- what yamlwrite writes, the loader reads back identically ---------------------------------

TRICKY = [
    "no",
    "off",
    "NO",
    "yes",
    "y",
    "012",
    "0x10",
    "1_000",
    "1:30",
    "14:00",
    "2026-02-30",
    "- x",
    "a: b",
    "#",
    "# not a comment",
    "a #b",
    "",
    " ",
    "  lead",
    "trail ",
    "null",
    "~",
    "true",
    "True",
    "<<",
    "*a",
    "&a",
    "!x",
    "%x",
    "@x",
    "`x",
    "'",
    '"',
    "?",
    ":",
    "-",
    "[",
    "{",
    "|",
    ">",
    ",",
    "...",
    "---",
    "1e3",
    ".5",
    "-0",
    "+1",
    "é",
    "Zoë",
    "日本語",
    "😀",
    "tab\there",
    "line\nbreak",
    "\n",
    "ends with newline\n",
    "two\n\nparagraphs\n",
    "\nstarts with newline",
    "  indented\nfirst",
    "x\n  indented second",
    "\n  indented after blank",
    "trailing blank\n\n",
    "cr\rlf",
    "a\\b",
    "\ufeffbom inside",
    "\ufffe",
    "key: value\n- item\n",
    "back`tick",
    "0",
    "00",
    "1.0",
    "-",
]

# What the loader refuses in any form (raw or escaped) cannot be in a record at all.
REFUSED = [
    chr(code) for code in range(0x10000) if yamlstrict._CONTROL.match(chr(code)) or yamlstrict._BIDI.match(chr(code))
]
characters = st.characters(exclude_categories=("Cs",), exclude_characters=REFUSED)
text = st.one_of(st.sampled_from(TRICKY), st.text(characters, max_size=30))
keys = st.one_of(st.sampled_from(TRICKY), st.text(characters, max_size=12))
scalars = st.one_of(text, st.integers(), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


def test_refused_characters_are_the_invisible_ones():
    assert {"\x00", "\x1b", "\x85", "\u2028", "\u202e", "\u2066"} <= set(REFUSED)
    assert not {"\t", "\n", "\r", "é", "\ufffe"} & set(REFUSED)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=6))
def test_dump_then_load_gives_back_the_same_record(record):
    written = yamlwrite.dump(record, "# a header line")
    assert load_text(written, "f.yaml", max_depth=100).data == record


@pytest.mark.parametrize("value", TRICKY)
def test_every_tricky_string_round_trips_as_value_and_key(value):
    record = {value: value, "list": [value, {value: [value]}], "nested": {"k": value}}
    assert load_text(yamlwrite.dump(record), "f.yaml").data == record
