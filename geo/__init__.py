"""Geography: CBS boundary files per year, region membership, municipality identity, CRS helpers."""
