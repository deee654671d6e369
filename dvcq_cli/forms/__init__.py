"""Spreadsheet forms: a unit's self-assessment as an .xlsx made from the plan, and back.

- `layout`: which sheet, row and column holds which field: one table, derived from the
  assessment's spec in `model.py` and from the plan, that both directions follow;
- `workbook`: writes the form (openpyxl);
- `reader`: opens a filled form (or says why it cannot), reads its cells;
- `cells`: what a cell's value means for its column (numbers stored as text, dates…);
- `importer`: cells → the YAML a person would have written, checked by the same loader,
  specs and rules as `dvcq check`, problems placed at `Sheet!C7`;
- `assessment_text`: a checked assessment as the file written into the workspace.
"""
