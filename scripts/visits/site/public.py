"""The public recruitment site: one MkDocs build per language, and a page to choose one.

Its sources are the docs/public/<lang>/ pages (at the addresses docs/pages.yml gives in
each language), docs/public/assets/, the contact details in visits.yml, filled in here
so the pages carry no template syntax when MkDocs (or Zensical) renders them, and the
monitoring report's pages: it reads records only through `visits.report`.
"""

from __future__ import annotations

import html
import re
import traceback
from pathlib import Path

import jinja2

from visits.config import ConfigError
from visits.i18n import translator
from visits.site import SiteError
from visits.site.annual import stage_report
from visits.site.counterparts import address, with_alternates
from visits.site.markdown import escape, front_matter
from visits.site.pagemap import PageMap, load_page_map
from visits.site.staging import ASSETS, Staging, base_config, site_config

SOURCE = Path("docs") / "public"
LANGUAGES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
SECTION = "public"  # of docs/pages.yml
# Reading order of the pages (ids of docs/pages.yml); any other page follows, by name.
PAGE_ORDER = ("index", "friendly-visitor", "accredited-visitor", "centres", "apply", "faq")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\Z")


def contact(config: dict) -> dict[str, str]:
    """The contact details for the pages, escaped for Markdown and HTML."""
    details = config["public"]["contact"]
    email = details.get("email", "")
    if not isinstance(email, str) or not _EMAIL.match(email):
        raise ConfigError(
            f"public.contact.email: {email!r} is not an email address "
            "(it becomes a mailto: link on every application page)"
        )
    name = details.get("name", "")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("public.contact.name: give the name the application pages show")
    return {"name": escape(name.strip()), "email": email}


def render(root: Path, relpath: str, values: dict) -> str:
    """Fill a page's {{ placeholders }}; a mistake names the file and line."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / SOURCE),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    file = (SOURCE / relpath).as_posix()
    try:
        return environment.get_template(relpath).render(**values)
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError(f"{file}:{exc.lineno}: template syntax: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if Path(f.filename).resolve() == (root / SOURCE / relpath).resolve()
        ]
        line = frames[-1].lineno if frames else 1
        raise SiteError(
            f"{file}:{line}: {exc.message}; the pages may use "
            + ", ".join(f"{{{{ contact.{key} }}}}" for key in values["contact"])
        ) from None


def stage_public(root: Path, config: dict, reports: dict[str, dict] | None = None) -> dict[str, tuple[Path, str]]:
    """Stage every language, with the monitoring report's files of each (`reports`: language ->
    path -> text or bytes); returns language -> (its generated mkdocs.yml, home page title)."""
    base = base_config(root)
    pagemap = load_page_map(root)
    values = {"contact": contact(config)}
    site_url = config["public"].get("site_url", "").rstrip("/")
    return {
        language: _stage_language(
            root,
            base,
            language,
            values,
            f"{site_url}/{language}/" if site_url else "",
            pagemap,
            reports or {},
        )
        for language in LANGUAGES
    }


def _stage_language(
    root: Path, base: dict, language: str, values: dict, site_url: str, pagemap: PageMap, reports: dict
) -> tuple[Path, str]:
    source = SOURCE / language
    pages = pagemap.pages(SECTION)
    for page_id, paths in pages.items():
        if not (root / source / f"{paths[language]}.md").is_file():
            raise SiteError(
                f"{source.as_posix()}/{paths[language]}.md is missing: docs/pages.yml gives it as the "
                f"{LANGUAGES[language]} page of '{page_id}', and the public site is published in "
                f"{', '.join(LANGUAGES)} with every page in each"
            )
    ids = pagemap.ids_by_path((SECTION,), language)
    staging = Staging(root, f"public-{language}")
    staging.copy_tree(root / SOURCE / "assets", "assets", ASSETS)
    titles = {}
    for path in sorted((root / source).glob("*.md")):
        file = (source / path.name).as_posix()
        text = render(root, f"{language}/{path.name}", values)
        titles[path.stem] = str(front_matter(text, file)[0].get("title", ""))
        if path.stem in ids:
            paths = pages[ids[path.stem]]
            text = with_alternates(text, {code: address(code, f"{paths[code]}.md") for code in LANGUAGES}, file)
        staging.write(path.name, text)
    ordered = [pages[page_id][language] for page_id in PAGE_ORDER if page_id in pages]
    order = [name for name in ordered if name in titles] + sorted(set(titles) - set(ordered))
    site_name = titles["index"] or LANGUAGES[language]
    nav: list = [f"{name}.md" for name in order]
    if reports.get(language):
        nav.append({translator(language).gettext("Monitoring report"): stage_report(staging, language, reports)})
    settings = site_config(
        base,
        site_name=site_name,
        language=language,
        nav=nav,
        site_url=site_url,
        alternate=[{"name": name, "link": f"../{code}/index.html", "lang": code} for code, name in LANGUAGES.items()],
    )
    return staging.write_config(settings), site_name


def language_chooser(titles: dict[str, str]) -> str:
    """A small static page at the site's root: a link to each language's home page."""
    entries = []
    for code, name in LANGUAGES.items():
        title = html.escape(titles[code])
        entries.append(
            f'<li lang="{code}"><a href="{code}/index.html" hreflang="{code}">'
            f'<span class="language">{html.escape(name)}</span>'
            f'<span class="title">{title}</span></a></li>'
        )
    return CHOOSER.format(links="\n      ".join(entries))


# Colours and contrast as in docs/public/assets/extra.css; no script, no other host.
CHOOSER = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Nederlands · Français · English</title>
  <style>
    body {{ margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
           font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
           background: #f4f7f7; color: #1f2a2b; }}
    main {{ max-width: 36rem; padding: 2rem; }}
    h1 {{ font-size: 1.4rem; font-weight: 600; color: #24524f; }}
    ul {{ list-style: none; padding: 0; margin: 0; }}
    li {{ margin: 0.75rem 0; }}
    a {{ display: block; padding: 1rem 1.25rem; border-radius: 0.5rem; background: #fff;
         border: 2px solid #2f5d62; color: #24524f; text-decoration: none; }}
    a:hover, a:focus {{ background: #2f5d62; color: #fff; }}
    a:focus {{ outline: 3px solid #8a5a00; outline-offset: 2px; }}
    .language {{ display: block; font-size: 1.2rem; font-weight: 600; }}
    .title {{ display: block; margin-top: 0.25rem; }}
  </style>
</head>
<body>
  <main>
    <h1><span lang="nl">Kies je taal</span> · <span lang="fr">Choisissez votre langue</span> ·
      Choose your language</h1>
    <ul>
      {links}
    </ul>
  </main>
</body>
</html>
"""
