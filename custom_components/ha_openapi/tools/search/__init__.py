"""Finding entities: free-text search with filters, over an index of the home."""

from . import search_entities

__all__ = ["search_entities"]
