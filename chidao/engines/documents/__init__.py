"""Renderers of the report model (chidao.core.documents.model) in the format of Decree 30/2020.

- `docx.render_docx(document)`: the editable Word file (python-docx), Times New Roman named in the file;
- `pdf.render_pdf(document)`: the PDF (fpdf2) with the vendored Liberation Serif embedded (metric-compatible
  with Times New Roman), whose Vietnamese text extracts exactly;
- `annexes.render_xlsx(document)`: every table of the document as a workbook (one sheet per table or annex);
- `charts.chart_png(chart)`: a chart of the model as a PNG (matplotlib, Agg), used by both renderers.

The presentation rules the DOCX and PDF share (page, margins, sizes, indents) live in `decree30`. Nothing here
imports the modules above on package import: each renderer pulls in its own library when it is used.
See docs/platform/documents.md.
"""
