"""From a submitted "Visit report" form to a record that validates, or to a list of what to fix.

Answers are converted field by field first, without touching the disk (`prepare`,
`issueanswers`);
a file is written only when every answer makes sense, and it is removed again if
the full validation (schema and cross-record rules, against all records) finds an
error, or if anything fails before the command is done (`place`, `withdraw`).
Ids and paths are built only from values that matched the schema's patterns
(with JSON Schema's ASCII `\\d`), never from raw text. The event itself is checked
by `issueevent` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from visits import engine
from visits.config import ConfigError
from visits.findings import Severity
from visits.github import inline, plain
from visits.i18n import Translator, translator
from visits.i18n.findings import translate
from visits.issueanswers import Answers, build_record
from visits.issueevent import Issue
from visits.issueform import FormProblem, forms, language_of, parse_body
from visits.layout import KINDS, RECORDS
from visits.schemas import SchemaSet
from visits.yamlstrict import YamlRejected, load_text
from visits.yamlwrite import dump, schema_comment, write_new

MAX_BODY = 65536  # GitHub's own limit on an issue body


@dataclass
class Draft:
    """A record ready to be written, or the problems that keep it from being one."""

    problems: list[FormProblem]
    path: str = ""
    text: str = ""
    data: dict = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    language: str = "en"  # of the form the visitor used: every reply is in it
    created: list[Path] = field(default_factory=list)  # folders `place` made, deepest first
    written: Path | None = None  # the record file, once `place` has written it


def _label_of_line(text: str, line: int, labels: dict[str, str], t: Translator) -> str:
    """The form field a finding on `line` of the written record is about."""
    try:
        positions = load_text(text, "record").positions
    except YamlRejected:
        return t.gettext("Form")
    keys = sorted((pos[0], path[0]) for path, pos in positions.items() if len(path) == 1)
    key = max((k for k in keys if k[0] <= line), default=(0, ""))[1]
    return labels.get(key, labels["date"] if key == "id" else t.gettext("Form"))


def place(root: Path, config: dict, today, draft: Draft) -> list[FormProblem]:
    """Write the record and check it among all records: it stays only if no error is found."""
    t = translator(draft.language)
    target = root / draft.path
    if not target.resolve().is_relative_to((root / RECORDS).resolve()):  # a symlinked folder
        raise ConfigError(f"refusing to write {draft.path}: it leads outside {RECORDS}/")
    draft.created = [folder for folder in target.parents if not folder.exists()]
    try:
        try:
            write_new(target, draft.text)
        except FileExistsError:
            withdraw(draft)
            return [
                FormProblem(
                    draft.labels["date"],
                    "already-exists",
                    t.gettext("a report for this assignment and date already exists: {path}").format(
                        path=inline(draft.path)
                    ),
                    t.gettext(
                        "if you submitted twice, close this issue; if you visited twice that day, tell your referent"
                    ),
                )
            ]
        draft.written = target
        # no cache: a forged or stale .cache/ must not decide, and nothing is written outside records/
        findings = engine.run(
            root, config, today, engine.Scope(paths=frozenset({draft.path})), use_cache=False
        ).findings
    except BaseException:
        withdraw(draft)
        raise
    errors = [found for found in findings if found.severity is Severity.ERROR]
    if errors:
        withdraw(draft)
    return [
        _explain(found, _label_of_line(draft.text, found.line, draft.labels, t), draft.labels, t) for found in errors
    ]


def withdraw(draft: Draft) -> None:
    """Remove what `place` wrote: the record if it wrote it, and the folders it made if empty."""
    if draft.written is not None:
        draft.written.unlink(missing_ok=True)
        draft.written = None
    for folder in draft.created:  # deepest first
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _explain(found, heading: str, labels: dict[str, str], t: Translator) -> FormProblem:
    # a comment outlives the issue text it answers: never quote the notes in it
    if heading in (labels["notes"], labels["follow_up"]):
        return FormProblem(
            heading,
            found.code,
            t.gettext("this text cannot be stored as written"),
            t.gettext("keep it shorter, and type it again rather than pasting it"),
        )
    message, hint = translate(t, found)
    return FormProblem(heading, found.code, plain(message), plain(hint))


def prepare(root: Path, config: dict, issue: Issue) -> Draft:
    """The record an issue's answers make, or what to fix, in the form's language; nothing is written."""
    if len(issue.body) > MAX_BODY:
        t = translator("en")
        return Draft(
            [
                FormProblem(
                    t.gettext("Form"),
                    "body-too-long",
                    t.gettext("the form holds {length} characters").format(length=len(issue.body)),
                    t.gettext("keep it under {maximum}; shorten the notes").format(maximum=MAX_BODY),
                )
            ]
        )
    schemas = SchemaSet.load(root)
    corpus = engine.records(root, config)
    by_language = forms(schemas.schemas["visit"], corpus.of("centre"))
    language = language_of(issue.body, by_language)
    t, fields = translator(language), by_language[language]
    answers, problems = parse_body(issue.body, fields, t)
    if not answers:  # an empty body, or text from elsewhere: one problem, not one per heading
        return Draft(
            [
                FormProblem(
                    t.gettext("Form"),
                    "not-a-form",
                    t.gettext("the issue holds none of the form's headings"),
                    t.gettext("open a new issue with Issues → New issue → Visit report and fill in the form"),
                )
            ],
            language=language,
        )
    form = Answers(answers, fields, t)
    form.problems.extend(problems)
    data, path = build_record(form, schemas.schemas["visit"], corpus)
    if data is None or path is None:
        order = {spec.label: index for index, spec in enumerate(fields)}
        return Draft(sorted(form.problems, key=lambda p: order.get(p.field, -1)), language=language)
    header = schema_comment(path, KINDS["visit"].schema_file)
    text = dump(data, f"{header}\n# Submitted with the web form (issue #{issue.number}).")
    return Draft([], path, text, data, {spec.id: spec.label for spec in fields}, language=language)
