"""Folium layer builders: each takes (Geo)DataFrames and returns a folium object."""
