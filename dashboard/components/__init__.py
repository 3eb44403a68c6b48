"""Pure functions: data in, Dash component (or figure) out."""
