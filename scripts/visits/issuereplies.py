"""The bot's words on a visit report issue: what to fix, the pull request's body, its other replies.

All in the language of the form the visitor used (`Draft.language`); anything the
visitor typed is shown back only through `github.inline` or `github.plain`.
"""

from __future__ import annotations

from visits.github import mention, plain
from visits.i18n import Translator
from visits.i18n.vocabulary import label
from visits.issueevent import Issue
from visits.issueform import FormProblem

MAX_LISTED = 30  # problems listed in one comment


def comment(problems: list[FormProblem], t: Translator) -> str:
    """The issue comment listing what to fix, one line per problem, hostile text neutralised."""
    lines = [
        "### " + t.gettext("The visit report could not be created yet"),
        "",
        t.typography(
            t.gettext(
                "Please correct the answers below. Open this issue, click **…** at the top right of "
                "its description, choose **Edit**, fix the answers (keep the `###` headings) and "
                "press **Update comment**: the bot then tries again."
            )
        ),
        "",
    ]
    for problem in problems[:MAX_LISTED]:
        hint = " " + t.gettext("How to fix: {hint}.").format(hint=problem.hint) if problem.hint else ""
        lines.append(t.typography(f"- **{plain(problem.field)}**: {problem.message} (`{problem.code}`).{hint}"))
    if len(problems) > MAX_LISTED:
        more = len(problems) - MAX_LISTED
        lines.append(
            "- "
            + t.ngettext(
                "…and {count} more problem of the same kind.", "…and {count} more problems of the same kind.", more
            ).format(count=more)
        )
    lines += ["", t.typography(t.gettext("Nothing was saved yet. Questions? Ask your referent."))]
    return "\n".join(lines) + "\n"


def pull_request_body(issue: Issue, data: dict, t: Translator) -> str:
    """What the pull request says about the report: where it came from, no notes."""
    try:
        author = mention(issue.login)
    except ValueError:
        author = ""
    concerns = t.join(label(t, "concern", code) for code in data.get("concerns", [])) or t.gettext("none")
    where = (
        t.gettext("Visit report submitted with the web form in #{number} by {author}.")
        if author
        else t.gettext("Visit report submitted with the web form in #{number}.")
    ).format(number=issue.number, author=author)
    lines = [
        where,
        "",
        t.gettext("- Assignment: {assignment}").format(assignment=f"`{data['assignment']}`"),
        t.gettext("- Date: {date}").format(date=data["date"]),
        t.gettext("- Safeguarding concerns: {concerns}").format(concerns=concerns),
        "",
        t.gettext(
            "The referent is asked to review through CODEOWNERS; please follow the reviewer's "
            "checklist (guide: *Review a report as referent*)."
        ),
    ]
    return t.typography("\n".join(lines)) + "\n"


def replies(t: Translator) -> dict[str, str]:
    """The workflow's other comments, in the form's language; `{url}` and `{branch}` are filled in
    by the workflow with values GitHub gave it, never with anything the visitor typed."""
    texts = {
        "thanks": t.gettext(
            "Thank you! Your report is now pull request {url}, and your referent is asked to review it. "
            "This issue is closed and its text replaced by that link, so that the report lives in one place."
        ),
        "moved": t.gettext("The report was moved to {url} (submitted with the web form)."),
        "branch-exists": t.gettext(
            "A pull request branch for this issue already exists ({branch}). Please correct the report "
            "in that pull request rather than here."
        ),
        "failed": t.gettext(
            "The bot could not process this report because of a problem on our side. The coordinator "
            "will look at it; please do not submit the report again."
        ),
    }
    return {name: t.typography(text) + "\n" for name, text in texts.items()}
