"""chroma's Python server, able to read Tally's collections: the one to run for a token.

`chroma run` (chromadb's Rust server) has no authentication. chroma's Python server has
(its token provider), but it rebuilds each collection's embedding function by name, so it
must know Tally's: importing store.embeddings registers it. Run it with uvicorn (and
fastapi installed), e.g.

    CHROMA_SERVER_AUTHN_PROVIDER=chromadb.auth.token_authn.TokenAuthenticationServerProvider
    CHROMA_SERVER_AUTHN_CREDENTIALS=<token> IS_PERSISTENT=TRUE PERSIST_DIRECTORY=<folder>
    uvicorn store.chroma_app:app --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

from chromadb.app import app

import store.embeddings  # noqa: F401  (registers Tally's embedding function with chromadb)

__all__ = ["app"]
