"""The exporter base every Excel export of the portal is written with."""

import datetime
from io import BytesIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from common.xlsx import (
    CONTENT_TYPE,
    Column,
    Sheet,
    XlsxExporter,
    clean_text,
    content_disposition,
    looks_like_formula,
    sheet_title,
    write_workbook,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _written(*sheets):
    stream = BytesIO()
    write_workbook(stream, sheets)
    stream.seek(0)
    return load_workbook(stream)


def _one_column(values, **column):
    """The cells below the header of a one-column sheet holding `values`."""
    workbook = _written(Sheet("T", [Column("Value", **column)], ([value] for value in values)))
    return [row[0] for row in workbook.active.iter_rows(min_row=2)]


# --- Text that must stay text ---------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil.example","点我")', "=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_it_sees_what_a_spreadsheet_would_run(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["示范区第一小学", "1+1", "a=b", "（=）", ""])
def test_it_leaves_ordinary_text_alone(text):
    assert not looks_like_formula(text)


def test_it_drops_the_control_characters_excel_cannot_hold():
    assert clean_text("响\x07铃\x00小\x1b学") == "响铃小学"
    assert clean_text("第一行\n第二行\t完") == "第一行\n第二行\t完"  # line breaks and tabs are fine


def test_text_that_looks_like_a_formula_is_written_as_text():
    cells = _one_column(DANGEROUS)
    # An XML reader turns the carriage return into a line feed; the cell is text all the same.
    expected = [(text.replace("\r", "\n"), "s") for text in DANGEROUS]
    assert [(cell.value, cell.data_type) for cell in cells] == expected
    # Excel's quote prefix keeps it text even when someone edits the cell.
    assert all(cell.quotePrefix for cell in cells)


def test_text_that_looks_like_an_error_is_written_as_text():
    [cell] = _one_column(["#N/A"])
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_a_control_character_does_not_stop_the_export():
    [bell, hidden] = _one_column(["铃\x07声", "\x07=1+1"])
    assert (bell.value, bell.data_type) == ("铃声", "s")
    assert (hidden.value, hidden.data_type, hidden.quotePrefix) == ("=1+1", "s", True)


def test_ordinary_text_gets_no_quote_prefix():
    [cell] = _one_column(["示范区第一小学"])
    assert (cell.value, cell.quotePrefix) == ("示范区第一小学", False)


# --- Dates, numbers, empty cells ------------------------------------------------------------------


def test_an_aware_datetime_is_written_in_beijing_time():
    utc = datetime.datetime(2026, 5, 19, 6, 2, tzinfo=datetime.UTC)
    [cell] = _one_column([utc])
    assert cell.value == datetime.datetime(2026, 5, 19, 14, 2)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm"


def test_a_date_is_a_real_date():
    [cell] = _one_column([datetime.date(2026, 5, 20)])
    assert cell.value == datetime.datetime(2026, 5, 20)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


def test_a_column_may_choose_its_number_format():
    [when, ratio] = _one_column(
        [datetime.datetime(2026, 5, 20, 23, 59, tzinfo=SHANGHAI), 0.5], number_format="0.0%"
    )
    assert when.number_format == "0.0%"
    assert (ratio.value, ratio.number_format) == (0.5, "0.0%")


def test_none_leaves_the_cell_empty_and_numbers_stay_numbers():
    [empty, number] = _one_column([None, 42])
    assert empty.value is None
    assert (number.value, number.data_type) == (42, "n")


def test_a_row_that_does_not_match_the_columns_is_refused():
    with pytest.raises(ValueError):
        _written(Sheet("T", [Column("A"), Column("B")], [["only one"]]))


# --- The sheet ------------------------------------------------------------------------------------


def test_the_header_is_bold_frozen_and_filtered_and_columns_have_widths():
    sheet = Sheet("学校", [Column("代码", width=10), Column("名称", width=30)], [["S1", "甲"], ["S2", "乙"]])
    worksheet = _written(sheet)["学校"]
    assert [cell.value for cell in worksheet[1]] == ["代码", "名称"]
    assert all(cell.font.b for cell in worksheet[1])
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:B3"
    assert worksheet.column_dimensions["A"].width == 10
    assert worksheet.column_dimensions["B"].width == 30


def test_rows_may_come_from_a_generator_and_lazy_headers_are_read_when_written():
    from django.utils.translation import gettext_lazy, override

    rows = (["S1"] for _ in range(3))
    with override("zh-hans"):
        worksheet = _written(Sheet("T", [Column(gettext_lazy("School code"))], rows)).active
    assert worksheet["A1"].value == "学校代码"
    assert worksheet.max_row == 4


def test_several_sheets_and_none_at_all():
    workbook = _written(Sheet("一", [Column("A")], []), Sheet("二", [Column("B")], []))
    assert workbook.sheetnames == ["一", "二"]
    assert len(_written().sheetnames) == 1  # Excel will not open a workbook without a sheet


@pytest.mark.parametrize(
    ("title", "expected"),
    [("2026/05 检查[第1轮]", "2026 05 检查 第1轮"), ("x" * 40, "x" * 31), ("", "Sheet"), ("?*:", "Sheet")],
)
def test_a_sheet_title_is_one_excel_accepts(title, expected):
    assert sheet_title(title) == expected


# --- The download ---------------------------------------------------------------------------------


class _Schools(XlsxExporter):
    def filename(self):
        return "schools.xlsx"

    def download_name(self):
        return "学校名单 2026/05.xlsx"

    def sheets(self):
        yield Sheet("学校", [Column("名称")], [["=1+1"]])


def test_an_exporter_answers_with_an_attachment():
    response = _Schools().response()
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == (
        "attachment; filename=\"schools.xlsx\"; filename*=UTF-8''" + quote("学校名单 2026_05.xlsx")
    )
    cell = load_workbook(BytesIO(response.content)).active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_the_ascii_filename_cannot_break_the_header():
    header = content_disposition('a"b;\r\nc.xlsx', '名"称\r\n.xlsx')
    assert header == "attachment; filename=\"a_b_c.xlsx\"; filename*=UTF-8''" + quote("名_称_.xlsx")
