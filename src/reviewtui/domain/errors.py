"""The one exception type every layer raises for a failure a user should read as a sentence."""

from reviewtui.domain.safe_text import visible


class ReviewtuiError(Exception):
    """A failure with a message fit to show a user as is (no traceback).

    Messages often quote what was typed or what a file held: they are drawn visibly (no
    control character ever reaches the terminal that shows them, DESIGN.md)."""

    def __str__(self) -> str:
        return visible(super().__str__())


class InvalidInput(ReviewtuiError):
    """A value a person typed or a file held that does not fit; the message names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = visible(field)
        self.problem = visible(problem)
        super().__init__(f"{self.field}: {self.problem}")


_OS_WORDS = {
    28: "the disk is full",  # ENOSPC
    122: "the disk quota is used up",  # EDQUOT
    13: "permission is denied",  # EACCES
    1: "the operation is not permitted",  # EPERM
    30: "the file system is read-only",  # EROFS
    2: "it does not exist",  # ENOENT
    36: "the file name is too long",  # ENAMETOOLONG
    40: "it is a loop of symbolic links",  # ELOOP
}


def os_error_words(error: OSError) -> str:
    """An OSError as the end of a sentence a person reads: 'the disk is full (sessions/x.json)'.
    Never "No space left on device: None" (an error without a file name)."""
    words = _OS_WORDS.get(error.errno or 0) or (error.strerror or str(error) or type(error).__name__).lower()
    where = error.filename
    return visible(f"{words} ({where})" if where else words)
