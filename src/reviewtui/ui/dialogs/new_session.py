"""Start a session: title, template, series (an existing one or a new one), facilitator, participants."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reviewtui.application.sessions import create_session
from reviewtui.domain.basics import series_key
from reviewtui.domain.errors import InvalidInput, ReviewtuiError
from reviewtui.domain.summary import SessionSummary
from reviewtui.domain.templates import DEFAULT_TEMPLATE, TEMPLATES, Parameter, get_template
from reviewtui.store import SessionStore
from reviewtui.ui.widgets.field import ChoiceField, Field


def template_choices() -> list[tuple[str, str]]:
    """Every template a session can start from (the team's own too, once read), as offered."""
    return [(f"{t.name}: {t.description}" if t.description else t.name, t.id) for t in TEMPLATES.values()]


def _parameters() -> dict[str, Parameter]:
    """Every parameter any template asks for, once each by name: a field for each, shown for the
    templates that have it."""
    found: dict[str, Parameter] = {}
    for template in TEMPLATES.values():
        for parameter in template.parameters:
            found.setdefault(parameter.name, parameter)
    return found


class NewSessionDialog(ModalScreen[str | None]):
    """Returns the new session's id, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("ctrl+s", "create", "Start", priority=True)]

    def __init__(
        self,
        store: SessionStore,
        facilitator: str,
        sessions: Sequence[SessionSummary] = (),
        *,
        series: str = "",
        template: str = DEFAULT_TEMPLATE,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.facilitator = facilitator
        self.sessions = list(sessions)
        """The listing (newest first): the series to complete from and what each would carry."""
        self.series_default = series
        self.template_default = template
        # One suggestion per series however its sessions spelled it: the newest spelling.
        named: dict[str, str] = {}
        for summary in self.sessions:
            key = series_key(summary.series)
            if key is not None:
                named.setdefault(key, " ".join((summary.series or "").split()))
        self.series = sorted(named.values(), key=str.casefold)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label(Content.styled("New review", "bold"), classes="dialog-title")
            yield Field("Title", name="title", placeholder="e.g. Q4 Growth Review")
            yield ChoiceField(
                "Template", template_choices(), name="template", value=self.template_default, allow_blank=False
            )
            yield Field(
                "Series",
                name="series",
                suggestions=self.series,
                value=self.series_default,
                placeholder="an existing series (→ completes) or a new name; empty for none",
            )
            yield Static(classes="carry-preview dialog-help")
            yield Field("Facilitator", name="facilitator", value=self.facilitator)
            yield Field("Participants", name="participants", placeholder="names, separated by commas")
            for parameter in _parameters().values():
                yield Field(
                    parameter.label, name=f"param-{parameter.name}", placeholder=parameter.help, classes="parameter"
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start the review (ctrl+s)", id="create", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
            if self.series:
                yield Static(
                    Content.styled("Series so far: " + ", ".join(self.series), "$text-muted"), classes="dialog-help"
                )

    def on_mount(self) -> None:
        self._show_parameters(self.template_default)
        self._preview(self.series_default)
        self.query_one(".f-title", Field).focus()

    @on(Input.Changed, ".f-series Input")
    def _series_typed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, series: str) -> None:
        """Say what a session in this series will start from: nothing is carried silently."""
        key = series_key(series)
        latest = next((s for s in self.sessions if key and series_key(s.series) == key), None)
        preview = self.query_one(".carry-preview", Static)
        preview.display = latest is not None
        if latest is not None:
            preview.update(
                Content.assemble(
                    ("Starts from ", "$text-muted"),
                    (latest.title, "bold"),
                    (f" ({latest.created_at[:10]}): ", "$text-muted"),
                    f"{latest.objectives} objectives, {latest.kpis} KPIs with their last readings, "
                    f"{latest.open_actions} open actions to review at check-in.",
                )
            )

    def _show_parameters(self, template_id: str) -> None:
        wanted = {p.name for p in get_template(template_id).parameters}
        for field in self.query(".parameter").results(Field):
            field.display = (field.name or "").removeprefix("param-") in wanted

    @on(ChoiceField.Committed)
    def _template(self, event: ChoiceField.Committed) -> None:
        event.stop()
        event.field.saved(event.value)
        self._show_parameters(event.value or DEFAULT_TEMPLATE)

    @on(Field.Committed)
    def _field(self, event: Field.Committed) -> None:
        event.stop()  # nothing exists yet: fields are checked together when the review starts
        event.field.saved(event.value)

    @on(Button.Pressed, "#create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _value(self, name: str) -> str:
        return self.query_one(f".f-{name}", Field).value

    def action_create(self) -> None:
        for field in self.query(Field):
            field.reject(None)
        template = self.query_one(".f-template", ChoiceField).value or DEFAULT_TEMPLATE
        participants = [name.strip() for name in self._value("participants").split(",") if name.strip()]
        parameters = {
            p.name: self._value(f"param-{p.name}")
            for p in get_template(template).parameters
            if self._value(f"param-{p.name}").strip()
        }
        try:
            log = create_session(
                self.store,
                self._value("title"),
                template=template,
                series=self._value("series"),
                facilitator=self._value("facilitator"),
                participants=participants,
                parameters=parameters,
            )
        except InvalidInput as problem:
            self._show_problem(problem)
            return
        except ReviewtuiError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        self.dismiss(log.info.id)

    def _show_problem(self, problem: InvalidInput) -> None:
        name = {"parameter": "title"}.get(problem.field, problem.field)
        fields = {f.name: f for f in self.query(Field)}
        field = fields.get(name) or fields.get(f"param-{name}") or fields["title"]
        field.reject(problem.problem if field.name == name or field.name == f"param-{name}" else str(problem))
        field.focus()
