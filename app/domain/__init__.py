"""The pure core: the bracketed-text tree, its parser and renderer, clean text and statistics."""
