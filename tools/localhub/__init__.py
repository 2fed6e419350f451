"""localhub: a local Hugging Face Hub for tests (see README.md)."""
