"""The two sites: a public recruitment site (nl, fr, en) and the internal site.

Building is two steps. Staging is pure: it writes Markdown, SVG and CSV files and
one mkdocs.yml per site under build/site/. Rendering is the real `mkdocs build
--strict`, run on the staged folder; Zensical can render the same folder, because
nothing dynamic is left to plugins, hooks or macros.
"""


class SiteError(Exception):
    """A site cannot be built: bad page source, failed MkDocs run, unsafe output folder."""
