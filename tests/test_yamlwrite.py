"""Writing records: the emitter's exact output, and file writes that are whole or nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from visits.layout import KINDS, kind_of
from visits.yamlstrict import load_bytes, load_text
from visits.yamlwrite import dump, replace, schema_comment, write_new

from conftest import REPO


def test_dump_exact_text():
    record = {
        "schema_version": 1,
        "id": "2026-04-06-A-2026-0001",
        "start_time": "10:00",
        "interpreter": False,
        "answer": "no",
        "code": "012",
        "flag": "true",
        "number": "12",
        "word": "null",
        "empty": None,
        "topics": ["health", "legal-procedure"],
        "none": [],
        "nothing": {},
        "outcome": {"kind": "released", "date": "2026-05-01"},
        "follow_up": [{"kind": "lawyer", "owner": "anne-peeters", "action": "Call: today"}],
        "name": "Centre fermé",
        "notes": "First line.\nSecond: line.\n",
    }
    written = dump(record, "# header")
    assert load_text(written, "f.yaml").data == record
    assert written == (
        "# header\n"
        "schema_version: 1\n"
        "id: 2026-04-06-A-2026-0001\n"
        'start_time: "10:00"\n'
        "interpreter: false\n"
        "answer: no\n"  # the loader reads YAML 1.2 style: only true/false are booleans
        "code: 012\n"
        'flag: "true"\n'
        'number: "12"\n'
        'word: "null"\n'
        "empty: null\n"
        "topics:\n"
        "- health\n"
        "- legal-procedure\n"
        "none: []\n"
        "nothing: {}\n"
        "outcome:\n"
        "  kind: released\n"
        "  date: 2026-05-01\n"
        "follow_up:\n"
        "- kind: lawyer\n"
        "  owner: anne-peeters\n"
        '  action: "Call: today"\n'
        'name: "Centre fermé"\n'
        "notes: |\n"
        "  First line.\n"
        "  Second: line.\n"
    )


@pytest.mark.parametrize(
    "text, block",
    [
        ("a\nb", "notes: |-\n  a\n  b\n"),
        ("\n  indented after a blank line\nnext\n", "notes: |2\n\n    indented after a blank line\n  next\n"),
        ("two\n\nparagraphs", "notes: |-\n  two\n\n  paragraphs\n"),
    ],
)
def test_multi_line_text_as_literal_block(text, block):
    assert dump({"notes": text}) == block
    assert load_text(block, "f.yaml").data == {"notes": text}


@pytest.mark.parametrize(
    "text",
    ["ends in two newlines\n\n", " leading space\nx", "tab\tand\nnewline", "cr\r\nlf", "odd \ufffe character\nx"],
)
def test_text_a_literal_block_cannot_hold_exactly_is_quoted(text):
    written = dump({"notes": text})
    assert written.startswith('notes: "')
    assert load_text(written, "f.yaml").data == {"notes": text}


def test_example_records_are_written_back_byte_for_byte():
    # every example record was written by dump(); reading and writing again changes nothing
    paths = sorted((REPO / "records").rglob("*.yaml"))
    assert len(paths) > 1000
    for path in paths:
        relative = path.relative_to(REPO).as_posix()
        raw = path.read_bytes()
        data = load_bytes(raw, relative).data
        assert dump(data, schema_comment(relative, kind_of(relative).schema_file)).encode() == raw, relative


@pytest.mark.parametrize(
    "relative, comment",
    [
        ("records/people/P-2026-0001.yaml", "# yaml-language-server: $schema=../../schemas/person.schema.json"),
        (
            "records/visits/anne-peeters/2026/2026-01-01-A-2026-0001.yaml",
            "# yaml-language-server: $schema=../../../../schemas/visit.schema.json",
        ),
    ],
)
def test_schema_comment_points_at_the_schema_from_the_file_folder(relative, comment, tmp_path):
    kind = kind_of(relative)
    assert schema_comment(relative, kind.schema_file) == comment
    target = tmp_path / relative
    target.parent.mkdir(parents=True)
    (tmp_path / KINDS[kind.name].schema_file).parent.mkdir(exist_ok=True)
    (tmp_path / kind.schema_file).write_text("{}")
    assert (target.parent / comment.split("$schema=")[1]).resolve() == (tmp_path / kind.schema_file).resolve()


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".tmp-"))


def test_write_new_creates_folders_and_the_whole_file(tmp_path):
    target = tmp_path / "records" / "people" / "P-2026-0001.yaml"
    write_new(target, "id: P-2026-0001\n")
    assert target.read_bytes() == b"id: P-2026-0001\n"
    assert leftovers(target.parent) == []


def test_write_new_never_overwrites(tmp_path):
    target = tmp_path / "record.yaml"
    target.write_bytes(b"original\n")
    with pytest.raises(FileExistsError):
        write_new(target, "replacement\n")
    assert target.read_bytes() == b"original\n"
    assert leftovers(tmp_path) == []


def test_write_new_writes_utf8_with_unix_newlines(tmp_path):
    target = tmp_path / "record.yaml"
    write_new(target, "name: Zoë\nline: 2\n")
    assert target.read_bytes() == "name: Zoë\nline: 2\n".encode()


def test_replace_swaps_the_contents(tmp_path):
    target = tmp_path / "record.yaml"
    target.write_bytes(b"old\n")
    inode = target.stat().st_ino
    replace(target, "new\n")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_ino != inode  # a new file was renamed over the old one
    assert leftovers(tmp_path) == []


def test_replace_that_fails_leaves_everything_as_it_was(tmp_path):
    target = tmp_path / "folder.yaml"
    target.mkdir()
    (target / "inside").write_bytes(b"kept")
    with pytest.raises(OSError):
        replace(target, "new\n")
    assert (target / "inside").read_bytes() == b"kept"
    assert leftovers(tmp_path) == []


def test_temporary_files_are_not_readable_records(tmp_path):
    # the temporary name starts with a dot: the record walk skips it if a crash leaves one
    target = tmp_path / "record.yaml"
    write_new(target, "a: 1\n")
    assert os.listdir(tmp_path) == ["record.yaml"]


def test_written_files_get_the_usual_permissions(tmp_path):
    import os
    import stat

    from visits.yamlwrite import replace, write_new

    mask = os.umask(0o022)
    try:
        write_new(tmp_path / "new.yaml", "a: 1\n")
        replace(tmp_path / "new.yaml", "a: 2\n")
        write_new(tmp_path / "other.yaml", "a: 1\n")
    finally:
        os.umask(mask)
    for name in ("new.yaml", "other.yaml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
