"""Blank Excel templates and the README's table reference, both made from the
extract format (data/build/extract/datapackage.json).

    python -m data.templates OUT_DIR          # one .xlsx a table, ready to fill in
    python -m data.templates --readme         # rewrite the README's table reference from the format

Each template's first sheet is the table: the header on row 1 (frozen), a
note on each header cell saying what goes there, drop-down lists where only
some values are allowed.  Its second sheet lists the columns in words.  Save
a filled-in template as ``<table>.xlsx`` (or export it as ``<table>.csv``) in
the extract folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import xlsxwriter

from data.build import extract

README = Path(__file__).resolve().parents[1] / "README.md"
START = "<!-- extract reference: made by python -m data.templates --readme -->"
END = "<!-- end of extract reference -->"
TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "date": "date YYYY-MM-DD",
              "datetime": "date and time YYYY-MM-DD HH:MM:SS", "boolean": "true or false", "yearmonth": "month YYYY-MM"}


def allowed(field: extract.Field) -> str:
    """What a column may hold, in words."""
    words = TYPE_WORDS.get(field.type, field.type)
    if field.enum:
        words = "one of " + ", ".join(field.enum)
    if field.minimum is not None and field.maximum is not None:
        words += f", {field.minimum:g} to {field.maximum:g}"
    elif field.minimum is not None:
        words += f", at least {field.minimum:g}"
    return words


def write_templates(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for res in extract.resources():
        path = folder / f"{res.name}.xlsx"
        book = xlsxwriter.Workbook(str(path))
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(res.name[:31])
        sheet.freeze_panes(1, 0)
        for col, field in enumerate(res.fields):
            sheet.write(0, col, field.name, bold)
            sheet.set_column(col, col, max(12, min(40, len(field.name) + 4)))
            required = "Required. " if field.required else "May be left empty. "
            sheet.write_comment(0, col, f"{required}{allowed(field)}.\n{field.description}",
                                {"x_scale": 3, "y_scale": 3})
            values = field.enum or ((field.true_values[0], field.false_values[0]) if field.type == "boolean" else None)
            if values:
                sheet.data_validation(1, col, 100_000, col, {"validate": "list", "source": list(values)})
        about = book.add_worksheet("about")
        about.set_column(0, 0, 26)
        about.set_column(1, 2, 30)
        about.set_column(3, 3, 100)
        about.write(0, 0, f"{res.title} ({res.name}.xlsx or {res.name}.csv)", bold)
        about.write(1, 0, res.description + (" Optional: leave the file out if you have none." if res.optional else ""),
                    wrap)
        for col, head in enumerate(("column", "required", "allowed", "meaning")):
            about.write(3, col, head, bold)
        for row, field in enumerate(res.fields, start=4):
            about.write_row(row, 0, [field.name, "yes" if field.required else "no", allowed(field), field.description],
                            wrap)
        book.close()
        written.append(path)
    return written


def reference_markdown() -> str:
    """The README's table reference: every table of the format, its key and its columns."""
    lines = [START, "", f"Extract format {extract.version()} (data/build/extract/datapackage.json).", ""]
    for res in extract.resources():
        optional = " (optional)" if res.optional else ""
        lines.append(f"#### `{res.name}.csv` — {res.title}{optional}")
        lines.append("")
        lines.append(res.description)
        keys = [f"one row per {', '.join(res.primary_key)}"] if res.primary_key else []
        keys += [f"`{fk.field}` is a `{fk.resource}.{fk.reference}`" for fk in res.foreign_keys]
        if keys:
            lines.append("")
            lines.append("Keys: " + "; ".join(keys) + ".")
        lines.append("")
        lines.append("| column | required | allowed | meaning |")
        lines.append("|---|---|---|---|")
        for field in res.fields:
            text = field.description.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {allowed(field)} | {text} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update_readme(readme: Path = README) -> bool:
    """Put the reference between its markers in the README; True if it changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    new = text[:start] + reference_markdown() + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.templates", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", metavar="OUT_DIR", help="folder to write the blank templates to")
    parser.add_argument("--readme", action="store_true", help="rewrite the README's table reference")
    args = parser.parse_args(argv)
    if args.readme:
        print("README updated" if update_readme() else "README already up to date")
        return 0
    if not args.out:
        parser.error("give OUT_DIR (or --readme)")
    for path in write_templates(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
