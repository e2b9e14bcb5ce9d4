"""The public recruitment site: one MkDocs build per language, and a page to choose one.

Reads nothing under records/: its only sources are docs/public/<lang>/ pages,
docs/public/assets/ and the contact details in visits.yml, filled in here so the
pages carry no template syntax when MkDocs (or Zensical) renders them.
"""

from __future__ import annotations

import html
import re
import traceback
from pathlib import Path

import jinja2

from visits.config import ConfigError
from visits.site import SiteError
from visits.site.markdown import escape, front_matter
from visits.site.staging import ASSETS, Staging, base_config, site_config

SOURCE = Path("docs") / "public"
LANGUAGES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
# Reading order of the pages; any other page follows, by name.
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


def stage_public(root: Path, config: dict) -> dict[str, tuple[Path, str]]:
    """Stage every language; returns language -> (its generated mkdocs.yml, home page title)."""
    base = base_config(root)
    values = {"contact": contact(config)}
    site_url = config["public"].get("site_url", "").rstrip("/")
    return {
        language: _stage_language(root, base, language, values, f"{site_url}/{language}/" if site_url else "")
        for language in LANGUAGES
    }


def _stage_language(root: Path, base: dict, language: str, values: dict, site_url: str) -> tuple[Path, str]:
    source = SOURCE / language
    if not (root / source / "index.md").is_file():
        raise SiteError(
            f"{source.as_posix()}/index.md is missing: the public site is published "
            f"in {', '.join(LANGUAGES)}, each with its home page"
        )
    staging = Staging(root, f"public-{language}")
    staging.copy_tree(root / SOURCE / "assets", "assets", ASSETS)
    titles = {}
    for path in sorted((root / source).glob("*.md")):
        text = render(root, f"{language}/{path.name}", values)
        titles[path.stem] = str(front_matter(text, (source / path.name).as_posix())[0].get("title", ""))
        staging.write(path.name, text)
    order = [name for name in PAGE_ORDER if name in titles] + sorted(set(titles) - set(PAGE_ORDER))
    site_name = titles["index"] or LANGUAGES[language]
    settings = site_config(
        base,
        site_name=site_name,
        language=language,
        nav=[f"{name}.md" for name in order],
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
