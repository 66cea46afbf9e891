"""The step modules, one per step; the catalogue finds every module in this package."""
