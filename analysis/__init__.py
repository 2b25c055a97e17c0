"""Analysis on accepted projects: the project x gemeente join, filters, aggregation, gaps."""
