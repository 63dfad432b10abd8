"""Files in and out: bracketed and clean text, Word, Akoma Ntoso, sponsor notes, JSON backup and restore."""
