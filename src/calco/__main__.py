"""``python -m calco`` runs the command-line interface."""

from calco.cli import main

main()
