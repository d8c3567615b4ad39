"""Where the facts are computed: the records, the one rollout rule and its bounds, the fact
model of every centre (facts.py), the funding model, the edition. Data in, data out: no words,
no markup, no Streamlit (tests/test_architecture.py)."""
