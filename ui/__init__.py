"""Small Streamlit widget helpers shared by pages (pages stay thin; logic stays in kirollout/)."""
