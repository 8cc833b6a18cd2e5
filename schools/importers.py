"""Read a school list from an Excel sheet, checking every row before anything is written.

The first row holds headers (Chinese or English, any order); each later non-empty row is a school.
A problem is reported with its row number as Excel shows it, so the user can find and fix it.
"""

import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from .enums import SchoolKind
from .validators import normalise_phone, validate_phone

MAX_ROWS = 5000

# Column key → (label shown in the template, other spellings accepted on import).
COLUMNS = {
    "code": (gettext_lazy("School code"), {"学校代码", "代码", "school code", "code"}),
    "name": (gettext_lazy("School name"), {"学校名称", "名称", "school name", "name"}),
    "kind": (gettext_lazy("Kind"), {"学段类型", "类型", "学校类型", "kind"}),
    "address": (gettext_lazy("Address"), {"地址", "学校地址", "address"}),
    "principal_name": (gettext_lazy("Principal"), {"校长", "校长姓名", "principal"}),
    "phone": (gettext_lazy("Phone"), {"联系电话", "电话", "phone"}),
    "reopened": (gettext_lazy("Reopened"), {"是否复学", "已复学", "复学", "reopened"}),
}
REQUIRED = ("code", "name", "kind")
_TRUE = {"是", "已复学", "y", "yes", "true", "1"}
_FALSE = {"否", "未复学", "n", "no", "false", "0"}


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _kind_lookup():
    lookup = {}
    for value, label in SchoolKind.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    # Chinese names always work, whatever language the importing user has chosen.
    lookup.update({
        "幼儿园": "kindergarten", "小学": "primary", "初中": "junior", "初级中学": "junior",
        "高中": "senior", "高级中学": "senior", "完全中学": "complete",
        "九年一贯制": "nine_year", "九年一贯制学校": "nine_year", "中职": "vocational",
        "中等职业学校": "vocational", "特殊教育": "special", "特殊教育学校": "special",
    })  # fmt: skip
    return lookup


def _header_map(header_row):
    aliases = {}
    for key, (label, spellings) in COLUMNS.items():
        for spelling in {*spellings, str(label)}:
            aliases[spelling.strip().lower()] = key
    found = {}
    for index, cell in enumerate(header_row):
        key = aliases.get(str(cell or "").strip().lower())
        if key and key not in found:
            found[key] = index
    return found


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(number, values, columns, kinds, errors):
    """One school's fields, or None after adding the row's problems to `errors`."""
    row = {key: _text(values[index]) if index < len(values) else "" for key, index in columns.items()}
    problems = []
    for key in REQUIRED:
        if not row.get(key):
            problems.append(_("%(column)s is empty") % {"column": COLUMNS[key][0]})
    kind = kinds.get(row.get("kind", "").lower())
    if row.get("kind") and kind is None:
        problems.append(_("unknown kind “%(kind)s”") % {"kind": row["kind"]})
    reopened_text = row.get("reopened", "").lower()
    if reopened_text and reopened_text not in _TRUE | _FALSE:
        problems.append(_("“Reopened” must be 是 or 否, not “%(value)s”") % {"value": row["reopened"]})
    phone = normalise_phone(row.get("phone", ""))
    try:
        validate_phone(phone)
    except ValidationError as error:
        problems.extend(error.messages)
    for name, limit in (("code", 20), ("name", 100), ("address", 200), ("principal_name", 50)):
        if len(row.get(name, "")) > limit:
            problems.append(_("%(column)s is too long") % {"column": COLUMNS[name][0]})
    if problems:
        errors.append(_("Row %(row)s: %(problems)s") % {"row": number, "problems": "；".join(problems)})
        return None
    return {
        "code": row["code"], "name": row["name"], "kind": kind,
        "address": row.get("address", ""), "principal_name": row.get("principal_name", ""),
        "phone": phone, "reopened": reopened_text not in _FALSE,
    }  # fmt: skip


def read_schools(file) -> ImportResult:
    """Parse an uploaded .xlsx into rows ready for `services.schools_import`, or errors."""
    result = ImportResult()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        result.errors.append(_("The file is not a valid Excel workbook (.xlsx)."))
        return result
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    columns = _header_map(next(rows, ()))
    missing = [str(COLUMNS[key][0]) for key in REQUIRED if key not in columns]
    if missing:
        result.errors.append(
            _("Missing columns in the first row: %(columns)s") % {"columns": "、".join(missing)}
        )
        return result
    kinds, seen = _kind_lookup(), {}
    for number, values in enumerate(rows, start=2):
        if not any(_text(v) for v in values):
            continue
        if number - 1 > MAX_ROWS:
            result.errors.append(_("Too many rows: at most %(max)s schools per file.") % {"max": MAX_ROWS})
            break
        row = _parse_row(number, values, columns, kinds, result.errors)
        if row is None:
            continue
        if row["code"] in seen:
            result.errors.append(
                _("Row %(row)s: school code %(code)s is already used in row %(first)s")
                % {"row": number, "code": row["code"], "first": seen[row["code"]]}
            )
            continue
        seen[row["code"]] = number
        result.rows.append(row)
    workbook.close()
    if not result.rows and not result.errors:
        result.errors.append(_("The sheet has no school rows."))
    return result


def template_workbook(stream):
    """Write an empty import sheet with the headers and one example row to `stream`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Schools"))
    sheet.append([str(label) for label, _spellings in COLUMNS.values()])
    sheet.append(["S001", "示范区第一小学", "小学", "示范路1号", "王校长", "010-62345678", "是"])
    workbook.save(stream)
