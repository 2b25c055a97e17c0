"""Exports: tables (CSV/XLSX, formula-safe), standalone HTML maps, static images."""
