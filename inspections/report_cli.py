"""``flask --app app report annual YEAR --lang kk|ru OUT.docx``: the annual report."""

from __future__ import annotations

import click

from . import clock


@click.group("report")
def report_group():
    """Reports."""


@report_group.command("annual")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--lang", type=click.Choice(["kk", "ru"]), default="kk", show_default=True)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def annual(year: int, lang: str, out: str):
    """Write the annual report of YEAR in LANG to OUT.docx (the active template)."""
    from .services.annual_report import render_report

    data = render_report(year, lang, today=clock.today())
    with open(out, "wb") as f:
        f.write(data)
    click.echo(f"{out}: annual report {year} ({lang}), {len(data)} bytes")
