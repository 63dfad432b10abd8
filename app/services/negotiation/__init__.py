"""The negotiation itself: proposals, positions, the chair's decisions, revisions; each write returns a `Change`."""
