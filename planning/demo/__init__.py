"""Demo data for `make run`: a clinic, its people, and (per area module) realistic records."""
