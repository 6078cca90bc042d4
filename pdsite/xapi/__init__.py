"""xAPI: statements about what teachers watched and completed, sent to a Learning Record Store
from an outbox table (issue #16)."""
