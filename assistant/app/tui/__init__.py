"""The terminal UI (Textual). Nothing in the core imports this package."""
