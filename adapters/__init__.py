"""The edges of gongkai: persistence, HTTP, command line, calendar data."""
