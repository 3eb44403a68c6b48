"""Spreadsheets (.xlsx, .ods) through python-calamine: fast, and no formulas run."""

from __future__ import annotations

from pathlib import Path

from data.ingest.common import IngestError, check_file


def open_workbook(path: Path, suffixes: tuple[str, ...]):
    from python_calamine import CalamineError, CalamineWorkbook

    check_file(path, suffixes=suffixes)
    try:
        return CalamineWorkbook.from_path(str(path))
    except CalamineError as exc:
        raise IngestError(f"{path.name} cannot be read as a {path.suffix.lstrip('.')} spreadsheet "
                          f"({str(exc).splitlines()[0]}): it may be truncated or damaged; download it again") from None


class Sheet:
    """The cells of one sheet as rows of Python values, with spreadsheet references."""

    def __init__(self, workbook, name: str):
        from python_calamine import CalamineError

        self.name = name
        try:
            sheet = workbook.get_sheet_by_name(name)
            self.rows = sheet.to_python()
        except CalamineError as exc:
            raise IngestError(f"sheet {name} cannot be read ({str(exc).splitlines()[0]}): "
                              "the file may be damaged") from None
        start = sheet.start or (0, 0)
        self.first_row, self.first_col = start

    def ref(self, row: int, col: int) -> str:
        """'Table_5!F12' for rows[row][col]."""
        return f"{self.name}!{column_letters(self.first_col + col)}{self.first_row + row + 1}"


def find_header(workbook, order: list[str], header_row) -> tuple[Sheet, int] | None:
    """The first sheet, in ``order``, on which ``header_row(rows)`` finds the
    table's header, and that row's index; None when no sheet has it."""
    for name in order:
        sheet = Sheet(workbook, name)
        at = header_row(sheet.rows)
        if at is not None:
            return sheet, at
    return None


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text(cell) -> str:
    """A header or label cell as clean text."""
    return "" if cell is None else " ".join(str(cell).split())
