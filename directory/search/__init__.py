"""Finding listings: the search form and query, the text index, facets and refinements."""
