"""Streamlit layout pieces that a page delegates to (widgets allowed here, unlike kirollout/)."""
