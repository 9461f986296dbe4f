"""The one exception type every layer raises for a failure a user should read as a sentence."""


class ReviewtuiError(Exception):
    """A failure with a message fit to show a user as is (no traceback)."""


class InvalidInput(ReviewtuiError):
    """A value a person typed or a file held that does not fit; the message names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")
