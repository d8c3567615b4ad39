"""KI-Rollout NRW: data, rollout logic, maps and exports for the dashboard.

Plain functions without Streamlit widgets, so tests and scripts can call them directly.
"""
