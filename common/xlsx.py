"""The one way the portal writes Excel: openpyxl write-only workbooks fed with rows from selectors.

An export describes its sheets — a title, the columns, an iterator of rows — and this module writes
them the same way everywhere: a bold, frozen header row with an autofilter, set column widths, dates
as real Excel dates in Beijing time, and user text that can never become a formula.

    class SchoolExporter(XlsxExporter):
        def sheets(self):
            yield Sheet(_("Schools"), [Column(_("School name"), width=28)], ([s.name] for s in …))

Write-only workbooks stream rows to a temporary file, so a long export keeps little in memory and
can later run in a task: `exporter.write(stream)` writes to any binary file.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.http import content_disposition

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# Spreadsheets read text that starts with one of these as a formula ("formula injection"): a school
# name such as =HYPERLINK(…) must reach the reader as the text the school typed.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_BAD_SHEET_TITLE = re.compile(r"[\\*?:/\[\]]")


@dataclass(frozen=True)
class Column:
    header: str  # may be a lazy translation: it is read when the sheet is written
    width: float = 14  # in Excel's units, about one Latin character; a Chinese character needs two
    number_format: str | None = None  # None: dates and datetimes get DATE_FORMAT / DATETIME_FORMAT


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable  # each row a sequence of values, one per column; None leaves the cell empty


class XlsxExporter:
    """Base of every Excel export: a subclass names the file and yields its `Sheet`s."""

    def filename(self) -> str:
        """An ASCII name for clients that cannot read RFC 6266's UTF-8 `filename*`."""
        raise NotImplementedError

    def download_name(self) -> str:
        """The name the user sees, in their language."""
        return self.filename()

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    def write(self, stream):
        write_workbook(stream, self.sheets())

    def response(self) -> HttpResponse:
        return xlsx_response(filename=self.filename(), download_name=self.download_name(), write=self.write)


def write_workbook(stream, sheets: Iterable[Sheet]):
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet_title(sheet.title)), sheet)
    if not workbook.worksheets:  # a workbook without a sheet will not open in Excel
        workbook.create_sheet()
    workbook.save(stream)


def _write_sheet(worksheet, sheet):
    # A write-only sheet writes its views and columns before the first row: set them first.
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.append([_header_cell(worksheet, column.header) for column in sheet.columns])
    last_row = 1
    try:
        for row in sheet.rows:
            # strict: a row that does not match the columns is the exporter's bug, not something to hide.
            cells = zip(row, sheet.columns, strict=True)
            worksheet.append([excel_value(worksheet, value, column.number_format) for value, column in cells])
            last_row += 1
    except Exception:
        # Finish the half-written sheet now; left to the garbage collector, openpyxl writes to a file
        # it has already closed and prints an "Exception ignored" traceback over the real error.
        worksheet.close()
        raise
    if sheet.columns:
        # Known only now that the rows are written; a write-only sheet writes the filter last.
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{last_row}"


def _header_cell(worksheet, header):
    cell = WriteOnlyCell(worksheet, value=clean_text(str(header)))
    cell.data_type = "s"
    cell.font = _BOLD
    return cell


def excel_value(worksheet, value, number_format=None):
    """What to append for `value`: text as a text cell, dates as dates with a number format."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return text_cell(worksheet, value)
    if isinstance(value, datetime):  # before `date`: a datetime is a date too
        return _formatted_cell(worksheet, excel_datetime(value), number_format or DATETIME_FORMAT)
    if isinstance(value, date):
        return _formatted_cell(worksheet, value, number_format or DATE_FORMAT)
    if value is not None and number_format:
        return _formatted_cell(worksheet, value, number_format)
    return value


def excel_datetime(value: datetime) -> datetime:
    """Excel has no time zones (openpyxl refuses aware values): write Beijing time, the portal's."""
    if timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    return value


def clean_text(value: str) -> str:
    """`value` without the control characters an Excel file cannot hold (openpyxl would raise)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def text_cell(worksheet, value: str):
    """`value` as plain text, whatever it starts with: a bare string where openpyxl already writes
    text (most cells, and much faster), a text cell where it would make a formula or an error."""
    text = clean_text(value)
    if not looks_like_formula(text) and text not in ERROR_CODES:
        return text
    cell = WriteOnlyCell(worksheet, value=text)
    # openpyxl makes "=…" a formula and "#N/A" an error; we want the text the user typed.
    cell.data_type = "s"
    if looks_like_formula(text):
        # Excel's "quote prefix": the cell stays text even when someone edits it and presses Enter.
        cell.quotePrefix = True
    return cell


def _formatted_cell(worksheet, value, number_format):
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = number_format
    return cell


def sheet_title(title) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    cleaned = _BAD_SHEET_TITLE.sub(" ", clean_text(str(title))).strip(" '")
    return cleaned[:31] or "Sheet"


def xlsx_response(*, filename, download_name, write) -> HttpResponse:
    """An attachment response holding what `write(stream)` writes."""
    stream = BytesIO()
    write(stream)
    response = HttpResponse(stream.getvalue(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, download_name)
    return response
