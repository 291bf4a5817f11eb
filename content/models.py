"""The library: psychoeducation, glossary, coping techniques, scripts and step templates."""
