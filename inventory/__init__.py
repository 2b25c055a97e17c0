"""The project inventory: taxonomy, schema, reading CSV/XLSX, row validation, demo generator."""
