"""One module per `visits` subcommand; cli.py finds them here."""
