"""Tally's storage layer: reports, claims and flags in chromadb, embedded offline."""

from store.chroma import ClaimStore, RelatedClaim
from store.embeddings import UsemEmbeddingFunction, default_embedder
from store.location import StoreLocation, open_store, resolve_location

__all__ = [
    "ClaimStore",
    "RelatedClaim",
    "StoreLocation",
    "UsemEmbeddingFunction",
    "default_embedder",
    "open_store",
    "resolve_location",
]
