"""Infrastructure: caches, rate limits, database routing, health and system checks."""
