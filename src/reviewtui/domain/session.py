"""The session document (table `session` of a schema-1 file): who, what and when, written once."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from reviewtui.domain.basics import series_key
from reviewtui.domain.ids import check_session_id
from reviewtui.domain.values import Text, UtcInstant

SCHEMA = 1
"""The on-disk format this version reads and writes. A change of format means a new number."""

SessionId = Annotated[str, AfterValidator(check_session_id)]


class SessionInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    schema_version: Literal[1] = Field(default=1, alias="schema")  # SCHEMA
    id: SessionId
    title: Text
    template: Text
    series: str | None = None
    created_at: UtcInstant
    facilitator: Text

    def document(self) -> dict[str, Any]:
        """The JSON document as written to disk (`schema`, not the Python-side name)."""
        return self.model_dump(mode="json", by_alias=True)

    @property
    def series_key(self) -> str | None:
        return series_key(self.series)
