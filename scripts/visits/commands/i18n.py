"""visits i18n: extract the messages of a domain (or all), update its catalogues, check them."""

from __future__ import annotations

from visits.cli import UsageError

NAME = "i18n"
HELP = "message catalogues: extract templates, update the nl and fr catalogues, check them"


def configure(parser) -> None:
    parser.add_argument("action", choices=("extract", "update", "check"), help="what to do")
    parser.add_argument(
        "domains", nargs="*", metavar="DOMAIN", help="cli, forms, site, stats, report, audit, records (default: all)"
    )


def run(args, io) -> int:
    from visits.i18n import catalogues

    unknown = [domain for domain in args.domains if domain not in catalogues.DOMAINS]
    if unknown:
        raise UsageError(f"unknown domain {', '.join(unknown)}; domains: {', '.join(catalogues.DOMAINS)}")
    domains = tuple(args.domains) or catalogues.DOMAINS
    if args.action == "check":
        problems = catalogues.check(domains)
        io.out.writelines(f"{problem}\n" for problem in problems)
        io.out.write(f"{len(problems)} catalogue problems\n")
        return 1 if problems else 0
    for domain in domains:
        if args.action == "extract":
            catalog = catalogues.write_template(domain)
            io.out.write(f"{catalogues.template_path(domain).name}: {len(catalog)} messages\n")
        elif catalogues.template_path(domain).exists():
            for path in catalogues.update(domain):
                untranslated = sum(1 for m in catalogues.read(path) if m.id and not m.string)
                io.out.write(f"{path.relative_to(catalogues.LOCALE_DIR)}: {untranslated} to translate\n")
    return 0
