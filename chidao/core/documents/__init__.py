"""Official documents as data: the report model, numbering and dating lines (Decree 30/2020), and the builders of
the meeting briefing and the urging letter. Pure: figures, dates and profiles are passed in."""
