"""Tables as users hand them in (CSV/XLSX, any Dutch Excel encoding), bounded, as text cells with
their spreadsheet row numbers, and the cleaning of invisible characters from them.

The ground floor: it knows no domain (no inventory, municipality or region), so every package that
reads a user's table (``inventory``, ``geo.regionsets``, ``analysis.ratings``, ``analysis.zorgkantoren``)
uses it without reaching up.
"""
