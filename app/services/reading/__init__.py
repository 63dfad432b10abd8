"""What people read: typed read models of documents and sets, the page models, redlines, reports, statistics."""
