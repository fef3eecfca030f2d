"""Resolution of names found in text: places (gazetteer.py, places.py)."""
