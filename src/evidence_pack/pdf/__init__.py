"""The evidence PDF: layout with reportlab, fitting to a platform's budget, appended documents made inert."""
