"""The browser dashboard's views: browsing (list, detail, history), editing, API tokens."""
