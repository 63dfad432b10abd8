"""Documents as a whole: the catalogue, and importing drafts (text, Word) with a preview first."""
