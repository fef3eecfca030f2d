"""Building and converting actor knowledge: CAMEO codes, PETRARCH dictionaries, the KB table format."""
