"""The POST an editor's browser sends on pressing Save in an admin edit form, changing nothing.

Plain fields are read from the rendered form as a browser submits them. StreamFields render as
an empty element carrying their value as JSON for the admin's JavaScript; that value is turned
into the fields the script would post, so the round trip goes through the form as rendered.
"""

import json

from bs4 import BeautifulSoup
from django.http import QueryDict
from wagtail.test.utils.form_data import nested_form_data, streamfield


def unchanged_post(html: str, form_id: str) -> QueryDict:
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = QueryDict(mutable=True)
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or "__prefix__" in name or field.find_parent("template"):
            continue  # unnamed, or the template for a new inline form
        if field.name == "textarea":
            # A browser drops the newline that follows <textarea>; the parser keeps it.
            data.appendlist(name, field.get_text().removeprefix("\n").replace("\n", "\r\n"))
        elif field.name == "select":
            for option in field.find_all("option", selected=True):
                data.appendlist(name, option.get("value", option.get_text()))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.appendlist(name, field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.appendlist(name, field.get("value", ""))
    for element in form.select("[data-block][data-w-block-arguments-value]"):
        if "__prefix__" in element["id"]:
            continue
        state, _errors = json.loads(element["data-w-block-arguments-value"])
        items = [(child["type"], _field_values(child["value"])) for child in state]
        for key, value in nested_form_data({element["id"]: streamfield(items)}).items():
            if value is not None:
                data[key] = value
    return data


def _field_values(value):
    """A struct block's form state as posted: chooser ids, ticked boxes as "on", unticked left out."""
    if isinstance(value, dict) and "id" in value:
        return str(value["id"])
    if isinstance(value, dict):
        return {key: _field_values(child) for key, child in value.items()}
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], dict | list):
        return str(value[0])  # a choice block's select holds its value as a one-item list
    if isinstance(value, bool):
        return "on" if value else None
    return "" if value is None else str(value)
