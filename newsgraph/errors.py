"""How library errors reach a user: one line and a non-zero exit, never a traceback."""
from __future__ import annotations

import functools
import sys
from typing import Callable

import click

from extract.lexicon import LexiconError
from extract.reader import ReadError
from graph.records import RecordError
from graph.store import StoreError


def friendly(fn: Callable) -> Callable:
    """Library errors become one line and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from queries.named import QueryError

        try:
            return fn(*args, **kwargs)
        except (StoreError, ReadError, RecordError, LexiconError, QueryError) as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A file or folder the command was told to write or read: the OS says why it cannot.
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:
            # Only a command that loaded the pipeline (and spaCy, a second to import) can raise its error.
            pipeline = sys.modules.get("extract.pipeline")
            if pipeline is not None and isinstance(exc, pipeline.ModelError):
                raise click.ClickException(str(exc)) from None
            raise
        except KeyboardInterrupt:
            raise click.ClickException("Interrupted; nothing of the current batch was written.") from None

    return wrapper
