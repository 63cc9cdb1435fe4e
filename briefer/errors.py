"""Domain errors. The CLI turns each into one line on stderr and its exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class BrieferError(Exception):
    """Base of every error a user can cause or meet; carries its exit code."""

    exit_code = EXIT_FAILURE


class InputError(BrieferError):
    """The input cannot be read as an article: missing, binary, empty, too large."""

    exit_code = EXIT_USAGE


class FetchError(BrieferError):
    """A URL could not be fetched: refused, timed out, an HTTP error, too many redirects."""

    exit_code = EXIT_FAILURE


class OutputError(BrieferError):
    """The memo cannot be written where -o points."""

    exit_code = EXIT_USAGE


class ConfigError(BrieferError):
    """A setting, flag combination, config file or template folder is wrong."""

    exit_code = EXIT_USAGE


class EngineError(BrieferError):
    """The model endpoint failed or answered with something unusable."""

    exit_code = EXIT_FAILURE


class CostLimitError(BrieferError):
    """The run's estimated cost exceeds --max-cost; nothing was sent."""

    exit_code = EXIT_USAGE
