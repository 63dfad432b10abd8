"""The HTML pages and the htmx fragments they swap, over the same services as the API."""
