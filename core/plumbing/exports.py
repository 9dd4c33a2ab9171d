"""Every spreadsheet the admin exports is safe to open and reads right.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is run as
a formula by spreadsheet programs: a condition named `=HYPERLINK(...)` would become a live link
in whoever opens the export. Such a cell gets a leading apostrophe, which spreadsheet programs
show as text and hide. CSV files say they are UTF-8 and start with a byte-order mark, without
which Excel reads curly apostrophes as two strange characters.

Every admin export (our reports, snippet listings, and Wagtail's own reports such as Aging pages
and Site history) goes through Wagtail's SpreadsheetExportMixin, so that one class is wrapped,
once, when the core app starts: a mixin on our views alone would leave Wagtail's reports open.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made plain text. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def make_exports_safe(mixin=SpreadsheetExportMixin) -> None:
    if getattr(mixin, "exports_made_safe", False):
        return
    preprocess = mixin.preprocess_field_value
    stream_csv = mixin.stream_csv
    write_csv_response = mixin.write_csv_response

    def safe_preprocess_field_value(self, field, value, export_format):
        return neutralise(preprocess(self, field, value, export_format))

    def stream_csv_with_bom(self, queryset):
        yield BYTE_ORDER_MARK.encode()
        yield from stream_csv(self, queryset)

    def utf8_csv_response(self, queryset):
        response = write_csv_response(self, queryset)
        response["Content-Type"] = CSV_CONTENT_TYPE
        return response

    mixin.preprocess_field_value = safe_preprocess_field_value
    mixin.stream_csv = stream_csv_with_bom
    mixin.write_csv_response = utf8_csv_response
    mixin.exports_made_safe = True
