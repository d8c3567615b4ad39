"""Where every output renders the fact model: the words (i18n.py, wording.py), the app's panel
lines (details.py), the PDFs and the DOCX, the public edition, maps, PNG, video, charts, downloads
and the data report. Renderers read kirollout.model; nothing here computes a fact of its own."""
