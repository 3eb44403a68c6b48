"""Plain accessible tables for the resource pages (finance, workforce,
customers, risks, value for money): a caption, column headers with scope, row
headers, numbers right-aligned — and, for long lists of units, the ones that
matter most first with a select to reach any of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids, vocabulary
from dashboard.frames import records

UNIT_ROWS = 50   # a service at the large preset has 440 teams
CHILD_NOUN = {"council": "directorates", "directorate": "services", "service": "teams"}


@dataclass(frozen=True)
class Column:
    title: str
    cell: Callable[[Any], Any]        # row → text or component
    numeric: bool = False


def money_column(title: str, rows: pd.DataFrame, column: str) -> Column:
    """A column of money at one scale (£, £k or £m, from its largest sum), so the cells compare at a glance."""
    cell = vocabulary.money_column(rows[column] if column in rows else [])
    return Column(title, lambda r: cell(getattr(r, column)), numeric=True)


def table(rows: pd.DataFrame, columns: list[Column], *, caption: str, row_header: Column,
          table_id: str | None = None) -> html.Div:
    """One row per row of ``rows``; ``row_header`` makes the first cell a <th scope=row>."""
    body = [html.Tr([html.Th(row_header.cell(r), scope="row"),
                     *[html.Td(c.cell(r), className="num" if c.numeric else None) for c in columns]])
            for r in records(rows)]
    head = html.Tr([html.Th(row_header.title, scope="col"),
                    *[html.Th(c.title, scope="col", className="num" if c.numeric else None) for c in columns]])
    attrs = {"id": table_id} if table_id else {}
    return html.Div(html.Table([html.Caption(caption), html.Thead(head), html.Tbody(body)],
                               className="table table-sm", **attrs), className="table-responsive")


def scrollable(wrapper: html.Div, label: str) -> html.Div:
    """``table``'s scrolling wrapper (a phone scrolls a wide table sideways) made reachable from the keyboard
    and named for a screen reader (axe: scrollable-region-focusable)."""
    wrapper.tabIndex, wrapper.role = "0", "region"
    setattr(wrapper, "aria-label", label)
    return wrapper


def unit_link(href: Callable[[str], str]) -> Column:
    return Column("Unit", lambda r: dcc.Link(r.name, href=href(r.org_code)))


def units_table(units: pd.DataFrame, columns: list[Column], *, caption: str, href: Callable[[str], str],
                noun: str, order: Callable[[pd.DataFrame], pd.DataFrame], order_text: str,
                table_id: str = ids.UNIT_TABLE, jump: bool = True) -> html.Div:
    """The units below this one, each a link to the same page one level down.
    More than UNIT_ROWS are cut to the first by ``order`` (described by
    ``order_text``), with a select that reaches every one (unless another
    table on the page has it: ``jump=False``)."""
    cut = len(units) > UNIT_ROWS
    shown = order(units).head(UNIT_ROWS) if cut else units
    if cut:
        caption += f": the {UNIT_ROWS} of {len(units)} {order_text}"
    return html.Div([
        unit_jump(units, href, noun) if cut and jump else None,
        table(shown, columns, caption=caption, row_header=unit_link(href), table_id=table_id),
    ])


def unit_jump(units: pd.DataFrame, href: Callable[[str], str], noun: str) -> html.Div:
    """Every unit, by name: choosing one opens it (shell.py follows the select)."""
    ordered = units.sort_values("name")
    return html.Div([
        html.Label(f"Go to any of the {len(units)} {noun}", htmlFor=ids.CHILD_JUMP, className="form-label"),
        dbc.Select(id=ids.CHILD_JUMP, placeholder=f"Choose one of {len(units)}", style={"maxWidth": "28rem"},
                   options=[{"label": name, "value": href(code)}
                            for code, name in zip(ordered["org_code"], ordered["name"])]),
    ], className="child-jump mb-2")
