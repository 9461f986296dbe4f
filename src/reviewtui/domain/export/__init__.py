"""Exports of a review as of some event: Markdown minutes, a JSON document, a CSV of action items."""

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.json_doc import HistoryPoint, json_document
from reviewtui.domain.export.markdown import minutes

FORMATS = ("md", "json", "csv")

__all__ = ["FORMATS", "HistoryPoint", "actions_csv", "json_document", "minutes"]
