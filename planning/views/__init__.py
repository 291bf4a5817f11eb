"""Views, one module per audience. Each view that takes an id calls planning.access first."""
