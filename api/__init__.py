"""The open data and integration API: a public read API of events and the directory, and a
staff API with personal tokens, both under /api/v1/ and described by one OpenAPI schema."""
