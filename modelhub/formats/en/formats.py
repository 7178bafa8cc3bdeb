# Same dates as modelhub/web/display.py (DATE_FORMAT "%-d %b %Y"); times are UTC (TIME_ZONE).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
