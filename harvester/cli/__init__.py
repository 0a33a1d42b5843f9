"""`harvest`: a thin command line over the harvester library; one module per command."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from harvester import __version__, output

app = typer.Typer(
    help="Harvest code links and datasets from arXiv listings into a SQL catalog; check and audit the repositories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the catalog database.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="HARVEST_DB", help="Catalog: a file path or an SQLAlchemy URL.", show_default="catalog.db"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on standard output.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no per-problem lines.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one error line and return the Exit to raise."""
    output.error(message)
    return typer.Exit(code)


def one_line(error: BaseException) -> str:
    """A database or library error as one line (the driver's message, never a traceback)."""
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0]


def _version(value: bool) -> None:
    if value:
        print(f"harvest {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Harvest code links and datasets from arXiv listings into a SQL catalog."""


# Each command module registers itself on `app` when imported.
from harvester.cli import check, db, export, report, run, sql  # noqa: E402,F401
