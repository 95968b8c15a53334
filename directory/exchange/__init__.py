"""Data in and out: spreadsheets, the CSV import, HSDS packages and the demo data."""
