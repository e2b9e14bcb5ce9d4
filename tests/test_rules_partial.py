"""Rules on records with schema errors: judged on their sound fields, never crashing on the rest.

A record with schema errors takes part in each rule whose fields it holds sound
(records.Corpus.of with `needs`). Here every top-level field of a record of each
kind is broken in turn, with values of every wrong type, and every rule runs over
the result: none may fail, and a rule that needs only sound fields still judges it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from visits import engine
from visits.config import load_config
from visits.demo import generate
from visits.findings import error
from visits.records import Corpus, FileResult
from visits.rules import Context, run_rules
from visits.schemas import SchemaSet
from visits.treewrite import write_records

from conftest import TODAY, copy_repository

WRONG = (None, 7, ["x"], {"x": [1]}, "2026-13-45")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = copy_repository(tmp_path_factory.mktemp("partial") / "repo", records=False)
    write_records(root, generate(40, seed=5, until=TODAY - dt.timedelta(days=2)))
    config = load_config(root)
    schemas = SchemaSet.load(root)
    corpus = engine.records(root, config)
    assert corpus.file_findings == []
    return root, schemas, corpus.results, Context(today=TODAY, config=config)


def judge(root: Path, schemas: SchemaSet, results: list[FileResult], context: Context) -> list:
    corpus = Corpus(root, results, schemas=schemas)
    return corpus.file_findings + run_rules(corpus, context)


def broken(result: FileResult, schemas: SchemaSet, field: str, value) -> FileResult:
    """The record with `field` set to `value` (None: left out), as the per-file check leaves it."""
    data = {name: item for name, item in result.data.items() if name != field}
    if value is not None:
        data[field] = value
    problems = schemas.check(result.kind, data)[:1]  # one finding is enough to make it invalid
    return FileResult(
        result.path, result.kind, data, [error(result.path, 1, 1, problem.code, "broken") for problem in problems]
    )


def test_no_rule_fails_on_any_broken_field_of_any_kind(loaded):
    root, schemas, results, context = loaded
    firsts = {}
    for index, result in enumerate(results):
        firsts.setdefault(result.kind, index)
    tried = 0
    for index in sorted(firsts.values()):
        for field in sorted(results[index].data):
            for value in WRONG:
                damaged = broken(results[index], schemas, field, value)
                if damaged.valid:
                    continue  # the value is one the schema takes (an optional field left out)
                swapped = results[:index] + [damaged] + results[index + 1 :]
                judge(root, schemas, swapped, context)  # must not raise
                tried += 1
    assert tried > 100


def test_a_record_with_a_broken_field_is_judged_by_the_rules_that_do_not_need_it(loaded):
    root, schemas, results, context = loaded
    index = next(i for i, result in enumerate(results) if result.kind == "expense")
    misspelt = {**results[index].data, "volunteer": "nobody-here"}
    for field, value in (("status", 7), ("kind", ["x"])):
        damaged = broken(FileResult(results[index].path, "expense", misspelt, []), schemas, field, value)
        found = judge(root, schemas, results[:index] + [damaged] + results[index + 1 :], context)
        codes = {found.code for found in found if found.file == damaged.path}
        assert "unknown-volunteer" in codes, field
    # with the volunteer itself broken, no rule reads it: only the schema's finding is left
    damaged = broken(FileResult(results[index].path, "expense", misspelt, []), schemas, "volunteer", ["x"])
    found = judge(root, schemas, results[:index] + [damaged] + results[index + 1 :], context)
    assert [found.message for found in found if found.file == damaged.path] == ["broken"]


def test_without_schemas_a_record_with_errors_sits_out_the_rules(loaded):
    root, schemas, results, context = loaded
    index = next(i for i, result in enumerate(results) if result.kind == "expense")
    damaged = broken(
        FileResult(results[index].path, "expense", {**results[index].data, "volunteer": "nobody"}, []),
        schemas,
        "status",
        7,
    )
    corpus = Corpus(root, results[:index] + [damaged] + results[index + 1 :])
    assert [found.code for found in run_rules(corpus, context) if found.file == damaged.path] == []
