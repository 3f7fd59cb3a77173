"""The forms that the web pages, the JSON API and the import all validate with."""
