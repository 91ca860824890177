"""One reader per input kind; each returns a ``RawDocument`` of blocks."""
