import os

# Playwright runs an event loop in the test thread; Django's live-server tests then
# touch the ORM from that thread, which Django refuses unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
