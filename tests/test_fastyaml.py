"""The fast reader may only ever say "not sure": when it answers, it answers like the strict loader."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visits.fastyaml import fast_load
from visits.yamlstrict import YamlRejected, load_text
from visits.yamlwrite import dump

TRICKY = ["no", "off", "NO", "yes", "012", "1:30", "14:00", "2026-02-30", "~", "null", "true", "- x",
          "a: b", "#", " # c", "&a", "*a", "!tag", "<<", "|", ">", "[]", "{}", '"', "'", "\\", "\t",
          "\u202e", "x\n y", "  ", "", "1e3", ".inf", "0x1F", "+1", "-", "?", "%", "@", "`"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.sampled_from(TRICKY), st.text(max_size=30))
keys = st.one_of(st.sampled_from(["id", "date", "notes", "topics", "a_b", "no", "true", "1", "<<", "x y"]),
                 st.text(min_size=1, max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(keys, inner, max_size=4)),
                      max_leaves=12)
documents = st.dictionaries(keys, values, min_size=1, max_size=6)


def strict(text: str):
    try:
        return load_text(text, "f.yaml", max_depth=12).data
    except YamlRejected:
        return YamlRejected


def agrees(text: str) -> None:
    fast = fast_load(text, 12)
    if fast is not None:
        assert strict(text) == fast, text


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_fast_reader_agrees_on_written_records(data):
    text = dump(data)
    agrees(text)
    assert fast_load(text, 12) in (None, strict(text))


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.lists(st.tuples(st.integers(0, 400), st.sampled_from(TRICKY + ["\n", " ", ":", "- "])),
                           max_size=4))
def test_fast_reader_agrees_on_damaged_text(data, edits):
    text = dump(data)
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    agrees(text)


def test_fast_reader_reads_a_typical_visit_report(example_repo):
    report = next((example_repo / "records" / "visits").rglob("*.yaml")).read_text(encoding="utf-8")
    data = fast_load(report, 12)
    assert data is not None and data == strict(report)
    assert data["schema_version"] == 1 and isinstance(data["start_time"], str)


def test_fast_reader_declines_what_only_the_strict_loader_may_judge():
    for text in ("a: 1\na: 2\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n",
                 "1: x\n", "a: 14:00\n", "a: |\n  x\n\n   \n", "- a\n", "a:\n\tb: 1\n", "a: 'q'\n"):
        assert fast_load(text, 12) is None, text
